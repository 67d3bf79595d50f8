"""Direct quotations: whether a quotation is a statement, who said it, and the reported speech beside it.

A quotation is direct when an attribution comes before it (``X said: "…"``), after it (``"…," he said``), or it
opens its sentence; its speaker comes from that attribution, else from the quotation before it or the paragraph
before. A lead-in with a speech verb of its own and a participle clause after the attribution ("…, adding that …")
are reported statements by the same speaker.
"""

from __future__ import annotations

import re

from stance.extract.lexicon import ABBREVIATIONS, ATTRIBUTION_VERBS, LEAD_IN_TRAILING, LISTS, any_of
from stance.extract.phrases import SubjectFinder, speech_verb_at, words_in
from stance.extract.quotes import Quote
from stance.extract.sentences import sentence_breaks
from stance.extract.speakers import Document, Speaker
from stance.record import Statement

_COMPLEMENTIZERS = frozenset(LISTS["complementizers"])
APPOSITIVE = re.compile(r",\s+((?:(?:the|a|an)\s)?(?!who\b|which\b|whose\b)[a-z][a-z-]*(?<!ing)\s[^,;.]+?)\s*(?:[,;]|\.(?:\s|$)|$)")
"""A role after a name in an attribution: "…," said Tom Perriello, the US special envoy for Sudan."""
_TITLE = re.compile(r"(?:(?:[A-Z][\w'’.-]*|of|the|and|on|in|for|to|a)\s+){1,5}[A-Z][\w'’.-]*,?")
"""A quotation inside a sentence that is a name ("Speaking to “Beirut Today,” …"): capitalised words, at most six."""
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
"""A dotted abbreviation ("U.S.", "U.N."), whose full stops do not end an attribution."""
_ABBREVIATED = re.compile(rf"\b{any_of(ABBREVIATIONS)}\.", re.I)
"""A title's full stop ("Mr.", "Gen."), which does not end an attribution either."""
AFTER_VERB_END = re.compile(rf",|;|\.(?:\s|$)| {any_of(LISTS['after_verb_stops'], longest_first=False)} ")


