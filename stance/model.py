"""The stance classifier: TF-IDF features + multinomial logistic regression, as a scikit-learn estimator.

Training uses scikit-learn; prediction uses only numpy on the exported vocabulary, idf and coefficients, so it
is fast and needs no unpickling. Model files are written and checked by `stance.persistence`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

import stance.explain as explaining
from stance.errors import ModelFileError, check_texts
from stance.features import FeatureSettings, LinearScorer, TfidfFeatures
from stance.persistence import ModelFile, pack
from stance.preprocess import TOKEN_PATTERN, default_frame_verbs

FRAME_VERBS: tuple[str, ...] = default_frame_verbs()
"""The attribution-frame verbs the shipped model strips (``stance/data/frame_verbs.txt``)."""
PER_TARGET = "per-target"
"""The manifest's `target_mode` of a file holding one model per target (see stance.targeted)."""


class TextInput:
    """scikit-learn tags of an estimator whose X is a list of strings, not a 2-D array."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


class StanceModel(ModelFile, TextInput, ClassifierMixin, BaseEstimator):
    """TF-IDF (word and char_wb n-grams) + logistic-regression text classifier; X is a list of strings.

    The defaults are the shipped model's settings. `temperature` divides every decision score (calibration).
    `classes_` is sorted, as in scikit-learn, and orders the columns of `predict_proba`. `features` is deprecated:
    pass the flat parameters instead.
    """

    def __init__(
        self,
        features: FeatureSettings | None = None,
        C: float = 30.0,
        class_weight: str | dict | None = "balanced",
        max_iter: int = 5000,
        *,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        sublinear_tf: bool = True,
        fold_numbers: bool = True,
        negation_scope: int = 2,
        frame_verbs: tuple[str, ...] = FRAME_VERBS,
        temperature: float = 1.0,
    ) -> None:
        self.features = features
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.sublinear_tf = sublinear_tf
        self.fold_numbers = fold_numbers
        self.negation_scope = negation_scope
        self.frame_verbs = frame_verbs
        self.temperature = temperature

    def feature_settings(self) -> FeatureSettings:
        """How this model turns texts into features (from the flat parameters, or the deprecated `features`)."""
        if self.features is not None:
            warnings.warn(
                "StanceModel(features=FeatureSettings(...)) is deprecated; pass word_ngram_range=... etc.", DeprecationWarning, stacklevel=3
            )
            return self.features
        return FeatureSettings(
            word_ngram_range=tuple(self.word_ngram_range),
            char_ngram_range=tuple(self.char_ngram_range) if self.char_ngram_range else None,
            sublinear_tf=self.sublinear_tf,
            fold_numbers=self.fold_numbers,
            negation_scope=self.negation_scope,
            frame_verbs=tuple(self.frame_verbs),
        )

    # -- training ----------------------------------------------------------

    def make_pipeline(self):
        """An unfitted scikit-learn Pipeline (FeatureUnion of TfidfVectorizers + LogisticRegression) with these settings."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        settings = self.feature_settings()
        common = {"preprocessor": settings.preprocess, "sublinear_tf": settings.sublinear_tf}
        blocks = [("word", TfidfVectorizer(token_pattern=TOKEN_PATTERN, ngram_range=settings.word_ngram_range, **common))]
        if settings.char_ngram_range:
            blocks.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=settings.char_ngram_range, **common)))
        classifier = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        return Pipeline([("features", FeatureUnion(blocks)), ("classifier", classifier)])

    def fit(self, X: Iterable[str], y: Iterable[Any]) -> StanceModel:
        """Fit on texts `X` and their labels `y`; `classes_` becomes the sorted distinct labels."""
        texts = check_texts(X)
        labels = np.asarray(list(y))
        if labels.ndim != 1 or len(labels) != len(texts):
            raise ValueError(f"got {len(texts)} texts but labels of shape {labels.shape}")
        check_classification_targets(labels)
        classes = np.unique(labels)
        if len(classes) < 2:
            raise ValueError(f"need at least two distinct labels to fit, found {classes.tolist()}")
        if not self.temperature > 0:
            raise ValueError(f"temperature must be positive, got {self.temperature}")
        pipeline = self.make_pipeline().fit(texts, labels)
        union, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
        blocks = dict(union.transformer_list)
        features = TfidfFeatures.from_vectorizers(self.feature_settings(), blocks["word"], blocks.get("char"))
        coef, intercept = classifier.coef_, classifier.intercept_
        if coef.shape[0] == 1:
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self._set_state(features, coef / self.temperature, intercept / self.temperature, classifier.classes_, {})
        return self

    def _set_state(self, features: TfidfFeatures, coef: np.ndarray, intercept: np.ndarray, classes: np.ndarray, manifest: dict) -> None:
        self.features_ = features
        self.coef_ = np.ascontiguousarray(coef, dtype=np.float64)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.classes_ = np.asarray(classes)
        self.manifest_ = manifest
        self.path_: Path | None = None
        self._scorer = LinearScorer(features, self.coef_.T)

    def set_temperature(self, temperature: float) -> StanceModel:
        """Calibrate a fitted model in place: decision scores are divided by `temperature` instead of the current one."""
        check_is_fitted(self, "coef_")
        if not temperature > 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        scale = self.temperature / temperature
        self._set_state(self.features_, self.coef_ * scale, self.intercept_ * scale, self.classes_, self.manifest_)
        self.temperature = temperature
        return self

    # -- prediction --------------------------------------------------------

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """Linear scores (n, n_classes): intercept plus tf-idf weights times coefficients."""
        check_is_fitted(self, "coef_")
        return self._scorer(check_texts(X)) + self.intercept_

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Class probabilities (n, n_classes), columns in `classes_` order, rows summing to 1."""
        scores = self.decision_function(X)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """The most probable label of each text, as an array."""
        scores = self.decision_function(X)
        return self.classes_[scores.argmax(axis=1)]

    def explain(self, text: str, top: int = 5, label: str | None = None) -> explaining.Explanation:
        """The terms of `text` that pushed toward its predicted label (or `label`) and against it; see stance.explain."""
        check_is_fitted(self, "coef_")
        return explaining.explain(self, check_texts([text])[0], top, label)

    def top_features(self, label: str, n: int = 20, kind: str = "word") -> list[tuple[str, float]]:
        """The `n` word (or char) n-grams with the largest coefficients for `label`."""
        check_is_fitted(self, "coef_")
        return explaining.top_features(self, label, n, kind)

    def to_pipeline(self):
        """A fitted scikit-learn Pipeline that predicts exactly as this model does (for joblib.dump)."""
        check_is_fitted(self, "coef_")
        pipeline = self.make_pipeline()
        union, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
        f = self.features_
        fixed = {"word": (f.word_terms, f.idf[: f.n_word]), "char": (f.char_terms, f.idf[f.n_word :])}
        for name, vectorizer in union.transformer_list:
            terms, idf = fixed[name]
            vectorizer.set_params(vocabulary={t: i for i, t in enumerate(terms)})
            vectorizer.fit(["placeholder"])
            vectorizer.idf_ = idf
        classifier.classes_ = np.array(self.classes_)
        if len(self.classes_) == 2:
            classifier.coef_ = (self.coef_[1] - self.coef_[0])[None, :]
            classifier.intercept_ = np.array([self.intercept_[1] - self.intercept_[0]])
        else:
            classifier.coef_ = self.coef_.copy()
            classifier.intercept_ = self.intercept_.copy()
        classifier.n_features_in_ = f.n_features
        return pipeline

    # -- deprecated names --------------------------------------------------

    @property
    def manifest(self) -> dict:
        """Deprecated: use `manifest_`."""
        warnings.warn("StanceModel.manifest is deprecated; use manifest_", DeprecationWarning, stacklevel=2)
        return getattr(self, "manifest_", {})

    @property
    def path(self) -> Path | None:
        """Deprecated: use `path_`."""
        warnings.warn("StanceModel.path is deprecated; use path_", DeprecationWarning, stacklevel=2)
        return getattr(self, "path_", None)

    # -- persistence -------------------------------------------------------

    def _pack(self, manifest: dict | None = None) -> tuple[bytes, dict]:
        arrays, terms, own = self.parts()
        return pack(arrays, terms, {**self.manifest_, **(manifest or {}), **own})

    def parts(self) -> tuple[dict[str, np.ndarray], dict[str, list[str]], dict]:
        """What a model file holds of this fitted model: arrays, term lists, and the manifest entries that describe them."""
        check_is_fitted(self, "coef_")
        f = self.features_
        own = {
            "labels": [str(c) for c in self.classes_],
            "features": f.settings.to_dict(),
            "classifier": {"C": self.C, "class_weight": self.class_weight, "max_iter": self.max_iter, "temperature": self.temperature},
        }
        arrays = {"word_idf": f.idf[: f.n_word], "char_idf": f.idf[f.n_word :], "coef": self.coef_, "intercept": self.intercept_}
        return arrays, {"word_terms": f.word_terms, "char_terms": f.char_terms}, own

    @classmethod
    def from_parts(cls, manifest: dict, parts: dict, where: str | Path) -> StanceModel:
        """A model from a checked manifest and the parts `parts` (as `persistence.unpack` returns them); ModelFileError if they do not fit."""
        if manifest.get("target_mode") == PER_TARGET:
            raise ModelFileError(where, "this file holds one model per target: read it with stance.load_model")
        try:
            settings = FeatureSettings.from_dict(manifest["features"])
            classifier = manifest["classifier"]
            labels = [str(label) for label in manifest["labels"]]
            word_terms, char_terms = parts["word_terms"], parts["char_terms"]
            word_idf, char_idf, coef, intercept = parts["word_idf"], parts["char_idf"], parts["coef"], parts["intercept"]
            temperature = float(classifier.get("temperature", manifest.get("calibration", {}).get("temperature", 1.0)))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(where, f"incomplete or malformed model ({exc!r})") from None
        n_features = len(word_terms) + len(char_terms)
        problems = [
            (len(labels) < 2 or len(set(labels)) != len(labels), f"labels must be two or more distinct names, got {labels}"),
            (len(word_idf) != len(word_terms) or len(char_idf) != len(char_terms), "idf arrays do not match the term lists"),
            (coef.shape != (len(labels), n_features), f"coefficients have shape {coef.shape}, expected {(len(labels), n_features)}"),
            (intercept.shape != (len(labels),), f"intercept has shape {intercept.shape}, expected {(len(labels),)}"),
            (bool(char_terms) != bool(settings.char_ngram_range), "character n-gram settings do not match the vocabulary"),
            (not temperature > 0, f"temperature must be positive, got {temperature}"),
        ]
        for failed, problem in problems:
            if failed:
                raise ModelFileError(where, problem)
        model = cls(
            C=float(classifier["C"]),
            class_weight=classifier.get("class_weight"),
            max_iter=int(classifier.get("max_iter", 5000)),
            temperature=temperature,
            **asdict(settings),
        )
        order = np.argsort(labels, kind="stable")
        features = TfidfFeatures(settings, word_terms, word_idf, char_terms, char_idf)
        model._set_state(features, coef[order], intercept[order], np.array(labels)[order], manifest)
        return model

    def __reduce__(self):
        """Pickle a fitted model as its file's bytes, read back by the same checked loader."""
        if not hasattr(self, "coef_"):
            return super().__reduce__()
        return _unpickle, (self.to_bytes(), None if self.path_ is None else str(self.path_))


def _unpickle(data: bytes, path: str | None) -> StanceModel:
    model = StanceModel.from_bytes(data)
    model.path_ = None if path is None else Path(path)
    return model
