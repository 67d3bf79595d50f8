"""Does VADER sentiment help the stance model? Cross-validated macro-F1 with and without it as extra features.

    python -m training.sentiment_feature [--data FILE] [--seed N]

Uses the bundled model's settings (n-grams, C, class weight). The four VADER scores (compound, pos, neu,
neg), multiplied by a weight, are appended to the tf-idf features; the same stratified folds score every
variant. Prints one line per variant and the difference from tf-idf alone.
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

import stance
from stance.features import FeatureSettings
from stance.labels import read_labelled
from stance.model import StanceModel
from stance.sentiment import analyze_sentiment
from training.train import DEFAULT_DATA, N_FOLDS

WEIGHTS = (0.0, 0.3, 1.0, 3.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = read_labelled(args.data)
    texts = np.array([r.text for r in rows], dtype=object)
    labels = np.array([r.label for r in rows])
    tones = np.array([[s.compound, s.pos, s.neu, s.neg] for s in analyze_sentiment(list(texts))])
    manifest = stance.load_model().manifest
    classifier_settings = manifest["classifier"]
    model = StanceModel(FeatureSettings.from_dict(manifest["features"]), C=classifier_settings["C"], class_weight=classifier_settings["class_weight"])
    scores: dict[float, list[float]] = {w: [] for w in WEIGHTS}
    for train, test in StratifiedKFold(N_FOLDS, shuffle=True, random_state=args.seed).split(texts, labels):
        pipeline = model.make_pipeline()
        features, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
        x_train, x_test = features.fit_transform(texts[train]), features.transform(texts[test])
        for w in WEIGHTS:
            a = hstack([x_train, csr_matrix(tones[train] * w)]).tocsr() if w else x_train
            b = hstack([x_test, csr_matrix(tones[test] * w)]).tocsr() if w else x_test
            classifier.fit(a, labels[train])
            scores[w].append(f1_score(labels[test], classifier.predict(b), average="macro"))
    base = np.mean(scores[0.0])
    print(f"{len(rows)} statements, {N_FOLDS}-fold CV, settings {model!r}")
    for w in WEIGHTS:
        name = "tf-idf alone" if w == 0 else f"+ VADER x{w}"
        print(f"{name:<16} macro-F1 {np.mean(scores[w]):.4f} ± {np.std(scores[w]):.4f}   difference {np.mean(scores[w]) - base:+.4f}")


if __name__ == "__main__":
    main()
