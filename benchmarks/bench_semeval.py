"""SemEval-2016 Task 6A with our training pipeline: train on train.csv, score on test.csv, print F_avg.

    python benchmarks/bench_semeval.py PATH/TO/semeval2016-stance [--jobs N] [--out DIR] [--modes prefix ignore separate]

Model selection is the same cross-validated grid as the bundled model, maximising the task's F_avg, on
train.csv only; test.csv is read once, at the end. Three ways to use the target: prepended to each tweet
(one model), ignored (one model), and one model per target (`separate`, as the organisers' baseline did, each with its own cross-validated
selection). Which way counts is chosen by out-of-fold F_avg on train.csv, never by the test score. F_avg is
the mean F1 of FAVOR and AGAINST over the whole test set (the task's official, pooled metric). The data
set's terms forbid redistribution, so it is never copied into the repository: pass its folder.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stance.evaluate import evaluate
from stance.metrics import score
from stance.model import StanceModel
from training.train import train

SVM_NGRAMS_BASELINE = 0.6898
"""The organisers' SVM-ngrams baseline, which beat all 19 participating systems."""


def _quiet(*_) -> None:
    pass


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["text", "label"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def f_avg_of(confusion: dict) -> float:
    """F_avg (mean F1 of FAVOR and AGAINST) from a confusion matrix (rows gold, columns predicted)."""
    labels, matrix = confusion["labels"], confusion["matrix"]
    f1 = []
    for label in ("FAVOR", "AGAINST"):
        k = labels.index(label)
        hits, gold, predicted = matrix[k][k], sum(matrix[k]), sum(row[k] for row in matrix)
        f1.append(2 * hits / (gold + predicted) if gold + predicted else 0.0)
    return sum(f1) / 2


def one_model(folder: Path, out: Path, mode: str, jobs: int) -> tuple[float, dict]:
    """Train one model on train.csv with the target prepended or ignored; its out-of-fold F_avg on train, and the test scores."""
    report = train(
        folder / "train.csv", out / f"semeval-{mode}.zip", out / f"semeval-{mode}-report", jobs=jobs, target_mode=mode, select_by="f_avg", log=_quiet
    )
    return f_avg_of(report["cv_metrics"]["confusion"]), evaluate(folder / "test.csv", StanceModel.load(out / f"semeval-{mode}.zip"))


def per_target_models(folder: Path, out: Path, jobs: int) -> tuple[float, dict]:
    """Train one model per target (each with its own CV selection); pooled out-of-fold F_avg on train, pooled test scores."""
    train_rows, test_rows = _rows(folder / "train.csv"), _rows(folder / "test.csv")
    gold, predicted = [], []
    pooled = {"labels": ["AGAINST", "FAVOR", "NONE"], "matrix": [[0] * 3 for _ in range(3)]}
    for k, target in enumerate(sorted({row["target"] for row in train_rows})):
        data = _write([r for r in train_rows if r["target"] == target], out / f"train-{k}.csv")
        report = train(
            data, out / f"semeval-target-{k}.zip", out / f"semeval-target-{k}-report", jobs=jobs, target_mode="ignore", select_by="f_avg", log=_quiet
        )
        confusion = report["cv_metrics"]["confusion"]
        for i, gold_label in enumerate(confusion["labels"]):
            for j, predicted_label in enumerate(confusion["labels"]):
                pooled["matrix"][pooled["labels"].index(gold_label)][pooled["labels"].index(predicted_label)] += confusion["matrix"][i][j]
        rows = [r for r in test_rows if r["target"] == target]
        gold += [r["label"] for r in rows]
        predicted += StanceModel.load(out / f"semeval-target-{k}.zip").predict([r["text"] for r in rows])
    return f_avg_of(pooled), score(gold, predicted, ["AGAINST", "FAVOR", "NONE"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the folder with train.csv and test.csv (columns target,text,label)")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--out", type=Path, help="keep the models and reports here (default: a temporary folder)")
    parser.add_argument("--modes", nargs="+", choices=("prefix", "ignore", "separate"), default=["prefix", "ignore", "separate"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        print(f"{'targets':<8} {'CV F_avg':>11} {'test F_avg':>10} {'F1 FAVOR':>9} {'F1 AGAINST':>10} {'accuracy':>9}")
        results, tests = {}, {}
        for mode in args.modes:
            cv, result = per_target_models(args.folder, out, args.jobs) if mode == "separate" else one_model(args.folder, out, mode, args.jobs)
            results[mode], tests[mode] = cv, result["f_avg"]
            favor, against = result["per_class"]["FAVOR"]["f1"], result["per_class"]["AGAINST"]["f1"]
            print(f"{mode:<8} {cv:>11.4f} {result['f_avg']:>10.4f} {favor:>9.4f} {against:>10.4f} {result['accuracy']:>9.4f}", flush=True)
        if len(results) > 1:
            chosen = max(results, key=results.get)
            print(f"chosen by out-of-fold F_avg on train.csv: {chosen} (test F_avg {tests[chosen]:.4f})")
        print(f"organisers' SVM-ngrams baseline: F_avg {SVM_NGRAMS_BASELINE:.4f}")


if __name__ == "__main__":
    main()
