"""Tone per statement with VADER (NLTK's implementation), offline: a second axis beside stance, never mixed into it.

NLTK's analyser normally loads its lexicon through ``nltk.data`` (a download, and NLTK 3.10 refuses absolute
paths there). We read ``vader_lexicon.txt`` from the ``vaderSentiment`` package on PyPI ourselves and hand
the text to NLTK's analyser, so nothing is downloaded and no NLTK data directory is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from stance.errors import check_texts


@dataclass(frozen=True)
class Sentiment:
    """VADER's scores for one text: `compound` in [-1, 1], and the shares `pos`, `neu`, `neg` (summing to 1)."""

    compound: float
    pos: float
    neu: float
    neg: float

    def to_dict(self) -> dict[str, float]:
        return {"compound": self.compound, "pos": self.pos, "neu": self.neu, "neg": self.neg}


def lexicon_text() -> str:
    """The VADER lexicon shipped in the vaderSentiment package (one ``token<TAB>mean<TAB>sd<TAB>ratings`` line each)."""
    try:
        return (files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise RuntimeError("sentiment needs the vaderSentiment package's lexicon: pip install vaderSentiment") from None


@lru_cache(maxsize=1)
def analyzer():
    """NLTK's SentimentIntensityAnalyzer on the packaged lexicon, built once."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

    sia = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
    sia.lexicon_file = lexicon_text().strip()
    sia.lexicon = sia.make_lex_dict()
    sia.constants = VaderConstants()
    return sia


def analyze_sentiment(texts: Iterable[str]) -> list[Sentiment]:
    """VADER sentiment of each text (a few thousand texts a second; computed only when asked for)."""
    items = check_texts(texts)
    sia = analyzer()
    out = []
    for text in items:
        scores = sia.polarity_scores(text)
        out.append(Sentiment(scores["compound"], scores["pos"], scores["neu"], scores["neg"]))
    return out
