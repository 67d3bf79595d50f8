"""stance: who backs a ceasefire, who rejects one, and who takes no side.

Data flows one way: article text -> Statement records (extract_statements, or statement files) -> ScoredStatement
(label_statements) -> GroupSummary rows (aggregate) -> reports (stance.report). summarize() runs it all.

Public API
----------
LABELS
    ("pro-ceasefire", "rejecting", "neutral"): the labels, in the column order of `predict_proba`.
predict(texts) -> list[str]
    The stance label of each statement, from the bundled model.
predict_proba(texts) -> numpy.ndarray
    Probabilities (n, 3), columns in LABELS order.
default_model() -> StanceModel
    The bundled model, loaded once and shared; what every function uses when given no model.
load_model(path=None) -> StanceModel
    The bundled model, or a model saved by `StanceModel.save` / ``python -m training.train``.
StanceModel
    A scikit-learn classifier (clone, Pipeline, GridSearchCV, cross_val_score work on it) whose X is a list of
    strings: fit / predict (an array) / predict_proba / decision_function / score / classes_ (sorted), explain,
    top_features, save / load, to_bytes / from_bytes, to_pipeline(). Pickles as its file bytes.
TargetedModel
    One StanceModel per target (from ``stance train --target-mode per-target``), routing each text by its target;
    `load_model` returns one when the file holds it.
Statement, ScoredStatement
    The record that flows down the pipeline (text, speaker, country, kind, start, end, doc, date, file, line,
    target), and the same with label, probabilities, confidence, sentiment and terms. `to_dict()` serializes both.
extract_statements(text, *, doc=None, actors=None) -> list[Statement]
    The statements in an article: direct quotes and reported speech, each with speaker, country,
    kind ("direct"/"reported") and character offsets into `text`.
load_actors(*paths) -> ActorTable
    The bundled actor table (countries, seats of government, organisations, officials), extended
    by the user's CSV files with columns kind,name,country,aliases.
ActorTable, Actor
    The table (lookup by name or alias, mentions in a text) and one row of it.
label_statements(statements, *, model=None, sentiment=False) -> list[ScoredStatement] | DataFrame
    Label strings, Statements, or mappings with text (and optional speaker, country, date, doc ...);
    a pandas DataFrame in gives a DataFrame out with label, confidence and p_<label> columns.
aggregate(labelled, by="country" | "speaker", *, period=None, min_statements=3, margin=0.2, evidence=False, seed=0)
    One GroupSummary per group (and period): n, counts, shares, mean_probabilities, stance
    (a label, "mixed" or "insufficient"), score = (pro - rejecting) / n, and its 90% bootstrap interval.
summarize(paths, by="country", *, period=None, min_statements=3, min_confidence=None, evidence=False, sentiment=False,
          model=None, actors=None, on_bad_line=None, progress=None, jobs=1) -> list[GroupSummary]
    The main job: read articles (.txt) and statement files (.csv/.tsv/.jsonl), label, aggregate.
read_labelled(path) -> list[LabelledStatement]
    Read and validate a labelled training CSV (id,text,label,speaker,country,source).

Command line: ``stance predict | summarize | evaluate | train`` (``stance COMMAND --help``).

Errors: every bad file or input raises a StanceError (a ValueError) with `path`, `line` and `problem`:
InputFileError (an article or statement file), LabelFileError (a labelled file), ActorFileError (an actor CSV),
ModelFileError (a model file: missing, damaged, edited or foreign), ReportError (a report that cannot be made).
A bad item in a list raises TypeError (not a string) or ValueError (empty) naming its index: ``texts[3]``,
``statements[2]``. Nothing else is raised for bad input; see docs/security.md.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from stance.actors import Actor, ActorTable, load_actors
from stance.aggregate import GroupSummary, aggregate
from stance.errors import ActorFileError, InputFileError, LabelFileError, ModelFileError, ReportError, StanceError
from stance.extract import extract_statements
from stance.labels import LABELS, LabelledStatement, read_labelled
from stance.loading import bundled_model_path, default_model, load_model
from stance.model import StanceModel
from stance.record import ScoredStatement, Statement
from stance.scoring import label_statements
from stance.summary import summarize
from stance.targeted import TargetedModel

__version__ = "0.2.0"

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
    "ReportError",
    "ScoredStatement",
    "StanceError",
    "StanceModel",
    "Statement",
    "TargetedModel",
    "aggregate",
    "bundled_model_path",
    "default_model",
    "extract_statements",
    "label_statements",
    "load_actors",
    "load_model",
    "predict",
    "predict_proba",
    "read_labelled",
    "summarize",
]


def predict(texts: Iterable[str]) -> list[str]:
    """The stance label of each statement in `texts` (an iterable of strings), from the bundled model."""
    return default_model().predict(texts).tolist()


def predict_proba(texts: Iterable[str]) -> np.ndarray:
    """Probabilities (n, 3) of each statement, columns in LABELS order, from the bundled model."""
    model = default_model()
    columns = [list(model.classes_).index(label) for label in LABELS]
    return model.predict_proba(texts)[:, columns]
