"""One stance model per target, in one model file: texts carry their target as `stance.targets.with_target` prefixes it.

SemEval-style data asks for a statement's stance toward a named target; a model per target (each with its own
vocabulary and settings) can beat one model that sees the target as a prefix. `TargetedModel` has the
interface of `StanceModel` (fit, predict, predict_proba, classes_, explain, save/load) and sends each text to
the model of its target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

import stance.explain as explaining
from stance.errors import ModelFileError, StanceError, check_texts
from stance.model import PER_TARGET, StanceModel, TextInput
from stance.persistence import ModelFile, pack
from stance.targets import TARGET_SEPARATOR

PREFIX = "target "
FILE_KEYS = frozenset({"format", "format_version", "files", "checksum"})
"""Manifest entries that describe a file, not a model: a member model does not carry them into its entry."""


def split_target(text: str) -> tuple[str | None, str]:
    """The target and the bare text of a text prefixed by `with_target`; (None, text) when it has no prefix."""
    head, separator, rest = text.partition(TARGET_SEPARATOR)
    if separator and head.startswith(PREFIX):
        return head[len(PREFIX) :], rest
    return None, text


class TargetedModel(ModelFile, TextInput, ClassifierMixin, BaseEstimator):
    """A StanceModel per target; X is texts prefixed by their target (``target T ||| text``), each scored by T's model.

    `estimator` gives the settings every target's model is fitted with, or a mapping target -> settings.
    After fitting (or loading), `models_` maps each target to its fitted model and `classes_` is the sorted
    union of their labels; a target's model gives the labels it never saw probability 0.
    """

    def __init__(self, estimator: StanceModel | Mapping[str, StanceModel] | None = None) -> None:
        self.estimator = estimator

    def fit(self, X: Iterable[str], y: Iterable[Any]) -> TargetedModel:
        """Fit one model per target on that target's texts; every text must carry a target."""
        texts = check_texts(X)
        labels = np.asarray(list(y))
        if len(labels) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(labels)} labels")
        targets, bare = self._split(texts, known=None)
        models = {}
        for target in sorted(set(targets)):
            rows = [i for i, t in enumerate(targets) if t == target]
            settings = self.estimator.get(target, StanceModel()) if isinstance(self.estimator, Mapping) else self.estimator or StanceModel()
            models[target] = clone(settings).fit([bare[i] for i in rows], labels[rows])
        return self._set_models(models, {})

    @classmethod
    def from_models(cls, models: Mapping[str, StanceModel], manifest: dict | None = None) -> TargetedModel:
        """A fitted TargetedModel holding these fitted models (target -> model) as they are."""
        if not models:
            raise ValueError("need at least one target's model")
        for target, model in models.items():
            check_is_fitted(model, "coef_")
            if not isinstance(target, str) or not target or TARGET_SEPARATOR in target:
                raise ValueError(f"target names must be non-empty strings without {TARGET_SEPARATOR!r}, got {target!r}")
        return cls(dict(models))._set_models(dict(models), manifest or {})

    def _set_models(self, models: dict[str, StanceModel], manifest: dict) -> TargetedModel:
        self.models_ = dict(sorted(models.items()))
        self.targets_ = list(self.models_)
        self.classes_ = np.array(sorted({str(c) for model in models.values() for c in model.classes_}))
        self.manifest_ = {**manifest, "target_mode": PER_TARGET}
        self.path_: Path | None = None
        return self

    def _split(self, texts: list[str], known: list[str] | None) -> tuple[list[str], list[str]]:
        targets, bare = [], []
        for index, text in enumerate(texts):
            target, rest = split_target(text)
            if target is None:
                raise StanceError(None, None, f"texts[{index}] has no target: this model holds one model per target; prefix it with with_target")
            if known is not None and target not in known:
                raise StanceError(None, None, f"texts[{index}]: {unknown_target(target, known)}")
            targets.append(target)
            bare.append(rest)
        return targets, bare

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Class probabilities (n, n_classes), columns in `classes_` order; each row from its target's model."""
        check_is_fitted(self, "models_")
        targets, bare = self._split(check_texts(X), self.targets_)
        out = np.zeros((len(bare), len(self.classes_)))
        columns = {str(c): k for k, c in enumerate(self.classes_)}
        for target, model in self.models_.items():
            rows = [i for i, t in enumerate(targets) if t == target]
            if rows:
                out[np.ix_(rows, [columns[str(c)] for c in model.classes_])] = model.predict_proba([bare[i] for i in rows])
        return out

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """The most probable label of each text, as an array."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def explain(self, text: str, top: int = 5, label: str | None = None) -> explaining.Explanation:
        """The terms of `text` that pushed its target's model toward its label (or `label`) and against it."""
        check_is_fitted(self, "models_")
        (target,), (bare,) = self._split(check_texts([text]), self.targets_)
        return self.models_[target].explain(bare, top, label)

    def top_features(self, label: str, n: int = 20, kind: str = "word", target: str | None = None) -> list[tuple[str, float]]:
        """The `n` terms of `target`'s model with the largest coefficients for `label` (`target` may be left out when there is one)."""
        check_is_fitted(self, "models_")
        if target is None and len(self.targets_) == 1:
            target = self.targets_[0]
        if target is None:
            raise ValueError(
                f"this model holds one model per target; name one: top_features(label, target=...) with one of {', '.join(self.targets_)}"
            )
        if target not in self.models_:
            raise ValueError(unknown_target(target, self.targets_))
        return self.models_[target].top_features(label, n, kind)

    # -- persistence -------------------------------------------------------

    def _pack(self, manifest: dict | None = None) -> tuple[bytes, dict]:
        check_is_fitted(self, "models_")
        arrays, terms, members = {}, {}, []
        for k, (target, model) in enumerate(self.models_.items()):
            member = f"targets/{k}"
            own_arrays, own_terms, own = model.parts()
            arrays.update((f"{member}/{name}", value) for name, value in own_arrays.items())
            terms.update((f"{member}/{name}", value) for name, value in own_terms.items())
            kept = {key: value for key, value in model.manifest_.items() if key not in FILE_KEYS}
            members.append({**kept, **own, "target": target, "member": member})
        full = {**self.manifest_, **(manifest or {}), "target_mode": PER_TARGET, "labels": [str(c) for c in self.classes_], "targets": members}
        return pack(arrays, terms, full)

    @classmethod
    def from_parts(cls, manifest: dict, parts: dict, where: str | Path) -> TargetedModel:
        """A model from a checked manifest and its parts (as `persistence.unpack` returns them); ModelFileError if they do not fit."""
        members = manifest.get("targets")
        if manifest.get("target_mode") != PER_TARGET or not isinstance(members, list) or not members:
            raise ModelFileError(where, "not a file of one model per target (no 'targets' in its manifest)")
        models = {}
        for entry in members:
            if not isinstance(entry, dict) or not isinstance(entry.get("target"), str) or not isinstance(entry.get("member"), str):
                raise ModelFileError(where, f"malformed target entry {entry!r}")
            prefix = entry["member"] + "/"
            own = {name[len(prefix) :]: value for name, value in parts.items() if name.startswith(prefix)}
            models[entry["target"]] = StanceModel.from_parts(entry, own, where)
        if len(models) != len(members):
            raise ModelFileError(where, "a target appears twice")
        top = {key: value for key, value in manifest.items() if key != "targets"}
        return cls(models)._set_models(models, top)


def unknown_target(target: str, known: list[str]) -> str:
    """The one-line problem of a target no model was trained for."""
    return f"target {target!r} is not one this model has a model for ({', '.join(known)})"
