"""Conditioning on a target: a statement's stance toward *what* (SemEval-style data has a `target` column)."""

from __future__ import annotations

from typing import Any

TARGET_SEPARATOR = " ||| "
"""Between the target and the text when a model was trained with targets prepended."""


def uses_targets(model: Any) -> bool:
    """Whether `model` reads texts with their target prepended: trained that way, or one model per target (its manifest says)."""
    return getattr(model, "manifest_", {}).get("target_mode") in ("prefix", "per-target")


def with_target(text: str, target: str | None, model: Any = None) -> str:
    """The text as the model expects it: prefixed by its target when the model was trained that way."""
    if target and (model is None or uses_targets(model)):
        return f"target {target}{TARGET_SEPARATOR}{text}"
    return text
