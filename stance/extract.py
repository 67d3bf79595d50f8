"""Statements from article text: direct quotes and reported speech, each with its speaker and country.

``extract_statements(text)`` walks the article's paragraphs (skipping page noise), pairs quotation
marks, attributes each direct quote ("…," he said. / X said: "…"), finds reported speech around the
speech verbs listed in ``stance/data/speech_verbs.txt``, and resolves speakers within the document:
pronouns and role continuations to the last fitting speaker, a surname to the full name given
earlier, titles and roles to the state or organisation from the actor table. Every step is linear in
the length of the text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from stance.actors import ActorTable, Mention, _words, load_actors

_DATA = files("stance") / "data"


def _data_lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


SPEECH_VERBS: frozenset[str] = frozenset(_data_lines("speech_verbs.txt"))
ABBREVIATIONS: frozenset[str] = frozenset(_data_lines("abbreviations.txt"))
ATTRIBUTION_VERBS: frozenset[str] = frozenset(_data_lines("attribution_verbs.txt"))
_PHRASE_HEADS = {v.split()[0]: {w.split()[1] for w in SPEECH_VERBS if w.startswith(v.split()[0] + " ")} for v in SPEECH_VERBS if " " in v}
_SINGLE_VERBS = {v for v in SPEECH_VERBS if " " not in v}
_CANDIDATES = _SINGLE_VERBS | set(_PHRASE_HEADS) | {"according"}

_NAVIGATION = {
    "read more", "table of contents", "featured posts", "latest posts", "related", "related articles", "advertisement",
    "share", "share this", "comments", "comentarios", "subscribe", "most read", "sign up", "skip to content", "menu",
    "home", "more on this story", "recommended", "top stories", "latest news", "follow us",
}  # fmt: skip
_TERMINAL = '.!?"”’»:…)'
_MARKS = re.compile(r"[\"“”„«»]")
_SINGLE_MARKS = re.compile("[‘’]")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(?=\s|$)")
_SEPARATOR = re.compile(r"\s*[,;:()\[\]]\s*|\s+[—–-]\s+")
_AUX = {
    "has", "have", "had", "also", "again", "further", "reportedly", "then", "later", "previously", "already", "would", "will",
    "is", "was", "were", "are", "did", "does", "do", "not", "never", "once", "now", "too", "publicly", "on", "in",
}  # fmt: skip
_CONNECTORS = {
    "as", "and", "but", "while", "when", "that", "after", "then", "yet", "however", "meanwhile", "where", "whereas", "though",
    "although", "because", "since", "so", "if",
}  # fmt: skip
_DETERMINERS = {
    "the", "a", "an", "its", "his", "her", "their", "one", "two", "three", "several", "multiple", "some", "many", "other", "both",
    "all", "senior", "top", "high-ranking", "foreign", "special", "deputy", "chief", "former", "acting", "permanent", "defence",
    "defense", "policy", "ministry", "affairs", "state", "press", "government", "presidential", "military", "national",
    "security", "unnamed", "anonymous", "western", "european", "first", "vice", "prime", "new", "outgoing", "incoming",
}  # fmt: skip
ROLE_NOUNS = {
    "representative", "envoy", "ambassador", "minister", "spokesman", "spokeswoman", "spokesperson", "president",
    "chancellor", "secretary", "secretary-general", "delegation", "delegate", "diplomat", "official", "source",
    "member", "government", "ministry", "mission", "leader", "chief", "head", "commander", "negotiator", "aide",
    "adviser", "advisor", "director", "coordinator", "commissioner", "chairperson", "chairman", "chairwoman", "chair",
    "nation", "state", "country", "council", "side", "authorities", "administration", "office", "tánaiste",
    "taoiseach", "premier", "king", "queen", "pope", "emir", "sheikh", "cabinet", "presidency", "kremlin",
    "foreign-policy", "under-secretary-general", "high-representative", "counterpart", "officer", "general",
    "ombudsman", "parliament", "lawmaker", "senator", "management", "operator", "company", "agency", "regulator",
    "watchdog", "department", "committee", "commission", "movement", "alliance", "coalition", "bloc", "prosecutor",
    "governor", "mayor", "army", "military", "ministers", "allies", "ally", "partner", "critic", "opponent", "backer",
    "supporter", "neighbour", "neighbor", "adversary", "rival", "group", "militia", "faction",
}  # fmt: skip
_ATTRIBUTION_ONLY = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:said|added|adding|saying|told|noted|noting|stated|stating)\s+(?:in|of|on|at|to|as|during|after|before|while|from|via)\b"
    r"(?![^.]*\b(?:that|whether)\b)[^:]*$",
    re.I,
)
"""A reported "statement" that is only its attribution ("he added in comments to state media", "adding of the outcomes")."""
_CHUNK_CACHE = 20_000
"""Noun phrases whose name and mentions a document remembers (they depend only on the phrase and the actor table)."""
_HYPHEN_LOWER = re.compile(r"-[a-z]")
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn)-[A-Z]")
_ADJECTIVE = re.compile(r"[a-z]+(?:-[a-z]+)?")
"""A lower-case word taken into a noun phrase between a determiner and a role ("the terror group", "the paramilitary RSF")."""
_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president", "prime", "minister", "foreign",
    "secretary", "secretary-general", "general", "special", "envoy", "ambassador", "chancellor", "spokesman", "spokeswoman",
    "spokesperson", "deputy", "assistant", "director", "head", "chief", "representative", "permanent", "vice", "king", "queen",
    "pope", "senator", "sen", "rep", "gov", "governor", "tánaiste", "taoiseach", "commissioner", "high", "under-secretary-general",
    "colonel", "col", "admiral", "adm", "lieutenant", "lt", "gen", "defence", "defense", "affairs", "ministry", "office",
    "council", "policy", "state", "press", "emir", "crown", "prince", "premier", "speaker", "mayor", "judge", "former",
    "acting", "ukrainian", "russian", "us", "u.s", "un", "eu", "nato", "chairman", "chairwoman", "chair", "executive", "senior",
    "sources", "source", "members", "member", "officials", "official", "delegations", "delegation", "leaders", "leader",
    "however", "yet", "but", "and", "meanwhile", "similar", "several", "multiple", "both", "responding", "when", "after",
    "according", "overnight", "instead", "still", "while", "asked", "on", "in", "at", "as", "the", "a", "an", "this", "that",
    "these", "those", "it", "its", "his", "her", "their", "our", "we", "they", "he", "she", "i", "you", "not", "even", "also",
}  # fmt: skip
_PARTICLES = {"von", "der", "van", "de", "da", "bin", "al", "el", "la", "le", "di", "du", "dos", "ibn"}
_PRONOUNS = {"he", "she", "they"}
_NP_LINKS = {"of", "for", "within", "and", "at"}
_PARENTHESES = re.compile(r"\([^()]{0,200}\)|\[[^\[\]]{0,200}\]")
_TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight", "earlier",
    "week", "month", "year", "weekend", "morning", "evening", "afternoon", "night", "last", "this", "recently",
}  # fmt: skip
_TRAILING = _AUX | _TIME_WORDS
_AFTER_VERB_END = re.compile(r",|;|\.(?:\s|$)| (?:in|at|on|during|after|before|to|when|while|from|as|who|with) ")
_MEMBERSHIPS = {"UN", "EU", "NATO", "African Union"}
_TWO_CAPITALS = re.compile(r"[A-Z][\w'’.-]*\s+(?:(?:al|bin|ibn|von|van|de|der|da|el|la|le)\s+)?[A-ZÀ-Þ]")
_INSTITUTIONS = {
    "ministry", "office", "council", "department", "committee", "commission", "agency", "service", "forces", "army",
    "government", "mission", "management", "company", "operator", "authority", "movement", "party", "front", "alliance",
}  # fmt: skip
_LEAD_IN_TRAILING = {"by", "with", "in", "on", "as", "when", "while", "after", "before", "and", "then", "further", "also"}
_RELATIVES = {"which", "that", "who", "whom", "what", "whose"}
_ABBREVIATION_BEFORE_PRONOUN = re.compile(r"\b(?:U\.S|U\.K|U\.N|E\.U)\.\s+(?=(?:He|She|They|We|It|I|This|That|His|Her|Their|Our|The)\s)")
_RULES: dict[str, frozenset[str]] = {
    name: frozenset(words) for name, words in json.loads((_DATA / "extraction_rules.json").read_text(encoding="utf-8")).items() if name != "_about"
}
"""Word lists of the rules for unseen news (``stance/data/extraction_rules.json``): speech acts built on a noun
("declined to comment", "issued a warning: …"), words that make a speech verb an action or a noun ("agreed to",
"progress claims"), opening adverbials, group nouns, possessive groups ("Russia's allies"), documents."""
_NOT_SPEECH_BEFORE, _ACTION_BEFORE_TO = _RULES["not_speech_before"], _RULES["action_before_to"]
_DECLINED, _NO_COMMENT, _ISSUED, _SPEECH_NOUNS = _RULES["declined"], _RULES["no_comment"], _RULES["issued"], _RULES["speech_nouns"]
_PLURAL_NOUNS, _SUBJECT_WORDS = _RULES["plural_nouns"], _RULES["subject_words"]
_INTRODUCTORY, _GROUP_NOUNS = _RULES["introductory"], _RULES["group_nouns"]
_CANDIDATES = _CANDIDATES | _DECLINED | _ISSUED


def _any_of(words: frozenset[str]) -> str:
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"


_OTHERS_OF = re.compile(rf"['’]s?\s+(?:\w+\s+)?{_any_of(_RULES['others_of'])}\b", re.I)
_DOCUMENT = re.compile(rf"\b{_any_of(_RULES['documents'])}\b", re.I)
_GROUP_ROLES = {"members", "states", "nations", "countries", "delegations", "leaders", "allies", "ministers"}


class _Spans:
    """A set of character spans, merged where they overlap, answering "which span covers this offset?" by bisection."""

    def __init__(self, spans) -> None:
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
        return self.end_of(position) is not None

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans that start in ``[lo, hi)``."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return list(zip(self._starts[i:j], self._ends[i:j]))


@dataclass(frozen=True)
class Statement:
    """What one speaker said: the words (``text[start:end]`` of the input), who said it, for which state, and how."""

    text: str
    speaker: str | None
    country: str | None
    kind: str
    start: int
    end: int
    doc_id: str | None = None


@dataclass
class _Speaker:
    name: str
    country: str | None
    roles: frozenset[str] = frozenset()


@dataclass
class _Quote:
    open: int
    close: int
    direct: bool = False
    attribution: tuple[int, int] | None = None
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None
    lead: int | None = None


@lru_cache(maxsize=1)
def _sentence_splitter():
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


PUNKT_CHUNK = 20_000
"""Longest stretch of text given to Punkt at once: its regular expressions have a time limit, so long text is cut."""


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets in ``text[start:end]`` by NLTK's Punkt, with the shipped abbreviation list (no download).

    Text longer than PUNKT_CHUNK is split first, after a sentence end or a space where it can be.
    """
    end = len(text) if end is None else end
    spans = []
    while start < end:
        stop = _chunk_end(text, start, end)
        spans += [(start + a, start + b) for a, b in _sentence_splitter().span_tokenize(text[start:stop])]
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