class QuoteAttribution:
    """Classifies the quotations of an article and records the direct statements (and their lead-ins) in the document."""

    def __init__(self, doc: Document, subjects: SubjectFinder) -> None:
        self.text = doc.text
        self.doc = doc
        self.subjects = subjects
        self._previous_direct: Quote | None = None

    def classify(self, q: Quote, start: int, next_open: int) -> None:
        """Decide whether a quotation is a direct statement (not a phrase quoted inside narration) and find its attribution."""
        text = self.text
        if len(text[q.open + 1 : q.close].split(None, 2)) < 2:
            return
        tail_start = start
        for tail_start in sentence_breaks(text, start, q.open):  # noqa: B007 (the last break is wanted)
            pass
        tail = text[tail_start : q.open].rstrip()
        if tail and _TITLE.fullmatch(text[q.open + 1 : q.close].strip()):
            return
        after_end = min(next_open, q.close + 300, len(text))
        after = self._after_attribution(q, after_end)
        if not tail.strip():
            q.direct = True
        elif tail.endswith(":") or (tail.endswith(",") and (after or self._has_verb(tail_start, tail_start + len(tail)))):
            q.direct = True
            q.before = (tail_start + len(tail) - len(tail.lstrip()), q.open)
        elif after and len(tail.split()) <= 12 and not self._has_verb(tail_start, q.open):
            q.direct = True
            q.lead = tail_start + len(tail) - len(tail.lstrip())
        q.after = after if q.direct else None

    def _has_verb(self, lo: int, hi: int) -> bool:
        tokens = words_in(self.text, lo, hi)
        return any(speech_verb_at(tokens, k) for k in range(len(tokens)))

    def _after_attribution(self, q: Quote, hi: int) -> tuple[int, int] | None:
        """The span of an attribution right after a closing quotation mark ("…," he said), if there is one."""
        text = self.text
        lo = q.close + 1
        inner = text[q.open + 1 : q.close].rstrip()
        following = text[lo:hi].lstrip(" ,")
        if not inner or not following:
            return None
        asked = inner[-1] in "?!" and following[0].isupper()
        if inner[-1] not in ",—–-?!" and not (following[0].islower() or text[lo:hi].lstrip().startswith(",")):
            return None
        end = next(sentence_breaks(text, lo, hi), hi)
        offset = lo + (hi - lo - len(text[lo:hi].lstrip(" ,;")))
        tokens = words_in(text, lo, end)[: 24 if following[0].isupper() else 14]
        for k, (s, _, word) in enumerate(tokens):
            between = text[offset:s]
            if "." in between:
                between = _ABBREVIATED.sub("", _DOTTED.sub("", between))
            if between.count(",") > (2 if between.rstrip().endswith(",") else 1) or any(c in between for c in ".;:!?"):
                return None
            if speech_verb_at(tokens, k):
                if asked and (len(tokens) - k > 6 or any(t[2].lower() in _COMPLEMENTIZERS for t in tokens[k:])):
                    return None
                return None if word.endswith("ing") and k == 0 else (offset, end)
        return None

    def attribute(self, q: Quote, continuing: bool) -> None:
        """Record a direct quotation (classified direct) as a statement by its speaker; `continuing` says the paragraph
        before had a statement, whose speaker a quotation without attribution takes."""
        text = self.text
        speaker = self._before_speaker(q.before) if q.before else None
        if speaker is not None:
            self._lead_in(q.before, speaker)
        if speaker is None and q.after:
            speaker = self._after_speaker(q.after)
        previous, self._previous_direct = self._previous_direct, q
        if speaker is None and previous is not None and previous.after and q.before and q.before[0] <= previous.after[1]:
            speaker = self.doc.last_speaker()
        if speaker is None and (continuing or self._same_block_speaker(q)):
            speaker = self.doc.last_speaker()
        if speaker is None:
            return
        inner_start = q.open + 1
        inner = text[inner_start : q.close]
        inner_start += len(inner) - len(inner.lstrip())
        inner = inner.strip()
        while inner and inner[-1] in ",;":
            inner = inner[:-1].rstrip()
        if q.lead is not None:
            end = inner_start + len(inner)
            end = end + 1 if end == q.close else end
            self.doc.add(q.lead, end, speaker, "direct")
            if q.after:
                self._participle_clause(q.after, speaker)
            return
        last = self.doc.statements[-1] if self.doc.statements else None
        if (
            inner[:1].islower()
            and last is not None
            and last.kind == "direct"
            and last.speaker == speaker.name
            and q.before
            and last.end <= q.before[0] <= last.end + 120
        ):
            joined = text[last.start : last.end].rstrip(",;") + ", " + inner if text[last.end : last.end + 1] == "," else last.text + " " + inner
            self.doc.statements[-1] = Statement(joined, last.speaker, last.country, "direct", last.start, inner_start + len(inner), last.doc)
        else:
            self.doc.add(inner_start, inner_start + len(inner), speaker, "direct")
        if q.after:
            self._participle_clause(q.after, speaker)

    def _before_speaker(self, span: tuple[int, int]) -> Speaker | None:
        """The speaker named in an attribution before a quotation ("Zelensky said:", "…, stating,")."""
        lo, hi = span
        tokens = words_in(self.text, lo, hi)
        verbs = [k for k in range(len(tokens)) if speech_verb_at(tokens, k)]
        if not verbs:
            return None
        k = verbs[-1]
        if tokens[k][2].endswith("ing") and len(verbs) > 1:
            k = verbs[0]
        found = self.subjects.subject(lo, tokens[k][0])
        if found is not None:
            return found[1]
        lead = self.subjects.leading_np(lo, hi)
        return lead[2] if lead else None

    def _lead_in(self, span: tuple[int, int], speaker: Speaker) -> None:
        """A lead-in that says something itself ("X ridiculed Moscow's denials: …") is also a reported statement."""
        text = self.text
        lo, hi = span
        tokens = words_in(text, lo, hi)
        verb = next((k for k in range(len(tokens)) if speech_verb_at(tokens, k) and not tokens[k][2].endswith("ing")), None)
        if verb is None or tokens[verb][2].lower() in ATTRIBUTION_VERBS:
            return
        found = self.subjects.subject(lo, tokens[verb][0])
        if found is None:
            return
        content = tokens[verb + 1 :]
        if any(t[2].endswith("ing") and speech_verb_at(tokens, verb + 1 + i) for i, t in enumerate(content)):
            return
        while content and content[-1][2].lower() in LEAD_IN_TRAILING:
            content.pop()
        if len(content) >= 3:
            self.doc.add(found[0], content[-1][1], speaker, "reported")

    def _same_block_speaker(self, q: Quote) -> bool:
        return bool(self.doc.statements) and self.doc.statements[-1].end >= q.open - 400

    def _after_speaker(self, span: tuple[int, int]) -> Speaker | None:
        """The speaker named in an attribution after a quotation ("he said", "said EU foreign policy chief Kaja Kallas")."""
        text = self.text
        lo, hi = span
        tokens = words_in(text, lo, hi)
        for k, (s, _, _) in enumerate(tokens):
            n = speech_verb_at(tokens, k)
            if not n:
                continue
            if text[lo:s].strip(" ,"):
                found = self.subjects.subject(lo, s)
                return found[1] if found else None
            after_verb = tokens[k + n - 1][1]
            np = AFTER_VERB_END.split(text[after_verb:hi], maxsplit=1)[0]
            appositive = APPOSITIVE.match(text, after_verb + len(np), hi)
            return self.doc.resolve(np.strip(), after_verb, appositive.group(1) if appositive else "")
        return None

    def _participle_clause(self, span: tuple[int, int], speaker: Speaker) -> None:
        """ "…," X said, adding that …: the clause after the participle is a reported statement by X."""
        text = self.text
        lo, hi = span
        tokens = words_in(text, lo, hi)
        for k, (s, _, word) in enumerate(tokens[:-1]):
            if k and word.endswith("ing") and speech_verb_at(tokens, k):
                end = hi
                while end > s and text[end - 1] in ' ."”':
                    end -= 1
                if len(text[s:end].split()) >= 4:
                    self.doc.add(s, end + (1 if text[end : end + 1] == "." else 0), speaker, "reported")
                return
