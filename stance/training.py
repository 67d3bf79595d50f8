"""Training a stance model on any labelled file: cross-validated model selection, out-of-fold metrics, calibration.

`train` reads a CSV, TSV or JSON Lines file with a text and a label column (any labels), searches StanceModel's
settings by stratified k-fold cross-validation, measures the chosen ones on the same folds, fits on all rows
and saves the model with its manifest. A `target` column is used as `target_mode` says: prepended to each text
(one model), one model per target (`stance.targeted`), ignored, or `auto`, the better of the first two by
cross-validation. `stance train` and the repository's `python -m training.train` both call it.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from math import gcd
from pathlib import Path

import numpy as np
from joblib import effective_n_jobs
from sklearn.base import clone
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, ParameterGrid, StratifiedKFold, cross_val_predict

import stance
from stance.calibration import calibration_report
from stance.errors import InputFileError, StanceError
from stance.io import read_labelled_statements, sha256_of, write_atomically
from stance.labels import REQUIRED_COLUMNS, label_order, read_labelled
from stance.metrics import score
from stance.model import PER_TARGET, StanceModel
from stance.targeted import TargetedModel
from stance.targets import with_target

PARAM_GRID: dict[str, list] = {
    "word_ngram_range": [(1, 2), (1, 3)],
    "char_ngram_range": [None, (2, 5)],
    "sublinear_tf": [True, False],
    "C": [1.0, 3.0, 10.0, 30.0],
    "class_weight": [None, "balanced"],
}
"""What model selection searches; the other StanceModel parameters keep their defaults (numbers folded, negation
scope 2 - tied with 3 in cross-validation, better on the real-news dev set - and attribution frames stripped)."""
N_FOLDS = 5
SELECTION_METRICS = ("macro_f1", "f_avg")
METRIC_NAMES = {"macro_f1": "macro-F1", "f_avg": "F_avg"}
"""What the search maximizes: macro-F1 over all labels, or SemEval's F_avg (mean F1 of FAVOR and AGAINST)."""
TARGET_MODES = ("auto", "prefix", PER_TARGET, "ignore")
CHANCE_MARGIN = 0.1
"""Cross-validated macro-F1 below chance (1 / number of labels) plus this margin draws a warning."""


def _stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


@dataclass(frozen=True)
class TrainingData:
    """The rows of a labelled file: texts, gold labels, and each row's target (None without one) and line."""

    path: Path
    texts: list[str]
    labels: list[str]
    targets: list[str | None]
    lines: list[int | None]


def read_training_data(
    path: Path, text_column: str = "text", label_column: str = "label", on_bad_line: Callable[[InputFileError], None] | None = None
) -> TrainingData:
    """The labelled rows of `path`.

    A file in the bundled corpus format (id,text,label,speaker,country,source) is validated by `read_labelled`;
    any other file is read by `stance.io.read_labelled_statements` with the given column names.
    """
    if (text_column, label_column) == ("text", "label") and _is_corpus_file(path):
        rows = read_labelled(path)
        return TrainingData(path, [r.text for r in rows], [r.label for r in rows], [None] * len(rows), [None] * len(rows))
    pairs = list(read_labelled_statements(path, text_column=text_column, label_column=label_column, on_bad_line=on_bad_line))
    if not pairs:
        raise InputFileError(path, None, "no labelled statements in this file")
    statements = [s for s, _ in pairs]
    targets = [s.target or None for s in statements]
    return TrainingData(path, [s.text for s in statements], [label for _, label in pairs], targets, [s.line for s in statements])