def content_blocks(text: str) -> list[tuple[int, int]]:
    """Offsets of the lines that carry article prose; navigation, images, bylines and headline lists are left out."""
    blocks = []
    text_end = len(text.rstrip())
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped or stripped.lower().rstrip(":") in _NAVIGATION or "data:image" in line or stripped.startswith("<"):
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


def _pair_quotes(text: str, blocks: list[tuple[int, int]]) -> list[list[_Quote]]:
    """Quotation-mark pairs per block; an unclosed mark is dropped unless the next paragraph continues the quote
    or the article ends inside it (a cut-off page: the quote runs to the end)."""
    per_block: list[list[_Quote]] = []
    for index, (lo, hi) in enumerate(blocks):
        quotes: list[_Quote] = []
        open_at: int | None = None
        for match in _MARKS.finditer(text, lo, hi):
            i = match.start()
            if _mark_role(text, i, lo, hi) == "open":
                open_at = i
            elif open_at is not None:
                quotes.append(_Quote(open_at, i))
                open_at = None
        continued = index + 1 < len(blocks) and text[blocks[index + 1][0]] in '"“„«'
        cut_off = index + 1 == len(blocks) and not text[hi:].strip()
        if open_at is not None and (continued or cut_off):
            quotes.append(_Quote(open_at, hi))
        singles = _single_quotes(text, lo, hi, _Spans((q.open, q.close + 1) for q in quotes))
        if singles:
            outer = _Spans((q.open, q.close + 1) for q in singles)
            quotes = sorted([q for q in quotes if not outer.covers(q.open)] + singles, key=lambda q: q.open)
        per_block.append(quotes)
    return per_block


