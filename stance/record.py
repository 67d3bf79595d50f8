"""The statement record that flows down the pipeline: extracted or read, then labelled, then summed up.

A `Statement` is what someone said and where it came from; a `ScoredStatement` is the same record with the
model's label, probabilities and, when asked for, tone and top terms. `to_dict` is the one serialization of
both (the CLI's JSON lines, the evidence of JSON reports).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from stance.sentiment import Sentiment

PLACE_FIELDS: tuple[str, ...] = ("speaker", "country", "date", "doc", "file", "line", "kind", "start", "end", "target")
"""The optional fields of a Statement (everything but `text`), in the order `to_dict` writes them."""


@dataclass(frozen=True)
class Statement:
    """What one speaker said and where it came from.

    `kind` is ``"direct"`` or ``"reported"`` for extracted statements; `start`/`end` are character offsets in the
    article (``text == article[start:end]``); `doc` is the article or document id; `file`/`line` the place in a
    statement file; `date` is ISO (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); `target` what the stance is toward
    (SemEval-style data).
    """

    text: str
    speaker: str | None = None
    country: str | None = None
    kind: str | None = None
    start: int | None = None
    end: int | None = None
    doc: str | None = None
    date: str | None = None
    file: str | None = None
    line: int | None = None
    target: str | None = None

    @property
    def doc_id(self) -> str | None:
        """Deprecated name of `doc`."""
        warnings.warn("Statement.doc_id is deprecated; use Statement.doc", DeprecationWarning, stacklevel=2)
        return self.doc

    @property
    def source(self) -> str:
        """Where a reader finds the statement: ``file, line N`` or ``doc, characters A-B``."""
        if self.line is not None:
            return f"{self.file or self.doc}, line {self.line}"
        if self.start is not None:
            return f"{self.doc or '<text>'}, characters {self.start}-{self.end}"
        return self.doc or "<text>"

    def place(self) -> dict[str, Any]:
        """The optional fields as keyword arguments, to build another record about the same statement."""
        return {name: getattr(self, name) for name in PLACE_FIELDS}

    def to_dict(self, *, every_field: bool = False) -> dict[str, Any]:
        """A JSON-ready dict: `text`, every optional field that is set (all of them, None included, with `every_field`),
        and `source` when the statement comes from a file or document."""
        out: dict[str, Any] = {"text": self.text}
        out.update((name, value) for name in PLACE_FIELDS if (value := getattr(self, name)) is not None or every_field)
        if self.file is not None or self.doc is not None:
            out["source"] = self.source
        return out


@dataclass(frozen=True, kw_only=True)
class ScoredStatement(Statement):
    """A statement with its predicted label, the probability of each label, and optionally its tone and top terms."""

    label: str
    probabilities: dict[str, float]
    sentiment: Sentiment | None = None
    terms: tuple[tuple[str, float], ...] = ()

    @property
    def confidence(self) -> float:
        """The probability of the predicted label (calibrated: of statements at 0.8, about 80% are labelled right)."""
        return self.probabilities[self.label]

    def statement(self) -> Statement:
        """The unlabelled record."""
        return Statement(self.text, **self.place())

    def to_dict(self, *, every_field: bool = False, digits: int = 6) -> dict[str, Any]:
        """A JSON-ready dict: the Statement's fields, then label, confidence and probabilities (rounded to `digits`),
        and `sentiment` and `terms` when present."""
        out = super().to_dict(every_field=every_field)
        out.update(
            label=self.label,
            confidence=round(self.confidence, digits),
            probabilities={k: round(v, digits) for k, v in self.probabilities.items()},
        )
        if self.sentiment is not None:
            out["sentiment"] = self.sentiment.to_dict()
        if self.terms:
            out["terms"] = [[t, round(c, 4)] for t, c in self.terms]
        return out


_LEGACY_ORDER = ("label", "probabilities", "speaker", "country", "date", "doc", "kind", "start", "end", "file", "line", "sentiment", "terms")
_dataclass_init = ScoredStatement.__init__


def _init(self: ScoredStatement, text: str, *legacy: Any, **fields: Any) -> None:
    if legacy:
        message = "ScoredStatement(text, label, probabilities, ...) is deprecated: name label= and probabilities="
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        fields.update(zip(_LEGACY_ORDER, legacy))
    _dataclass_init(self, text, **fields)


ScoredStatement.__init__ = _init  # keeps the positional form of version 0.1 working for one release


def is_dataframe(obj: object) -> bool:
    """Whether `obj` is a pandas DataFrame (without importing pandas)."""
    return type(obj).__name__ == "DataFrame" and type(obj).__module__.startswith("pandas")


def scored_from_frame(frame: Any, labels: tuple[str, ...]) -> list[ScoredStatement]:
    """The rows of a DataFrame from `label_statements` (text, label, p_<label>, optional place and sentiment_* columns)."""
    if "label" not in frame.columns:
        raise ValueError("the DataFrame has no 'label' column; label it with stance.label_statements first")
    out = []
    for row in frame.to_dict("records"):
        clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
        probabilities = {label: float(clean.get(f"p_{label}", 1.0 if row["label"] == label else 0.0)) for label in labels}
        date = clean.get("date")
        if date is not None and hasattr(date, "isoformat"):
            date = date.isoformat()[:10]
        tone = None
        if clean.get("sentiment_compound") is not None:
            tone = Sentiment(*(float(clean.get(f"sentiment_{k}") or 0.0) for k in ("compound", "pos", "neu", "neg")))
        place = {name: clean.get(name) for name in ("speaker", "country", "doc")}
        out.append(ScoredStatement(str(clean.get("text", "")), date=date, **place, label=row["label"], probabilities=probabilities, sentiment=tone))
    return out
