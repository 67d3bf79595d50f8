"""Measuring a model on labelled data: any CSV, TSV or JSON Lines file with a text and a label column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stance.io import InputFileError, read_statements
from stance.metrics import score
from stance.model import StanceModel
from stance.targets import with_target


def evaluate(
    path: str | Path,
    model: StanceModel | None = None,
    *,
    text_column: str = "text",
    label_column: str = "label",
    on_bad_line: Callable[[InputFileError], None] | None = None,
) -> dict:
    """Score `model` (default: the bundled one) on a labelled file; the keys are those of `stance.metrics.score`.

    A `target` column, when the file has one, is given to the model the way it was trained with it.
    Raises InputFileError for a bad file, or one whose labels the model does not know; with `on_bad_line`,
    bad lines are passed to it and skipped.
    """
    if model is None:
        from stance import _bundled

        model = _bundled()
    records = list(read_statements(path, text_column=text_column, label_column=label_column, on_bad_line=on_bad_line))
    if not records:
        raise InputFileError(path, None, "no labelled statements in this file")
    classes = [str(c) for c in model.classes_]
    unknown = sorted({r["label"] for r in records} - set(classes))
    if unknown:
        first = next(r["line"] for r in records if r["label"] in unknown)
        known = ", ".join(classes)
        raise InputFileError(path, first, f"label {unknown[0]!r} is not one the model predicts ({known}); unknown labels: {', '.join(unknown)}")
    texts = [with_target(r["text"], r.get("target"), model) for r in records]
    predicted = model.predict(texts)
    result = score([r["label"] for r in records], predicted, classes)
    result["data"] = str(path)
    return result
