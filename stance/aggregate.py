"""Per-country and per-speaker stance: counts, shares, an overall stance, and a score with a bootstrap interval.

The overall `stance` of a group of n statements, with p pro-ceasefire and r rejecting ones:

- ``"insufficient"`` when n < `min_statements` (default 3);
- ``"neutral"`` when fewer than `SIDE_SHARE` (a quarter) of its statements take a side (p + r < n/4):
  the group mostly states facts or process;
- ``"mixed"`` when both sides are present and within `margin` of each other: |p - r| <= margin * (p + r)
  (default margin 0.2, so 6 against 4 is mixed, 7 against 3 is not);
- otherwise the side with more statements.

Neutral statements are left out of the comparison on purpose: a delegation that reports casualties nine times
and backs a ceasefire five times backs a ceasefire, whatever the plain majority says.

`score` = (p - r) / n, in [-1, 1]: +1 when every statement backs a ceasefire, -1 when every one rejects it.
Its 90% interval comes from a bootstrap over the group's statements (`n_boot` resamples of n statements with
replacement, seeded per group so a row does not depend on the other groups); since the score depends only
on the label counts, a resample is drawn as a multinomial over the counts, which is the same distribution.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from stance.actors import ActorTable, default_actors
from stance.labels import LABELS
from stance.record import ScoredStatement, is_dataframe, scored_from_frame

if TYPE_CHECKING:
    from pandas import DataFrame

PRO, REJECTING, NEUTRAL = LABELS
MIN_STATEMENTS = 3
"""Groups with fewer statements get the stance ``"insufficient"``."""
SIDE_SHARE = 0.25
"""Below this share of statements taking a side, a group's stance is ``"neutral"``."""
MARGIN = 0.2
"""Both sides within this share of the statements taking a side: ``"mixed"``."""
CONFIDENCE = 0.9
N_BOOT = 2000
GROUPINGS = ("country", "speaker")
PERIODS = ("month", "quarter", "year")
UNDATED = "undated"
"""The period of a statement without a date (or with one too coarse for the period asked for)."""


@dataclass(frozen=True)
class GroupSummary:
    """One row of an aggregate: a country's or speaker's statements summed up."""

    by: str
    name: str | None
    n: int
    counts: dict[str, int]
    shares: dict[str, float]
    mean_probabilities: dict[str, float]
    stance: str
    score: float
    interval: tuple[float, float]
    period: str | None = None
    mean_sentiment: float | None = None
    statements: tuple[ScoredStatement, ...] = field(default=(), repr=False)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        """A JSON-ready dict: `country` (or `speaker`), `period` when split by period, n, counts, shares,
        mean_probabilities, stance, score, interval [low, high], and `evidence` when asked for."""
        out: dict[str, Any] = {self.by: self.name}
        if self.period is not None:
            out["period"] = self.period
        out.update(
            n=self.n,
            counts=dict(self.counts),
            shares={k: round(v, 4) for k, v in self.shares.items()},
            mean_probabilities={k: round(v, 4) for k, v in self.mean_probabilities.items()},
            stance=self.stance,
            score=round(self.score, 4),
            interval=[round(self.interval[0], 4), round(self.interval[1], 4)],
            mean_sentiment=None if self.mean_sentiment is None else round(self.mean_sentiment, 4),
        )
        if evidence:
            out["evidence"] = [s.to_dict() for s in self.statements]
        return out

    def to_flat(self) -> dict[str, Any]:
        """One flat row (for CSV and DataFrames): counts, shares and mean probabilities as columns of their own."""
        out: dict[str, Any] = {self.by: self.name}
        if self.period is not None:
            out["period"] = self.period
        out["n"] = self.n
        for label in LABELS:
            out[label] = self.counts[label]
        for label in LABELS:
            out[f"share_{label}"] = round(self.shares[label], 4)
        for label in LABELS:
            out[f"mean_p_{label}"] = round(self.mean_probabilities[label], 4)
        out.update(stance=self.stance, score=round(self.score, 4), score_low=round(self.interval[0], 4), score_high=round(self.interval[1], 4))
        out["mean_sentiment"] = None if self.mean_sentiment is None else round(self.mean_sentiment, 4)
        return out


