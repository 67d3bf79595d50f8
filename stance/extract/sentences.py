"""Where sentences end: NLTK's Punkt with the shipped abbreviations, and a quick scan for sentence ends near quotations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from stance.extract.lexicon import ABBREVIATIONS, LISTS, RULES, any_of

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

PUNKT_CHUNK = 20_000
"""Longest stretch of text given to Punkt at once: its regular expressions have a time limit, so long text is cut."""

_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(?=\s|$)")
_ON_PLATFORM = frozenset(RULES["platform_prepositions"])
"""Words before "X" that make it the social network ("posted on X."), whose full stop ends a sentence, not an initial."""
_ABBREVIATION_BEFORE_PRONOUN = re.compile(
    rf"\b{any_of(LISTS['dotted_abbreviations'], longest_first=False)}\.\s+(?={any_of(LISTS['sentence_openers'], longest_first=False)}\s)"
)


@lru_cache(maxsize=1)
def sentence_splitter() -> PunktSentenceTokenizer:
    """Punkt with the shipped abbreviations, its regular expressions compiled by the standard ``re`` module.

    NLTK compiles them with the ``regex`` module under a time limit (a guard against catastrophic
    backtracking); these patterns are linear, and the standard engine runs them several times faster
    with the same matches (a test compares the two splitters).
    """
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

    class LanguageVars(PunktLanguageVars):
        re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

        def period_context_re(self):
            pattern = self._period_context_fmt % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars}
            return _compiled(pattern)

        def _word_tokenizer_re(self):
            parts = {"NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct, "WordStart": self._re_word_start}
            return _compiled(self._word_tokenize_fmt % parts)

    class Token(PunktToken):
        _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
        _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
        _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
        _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params, lang_vars=LanguageVars(), token_cls=Token)


@lru_cache(maxsize=4)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.UNICODE | re.VERBOSE)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets in ``text[start:end]`` by NLTK's Punkt, with the shipped abbreviation list (no download).

    Text longer than PUNKT_CHUNK is split first, after a sentence end or a space where it can be.
    """
    end = len(text) if end is None else end
    spans = []
    while start < end:
        stop = _chunk_end(text, start, end)
        spans += [(start + a, start + b) for a, b in sentence_splitter().span_tokenize(text[start:stop])]
        start = stop
    return [part for span in spans for part in _split_after_abbreviation(text, span)]


def _split_after_abbreviation(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A sentence end Punkt misses: "… talks with the U.S. He said …" (an abbreviation, then a capitalised pronoun)."""
    lo, hi = span
    parts = []
    for match in _ABBREVIATION_BEFORE_PRONOUN.finditer(text, lo, hi):
        parts.append((lo, match.start() + len(match.group().rstrip())))
        lo = match.end()
    return [*parts, (lo, hi)]


def _chunk_end(text: str, start: int, end: int) -> int:
    if end - start <= PUNKT_CHUNK:
        return end
    limit, half = start + PUNKT_CHUNK, start + PUNKT_CHUNK // 2
    for boundary in (". ", "\n", " "):
        cut = text.rfind(boundary, half, limit)
        if cut >= 0:
            return cut + len(boundary)
    return limit


def sentence_breaks(text: str, lo: int, hi: int) -> Iterator[int]:
    """Ends of sentences in ``text[lo:hi]`` (after . ! ? …), skipping full stops of known abbreviations and initials."""
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.group()[0] == ".":
            before = text[max(lo, m.start() - 12) : m.start()].split()
            word = before[-1].lower().strip('(["“') if before else ""
            initial = len(word) == 1 and word.isalpha() and not (word == "x" and len(before) > 1 and before[-2].lower() in _ON_PLATFORM)
            if word in ABBREVIATIONS or initial or "." in word:
                continue
        yield m.end()
