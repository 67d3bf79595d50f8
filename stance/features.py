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
from itertools import chain

import numpy as np

from stance.preprocess import TOKEN, char_wb_ngrams, preprocess

_WORD_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class FeatureSettings:
    """How texts become features: word n-gram range, char_wb n-gram range (or None), tf scaling, numbers
    folded to one token, how many words after a negator are marked, and the verbs of attribution frames to strip."""

    word_ngram_range: tuple[int, int] = (1, 2)
    char_ngram_range: tuple[int, int] | None = (2, 5)
    sublinear_tf: bool = True
    fold_numbers: bool = False
    negation_scope: int = 0
    frame_verbs: tuple[str, ...] = ()

    def preprocess(self, text: str) -> str:
        """`preprocess` with these settings: the text every feature is computed from."""
        return preprocess(text, self.fold_numbers, self.negation_scope, self.frame_verbs)

    def to_dict(self) -> dict:
        return {
            "word_ngram_range": list(self.word_ngram_range),
            "char_ngram_range": list(self.char_ngram_range) if self.char_ngram_range else None,
            "sublinear_tf": self.sublinear_tf,
            "fold_numbers": self.fold_numbers,
            "negation_scope": self.negation_scope,
            "frame_verbs": list(self.frame_verbs),
        }

    @classmethod
    def from_dict(cls, data: dict) -> FeatureSettings:
        """Settings from `to_dict` output; ValueError when a range is not two whole numbers 1 <= low <= high <= 10."""
        char = data.get("char_ngram_range")
        word = _ngram_range(data["word_ngram_range"], "word_ngram_range")
        sublinear = data["sublinear_tf"]
        fold_numbers = data.get("fold_numbers", False)
        negation_scope = data.get("negation_scope", 0)
        for name, value in (("sublinear_tf", sublinear), ("fold_numbers", fold_numbers)):
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false, got {value!r}")
        if type(negation_scope) is not int or not 0 <= negation_scope <= 20:
            raise ValueError(f"negation_scope must be a whole number from 0 to 20, got {negation_scope!r}")
        frame_verbs = data.get("frame_verbs", [])
        if not (isinstance(frame_verbs, list) and all(isinstance(v, str) and re.fullmatch(r"[a-z]+", v) for v in frame_verbs)):
            raise ValueError(f"frame_verbs must be a list of lower-case words, got {frame_verbs!r}")
        return cls(
            word_ngram_range=word,
            char_ngram_range=_ngram_range(char, "char_ngram_range") if char else None,
            sublinear_tf=sublinear,
            fold_numbers=fold_numbers,
            negation_scope=negation_scope,
            frame_verbs=tuple(frame_verbs),
        )


def _ngram_range(value, name: str) -> tuple[int, int]:
    if not (isinstance(value, list | tuple) and len(value) == 2 and all(type(v) is int for v in value) and 1 <= value[0] <= value[1] <= 10):
        raise ValueError(f"{name} must be two whole numbers 1 <= low <= high <= 10, got {value!r}")
    return (value[0], value[1])