def overall_stance(counts: Mapping[str, int], min_statements: int = MIN_STATEMENTS, margin: float = MARGIN) -> str:
    """The overall stance of a group from its label counts, by the rules in this module's docstring."""
    n = sum(counts.values())
    if n < max(1, min_statements):
        return "insufficient"
    pro, rejecting = counts.get(PRO, 0), counts.get(REJECTING, 0)
    sided = pro + rejecting
    if sided < SIDE_SHARE * n:
        return NEUTRAL
    if pro and rejecting and abs(pro - rejecting) <= margin * sided:
        return "mixed"
    return PRO if pro > rejecting else REJECTING


def score_interval(
    counts: Mapping[str, int], key: str = "", seed: int = 0, n_boot: int = N_BOOT, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The bootstrap interval of (pro - rejecting) / n, reproducible for a given seed and group key."""
    n = sum(counts.values())
    if n == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8", "surrogatepass"))])
    p = np.array([counts.get(label, 0) for label in LABELS], dtype=float) / n
    draws = rng.multinomial(n, p, size=n_boot)
    scores = (draws[:, 0] - draws[:, 1]) / n
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(scores, [tail, 100 - tail])
    return (float(low), float(high))


def period_of(date: str | None, period: str) -> str | None:
    """The period an ISO date falls in: ``2025-03`` (month), ``2025-Q1`` (quarter), ``2025`` (year); None if the date is too coarse."""
    if not date:
        return None
    parts = date.split("-")
    if period == "year":
        return parts[0]
    if len(parts) < 2:
        return None
    if period == "month":
        return f"{parts[0]}-{parts[1]}"
    return f"{parts[0]}-Q{(int(parts[1]) - 1) // 3 + 1}"


class _Group:
    __slots__ = ("counts", "prob_sums", "spellings", "statements", "tone_n", "tone_sum")

    def __init__(self) -> None:
        self.counts = np.zeros(len(LABELS), dtype=np.int64)
        self.prob_sums = np.zeros(len(LABELS))
        self.statements: list[ScoredStatement] = []
        self.spellings: Counter[str] = Counter()
        self.tone_sum = 0.0
        self.tone_n = 0


class SpeakerNames:
    """One group per person: a known official's aliases give the actor table's name, other names are grouped with
    accents, case and spacing folded ("Luiz Inácio" = "Luiz Inacio") and shown in their most frequent spelling."""

    def __init__(self, actors: ActorTable | None = None) -> None:
        self.actors = default_actors() if actors is None else actors
        self._keys: dict[str, str] = {}
        self._actor_names: set[str] = set()

    def key(self, name: str) -> str:
        """The group of a speaker's name."""
        key = self._keys.get(name)
        if key is None:
            actor = self.actors.lookup(name)
            if actor is not None and actor.kind == "official":
                key = actor.name
                self._actor_names.add(key)
            else:
                key = fold_name(name)
            if len(self._keys) < 100_000:
                self._keys[name] = key
        return key

    def shown(self, key: str, spellings: Counter[str]) -> str:
        """The name a group is shown by: the actor's name, else the most frequent spelling (on a tie, accented and capitalized first)."""
        if key in self._actor_names or not spellings or self._is_actor_name(key):
            return key
        return max(spellings, key=lambda spelling: (spellings[spelling], not spelling.isascii(), sum(c.isupper() for c in spelling), spelling))

    def _is_actor_name(self, key: str) -> bool:
        actor = self.actors.lookup(key)
        return actor is not None and actor.kind == "official" and actor.name == key


def fold_name(name: str) -> str:
    """A name with accents removed, case folded and spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def check_grouping(by: str, period: str | None) -> None:
    """Raise ValueError unless `by` is a grouping and `period` a period (or None)."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    if period is not None and period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)} or None, not {period!r}")


@overload
def aggregate(labelled: DataFrame, by: str = "country", **options: Any) -> DataFrame: ...


@overload
def aggregate(labelled: Iterable[ScoredStatement], by: str = "country", **options: Any) -> list[GroupSummary]: ...