def _single_quotes(text: str, lo: int, hi: int, doubles: _Spans) -> list[_Quote]:
    """Pairs of curly single quotation marks (British style) outside double quotations; apostrophes are left alone."""
    quotes: list[_Quote] = []
    open_at: int | None = None
    for match in _SINGLE_MARKS.finditer(text, lo, hi):
        i = match.start()
        if doubles.covers(i):
            continue
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if match.group() == "‘":
            if (before.isspace() or before in "([{—–-/:") and not after.isspace():
                open_at = i
        elif open_at is not None and not before.isspace() and (after.isspace() or after in ',.;:!?)—–-”"'):
            if len(text[open_at + 1 : i].split(None, 2)) >= 2:
                quotes.append(_Quote(open_at, i))
            open_at = None
    return quotes


def _sentence_breaks(text: str, lo: int, hi: int):
    """Ends of sentences in ``text[lo:hi]`` (after . ! ? …), skipping full stops of known abbreviations and initials."""
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.group()[0] == ".":
            before = text[max(lo, m.start() - 12) : m.start()].split()
            word = before[-1].lower().strip('(["“') if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word:
                continue
        yield m.end()


def _is_verb(tokens: list[tuple[int, int, str]], k: int) -> int:
    """How many tokens the speech verb starting at token k spans (0 when it is not one)."""
    word = tokens[k][2].lower()
    if k and tokens[k - 1][2].lower() in _NOT_SPEECH_BEFORE:
        return 0
    if word in _PHRASE_HEADS and k + 1 < len(tokens) and tokens[k + 1][2].lower() in _PHRASE_HEADS[word]:
        return 2
    if word in _ACTION_BEFORE_TO and k + 1 < len(tokens) and tokens[k + 1][2].lower() == "to":
        return 0
    if word == "called" and k + 1 < len(tokens) and tokens[k + 1][2].lower() in {"his", "her", "their", "its"}:
        return 0
    if word in {"concluded", "concludes"} and k + 1 < len(tokens) and (tokens[k + 1][2][0].isupper() or tokens[k + 1][2].lower() in _DETERMINERS):
        return 0
    if word in _PLURAL_NOUNS and k and tokens[k - 1][2][0].islower() and tokens[k - 1][2].lower() not in _SUBJECT_WORDS:
        return 0
    following = [t[2].lower() for t in tokens[k + 1 : k + 3]]
    if word in _DECLINED and following[:1] == ["to"] and following[1:] and following[1] in _NO_COMMENT:
        return 3
    if word in _ISSUED and following[:1] in (["a"], ["an"]) and following[1:] and following[1] in _SPEECH_NOUNS:
        return 3
    return 1 if word in _SINGLE_VERBS and tokens[k][2][0].islower() else 0


