"""SemEval-2016 Task 6A with our training pipeline: train on train.csv, score on test.csv, print F_avg.

    python benchmarks/bench_semeval.py PATH/TO/semeval2016-stance [--jobs N] [--out DIR]

Model selection is the same cross-validated grid as the bundled model, on train.csv only; test.csv is read
once, at the end. Runs twice: the target prepended to each tweet, and the target ignored. F_avg is the mean
F1 of FAVOR and AGAINST over the whole test set (the task's official, pooled metric). The data set's terms
forbid redistribution, so it is never copied into the repository: pass its folder.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from stance.evaluate import evaluate
from stance.model import StanceModel
from training.train import train

SVM_NGRAMS_BASELINE = 0.6898
"""The organisers' SVM-ngrams baseline, which beat all 19 participating systems."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the folder with train.csv and test.csv (columns target,text,label)")
    parser.add_argument("--jobs", type=int, default=-1)
    parser.add_argument("--out", type=Path, help="keep the models and reports here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        print(f"{'targets':<8} {'CV macro-F1':>11} {'test F_avg':>10} {'F1 FAVOR':>9} {'F1 AGAINST':>10} {'accuracy':>9}")
        for mode in ("prefix", "ignore"):
            model_path = out / f"semeval-{mode}.zip"
            reports = out / f"semeval-{mode}-report"
            report = train(args.folder / "train.csv", model_path, reports, jobs=args.jobs, target_mode=mode, log=lambda *_: None)
            result = evaluate(args.folder / "test.csv", StanceModel.load(model_path))
            favor, against = result["per_class"]["FAVOR"]["f1"], result["per_class"]["AGAINST"]["f1"]
            cv = report["cv_metrics"]["macro_f1"]
            print(f"{mode:<8} {cv:>11.4f} {result['f_avg']:>10.4f} {favor:>9.4f} {against:>10.4f} {result['accuracy']:>9.4f}", flush=True)
        print(f"organisers' SVM-ngrams baseline: F_avg {SVM_NGRAMS_BASELINE:.4f}")


if __name__ == "__main__":
    main()
