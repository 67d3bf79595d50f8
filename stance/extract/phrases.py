"""Noun phrases and speech verbs in a run of word tokens, and the speaker a clause or a sentence opens with.

Tokens are ``(start, end, word)`` triples from ``stance.actors.word_spans``. `speech_verb_at`, `np_prefix` and `np_suffix`
look only at the tokens; `SubjectFinder` resolves the noun phrase it finds through the document's memory.
"""

from __future__ import annotations

import re

from stance.actors import word_spans
from stance.extract.lexicon import (
    ACTION_BEFORE_TO,
    ADJECTIVE_DETERMINERS,
    APPOSITIVE_OPENERS,
    CONCLUDED,
    CONNECTORS,
    DECLINED,
    DETERMINERS,
    INDEFINITE_ARTICLES,
    INTRODUCTORY,
    ISSUED,
    LISTS,
    NO_COMMENT,
    NOT_SPEECH_BEFORE,
    NP_LINKS,
    PARTICLE_NAME,
    PARTICLES,
    PHRASE_HEADS,
    PLURAL_NOUNS,
    POSSESSIVES,
    PRONOUNS,
    RELATIVES,
    ROLE_NOUNS,
    RULES,
    SINGLE_VERBS,
    SPEECH_NOUN_MODIFIERS,
    SPEECH_NOUNS,
    SPEECH_ONLY_BEFORE,
    SUBJECT_RELATIVES,
    SUBJECT_WORDS,
    TRAILING,
    any_of,
)
from stance.extract.quotes import Spans
from stance.extract.speakers import Document, Speaker

REPORTING_RELATIVES = frozenset(RULES["reporting_relatives"])
"""A relative pronoun before a speaker and a speech verb ("…, which Zelensky called a violation"): the relative clause is the
speaker's statement."""
DOCUMENTS = frozenset(RULES["documents"])
"""Words that name a document, never a speaker ("Unconfirmed reports suggested …")."""
_SEPARATOR = re.compile(r"\s*(?:[,;()\[\]—]|(?<!\d):(?!\d))\s*|\s*–\s+|\s+[–-]\s+")
_PARENTHESES = re.compile(r"\([^()]{0,200}\)|\[[^\[\]]{0,200}\]")
_ADJECTIVE = re.compile(r"[a-z]+(?:-[a-z]+)?")
"""A lower-case word taken into a noun phrase between a determiner and a role ("the terror group", "the paramilitary RSF")."""
_TWO_CAPITALS = re.compile(rf"[A-Z][\w'’.-]*\s+(?:{any_of(LISTS['full_name_particles'], longest_first=False)}\s+)?[A-ZÀ-Þ]")
_DANGLING = (NP_LINKS | DETERMINERS) - ROLE_NOUNS
"""Words a noun phrase does not end with: links and determiners, except those that are also roles ("the chief")."""
_LINKS_OR_CONNECTORS = NP_LINKS | CONNECTORS
_ARTICLES_OR_POSSESSIVES = INDEFINITE_ARTICLES | POSSESSIVES