def _np_prefix(tokens: list[tuple[int, int, str]]) -> int:
    """How many tokens the leading noun phrase of `tokens` spans ("Members of the council" in "Members of the council from …")."""
    k = 0
    while k < len(tokens):
        word = tokens[k][2]
        low = word.lower()
        if word[0].isupper() or low in _DETERMINERS or low in ROLE_NOUNS or low.rstrip("s") in ROLE_NOUNS or low in _PARTICLES:
            k += 1
        elif low in _NP_LINKS and k + 1 < len(tokens) and (tokens[k + 1][2][0].isupper() or tokens[k + 1][2].lower() in _DETERMINERS):
            k += 1
        else:
            break
    while k and tokens[k - 1][2].lower() in _NP_LINKS | _DETERMINERS:
        k -= 1
    return k


def _np_suffix(tokens: list[tuple[int, int, str]]) -> int:
    """Index where the trailing noun phrase (names, titles, roles, countries) of `tokens` begins."""
    k = len(tokens)
    if k and tokens[-1][2].lower() in _PRONOUNS:
        return k - 1
    while k > 0:
        word = tokens[k - 1][2]
        low = word.lower()
        if word[0].isupper() or low in _DETERMINERS or low.rstrip("s") in ROLE_NOUNS or low in ROLE_NOUNS or low in _PARTICLES:
            k -= 1
        elif low in _NP_LINKS and k - 1 > 0 and k < len(tokens):
            k -= 1
        elif k < len(tokens) and _ADJECTIVE.fullmatch(low) and k >= 2 and tokens[k - 2][2].lower() in {"the", "a", "an", "its", "their"}:
            k -= 1
        else:
            break
    while k < len(tokens) and tokens[k][2].lower() in _NP_LINKS | _CONNECTORS:
        k += 1
    return k


def _principals(np: str, mentions: list[Mention], fallback: bool = True) -> set[str]:
    """The states or organisations a noun phrase speaks for: "UN Special Envoy for Yemen" → UN, not Yemen."""
    named = [m for m in mentions if m.actor.country and m.actor.kind != "official"]
    principal = [m for m in named if np[: m.start].rstrip().rsplit(None, 1)[-1:] not in (["for"], ["to"], ["in"], ["on"], ["at"])]
    return {m.actor.country for m in (principal or (named if fallback else []))}


def _comma_parts(np: str) -> list[tuple[int, str]]:
    """The comma-separated parts of a noun phrase with their offsets ("Andy Hunder", "the President of …")."""
    parts, start = [], 0
    for m in re.finditer(r",", np):
        parts.append((start, np[start : m.start()]))
        start = m.end()
    parts.append((start, np[start:]))
    return parts


