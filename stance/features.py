"""TF-IDF features computed exactly as scikit-learn's TfidfVectorizer does, but faster.

The model's vocabulary has two blocks, each l2-normalised on its own as in a
scikit-learn FeatureUnion: word n-grams, and character n-grams inside word
boundaries (``analyzer="char_wb"``). Character n-grams depend only on the word,
so they are computed once per distinct word and cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TOKEN_PATTERN = r"(?u)\b\w\w+\b"
_TOKEN = re.compile(TOKEN_PATTERN)
_WHITE_SPACES = re.compile(r"\s\s+")
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_WORD_CACHE_LIMIT = 200_000


def preprocess(text: str) -> str:
    """Lower-case a text and fold typographic quotes, dashes and no-break spaces to ASCII."""
    return text.translate(_PUNCTUATION).lower()


def char_wb_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams of one word padded with spaces, as scikit-learn's ``char_wb`` makes them."""
    w = " " + word + " "
    w_len = len(w)
    grams = []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        if n >= w_len:
            grams.append(w)
            break
        grams.extend(w[i : i + n] for i in range(w_len - n + 1))
    return grams


@dataclass(frozen=True)
class FeatureSettings:
    """How texts become features: word n-gram range, char_wb n-gram range (or None), tf scaling."""

    word_ngram_range: tuple[int, int] = (1, 2)
    char_ngram_range: tuple[int, int] | None = (2, 5)
    sublinear_tf: bool = True

    def to_dict(self) -> dict:
        return {
            "word_ngram_range": list(self.word_ngram_range),
            "char_ngram_range": list(self.char_ngram_range) if self.char_ngram_range else None,
            "sublinear_tf": self.sublinear_tf,
        }

    @classmethod
    def from_dict(cls, data: dict) -> FeatureSettings:
        char = data.get("char_ngram_range")
        return cls(
            word_ngram_range=tuple(data["word_ngram_range"]),
            char_ngram_range=tuple(char) if char else None,
            sublinear_tf=bool(data["sublinear_tf"]),
        )


class TfidfFeatures:
    """A fitted two-block TF-IDF vocabulary that turns texts into sparse feature rows."""

    def __init__(
        self,
        settings: FeatureSettings,
        word_terms: Sequence[str],
        word_idf: np.ndarray,
        char_terms: Sequence[str] = (),
        char_idf: np.ndarray | None = None,
    ) -> None:
        self.settings = settings
        self.word_terms = list(word_terms)
        self.char_terms = list(char_terms)
        self.n_word = len(self.word_terms)
        self.n_features = self.n_word + len(self.char_terms)
        self.word_index = {t: i for i, t in enumerate(self.word_terms)}
        self.char_index = {t: i + self.n_word for i, t in enumerate(self.char_terms)}
        empty = np.zeros(0, dtype=np.float64)
        self.idf = np.concatenate([np.asarray(word_idf, dtype=np.float64), empty if char_idf is None else np.asarray(char_idf, dtype=np.float64)])
        self._word_cache: dict[str, list[int]] = {}

    @classmethod
    def from_vectorizers(cls, settings: FeatureSettings, word_vectorizer, char_vectorizer=None) -> TfidfFeatures:
        """Take the vocabulary and idf of fitted scikit-learn TfidfVectorizers."""

        def ordered(vectorizer):
            terms = [""] * len(vectorizer.vocabulary_)
            for term, index in vectorizer.vocabulary_.items():
                terms[index] = term
            return terms, vectorizer.idf_

        word_terms, word_idf = ordered(word_vectorizer)
        char_terms, char_idf = ordered(char_vectorizer) if char_vectorizer is not None else ((), None)
        return cls(settings, word_terms, word_idf, char_terms, char_idf)

    def analyze(self, text: str) -> list[int]:
        """Feature indices of every n-gram occurrence in `text` that is in the vocabulary."""
        text = preprocess(text)
        word_get = self.word_index.get
        tokens = _TOKEN.findall(text)
        low, high = self.settings.word_ngram_range
        ids: list[int] = []
        for n in range(low, high + 1):
            grams = tokens if n == 1 else [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            ids.extend(i for g in grams if (i := word_get(g)) is not None)
        if self.char_terms:
            cache = self._word_cache
            for word in _WHITE_SPACES.sub(" ", text).split():
                found = cache.get(word)
                if found is None:
                    found = self._char_ids(word)
                ids.extend(found)
        return ids

    def _char_ids(self, word: str) -> list[int]:
        char_get = self.char_index.get
        found = [i for g in char_wb_ngrams(word, self.settings.char_ngram_range) if (i := char_get(g)) is not None]
        if len(self._word_cache) >= _WORD_CACHE_LIMIT:
            self._word_cache.clear()
        self._word_cache[word] = found
        return found

    def transform_coo(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, columns and tf-idf values of the feature matrix, rows sorted, each block l2-normalised."""
        analyzed = [self.analyze(t) for t in texts]
        lengths = np.fromiter((len(a) for a in analyzed), dtype=np.int64, count=len(analyzed))
        cols = np.fromiter((i for a in analyzed for i in a), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(len(analyzed), dtype=np.int64), lengths)
        keys, counts = np.unique(rows * self.n_features + cols, return_counts=True)
        rows, cols = np.divmod(keys, self.n_features)
        tf = counts.astype(np.float64)
        if self.settings.sublinear_tf:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[cols]
        block = (cols >= self.n_word).astype(np.int64)
        squares = np.bincount(rows * 2 + block, weights=values * values, minlength=2 * len(analyzed))
        values /= np.sqrt(squares)[rows * 2 + block]
        return rows, cols, values

    def transform(self, texts: Sequence[str]):
        """The feature matrix as a scipy CSR matrix (n_texts, n_features)."""
        from scipy.sparse import csr_matrix

        rows, cols, values = self.transform_coo(texts)
        return csr_matrix((values, (rows, cols)), shape=(len(texts), self.n_features))
