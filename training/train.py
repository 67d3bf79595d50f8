"""Retrain the stance model from data/labels/ (or train one on any labelled file) with cross-validated model selection.

    python -m training.train [--data FILE] [--out MODEL] [--text-column NAME] [--label-column NAME]
                             [--target-mode prefix|ignore] [--select-by macro_f1|f_avg]
                             [--report-dir DIR] [--seed N] [--jobs N]

Any CSV, TSV or JSON Lines file with a text and a label column works, with any set of labels; a `target`
column (what the stance is about) is prepended to each text by default (`--target-mode prefix`).

Selects word/char n-grams, sublinear tf, class weights and C by stratified
5-fold cross-validation (macro-F1, or SemEval's F_avg with --select-by f_avg), reports cross-validated metrics for the
chosen settings, fits on all rows and writes the model with its manifest.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

import stance
from stance.calibration import expected_calibration_error, fit_temperature, log_loss, softmax
from stance.features import FeatureSettings, default_frame_verbs
from stance.io import InputFileError, read_statements, write_atomically
from stance.labels import LABELS, REQUIRED_COLUMNS, LabelFileError, read_labelled
from stance.metrics import score
from stance.model import StanceModel
from stance.targets import with_target

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "data" / "labels" / "statements.csv"
DEFAULT_OUT = ROOT / "stance" / "data" / "model.zip"
DEFAULT_REPORT_DIR = ROOT / "training" / "reports"

NEGATION_SCOPE = 2
"""Words marked after a negator: 2 and 3 tied in cross-validation, 2 was better on the real-news dev set (model card)."""
FEATURE_GRID = [
    FeatureSettings(word, char, sublinear, fold_numbers=True, negation_scope=NEGATION_SCOPE, frame_verbs=default_frame_verbs())
    for word, char, sublinear in itertools.product(
        [(1, 2), (1, 3)],
        [None, (2, 5)],
        [True, False],
    )
]
C_GRID = [1.0, 3.0, 10.0, 30.0]
CLASS_WEIGHTS = [None, "balanced"]
N_FOLDS = 5


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


SELECTION_METRICS = ("macro_f1", "f_avg")
METRIC_NAMES = {"macro_f1": "macro-F1", "f_avg": "F_avg"}
"""What the search maximises: macro-F1 over all labels, or SemEval's F_avg (mean F1 of FAVOR and AGAINST)."""


def selection_score(gold: np.ndarray, predicted: np.ndarray, metric: str = "macro_f1") -> float:
    """The cross-validation score that model selection maximises."""
    if metric == "f_avg":
        return float(f1_score(gold, predicted, labels=["FAVOR", "AGAINST"], average="macro", zero_division=0))
    return float(f1_score(gold, predicted, average="macro"))


def _fold_scores(
    settings: FeatureSettings,
    texts: np.ndarray,
    labels: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    metric: str,
    c_grid: list[float],
    class_weights: list,
) -> list[tuple]:
    pipeline = StanceModel(settings).make_pipeline()
    features = pipeline.named_steps["features"]
    x_train = features.fit_transform(texts[train])
    x_test = features.transform(texts[test])
    classifier = pipeline.named_steps["classifier"]
    scores = []
    for c, weight in itertools.product(c_grid, class_weights):
        classifier.set_params(C=c, class_weight=weight).fit(x_train, labels[train])
        scores.append((c, weight, selection_score(labels[test], classifier.predict(x_test), metric)))
    return scores


def select_settings(texts: list[str], labels: list[str], seed: int, jobs: int, metric: str = "macro_f1") -> tuple[dict, list[dict]]:
    """Grid-search features, C and class weight by stratified k-fold `metric`; return the best and the whole table."""
    x, y = np.array(texts, dtype=object), np.array(labels)
    folds = list(StratifiedKFold(N_FOLDS, shuffle=True, random_state=seed).split(x, y))
    tasks = [(s, train, test) for s in FEATURE_GRID for train, test in folds]
    results = Parallel(n_jobs=jobs)(delayed(_fold_scores)(s, x, y, train, test, metric, C_GRID, CLASS_WEIGHTS) for s, train, test in tasks)
    table: dict[tuple, list[float]] = {}
    for (settings, _, _), fold in zip(tasks, results):
        for c, weight, fold_f1 in fold:
            table.setdefault((settings, c, weight), []).append(fold_f1)
    rows = [
        {"features": s.to_dict(), "C": c, "class_weight": w, metric: float(np.mean(v)), f"{metric}_std": float(np.std(v))}
        for (s, c, w), v in table.items()
    ]
    best = max(rows, key=lambda r: r[metric])
    return best, sorted(rows, key=lambda r: -r[metric])


