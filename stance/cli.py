"""The `stance` command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import stance
from stance.aggregate import GROUPINGS, MIN_STATEMENTS, PERIODS
from stance.errors import InputFileError, StanceError
from stance.evaluate import evaluate
from stance.io import expand_paths, read_statements, write_atomically
from stance.output import output_format, write_jsonl, write_labelled
from stance.progress import BadLines, Progress, lines_in, skipped_files_notice
from stance.record import Statement
from stance.report import FORMATS, plot, render, render_scores
from stance.scoring import iter_scored
from stance.summary import summarize
from stance.train_command import add_train_command


def _texts_from(args: argparse.Namespace) -> Iterator[Statement]:
    sources = args.texts or ["-"]
    for number, text in enumerate(sources, 1):
        if text == "-":
            for line in sys.stdin:
                if line.strip():
                    yield Statement(line.rstrip("\r\n"))
        elif text.strip():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InputFileError(f"argument {number}", None, f"not valid UTF-8 (undecodable byte at character {exc.start + 1})") from None
            yield Statement(text)


def _predict(args: argparse.Namespace) -> int:
    if args.output:
        output_format(args.output)
    model = stance.load_model(args.model)
    skipped = BadLines("predict") if args.skip_bad_lines else None
    if args.input and args.texts:
        print("stance predict: give statements as TEXT arguments or with --input, not both", file=sys.stderr)
        return 2
    if args.explain and args.texts and args.texts[0].strip().isdigit():
        print(f"stance predict: --explain takes no number since 0.2 ({args.texts[0]!r} would be labelled): use --explain-terms N", file=sys.stderr)
        return 2
    statements = (
        read_statements(args.input, text_column=args.text_column, columns=_renamed(args), on_bad_line=skipped) if args.input else _texts_from(args)
    )
    first = next(statements, None)
    if first is None:
        where = args.input or "the arguments or standard input"
        print(f"stance predict: no statements in {where}", file=sys.stderr)
        return 1
    total = lines_in(args.input) - (Path(args.input).suffix.lower() in (".csv", ".tsv")) if args.input else None
    explain = (lambda text: model.explain(text, top=args.explain_terms)) if args.explain else None
    with Progress(total) as bar:
        labelled = iter_scored(_counted(itertools.chain([first], statements), bar), model, sentiment=args.sentiment, jobs=args.jobs)
        if args.output:
            count = write_labelled(labelled, args.output, explain=explain)
        else:
            count = write_jsonl(labelled, sys.stdout, explain=explain)
    if skipped:
        skipped.report()
    if args.output:
        print(f"stance predict: wrote {count:,} labelled statements to {args.output}", file=sys.stderr)
    return 0


def _counted(statements: Iterator[Statement], bar: Progress) -> Iterator[Statement]:
    for count, statement in enumerate(statements, 1):
        bar.update(count, statement.file)
        yield statement


class FilesRead:
    """Follows summarize's progress: statements read, and files begun, shown on a progress bar."""

    def __init__(self) -> None:
        self.statements = 0
        self.files: set[str | None] = set()

    def tracking(self, bar: Progress) -> Callable[[int, str | None], None]:
        def progress(count: int, file: str | None) -> None:
            self.statements = count
            self.files.add(file)
            bar.update(len(self.files), f"{count:,} statements, {file or ''}")

        return progress


