"""SemEval-2016 Task 6A with our training pipeline: train on train.csv, score on test.csv, print F_avg.

    python benchmarks/bench_semeval.py PATH/TO/semeval2016-stance [--jobs N] [--out DIR] [--modes prefix ignore per-target]

Model selection is the same cross-validated grid as the bundled model, maximizing the task's F_avg, on
train.csv only (`stance.training.train`, as `stance train --select-by f_avg` runs it); test.csv is read once, at
the end, by `stance.evaluate`. Three ways to use the target: prepended to each tweet (one model), ignored (one
model), and one model per target (`per-target`, as the organisers' baseline did, each target with its own
cross-validated selection, in one model file). Which way counts is chosen by out-of-fold F_avg on train.csv,
never by the test score (what `stance train --target-mode auto` does between prefix and per-target). F_avg is
the mean F1 of FAVOR and AGAINST over the whole test set (the task's official, pooled metric). The data
set's terms forbid redistribution, so it is never copied into the repository: pass its folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stance.evaluate import evaluate
from stance.loading import load_model
from stance.training import train

SVM_NGRAMS_BASELINE = 0.6898
"""The organisers' SVM-ngrams baseline, which beat all 19 participating systems."""


def _quiet(*_) -> None:
    pass


def run_mode(folder: Path, out: Path, mode: str, jobs: int) -> tuple[float, dict]:
    """Train on train.csv with the target used as `mode` says; the pooled out-of-fold F_avg on train, and the test scores."""
    model = out / f"semeval-{mode}.zip"
    options = {"jobs": jobs, "target_mode": mode, "select_by": "f_avg", "log": _quiet, "warn": _quiet}
    report = train(folder / "train.csv", model, out / f"semeval-{mode}-report", **options)
    return report["cv_metrics"]["f_avg"], evaluate(folder / "test.csv", load_model(model))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the folder with train.csv and test.csv (columns target,text,label)")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--out", type=Path, help="keep the models and reports here (default: a temporary folder)")
    parser.add_argument("--modes", nargs="+", choices=("prefix", "ignore", "per-target"), default=["prefix", "ignore", "per-target"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        print(f"{'targets':<10} {'CV F_avg':>9} {'test F_avg':>10} {'F1 FAVOR':>9} {'F1 AGAINST':>10} {'accuracy':>9}")
        results, tests = {}, {}
        for mode in args.modes:
            cv, result = run_mode(args.folder, out, mode, args.jobs)
            results[mode], tests[mode] = cv, result["f_avg"]
            favor, against = result["per_class"]["FAVOR"]["f1"], result["per_class"]["AGAINST"]["f1"]
            print(f"{mode:<10} {cv:>9.4f} {result['f_avg']:>10.4f} {favor:>9.4f} {against:>10.4f} {result['accuracy']:>9.4f}", flush=True)
        if len(results) > 1:
            chosen = max(results, key=results.get)
            print(f"chosen by out-of-fold F_avg on train.csv: {chosen} (test F_avg {tests[chosen]:.4f})")
        print(f"organisers' SVM-ngrams baseline: F_avg {SVM_NGRAMS_BASELINE:.4f}")


if __name__ == "__main__":
    main()
