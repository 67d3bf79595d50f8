"""Measuring a model on labelled data: any CSV, TSV or JSON Lines file with a text and a label column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stance.errors import InputFileError
from stance.io import read_labelled_statements
from stance.labels import label_order
from stance.metrics import score
from stance.model import StanceModel, default_model
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
    model = default_model() if model is None else model
    pairs = list(read_labelled_statements(path, text_column=text_column, label_column=label_column, on_bad_line=on_bad_line))
    if not pairs:
        raise InputFileError(path, None, "no labelled statements in this file")
    classes = label_order(model.classes_)
    unknown = sorted({label for _, label in pairs} - set(classes))
    if unknown:
        first = next(s.line for s, label in pairs if label in unknown)
        known = ", ".join(classes)
        raise InputFileError(path, first, f"label {unknown[0]!r} is not one the model predicts ({known}); unknown labels: {', '.join(unknown)}")
    predicted = model.predict([with_target(s.text, s.target, model) for s, _ in pairs])
    result = score([label for _, label in pairs], predicted, classes)
    result["data"] = str(path)
    return result
