"""How a statement is read before counting: case and typography folded, the attribution frame stripped, numbers
folded, negated words marked; and the character n-grams of one word, as scikit-learn makes them."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

TOKEN_PATTERN = r"(?u)\b\w\w+\b"
TOKEN = re.compile(TOKEN_PATTERN)
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
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGIT = re.compile(r"\d")
_NEGATED_CLAUSE = re.compile(r"\b(not|no|never|cannot|nor|without)\b([^.,;:!?]*)")
NEGATION_MARK = "not_"


_FRAME_TAIL = 160
_ADJUNCTS = "reporters|journalists|on|in|at|to|during|after|before|from|late|earlier|last|while|via"


def default_frame_verbs() -> tuple[str, ...]:
    """The verbs of a plain attribution frame, from ``stance/data/frame_verbs.txt``."""
    text = (files("stance") / "data" / "frame_verbs.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=8)
def _frame_patterns(verbs: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    verb = "(?:" + "|".join(sorted(map(re.escape, verbs), key=len, reverse=True)) + r")\b"
    subject = r'(?:(?!\.\s)[^,;:"!?]){1,90}?'
    lead = re.compile(rf'^"?\s*{subject}\s{verb}(?:(?:\s[^,;:"]{{0,50}}?)?\sthat\b)?\s*[,:]?\s*(?=\S)')
    adjunct = rf'(?:\s(?:{_ADJUNCTS})\b[^,;:"!?]{{0,40}})?'
    trail = re.compile(rf',"?\s+(?:{subject}\s{verb}{adjunct}|{verb}\s[^,;:"!?]{{1,60}})[.!]?"?\s*$')
    return lead, trail


def strip_frame(text: str, verbs: tuple[str, ...]) -> str:
    """A lower-cased statement without its plain attribution frame ("x said that …", "…, x told reporters.").

    The frame is kept when removing it would leave fewer than four words.
    """
    lead, trail = _frame_patterns(verbs)
    stripped = lead.sub("", text, count=1)
    cut = max(0, len(stripped) - _FRAME_TAIL)
    stripped = stripped[:cut] + trail.sub("", stripped[cut:], count=1)
    return stripped if len(stripped) == len(text) or len(stripped.split()) >= 4 else text


def preprocess(text: str, fold_numbers: bool = False, negation_scope: int = 0, frame_verbs: tuple[str, ...] = ()) -> str:
    """Lower-case a text and fold typographic quotes, dashes and no-break spaces to ASCII.

    With `frame_verbs`, a plain attribution frame built on one of them is removed (`strip_frame`); with
    `fold_numbers`, every number becomes ``0``; with `negation_scope` n > 0, the first n words after a
    negator (not, no, never, cannot, nor, without, -n't) in the same clause are marked ``not_word``.
    """
    text = text.lower() if text.isascii() else text.translate(_PUNCTUATION).lower()
    if frame_verbs:
        text = strip_frame(text, frame_verbs)
    if fold_numbers and _DIGIT.search(text):
        text = _NUMBER.sub("0", text)
    if negation_scope and ("no" in text or "never" in text or "without" in text or "n't" in text):
        text = _NEGATED_CLAUSE.sub(_NegationMarker(negation_scope), text.replace("n't", " not"))
    return text


class _NegationMarker:
    """Replacement for one negated clause: the negator, then its first `scope` words marked."""

    def __init__(self, scope: int) -> None:
        self.scope = scope

    def __call__(self, clause: re.Match) -> str:
        left = self.scope

        def mark(word: re.Match) -> str:
            nonlocal left
            if left == 0:
                return word.group()
            left -= 1
            return NEGATION_MARK + word.group()

        return clause.group(1) + TOKEN.sub(mark, clause.group(2))


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
