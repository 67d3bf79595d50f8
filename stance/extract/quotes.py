"""Where the quotations are: the lines of article prose (page noise left out) and the quotation-mark pairs in each."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from stance.extract.lexicon import NAVIGATION

_TERMINAL = '.!?"”’»:…)'
_MARKS = re.compile(r"[\"“”„«»]")
_SINGLE_MARKS = re.compile("[‘’']")


class Spans:
    """A set of character spans, merged where they overlap, answering "which span covers this offset?" by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            elif a < b:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def end_of(self, position: int) -> int | None:
        """The end of the span covering `position`, or None."""
        i = bisect_right(self._starts, position) - 1
        return self._ends[i] if i >= 0 and position < self._ends[i] else None

    def covers(self, position: int) -> bool:
        """Whether a span covers `position`."""
        return self.end_of(position) is not None

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans that start in ``[lo, hi)``."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return list(zip(self._starts[i:j], self._ends[i:j]))


@dataclass
class Quote:
    """A pair of quotation marks (offsets of the opening and the closing mark) and, once classified, its attribution:
    whether it is a direct statement, the attribution before or after it, and where a lead-in clause starts."""

    open: int
    close: int
    direct: bool = False
    attribution: tuple[int, int] | None = None
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None
    lead: int | None = None


def content_blocks(text: str) -> list[tuple[int, int]]:
    """Offsets of the lines that carry article prose; navigation, images, bylines and headline lists are left out."""
    blocks = []
    text_end = len(text.rstrip())
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped or stripped.lower().rstrip(":") in NAVIGATION or "data:image" in line or stripped.startswith("<"):
            continue
        words = len(stripped.split(None, 12))
        cut_off_quote = match.end() >= text_end and stripped[0] in '"“„«' and words > 3
        if stripped[-1] not in _TERMINAL and (words < 12 or len(stripped.split(None, 16)) <= 16) and not cut_off_quote:
            continue
        if stripped[0] in "-•*|" and words < 12:
            continue
        offset = match.start() + (len(line) - len(line.lstrip()))
        blocks.append((offset, offset + len(stripped)))
    return blocks


def _mark_role(text: str, i: int, lo: int, hi: int) -> str:
    mark = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if mark in "“„«":
        return "close" if not before.isspace() and (after.isspace() or after in ",.;:") and before not in "([{—–-" else "open"
    if mark in "”»":
        return "open" if before.isspace() and after.isalnum() else "close"
    return "open" if before.isspace() or before in "([{—–-/" else "close"


def pair_quotes(text: str, blocks: list[tuple[int, int]]) -> list[list[Quote]]:
    """Quotation-mark pairs per block; an unclosed mark is dropped unless the next paragraph continues the quote
    or the article ends inside it (a cut-off page: the quote runs to the end)."""
    per_block: list[list[Quote]] = []
    for index, (lo, hi) in enumerate(blocks):
        quotes: list[Quote] = []
        open_at: int | None = None
        for match in _MARKS.finditer(text, lo, hi):
            i = match.start()
            if _mark_role(text, i, lo, hi) == "open":
                open_at = i
            elif open_at is not None:
                quotes.append(Quote(open_at, i))
                open_at = None
        continued = index + 1 < len(blocks) and text[blocks[index + 1][0]] in '"“„«'
        cut_off = index + 1 == len(blocks) and not text[hi:].strip()
        if open_at is not None and (continued or cut_off):
            quotes.append(Quote(open_at, hi))
        singles = _single_quotes(text, lo, hi, Spans((q.open, q.close + 1) for q in quotes))
        if singles:
            outer = Spans((q.open, q.close + 1) for q in singles)
            quotes = sorted([q for q in quotes if not outer.covers(q.open)] + singles, key=lambda q: q.open)
        per_block.append(quotes)
    return per_block


def _single_quotes(text: str, lo: int, hi: int, doubles: Spans) -> list[Quote]:
    """Pairs of single quotation marks, curly or straight (British style), outside double quotations; apostrophes are
    left alone (a straight mark opens only after a space and before a letter, and closes only after a non-space)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    for match in _SINGLE_MARKS.finditer(text, lo, hi):
        i = match.start()
        if doubles.covers(i):
            continue
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        opens = (before.isspace() or before in "([{—–-/:") and not after.isspace()
        if match.group() == "‘" or (match.group() == "'" and open_at is None and opens and after.isalpha()):
            if opens:
                open_at = i
        elif open_at is not None and not before.isspace() and (after.isspace() or after in ',.;:!?)—–-”"'):
            if len(text[open_at + 1 : i].split(None, 2)) >= 2:
                quotes.append(Quote(open_at, i))
            open_at = None
    return quotes
