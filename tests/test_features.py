from dataclasses import asdict

import numpy as np
import pytest

from stance.features import FeatureSettings, LinearScorer
from stance.model import StanceModel
from stance.preprocess import char_wb_ngrams, default_frame_verbs, preprocess, strip_frame

TEXTS = [
    "We call on all parties to agree to an immediate ceasefire.",
    "Russia’s envoy said: “This is unacceptable” — and walked out.",
    "No talks until the guns fall silent.",
    "Ceasefire ceasefire CEASEFIRE, again and again.",
    "Zelenskyy  met\tTrump in\n\nWashington.",
    "a I x",
    "Émigrés and naïve café owners spoke in Kyiv.",
]


@pytest.mark.parametrize(
    "settings",
    [
        FeatureSettings((1, 2), (2, 5), True),
        FeatureSettings((1, 3), None, False),
        FeatureSettings((1, 1), (3, 5), False),
        FeatureSettings((1, 2), (2, 5), True, fold_numbers=True, negation_scope=3, frame_verbs=("said", "told")),
    ],
)
def test_features_equal_scikit_learn(settings):
    labels = ["pro-ceasefire", "neutral", "pro-ceasefire", "rejecting", "neutral", "neutral", "rejecting"]
    model = StanceModel(**asdict(settings)).fit(TEXTS, labels)
    ours = model.features_.transform(TEXTS + ["unseen words only qqq"]).toarray()
    theirs = model.make_pipeline().named_steps["features"].fit(TEXTS).transform(TEXTS + ["unseen words only qqq"]).toarray()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_char_wb_ngrams_match_scikit_learn_on_short_words():
    from sklearn.feature_extraction.text import CountVectorizer

    for word in ["a", "ab", "abc", "ceasefire"]:
        analyzer = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
        assert char_wb_ngrams(word, (2, 5)) == analyzer(word)


def test_preprocess_folds_typography():
    assert preprocess("Russia’s “No” — Now") == 'russia\'s "no" - now'


def test_numbers_fold_to_one_token():
    assert preprocess("A 30-day truce, 1,000.5 km and (17)", fold_numbers=True) == "a 0-day truce, 0 km and (0)"
    assert preprocess("A 30-day truce") == "a 30-day truce"


def test_negation_marks_words_up_to_scope_within_the_clause():
    marked = preprocess("We don't reject the talks, but there is no ceasefire. Never.", negation_scope=2)
    assert marked == "we do not not_reject not_the talks, but there is no not_ceasefire. never."
    assert preprocess("We do not reject talks", negation_scope=0) == "we do not reject talks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("peskov told reporters on tuesday that the plan was unacceptable.", "the plan was unacceptable."),
        ("the foreign minister said that peacekeepers will never be allowed in.", "peacekeepers will never be allowed in."),
        ("the talks were useful in every respect, peskov told reporters.", "the talks were useful in every respect"),
        ('"we do not rule out a genuine truce," putin said.', '"we do not rule out a genuine truce'),
        ("the talks were useful in every respect, said peskov.", "the talks were useful in every respect"),
        ("peskov rejected the plan, calling it unacceptable.", "peskov rejected the plan, calling it unacceptable."),
        ("russia must stop, zelensky said, adding that talks could start.", "russia must stop, zelensky said, adding that talks could start."),
        ("the talks, which the minister said were useful, will resume.", "the talks, which the minister said were useful, will resume."),
        ("the talks failed. peskov said that nothing was agreed.", "the talks failed. peskov said that nothing was agreed."),
        ("the kremlin said no.", "the kremlin said no."),
    ],
)
def test_strip_frame_removes_only_plain_attribution(text, expected):
    assert strip_frame(text, default_frame_verbs()) == expected


def test_settings_round_trip_and_old_manifests_read_as_before():
    settings = FeatureSettings((1, 2), (2, 5), True, fold_numbers=True, negation_scope=3, frame_verbs=default_frame_verbs())
    assert FeatureSettings.from_dict(settings.to_dict()) == settings
    old = {"word_ngram_range": [1, 2], "char_ngram_range": [2, 5], "sublinear_tf": True}
    assert FeatureSettings.from_dict(old) == FeatureSettings((1, 2), (2, 5), True)
    with pytest.raises(ValueError, match="negation_scope"):
        FeatureSettings.from_dict({**old, "negation_scope": -1})
    with pytest.raises(ValueError, match="fold_numbers"):
        FeatureSettings.from_dict({**old, "fold_numbers": "yes"})
    with pytest.raises(ValueError, match="frame_verbs"):
        FeatureSettings.from_dict({**old, "frame_verbs": ["said", "(?:"]})


@pytest.mark.parametrize(
    "settings", [FeatureSettings((1, 3), (2, 5), True), FeatureSettings((1, 2), None, False), FeatureSettings((1, 2), (2, 5), True, True, 3)]
)
def test_linear_scorer_equals_matrix_product_on_every_path(settings):
    labels = ["pro-ceasefire", "neutral", "pro-ceasefire", "rejecting", "neutral", "neutral", "rejecting"]
    features = StanceModel(**asdict(settings)).fit(TEXTS, labels).features_
    weights = np.random.default_rng(0).normal(size=(features.n_features, 3))
    texts = [*TEXTS, "qqq zzz", "Ceasefire talks, ceasefire talks."] * 3
    expected = features.transform(texts) @ weights
    scorer = LinearScorer(features, weights)
    scorer.chunk_size = 5
    np.testing.assert_allclose(scorer(texts), expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.vstack([scorer([t]) for t in texts]), expected, rtol=0, atol=1e-12)
    assert scorer([]).shape == (0, 3)
