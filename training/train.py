"""Retrain the bundled stance model from data/labels/ (or train one on any labelled file): a thin wrapper of `stance.training`.

    python -m training.train [--data FILE] [--out MODEL] [--text-column NAME] [--label-column NAME]
                             [--target-mode auto|prefix|per-target|ignore] [--select-by macro_f1|f_avg]
                             [--grid JSON] [--folds K] [--report-dir DIR] [--seed N] [--jobs N]

The same options as `stance train`, with the bundled model's defaults: data/labels/statements.csv in,
stance/data/model.zip out, metrics.json and metrics.md in training/reports. Users who installed the package
train with `stance train`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stance.errors import StanceError
from stance.io import write_atomically
from stance.train_command import add_training_options, train_from_args
from stance.training import METRIC_NAMES, N_FOLDS, PARAM_GRID, read_grid, selection_score, sha256_of
from stance.training import train as train_model

__all__ = ["PARAM_GRID", "main", "markdown_report", "read_grid", "selection_score", "sha256_of", "train"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data" / "labels" / "statements.csv"
DEFAULT_OUT = ROOT / "stance" / "data" / "model.zip"
DEFAULT_REPORT_DIR = ROOT / "training" / "reports"


def train(data: Path, out: Path, report_dir: Path, seed: int = 0, jobs: int = -1, log=print, **options) -> dict:
    """`stance.training.train` with the data named relative to the repository, and metrics.md beside metrics.json."""
    report = train_model(data, out, report_dir, seed, jobs, log, name=_display(data), **options)
    write_markdown(report, report_dir)
    return report


def write_markdown(report: dict, report_dir: Path) -> None:
    """metrics.md beside metrics.json, for a single model (the bundled model's kind)."""
    if "chosen" in report:
        write_atomically(report_dir / "metrics.md", markdown_report(report).encode("utf-8"))


def markdown_report(report: dict) -> str:
    """A short Markdown summary of a training report, for the docs."""
    m = report["cv_metrics"]
    chosen = report["chosen"]
    metric = METRIC_NAMES[report.get("selected_by", "macro_f1")]
    lines = [
        "# Bundled model: cross-validated metrics",
        "",
        f"Written by `python -m training.train` from `{report['data']['path']}` "
        f"({report['data']['rows']} statements, sha256 `{report['data']['sha256'][:12]}…`).",
        "",
        f"Chosen by {report.get('folds', N_FOLDS)}-fold stratified cross-validation ({metric}) over {report['grid_size']} settings: "
        f"word n-grams {tuple(chosen['features']['word_ngram_range'])}, "
        f"char_wb n-grams {tuple(chosen['features']['char_ngram_range']) if chosen['features']['char_ngram_range'] else 'none'}, "
        f"sublinear tf {chosen['features']['sublinear_tf']}, C {chosen['C']}, class weight {chosen['class_weight']}; "
        f"numbers folded {chosen['features'].get('fold_numbers', False)}, negation scope {chosen['features'].get('negation_scope', 0)} words, "
        f"attribution frames stripped on {len(chosen['features'].get('frame_verbs', []))} verbs.",
        "",
        f"Out-of-fold accuracy **{m['accuracy']:.3f}**, macro-F1 **{m['macro_f1']:.3f}** "
        "(the same folds chose the settings, so this is slightly optimistic).",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, s in m["per_class"].items():
        lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
    c = report["calibration"]
    verdict = f"applied (temperature {c['temperature']:.2f})" if c["applied"] else "not applied: it did not lower the error"
    lines += [
        "",
        f"Calibration: expected calibration error ({c['bins']} bins, out-of-fold) {c['ece_raw']:.3f} raw, "
        f"{c['ece_scaled']:.3f} with temperature scaling (cross-fitted); log loss {c['log_loss_raw']:.3f} → {c['log_loss_scaled']:.3f}. "
        f"Temperature scaling {verdict}.",
    ]
    labels = m["confusion"]["labels"]
    lines += ["", "Confusion matrix (rows: gold, columns: predicted):", "", "| gold \\ predicted | " + " | ".join(labels) + " |"]
    lines.append("|---|" + "---:|" * len(labels))
    for label, row in zip(labels, m["confusion"]["matrix"]):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train", description=__doc__.split("\n\n")[0])
    add_training_options(parser, data=DEFAULT_DATA, out=DEFAULT_OUT)
    parser.set_defaults(jobs=-1)
    args = parser.parse_args(argv)
    if args.report_dir is None:
        args.report_dir = DEFAULT_REPORT_DIR if args.out.resolve() == DEFAULT_OUT.resolve() else args.out.parent / f"{args.out.stem}-report"
    try:
        report = train_from_args(args, name=_display(args.data), prefix="training.train")
    except StanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_markdown(report, args.report_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
