"""How well the model carries over to statements unlike its training rows: leave one batch out.

    python -m training.by_group [--data FILE] [--model MODEL]

Rows are grouped by the prefix of their id (``ua-0001`` → ``ua``; each batch was written
from one kind of source). For each group, a model with the bundled model's settings is
trained on every other group and scored on that one. This is a harder, more honest
estimate than shuffled cross-validation, whose folds share phrasings across batches.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sklearn.base import clone
from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict

import stance
from stance.errors import LabelFileError, ModelFileError
from stance.labels import LABELS, read_labelled
from stance.metrics import score
from stance.model import StanceModel

from .train import DEFAULT_DATA


def group_of(row_id: str) -> str:
    """The batch a row belongs to: its id up to the last '-'."""
    return row_id.rsplit("-", 1)[0] if "-" in row_id else row_id


def leave_one_group_out(model: StanceModel, texts: list[str], labels: list[str], groups: list[str]) -> dict[str, dict]:
    """Metrics per held-out group (a clone of `model` fitted on all other groups), plus 'all' for the pooled held-out predictions."""
    if len(set(groups)) < 2:
        raise ValueError(f"need at least two groups of rows to hold one out, found {sorted(set(groups))}")
    predicted = cross_val_predict(clone(model), texts, labels, groups=groups, cv=LeaveOneGroupOut())
    results = {}
    for group in sorted(set(groups)):
        held_out = [i for i, g in enumerate(groups) if g == group]
        results[group] = score([labels[i] for i in held_out], [predicted[i] for i in held_out], list(LABELS))
    results["all"] = score(labels, predicted, list(LABELS))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.by_group", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled corpus (default: %(default)s)")
    parser.add_argument("--model", type=Path, default=None, help="model whose settings to use (default: the bundled one)")
    args = parser.parse_args(argv)
    try:
        rows = read_labelled(args.data)
        model = stance.load_model(args.model)
    except (LabelFileError, ModelFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        results = leave_one_group_out(model, [r.text for r in rows], [r.label for r in rows], [group_of(r.id) for r in rows])
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("| held-out group | statements | accuracy | macro-F1 | " + " | ".join(f"F1 {label}" for label in LABELS) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(LABELS))
    for group, m in results.items():
        per_class = " | ".join(f"{m['per_class'][label]['f1']:.3f}" for label in LABELS)
        print(f"| {group} | {m['n']} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {per_class} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