def words_in(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The word tokens of ``text[lo:hi]``, with offsets in `text`."""
    return [(lo + a, lo + b, w) for a, b, w in word_spans(text[lo:hi])]


def _went_on_to(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the word at k follows "… on to" ("Lavrov went on to say"), which reports speech unlike a bare "to say"."""
    return k > 1 and tokens[k - 1][2].lower() == "to" and tokens[k - 2][2].lower() == "on"


def speech_verb_at(tokens: list[tuple[int, int, str]], k: int) -> int:
    """How many tokens the speech verb starting at token k spans (0 when it is not one)."""
    word = tokens[k][2].lower()
    if k and tokens[k - 1][2].lower() in NOT_SPEECH_BEFORE and not _went_on_to(tokens, k):
        return 0
    for rest in PHRASE_HEADS.get(word, ()):
        if tuple(t[2].lower() for t in tokens[k + 1 : k + 1 + len(rest)]) == rest:
            return 1 + len(rest)
    if word in ACTION_BEFORE_TO and k + 1 < len(tokens) and tokens[k + 1][2].lower() == "to":
        return 0
    if word in SPEECH_ONLY_BEFORE and (k + 1 >= len(tokens) or tokens[k + 1][2].lower() not in SPEECH_ONLY_BEFORE[word]):
        return 0
    if word == "called" and k + 1 < len(tokens) and tokens[k + 1][2].lower() in POSSESSIVES:
        return 0
    if word in CONCLUDED and k + 1 < len(tokens) and (tokens[k + 1][2][0].isupper() or tokens[k + 1][2].lower() in DETERMINERS):
        return 0
    if (
        word in PLURAL_NOUNS
        and k
        and tokens[k - 1][2][0].islower()
        and tokens[k - 1][2].lower() not in SUBJECT_WORDS
        and not PARTICLE_NAME.match(tokens[k - 1][2])
    ):
        return 0
    following = [t[2].lower() for t in tokens[k + 1 : k + 4]]
    if word in DECLINED and following[:1] == ["to"] and following[1:] and following[1] in NO_COMMENT:
        return 3
    if word in ISSUED and following[1:] and following[0] in _ARTICLES_OR_POSSESSIVES:
        if following[1] in SPEECH_NOUNS:
            return 3
        if following[1] in SPEECH_NOUN_MODIFIERS and following[2:] and following[2] in SPEECH_NOUNS:
            return 4
    return 1 if word in SINGLE_VERBS and tokens[k][2][0].islower() else 0


def _noun_phrase_word(word: str, low: str) -> bool:
    """Whether a word can be part of a speaker's noun phrase: a capitalised word, a determiner, a role, a name particle."""
    return bool(
        word[0].isupper() or low in DETERMINERS or low in ROLE_NOUNS or low.rstrip("s") in ROLE_NOUNS or low in PARTICLES or PARTICLE_NAME.match(word)
    )


def np_prefix(tokens: list[tuple[int, int, str]]) -> int:
    """How many tokens the leading noun phrase of `tokens` spans ("Members of the council" in "Members of the council from …")."""
    k = 0
    while k < len(tokens):
        word = tokens[k][2]
        low = word.lower()
        if _noun_phrase_word(word, low):
            k += 1
        elif low in NP_LINKS and k + 1 < len(tokens) and (tokens[k + 1][2][0].isupper() or tokens[k + 1][2].lower() in DETERMINERS):
            k += 1
        else:
            break
    while k and tokens[k - 1][2].lower() in _DANGLING and not (k > 1 and tokens[k - 1][2][0].isupper()):
        k -= 1
    return k


def _possessive(token: tuple[int, int, str]) -> bool:
    """Whether a word token was written with a possessive 's (its span is longer than its word)."""
    return token[1] - token[0] > len(token[2])


def _names_role(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the lower-case word at k - 1 sits between a name or a possessive and a role ("the M23 rebel movement",
    "the group's political leader")."""
    return (tokens[k - 2][2][0].isupper() or _possessive(tokens[k - 2])) and tokens[k][2].lower() in ROLE_NOUNS


def np_suffix(tokens: list[tuple[int, int, str]]) -> int:
    """Index where the trailing noun phrase (names, titles, roles, countries) of `tokens` begins."""
    k = len(tokens)
    if k and tokens[-1][2].lower() in PRONOUNS:
        return k - 1
    if k >= 2 and tokens[-1][2].lower() in SPEECH_NOUNS and _possessive(tokens[-2]):
        k -= 1
    while k > 0:
        word = tokens[k - 1][2]
        low = word.lower()
        if _noun_phrase_word(word, low):
            k -= 1
        elif k - 1 > 0 and k < len(tokens) and (low in NP_LINKS or (low in ("to", "in") and tokens[k - 2][2].lower() in ROLE_NOUNS)):
            k -= 1
        elif k < len(tokens) and _ADJECTIVE.fullmatch(low) and k >= 2 and tokens[k - 2][2].lower() in ADJECTIVE_DETERMINERS:
            k -= 1
        elif k < len(tokens) and _ADJECTIVE.fullmatch(low) and k >= 2 and _names_role(tokens, k):
            k -= 1
        elif k < len(tokens) and word.isdigit() and k >= 2 and tokens[k - 2][2][0].isupper() and tokens[k][2][0].isupper():
            k -= 1
        else:
            break
    while k < len(tokens) and tokens[k][2].lower() in _LINKS_OR_CONNECTORS:
        k += 1
    return k


class SubjectFinder:
    """Finds the speaker a sentence opens with or a speech verb follows, resolved through the document."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.doc = doc
        self._leads: dict[tuple[int, int], tuple[int, str, Speaker] | None] = {}
        self._sentence_span: tuple[int, int] = (-1, -1)
        self._sentence_tokens: list[tuple[int, int, str]] = []

    def start_sentence(self, s: int, e: int, tokens: list[tuple[int, int, str]]) -> None:
        """Begin the sentence ``text[s:e]`` with its word tokens: the opening noun phrases found so far are forgotten."""
        self._leads.clear()
        self._sentence_span, self._sentence_tokens = (s, e), tokens

    def note_subject(self, s: int, e: int, masks: Spans, inside: Spans) -> None:
        """Remember the person a sentence is about (its opening noun phrase), so a later "he" or surname can find them."""
        if masks.covers(s) or inside.covers(s):
            return
        head = self.text[s : min(e, s + 160)]
        if _TWO_CAPITALS.search(head):
            self.doc.register_names(head)
        lead = self.leading_np(s, e)
        self._leads.clear()
        if lead:
            speaker = lead[2]
            if self.doc.name_chunk(lead[1])[0]:
                if len(speaker.name.split()) > 1 or self.doc.table.lookup(speaker.name) is not None:
                    self.doc.remember(speaker)

    def leading_np(self, s: int, e: int) -> tuple[int, str, Speaker] | None:
        """The noun phrase that opens a sentence, after at most one introductory phrase ("Not surprisingly, Andy Hunder")."""
        key = (s, e)
        if key not in self._leads:
            self._leads[key] = self._find_leading_np(s, e)
        return self._leads[key]

    def _find_leading_np(self, s: int, e: int) -> tuple[int, str, Speaker] | None:
        text = self.text
        hi = min(e, s + 250)
        comma = text.find(",", s, hi)
        if (s, e) == self._sentence_span:
            head_tokens = [t for t in self._sentence_tokens if t[0] < hi]
        else:
            head_tokens = words_in(text, s, hi)
        for start in self._clause_starts(s, hi, comma):
            tokens = [t for t in head_tokens if t[0] >= start]
            if tokens and tokens[0][2].lower() in INTRODUCTORY and (start > s or text[tokens[0][1] : tokens[0][1] + 1] == ","):
                continue
            k = np_prefix(tokens)
            if k:
                begin = tokens[0][0] if start > s else s
                np = text[begin : tokens[k - 1][1]]
                speaker = self.doc.resolve(np, begin)
                if speaker is not None:
                    return begin, np, speaker
        return None

    def _clause_starts(self, s: int, hi: int, comma: int) -> list[int]:
        """Where a sentence's opening noun phrase may start: at the start, after its first comma, and after each further
        comma that closes an introductory phrase ("Meanwhile, in a press conference after the talks, Medinsky …")."""
        starts = [s]
        while comma >= 0 and len(starts) < 4:
            starts.append(comma + 1)
            nxt = self.text.find(",", comma + 1, hi)
            opening = self.text[comma + 1 : nxt].split(None, 1)[:1] if nxt >= 0 else []
            if not opening or opening[0].lower() not in INTRODUCTORY:
                break
            comma = nxt
        return starts

    def subject(self, lo: int, verb: int) -> tuple[int, Speaker, str] | None:
        """The speaker named right before a speech verb: (offset of its noun phrase, speaker, the text linking it to what precedes)."""
        text = self.text
        lo = max(lo, verb - 250)
        seg = _PARENTHESES.sub(lambda m: " " * len(m.group()), text[lo:verb])
        tokens = word_spans(seg)
        while tokens and (tokens[-1][2].lower() in TRAILING or (tokens[-1][2].endswith("ly") and tokens[-1][2][0].islower())):
            tokens.pop()
        if not tokens:
            return None
        seg_end = tokens[-1][1]
        trailing = seg[seg_end:].strip()
        pieces = [(m.start(), m.end()) for m in _SEPARATOR.finditer(seg, 0, seg_end)]
        spans = list(zip([0] + [b for _, b in pieces], [a for a, _ in pieces] + [seg_end]))
        appositive = ""
        if trailing.startswith(",") and len(spans) >= 2:
            j = len(spans) - 1
            for i in range(len(spans) - 1, 0, -1):
                if seg[spans[i][0] : spans[i][1]].lower().startswith(APPOSITIVE_OPENERS):
                    j = i
                    break
            appositive = seg[spans[j][0] : spans[-1][1]]
            if appositive.split()[0].endswith("ing") and not appositive.lower().startswith("including"):
                appositive = ""
            head = spans[j - 1]
        elif trailing.startswith(","):
            return None
        else:
            head = spans[-1]
            opening = seg[head[0] : head[1]].split(None, 1)[:1]
            participle = opening and opening[0].endswith("ing") and opening[0].islower() and opening[0] != "including"
            enclosed = seg.rstrip().endswith(",") and seg[spans[-2][1] : head[0]].strip() == "," if len(spans) >= 2 else False
            if enclosed and (participle or (opening and opening[0] in INTRODUCTORY)):
                head = spans[-2]
            elif len(spans) >= 2 and opening and opening[0].lower() == "who" and len(seg[head[0] : head[1]].split()) > 1:
                appositive = seg[head[0] : head[1]]
                head = spans[-2]
        head_tokens = [t for t in tokens if head[0] <= t[0] < head[1]]
        if head_tokens and head_tokens[-1][2].lower() == "who" and len(head_tokens) == 1:
            comma = seg.rfind(",", 0, head_tokens[-1][0])
            found = self.subject(lo, lo + comma) if comma > 0 and not seg[comma : head_tokens[-1][0]].strip(" ,") else None
            return None if found is None else (lo + head_tokens[-1][0], found[1], found[2])
        if not head_tokens or head_tokens[-1][2].lower() in SUBJECT_RELATIVES or head_tokens[-1][2].lower() in DOCUMENTS:
            return None
        k = np_suffix(head_tokens)
        if k >= len(head_tokens):
            k, stop = 0, np_prefix(head_tokens)
            if head[0] > 0 and not seg[: head[0]].rstrip().endswith((",", ";", ":")):
                return None
            head_tokens = head_tokens[:stop]
            if not head_tokens:
                return None
        if len(head_tokens) - k > 12:
            return None
        if any(t[2].lower() in DOCUMENTS for t in head_tokens[k:]):
            return None
        np_start = head_tokens[k][0]
        before = [t for t in tokens if t[1] <= np_start]
        relative = None
        if before and before[-1][2].lower() in REPORTING_RELATIVES and seg[: before[-1][0]].rstrip().endswith((",", "—", "–")):
            relative = before[-1][0]
        if before and before[-1][2].lower() in RELATIVES and relative is None:
            return None
        np = seg[np_start : head_tokens[-1][1]]
        speaker = self.doc.resolve(np, lo + np_start, appositive)
        if speaker is None:
            return None
        if speaker.country is None:
            speaker = self._named_in_parentheses(speaker, lo + head_tokens[-1][1], verb)
        start = np_start if relative is None else relative
        return lo + start, speaker, seg[:start][-12:]

    def _named_in_parentheses(self, speaker: Speaker, np_end: int, verb: int) -> Speaker:
        """A speaker followed by its abbreviation in parentheses ("the March 23 Movement (M23) said") is the actor the
        abbreviation names."""
        gap = self.text[np_end:verb]
        found = _PARENTHESES.match(self.text, np_end + len(gap) - len(gap.lstrip()))
        if found is None:
            return speaker
        inside = found.group()[1:-1].strip()
        actor = self.doc.table.lookup(inside)
        if actor is None or not actor.country or actor.kind == "official":
            return speaker
        return Speaker(actor.name if not speaker.person else speaker.name, actor.country, speaker.roles, speaker.person)
