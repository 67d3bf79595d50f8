"""How far to trust a probability: expected calibration error, and temperature scaling to reduce it.

Temperature scaling divides every decision score by one number T fitted on held-out scores (minimising log
loss). It never changes which label wins, and a linear model stays linear (coefficients and intercepts
divided by T), so prediction costs nothing more.
"""

from __future__ import annotations

import numpy as np

N_BINS = 15


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of decision scores."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def expected_calibration_error(probabilities: np.ndarray, gold: np.ndarray, bins: int = N_BINS) -> float:
    """Top-label ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins, weighted by size."""
    probabilities = np.asarray(probabilities, dtype=float)
    gold = np.asarray(gold)
    if len(gold) == 0:
        raise ValueError("no predictions to measure")
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.sum() * abs(correct[members].mean() - confidence[members].mean())
    return float(error / len(gold))


def log_loss(probabilities: np.ndarray, gold: np.ndarray) -> float:
    """Mean negative log probability of the gold label."""
    picked = np.asarray(probabilities)[np.arange(len(gold)), np.asarray(gold)]
    return float(-np.mean(np.log(np.clip(picked, 1e-15, 1.0))))


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The temperature T > 0 that minimises the log loss of softmax(scores / T) on these held-out scores."""
    from scipy.optimize import minimize_scalar

    scores = np.asarray(scores, dtype=float)
    gold = np.asarray(gold)
    result = minimize_scalar(lambda log_t: log_loss(softmax(scores / np.exp(log_t)), gold), bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))


def calibration_report(scores: np.ndarray, labels: list[str], classes: list[str], seed: int, folds: int) -> dict:
    """ECE and log loss of out-of-fold decision `scores` (columns in sorted class order), raw and temperature-scaled.

    The scaled figures are cross-fitted: each fold's temperature is fitted on the other folds' scores, so
    they are as honest as the raw ones. `temperature` is then fitted on all out-of-fold scores.
    """
    from sklearn.model_selection import StratifiedKFold

    gold = np.array([sorted(classes).index(label) for label in labels])
    scaled = np.empty_like(scores)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed + 1).split(scores, gold):
        scaled[test] = softmax(scores[test] / fit_temperature(scores[train], gold[train]))
    raw = softmax(scores)
    return {
        "ece_raw": expected_calibration_error(raw, gold),
        "ece_scaled": expected_calibration_error(scaled, gold),
        "log_loss_raw": log_loss(raw, gold),
        "log_loss_scaled": log_loss(scaled, gold),
        "temperature": fit_temperature(scores, gold),
        "bins": N_BINS,
    }