@dataclass
class _Document:
    text: str
    table: ActorTable
    doc_id: str | None
    statements: list[Statement] = field(default_factory=list)
    latest: _Speaker | None = None
    latest_by_role: dict[str, _Speaker] = field(default_factory=dict)
    country_of_speaker: dict[str, str] = field(default_factory=dict)
    country_of_name: dict[str, str] = field(default_factory=dict)
    full_names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    given_names: dict[str, str] = field(default_factory=dict)
    lowercase_words: set[str] | None = None
    chunks: dict[str, tuple[str | None, list[Mention], list[tuple[int, int, str]]]] = field(default_factory=dict)
    country_positions: list[int] = field(default_factory=list)
    country_names: list[str] = field(default_factory=list)
    group_positions: list[int] = field(default_factory=list)
    group_names: list[str] = field(default_factory=list)

    def note_countries(self, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.actor.kind in ("country", "seat", "organisation") and m.actor.country:
                self.country_positions.append(m.start)
                self.country_names.append(m.actor.country)
            if m.actor.kind == "organisation" and m.actor.country:
                self.group_positions.append(m.start)
                self.group_names.append(m.actor.country)

    def group_before(self, position: int) -> str | None:
        """The organisation (armed group, movement, alliance) named last before `position`."""
        i = bisect_right(self.group_positions, position)
        return self.group_names[i - 1] if i else None

    def country_before(self, position: int) -> str | None:
        i = bisect_right(self.country_positions, position)
        return self.country_names[i - 1] if i else None

    def last_speaker(self, role: str | None = None) -> _Speaker | None:
        return self.latest if role is None else self.latest_by_role.get(role)

    def remember(self, position: int, speaker: _Speaker) -> None:
        self.latest = speaker
        for role in speaker.roles:
            self.latest_by_role[role] = speaker
        if speaker.country:
            self.country_of_speaker[speaker.name] = speaker.country

    def name_chunk(self, np: str) -> tuple[str | None, list[Mention]]:
        """The person name in a noun phrase (titles, countries and roles removed), and the phrase's actor mentions."""
        known = self.chunks.get(np)
        if known is None:
            if len(self.chunks) >= _CHUNK_CACHE:
                self.chunks.clear()
            tokens = _words(np)
            known = self.chunks[np] = (*self._name_chunk(np, tokens), tokens)
        return known[0], known[1]

    def words_of(self, np: str) -> list[tuple[int, int, str]]:
        """The word tokens of a noun phrase (shared with `name_chunk`)."""
        self.name_chunk(np)
        return self.chunks[np][2]

    def _name_chunk(self, np: str, tokens: list[tuple[int, int, str]]) -> tuple[str | None, list[Mention]]:
        mentions = self.table.mentions(np, tokens)
        covered = {}
        for m in mentions:
            if m.actor.kind != "official":
                for s, _, _ in tokens:
                    if m.start <= s < m.end:
                        covered[s] = m
        names: list[list[str]] = []
        for part_start, part in _comma_parts(np):
            runs: list[list[str]] = [[]]
            possessive = False
            part_end = part_start + len(part)
            for s, e, word in ((a - part_start, b - part_start, w) for a, b, w in tokens if part_start <= a < part_end):
                low = word.lower()
                is_name = (
                    (
                        word[0].isupper()
                        and low.rstrip(".") not in _TITLES
                        and low not in _TIME_WORDS
                        and low not in _DETERMINERS
                        and low.rstrip("s") not in ROLE_NOUNS
                        and part_start + s not in covered
                        and not _HYPHEN_LOWER.search(word)
                    )
                    or (low in _PARTICLES and runs[-1])
                    or bool(_PARTICLE_NAME.match(word))
                )
                if is_name:
                    runs[-1].append(word)
                    possessive = part[s:e].endswith(("'s", "’s"))
                elif runs[-1]:
                    if low in _INSTITUTIONS and not possessive:
                        runs[-1] = []
                    else:
                        runs.append([])
            names = [r for r in runs if r]
            if names:
                break
        while names and names[-1] and names[-1][-1].lower() in _PARTICLES:
            names[-1].pop()
        return (" ".join(names[-1]) if names and names[-1] else None), mentions

    def resolve(self, np: str, position: int, appositive: str = "") -> _Speaker | None:
        """The speaker a noun phrase names, using the document so far; None when it names no speaker."""
        np = " ".join(np.split()).strip(" ,")
        if not np:
            return None
        words = [w for _, _, w in self.words_of(np)]
        lowered = [w.lower() for w in words]
        if len(words) == 1 and lowered[0] in _PRONOUNS:
            return self.last_speaker()
        if not words or lowered[-1] in {"it", "we", "i", "you", "this", "that", "which"} or np.endswith(("'s", "’s")):
            return None
        if _OTHERS_OF.search(np):
            return _Speaker(np[0].upper() + np[1:], None, frozenset())
        roles = frozenset(w.rstrip("s") if w.rstrip("s") in ROLE_NOUNS else w for w in lowered if w in ROLE_NOUNS or w.rstrip("s") in ROLE_NOUNS)
        name, mentions = self.name_chunk(np)
        if name and len(name.split()) == 1 and (name.lower() in _TITLES or self._common_word(name)):
            name = None
        if name is None and appositive and not appositive.lower().startswith("including"):
            apposed = self.name_chunk(appositive)[0]
            name = apposed if apposed and len(apposed.split()) > 1 else None
        official = None
        if name:
            if len(name.split()) == 1 and name in self.full_names:
                name = self.full_names[name][0]
            elif len(name.split()) == 1 and name in self.given_names:
                name = self.given_names[name]
            official = self.table.lookup(name) or self.table.lookup(name.split()[-1])
            if official is not None and official.kind != "official":
                official = None
            if len(name.split()) == 1 and official is not None:
                name = official.name
        countries = _principals(np, mentions) | _principals(appositive, self.name_chunk(appositive)[1], fallback=False)
        country: str | None = None
        if official is not None:
            country = official.country
        elif name and self._known_country(name):
            country = self._known_country(name)
        elif len(countries) == 1:
            country = next(iter(countries))
        elif not countries and lowered[0] in {"its", "their"}:
            country = self.country_before(position)
        if name is None and not countries and not mentions:
            if not roles:
                return None
            if lowered[0] in {"the", "its", "their", "one"} and len(words) <= 3:
                fitting = self.last_speaker(next(iter(roles))) if len(roles) == 1 else None
                if fitting is not None and lowered[0] == "the":
                    return fitting
                if lowered[0] == "the" and roles <= _GROUP_NOUNS:
                    country = self.group_before(position)
                if lowered[0] == "one":
                    fitting = fitting or self.last_speaker()
                    country = country or (fitting.country if fitting else None)
        if name is None and lowered[0] == "its" and country:
            np = f"{country}'s " + " ".join(words[1:])
        if name is None and lowered[-1] in _GROUP_ROLES and country in _MEMBERSHIPS:
            country = None
        if name:
            parts = name.split()
            if len(parts) > 1:
                self.full_names[parts[-1]] = (name, country)
                if country:
                    self.country_of_name[name] = country
                self.given_names.setdefault(parts[0], name)
            speaker_name = name
        else:
            speaker_name = np[0].upper() + np[1:] if np[:1].islower() and lowered[0] not in {"the"} else np
            if len(countries) > 1:
                country = None
        return _Speaker(speaker_name, country, roles)

    def _common_word(self, word: str) -> bool:
        """Whether a capitalised word is an ordinary word of the article ("Unilateral", "Shortly"), not a name."""
        if self.table.lookup(word) is not None:
            return False
        if self.lowercase_words is None:
            self.lowercase_words = {m.group() for m in re.finditer(r"\b[a-z][a-z'-]+\b", self.text)}
        return word.lower() in self.lowercase_words or word.endswith(("ly", "ing"))

    def _known_country(self, name: str) -> str | None:
        return self.country_of_name.get(name) or self.country_of_speaker.get(name)

    def register_names(self, np: str) -> None:
        """Remember full names mentioned in narration, so a later surname alone resolves to them."""
        name, mentions = self.name_chunk(np)
        if name and len(name.split()) > 1:
            countries = {m.actor.country for m in mentions if m.actor.country and m.actor.kind != "official"}
            official = self.table.lookup(name)
            country = official.country if official is not None and official.kind == "official" else None
            if country is None and len(countries) == 1:
                country = next(iter(countries))
            if self.full_names.setdefault(name.split()[-1], (name, country)) == (name, country) and country:
                self.country_of_name.setdefault(name, country)
            self.given_names.setdefault(name.split()[0], name)


class _Extractor:
    def __init__(self, text: str, table: ActorTable, doc_id: str | None) -> None:
        self.text = text
        self.doc = _Document(text, table, doc_id)
        self._previous_direct: _Quote | None = None
        self._leads: dict[tuple[int, int], tuple[int, str, _Speaker] | None] = {}
        self._sentence_span: tuple[int, int] = (-1, -1)
        self._sentence_tokens: list[tuple[int, int, str]] = []

    def run(self) -> list[Statement]:
        text = self.text
        blocks = content_blocks(text)
        quotes_per_block = _pair_quotes(text, blocks)
        previous_block_had_speaker = False
        for (lo, hi), quotes in zip(blocks, quotes_per_block):
            inside = _Spans((q.open + 1, q.close) for q in quotes)
            block_tokens = _words(text[lo:hi])
            mentions = [m for m in self.doc.table.mentions(text[lo:hi], block_tokens) if not inside.covers(lo + m.start)]
            block_tokens = [(lo + a, lo + b, w) for a, b, w in block_tokens]
            token_starts = [t[0] for t in block_tokens]
            self.doc.note_countries([Mention(lo + m.start, lo + m.end, m.actor) for m in mentions])
            for i, q in enumerate(quotes):
                previous_close = quotes[i - 1].close + 1 if i else lo
                next_open = quotes[i + 1].open if i + 1 < len(quotes) else len(text)
                self._classify(q, previous_close, next_open)
            masks = _Spans(span for q in quotes if q.direct for span in ((q.lead or q.open, q.close + 1), q.before, q.after) if span)
            direct = [q for q in quotes if q.direct]
            opens = [q.open for q in direct]
            count_before = len(self.doc.statements)
            for s, e in sentence_spans(text, lo, hi):
                here = direct[bisect_left(opens, s) : bisect_left(opens, e)]
                tokens = block_tokens[bisect_left(token_starts, s) : bisect_left(token_starts, e)]
                self._sentence(s, e, tokens, here, inside, masks, previous_block_had_speaker)
            previous_block_had_speaker = len(self.doc.statements) > count_before
        return sorted(self.doc.statements, key=lambda st: (st.start, st.end))

    def _classify(self, q: _Quote, start: int, next_open: int) -> None:
        """Decide whether a quotation is a direct statement (not a phrase quoted inside narration) and find its attribution."""
        text = self.text
        if len(text[q.open + 1 : q.close].split(None, 2)) < 2:
            return
        tail_start = start
        for tail_start in _sentence_breaks(text, start, q.open):  # noqa: B007 (the last break is wanted)
            pass
        tail = text[tail_start : q.open].rstrip()
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
        tokens = [(lo + s, lo + e, w) for s, e, w in _words(self.text[lo:hi])]
        return any(_is_verb(tokens, k) for k in range(len(tokens)))

    def _after_attribution(self, q: _Quote, hi: int) -> tuple[int, int] | None:
        """The span of an attribution right after a closing quotation mark ("…," he said), if there is one."""
        text = self.text
        lo = q.close + 1
        inner = text[q.open + 1 : q.close].rstrip()
        following = text[lo:hi].lstrip(" ,")
        if not inner or not following:
            return None
        if inner[-1] not in ",—–-" and not (following[0].islower() or text[lo:hi].lstrip().startswith(",")):
            return None
        end = next(_sentence_breaks(text, lo, hi), hi)
        offset = lo + (hi - lo - len(text[lo:hi].lstrip(" ,;")))
        tokens = [(lo + s, lo + e, w) for s, e, w in _words(text[lo:end])][:14]
        for k, (s, _, word) in enumerate(tokens):
            if text[offset:s].count(",") > 1 or any(c in text[offset:s] for c in ".;:!?"):
                return None
            if _is_verb(tokens, k):
                return None if word.endswith("ing") and k == 0 else (offset, end)
        return None

    def _sentence(self, s: int, e: int, tokens, quotes: list[_Quote], inside: _Spans, masks: _Spans, continuing: bool) -> None:
        """Direct quotes opening in this sentence, then reported speech in the parts of it no quotation covers."""
        text = self.text
        self._leads.clear()
        self._sentence_span, self._sentence_tokens = (s, e), tokens
        self._note_subject(s, e, masks, inside)
        for q in quotes:
            self._direct(q, continuing)
        current: list | None = None
        clause_start = s
        scanned = s
        for k in [k for k, t in enumerate(tokens) if t[2].lower() in _CANDIDATES]:
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
            if not _is_verb(tokens, k):
                continue
            if word.endswith("ing"):
                if current is None and k + 1 < len(tokens) and tokens[k + 1][2].lower() == "that":
                    lead = self._leading_np(s, e)
                    if lead is not None:
                        current = [lead[0], lead[2]]
                elif current is None and not text[clause_start:ts].rstrip().endswith(","):
                    found = self._subject(clause_start, ts)
                    if found is not None:
                        current = [found[0], found[1]]
                continue
            found = self._subject(clause_start, ts)
            if found is None:
                continue
            np_start, speaker, link = found
            if current is None and link.rstrip().endswith(",") and len(tokens) - k <= 6 and not word.endswith("ing"):
                comma = text.rindex(",", clause_start, np_start)
                opening = text[clause_start:comma].split()
                if len(opening) >= 4 and not masks.covers(comma) and opening[0].lower() not in _INTRODUCTORY:
                    self._add(clause_start, comma, speaker, "reported")
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

    def _note_subject(self, s: int, e: int, masks: _Spans, inside: _Spans) -> None:
        """Remember the person a sentence is about (its opening noun phrase), so a later "he" or surname can find them."""
        if masks.covers(s) or inside.covers(s):
            return
        head = self.text[s : min(e, s + 160)]
        if _TWO_CAPITALS.search(head):
            self.doc.register_names(head)
        lead = self._leading_np(s, e)
        self._leads.clear()
        if lead:
            speaker = lead[2]
            if self.doc.name_chunk(lead[1])[0]:
                if len(speaker.name.split()) > 1 or self.doc.table.lookup(speaker.name) is not None:
                    self.doc.remember(lead[0], speaker)

    def _leading_np(self, s: int, e: int) -> tuple[int, str, _Speaker] | None:
        """The noun phrase that opens a sentence, after at most one introductory phrase ("Not surprisingly, Andy Hunder")."""
        key = (s, e)
        if key not in self._leads:
            self._leads[key] = self._find_leading_np(s, e)
        return self._leads[key]

    def _find_leading_np(self, s: int, e: int) -> tuple[int, str, _Speaker] | None:
        text = self.text
        hi = min(e, s + 250)
        comma = text.find(",", s, hi)
        if (s, e) == self._sentence_span:
            head_tokens = [t for t in self._sentence_tokens if t[0] < hi]
        else:
            head_tokens = [(s + a, s + b, w) for a, b, w in _words(text[s:hi])]
        for start in (s, -1 if comma < 0 else comma + 1):
            if start < 0:
                break
            tokens = [t for t in head_tokens if t[0] >= start]
            k = _np_prefix(tokens)
            if k:
                begin = tokens[0][0] if start > s else s
                np = text[begin : tokens[k - 1][1]]
                speaker = self.doc.resolve(np, begin)
                if speaker is not None:
                    return begin, np, speaker
        return None

    def _subject(self, lo: int, verb: int) -> tuple[int, _Speaker, str] | None:
        """The speaker named right before a speech verb: (offset of its noun phrase, speaker, the text linking it to what precedes)."""
        text = self.text
        lo = max(lo, verb - 250)
        seg = _PARENTHESES.sub(lambda m: " " * len(m.group()), text[lo:verb])
        tokens = _words(seg)
        while tokens and (tokens[-1][2].lower() in _TRAILING or (tokens[-1][2].endswith("ly") and tokens[-1][2][0].islower())):
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
                if seg[spans[i][0] : spans[i][1]].lower().startswith(("including ", "such as ", "among them ", "who ", "which ", "whose ")):
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
        head_tokens = [t for t in tokens if head[0] <= t[0] < head[1]]
        if head_tokens and head_tokens[-1][2].lower() == "who" and len(head_tokens) == 1 and text[verb : verb + 40].split()[1:2] == ["that"]:
            comma = seg.rfind(",", 0, head_tokens[-1][0])
            found = self._subject(lo, lo + comma) if comma > 0 and not seg[comma : head_tokens[-1][0]].strip(" ,") else None
            return None if found is None else (lo + head_tokens[-1][0], found[1], found[2])
        if not head_tokens or head_tokens[-1][2].lower() in {"who", "which"}:
            return None
        k = _np_suffix(head_tokens)
        if k >= len(head_tokens):
            k, stop = 0, _np_prefix(head_tokens)
            if head[0] > 0 and not seg[: head[0]].rstrip().endswith((",", ";", ":")):
                return None
            head_tokens = head_tokens[:stop]
            if not head_tokens:
                return None
        if len(head_tokens) - k > 12:
            return None
        np_start = head_tokens[k][0]
        before = [t for t in tokens if t[1] <= np_start]
        if before and before[-1][2].lower() in _RELATIVES:
            return None
        np = seg[np_start : head_tokens[-1][1]]
        speaker = self.doc.resolve(np, lo + np_start, appositive)
        if speaker is None:
            return None
        return lo + np_start, speaker, seg[:np_start][-12:]

    def _according(self, tokens, k: int, s: int, e: int, current):
        """ "According to X, …" (or "…, according to X"): X said what the rest of the sentence says."""
        text = self.text
        rest = text[tokens[k + 1][1] : e]
        np = re.split(r"[,;:]|\.(?=\s|$)", rest, maxsplit=1)[0]
        if _DOCUMENT.search(np):
            return current
        speaker = self.doc.resolve(np.strip(), tokens[k + 1][1])
        if speaker is None:
            return current
        np_end = tokens[k + 1][1] + len(np)
        if text[s : tokens[k][0]].strip(" ,"):
            self._add(s, tokens[k][0], speaker, "reported")
            return None
        if current is not None:
            self._close(current, tokens[k][0])
        return [np_end + 1, speaker]

    def _close(self, current, end: int) -> None:
        start, speaker = current
        piece = self.text[start:end].rstrip()
        for connector in (", as", " as", ", and", " and", ", while", " while", ", but", " but", ",", ";", " —", " –", " -"):
            if piece.endswith(connector):
                piece = piece[: -len(connector)].rstrip()
        if len(piece.split()) >= 4:
            self._add(start, start + len(piece), speaker, "reported")

    def _direct(self, q: _Quote, continuing: bool) -> None:
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
            self._add(q.lead, end, speaker, "direct")
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
            self.doc.statements[-1] = Statement(joined, last.speaker, last.country, "direct", last.start, inner_start + len(inner), last.doc_id)
        else:
            self._add(inner_start, inner_start + len(inner), speaker, "direct")
        if q.after:
            self._participle_clause(q.after, speaker)

    def _before_speaker(self, span: tuple[int, int]) -> _Speaker | None:
        """The speaker named in an attribution before a quotation ("Zelensky said:", "…, stating,")."""
        lo, hi = span
        tokens = [(lo + a, lo + b, w) for a, b, w in _words(self.text[lo:hi])]
        verbs = [k for k in range(len(tokens)) if _is_verb(tokens, k)]
        if not verbs:
            return None
        k = verbs[-1]
        if tokens[k][2].endswith("ing") and len(verbs) > 1:
            k = verbs[0]
        found = self._subject(lo, tokens[k][0])
        if found is not None:
            return found[1]
        lead = self._leading_np(lo, hi)
        return lead[2] if lead else None

    def _lead_in(self, span: tuple[int, int], speaker: _Speaker) -> None:
        """A lead-in that says something itself ("X ridiculed Moscow's denials: …") is also a reported statement."""
        text = self.text
        lo, hi = span
        tokens = [(lo + a, lo + b, w) for a, b, w in _words(text[lo:hi])]
        verb = next((k for k in range(len(tokens)) if _is_verb(tokens, k) and not tokens[k][2].endswith("ing")), None)
        if verb is None or tokens[verb][2].lower() in ATTRIBUTION_VERBS:
            return
        found = self._subject(lo, tokens[verb][0])
        if found is None:
            return
        content = [t for t in tokens[verb + 1 :]]
        if any(t[2].endswith("ing") and _is_verb(tokens, verb + 1 + i) for i, t in enumerate(content)):
            return
        while content and content[-1][2].lower() in _LEAD_IN_TRAILING:
            content.pop()
        if len(content) >= 3:
            self._add(found[0], content[-1][1], speaker, "reported")

    def _same_block_speaker(self, q: _Quote) -> bool:
        return bool(self.doc.statements) and self.doc.statements[-1].end >= q.open - 400

    def _after_speaker(self, span: tuple[int, int]) -> _Speaker | None:
        """The speaker named in an attribution after a quotation ("he said", "said EU foreign policy chief Kaja Kallas")."""
        text = self.text
        lo, hi = span
        tokens = [(lo + a, lo + b, w) for a, b, w in _words(text[lo:hi])]
        for k, (s, _, _) in enumerate(tokens):
            n = _is_verb(tokens, k)
            if not n:
                continue
            if text[lo:s].strip(" ,"):
                found = self._subject(lo, s)
                return found[1] if found else None
            after_verb = tokens[k + n - 1][1]
            np = _AFTER_VERB_END.split(text[after_verb:hi], maxsplit=1)[0]
            return self.doc.resolve(np.strip(), after_verb)
        return None

    def _participle_clause(self, span: tuple[int, int], speaker: _Speaker) -> None:
        """ "…," X said, adding that …: the clause after the participle is a reported statement by X."""
        text = self.text
        lo, hi = span
        tokens = [(lo + a, lo + b, w) for a, b, w in _words(text[lo:hi])]
        for k, (s, _, word) in enumerate(tokens[:-1]):
            if k and word.endswith("ing") and _is_verb(tokens, k):
                end = hi
                while end > s and text[end - 1] in ' ."”':
                    end -= 1
                if len(text[s:end].split()) >= 4:
                    self._add(s, end + (1 if text[end : end + 1] == "." else 0), speaker, "reported")
                return

    def _add(self, start: int, end: int, speaker: _Speaker, kind: str) -> None:
        while start < end and self.text[start] in " ,;:":
            start += 1
        text = self.text[start:end]
        if not text.strip() or (kind == "reported" and _ATTRIBUTION_ONLY.search(text)):
            return
        self.doc.statements.append(Statement(text, speaker.name, speaker.country, kind, start, end, self.doc.doc_id))
        self.doc.remember(start, speaker)


def extract_statements(text: str, *, doc_id: str | None = None, actors: ActorTable | None = None) -> list[Statement]:
    """The statements in an article: direct quotes and reported speech, in order, each with speaker and country.

    `actors` replaces the bundled actor table (see ``stance.load_actors``).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_statements expects the article as a str, got {type(text).__name__}")
    return _Extractor(text, actors if actors is not None else load_actors(), doc_id).run()
