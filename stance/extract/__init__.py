"""Statements from article text: direct quotes and reported speech, each with its speaker and country.

``extract_statements(text)`` walks the article's paragraphs (skipping page noise), pairs quotation
marks, attributes each direct quote ("…," he said. / X said: "…"), finds reported speech around the
speech verbs listed in ``stance/data/speech_verbs.txt``, and resolves speakers within the document:
pronouns and role continuations to the last fitting speaker, a surname to the full name given
earlier, titles and roles to the state or organisation from the actor table. Every step is linear in
the length of the text.

Modules: `lexicon` (the word lists, from ``stance/data``), `sentences` (Punkt), `quotes` (prose blocks and
quotation marks), `speakers` (document memory and speaker resolution), `phrases` (speech verbs, noun phrases,
clause subjects), `attribution` (direct quotes), `reported` (reported speech), `extractor` (the article walk).
"""

from stance.extract.extractor import extract_statements
from stance.extract.lexicon import ABBREVIATIONS, ATTRIBUTION_VERBS, ROLE_NOUNS, SPEECH_VERBS
from stance.extract.quotes import content_blocks
from stance.extract.sentences import PUNKT_CHUNK, sentence_spans, sentence_splitter
from stance.record import Statement

__all__ = [
    "ABBREVIATIONS",
    "ATTRIBUTION_VERBS",
    "PUNKT_CHUNK",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "Statement",
    "content_blocks",
    "extract_statements",
    "sentence_spans",
    "sentence_splitter",
]
