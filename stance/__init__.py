"""stance: who backs a ceasefire, who rejects one, and who takes no side.

Public API
----------
LABELS
    ("pro-ceasefire", "rejecting", "neutral"): the labels, in probability-column order.
predict(texts) -> list[str]
    The stance label of each statement, from the bundled model.
predict_proba(texts) -> numpy.ndarray
    Probabilities (n, 3), columns in LABELS order.
load_model(path=None) -> StanceModel
    The bundled model, or a model saved by `StanceModel.save` / ``python -m training.train``.
StanceModel
    The classifier: fit / predict / predict_proba / decision_function / classes_,
    save / load, to_bytes / from_bytes (for broadcasting to cluster workers), and to_pipeline() for a plain
    scikit-learn Pipeline. Pickles as its file bytes, through the same checked loader.
read_labelled(path) -> list[LabelledStatement]
    Read and validate a labelled CSV (id,text,label,speaker,country,source).
extract_statements(text, *, doc_id=None, actors=None) -> list[Statement]
    The statements in an article: direct quotes and reported speech, each with speaker, country,
    kind ("direct"/"reported") and character offsets into `text`.
Statement
    Frozen dataclass: text, speaker, country, kind, start, end, doc_id.
load_actors(*paths) -> ActorTable
    The bundled actor table (countries, seats of government, organisations, officials), extended
    by the user's CSV files with columns kind,name,country,aliases.
ActorTable, Actor
    The table (lookup by name or alias, mentions in a text) and one row of it.
label_statements(statements, *, model=None) -> list[ScoredStatement] | DataFrame
    Label strings, Statements, or records (mappings with text and optional speaker, country, date, doc);
    a pandas DataFrame in gives a DataFrame out with label, confidence and p_<label> columns.
ScoredStatement
    Frozen dataclass: text, label, probabilities, speaker, country, date, doc, kind, start, end, file, line.
aggregate(labelled, by="country" | "speaker", *, period=None, min_statements=3, margin=0.2, evidence=False, seed=0)
    One GroupSummary per group (and period): n, counts, shares, mean_probabilities, stance
    (a label, "mixed" or "insufficient"), score = (pro - rejecting) / n, and its 90% bootstrap interval.
summarize(paths, by="country", *, period=None, min_statements=3, evidence=False, model=None, actors=None, jobs=1)
    The main job: read articles (.txt) and statement files (.csv/.tsv/.jsonl), label, aggregate.

Errors: LabelFileError (a labelled file, with its line), ModelFileError (a model file: missing, damaged,
edited or foreign), ActorFileError (an actor CSV, with its line), InputFileError (an article or statement
file, with its line). A bad item in a list raises TypeError (not a string) or ValueError (empty) naming its
index: ``texts[3]``, ``statements[2]``. Nothing else is raised for bad input; see docs/security.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from stance.actors import Actor, ActorFileError, ActorTable, load_actors
from stance.aggregate import GroupSummary, aggregate
from stance.extract import Statement, extract_statements
from stance.io import InputFileError
from stance.labels import LABELS, LabelFileError, LabelledStatement, read_labelled
from stance.model import ModelFileError, StanceModel
from stance.scoring import ScoredStatement, label_statements
from stance.summary import summarize

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "Actor",
    "ActorFileError",
    "ActorTable",
    "GroupSummary",
    "InputFileError",
    "LabelFileError",
    "LabelledStatement",
    "ModelFileError",
    "ScoredStatement",
    "StanceModel",
    "Statement",
    "aggregate",
    "bundled_model_path",
    "extract_statements",
    "label_statements",
    "load_actors",
    "load_model",
    "predict",
    "predict_proba",
    "read_labelled",
    "summarize",
]


def bundled_model_path() -> Path:
    """Where the model shipped inside the package lives."""
    return Path(str(files("stance") / "data" / "model.zip"))


def load_model(path: str | Path | None = None) -> StanceModel:
    """Load the bundled model, or the model saved at `path`."""
    return StanceModel.load(bundled_model_path() if path is None else path)


@lru_cache(maxsize=1)
def _bundled() -> StanceModel:
    return load_model()


def predict(texts: Iterable[str]) -> list[str]:
    """The stance label of each statement in `texts` (an iterable of strings), from the bundled model."""
    return _bundled().predict(texts)


def predict_proba(texts: Iterable[str]) -> np.ndarray:
    """Probabilities (n, 3) of each statement, columns in LABELS order, from the bundled model."""
    return _bundled().predict_proba(texts)
