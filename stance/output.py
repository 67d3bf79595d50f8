"""Writing labelled statements to a file in the format its name ends in: JSON Lines, CSV, TSV or Parquet, streamed.

JSON Lines carry `ScoredStatement.to_dict` as is. CSV, TSV and Parquet have one flat row per statement (`flat_columns`):
the statement's fields, label, confidence, ``p_<label>`` per label in the model's order, then ``sentiment_*`` and
``terms`` when the first batch of statements carries them, and ``toward`` and ``against`` with an explainer.
`stance.io.read_statements` reads a written CSV or TSV back with the same texts and places.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from stance.errors import StanceError
from stance.explain import Explanation
from stance.io import open_atomically
from stance.labels import label_order
from stance.record import PLACE_FIELDS, ScoredStatement

OUTPUT_FORMATS: dict[str, str] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet"}
"""The file name endings written, and the format each names."""
BATCH = 256
"""Statements turned into text and written per call to the file (larger batches measured slower: they fall out of the CPU cache)."""
ROW_GROUP = 8192
"""Statements per Parquet row group."""
DIGITS = 6
"""Decimals kept of confidence and probabilities, as in `ScoredStatement.to_dict`."""

Explainer = Callable[[str], Explanation]
"""Called with a statement's text; its Explanation is written beside the label."""

_SENTIMENT = ("compound", "pos", "neu", "neg")
_place = attrgetter("text", *PLACE_FIELDS)


