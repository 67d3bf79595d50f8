"""The stance labels and the reader/validator for labelled statement files."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from stance.errors import LabelFileError
from stance.io import read_csv

LABELS: tuple[str, ...] = ("pro-ceasefire", "rejecting", "neutral")
"""The three stance labels, in the column order of every probability array."""


def label_order(classes) -> list[str]:
    """The order to report a model's classes in: LABELS for a stance model, else the model's own order."""
    names = [str(c) for c in classes]
    return list(LABELS) if sorted(names) == sorted(LABELS) else names


REQUIRED_COLUMNS: tuple[str, ...] = ("id", "text", "label", "speaker", "country", "source")

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class LabelledStatement:
    """One row of a labelled file, with the line it starts on."""

    id: str
    text: str
    label: str
    speaker: str
    country: str
    source: str
    line: int
    extra: tuple[tuple[str, str], ...] = ()


def normalize_text(text: str) -> str:
    """Case- and space-folded form of a text, used to find duplicate statements."""
    return _SPACES.sub(" ", text).strip().casefold()


def read_labelled(path: str | Path, labels: tuple[str, ...] = LABELS) -> list[LabelledStatement]:
    """Read and validate a labelled CSV; raise LabelFileError naming the line of the first fault.

    Rules: the header has every required column; each label is one of `labels`;
    no text is empty; no id repeats; no text (after folding case and spaces) appears twice.
    """
    return read_csv(path, LabelFileError, lambda path, reader: _validate_rows(path, reader, labels))


def _validate_rows(path: Path, reader, labels: tuple[str, ...]) -> list[LabelledStatement]:
    header = next(reader, None)
    if header is None:
        raise LabelFileError(path, 1, "empty file: expected a header row")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LabelFileError(path, 1, f"header lacks column(s) {', '.join(missing)}")
    position = {name: i for i, name in enumerate(header)}
    extra_columns = [c for c in header if c not in REQUIRED_COLUMNS]
    rows: list[LabelledStatement] = []
    id_lines: dict[str, int] = {}
    text_lines: dict[str, tuple[int, str]] = {}
    line = reader.line_num + 1
    for fields in reader:
        start, line = line, reader.line_num + 1
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            raise LabelFileError(path, start, f"expected {len(header)} fields, found {len(fields)}")
        value = {name: fields[i] for name, i in position.items()}
        row_id, text, label = value["id"].strip(), value["text"].strip(), value["label"].strip()
        if not row_id:
            raise LabelFileError(path, start, "empty id")
        if row_id in id_lines:
            raise LabelFileError(path, start, f"id {row_id!r} repeats (first on line {id_lines[row_id]})")
        if not text:
            raise LabelFileError(path, start, f"empty text (id {row_id!r})")
        if label not in labels:
            raise LabelFileError(path, start, f"unknown label {label!r} (id {row_id!r}); expected one of {', '.join(labels)}")
        key = normalize_text(text)
        if key in text_lines:
            first_line, first_label = text_lines[key]
            if first_label != label:
                problem = f"same text as line {first_line} with another label ({label!r} vs {first_label!r})"
            else:
                problem = f"duplicate of the text on line {first_line}"
            raise LabelFileError(path, start, problem)
        id_lines[row_id] = start
        text_lines[key] = (start, label)
        rows.append(
            LabelledStatement(
                id=row_id,
                text=text,
                label=label,
                speaker=value["speaker"].strip(),
                country=value["country"].strip(),
                source=value["source"].strip(),
                line=start,
                extra=tuple((c, value[c]) for c in extra_columns),
            )
        )
    if not rows:
        raise LabelFileError(path, None, "no labelled rows")
    return rows


def normalise_text(text: str) -> str:
    """Deprecated name of `normalize_text`."""
    warnings.warn("stance.labels.normalise_text is deprecated; use normalize_text", DeprecationWarning, stacklevel=2)
    return normalize_text(text)
