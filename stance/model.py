"""The stance classifier: TF-IDF features + multinomial logistic regression.

Training uses scikit-learn; prediction uses only numpy on the exported
vocabulary, idf and coefficients, so it is fast and needs no unpickling.
Saved models are zip files of .npy arrays, term lists and a JSON manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from stance.features import TOKEN_PATTERN, FeatureSettings, LinearScorer, TfidfFeatures
from stance.io import write_atomically
from stance.labels import LABELS

FORMAT = "stance-model"
FORMAT_VERSION = 2
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class ModelFileError(ValueError):
    """A model file is missing, damaged, foreign, or does not match this library."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {problem}")


def check_texts(texts: Iterable[str]) -> list[str]:
    """Return `texts` as a list of strings; raise TypeError/ValueError naming the first bad item's index."""
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"texts must be an iterable of strings, not a single {type(texts).__name__}; wrap one text in a list: [text]")
    try:
        items = list(texts)
    except TypeError:
        raise TypeError(f"texts must be an iterable of strings, got {type(texts).__name__}") from None
    for index, text in enumerate(items):
        if not isinstance(text, str):
            kind = "None" if text is None else type(text).__name__
            raise TypeError(f"texts[{index}] is {kind}, expected a string")
        if not text.strip():
            raise ValueError(f"texts[{index}] is empty or only white space")
    return items


