"""Scores of predicted labels against gold ones: accuracy, macro-F1, per-class figures, confusion, SemEval's F_avg."""

from __future__ import annotations

from collections.abc import Sequence

SEMEVAL_LABELS = ("FAVOR", "AGAINST")
"""The two classes whose mean F1 is SemEval-2016 Task 6's F_avg (NONE is left out of the mean)."""


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None) -> dict:
    """Accuracy, macro-F1, per-class precision/recall/F1/support, confusion (rows gold, columns predicted).

    Adds `f_avg` (a fraction, not a percentage) when the labels include FAVOR and AGAINST. `labels` fixes
    the order; by default the labels seen in `gold` and `predicted`, sorted.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    gold, predicted = [str(g) for g in gold], [str(p) for p in predicted]
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    if not gold:
        raise ValueError("nothing to score: no labelled statements")
    labels = list(labels) if labels is not None else sorted(set(gold) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    out = {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, predicted)),
        "macro_f1": float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)),
        "per_class": {
            c: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for c, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, predicted, labels=labels).tolist()},
    }
    if all(label in labels for label in SEMEVAL_LABELS):
        out["f_avg"] = sum(out["per_class"][label]["f1"] for label in SEMEVAL_LABELS) / len(SEMEVAL_LABELS)
    return out
