"""`stance train`: train a model on the user's own labelled file (`stance.training.train`), from any folder."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Collection
from pathlib import Path
from typing import Any

TRAIN_HELP = (
    "train a model on a labelled file, choosing its settings by cross-validation",
    "Train a stance model on a labelled CSV, TSV or JSON Lines file (any labels): settings chosen by stratified cross-validation, "
    "out-of-fold metrics and calibration in a report beside the model. Use the model with --model in the other commands.",
)


def _defined(parents: list[argparse.ArgumentParser]) -> set[str]:
    return {option for parent in parents for action in parent._actions for option in action.option_strings}


def add_training_options(
    parser: argparse.ArgumentParser, *, data: Path | None = None, out: Path | None = None, defined: Collection[str] = ()
) -> None:
    """The training options shared by `stance train` and `python -m training.train`; without defaults, --data and --out are required."""
    from stance.training import N_FOLDS, SELECTION_METRICS, TARGET_MODES

    where = f" (default: {data})" if data else ""
    parser.add_argument("--data", type=Path, default=data, required=data is None, metavar="FILE", help=f"labelled .csv, .tsv or .jsonl{where}")
    what = f" (default: {out})" if out else ""
    parser.add_argument("--out", type=Path, default=out, required=out is None, metavar="MODEL", help=f"the model file to write{what}")
    parser.add_argument("--text-column", default="text", metavar="NAME", help="the column with the statements (default: text)")
    parser.add_argument("--label-column", default="label", metavar="NAME", help="the column with the labels (default: label)")
    parser.add_argument(
        "--target-mode",
        choices=TARGET_MODES,
        default="auto",
        help="how a 'target' column is used: prepended to each text, one model per target, ignored, "
        "or auto (default): prefix or per-target, whichever cross-validates better",
    )
    parser.add_argument(
        "--select-by", choices=SELECTION_METRICS, default="macro_f1", help="what selection maximizes: macro_f1 (default) or f_avg (SemEval labels)"
    )
    parser.add_argument(
        "--grid", type=Path, metavar="JSON", help="a JSON object of StanceModel parameter lists to search (default: the bundled grid)"
    )
    parser.add_argument(
        "--folds", type=int, default=N_FOLDS, metavar="K", help=f"cross-validation folds (default {N_FOLDS}; fewer for a rarer label)"
    )
    parser.add_argument("--seed", type=int, default=0, help="cross-validation seed (default: %(default)s)")
    if "--jobs" not in defined:
        parser.add_argument(
            "--jobs", type=int, default=1, metavar="N", help="processes for the search, -1 for all cores (default: %(default)s); the same model"
        )
    parser.add_argument("--report-dir", type=Path, metavar="DIR", help="where metrics.json goes (default: MODEL-report beside the model)")


def add_train_command(commands, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `stance train` on the subcommands `commands`; its `run` returns the exit code."""
    parser = commands.add_parser("train", parents=parents, help=TRAIN_HELP[0], description=TRAIN_HELP[1])
    add_training_options(parser, defined=_defined(parents))
    parser.set_defaults(run=run_train)
    return parser


LOKY_WORKER_REPLACED = "A worker stopped while some jobs were given to the executor"
"""joblib's notice that it replaced a worker process which outgrew its memory allowance: the search's results
are unaffected, so the training commands (`stance train`, `python -m training.train`) do not print it."""


def run_train(args: argparse.Namespace) -> int:
    """`stance train`: train, and return the exit code (errors are raised as StanceError, for the CLI to print)."""
    train_from_args(args)
    return 0


def train_from_args(args: argparse.Namespace, name: str | None = None, prefix: str = "stance train") -> dict:
    """Train as `args` say, with progress and warnings on stderr after `prefix`; return the report. StanceError for a bad file or grid."""
    warnings.filterwarnings("ignore", message=LOKY_WORKER_REPLACED, category=UserWarning)
    skipped = None
    if getattr(args, "skip_bad_lines", False):
        from stance.progress import BadLines

        skipped = BadLines("train")
    bar = _SearchBar()
    try:
        report = _train(args, name, prefix, skipped, bar)
    finally:
        bar.close()
    if skipped:
        skipped.report()
    return report


def _train(args: argparse.Namespace, name: str | None, prefix: str, skipped: Any, bar: _SearchBar) -> dict:
    from stance.training import read_grid, train

    return train(
        args.data,
        args.out,
        args.report_dir or args.out.parent / f"{args.out.stem}-report",
        args.seed,
        args.jobs,
        log=lambda message: print(f"{prefix}: {message}", file=sys.stderr),
        text_column=args.text_column,
        label_column=args.label_column,
        target_mode=args.target_mode,
        select_by=args.select_by,
        grid=read_grid(args.grid) if args.grid else None,
        folds=args.folds,
        warn=lambda message: print(f"{prefix}: warning: {message}", file=sys.stderr),
        name=name,
        on_bad_line=skipped,
        progress=bar if sys.stderr.isatty() else None,
    )


class _SearchBar:
    """The search's progress bar on stderr (on a terminal only), opened when the number of settings is known."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        from stance.progress import Progress

        if self.bar is None:
            self.bar = Progress(total, unit="settings searched").__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
