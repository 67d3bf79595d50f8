"""The article walk: paragraphs of prose, their quotations and sentences in order, each sentence handed to the
quotation attribution and then to the reported-speech finder; `extract_statements` is the entry point."""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left

from stance.actors import ActorTable, Mention, load_actors, word_spans
from stance.extract.attribution import QuoteAttribution
from stance.extract.phrases import SubjectFinder
from stance.extract.quotes import Spans, content_blocks, pair_quotes
from stance.extract.reported import ReportedSpeech
from stance.extract.sentences import sentence_spans
from stance.extract.speakers import Document, Speaker
from stance.record import Statement

_TRANSCRIPT_LINE = re.compile(r"\s*([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}):\s+(\S)")
"""A paragraph opening with a name and a colon, as interview transcripts print answers."""


_SMALL_WORDS = r"(?:a|an|the|and|or|of|to|in|on|at|for|with|over|by|as|but|from|after)"
_HEADLINE = re.compile(rf"(?:[A-Z0-9“\"‘'][^\s]*\s+(?:{_SMALL_WORDS}\s+)*){{3,}}[A-Z0-9“\"‘'][^\s.]*[^.:;,]")
"""A headline: a line of capitalised words (small words aside) that does not end like a sentence."""


class _Extractor:
    """One article's extraction: the document memory and the parts that fill it, run once."""

    def __init__(self, text: str, table: ActorTable, doc_id: str | None) -> None:
        self.text = text
        self.doc = Document(text, table, doc_id)
        self.subjects = SubjectFinder(self.doc)
        self.quotes = QuoteAttribution(self.doc, self.subjects)
        self.reported = ReportedSpeech(self.doc, self.subjects)

    def run(self) -> list[Statement]:
        """The article's statements, ordered by offset."""
        text = self.text
        blocks = content_blocks(text)
        quotes_per_block = pair_quotes(text, blocks)
        previous_block_had_speaker = False
        for (lo, hi), quotes in zip(blocks, quotes_per_block):
            if self._transcript_answer(lo, hi):
                previous_block_had_speaker = True
                continue
            if _HEADLINE.fullmatch(text[lo:hi].strip()):
                continue
            inside = Spans((q.open + 1, q.close) for q in quotes)
            block_tokens = word_spans(text[lo:hi])
            mentions = [m for m in self.doc.table.mentions(text[lo:hi], block_tokens) if not inside.covers(lo + m.start)]
            block_tokens = [(lo + a, lo + b, w) for a, b, w in block_tokens]
            token_starts = [t[0] for t in block_tokens]
            self.doc.note_countries([Mention(lo + m.start, lo + m.end, m.actor) for m in mentions])
            for i, q in enumerate(quotes):
                previous_close = quotes[i - 1].close + 1 if i else lo
                next_open = quotes[i + 1].open if i + 1 < len(quotes) else len(text)
                self.quotes.classify(q, previous_close, next_open)
            masks = Spans(span for q in quotes if q.direct for span in ((q.lead or q.open, q.close + 1), q.before, q.after) if span)
            direct = [q for q in quotes if q.direct]
            opens = [q.open for q in direct]
            count_before = len(self.doc.statements)
            for s, e in sentence_spans(text, lo, hi):
                tokens = block_tokens[bisect_left(token_starts, s) : bisect_left(token_starts, e)]
                self.subjects.start_sentence(s, e, tokens)
                self.subjects.note_subject(s, e, masks, inside)
                for q in direct[bisect_left(opens, s) : bisect_left(opens, e)]:
                    self.quotes.attribute(q, previous_block_had_speaker)
                self.reported.find(s, e, tokens, inside, masks)
            previous_block_had_speaker = len(self.doc.statements) > count_before or self.doc.lead_in_at > lo
        return sorted(self.doc.statements, key=lambda st: (st.start, st.end))

    def _transcript_answer(self, lo: int, hi: int) -> bool:
        """An interview transcript's answer ("Kallas: Only if Russia stops attacking."): a direct statement by the
        official whose name opens the paragraph."""
        line = _TRANSCRIPT_LINE.match(self.text, lo, hi)
        if line is None:
            return False
        official = self.doc.table.lookup(line.group(1))
        if official is None or official.kind != "official":
            return False
        end = lo + len(self.text[lo:hi].rstrip())
        self.doc.add(line.start(2), end, Speaker(official.name, official.country, frozenset(), person=True), "direct")
        return True


def extract_statements(text: str, *, doc: str | None = None, actors: ActorTable | None = None, doc_id: str | None = None) -> list[Statement]:
    """The statements in an article: direct quotes and reported speech, in order, each with speaker and country.

    `doc` names the article in every Statement; `actors` replaces the bundled actor table (see ``stance.load_actors``).
    `doc_id` is the deprecated name of `doc`.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_statements expects the article as a str, got {type(text).__name__}")
    if doc_id is not None:
        warnings.warn("extract_statements(doc_id=...) is deprecated; use doc=...", DeprecationWarning, stacklevel=2)
        doc = doc if doc is not None else doc_id
    return _Extractor(text, actors if actors is not None else load_actors(), doc).run()