class StanceModel:
    """TF-IDF + logistic-regression stance classifier with scikit-learn's fit/predict/predict_proba.

    `classes_` gives the column order of `predict_proba`; for the stance labels it is `LABELS`.
    """

    def __init__(
        self,
        features: FeatureSettings | None = None,
        C: float = 10.0,
        class_weight: str | None = "balanced",
        max_iter: int = 5000,
    ) -> None:
        self.features = features or FeatureSettings()
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.manifest: dict = {}
        self.path: Path | None = None

    def __repr__(self) -> str:
        return f"StanceModel(features={self.features!r}, C={self.C!r}, class_weight={self.class_weight!r})"

    # -- training ----------------------------------------------------------

    def make_pipeline(self):
        """An unfitted scikit-learn Pipeline with this model's settings."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        settings = self.features
        blocks = [
            (
                "word",
                TfidfVectorizer(
                    preprocessor=settings.preprocess,
                    token_pattern=TOKEN_PATTERN,
                    ngram_range=settings.word_ngram_range,
                    sublinear_tf=settings.sublinear_tf,
                ),
            )
        ]
        if settings.char_ngram_range:
            blocks.append(
                (
                    "char",
                    TfidfVectorizer(
                        preprocessor=settings.preprocess,
                        analyzer="char_wb",
                        ngram_range=settings.char_ngram_range,
                        sublinear_tf=settings.sublinear_tf,
                    ),
                )
            )
        classifier = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        return Pipeline([("features", FeatureUnion(blocks)), ("classifier", classifier)])

    def fit(self, texts: Iterable[str], labels: Iterable[str], classes: Sequence[str] | None = None) -> StanceModel:
        """Fit on texts and their labels; `classes` orders the output columns (default LABELS when they match, else sorted)."""
        texts = check_texts(texts)
        labels = [str(label) for label in labels]
        if len(labels) != len(texts):
            raise ValueError(f"got {len(texts)} texts but {len(labels)} labels")
        found = sorted(set(labels))
        if len(found) < 2:
            raise ValueError(f"need at least two distinct labels to fit, found {found}")
        if classes is None:
            classes = LABELS if set(found) == set(LABELS) else found
        elif sorted(classes) != found:
            raise ValueError(f"classes {list(classes)} do not match the labels found {found}")
        pipeline = self.make_pipeline().fit(texts, labels)
        union, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
        blocks = dict(union.transformer_list)
        self.features_ = TfidfFeatures.from_vectorizers(self.features, blocks["word"], blocks.get("char"))
        coef, intercept = classifier.coef_, classifier.intercept_
        if coef.shape[0] == 1:
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        order = [list(classifier.classes_).index(c) for c in classes]
        self._set_weights(coef[order], intercept[order], classes)
        return self

    def _set_weights(self, coef: np.ndarray, intercept: np.ndarray, classes: Sequence[str]) -> None:
        self.coef_ = np.ascontiguousarray(coef, dtype=np.float64)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.classes_ = np.array(list(classes), dtype=object)
        self._scorer = LinearScorer(self.features_, self.coef_.T)

    def set_temperature(self, temperature: float) -> StanceModel:
        """Divide every decision score by `temperature` (fitted on held-out scores) so probabilities are calibrated."""
        self._check_fitted()
        if not temperature > 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        self._set_weights(self.coef_ / temperature, self.intercept_ / temperature, list(self.classes_))
        return self

    # -- prediction --------------------------------------------------------

    def decision_function(self, texts: Iterable[str]) -> np.ndarray:
        """Linear scores (n, n_classes): intercept plus tf-idf weights times coefficients."""
        texts = check_texts(texts)
        self._check_fitted()
        return self._scorer(texts) + self.intercept_

    def predict_proba(self, texts: Iterable[str]) -> np.ndarray:
        """Class probabilities (n, n_classes), columns in `classes_` order, rows summing to 1."""
        scores = self.decision_function(texts)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, texts: Iterable[str]) -> list[str]:
        """The most probable label of each text."""
        scores = self.decision_function(texts)
        return [self.classes_[k] for k in scores.argmax(axis=1)]

    def explain(self, text: str, top: int = 5, label: str | None = None):
        """The terms of `text` that pushed toward its predicted label (or `label`) and against it; see stance.explain."""
        from stance.explain import explain

        self._check_fitted()
        check_texts([text])
        return explain(self, text, top, label)

    def top_features(self, label: str, n: int = 20, kind: str = "word") -> list[tuple[str, float]]:
        """The `n` word (or char) n-grams with the largest coefficients for `label`."""
        from stance.explain import top_features

        self._check_fitted()
        return top_features(self, label, n, kind)

    def to_pipeline(self):
        """A fitted scikit-learn Pipeline that predicts exactly as this model does (for joblib.dump)."""
        self._check_fitted()
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

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("this StanceModel is not fitted: call fit() or use stance.load_model()")

    # -- persistence -------------------------------------------------------

    def save(self, path: str | Path, manifest: dict | None = None) -> Path:
        """Write the model to `path` (a zip of arrays and a JSON manifest), atomically; return the path."""
        data, full = self._archive(manifest)
        write_atomically(path, data)
        self.manifest = full
        return Path(path)

    def __reduce__(self):
        """Pickle (for worker processes) as the model file's bytes, read back by the same checked loader."""
        if not hasattr(self, "coef_"):
            return object.__reduce__(self)
        return _from_archive, (self.to_bytes(), str(self.path) if self.path else None)

    def _archive(self, manifest: dict | None = None) -> tuple[bytes, dict]:
        self._check_fitted()
        f = self.features_
        entries = {
            "word_terms.txt": "\n".join(f.word_terms).encode("utf-8"),
            "char_terms.txt": "\n".join(f.char_terms).encode("utf-8"),
            "word_idf.npy": _npy(f.idf[: f.n_word]),
            "char_idf.npy": _npy(f.idf[f.n_word :]),
            "coef.npy": _npy(self.coef_),
            "intercept.npy": _npy(self.intercept_),
        }
        full = dict(self.manifest)
        full.update(manifest or {})
        full.update(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            labels=list(self.classes_),
            features=self.features.to_dict(),
            classifier={"C": self.C, "class_weight": self.class_weight, "max_iter": self.max_iter},
            files={name: hashlib.sha256(data).hexdigest() for name, data in entries.items()},
        )
        full.pop("checksum", None)
        full["checksum"] = _manifest_checksum(full)
        entries = {"manifest.json": json.dumps(full, indent=2, sort_keys=True).encode("utf-8"), **entries}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        return buffer.getvalue(), full

    @classmethod
    def load(cls, path: str | Path) -> StanceModel:
        """Read a model written by `save`; raise ModelFileError when it is damaged or foreign. Runs no code from the file."""
        path = Path(path)
        model = cls._read(path, path)
        model.path = path.resolve()
        return model

    @classmethod
    def from_bytes(cls, data: bytes) -> StanceModel:
        """A model from the bytes of a model file (as broadcast to cluster workers), checked like `load`."""
        return cls._read(io.BytesIO(data), Path("<model bytes>"))

    def to_bytes(self) -> bytes:
        """The bytes of this model's file, as `save` would write them."""
        return self._archive()[0]

    @classmethod
    def _read(cls, source: Path | io.BytesIO, path: Path) -> StanceModel:
        try:
            archive = zipfile.ZipFile(source)
        except FileNotFoundError:
            raise ModelFileError(path, "no such model file") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise ModelFileError(path, f"not a stance model file ({exc})") from None
        with archive:
            try:
                manifest = json.loads(archive.read("manifest.json"))
            except (KeyError, ValueError, zipfile.BadZipFile) as exc:
                raise ModelFileError(path, f"no readable manifest ({exc})") from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ModelFileError(path, "not a stance model file (manifest format is not 'stance-model')")
            if manifest.get("format_version") != FORMAT_VERSION:
                raise ModelFileError(path, f"model format version {manifest.get('format_version')!r} is not supported (expected {FORMAT_VERSION})")
            if manifest.get("checksum") != _manifest_checksum(manifest):
                raise ModelFileError(path, "the manifest does not match its checksum: the file is damaged or was edited")
            data = {}
            for name, digest in dict(manifest.get("files", {})).items():
                try:
                    raw = archive.read(name)
                except (KeyError, zipfile.BadZipFile, OSError) as exc:
                    raise ModelFileError(path, f"cannot read {name} ({exc})") from None
                if hashlib.sha256(raw).hexdigest() != digest:
                    raise ModelFileError(path, f"{name} does not match its checksum: the file is damaged or was edited")
                data[name] = raw
        return cls._from_parts(path, manifest, data)

    @classmethod
    def _from_parts(cls, path: Path, manifest: dict, data: dict[str, bytes]) -> StanceModel:
        try:
            settings = FeatureSettings.from_dict(manifest["features"])
            classifier = manifest["classifier"]
            labels = [str(label) for label in manifest["labels"]]
            word_terms = _terms(data["word_terms.txt"])
            char_terms = _terms(data["char_terms.txt"])
            word_idf, char_idf = _array(data["word_idf.npy"]), _array(data["char_idf.npy"])
            coef, intercept = _array(data["coef.npy"]), _array(data["intercept.npy"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(path, f"incomplete or malformed model ({exc!r})") from None
        n_features = len(word_terms) + len(char_terms)
        problems = [
            (len(labels) < 2 or len(set(labels)) != len(labels), f"labels must be two or more distinct names, got {labels}"),
            (len(word_idf) != len(word_terms) or len(char_idf) != len(char_terms), "idf arrays do not match the term lists"),
            (coef.shape != (len(labels), n_features), f"coefficients have shape {coef.shape}, expected {(len(labels), n_features)}"),
            (intercept.shape != (len(labels),), f"intercept has shape {intercept.shape}, expected {(len(labels),)}"),
            (bool(char_terms) != bool(settings.char_ngram_range), "character n-gram settings do not match the vocabulary"),
        ]
        for failed, problem in problems:
            if failed:
                raise ModelFileError(path, problem)
        model = cls(settings, C=float(classifier["C"]), class_weight=classifier.get("class_weight"), max_iter=int(classifier.get("max_iter", 5000)))
        model.features_ = TfidfFeatures(settings, word_terms, word_idf, char_terms, char_idf)
        model._set_weights(coef, intercept, labels)
        model.manifest = manifest
        return model


def _from_archive(data: bytes, path: str | None) -> StanceModel:
    model = StanceModel.from_bytes(data)
    model.path = Path(path) if path else None
    return model


def _manifest_checksum(manifest: dict) -> str:
    """SHA-256 of the manifest's canonical JSON without its own `checksum` entry."""
    body = {key: value for key, value in manifest.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array, dtype=np.float64), allow_pickle=False)
    return buffer.getvalue()


def _array(raw: bytes) -> np.ndarray:
    array = np.lib.format.read_array(io.BytesIO(raw), allow_pickle=False)
    if array.dtype != np.float64 or not np.all(np.isfinite(array)):
        raise ValueError("arrays must hold finite float64 values")
    return array


def _terms(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    return text.split("\n") if text else []
