"""Labelling statements: texts, extracted Statements or user records in, ScoredStatements out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from stance.extract import Statement
from stance.io import parse_date
from stance.model import StanceModel
from stance.sentiment import Sentiment, analyze_sentiment
from stance.workers import ordered_in_workers

CHUNK = 8192
"""Statements labelled per call to the model when streaming."""
TERMS = 3
"""Terms kept per statement when explanations are asked for."""


@dataclass(frozen=True)
class ScoredStatement:
    """A statement with its predicted label, the probability of each label, and where it came from.

    `doc` is the article or document id; `start`/`end` are character offsets in an article, `file`/`line`
    the place in a statement file; `date` is ISO (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    """

    text: str
    label: str
    probabilities: dict[str, float]
    speaker: str | None = None
    country: str | None = None
    date: str | None = None
    doc: str | None = None
    kind: str | None = None
    start: int | None = None
    end: int | None = None
    file: str | None = None
    line: int | None = None
    sentiment: Sentiment | None = None
    terms: tuple[tuple[str, float], ...] = ()

    @property
    def confidence(self) -> float:
        """The probability of the predicted label (calibrated: of statements at 0.8, about 80% are labelled right)."""
        return self.probabilities[self.label]

    @property
    def source(self) -> str:
        """Where a reader finds the statement: ``file, line N`` or ``doc, characters A-B``."""
        if self.line is not None:
            return f"{self.file or self.doc}, line {self.line}"
        if self.start is not None:
            return f"{self.doc or '<text>'}, characters {self.start}-{self.end}"
        return self.doc or "<text>"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field, plus `confidence` and `source`."""
        out = asdict(self)
        out["confidence"] = self.confidence
        out["source"] = self.source
        return out


def _is_dataframe(obj: object) -> bool:
    return type(obj).__name__ == "DataFrame" and type(obj).__module__.startswith("pandas")


def as_record(item: object, index: int) -> dict[str, Any]:
    """One input item (a string, a Statement, or a mapping with `text`) as a record dict; raise naming its index."""
    if isinstance(item, str):
        record: dict[str, Any] = {"text": item}
    elif isinstance(item, Statement):
        record = {
            "text": item.text,
            "speaker": item.speaker,
            "country": item.country,
            "doc": item.doc_id,
            "kind": item.kind,
            "start": item.start,
            "end": item.end,
        }
    elif isinstance(item, ScoredStatement):
        record = {f: getattr(item, f) for f in ("text", "speaker", "country", "date", "doc", "kind", "start", "end", "file", "line")}
    elif isinstance(item, Mapping):
        record = {k: (None if _missing(v) else v) for k, v in item.items()}
        if "text" not in record:
            raise ValueError(f"statements[{index}] has no 'text' field (fields: {', '.join(map(str, item)) or 'none'})")
    else:
        kind = "None" if item is None else type(item).__name__
        raise TypeError(f"statements[{index}] is {kind}; expected a string, a Statement, or a mapping with 'text'")
    text = record.get("text")
    if not isinstance(text, str):
        kind = "missing" if text is None else type(text).__name__
        raise TypeError(f"statements[{index}]: 'text' is {kind}, expected a string")
    if not text.strip():
        raise ValueError(f"statements[{index}]: 'text' is empty or only white space")
    for name in ("speaker", "country", "doc"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise TypeError(f"statements[{index}]: '{name}' is {type(value).__name__}, expected a string")
    date = record.get("date")
    if date is not None:
        iso = date.isoformat() if hasattr(date, "isoformat") else date
        parsed = parse_date(iso) if isinstance(iso, str) else None
        if parsed is None:
            raise ValueError(f"statements[{index}]: 'date' is not a date: {date!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
        record["date"] = parsed
    return record


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _scored(record: dict[str, Any], classes: list[str], row, sentiment: Sentiment | None, terms: tuple = ()) -> ScoredStatement:
    best = int(row.argmax())
    fields = {k: record.get(k) for k in ("speaker", "country", "date", "doc", "kind", "start", "end", "file", "line")}
    return ScoredStatement(
        text=record["text"],
        label=classes[best],
        probabilities={label: float(p) for label, p in zip(classes, row)},
        sentiment=sentiment,
        terms=terms,
        **fields,
    )


def iter_scored(
    records: Iterable[dict[str, Any]],
    model: StanceModel,
    chunk: int = CHUNK,
    sentiment: bool = False,
    explain: bool = False,
    jobs: int = 1,
) -> Iterator[ScoredStatement]:
    """Label validated records lazily, `chunk` at a time, so memory stays flat however many there are.

    `sentiment` adds VADER's tone; `explain` adds the terms that pushed hardest toward each label (`terms`).
    `jobs` > 1 labels chunks in that many worker processes (joblib), each loading the model once; the
    results are the same, in the same order, as with one job.
    """
    classes = list(model.classes_)
    iterator = iter(records)
    batches = iter(lambda: list(islice(iterator, chunk)), [])
    if jobs == 1:
        for batch in batches:
            yield from _scored_batch(batch, classes, score_batch(model, [r["text"] for r in batch], sentiment, explain))
        return
    reference = model.to_bytes()  # sent with each chunk, read once per worker; never a file that may differ from `model`

    def arguments(batch: list[dict[str, Any]]) -> tuple:
        return reference, [r["text"] for r in batch], sentiment, explain

    for batch, result in ordered_in_workers(score_batch, batches, jobs, arguments):
        yield from _scored_batch(batch, classes, result)


def _scored_batch(batch: list[dict[str, Any]], classes: list[str], result: tuple) -> Iterator[ScoredStatement]:
    for record, row, tone, terms in zip(batch, *result):
        yield _scored(record, classes, row, tone, terms)


def score_batch(model: StanceModel | bytes, texts: list[str], sentiment: bool, explain: bool) -> tuple:
    """Probabilities, tones and top terms for one batch of texts; `model` may be a model file's bytes (read once per process)."""
    if isinstance(model, bytes):
        model = _model_from(model)
    probabilities = model.predict_proba(texts)
    tones = analyze_sentiment(texts) if sentiment else [None] * len(texts)
    terms = [tuple(model.explain(text, top=TERMS).toward) for text in texts] if explain else [()] * len(texts)
    return probabilities, tones, terms


@lru_cache(maxsize=2)
def _model_from(data: bytes) -> StanceModel:
    return StanceModel.from_bytes(data)


def label_statements(statements: Any, *, model: StanceModel | None = None, sentiment: bool = False) -> Any:
    """Label statements: strings, `Statement`s, or mappings with `text` (optional speaker, country, date, doc).

    Returns a list of ScoredStatement; given a pandas DataFrame, returns a copy with `label`, `confidence`
    and one `p_<label>` column per label added. `sentiment=True` adds VADER's tone (`sentiment_*` columns).
    """
    if model is None:
        from stance import _bundled

        model = _bundled()
    if _is_dataframe(statements):
        return _label_frame(statements, model, sentiment)
    if isinstance(statements, (str, bytes)) or isinstance(statements, Mapping):
        raise TypeError("statements must be a list (or other iterable) of statements; wrap one statement in a list")
    try:
        items = list(statements)
    except TypeError:
        raise TypeError(f"statements must be an iterable, got {type(statements).__name__}") from None
    records = [as_record(item, i) for i, item in enumerate(items)]
    return list(iter_scored(records, model, sentiment=sentiment))


def _label_frame(frame: Any, model: StanceModel, sentiment: bool) -> Any:
    if "text" not in frame.columns:
        raise ValueError(f"the DataFrame has no 'text' column (columns: {', '.join(map(str, frame.columns))})")
    records = [as_record(row, i) for i, row in enumerate(frame.to_dict("records"))]
    scored = list(iter_scored(records, model, sentiment=sentiment))
    out = frame.copy()
    out["label"] = [s.label for s in scored]
    out["confidence"] = [s.confidence for s in scored]
    for label in model.classes_:
        out[f"p_{label}"] = [s.probabilities[label] for s in scored]
    if sentiment:
        for name in ("compound", "pos", "neu", "neg"):
            out[f"sentiment_{name}"] = [getattr(s.sentiment, name) for s in scored]
    return out