def _json_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` as one reusable function: the C encoder json.dumps uses, built once (else JSONEncoder.encode)."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    encode = make(None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(encode(value, 0))


_encode = _json_encoder()


class OutputFormatError(StanceError):
    """An output file whose name ends in a format that cannot be written (or not without a missing package)."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(path, None, problem)


def output_format(path: str | Path) -> str:
    """The format `path`'s ending names: ``"jsonl"``, ``"csv"``, ``"tsv"`` or ``"parquet"``.

    Raises OutputFormatError for any other ending, and for ``.parquet`` when pyarrow is not installed.
    """
    suffix = Path(path).suffix.lower()
    endings = ", ".join(OUTPUT_FORMATS)
    if suffix == ".json":
        raise OutputFormatError(path, f"'.json' does not say JSON Lines: name it .jsonl or .ndjson for one JSON object a line (writable: {endings})")
    if suffix not in OUTPUT_FORMATS:
        given = f"'{suffix}' files" if suffix else "a file without an ending"
        raise OutputFormatError(path, f"cannot write {given}; name the output with one of {endings}")
    if OUTPUT_FORMATS[suffix] == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise OutputFormatError(path, "writing .parquet needs pyarrow: pip install pandas pyarrow")
    return OUTPUT_FORMATS[suffix]


def write_labelled(statements: Iterable[ScoredStatement], path: str | Path, *, explain: Explainer | None = None) -> int:
    """Write `statements` to `path` in the format its ending names, through `open_atomically`, a batch at a time; return how many.

    The ending is checked (OutputFormatError) before the first statement is taken; `explain` adds each statement's explanation.
    """
    kind = output_format(path)
    if kind == "jsonl":
        with open_atomically(path) as out:
            return write_jsonl(statements, out, explain=explain)
    if kind == "parquet":
        with open_atomically(path, "wb") as out:
            return _write_parquet(statements, out, explain)
    with open_atomically(path) as out:
        return _write_table(statements, out, "\t" if kind == "tsv" else ",", explain)


def write_jsonl(statements: Iterable[ScoredStatement], out: IO[str], *, explain: Explainer | None = None) -> int:
    """Write each statement's `to_dict()` (with its `explanation` when `explain` is given) as one JSON line to `out`; return how many.

    The lines are those of ``json.dumps(record, ensure_ascii=False)``, written `BATCH` at a time.
    """
    count = 0
    for batch in _batches(statements, BATCH):
        if explain is None:
            out.write("".join([_encode(s.to_dict()) + "\n" for s in batch]))
        else:
            out.write("".join([_encode({**s.to_dict(), "explanation": explain(s.text).to_dict()}) + "\n" for s in batch]))
        count += len(batch)
    return count


def flat_columns(labels: Iterable[str], *, sentiment: bool = False, terms: bool = False, explained: bool = False) -> list[str]:
    """The columns of a CSV, TSV or Parquet output: text, the place fields, label, confidence, ``p_<label>`` per label, then the optional ones."""
    columns = ["text", *PLACE_FIELDS, "label", "confidence", *(f"p_{label}" for label in labels)]
    columns += [f"sentiment_{name}" for name in _SENTIMENT] if sentiment else []
    columns += ["terms"] if terms else []
    columns += ["toward", "against"] if explained else []
    return columns


def _batches(statements: Iterable[ScoredStatement], size: int) -> Iterator[list[ScoredStatement]]:
    iterator = iter(statements)
    return iter(lambda: list(islice(iterator, size)), [])


class _Rows:
    """Turns statements into flat rows for `flat_columns`; which optional columns there are is decided by the first batch."""

    def __init__(self, first: list[ScoredStatement], explain: Explainer | None) -> None:
        self.labels = label_order(first[0].probabilities) if first else []
        self.sentiment = any(s.sentiment is not None for s in first)
        self.terms = any(s.terms for s in first)
        self.explain = explain
        self.columns = flat_columns(self.labels, sentiment=self.sentiment, terms=self.terms, explained=explain is not None)

    def __call__(self, s: ScoredStatement) -> list[Any]:
        probabilities = s.probabilities
        row = [*_place(s), s.label, round(probabilities[s.label], DIGITS), *[round(probabilities[label], DIGITS) for label in self.labels]]
        if self.sentiment:
            tone = s.sentiment
            row += [None] * 4 if tone is None else [tone.compound, tone.pos, tone.neu, tone.neg]
        if self.terms:
            row.append(_terms(s.terms))
        if self.explain is not None:
            explanation = self.explain(s.text)
            row += [_terms(explanation.toward), _terms(explanation.against)]
        return row


def _terms(terms: Iterable[tuple[str, float]]) -> str:
    return "; ".join(f"{term} {weight:+.2f}" for term, weight in terms)


def _write_table(statements: Iterable[ScoredStatement], out: IO[str], delimiter: str, explain: Explainer | None) -> int:
    batches = _batches(statements, BATCH)
    first = next(batches, [])
    rows = _Rows(first, explain)
    out.write(_table_text([rows.columns], delimiter))
    count = 0
    for batch in chain([first], batches):
        out.write(_table_text([rows(s) for s in batch], delimiter))
        count += len(batch)
    return count


def _table_text(rows: list[list[Any]], delimiter: str) -> str:
    """Rows as CSV (or TSV) text, lines ending in ``\\n``; a batch with a carriage return in a cell is quoted in full, so it reads back whole."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    if "\r" not in text:
        return text
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return buffer.getvalue()


def _write_parquet(statements: Iterable[ScoredStatement], out: IO[bytes], explain: Explainer | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    batches = _batches(statements, ROW_GROUP)
    first = next(batches, [])
    rows = _Rows(first, explain)
    schema = pa.schema([(column, _arrow_type(column, pa)) for column in rows.columns])
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in chain([first], batches):
            if batch:
                columns = zip(*[rows(s) for s in batch])
                writer.write_table(pa.Table.from_arrays([pa.array(cells, type=kind) for cells, kind in zip(columns, schema.types)], schema=schema))
                count += len(batch)
    return count


def _arrow_type(column: str, pa: Any) -> Any:
    if column in ("line", "start", "end"):
        return pa.int64()
    if column == "confidence" or column.startswith(("p_", "sentiment_")):
        return pa.float64()
    return pa.string()