def _is_corpus_file(path: Path) -> bool:
    """Whether a file has the bundled corpus's header (id,text,label,speaker,country,source)."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError):
        return False
    return set(REQUIRED_COLUMNS) <= {h.strip() for h in header}


def read_grid(path: Path) -> dict[str, list]:
    """A search grid from a JSON file: parameter name -> list of values (lists of two numbers become n-gram ranges)."""
    try:
        grid = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(path, None, f"not a readable JSON grid ({exc})") from None
    known = set(StanceModel().get_params())
    if not isinstance(grid, dict) or not all(isinstance(v, list) and v for v in grid.values()):
        raise InputFileError(path, None, "expected a JSON object mapping parameter names to non-empty lists of values")
    unknown = sorted(set(grid) - known)
    if unknown:
        raise InputFileError(path, None, f"unknown parameter(s) {', '.join(unknown)}; StanceModel's are {', '.join(sorted(known))}")
    return {name: [tuple(v) if isinstance(v, list) else v for v in values] for name, values in grid.items()}


def selection_score(gold, predicted, metric: str = "macro_f1") -> float:
    """The number model selection maximizes: macro-F1, or SemEval's F_avg (F1 of FAVOR and AGAINST averaged)."""
    if metric == "f_avg":
        return float(f1_score(gold, predicted, labels=["FAVOR", "AGAINST"], average="macro", zero_division=0))
    return float(f1_score(gold, predicted, average="macro"))


def single_row_label(labels: list[str]) -> str | None:
    """The first label (in sorted order) with only one row: cross-validation cannot hold it out and train on it too."""
    return next((label for label in sorted(set(labels)) if labels.count(label) < 2), None)


def usable_folds(labels: list[str], folds: int, where: str = "") -> tuple[int, str | None]:
    """How many stratified folds `labels` allow (at most `folds`; every label needs a row in each), and a warning when fewer."""
    counts = {label: labels.count(label) for label in sorted(set(labels))}
    rarest = min(counts, key=counts.get)
    if counts[rarest] >= folds:
        return folds, None
    n = counts[rarest]
    return n, f"{where}label {rarest!r} has only {n} rows, fewer than {folds} folds: using {n}-fold cross-validation (the metrics are rough)"


def chance_warning(macro_f1: float, n_labels: int) -> str | None:
    """A warning, stating the rule, when cross-validated macro-F1 is less than CHANCE_MARGIN above chance; else None."""
    chance = 1 / n_labels
    if macro_f1 >= chance + CHANCE_MARGIN:
        return None
    return (
        f"cross-validated macro-F1 {macro_f1:.3f} is less than {CHANCE_MARGIN} above chance ({chance:.3f} = 1/{n_labels} labels, "
        "the expected macro-F1 of guessing labels in their training proportions): the model has learnt little; label more statements"
    )


def select_settings(
    texts: list[str],
    labels: list[str],
    seed: int,
    jobs: int,
    metric: str = "macro_f1",
    grid: dict[str, list] | None = None,
    folds: int = N_FOLDS,
    searched: Callable[[int], None] | None = None,
) -> tuple[dict, list[dict]]:
    """Grid-search StanceModel's parameters by stratified k-fold `metric` (GridSearchCV); return the best and the whole table.

    `searched(n)` is called each time n more settings have been cross-validated."""
    search = SteppedGridSearch(
        StanceModel(),
        PARAM_GRID if grid is None else grid,
        scoring=make_scorer(selection_score, metric=metric),
        cv=StratifiedKFold(folds, shuffle=True, random_state=seed),
        n_jobs=jobs,
        refit=False,
    )
    search.searched = searched
    search.fit(texts, labels)
    results = search.cv_results_
    rows = []
    for params, mean, std in zip(results["params"], results["mean_test_score"], results["std_test_score"]):
        model = StanceModel(**params)
        rows.append(
            {
                "params": params,
                "features": model.feature_settings().to_dict(),
                "C": model.C,
                "class_weight": model.class_weight,
                metric: float(mean),
                f"{metric}_std": float(std),
            }
        )
    rows.sort(key=lambda r: -r[metric])
    return rows[0], rows