def cross_validated_metrics(model: StanceModel, texts: list[str], labels: list[str], seed: int, classes: list[str]) -> tuple[dict, np.ndarray]:
    """Stratified k-fold out-of-fold predictions of `model`'s settings, summarised; and the out-of-fold decision scores."""
    x, y = np.array(texts, dtype=object), np.array(labels)
    scores = np.empty((len(y), len(classes)))
    for train, test in StratifiedKFold(N_FOLDS, shuffle=True, random_state=seed).split(x, y):
        fold_model = StanceModel(model.features, C=model.C, class_weight=model.class_weight).fit(x[train], y[train], classes)
        scores[test] = fold_model.decision_function(x[test])
    predicted = [classes[k] for k in scores.argmax(axis=1)]
    return summarise(list(y), predicted, classes), scores


def calibration_report(scores: np.ndarray, labels: list[str], classes: list[str], seed: int) -> dict:
    """ECE and log loss of the out-of-fold probabilities, raw and temperature-scaled.

    The scaled figures are cross-fitted: each fold's temperature is fitted on the other folds' scores, so
    they are as honest as the raw ones. `temperature` is then fitted on all out-of-fold scores.
    """
    gold = np.array([classes.index(label) for label in labels])
    scaled = np.empty_like(scores)
    for train, test in StratifiedKFold(N_FOLDS, shuffle=True, random_state=seed + 1).split(scores, gold):
        scaled[test] = softmax(scores[test] / fit_temperature(scores[train], gold[train]))
    raw = softmax(scores)
    return {
        "ece_raw": expected_calibration_error(raw, gold),
        "ece_scaled": expected_calibration_error(scaled, gold),
        "log_loss_raw": log_loss(raw, gold),
        "log_loss_scaled": log_loss(scaled, gold),
        "temperature": fit_temperature(scores, gold),
        "bins": 15,
    }


