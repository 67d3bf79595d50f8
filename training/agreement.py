"""Inter-annotator agreement between the corpus labels and a blind re-labelling of a sample.

    python -m training.agreement [--data FILE] BLIND.csv [BLIND.csv ...]

Each BLIND file has columns id,label (more are ignored): a second annotator's labels for
corpus rows, given without the corpus labels. Prints raw agreement, Cohen's kappa, the
confusion matrix and every disagreement.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, confusion_matrix

from stance.labels import LABELS, LabelFileError, read_labelled

from .train import DEFAULT_DATA


def read_blind(path: Path) -> dict[str, str]:
    """Map id → label from a blind re-labelling file; raise LabelFileError on an unknown label or id column."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"id", "label"} <= set(reader.fieldnames):
            raise LabelFileError(path, 1, "header must have columns id and label")
        labels = {}
        for row in reader:
            if row["label"] not in LABELS:
                raise LabelFileError(path, reader.line_num, f"unknown label {row['label']!r}")
            labels[row["id"]] = row["label"]
    return labels


def agreement(gold: list[str], other: list[str]) -> dict:
    """Raw agreement, Cohen's kappa and the confusion matrix (rows: corpus, columns: blind)."""
    return {
        "n": len(gold),
        "agreement": sum(a == b for a, b in zip(gold, other)) / len(gold),
        "kappa": float(cohen_kappa_score(gold, other, labels=list(LABELS))),
        "confusion": confusion_matrix(gold, other, labels=list(LABELS)).tolist(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.agreement", description=__doc__.split("\n\n")[0])
    parser.add_argument("blind", type=Path, nargs="+", help="blind re-labelling CSV(s) with columns id,label")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled corpus (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        corpus = {row.id: row for row in read_labelled(args.data)}
        blind: dict[str, str] = {}
        for path in args.blind:
            blind.update(read_blind(path))
    except (LabelFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    missing = sorted(set(blind) - set(corpus))
    if missing:
        print(f"error: {len(missing)} blind ids are not in {args.data}: {', '.join(missing[:5])}", file=sys.stderr)
        return 1
    ids = sorted(blind)
    result = agreement([corpus[i].label for i in ids], [blind[i] for i in ids])
    print(f"{result['n']} statements re-labelled blind: agreement {result['agreement']:.3f}, Cohen's kappa {result['kappa']:.3f}")
    print("confusion (rows: corpus label, columns: blind label):")
    width = max(map(len, LABELS))
    print(" " * width + "  " + "  ".join(f"{label:>{width}}" for label in LABELS))
    for label, row in zip(LABELS, result["confusion"]):
        print(f"{label:>{width}}  " + "  ".join(f"{v:>{width}}" for v in row))
    for i in ids:
        if corpus[i].label != blind[i]:
            print(f"{i}: corpus {corpus[i].label}, blind {blind[i]}: {corpus[i].text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
