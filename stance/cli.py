"""The `stance` command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence

import stance


def _texts_from(args: argparse.Namespace) -> Iterator[str]:
    sources = args.texts or ["-"]
    for text in sources:
        if text == "-":
            for line in sys.stdin:
                if line.strip():
                    yield line.rstrip("\r\n")
        elif text.strip():
            yield text


def _predict(args: argparse.Namespace) -> int:
    model = stance.load_model(args.model)
    texts = list(_texts_from(args))
    if not texts:
        print("stance predict: no statements given (pass TEXT arguments or lines on standard input)", file=sys.stderr)
        return 1
    probabilities = model.predict_proba(texts)
    classes = list(model.classes_)
    out = sys.stdout
    for text, row in zip(texts, probabilities):
        record = {
            "text": text,
            "label": classes[int(row.argmax())],
            "probabilities": {label: round(float(p), 6) for label, p in zip(classes, row)},
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Label statements about a war as pro-ceasefire, rejecting or neutral.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {stance.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    predict = commands.add_parser("predict", help="label statements; one JSON object per statement on standard output")
    predict.add_argument("texts", nargs="*", metavar="TEXT", help="statements to label; '-' or none reads one statement per line from standard input")
    predict.add_argument("--model", metavar="PATH", help="a model file saved by training.train (default: the bundled model)")
    predict.set_defaults(run=_predict)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 1 input error, 2 usage error)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (stance.ModelFileError, stance.LabelFileError, UnicodeDecodeError) as exc:
        print(f"stance {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
