"""The actor table: countries, seats of government, organisations and officials, and the state each speaks for.

The table is data (``stance/data/countries.csv``, generated from the countryinfo package, and the
hand-made ``stance/data/actors.csv``), with columns ``kind,name,country,aliases``; aliases are
``|``-separated and matched as whole words, case-sensitively. Users extend it with a CSV of the same
columns: ``load_actors("my-actors.csv")``; later files override earlier ones alias by alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from stance.errors import ActorFileError
from stance.io import read_csv

ACTOR_COLUMNS: tuple[str, ...] = ("kind", "name", "country", "aliases")
ACTOR_KINDS: tuple[str, ...] = ("country", "seat", "organisation", "official")

WORD = re.compile(r"\w+(?:[.'’\-]\w+)*\.?")
_POSSESSIVES = ("'s", "’s")


@dataclass(frozen=True)
class Actor:
    """One row of the actor table: what kind of actor, its name, and the state or organisation it speaks for."""

    kind: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """An actor named in a text, at character offsets ``start:end``."""

    start: int
    end: int
    actor: Actor


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of `text` with offsets; a trailing possessive is dropped from the token's form."""
    out = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    if "." not in text and "'s" not in text and "’s" not in text:
        return out
    for i in [i for i, t in enumerate(out) if t[2][-1] == "." or t[2][-2:] in _POSSESSIVES]:
        start, end, word = out[i]
        if word[-1] == "." and word.count(".") == 1 and len(word) > 3:
            word = word[:-1]
            end -= 1
        if word[-2:] in _POSSESSIVES:
            word = word[:-2]
        out[i] = (start, end, word)
    return out


_PARTICLE_PREFIX = re.compile(r"^(?:Al|El|Ad|Ar|As|Ash|At|Az)-(?=\w)")
"""A capitalised Arabic article before a name ("Al-Burhan"), looked up as the table writes it ("al-Burhan")."""


@dataclass
class ActorTable:
    """Actors indexed by every alias, for whole-word lookup of actor names in text."""

    actors: list[Actor] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_alias: dict[tuple[str, ...], Actor] = {}
        self._by_surname: dict[str, Actor | None] = {}
        self._lengths: dict[str, list[int]] = {}
        self._looked_up: dict[str, Actor | None] = {}
        self._states: frozenset[str] = frozenset()
        self._states_for = -1
        for actor in self.actors:
            self._index(actor)

    def _index(self, actor: Actor) -> None:
        self._looked_up.clear()
        for alias in (actor.name, *actor.aliases):
            words = tuple(w for _, _, w in word_spans(alias))
            if words and words[0] == "the" and len(words) > 1:
                words = words[1:]
            if words:
                self._by_alias[words] = actor
                lengths = self._lengths.setdefault(words[0], [])
                if len(words) not in lengths:
                    lengths.append(len(words))
                    lengths.sort(reverse=True)
        parts = actor.name.split()
        if actor.kind == "official" and len(parts) > 1:
            surname = parts[-1]
            if surname not in self._by_surname:
                self._by_surname[surname] = actor
            elif (self._by_surname[surname] or actor).name != actor.name:
                self._by_surname[surname] = None

    def states(self) -> frozenset[str]:
        """The countries that are states (a country or a seat of government in the table), not organisations or armed groups."""
        if self._states_for != len(self.actors):
            self._states = frozenset(a.country for a in self.actors if a.kind in ("country", "seat") and a.country)
            self._states_for = len(self.actors)
        return self._states

    def add(self, actors: Iterable[Actor]) -> None:
        """Add actors; an alias already known now points to the new actor."""
        for actor in actors:
            self.actors.append(actor)
            self._index(actor)

    def lookup(self, name: str) -> Actor | None:
        """The actor whose name or alias is exactly `name` (a leading "the" and a possessive ignored), or an official's surname."""
        if name not in self._looked_up:
            if len(self._looked_up) > 50_000:
                self._looked_up.clear()
            self._looked_up[name] = self._lookup(name)
        return self._looked_up[name]

    def _lookup(self, name: str) -> Actor | None:
        words = tuple(w for _, _, w in word_spans(name))
        if words and words[0].lower() == "the":
            words = words[1:]
        found = self._by_alias.get(words)
        if found is None and any(_PARTICLE_PREFIX.match(w) for w in words):
            words = tuple(_PARTICLE_PREFIX.sub(lambda m: m.group().lower(), w) for w in words)
            found = self._by_alias.get(words)
        if found is None and len(words) == 1:
            found = self._by_surname.get(words[0])
        return found

    def mentions(self, text: str, tokens: list[tuple[int, int, str]] | None = None) -> list[Mention]:
        """Every actor named in `text`, longest alias first, left to right, without overlaps."""
        tokens = word_spans(text) if tokens is None else tokens
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            for n in self._lengths.get(tokens[i][2], ()):
                if i + n > len(tokens):
                    continue
                actor = self._by_alias.get(tuple(t[2] for t in tokens[i : i + n]))
                if actor is not None:
                    found.append(Mention(tokens[i][0], tokens[i + n - 1][1], actor))
                    i += n
                    break
            else:
                i += 1
        return found


def read_actors(path: str | Path) -> list[Actor]:
    """Read an actor CSV (kind,name,country,aliases); raise ActorFileError naming the line of a bad row."""
    return read_csv(path, ActorFileError, _actor_rows)


def _actor_rows(path: Path, reader) -> list[Actor]:
    header = next(reader, [])
    missing = [c for c in ACTOR_COLUMNS if c not in header]
    if missing:
        raise ActorFileError(path, 1, f"header lacks column(s) {', '.join(missing)}")
    actors = []
    for fields in reader:
        line = reader.line_num
        if not fields:
            continue
        row = dict(zip(header, fields))
        kind, name = (row.get("kind") or "").strip(), (row.get("name") or "").strip()
        if kind not in ACTOR_KINDS:
            raise ActorFileError(path, line, f"kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
        if not name:
            raise ActorFileError(path, line, "name is empty")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        actors.append(Actor(kind, name, (row.get("country") or "").strip() or None, aliases))
    return actors


def _bundled_files() -> list[Path]:
    data = files("stance") / "data"
    return [Path(str(data / "countries.csv")), Path(str(data / "actors.csv"))]


def load_actors(*extra: str | Path) -> ActorTable:
    """The bundled actor table, extended (and overridden, alias by alias) by the CSV files in `extra`."""
    table = ActorTable(list(default_actors().actors))
    for path in extra:
        table.add(read_actors(path))
    return table


@lru_cache(maxsize=1)
def default_actors() -> ActorTable:
    """The bundled actor table, built once and shared (read it; `load_actors` gives a copy to extend)."""
    table = ActorTable()
    for path in _bundled_files():
        table.add(read_actors(path))
    return table
