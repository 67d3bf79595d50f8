"""Labelling statements: texts, Statements or user records in, ScoredStatements out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from stance.dates import parse_date
from stance.labels import label_order
from stance.loading import default_model, read_model
from stance.model import StanceModel
from stance.record import PLACE_FIELDS, ScoredStatement, Statement, is_dataframe
from stance.sentiment import analyze_sentiment
from stance.targets import with_target
from stance.workers import ordered_in_workers

if TYPE_CHECKING:
    from pandas import DataFrame

CHUNK = 8192
"""Statements labelled per call to the model when streaming."""
TERMS = 3
"""Terms kept per statement when explanations are asked for."""
_TEXT_FIELDS = ("speaker", "country", "doc", "kind", "file", "target")
_NUMBER_FIELDS = ("start", "end", "line")


def as_statement(item: object, index: int) -> Statement:
    """One input item (a string, a Statement, or a mapping with `text`) as a checked Statement; raise naming its index."""
    if isinstance(item, ScoredStatement):
        item = item.statement()
    if isinstance(item, str):
        item = {"text": item}
    elif isinstance(item, Statement):
        item = {"text": item.text, **item.place()}
    elif isinstance(item, Mapping):
        if "text" not in item:
            raise ValueError(f"statements[{index}] has no 'text' field (fields: {', '.join(map(str, item)) or 'none'})")
    else:
        kind = "None" if item is None else type(item).__name__
        raise TypeError(f"statements[{index}] is {kind}; expected a string, a Statement, or a mapping with 'text'")
    record = {k: (None if _missing(v) else v) for k, v in item.items() if k == "text" or k in PLACE_FIELDS}
    text = record.get("text")
    if not isinstance(text, str):
        kind = "missing" if text is None else type(text).__name__
        raise TypeError(f"statements[{index}]: 'text' is {kind}, expected a string")
    if not text.strip():
        raise ValueError(f"statements[{index}]: 'text' is empty or only white space")
    for name in _TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise TypeError(f"statements[{index}]: '{name}' is {type(value).__name__}, expected a string")
    for name in _NUMBER_FIELDS:
        value = record.get(name)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)) or value != int(value):
                raise TypeError(f"statements[{index}]: '{name}' is {value!r}, expected a whole number")
            record[name] = int(value)
    date = record.get("date")
    if date is not None:
        iso = date.isoformat() if hasattr(date, "isoformat") else date
        parsed = parse_date(iso) if isinstance(iso, str) else None
        if parsed is None:
            raise ValueError(f"statements[{index}]: 'date' is not a date: {date!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
        record["date"] = parsed
    return Statement(**record)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def iter_scored(
    statements: Iterable[Statement],
    model: StanceModel,
    chunk: int = CHUNK,
    sentiment: bool = False,
    explain: bool = False,
    jobs: int = 1,
) -> Iterator[ScoredStatement]:
    """Label Statements lazily, `chunk` at a time, so memory stays flat however many there are.

    `sentiment` adds VADER's tone; `explain` adds the terms that pushed hardest toward each label (`terms`).
    `jobs` > 1 labels chunks in that many worker processes (joblib), each loading the model once; the
    results are the same, in the same order, as with one job.
    """
    classes = [str(c) for c in model.classes_]
    order = [classes.index(label) for label in label_order(classes)]
    names = [classes[k] for k in order]
    iterator = iter(statements)
    batches = iter(lambda: list(islice(iterator, chunk)), [])
    if jobs == 1:
        results = ((batch, score_batch(model, _inputs(batch, model), sentiment, explain)) for batch in batches)
    else:
        reference = model.to_bytes()  # sent with each chunk, read once per worker; never a file that may differ from `model`
        results = ordered_in_workers(score_batch, batches, jobs, lambda batch: (reference, _inputs(batch, model), sentiment, explain))
    for batch, (probabilities, tones, terms) in results:
        rows = probabilities[:, order]
        for statement, row, best, tone, top in zip(batch, rows.tolist(), rows.argmax(axis=1).tolist(), tones, terms):
            probabilities_of = dict(zip(names, row))
            yield ScoredStatement(statement.text, **statement.place(), label=names[best], probabilities=probabilities_of, sentiment=tone, terms=top)


def _inputs(batch: list[Statement], model: StanceModel) -> list[str]:
    return [with_target(s.text, s.target, model) for s in batch]


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
    return read_model(data)


@overload
def label_statements(statements: DataFrame, *, model: StanceModel | None = None, sentiment: bool = False) -> DataFrame: ...


@overload
def label_statements(
    statements: Iterable[str | Statement | Mapping[str, Any]], *, model: StanceModel | None = None, sentiment: bool = False
) -> list[ScoredStatement]: ...


def label_statements(
    statements: DataFrame | Iterable[str | Statement | Mapping[str, Any]], *, model: StanceModel | None = None, sentiment: bool = False
) -> DataFrame | list[ScoredStatement]:
    """Label statements: strings, `Statement`s, or mappings with `text` (optional speaker, country, date, doc).

    Returns a list of ScoredStatement; given a pandas DataFrame, returns a copy with `label`, `confidence`
    and one `p_<label>` column per label added. `sentiment=True` adds VADER's tone (`sentiment_*` columns).
    """
    model = default_model() if model is None else model
    if is_dataframe(statements):
        return _label_frame(statements, model, sentiment)
    if isinstance(statements, (str, bytes)) or isinstance(statements, Mapping):
        raise TypeError("statements must be a list (or other iterable) of statements; wrap one statement in a list")
    try:
        items = list(statements)
    except TypeError:
        raise TypeError(f"statements must be an iterable, got {type(statements).__name__}") from None
    checked = [as_statement(item, i) for i, item in enumerate(items)]
    return list(iter_scored(checked, model, sentiment=sentiment))


def _label_frame(frame: Any, model: StanceModel, sentiment: bool) -> Any:
    if "text" not in frame.columns:
        raise ValueError(f"the DataFrame has no 'text' column (columns: {', '.join(map(str, frame.columns))})")
    checked = [as_statement(row, i) for i, row in enumerate(frame.to_dict("records"))]
    labelled = list(iter_scored(checked, model, sentiment=sentiment))
    out = frame.copy()
    out["label"] = [s.label for s in labelled]
    out["confidence"] = [s.confidence for s in labelled]
    for label in label_order(model.classes_):
        out[f"p_{label}"] = [s.probabilities[label] for s in labelled]
    if sentiment:
        for name in ("compound", "pos", "neu", "neg"):
            out[f"sentiment_{name}"] = [getattr(s.sentiment, name) for s in labelled]
    return out