class _WordTable(dict):
    """Distinct whitespace-separated words -> ids, computing each new word's cached entry on first sight."""

    def __init__(self, make_entry) -> None:
        super().__init__()
        self.make_entry = make_entry
        self.entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def __missing__(self, word: str) -> int:
        self.entries.append(self.make_entry(word))
        index = self[word] = len(self.entries) - 1
        return index


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
        self._words = _WordTable(self._entry)
        self._keys: dict | bool | None = False

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

    def word_ids(self, text: str) -> list[int]:
        """Word n-gram feature indices of every occurrence in a preprocessed text (the reference path)."""
        get = self.word_index.get
        tokens = TOKEN.findall(text)
        low, high = self.settings.word_ngram_range
        ids: list[int] = []
        for n in range(low, high + 1):
            grams = tokens if n == 1 else [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            ids.extend(i for g in grams if (i := get(g)) is not None)
        return ids

    def _ngram_keys(self) -> dict[int, IntMap] | None:
        """For n >= 2: a map from each word n-gram's integer key (built from its unigram indices) to its feature index.

        None when the vectorised path does not apply (no unigrams in the vocabulary, a part that is
        not a unigram, or keys that would overflow 64 bits); the reference path is used then.
        """
        if self._keys is not False:
            return self._keys
        low, high = self.settings.word_ngram_range
        self._keys = None
        if low != 1 or self.n_word**high >= 2**62:
            return None
        by_n: dict[int, tuple[list[int], list[int]]] = {n: ([], []) for n in range(2, high + 1)}
        get = self.word_index.get
        for index, term in enumerate(self.word_terms):
            parts = term.split(" ")
            if len(parts) == 1:
                continue
            key = 0
            for part in parts:
                part_index = get(part)
                if part_index is None:
                    return None
                key = key * self.n_word + part_index
            by_n[len(parts)][0].append(key)
            by_n[len(parts)][1].append(index)
        self._keys = {n: IntMap(np.array(k, dtype=np.int64), np.array(v, dtype=np.int64)) for n, (k, v) in by_n.items() if k}
        return self._keys

    def word_entry(self, word: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For one whitespace-separated word: the unigram index of each of its tokens (-1 when unknown),
        and its char n-gram columns (within the char block) with their counts. Cached."""
        return self._words.entries[self._words[word]]

    def _entry(self, word: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        get = self.word_index.get
        tokens = np.array([get(t, -1) for t in TOKEN.findall(word)], dtype=np.int64)
        columns, counts = np.zeros(0, dtype=np.int64), np.zeros(0)
        if self.char_terms:
            char_get = self.char_index.get
            ids = [i for g in char_wb_ngrams(word, self.settings.char_ngram_range) if (i := char_get(g)) is not None]
            columns, repeats = np.unique(np.array(ids, dtype=np.int64), return_counts=True)
            columns, counts = columns - self.n_word, repeats.astype(np.float64)
        return tokens, columns, counts

    def _counts(self, texts: list[str]) -> list:
        """Count matrices (CSR) of the word block and, when there is one, the char block, for preprocessed texts."""
        from scipy.sparse import csr_matrix

        n_docs = len(texts)
        if len(self._words) > _WORD_CACHE_LIMIT:
            self._words = _WordTable(self._entry)
        split = [t.split() for t in texts]
        words_per_doc = np.fromiter(map(len, split), dtype=np.int64, count=n_docs)
        seen = np.fromiter(map(self._words.__getitem__, chain.from_iterable(split)), dtype=np.int64, count=int(words_per_doc.sum()))
        distinct, occurrences = np.unique(seen, return_inverse=True)
        entries = [self._words.entries[i] for i in distinct]
        keys = self._ngram_keys()
        if keys is None:
            lists = [self.word_ids(t) for t in texts]
            lengths = np.fromiter(map(len, lists), dtype=np.int64, count=n_docs)
            columns = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
            rows = np.repeat(np.arange(n_docs), lengths)
        else:
            tokens, tokens_per_word = _ragged([e[0] for e in entries], occurrences)
            doc_of = np.repeat(np.repeat(np.arange(n_docs), words_per_doc), tokens_per_word)
            rows, columns = self._word_ngrams(tokens, doc_of, keys)
        blocks = [csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n_docs, self.n_word))]
        if self.char_terms:
            doc_words = csr_matrix((np.ones(len(occurrences)), occurrences, _indptr(words_per_doc)), shape=(n_docs, len(distinct)))
            sizes = np.fromiter((len(e[1]) for e in entries), dtype=np.int64, count=len(entries))
            ids = np.concatenate([e[1] for e in entries]) if entries else np.zeros(0, dtype=np.int64)
            counts = np.concatenate([e[2] for e in entries]) if entries else np.zeros(0)
            word_grams = csr_matrix((counts, ids, _indptr(sizes)), shape=(len(distinct), len(self.char_terms)))
            blocks.append((doc_words @ word_grams).tocsr())
        return blocks

    def _word_ngrams(self, ids: np.ndarray, doc_of: np.ndarray, keys: dict) -> tuple[np.ndarray, np.ndarray]:
        """Rows and columns of every known word n-gram, from the unigram index of each token in reading order."""
        hit = ids >= 0
        row_parts, column_parts = [doc_of[hit]], [ids[hit]]
        for n, index in keys.items():
            if len(ids) < n:
                continue
            span = len(ids) - n + 1
            key = np.zeros(span, dtype=np.int64)
            valid = doc_of[:span] == doc_of[n - 1 :]
            for offset in range(n):
                part = ids[offset : offset + span]
                valid &= part >= 0
                key = key * self.n_word + part
            where = np.flatnonzero(valid)
            columns = index.get(key[where])
            found = columns >= 0
            row_parts.append(doc_of[where[found]])
            column_parts.append(columns[found])
        return np.concatenate(row_parts), np.concatenate(column_parts)

    def _tf(self, counts: np.ndarray) -> np.ndarray:
        if self.settings.sublinear_tf:
            repeated = counts > 1
            counts[repeated] = np.log(counts[repeated]) + 1.0
        return counts

    def transform_blocks(self, texts: Sequence[str]) -> list:
        """The word block, and the char block when there is one, as l2-normalised tf-idf CSR matrices."""
        blocks = self._counts([self.settings.preprocess(t) for t in texts])
        for block, idf in zip(blocks, self._block_idf()):
            data = self._tf(block.data)
            data *= idf[block.indices]
            lengths = np.diff(block.indptr)
            norms = np.ones(len(lengths))
            filled = lengths > 0
            if filled.any():
                norms[filled] = np.sqrt(np.add.reduceat(data * data, block.indptr[:-1][filled]))
            data /= np.repeat(norms, lengths)
        return blocks

    def transform(self, texts: Sequence[str]):
        """The feature matrix as a scipy CSR matrix (n_texts, n_features), equal to scikit-learn's."""
        from scipy.sparse import hstack

        return hstack(self.transform_blocks(texts), format="csr")

    def _block_idf(self) -> list[np.ndarray]:
        return [self.idf[: self.n_word], self.idf[self.n_word :]][: 2 if self.char_terms else 1]


class IntMap:
    """A read-only int64 -> int64 hash table (open addressing) with vectorised lookups."""

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        bits = max(4, (2 * len(keys)).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, -1, dtype=np.int64)
        self._values = np.full(1 << bits, -1, dtype=np.int64)
        slots = self._slots(keys)
        pending = np.arange(len(keys))
        while len(pending):
            free = self._keys[slots[pending]] == -1
            candidates = pending[free]
            _, first = np.unique(slots[candidates], return_index=True)
            winners = candidates[first]
            self._keys[slots[winners]] = keys[winners]
            self._values[slots[winners]] = values[winners]
            placed = np.zeros(len(keys), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slots[pending] = (slots[pending] + 1) & self._mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift).astype(np.int64)

    def get(self, queries: np.ndarray) -> np.ndarray:
        """The value of each query key, or -1 where the key is absent (keys must be >= 0)."""
        out = np.full(len(queries), -1, dtype=np.int64)
        slots = self._slots(queries)
        active = np.arange(len(queries))
        while len(active):
            found = self._keys[slots[active]]
            match = found == queries[active]
            out[active[match]] = self._values[slots[active[match]]]
            active = active[~match & (found != -1)]
            slots[active] = (slots[active] + 1) & self._mask
        return out


class LinearScorer:
    """Computes X @ weights for the tf-idf rows X of texts without forming X.

    idf is folded into the weights, and each block's norm comes from a second
    sparse product with idf squared, so the work stays in compiled code; texts go
    in chunks to bound memory, and a few texts take a per-text path with less overhead.
    """

    chunk_size = 8192
    small_batch = 4

    def __init__(self, features: TfidfFeatures, weights: np.ndarray) -> None:
        self.features = features
        bounds = [(0, features.n_word), (features.n_word, features.n_features)][: 2 if features.char_terms else 1]
        self.blocks = [(np.ascontiguousarray(features.idf[a:b, None] * weights[a:b]), features.idf[a:b] ** 2) for a, b in bounds]
        self.n_outputs = weights.shape[1]

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        prepare = self.features.settings.preprocess
        texts = [prepare(t) for t in texts]
        if len(texts) <= self.small_batch:
            return np.array([self._one(t) for t in texts]).reshape(len(texts), self.n_outputs)
        out = np.empty((len(texts), self.n_outputs))
        for start in range(0, len(texts), self.chunk_size):
            chunk = texts[start : start + self.chunk_size]
            out[start : start + len(chunk)] = self._chunk(chunk)
        return out

    def _chunk(self, texts: list[str]) -> np.ndarray:
        scores = np.zeros((len(texts), self.n_outputs))
        for counts, (weights, idf_squared) in zip(self.features._counts(texts), self.blocks):
            data = self.features._tf(counts.data)
            raw = counts @ weights
            data *= data
            norms = np.sqrt(counts @ idf_squared)
            norms[norms == 0] = 1.0
            scores += raw / norms[:, None]
        return scores

    def _one(self, text: str) -> np.ndarray:
        f = self.features
        columns, counts = np.unique(np.array(f.word_ids(text), dtype=np.int64), return_counts=True)
        parts = [(columns, counts.astype(np.float64))]
        if f.char_terms:
            rows = [f.word_entry(w)[1:] for w in text.split()]
            if rows:
                ids = np.concatenate([r[0] for r in rows])
                columns, inverse = np.unique(ids, return_inverse=True)
                parts.append((columns, np.bincount(inverse, weights=np.concatenate([r[1] for r in rows]))))
        scores = np.zeros(self.n_outputs)
        for (columns, counts), (weights, idf_squared) in zip(parts, self.blocks):
            if len(columns):
                tf = f._tf(counts)
                scores += (tf @ weights[columns]) / np.sqrt((tf * tf) @ idf_squared[columns])
        return scores


def _indptr(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)])


def _ragged(arrays: list[np.ndarray], picks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The concatenation of arrays[p] for p in picks, and the length of each picked array."""
    sizes = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    lengths = sizes[picks]
    starts = _indptr(sizes)[:-1][picks]
    total = int(lengths.sum())
    index = np.repeat(starts - _indptr(lengths)[:-1], lengths) + np.arange(total)
    return flat[index], lengths