def _summarize(args: argparse.Namespace) -> int:
    model = stance.load_model(args.model)
    actors = stance.load_actors(*args.actors) if args.actors else None
    skipped = BadLines("summarize") if args.skip_bad_lines else None
    not_read: list[Path] = []
    files = expand_paths(args.paths, skipped=not_read.append)
    read = FilesRead()
    with Progress(len(files), unit="files") as bar:
        options = {name: getattr(args, name) for name in ("period", "min_statements", "min_confidence", "evidence", "sentiment", "jobs")}
        columns = {"text": args.text_column, **_renamed(args)}
        rows = summarize(files, args.by, model=model, actors=actors, on_bad_line=skipped, columns=columns, progress=read.tracking(bar), **options)
    if skipped:
        skipped.report()
    if notice := skipped_files_notice("summarize", not_read):
        print(notice, file=sys.stderr)
    if args.min_confidence is not None:
        left_out = read.statements - sum(r.n for r in rows)
        print(
            f"stance summarize: left out {left_out:,} of {read.statements:,} statements with confidence below {args.min_confidence}", file=sys.stderr
        )
    if not rows:
        print("stance summarize: no statements found in the input", file=sys.stderr)
        return 1
    color = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render(rows, args.format or _report_format(args.output), by=args.by, evidence=args.evidence, color=color)
    if args.output:
        write_atomically(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    if args.plot:
        plot(rows, args.plot, min_statements=args.min_statements)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    model = stance.load_model(args.model)
    skipped = BadLines("evaluate") if args.skip_bad_lines else None
    result = evaluate(args.data, model, text_column=args.text_column, label_column=args.label_column, on_bad_line=skipped)
    if skipped:
        skipped.report()
    for warning in result["warnings"]:
        print(f"stance evaluate: warning: {warning}", file=sys.stderr)
    sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n" if args.format == "json" else render_scores(result))
    return 0


def _renamed(args: argparse.Namespace) -> dict[str, str]:
    """The --speaker-column, --country-column and --date-column given, as read_statements' `columns`."""
    return {field: name for field in ("speaker", "country", "date") if (name := getattr(args, f"{field}_column")) is not None}


def _report_format(output: str | None) -> str:
    """The report format an output file's ending names (.csv, .json, .md), else the table."""
    return {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(Path(output or "").suffix.lower(), "table")


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {number}")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {number}")
    return number


def _chart_path(value: str) -> str:
    if Path(value).suffix.lower() not in (".png", ".svg"):
        raise argparse.ArgumentTypeError(f"the chart is written as .png or .svg, not {value!r}")
    return value


JOBS_HELP = "label statements in N worker processes, each loading the model once (default 1); the results are the same"
SKIP_HELP = "skip the bad lines of statement files (broken JSON, ragged rows, bad bytes or dates) and say how many, instead of stopping"


SUMMARIZE_HELP = (
    "per-country (or per-speaker) stance table from articles and statement files",
    "Extract statements from articles (or read statement files), label them, and sum them up per country or speaker.",
)
EVALUATE_HELP = (
    "score a model on labelled statements: accuracy, macro-F1, per-class figures, confusion",
    "Score a model on a labelled CSV, TSV or JSON Lines file (F_avg too when the labels are FAVOR/AGAINST/NONE).",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Label statements about a war as pro-ceasefire, rejecting or neutral.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {stance.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--model", metavar="PATH", help="a model file saved by `stance train` (default: the bundled model)")
    shared.add_argument("--skip-bad-lines", action="store_true", help=SKIP_HELP)
    parallel = argparse.ArgumentParser(add_help=False, parents=[shared])
    parallel.add_argument("--jobs", type=_positive, default=1, metavar="N", help=JOBS_HELP)
    parallel.add_argument("--text-column", default="text", metavar="NAME", help="the column of statement files with the statements (default: text)")
    for field in ("speaker", "country", "date"):
        parallel.add_argument(f"--{field}-column", metavar="NAME", help=f"the column of statement files with the {field} (default: {field})")
    predict = commands.add_parser("predict", parents=[parallel], help="label statements; one JSON object per statement on standard output")
    predict.add_argument("texts", nargs="*", metavar="TEXT", help="statements to label; '-' or none reads one statement per line from standard input")
    predict.add_argument("--sentiment", action="store_true", help="add VADER's tone: compound (-1 to +1), pos, neu, neg")
    predict.add_argument("--explain", action="store_true", help="add the terms that pushed toward the label and against it")
    predict.add_argument("--explain-terms", type=_positive, default=5, metavar="N", help="how many terms --explain gives each way (default 5)")
    predict.add_argument("--input", metavar="FILE", help="read statements from a .jsonl, .csv or .tsv file with a 'text' field (streamed)")
    predict.add_argument(
        "--output",
        metavar="FILE",
        help="write to FILE (atomically) in the format its name ends in: .jsonl, .csv, .tsv or .parquet (default: JSON lines on standard output)",
    )
    predict.set_defaults(run=_predict)
    summarize = commands.add_parser("summarize", parents=[parallel], help=SUMMARIZE_HELP[0], description=SUMMARIZE_HELP[1])
    summarize.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article .txt files, directories of them, '-' (an article on standard input), or statement files (.csv, .tsv, .jsonl with 'text')",
    )
    summarize.add_argument("--by", choices=GROUPINGS, default="country", help="group statements by country (default) or speaker")
    summarize.add_argument("--format", choices=FORMATS, help="output format (default: by --output's ending, .csv .json .md; else an aligned table)")
    summarize.add_argument("--output", metavar="FILE", help="write the report to FILE (atomically) instead of standard output")
    summarize.add_argument(
        "--min-statements",
        type=_positive,
        default=MIN_STATEMENTS,
        metavar="N",
        help=f"groups with fewer statements get the stance 'insufficient' (default {MIN_STATEMENTS})",
    )
    summarize.add_argument("--evidence", action="store_true", help="list each group's statements: label, confidence, top terms, speaker, source")
    summarize.add_argument("--plot", type=_chart_path, metavar="FILE", help="also draw a chart to FILE.png or FILE.svg (needs matplotlib)")
    summarize.add_argument("--period", choices=PERIODS, help="split each group by the statements' dates (a 'date' column, or an article's dateline)")
    summarize.add_argument(
        "--min-confidence", type=_probability, metavar="P", help="leave out statements whose label has a probability below P (and say how many)"
    )
    summarize.add_argument("--sentiment", action="store_true", help="add each group's mean VADER tone (compound, -1 to +1); slower on big files")
    summarize.add_argument(
        "--actors", action="append", default=[], metavar="CSV", help="an extra actor table (kind,name,country,aliases) for articles; repeat for more"
    )
    summarize.set_defaults(run=_summarize)
    evaluate_parser = commands.add_parser("evaluate", parents=[shared], help=EVALUATE_HELP[0], description=EVALUATE_HELP[1])
    evaluate_parser.add_argument("data", metavar="DATA", help="labelled statements: .csv, .tsv or .jsonl with a text and a label column")
    evaluate_parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    evaluate_parser.add_argument("--text-column", default="text", metavar="NAME", help="the column with the statements (default: text)")
    evaluate_parser.add_argument("--label-column", default="label", metavar="NAME", help="the column with the gold labels (default: label)")
    evaluate_parser.set_defaults(run=_evaluate)
    add_train_command(commands, [])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 1 input error, 2 usage error)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (StanceError, UnicodeDecodeError, ImportError) as exc:
        print(f"stance {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the reader left (`| head`): exit quietly
        return 0
    except OSError as exc:
        print(f"stance {args.command}: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1
