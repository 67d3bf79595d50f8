"""Who is speaking: a document's memory of speakers, names and countries, and the speaker a noun phrase names.

`Document.resolve` turns a noun phrase into a `Speaker` using what the article said before: pronouns and role
continuations go to the last fitting speaker, a surname or given name to the full name given earlier, titles and
roles to the state or organisation from the actor table. `Document.add` records a statement and its speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from stance.actors import Actor, ActorTable, Mention, word_spans
from stance.extract.lexicon import (
    BENEFICIARY_PREPOSITIONS,
    CONTINUATION_DETERMINERS,
    DETERMINERS,
    GENERIC_ROLES,
    GROUP_NOUNS,
    GROUP_ROLES,
    INSTITUTIONS,
    LISTS,
    MEMBERSHIPS,
    NEGATIVE_SUBJECTS,
    NON_SPEAKERS,
    NOT_NAMES,
    OBJECT_PRONOUNS,
    PARTICLE_NAME,
    PARTICLES,
    PERSON_POSSESSIVES,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_PREPOSITIONS,
    RULES,
    SPEECH_NOUNS,
    STATE_BODIES,
    STATE_POSSESSIVES,
    TIME_WORDS,
    TITLES,
    any_of,
)
from stance.record import Statement

_CHUNK_CACHE = 20_000
"""Noun phrases whose name and mentions a document remembers (they depend only on the phrase and the actor table)."""
_STATE_TITLE = re.compile(rf"\b(?:{any_of(RULES['state_titles'])})\b", re.I)
"""A title only a state's officials hold ("Interior Minister Alfonso Prada"): an unknown holder speaks for the last state named."""
_SEVERAL = re.compile(rf"\b(?:{any_of(RULES['several'])})\b", re.I)
"""Words that make a plural role several people ("the two leaders", "both ministers"): no single speaker or state."""
_DEFINITE = frozenset({"the", "this"})
"""Determiners that make a role phrase point back to one earlier speaker ("the minister", "this official")."""
_HYPHEN_LOWER = re.compile(r"-[a-z]")
_PLATFORM = re.compile(rf"(?:on\s+)?{any_of(RULES['platforms'])}", re.I)
"""A social network named where a speaker could be ("On Truth Social, Trump …"): never a speaker."""
_PLATFORM_OPENING = re.compile(rf"^{_PLATFORM.pattern}\s*,\s*", re.I)
_JOINED_GROUP = re.compile(rf"\band\s+(?:[\w-]+\s+){{0,2}}{any_of(RULES['joined_groups'])}\b", re.I)
"""A speaker joined with a group of others ("Zelenskiy and European leaders"): no single country."""
_OTHERS_OF = re.compile(rf"(?:['’]s?|\b(?:its|their|his|her))\s+(?:\w+\s+)?{any_of(RULES['others_of'])}\b", re.I)
_ATTRIBUTION_ONLY = re.compile(
    rf"^\W*(?:[\w.'’-]+\s+){{0,5}}?{any_of(LISTS['attribution_only_verbs'], longest_first=False)}"
    rf"\s+{any_of(LISTS['attribution_only_prepositions'], longest_first=False)}\b"
    rf"(?![^.]*(?:\b{any_of(LISTS['complementizers'] + RULES['clause_verbs'], longest_first=False)}\b"
    rf"|(?<!\bas )\b{any_of(RULES['clause_subjects'], longest_first=False)}\b))[^:]*$",
    re.I,
)
"""A reported "statement" that is only its attribution ("he added in comments to state media", "adding of the outcomes"), not
one whose words after the verb hold a clause ("said on Monday no ceasefire had been agreed")."""


@dataclass
class Speaker:
    """A speaker as the document knows it: the fullest name (or the role), the state spoken for, the role nouns."""

    name: str
    country: str | None
    roles: frozenset[str] = frozenset()
    person: bool = True


