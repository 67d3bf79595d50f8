"""Reported speech: the clauses of a sentence that a speaker is said to have said, found around speech verbs.

A clause runs from its speaker's noun phrase ("Lavrov warned …") or from the text after "according to X" to
the next quotation, the next speaker or the end of the sentence; a clause before its attribution ("The talks
were useful, Peskov said") is the statement when the attribution ends the sentence.
"""

from __future__ import annotations

import re

from stance.actors import word_spans
from stance.extract.attribution import AFTER_VERB_END, APPOSITIVE
from stance.extract.lexicon import (
    ATTRIBUTION_ONLY_PREPOSITIONS,
    ATTRIBUTION_VERBS,
    CANDIDATES,
    CLAUSE_TRAILERS,
    DETERMINERS,
    INTRODUCTORY,
    LISTS,
    PASSIVE_AUXILIARIES,
    PASSIVE_SPEECH_VERBS,
    RULES,
    TIME_WORDS,
    any_of,
)
from stance.extract.phrases import DOCUMENTS, REPORTING_RELATIVES, SubjectFinder, np_prefix, speech_verb_at
from stance.extract.quotes import Spans
from stance.extract.speakers import Document, Speaker

_DOCUMENT = re.compile(rf"\b{any_of(RULES['documents'])}\b", re.I)
_NOMINAL_SPEECH = re.compile(rf"\b(?:{any_of(RULES['nominal_speech'])})\s+(?:from|by)\s+([^,;:]{{2,60}}?)\s+that\b")
"""A speech act as a noun with its speaker ("accusations from Moscow that …"): the speaker's statement."""
_ISSUER_UNNAMED = re.compile(rf"(?:a|an|the|its|their|his|her)\s+(?:[\w-]+\s+)?(?:{any_of(RULES['speech_nouns'])})\b", re.I)
_ISSUER = re.compile(r"\b(?:by|from|of)\s+(?:the\s+)?[A-Z]")
"""'according to a statement issued after the meeting' names no issuer: the sentence's subject is the speaker; 'a statement
by the ministry' names one."""
_OUTLET = re.compile(rf"\b(?:{any_of(RULES['outlets'])})$", re.I)
"""A news outlet after a speaker's clause ("Peskov accused the West …, according to Sputnik") is the channel, not the speaker."""
_IN_THEIR_WORDS = re.compile(
    rf"\s*In (?:(?:{any_of(RULES['person_possessives'])})|([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}})['’]s?) (?:own )?(?:words|view),\s*"
)
"""An opening "In his words," or "In Zelenskyy's view," gives the rest of the sentence to the last speaker or the one named."""


_CLAUSE_WORDS = frozenset(RULES["clause_verbs"]) | frozenset(LISTS["complementizers"])
"""Words after a speech verb that make what follows its own clause ("…, Nebenzia, said the talks were useful")."""
_ATTRIBUTION_TAIL = 12
"""The most words a trailing attribution runs to, from its verb ("…, Haniyeh said in a statement to Reuters on Tuesday")."""

_REMARKS_NOUNS = tuple(RULES["remarks_nouns"])
_REMARKS_BY = re.compile(rf"\b(?:{any_of(RULES['remarks_nouns'])})\s+(?:[a-z]+\s+){{0,4}}?(?:by|from)\s+((?:[A-Z][\w'’.-]*\s+){{0,5}}[A-Z][\w'’.-]*)")
"""Narration naming someone's words ("differed from remarks earlier that day by Thai Prime Minister Anutin"): that person
is the one a following "he said" means."""
_COMMA_VERB = re.compile(rf",\s+{any_of(ATTRIBUTION_VERBS)}\s")
_DATELINE_END = re.compile(r"[–—-]\s*$")
"""A dateline before "According to …" ("Moscow (Brussels Morning) – According to the Kremlin, …") is not a statement."""
_RELATIVE_END = re.compile(r"\s*(?:[,;(]|\s[—–-]\s)")


_BACK_REFERENCES = frozenset(RULES["back_references"])
"""Subjects of a passive report that point to the sentence before ("This was stated by …")."""
_PARTICIPLE_OBJECTS = ATTRIBUTION_ONLY_PREPOSITIONS | DETERMINERS
"""Words after an opening participle that make it a phrase about the speaker ("Speaking at …", "Addressing the …"), not a
gerund subject ("Fighting continued …")."""
_NOT_CONTENT = _PARTICIPLE_OBJECTS | TIME_WORDS
"""Words of a relative clause that say only when or where ("which Trump announced on Monday")."""


