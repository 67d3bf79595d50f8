"""Why the model said what it said: per-term contributions to a decision score, and the strongest terms per label.

A label's decision score is its intercept plus, for every feature of the text, tf-idf weight × coefficient.
Word n-grams are reported as themselves. Character n-grams (inside word boundaries) are credited to the
words of the text that contain them, in proportion to how often each word contains them, so a reader sees
"ceasefire" rather than " cea", "ceas", "easef" …; nothing is dropped, so the contributions and the
intercept still add up to the score exactly.

Both functions read only a fitted model's public parts: `decision_function`, `classes_`, `coef_`, `intercept_`
and `features_` (the vocabulary).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from stance.preprocess import char_wb_ngrams


@dataclass(frozen=True)
class Explanation:
    """The terms of one text that pushed the model toward its label and against it."""

    text: str
    label: str
    score: float
    intercept: float
    contributions: dict[str, float] = field(repr=False)
    top: int = 5

    @property
    def toward(self) -> list[tuple[str, float]]:
        """The `top` terms with the largest positive contributions, strongest first."""
        ranked = sorted(((t, c) for t, c in self.contributions.items() if c > 0), key=lambda tc: -tc[1])
        return ranked[: self.top]

    @property
    def against(self) -> list[tuple[str, float]]:
        """The `top` terms with the most negative contributions, strongest first."""
        ranked = sorted(((t, c) for t, c in self.contributions.items() if c < 0), key=lambda tc: tc[1])
        return ranked[: self.top]

    def to_dict(self) -> dict:
        """A JSON-ready summary: label, score, intercept, and the top terms each way."""
        return {
            "label": self.label,
            "score": round(self.score, 4),
            "intercept": round(self.intercept, 4),
            "toward": [[t, round(c, 4)] for t, c in self.toward],
            "against": [[t, round(c, 4)] for t, c in self.against],
        }


_EDGES = re.compile(r"^\W+|\W+$")


def _word_of(word: str) -> str:
    return _EDGES.sub("", word) or word


def explain(model: Any, text: str, top: int = 5, label: str | None = None) -> Explanation:
    """Contributions of each term of `text` to the decision score of `label` (default: the predicted label)."""
    scores = model.decision_function([text])[0]
    k = int(scores.argmax()) if label is None else list(model.classes_).index(label)
    features = model.features_
    weights = model.coef_[k]
    blocks = features.transform_blocks([text])
    contributions: Counter[str] = Counter()
    word_block = blocks[0]
    for column, value in zip(word_block.indices, word_block.data):
        contributions[features.word_terms[column]] += float(value * weights[column])
    if len(blocks) > 1:
        char_block = blocks[1]
        value_of = dict(zip(char_block.indices, char_block.data))
        per_word = [(word, Counter(char_wb_ngrams(word, features.settings.char_ngram_range))) for word in features.settings.preprocess(text).split()]
        totals: Counter[str] = Counter()
        for _, grams in per_word:
            totals.update(grams)
        for word, grams in per_word:
            for gram, count in grams.items():
                column = features.char_index.get(gram)
                if column is None or column - features.n_word not in value_of:
                    continue
                share = count / totals[gram]
                contributions[_word_of(word)] += share * float(value_of[column - features.n_word] * weights[column])
    return Explanation(
        text=text,
        label=str(model.classes_[k]),
        score=float(scores[k]),
        intercept=float(model.intercept_[k]),
        contributions=dict(contributions),
        top=top,
    )


def top_features(model: Any, label: str, n: int = 20, kind: str = "word") -> list[tuple[str, float]]:
    """The `n` terms with the largest coefficients for `label`: word n-grams (`kind="word"`) or character n-grams (`"char"`)."""
    classes = list(model.classes_)
    if label not in classes:
        raise ValueError(f"unknown label {label!r}; the model's labels are {', '.join(classes)}")
    if kind not in ("word", "char"):
        raise ValueError(f"kind must be 'word' or 'char', not {kind!r}")
    features = model.features_
    lo, hi = (0, features.n_word) if kind == "word" else (features.n_word, features.n_features)
    terms = features.word_terms if kind == "word" else features.char_terms
    weights = model.coef_[classes.index(label), lo:hi]
    order = np.argsort(-weights, kind="stable")[:n]
    return [(terms[i], float(weights[i])) for i in order]