def aggregate(
    labelled: DataFrame | Iterable[ScoredStatement],
    by: str = "country",
    *,
    period: str | None = None,
    min_statements: int = MIN_STATEMENTS,
    margin: float = MARGIN,
    evidence: bool = False,
    seed: int = 0,
    n_boot: int = N_BOOT,
    actors: ActorTable | None = None,
) -> DataFrame | list[GroupSummary]:
    """Sum labelled statements up per country or speaker (and per period when `period` is given).

    Per speaker, spellings of one person are one group (see SpeakerNames; `actors` is the table of known officials).

    `labelled`: ScoredStatements (from `label_statements`), read once, so a generator of millions is fine;
    or a DataFrame from `label_statements`, which gives a DataFrame back. Rows sort by n (largest first),
    then name; `evidence=True` keeps each group's statements in `GroupSummary.statements`.
    """
    check_grouping(by, period)
    frame = is_dataframe(labelled)
    items = scored_from_frame(labelled, LABELS) if frame else labelled
    if isinstance(items, (str, bytes, Mapping)):
        raise TypeError("labelled must be a list (or other iterable) of ScoredStatement, as label_statements returns")
    index = {label: i for i, label in enumerate(LABELS)}
    names = SpeakerNames(actors) if by == "speaker" else None
    groups: dict[tuple[str | None, str | None], _Group] = {}
    for i, s in enumerate(items):
        if not isinstance(s, ScoredStatement):
            raise TypeError(f"labelled[{i}] is {type(s).__name__}; label statements with stance.label_statements first")
        if s.label not in index:
            raise ValueError(f"labelled[{i}] has label {s.label!r}; expected one of {', '.join(LABELS)}")
        name = getattr(s, by)
        if names is not None and name is not None:
            name, spelling = names.key(name), name
        key = (name, (period_of(s.date, period) or UNDATED) if period else None)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        if names is not None and name is not None:
            group.spellings[spelling] += 1
        group.counts[index[s.label]] += 1
        group.prob_sums += [s.probabilities.get(label, 0.0) for label in LABELS]
        if s.sentiment is not None:
            group.tone_sum += s.sentiment.compound
            group.tone_n += 1
        if evidence:
            group.statements.append(s)
    if names is not None:
        groups = _shown_names(groups, names)
    rows = summaries(groups, by, min_statements=min_statements, margin=margin, seed=seed, n_boot=n_boot)
    if frame:
        import pandas as pd

        return pd.DataFrame([r.to_flat() for r in rows])
    return rows


def _shown_names(groups: dict[tuple[str | None, str | None], _Group], names: SpeakerNames) -> dict[tuple[str | None, str | None], _Group]:
    spellings: dict[str | None, Counter[str]] = {}
    for (name, _), group in groups.items():
        spellings.setdefault(name, Counter()).update(group.spellings)
    shown = {name: None if name is None else names.shown(name, counts) for name, counts in spellings.items()}
    return {(shown[name], when): group for (name, when), group in groups.items()}


def summaries(
    groups: Mapping[tuple[str | None, str | None], _Group],
    by: str,
    *,
    min_statements: int = MIN_STATEMENTS,
    margin: float = MARGIN,
    seed: int = 0,
    n_boot: int = N_BOOT,
) -> list[GroupSummary]:
    """GroupSummary rows from each (group, period)'s sums, in aggregate's order; shared with stance.dask's reduction."""
    totals: dict[str | None, int] = {}
    for (name, _), group in groups.items():
        totals[name] = totals.get(name, 0) + int(group.counts.sum())
    rows = [_summary(by, name, when, group, min_statements, margin, seed, n_boot) for (name, when), group in groups.items()]
    rows.sort(key=lambda r: (-totals[r.name], r.name is None, r.name or "", r.period == UNDATED, r.period or ""))
    return rows


def _summary(by: str, name: str | None, when: str | None, group: _Group, min_statements: int, margin: float, seed: int, n_boot: int) -> GroupSummary:
    n = int(group.counts.sum())
    counts = {label: int(c) for label, c in zip(LABELS, group.counts)}
    order = {label: i for i, label in enumerate(LABELS)}
    statements = tuple(sorted(group.statements, key=lambda s: (order[s.label], -s.confidence)))
    return GroupSummary(
        by=by,
        name=name,
        period=when,
        n=n,
        counts=counts,
        shares={label: c / n for label, c in counts.items()},
        mean_probabilities={label: float(v) / n for label, v in zip(LABELS, group.prob_sums)},
        stance=overall_stance(counts, min_statements, margin),
        score=(counts[PRO] - counts[REJECTING]) / n,
        interval=score_interval(counts, f"{name}|{when}", seed, n_boot),
        mean_sentiment=group.tone_sum / group.tone_n if group.tone_n else None,
        statements=statements,
    )