class SteppedGridSearch(GridSearchCV):
    """GridSearchCV that evaluates its grid a few settings at a time and calls `searched(n)` after each step; the
    results are those of one GridSearchCV over the whole grid. A step's fits are a whole number of rounds of the
    jobs, at least two, so no job waits at the end of a step."""

    searched: Callable[[int], None] | None = None

    def _run_search(self, evaluate_candidates: Callable) -> None:
        candidates = list(ParameterGrid(self.param_grid))
        if self.searched is None:
            evaluate_candidates(candidates)
            return
        folds = self.cv.get_n_splits() if hasattr(self.cv, "get_n_splits") else N_FOLDS
        jobs = effective_n_jobs(self.n_jobs)
        whole = jobs // gcd(jobs, folds)
        step = whole * -(-2 * jobs // (whole * folds))
        for start in range(0, len(candidates), step):
            evaluate_candidates(candidates[start : start + step])
            self.searched(len(candidates[start : start + step]))


def cross_validated_metrics(
    model: StanceModel, texts: list[str], labels: list[str], seed: int, classes: list[str], folds: int = N_FOLDS
) -> tuple[dict, np.ndarray]:
    """Stratified k-fold out-of-fold predictions of `model`'s settings, summarized; and the out-of-fold decision scores
    (columns in `classes_` order, that is sorted)."""
    splits = StratifiedKFold(folds, shuffle=True, random_state=seed)
    scores = cross_val_predict(clone(model), texts, labels, cv=splits, method="decision_function")
    ordered = sorted(classes)
    predicted = [ordered[k] for k in scores.argmax(axis=1)]
    return score(labels, predicted, classes), scores


@dataclass
class Selected:
    """A model fitted on all rows with the settings cross-validation chose, and what the folds said about them."""

    model: StanceModel
    chosen: dict
    table: list[dict]
    metrics: dict
    calibration: dict
    predicted: list[str]
    folds: int


def fit_selected(
    texts: list[str],
    labels: list[str],
    *,
    grid: dict,
    folds: int,
    seed: int,
    jobs: int,
    select_by: str,
    warn: Callable[[str], None],
    where: str = "",
    searched: Callable[[int], None] | None = None,
) -> Selected:
    """Choose settings from `grid` by cross-validation, measure them out of fold, calibrate, and fit them on all rows."""
    folds, reduced = usable_folds(labels, folds, where)
    if reduced:
        warn(reduced)
    classes = label_order(sorted(set(labels)))
    best, table = select_settings(texts, labels, seed, jobs, select_by, grid, folds, searched)
    model = StanceModel(**best["params"])
    metrics, scores = cross_validated_metrics(model, texts, labels, seed, classes, folds)
    calibration = calibration_report(scores, labels, classes, seed, folds)
    calibration["applied"] = calibration["ece_scaled"] < calibration["ece_raw"]
    model.fit(texts, labels)
    if calibration["applied"]:
        model.set_temperature(calibration["temperature"])
    predicted = [sorted(classes)[k] for k in scores.argmax(axis=1)]
    return Selected(model, best, table, metrics, calibration, predicted, folds)


def train(
    data: Path,
    out: Path,
    report_dir: Path | None = None,
    seed: int = 0,
    jobs: int = -1,
    log: Callable[[str], None] = print,
    text_column: str = "text",
    label_column: str = "label",
    target_mode: str = "auto",
    select_by: str = "macro_f1",
    grid: dict[str, list] | None = None,
    folds: int = N_FOLDS,
    *,
    warn: Callable[[str], None] = _stderr,
    name: str | None = None,
    on_bad_line: Callable[[InputFileError], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Select settings from `grid` (default PARAM_GRID) by `folds`-fold cross-validation, measure them, fit on all rows,
    save the model to `out` (and metrics.json to `report_dir`); return the report.

    `target_mode`: auto (one model per target or targets prepended, whichever cross-validates better, when the
    file has targets), prefix, per-target or ignore. Warnings (folds reduced, metrics near chance) go to `warn`
    and into the report; `name` is how the report names the data file (default: the path as given).
    `progress(done, total)` is called as the search goes, counting settings cross-validated (over every mode and target).
    """
    if target_mode not in TARGET_MODES:
        raise ValueError(f"target_mode must be one of {', '.join(TARGET_MODES)}, got {target_mode!r}")
    rows = read_training_data(Path(data), text_column, label_column, on_bad_line)
    _refuse_untrainable(rows, select_by, folds)
    found = sorted(set(rows.labels))
    grid = PARAM_GRID if grid is None else grid
    said: list[str] = []

    def warning(message: str) -> None:
        said.append(message)
        warn(message)

    options = {"grid": grid, "folds": folds, "seed": seed, "jobs": jobs, "select_by": select_by, "warn": warning}
    started = time.perf_counter()
    log(f"{len(rows.texts)} statements from {data}; searching {len(ParameterGrid(grid))} settings …")
    modes = _candidate_modes(rows, target_mode, warning)
    if progress is not None:
        searches = sum(len(set(rows.targets)) if mode == PER_TARGET else 1 for mode in modes)
        options["searched"] = _Tally(len(ParameterGrid(grid)) * searches, progress)
    fitted = {mode: _fit_mode(rows, mode, options, log) for mode in modes}
    compared = {mode or "none": selection_score(rows.labels, f.predicted, select_by) for mode, f in fitted.items()}
    mode = max(fitted, key=lambda m: compared[m or "none"])
    if len(fitted) > 1:
        log(f"out-of-fold {METRIC_NAMES[select_by]}: " + ", ".join(f"{m} {v:.3f}" for m, v in compared.items()) + f"; keeping {mode}")
    chosen = fitted[mode]
    metrics = chosen.metrics
    chance = chance_warning(metrics["macro_f1"], len(found))
    if chance:
        warning(chance)
    training_data = {
        "path": name or str(data),
        "sha256": sha256_of(data),
        "rows": len(rows.texts),
        "label_counts": {c: rows.labels.count(c) for c in label_order(found)},
    }
    report = {
        "data": training_data,
        "target_mode": mode,
        "seed": seed,
        "folds": chosen.folds,
        "grid_size": len(ParameterGrid(grid)),
        "selected_by": select_by,
        **chosen.report,
        "cv_metrics": metrics,
        "library_version": stance.__version__,
    }
    manifest = {"training_data": training_data, "cv_metrics": metrics, **chosen.manifest, "seed": seed, "target_mode": mode}
    manifest["library_version"] = stance.__version__
    if len(fitted) > 1:
        report["target_mode_selection"] = manifest["target_mode_selection"] = {"metric": select_by, "out_of_fold": compared}
    if said:
        report["warnings"] = manifest["warnings"] = said
    chosen.model.save(out, manifest=manifest)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(report_dir / "metrics.json", (json.dumps(report, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    log(f"done in {time.perf_counter() - started:.0f} s; CV macro-F1 {metrics['macro_f1']:.3f}, accuracy {metrics['accuracy']:.3f}")
    log(f"wrote {out}" + (f" and {report_dir / 'metrics.json'}" if report_dir is not None else ""))
    return report


class _Tally:
    """Adds up settings searched and reports the running count against the total."""

    def __init__(self, total: int, report: Callable[[int, int], None]) -> None:
        self.total, self.done, self.report = total, 0, report

    def __call__(self, searched: int) -> None:
        self.done += searched
        self.report(self.done, self.total)


def _refuse_untrainable(rows: TrainingData, select_by: str, folds: int) -> None:
    """Raise a one-line StanceError when cross-validated training cannot run on `rows` as asked."""
    found = sorted(set(rows.labels))
    if len(found) < 2:
        raise InputFileError(rows.path, None, f"need at least two labels to train, found {found}")
    if select_by == "f_avg" and not {"FAVOR", "AGAINST"} <= set(found):
        raise InputFileError(rows.path, None, f"--select-by f_avg needs FAVOR and AGAINST labels, found {found}")
    lonely = single_row_label(rows.labels)
    if lonely is not None:
        raise InputFileError(rows.path, None, f"label {lonely!r} has only 1 row: cross-validation needs at least 2 rows of every label")
    if folds < 2:
        raise StanceError(None, None, f"cross-validation needs 2 or more folds, got {folds}")


def _candidate_modes(rows: TrainingData, target_mode: str, warn: Callable[[str], None]) -> list[str | None]:
    """The target modes to fit: None when the file has no targets or they are ignored; both ways for auto."""
    if target_mode == PER_TARGET and not any(rows.targets):
        raise InputFileError(rows.path, None, "no targets in this file: --target-mode per-target needs a 'target' column")
    if target_mode == "ignore" or not any(rows.targets):
        return [None]
    if target_mode == "prefix":
        return ["prefix"]
    problem = per_target_problem(rows)
    if target_mode == PER_TARGET:
        if problem:
            raise InputFileError(rows.path, problem[0], f"{problem[1]}; --target-mode per-target cannot train on this file")
        return [PER_TARGET]
    if problem:
        warn(f"{problem[1]}: trained one model with targets prepended instead of one model per target")
        return ["prefix"]
    return ["prefix", PER_TARGET]


def per_target_problem(rows: TrainingData) -> tuple[int | None, str] | None:
    """Why one model per target cannot be trained on `rows` (line, problem), or None when it can."""
    for line, target in zip(rows.lines, rows.targets):
        if not target:
            return line, "a row has no target"
    for target in sorted(set(rows.targets)):
        labels = [label for label, t in zip(rows.labels, rows.targets) if t == target]
        if len(set(labels)) < 2:
            return None, f"target {target!r} has only the label {labels[0]!r}"
        lonely = single_row_label(labels)
        if lonely is not None:
            return None, f"target {target!r} has only 1 row labelled {lonely!r}"
    return None


@dataclass
class Fitted:
    """One way of using the targets, fitted and measured: the model, its out-of-fold predictions, its report and manifest entries."""

    model: StanceModel | TargetedModel
    predicted: list[str]
    metrics: dict
    folds: int
    report: dict
    manifest: dict


def _fit_mode(rows: TrainingData, mode: str | None, options: dict, log: Callable[[str], None]) -> Fitted:
    if mode == PER_TARGET:
        return _fit_per_target(rows, options, log)
    texts = [with_target(text, target) if mode == "prefix" else text for text, target in zip(rows.texts, rows.targets)]
    s = fit_selected(texts, rows.labels, **options)
    log(f"{mode or 'one model'}: chose {s.chosen['params']}; CV macro-F1 {s.metrics['macro_f1']:.3f}")
    report = {"chosen": s.chosen, "calibration": s.calibration, "top_settings": s.table[:10]}
    return Fitted(s.model, s.predicted, s.metrics, s.folds, report, {"calibration": s.calibration})


def _fit_per_target(rows: TrainingData, options: dict, log: Callable[[str], None]) -> Fitted:
    models, predicted, per_target = {}, [""] * len(rows.texts), {}
    for target in sorted(set(rows.targets)):
        index = [i for i, t in enumerate(rows.targets) if t == target]
        s = fit_selected([rows.texts[i] for i in index], [rows.labels[i] for i in index], **options, where=f"target {target!r}: ")
        log(f"{target}: {len(index)} rows; chose {s.chosen['params']}; CV macro-F1 {s.metrics['macro_f1']:.3f}")
        s.model.manifest_ = {"cv_metrics": s.metrics, "calibration": s.calibration, "rows": len(index)}
        models[target] = s.model
        for i, label in zip(index, s.predicted):
            predicted[i] = label
        per_target[target] = {"rows": len(index), "folds": s.folds, "chosen": s.chosen, "cv_metrics": s.metrics, "calibration": s.calibration}
    metrics = score(rows.labels, predicted, label_order(sorted(set(rows.labels))))
    folds = min(entry["folds"] for entry in per_target.values())
    return Fitted(TargetedModel.from_models(models), predicted, metrics, folds, {"targets": per_target}, {})
