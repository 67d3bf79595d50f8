"""Measuring a model on labelled data: any CSV, TSV or JSON Lines file with a text and a label column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stance.errors import InputFileError
from stance.io import read_labelled_statements, sha256_of
from stance.labels import label_order
from stance.loading import default_model
from stance.metrics import score
from stance.model import StanceModel
from stance.record import Statement
from stance.targeted import TargetedModel, unknown_target
from stance.targets import with_target


def evaluate(
    path: str | Path,
    model: StanceModel | TargetedModel | None = None,
    *,
    text_column: str = "text",
    label_column: str = "label",
    on_bad_line: Callable[[InputFileError], None] | None = None,
) -> dict:
    """Score `model` (default: the bundled one) on a labelled file; the keys are those of `stance.metrics.score`, and `warnings`.

    A `target` column, when the file has one, is given to the model the way it was trained with it (a model per
    target needs one on every row). `warnings` lists what makes the scores misleading: the file being the
    model's own training data. Raises InputFileError for a bad file, or one whose labels (or targets) the
    model does not know; with `on_bad_line`, bad lines are passed to it and skipped.
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
    predicted = model.predict(model_inputs(path, [s for s, _ in pairs], model))
    result = score([label for _, label in pairs], predicted, classes)
    result["data"] = str(path)
    result["warnings"] = [message] if (message := training_data_warning(path, model)) else []
    return result


def model_inputs(path: str | Path, statements: list[Statement], model: StanceModel | TargetedModel) -> list[str]:
    """The texts as `model` takes them: with their target prepended for a model trained so, routed by it for a model per target."""
    if not isinstance(model, TargetedModel):
        return [with_target(s.text, s.target, model) for s in statements]
    for s in statements:
        if not s.target:
            raise InputFileError(path, s.line, f"no target: this model holds one model per target ({', '.join(model.targets_)})")
        if s.target not in model.models_:
            raise InputFileError(path, s.line, unknown_target(s.target, model.targets_))
    return [with_target(s.text, s.target) for s in statements]


def training_data_warning(path: str | Path, model: StanceModel | TargetedModel) -> str | None:
    """A warning when the file at `path` is the one `model` was trained on (same SHA-256 as in its manifest), else None."""
    recorded = getattr(model, "manifest_", {}).get("training_data", {}).get("sha256")
    if not recorded:
        return None
    if sha256_of(path) != recorded:
        return None
    return f"{path} is the model's own training data (the SHA-256 in its manifest): the scores overstate its accuracy on new statements"
