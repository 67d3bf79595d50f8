"""Every word list of statement extraction, read from the data files in ``stance/data`` at import.

``speech_verbs.txt``, ``attribution_verbs.txt`` and ``abbreviations.txt`` hold one word a line;
``extraction_lexicon.json`` holds the lists of the core heuristics and ``extraction_rules.json`` those of the
rules for unseen news, each explained under its ``_about`` key. Regular expressions built from the lists
stay in the module that uses them (one that two modules use is here); `any_of` writes the alternation.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files

_DATA = files("stance") / "data"


def _data_lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _json_lists(name: str) -> dict[str, tuple[str, ...]]:
    data = json.loads((_DATA / name).read_text(encoding="utf-8"))
    return {key: tuple(words) for key, words in data.items() if not key.startswith("_")}


def any_of(words: tuple[str, ...] | frozenset[str], *, longest_first: bool = True) -> str:
    """A non-capturing regex alternation of `words`, escaped: longest first, or in the given order."""
    ordered = sorted(words, key=len, reverse=True) if longest_first else words
    return "(?:" + "|".join(map(re.escape, ordered)) + ")"


SPEECH_VERBS: frozenset[str] = frozenset(_data_lines("speech_verbs.txt"))
ABBREVIATIONS: frozenset[str] = frozenset(_data_lines("abbreviations.txt"))
ATTRIBUTION_VERBS: frozenset[str] = frozenset(_data_lines("attribution_verbs.txt"))

LISTS: dict[str, tuple[str, ...]] = _json_lists("extraction_lexicon.json")
"""The lists of ``extraction_lexicon.json`` in file order (order matters for `CLAUSE_TRAILERS` and the regex lists)."""
RULES: dict[str, tuple[str, ...]] = _json_lists("extraction_rules.json")
"""The lists of ``extraction_rules.json``: speech acts built on a noun ("declined to comment", "issued a warning: …"),
words that make a speech verb an action or a noun ("agreed to", "progress claims"), opening adverbials, group nouns,
possessive groups ("Russia's allies"), documents, a state's bodies ("the ministry said" after the state is named)."""


def _sets(*names: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(LISTS[name] if name in LISTS else RULES[name]) for name in names)


# Page furniture; the ends of a lead-in to a quotation; opening adverbials that are not part of a statement.
NAVIGATION, LEAD_IN_TRAILING, INTRODUCTORY = _sets("navigation", "lead_in_trailing", "introductory")

# Noun phrases and names: where a speaker's phrase starts and ends, which capitalised words are not names, and the
# words dropped between a speaker and the speech verb.
CONNECTORS, NP_LINKS, PARTICLES, PRONOUNS, RELATIVES, SUBJECT_RELATIVES = _sets(
    "connectors", "np_links", "particles", "pronouns", "relatives", "subject_relatives"
)
DETERMINERS, ADJECTIVE_DETERMINERS, ROLE_NOUNS, TITLES, TIME_WORDS = _sets(
    "determiners", "adjective_determiners", "role_nouns", "titles", "time_words"
)
TRAILING = TIME_WORDS | frozenset(LISTS["auxiliaries"])

# Speech verbs: the words that make one an action or a noun, and the speech acts built on a noun.
NOT_SPEECH_BEFORE, ACTION_BEFORE_TO, POSSESSIVES, CONCLUDED, PLURAL_NOUNS, SUBJECT_WORDS = _sets(
    "not_speech_before", "action_before_to", "possessives", "concluded", "plural_nouns", "subject_words"
)
DECLINED, NO_COMMENT, ISSUED, INDEFINITE_ARTICLES, SPEECH_NOUNS, SPEECH_NOUN_MODIFIERS = _sets(
    "declined", "no_comment", "issued", "indefinite_articles", "speech_nouns", "speech_noun_modifiers"
)
PASSIVE_AUXILIARIES, PASSIVE_SPEECH_VERBS = _sets("passive_auxiliaries", "passive_speech_verbs")
NOT_NAMES, GENERIC_ROLES, CLAUSE_VERBS, NEGATIVE_SUBJECTS, ROLE_PREPOSITIONS = _sets(
    "not_names", "generic_roles", "clause_verbs", "negative_subjects", "role_prepositions"
)
"""Capitalised words that open a sentence and are never a name ("Despite the welcome, Trump left …"); roles any person
speaking in office has ("the official also said" after Peskov spoke); verbs that show a clause after "said on Monday"."""
ATTRIBUTION_ONLY_PREPOSITIONS = frozenset(LISTS["attribution_only_prepositions"])


def _followers(pairs: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """``"agreed that"``, ``"agreed with"`` → ``{"agreed": {"that", "with"}}``."""
    grouped: dict[str, set[str]] = {}
    for verb, following in (pair.split() for pair in pairs):
        grouped.setdefault(verb, set()).add(following)
    return {verb: frozenset(words) for verb, words in grouped.items()}


SPEECH_ONLY_BEFORE = _followers(RULES["speech_only_before"])
"""Verbs that report speech only before these words ("agreed that …"); otherwise an action ("agreed a swap", "agreed on a truce")."""

# Speakers: organisations and their members, bodies, phrases that name no one, and words that point back to a state
# or to an earlier speaker.
MEMBERSHIPS, GROUP_ROLES, GROUP_NOUNS, INSTITUTIONS, STATE_BODIES = _sets("memberships", "group_roles", "group_nouns", "institutions", "state_bodies")
OBJECT_PRONOUNS, PERSON_POSSESSIVES = _sets("object_pronouns", "person_possessives")
"""Pronouns after a preposition ("according to him"): the last speaker, like he/she/they; "his"/"her" before a role
("his office"): a body of the last person's state."""
NON_SPEAKERS, STATE_POSSESSIVES, CONTINUATION_DETERMINERS, BENEFICIARY_PREPOSITIONS = _sets(
    "non_speakers", "state_possessives", "continuation_determiners", "beneficiary_prepositions"
)

PARTICLE_NAME = re.compile(rf"{any_of(LISTS['hyphen_particles'], longest_first=False)}-[A-Z]")
"""A name with a lower-case particle ("al-Sharaa", "bin-Zayed")."""

APPOSITIVE_OPENERS = tuple(word + " " for word in LISTS["appositive_openers"])
CLAUSE_TRAILERS = LISTS["clause_trailers"]

PHRASE_HEADS: dict[str, set[tuple[str, ...]]] = {
    v.split()[0]: {tuple(w.split()[1:]) for w in SPEECH_VERBS if w.startswith(v.split()[0] + " ")} for v in SPEECH_VERBS if " " in v
}
"""The first word of each speech verb of several words ("called" of "called on", "made" of "made it clear") and the words
that may follow it."""
SINGLE_VERBS = frozenset(v for v in SPEECH_VERBS if " " not in v)
CANDIDATES = SINGLE_VERBS | set(PHRASE_HEADS) | {"according"} | DECLINED | ISSUED
"""Words at which reported speech may start: speech verbs, phrase heads, "according (to)", "declined", "issued"."""
