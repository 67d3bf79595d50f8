"""Score a model on the real-news development set, whose texts stay outside the repository.

    python -m training.news_dev TEXTS.csv [--model PATH] [--set data/eval/news-dev.csv] [--format table|json]

`data/eval/news-dev.csv` keeps, per real statement, its page URL, speaker, country, adjudicated label,
both labellers' labels, a one-line paraphrase in our words and the SHA-256 of the statement's text.
TEXTS is a CSV with columns id,text holding the statements as the pages word them (rebuilt from the
URLs, see docs/model-card.md); every text is checked against its SHA-256 before anything is scored.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from stance.labels import LABELS, LabelFileError
from stance.metrics import score
from stance.model import StanceModel

from .agreement import agreement

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "data" / "eval" / "news-dev.csv"
SET_COLUMNS = ("id", "url", "speaker", "country", "label", "label_a", "label_b", "paraphrase", "text_sha256")


@dataclass(frozen=True)
class DevStatement:
    """One statement of the dev set: where it is, who said it, its labels, and the checksum of its words."""

    id: str
    url: str
    speaker: str
    country: str
    label: str
    label_a: str
    label_b: str
    paraphrase: str
    text_sha256: str


def text_sha256(text: str) -> str:
    """SHA-256 of a statement after NFC normalisation and collapsing whitespace, so a re-copied text matches."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise LabelFileError(path, 1, f"missing column(s) {', '.join(missing)}")
            return [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelFileError(path, None, f"cannot read: {exc}") from exc


def read_dev_set(path: Path = DEFAULT_SET) -> list[DevStatement]:
    """The dev set's statements; LabelFileError on a missing column, a label outside LABELS or a repeated id."""
    statements, seen = [], set()
    for line, row in _rows(path, SET_COLUMNS):
        for column in ("label", "label_a", "label_b"):
            if row[column] not in LABELS:
                raise LabelFileError(path, line, f"{column} {row[column]!r} is not one of {', '.join(LABELS)}")
        if row["id"] in seen:
            raise LabelFileError(path, line, f"id {row['id']!r} repeated")
        seen.add(row["id"])
        statements.append(DevStatement(**{c: row[c] for c in SET_COLUMNS}))
    return statements


def read_texts(path: Path, statements: list[DevStatement]) -> list[str]:
    """The text of each statement, in order, from an id,text CSV; LabelFileError when one is missing or its checksum differs."""
    texts = {}
    for line, row in _rows(path, ("id", "text")):
        texts[row["id"]] = (line, row["text"])
    missing = [s.id for s in statements if s.id not in texts]
    if missing:
        raise LabelFileError(path, None, f"{len(missing)} statement(s) of the dev set have no text, first {missing[0]!r}")
    for s in statements:
        line, text = texts[s.id]
        if text_sha256(text) != s.text_sha256:
            raise LabelFileError(path, line, f"text of {s.id!r} does not match its SHA-256 in the dev set (a different or edited statement)")
    return [texts[s.id][1] for s in statements]


def evaluate_dev(model: StanceModel, texts_path: Path, set_path: Path = DEFAULT_SET) -> dict:
    """The model's scores on the dev set (keys of `stance.metrics.score`), with the labellers' agreement."""
    statements = read_dev_set(set_path)
    texts = read_texts(texts_path, statements)
    result = score([s.label for s in statements], list(model.predict(texts)), LABELS)
    result["labellers"] = agreement([s.label_a for s in statements], [s.label_b for s in statements])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.news_dev", description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", type=Path, help="CSV with columns id,text: the dev statements as their pages word them")
    parser.add_argument("--model", type=Path, help="a model file (default: the bundled model)")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the dev set (default: %(default)s)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    import stance

    try:
        result = evaluate_dev(stance.load_model(args.model), args.texts, args.set)
    except LabelFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return 0
    agree = result["labellers"]
    print(f"{result['n']} real news statements: macro-F1 {result['macro_f1']:.3f}, accuracy {result['accuracy']:.3f}")
    print(f"labellers before adjudication: agreement {agree['agreement']:.3f}, Cohen's kappa {agree['kappa']:.3f}")
    for label, s in result["per_class"].items():
        print(f"  {label:<14} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  n {s['support']}")
    print("confusion (rows gold, columns predicted): " + json.dumps(result["confusion"]["matrix"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