def _principals(np: str, mentions: list[Mention], fallback: bool = True) -> set[str]:
    """The states or organisations a noun phrase speaks for: "UN Special Envoy for Yemen" → UN, not Yemen; "Ukraine's UN
    mission" → Ukraine, whose mission it is."""
    named = [m for m in mentions if m.actor.country and m.actor.kind != "official"]
    if len(named) > 1:
        named = [m for m in named if not _owns_group(np, m, named)]
    principal = [m for m in named if _last_word(np[: m.start]) not in BENEFICIARY_PREPOSITIONS or _serves(np, m)]
    owner = [m for m in principal if m.start == 0 and np[m.start : m.end].endswith(("'s", "’s"))]
    if owner and len(principal) > 1:
        principal = owner
    return {m.actor.country for m in (principal or (named if fallback else []))}


def _names_group(np: str, name: str) -> bool:
    """Whether a one-word name is the name of an armed group, not a person ("the Wagner group")."""
    following = np[np.find(name) + len(name) :].split(None, 1)
    return bool(following) and following[0].lower() in GROUP_NOUNS


def _owns_group(np: str, mention: Mention, named: list[Mention]) -> bool:
    """Whether a state's possessive only locates the armed group or movement named right after it, which then speaks
    ("the head of Sudan's Rapid Support Forces" is the RSF's), unlike a state's body ("Ukraine's UN mission")."""
    if not np[mention.start : mention.end].endswith(("'s", "’s")) and not np[mention.end :].startswith(("'s", "’s")):
        return False
    follower = next((m for m in named if m.start > mention.start), None)
    return (
        follower is not None
        and follower.actor.kind == "organisation"
        and follower.actor.country not in MEMBERSHIPS
        and not np[mention.end : follower.start].strip(" '’s")
        and not _role_after(np, follower)
    )


def _serves(np: str, mention: Mention) -> bool:
    """Whether a state after "to" is the one the speaker serves: "adviser to US President Trump" (a title follows), not "envoy to Yemen"."""
    following = np[mention.end :].split(None, 1)
    return bool(following) and following[0][0].isupper() and following[0].lower().strip(",.") in TITLES


_ROLE_PHRASE_WORDS = TITLES | ROLE_NOUNS | DETERMINERS | frozenset(LISTS["np_links"])
"""Words of a role phrase that names no one in particular ("the Ministry of Foreign Affairs", "the deputy prime minister")."""
_POSSESSIVE_START = re.compile(r"^['’]s?\s*|^\s+")
_APPOSITION_WORDS = _ROLE_PHRASE_WORDS | ROLE_PREPOSITIONS


def _role_after(np: str, mention: Mention) -> bool:
    """Whether a role noun follows an official's name: "a Putin aide" is the aide, "Zelensky adviser Mykhailo Podolyak"
    speaks for Zelensky's state."""
    following = _POSSESSIVE_START.sub("", np[mention.end :]).split(None, 1)
    return bool(following) and following[0].lower().rstrip("s,") in ROLE_NOUNS


def _shown(np: str, lowered: list[str]) -> str:
    """How a speaker without a person's name is shown: the phrase, capitalised unless it opens with "the"."""
    return np[0].upper() + np[1:] if np[:1].islower() and lowered[0] != "the" else np


def _last_word(text: str) -> str:
    words = text.rstrip().rsplit(None, 1)
    return words[-1] if words else ""


def _comma_parts(np: str) -> list[tuple[int, str]]:
    """The comma-separated parts of a noun phrase with their offsets ("Andy Hunder", "the President of …")."""
    parts, start = [], 0
    for m in re.finditer(r",", np):
        parts.append((start, np[start : m.start()]))
        start = m.end()
    parts.append((start, np[start:]))
    return parts


def _after_preposition(np: str, mention: Mention) -> bool:
    """Whether a mention follows a preposition in its phrase ("Ambassador to Turkey"): where a role serves, not who speaks."""
    before = np[: mention.start].split()
    return bool(before) and before[-1].lower() in ROLE_PREPOSITIONS


def _serves_name(np: str, name: str) -> bool:
    """Whether a name in a role phrase is the one served, not the speaker ("Spokesman for Vladimir Putin", then the name)."""
    at = np.find(name.split()[0])
    before = np[:at].split() if at > 0 else []
    return bool(before) and before[-1].lower() in ROLE_PREPOSITIONS


def _name_reach(np: str, name: str) -> int:
    """Where a name ends in a phrase of narration: states named after it ("… thanked the US") do not describe it."""
    at = np.find(name.split()[-1])
    return len(np) if at < 0 else at + len(name.split()[-1])


