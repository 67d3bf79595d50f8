"""stance on a Dask cluster: label a Dask DataFrame, sum it up per country with a reduction, extract articles in parallel.

    pip install 'ceasefire-stance[dask]'

predict(ddf, text="text") -> dask DataFrame
    The same frame with `label`, `confidence` and one `p_<label>` column per label, partition by partition;
    the model travels to each worker once, as one task of the graph that every partition depends on.
aggregate(ddf, by="country", period=None, ...) -> list[GroupSummary]
    The same rows as `stance.aggregate`: each partition is reduced to per-group label counts, probability
    sums and tone sums, those small tables are summed across the cluster, and only the totals come back.
read_articles(paths, npartitions=None) -> dask.bag.Bag
    One record (`Statement.to_dict(every_field=True)`) per statement found in the articles, each article extracted on a
    worker; `.to_dataframe()` turns it into a frame for `predict`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import dask
import dask.bag
import numpy as np
import pandas as pd

from stance.actors import ActorTable
from stance.aggregate import (
    MARGIN,
    MIN_STATEMENTS,
    N_BOOT,
    UNDATED,
    GroupSummary,
    SpeakerNames,
    _Group,
    _shown_names,
    check_grouping,
    period_of,
    summaries,
)
from stance.errors import check_texts
from stance.io import expand_paths
from stance.labels import LABELS, label_order
from stance.loading import default_model
from stance.model import StanceModel
from stance.sentiment import analyze_sentiment
from stance.summary import read_inputs

__all__ = ["aggregate", "predict", "read_articles"]

_NONE = "\x00none"
"""Stands for a missing group name or period inside the reduction (Dask's groupby drops real missing keys)."""


def predict(ddf: Any, text: str = "text", *, model: StanceModel | None = None, sentiment: bool = False) -> Any:
    """Label the statements in column `text` of a Dask DataFrame; returns it with label, confidence and p_<label> columns."""
    model = default_model() if model is None else model
    if text not in ddf.columns:
        raise ValueError(f"the DataFrame has no {text!r} column (columns: {', '.join(map(str, ddf.columns))})")
    meta = _labelled(ddf._meta, np.zeros((0, len(model.classes_))), model, [] if sentiment else None)
    shared = dask.delayed(model, pure=True, traverse=False)
    return ddf.map_partitions(_label_partition, shared, text, sentiment, meta=meta)


def _label_partition(frame: pd.DataFrame, model: StanceModel, text: str, sentiment: bool) -> pd.DataFrame:
    texts = check_texts(frame[text].tolist())
    probabilities = model.predict_proba(texts) if texts else np.zeros((0, len(model.classes_)))
    tones = [t.compound for t in analyze_sentiment(texts)] if sentiment else None
    return _labelled(frame, probabilities, model, tones)


def _labelled(frame: pd.DataFrame, probabilities: np.ndarray, model: StanceModel, tones: list[float] | None) -> pd.DataFrame:
    classes = [str(c) for c in model.classes_]
    out = frame.copy()
    out["label"] = pd.Series([classes[k] for k in probabilities.argmax(axis=1)], index=frame.index, dtype=object)
    out["confidence"] = probabilities.max(axis=1) if len(probabilities) else np.zeros(0)
    for label in label_order(classes):
        out[f"p_{label}"] = probabilities[:, classes.index(label)]
    if tones is not None:
        out["sentiment"] = np.asarray(tones, dtype=float)
    return out


def aggregate(
    ddf: Any,
    by: str = "country",
    *,
    period: str | None = None,
    min_statements: int = MIN_STATEMENTS,
    margin: float = MARGIN,
    seed: int = 0,
    n_boot: int = N_BOOT,
    actors: ActorTable | None = None,
) -> list[GroupSummary]:
    """Sum a labelled Dask DataFrame (from `predict`) up per country or speaker, as `stance.aggregate` does
    (per speaker, one person's spellings are one group, shown by the same name)."""
    check_grouping(by, period)
    missing = [c for c in ("label", *(f"p_{label}" for label in LABELS)) if c not in ddf.columns]
    if missing:
        raise ValueError(f"the DataFrame lacks {', '.join(missing)}; label it with stance.dask.predict first")
    has = {name: name in ddf.columns for name in (by, "date", "sentiment")}
    names = SpeakerNames(actors) if by == "speaker" else None
    partials = ddf.map_partitions(_partial_sums, by, period, has, names, meta=_partial_sums(ddf._meta, by, period, has, names))
    totals = partials.groupby(["name", "spelling", "period"]).sum(split_out=1).compute()
    groups: dict[tuple[str | None, str | None], _Group] = {}
    for (name, spelling, when), row in totals.iterrows():
        key = (None if name == _NONE else name, None if when == _NONE else when)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        counts = np.array([row[f"n_{label}"] for label in LABELS], dtype=np.int64)
        group.counts += counts
        group.prob_sums += np.array([row[f"p_{label}"] for label in LABELS], dtype=float)
        group.tone_sum += float(row["tone_sum"])
        group.tone_n += int(row["tone_n"])
        if spelling != _NONE:
            group.spellings[spelling] += int(counts.sum())
    if names is not None:
        groups = _shown_names(groups, names)
    return summaries(groups, by, min_statements=min_statements, margin=margin, seed=seed, n_boot=n_boot)


def _partial_sums(frame: pd.DataFrame, by: str, period: str | None, has: dict[str, bool], names: SpeakerNames | None) -> pd.DataFrame:
    """One partition reduced to a row per (group, spelling, period): label counts, probability sums, tone sum and count."""
    unknown = sorted(set(frame["label"]) - set(LABELS))
    if unknown:
        raise ValueError(f"label {unknown[0]!r} is not one of {', '.join(LABELS)}")
    column = frame[by] if has[by] else pd.Series([None] * len(frame), index=frame.index)
    parts = pd.DataFrame(index=frame.index)
    given = [None if _absent(v) else str(v) for v in column]
    parts["name"] = [_NONE if v is None else (names.key(v) if names is not None else v) for v in given]
    parts["spelling"] = [_NONE if v is None or names is None else v for v in given]
    if period is None:
        parts["period"] = _NONE
    else:
        dates = frame["date"] if has["date"] else [None] * len(frame)
        parts["period"] = [period_of(None if _absent(d) else str(d), period) or UNDATED for d in dates]
    for label in LABELS:
        parts[f"n_{label}"] = (frame["label"] == label).astype(np.int64)
        parts[f"p_{label}"] = frame[f"p_{label}"].astype(float)
    tones = frame["sentiment"].astype(float) if has["sentiment"] else pd.Series(np.nan, index=frame.index)
    parts["tone_sum"] = tones.fillna(0.0)
    parts["tone_n"] = tones.notna().astype(np.int64)
    return parts.groupby(["name", "spelling", "period"], as_index=False).sum()


def _absent(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def read_articles(paths: Iterable[str | Path], npartitions: int | None = None) -> Any:
    """A Dask bag of statement records (every field of each Statement) from article files and folders, one article extracted per task."""
    files = [str(p) for p in expand_paths(paths)]
    return dask.bag.from_sequence(files, npartitions=npartitions or min(len(files), 100) or 1).map(_article_records).flatten()


def _article_records(path: str) -> list[dict[str, Any]]:
    return [s.to_dict(every_field=True) for s in read_inputs([path])]