def _sentence_end(text: str, start: int, e: int) -> int:
    """The end of the sentence ``text[start:e]`` without trailing spaces."""
    return start + len(text[start:e].rstrip())


def _tail_end(text: str, tokens: list[tuple[int, int, str]], k: int) -> int:
    """Index of the first token after the speech verb at k that opens a participle or an appositive after a comma
    ("…, Peskov said, adding …", "…, Kuleba said on Thursday, their first talks since …"), or the end."""
    for i in range(k + 1, len(tokens)):
        if "," in text[tokens[i - 1][1] : tokens[i][0]]:
            word = tokens[i][2]
            if (word.endswith("ing") and speech_verb_at(tokens, i)) or word.lower() in DETERMINERS:
                return i
            break
    return len(tokens)


def _ends_attribution(tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether the speech verb at k ends its clause as an attribution ("…, Peskov said on Monday", "…, he told
    reporters"), not as a verb with content of its own ("…, Lavrov rejected the claims as false")."""
    rest = [t[2].lower() for t in tokens[k + 1 :]]
    if _CLAUSE_WORDS.intersection(rest):
        return False
    return tokens[k][2].lower() in ATTRIBUTION_VERBS or not rest or rest[0] in ATTRIBUTION_ONLY_PREPOSITIONS or rest[0] in TIME_WORDS


def _reduced_passive(text: str, tokens: list[tuple[int, int, str]], k: int) -> bool:
    """ "…, described as the biggest swap": a participle after a comma with "as" or "by" describes the clause before it."""
    return (
        0 < k < len(tokens) - 1
        and tokens[k][2].lower() in PASSIVE_SPEECH_VERBS
        and text[tokens[k - 1][1] : tokens[k][0]].strip() == ","
        and tokens[k + 1][2].lower() in ("as", "by")
    )


def _overrides(inner: Speaker, trailing: Speaker, verb: str) -> bool:
    """Whether a trailing "…, Peskov said" names the speaker of a clause that has a speech verb of its own: a person's
    plain attribution after a state's or a body's act ("Russia rejected the claims as fabrications, Peskov said")."""
    return not inner.person and trailing.person and verb.lower() in ATTRIBUTION_VERBS


class ReportedSpeech:
    """Records the reported statements of each sentence in the document."""

    def __init__(self, doc: Document, subjects: SubjectFinder) -> None:
        self.text = doc.text
        self.doc = doc
        self.subjects = subjects
        self.previous: tuple[int, int] | None = None
        self.current: tuple[int, int] | None = None

    def find(self, s: int, e: int, tokens: list[tuple[int, int, str]], inside: Spans, masks: Spans) -> None:
        """Record the reported speech in the sentence ``text[s:e]`` (its word `tokens`) outside quotations (`inside`)
        and direct quotes with their attributions (`masks`)."""
        self.previous, self.current = self.current, (s, e)
        text = self.text
        in_words = _IN_THEIR_WORDS.match(text, s, e)
        if in_words and not masks.covers(s):
            named = in_words.group(1)
            speaker = self.doc.resolve(named, in_words.start(1)) if named else self.doc.last_speaker()
            if speaker is not None:
                self.doc.add(in_words.end(), _sentence_end(text, s, e), speaker, "reported")
                return
        if self._inverted(s, e, tokens, inside, masks):
            return
        sentence = text[s:e]
        remarks = _REMARKS_BY.search(text, s, e) if any(noun in sentence for noun in _REMARKS_NOUNS) else None
        if remarks and not masks.covers(remarks.start()) and not inside.covers(remarks.start()):
            named = self.doc.resolve(remarks.group(1), remarks.start(1))
            if named is not None and named.person:
                self.doc.remember(named)
        nominal = _NOMINAL_SPEECH.search(text, s, e)
        if (
            nominal
            and not masks.covers(nominal.start())
            and not inside.covers(nominal.start())
            and not any(speech_verb_at(tokens, k) for k in range(len(tokens)) if tokens[k][0] < nominal.start())
        ):
            speaker = self.doc.resolve(nominal.group(1), nominal.start(1))
            if speaker is not None:
                self.doc.add(nominal.start(), _sentence_end(text, s, e), speaker, "reported")
                return
        current: list | None = None
        clause_start = s
        scanned = s
        for k in [k for k, t in enumerate(tokens) if t[2].lower() in CANDIDATES]:
            ts, _, word = tokens[k]
            for mask_start, mask_end in masks.starting_in(scanned, ts + 1):
                clause_start = max(clause_start, mask_end)
                if current:
                    self._close(current, mask_start)
                    current = None
            scanned = ts + 1
            if masks.covers(ts) or inside.covers(ts):
                continue
            if word.lower() == "according" and k + 1 < len(tokens) and tokens[k + 1][2].lower() == "to":
                current = self._according(tokens, k, s, e, current)
                continue
            if not speech_verb_at(tokens, k):
                continue
            if word.endswith("ing"):
                if k and tokens[k - 1][2].lower() in DOCUMENTS:
                    continue
                if current is None and k + 1 < len(tokens) and tokens[k + 1][2].lower() == "that":
                    lead = self.subjects.leading_np(s, e)
                    if lead is not None:
                        current = [lead[0], lead[2]]
                elif current is None and not text[clause_start:ts].rstrip().endswith(","):
                    found = self.subjects.subject(clause_start, ts)
                    if found is not None:
                        current = [found[0], found[1]]
                elif current is None and clause_start == s:
                    lead = self.subjects.leading_np(s, e)
                    if lead is not None and lead[0] < ts:
                        current = [lead[0], lead[2]]
                continue
            if current is None and self._passive(tokens, k, clause_start, e):
                break
            if _reduced_passive(text, tokens, k):
                continue
            if k and tokens[k - 1][2].lower() in PASSIVE_AUXILIARIES:
                continue
            found = self.subjects.subject(clause_start, ts)
            if found is None:
                continue
            np_start, speaker, link = found
            if text[np_start : tokens[k][0]].split(None, 1)[0].lower() in REPORTING_RELATIVES:
                self._relative_clause(np_start, tokens, k, e, speaker)
                continue
            tail = len(tokens)
            if (
                (current is None or (_overrides(current[1], speaker, word) and not text[clause_start : current[0]].strip()))
                and link.rstrip().endswith(",")
                and not word.endswith("ing")
                and (tail := _tail_end(text, tokens, k)) - k <= _ATTRIBUTION_TAIL
                and _ends_attribution(tokens[:tail], k)
            ):
                comma = text.rindex(",", clause_start, np_start)
                opening = text[clause_start:comma].split()
                adverbial = opening and (
                    (opening[0].lower() in INTRODUCTORY and "," not in text[clause_start:comma])
                    or (opening[0].endswith("ing") and len(opening) > 1 and opening[1].lower() in _PARTICIPLE_OBJECTS)
                )
                if len(opening) >= 4 and not masks.covers(comma) and not adverbial:
                    self.doc.add(clause_start, comma, speaker, "reported")
                    if tail < len(tokens) and tokens[tail][2].endswith("ing") and speech_verb_at(tokens, tail):
                        self.doc.add(tokens[tail][0], _sentence_end(text, tokens[tail][0], e), speaker, "reported")
                    current = None
                    break
            if current is not None:
                if current[1].name == speaker.name or not any(c in link for c in ",;:—–"):
                    continue
                self._close(current, np_start)
            current = [np_start, speaker]
        if current:
            ahead = masks.starting_in(scanned, e)
            self._close(current, ahead[0][0] if ahead else e)

    def _inverted(self, s: int, e: int, tokens: list[tuple[int, int, str]], inside: Spans, masks: Spans) -> bool:
        """ "The talks were useful, said Kremlin spokesman Dmitry Peskov.": the clause before the inverted attribution is
        the speaker's statement."""
        text = self.text
        if _COMMA_VERB.search(text, s, e) is None:
            return False
        for k in range(len(tokens) - 2, 2, -1):
            if len(tokens) - k > _ATTRIBUTION_TAIL + 4:
                return False
            ts, te, word = tokens[k]
            if word not in ATTRIBUTION_VERBS or not text[tokens[k - 1][1] : ts].strip() == "," or masks.covers(ts) or inside.covers(ts):
                continue
            rest = range(k + 1, len(tokens))
            if (
                _CLAUSE_WORDS.intersection(tokens[i][2].lower() for i in rest)
                or any(speech_verb_at(tokens, i) for i in rest)
                or text[te:e].count(",") > 2
            ):
                return False
            np = AFTER_VERB_END.split(text[te:e], maxsplit=1)[0].strip()
            if not np or (not np[:1].isupper() and np.split(None, 1)[0] not in DETERMINERS):
                return False
            np_tokens = word_spans(np)
            if np_prefix(np_tokens) < len(np_tokens):
                return False
            appositive = APPOSITIVE.match(text, te + 1 + len(np), e)
            speaker = self.doc.resolve(np, te, appositive.group(1) if appositive else "")
            comma = text.rindex(",", s, ts)
            if speaker is None or len(text[s:comma].split()) < 4 or masks.covers(s) or inside.covers(s):
                return False
            self.doc.add(s, comma, speaker, "reported")
            return True
        return False

    def _relative_clause(self, start: int, tokens: list[tuple[int, int, str]], k: int, e: int, speaker: Speaker) -> None:
        """ "…, which Zelensky called a violation of the ceasefire": the relative clause, up to the comma that closes it, is
        the speaker's statement when it says more than when or where ("which Trump announced on Monday" says nothing)."""
        stop = _RELATIVE_END.search(self.text, tokens[k][1], e)
        end = stop.start() if stop else _sentence_end(self.text, start, e)
        content = [t for t in tokens if tokens[k][1] <= t[0] < end and t[2].lower() not in _NOT_CONTENT]
        if len(content) >= 2:
            self.doc.add(start, end, speaker, "reported")

    def _passive(self, tokens: list[tuple[int, int, str]], k: int, s: int, e: int) -> bool:
        """ "The visit was confirmed by Yuri Ushakov on Wednesday": the sentence is a statement by the speaker after "by"."""
        if not (
            0 < k < len(tokens) - 2
            and tokens[k][2].lower() in PASSIVE_SPEECH_VERBS
            and tokens[k - 1][2].lower() in PASSIVE_AUXILIARIES
            and tokens[k + 1][2].lower() == "by"
        ):
            return False
        after = tokens[k + 2 :]
        n = np_prefix(after)
        if not n:
            return False
        speaker = self.doc.resolve(self.text[after[0][0] : after[n - 1][1]], after[0][0])
        if speaker is None:
            return False
        if k == 2 and tokens[0][2].lower() in _BACK_REFERENCES:
            self._earlier_sentence(speaker)
            return True
        self.doc.add(s, s + len(self.text[s:e].rstrip(" .")), speaker, "reported")
        return True

    def _earlier_sentence(self, speaker: Speaker) -> None:
        """ "… This was stated by Ukraine's Foreign Minister, Andrii Sybiha.": the sentence before, in the same paragraph and
        not already a statement, is the speaker's."""
        if self.previous is None:
            return
        lo, hi = self.previous
        if "\n" in self.text[hi : self.current[0]] or any(st.start < hi and lo < st.end for st in self.doc.statements):
            return
        self.doc.add(lo, _sentence_end(self.text, lo, hi), speaker, "reported")

    def _according(self, tokens: list[tuple[int, int, str]], k: int, s: int, e: int, current: list | None) -> list | None:
        """ "According to X, …" (or "…, according to X"): X said what the rest of the sentence says."""
        text = self.text
        rest = text[tokens[k + 1][1] : e]
        np = re.split(r"[,;:]|\.(?=\s|$)", rest, maxsplit=1)[0]
        if _DOCUMENT.search(np):
            return current
        if _ISSUER_UNNAMED.match(np.strip()) and not _ISSUER.search(np):
            lead = self.subjects.leading_np(s, e)
            speaker = lead[2] if lead is not None and lead[0] < tokens[k][0] else None
        else:
            speaker = self.doc.resolve(np.strip(), tokens[k + 1][1])
        if speaker is None or (current is not None and _OUTLET.search(np.strip())):
            return current
        np_end = tokens[k + 1][1] + len(np)
        before = [] if _DATELINE_END.search(text, s, tokens[k][0]) else text[s : tokens[k][0]].rstrip(" ,").split()
        if len(before) >= 4 or (len(before) >= 2 and before[0].lower() not in INTRODUCTORY):
            self.doc.add(s, s + len(text[s : tokens[k][0]].rstrip(" ,")), speaker, "reported")
            return None
        if current is not None:
            self._close(current, tokens[k][0])
        return [np_end + 1, speaker]

    def _close(self, current: list, end: int) -> None:
        """Record the open reported clause ``[start, speaker]`` as ending at `end`, its trailing connector cut."""
        start, speaker = current
        piece = self.text[start:end].rstrip()
        for connector in CLAUSE_TRAILERS:
            if piece.endswith(connector):
                piece = piece[: -len(connector)].rstrip()
        if len(piece.split()) >= 4:
            self.doc.add(start, start + len(piece), speaker, "reported")