def _describes(np: str, name: str, mention: Mention) -> bool:
    """Whether a state named before a name describes it: in its own phrase ("Colombian Interior Minister Alfonso Prada") or
    an apposition of roles ("Colombia's interior minister, Alfonso Prada"), not a clause of narration before it ("The ELN
    has raised …, Interior Minister Alfonso Prada told")."""
    at = np.find(name)
    between = _POSSESSIVE_START.sub("", np[mention.end : at if at >= 0 else len(np)])
    words = re.findall(r"\b[a-z][\w'’-]*", between)
    return not re.search(r"[,;:—(]", between) or all(w in _APPOSITION_WORDS or w.rstrip("s") in ROLE_NOUNS for w in words)


@dataclass
class Document:
    """What an article has said so far: its statements, its speakers by name and role, and where states were named."""

    text: str
    table: ActorTable
    doc_id: str | None
    statements: list[Statement] = field(default_factory=list)
    latest: Speaker | None = None
    latest_body: Speaker | None = None
    latest_by_role: dict[str, Speaker] = field(default_factory=dict)
    country_of_speaker: dict[str, str] = field(default_factory=dict)
    country_of_name: dict[str, str] = field(default_factory=dict)
    full_names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    given_names: dict[str, str] = field(default_factory=dict)
    lowercase_words: set[str] | None = None
    lead_in_at: int = -1
    """Where the last lead-in ending in a colon ("Trump said:") ends; its quotation may open the next paragraph."""
    chunks: dict[str, tuple[str | None, list[Mention], list[tuple[int, int, str]]]] = field(default_factory=dict)
    country_positions: list[int] = field(default_factory=list)
    country_names: list[str] = field(default_factory=list)
    group_positions: list[int] = field(default_factory=list)
    group_names: list[str] = field(default_factory=list)
    state_positions: list[int] = field(default_factory=list)
    state_names: list[str] = field(default_factory=list)

    def note_countries(self, mentions: list[Mention]) -> None:
        """Record where states and organisations are named, for `country_before`, `group_before` and `state_before`."""
        for m in mentions:
            if m.actor.kind in ("country", "seat", "organisation") and m.actor.country:
                self.country_positions.append(m.start)
                self.country_names.append(m.actor.country)
            if m.actor.kind == "organisation" and m.actor.country:
                self.group_positions.append(m.start)
                self.group_names.append(m.actor.country)
            if m.actor.country in self.table.states():
                self.state_positions.append(m.start)
                self.state_names.append(m.actor.country)

    def group_before(self, position: int) -> str | None:
        """The organisation (armed group, movement, alliance) named last before `position`."""
        i = bisect_right(self.group_positions, position)
        return self.group_names[i - 1] if i else None

    def state_before(self, position: int) -> str | None:
        """The state (not an organisation or armed group) named last before `position`: whose ministry or army "the army" is."""
        i = bisect_right(self.state_positions, position)
        return self.state_names[i - 1] if i else None

    def country_before(self, position: int) -> str | None:
        """The state or organisation named last before `position`."""
        i = bisect_right(self.country_positions, position)
        return self.country_names[i - 1] if i else None

    def last_speaker(self, role: str | None = None) -> Speaker | None:
        """The last speaker, or the last one with `role`."""
        return self.latest if role is None else self.latest_by_role.get(role)

    def remember(self, speaker: Speaker) -> None:
        """Make `speaker` the last speaker (and the last of each of its roles), and remember its country."""
        self.latest = speaker
        if not speaker.person and speaker.country:
            self.latest_body = speaker
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
            tokens = word_spans(np)
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
                        and low.rstrip(".") not in TITLES
                        and low not in TIME_WORDS
                        and low not in DETERMINERS
                        and low not in NOT_NAMES
                        and low.rstrip("s") not in ROLE_NOUNS
                        and part_start + s not in covered
                        and not _HYPHEN_LOWER.search(word)
                    )
                    or (low in PARTICLES and runs[-1])
                    or (bool(PARTICLE_NAME.match(word)) and part_start + s not in covered)
                )
                if is_name:
                    runs[-1].append(word)
                    possessive = part[s:e].endswith(("'s", "’s"))
                elif runs[-1]:
                    if low in INSTITUTIONS and not possessive:
                        runs[-1] = []
                    else:
                        runs.append([])
            names = [r for r in runs if r]
            if names:
                break
        while names and names[-1] and names[-1][-1].lower() in PARTICLES:
            names[-1].pop()
        return (" ".join(names[-1]) if names and names[-1] else None), mentions

    def resolve(self, np: str, position: int, appositive: str = "") -> Speaker | None:
        """The speaker a noun phrase names, using the document so far; None when it names no speaker."""
        np = _PLATFORM_OPENING.sub("", " ".join(np.split())).strip(" ,")
        if not np:
            return None
        words = [w for _, _, w in self.words_of(np)]
        lowered = [w.lower() for w in words]
        if len(words) == 1 and (lowered[0] in PRONOUNS or lowered[0] in OBJECT_PRONOUNS):
            return self.last_speaker()
        if lowered == ["it"]:
            latest = self.last_speaker()
            return latest if latest is not None and not latest.person and latest.country else None
        if not words or lowered[-1] in NON_SPEAKERS or np.endswith(("'s", "’s")):
            return None
        if len(words) >= 2 and lowered[-1] in SPEECH_NOUNS and np[: -len(words[-1])].rstrip().endswith(("'s", "’s")):
            return self.resolve(np[: -len(words[-1])].rstrip()[:-2], position)
        if lowered[0] in NEGATIVE_SUBJECTS or _PLATFORM.fullmatch(np):
            return None
        if _OTHERS_OF.search(np) or self._joined_with_others(np):
            return Speaker(np[0].upper() + np[1:], None, frozenset())
        roles = frozenset(w.rstrip("s") if w.rstrip("s") in ROLE_NOUNS else w for w in lowered if w in ROLE_NOUNS or w.rstrip("s") in ROLE_NOUNS)
        name, mentions = self.name_chunk(np)
        if "and" in lowered and len({m.actor.country for m in mentions if m.actor.country and not _after_preposition(np, m)}) > 1:
            return Speaker(np[0].upper() + np[1:], None, roles, person=False)
        if name and len(name.split()) == 1 and (name.lower() in TITLES or self._common_word(name)):
            name = None
        if appositive and not appositive.lower().startswith("including") and (name is None or _serves_name(np, name)):
            apposed = self.name_chunk(appositive)[0]
            if apposed and len(apposed.split()) > 1:
                name = apposed
        official = None
        if name:
            if len(name.split()) == 1 and name not in self.full_names and name[:1].isupper() and name[:1].lower() + name[1:] in self.full_names:
                name = name[:1].lower() + name[1:]
            parts = name.split()
            if len(parts) == 2 and parts[0].lower() in PARTICLES and parts[1] in self.full_names:
                name = parts[1]
            if len(name.split()) == 1 and name in self.full_names:
                name = self.full_names[name][0]
            elif len(name.split()) == 1 and name in self.given_names and self._by_surname(name) is None:
                name = self.given_names[name]
            official = self.table.lookup(name) or self._by_surname(name)
            if official is not None and official.kind != "official":
                official = None
            if len(name.split()) == 1 and _names_group(np, name):
                official, name = None, None
        if name and len(name.split()) == 1 and official is not None:
            name = official.name
        countries = _principals(np, mentions) | _principals(appositive, self.name_chunk(appositive)[1], fallback=False)
        if name is None and roles & GROUP_NOUNS and mentions and all(m.actor.kind == "country" for m in mentions):
            countries = {self.group_before(position)} - {None} or countries
        country: str | None = None
        if official is not None and any(m.actor == official and _role_after(np, m) for m in mentions):
            return Speaker(_shown(np, lowered), official.country, roles)
        if official is not None:
            country = official.country
        elif name and self._known_country(name):
            country = self._known_country(name)
        elif len(countries) == 1:
            country = next(iter(countries))
        elif not countries and lowered[0] in STATE_POSSESSIVES:
            country = self.country_before(position)
        elif not countries and lowered[0] in PERSON_POSSESSIVES and roles and self.latest is not None and self.latest.person:
            country = self.latest.country
        if country is None:
            country = next((m.actor.country for m in mentions if m.actor.kind == "official" and _role_after(np, m)), None)
        if country is None and name and not mentions and not countries and _STATE_TITLE.search(np):
            country = self.state_before(position)
        if name is None and not countries and not mentions:
            if not roles:
                return None
            if _SEVERAL.search(np) and lowered[-1] != lowered[-1].rstrip("s"):
                group = self.last_speaker(next(iter(roles))) if len(roles) == 1 else None
                return Speaker(_shown(np, lowered), group.country if group and not group.person else None, roles, person=False)
            if lowered[0] in CONTINUATION_DETERMINERS and (len(words) <= 3 or all(w in _ROLE_PHRASE_WORDS for w in lowered[1:])):
                fitting = self.last_speaker(next(iter(roles))) if len(roles) == 1 else None
                if (
                    fitting is None
                    and self.latest is not None
                    and self.latest.person
                    and (roles <= GENERIC_ROLES or not self.latest.roles)
                    and not roles <= GROUP_NOUNS
                ):
                    fitting = self.latest
                if fitting is not None and lowered[0] in _DEFINITE:
                    return fitting
                if lowered[0] in _DEFINITE and roles <= GROUP_NOUNS:
                    country = self.group_before(position)
                elif lowered[0] in _DEFINITE and roles <= STATE_BODIES:
                    body = self.latest_body.country if self.latest_body is not None else None
                    country = body if body in self.table.states() else self.state_before(position)
                if lowered[0] == "one":
                    fitting = fitting or self.last_speaker()
                    country = country or (fitting.country if fitting else None)
        if name is None and lowered[0] == "its" and country:
            np = f"{country}'s " + " ".join(words[1:])
        if name is None and country in MEMBERSHIPS and self._members_of(np, mentions):
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
            speaker_name = _shown(np, lowered)
            if len(countries) > 1:
                country = None
        return Speaker(speaker_name, country, roles, person=name is not None)

    def _joined_with_others(self, np: str) -> bool:
        """Whether a phrase joins its speaker with a group named by no state ("Zelenskiy and other leaders"); a group
        with a state is left to the count of states ("Zelenskyy and other Kyiv officials" keeps Ukraine)."""
        joined = _JOINED_GROUP.search(np)
        return joined is not None and not self.name_chunk(np[joined.start() :])[1]

    def _by_surname(self, name: str) -> Actor | None:
        """The official a name's last word names, when its first name, if any, starts as the official's does or is one of
        the official's names ("Sergei Lavrov" is Sergey Lavrov, "Tayyip Erdogan" is Recep Tayyip Erdoğan; "Mike Johnson" is
        not Boris Johnson)."""
        official = self.table.lookup(name.split()[-1])
        if official is None or len(name.split()) == 1 or official.name[:1].lower() == name[:1].lower():
            return official
        if name.split()[0].lower() in official.name.lower().split():
            return official
        return None

    def _members_of(self, np: str, mentions: list[Mention]) -> bool:
        """Whether a phrase names members of an organisation ("EU member states"), by a group word outside the names."""
        return any(word.lower() in GROUP_ROLES and not any(m.start <= start < m.end for m in mentions) for start, _, word in self.words_of(np))

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
            reach = _name_reach(np, name)
            countries = {
                m.actor.country for m in mentions if m.actor.country and m.actor.kind != "official" and m.start < reach and _describes(np, name, m)
            }
            official = self.table.lookup(name)
            country = official.country if official is not None and official.kind == "official" else None
            if country is None and len(countries) == 1:
                country = next(iter(countries))
            if self.full_names.setdefault(name.split()[-1], (name, country)) == (name, country) and country:
                self.country_of_name.setdefault(name, country)
            self.given_names.setdefault(name.split()[0], name)

    def add(self, start: int, end: int, speaker: Speaker, kind: str) -> None:
        """Record ``text[start:end]`` (leading punctuation skipped) as a statement by `speaker`, unless it is empty or,
        reported, only an attribution."""
        while start < end and self.text[start] in " ,;:":
            start += 1
        text = self.text[start:end]
        if kind == "reported" and text.rstrip().endswith(":"):
            self.lead_in_at = end
            self.remember(speaker)
            return
        if not text.strip() or (kind == "reported" and _ATTRIBUTION_ONLY.search(text)):
            return
        self.statements.append(Statement(text, speaker.name, speaker.country, kind, start, end, self.doc_id))
        self.remember(speaker)