def summarise(gold: list[str], predicted: list[str], classes: list[str]) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix (rows gold, columns predicted)."""
    return score(gold, predicted, classes)


def markdown_report(report: dict) -> str:
    """A short Markdown summary of a training report, for the docs."""
    m = report["cv_metrics"]
    chosen = report["chosen"]
    metric = METRIC_NAMES[report.get("selected_by", "macro_f1")]
    lines = [
        "# Bundled model: cross-validated metrics",
        "",
        f"Written by `python -m training.train` from `{report['data']['path']}` "
        f"({report['data']['rows']} statements, sha256 `{report['data']['sha256'][:12]}…`).",
        "",
        f"Chosen by {N_FOLDS}-fold stratified cross-validation ({metric}) over {report['grid_size']} settings: "
        f"word n-grams {tuple(chosen['features']['word_ngram_range'])}, "
        f"char_wb n-grams {tuple(chosen['features']['char_ngram_range']) if chosen['features']['char_ngram_range'] else 'none'}, "
        f"sublinear tf {chosen['features']['sublinear_tf']}, C {chosen['C']}, class weight {chosen['class_weight']}; "
        f"numbers folded {chosen['features'].get('fold_numbers', False)}, negation scope {chosen['features'].get('negation_scope', 0)} words, "
        f"attribution frames stripped on {len(chosen['features'].get('frame_verbs', []))} verbs.",
        "",
        f"Out-of-fold accuracy **{m['accuracy']:.3f}**, macro-F1 **{m['macro_f1']:.3f}** "
        "(the same folds chose the settings, so this is slightly optimistic).",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, s in m["per_class"].items():
        lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
    c = report["calibration"]
    verdict = f"applied (temperature {c['temperature']:.2f})" if c["applied"] else "not applied: it did not lower the error"
    lines += [
        "",
        f"Calibration: expected calibration error ({c['bins']} bins, out-of-fold) {c['ece_raw']:.3f} raw, "
        f"{c['ece_scaled']:.3f} with temperature scaling (cross-fitted); log loss {c['log_loss_raw']:.3f} → {c['log_loss_scaled']:.3f}. "
        f"Temperature scaling {verdict}.",
    ]
    labels = m["confusion"]["labels"]
    lines += ["", "Confusion matrix (rows: gold, columns: predicted):", "", "| gold \\ predicted | " + " | ".join(labels) + " |"]
    lines.append("|---|" + "---:|" * len(labels))
    for label, row in zip(labels, m["confusion"]["matrix"]):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def load_training_data(data: Path, text_column: str, label_column: str, target_mode: str) -> tuple[list[str], list[str], bool]:
    """Texts and labels of a labelled file, and whether targets were prepended.

    A file in the bundled corpus format (id,text,label,speaker,country,source) is validated by `read_labelled`;
    any other file is read by `stance.io.read_statements` with the given column names.
    """
    if (text_column, label_column) == ("text", "label") and _is_corpus_file(data):
        rows = read_labelled(data)
        return [r.text for r in rows], [r.label for r in rows], False
    records = list(read_statements(data, text_column=text_column, label_column=label_column))
    if not records:
        raise InputFileError(data, None, "no labelled statements in this file")
    prefixed = target_mode == "prefix" and any(r.get("target") for r in records)
    texts = [with_target(r["text"], r.get("target")) if prefixed else r["text"] for r in records]
    return texts, [r["label"] for r in records], prefixed


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


def train(
    data: Path,
    out: Path,
    report_dir: Path,
    seed: int = 0,
    jobs: int = -1,
    log=print,
    text_column: str = "text",
    label_column: str = "label",
    target_mode: str = "prefix",
    select_by: str = "macro_f1",
) -> dict:
    """Select settings, measure them, fit on all rows, save the model and the reports; return the report."""
    texts, labels, prefixed = load_training_data(data, text_column, label_column, target_mode)
    found = sorted(set(labels))
    if len(found) < 2:
        raise InputFileError(data, None, f"need at least two labels to train, found {found}")
    classes = list(LABELS) if set(found) == set(LABELS) else found
    started = time.perf_counter()
    log(f"{len(texts)} statements from {data}; searching {len(FEATURE_GRID) * len(C_GRID) * len(CLASS_WEIGHTS)} settings …")
    if select_by == "f_avg" and not {"FAVOR", "AGAINST"} <= set(found):
        raise InputFileError(data, None, f"--select-by f_avg needs FAVOR and AGAINST labels, found {found}")
    best, table = select_settings(texts, labels, seed, jobs, select_by)
    model = StanceModel(FeatureSettings.from_dict(best["features"]), C=best["C"], class_weight=best["class_weight"])
    metrics, scores = cross_validated_metrics(model, texts, labels, seed, classes)
    calibration = calibration_report(scores, labels, classes, seed)
    calibration["applied"] = calibration["ece_scaled"] < calibration["ece_raw"]
    model.fit(texts, labels, classes)
    if calibration["applied"]:
        model.set_temperature(calibration["temperature"])
    report = {
        "data": {"path": _display(data), "sha256": sha256_of(data), "rows": len(texts), "label_counts": {c: labels.count(c) for c in classes}},
        "target_mode": "prefix" if prefixed else None,
        "seed": seed,
        "grid_size": len(table),
        "selected_by": select_by,
        "chosen": best,
        "cv_metrics": metrics,
        "calibration": calibration,
        "top_settings": table[:10],
        "library_version": stance.__version__,
    }
    manifest = {
        "training_data": report["data"],
        "cv_metrics": metrics,
        "calibration": calibration,
        "seed": seed,
        "target_mode": report["target_mode"],
    }
    manifest["library_version"] = stance.__version__
    model.save(out, manifest=manifest)
    report_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(report_dir / "metrics.json", (json.dumps(report, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    write_atomically(report_dir / "metrics.md", markdown_report(report).encode("utf-8"))
    log(f"chose {best} in {time.perf_counter() - started:.0f} s; CV macro-F1 {metrics['macro_f1']:.3f}, accuracy {metrics['accuracy']:.3f}")
    log(f"calibration: ECE {calibration['ece_raw']:.3f} raw, {calibration['ece_scaled']:.3f} scaled; temperature {calibration['temperature']:.2f}")
    log(f"wrote {out} and {report_dir / 'metrics.json'}")
    return report


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled CSV (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write (default: the bundled model)")
    parser.add_argument("--text-column", default="text", help="the column with the statements (default: text)")
    parser.add_argument("--label-column", default="label", help="the column with the labels (default: label)")
    parser.add_argument(
        "--target-mode", choices=("prefix", "ignore"), default="prefix", help="a 'target' column is prepended to each text (default) or ignored"
    )
    parser.add_argument(
        "--report-dir", type=Path, help="where metrics.json and metrics.md go (default: training/reports for the bundled model, else beside --out)"
    )
    parser.add_argument(
        "--select-by", choices=SELECTION_METRICS, default="macro_f1", help="what selection maximises: macro_f1 (default) or f_avg (SemEval labels)"
    )
    parser.add_argument("--seed", type=int, default=0, help="cross-validation seed (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=-1, help="parallel processes for the search (default: all cores)")
    args = parser.parse_args(argv)
    report_dir = args.report_dir or (
        DEFAULT_REPORT_DIR if args.out.resolve() == DEFAULT_OUT.resolve() else args.out.parent / f"{args.out.stem}-report"
    )
    try:
        train(
            args.data,
            args.out,
            report_dir,
            args.seed,
            args.jobs,
            text_column=args.text_column,
            label_column=args.label_column,
            target_mode=args.target_mode,
            select_by=args.select_by,
        )
    except (LabelFileError, InputFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
