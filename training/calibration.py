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
