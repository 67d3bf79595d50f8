import warnings

import numpy as np
import pytest
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks

from stance import LABELS, StanceModel
from stance.features import FeatureSettings

from .conftest import TRAIN

TEXTS = [t for t, _ in TRAIN]
GOLD = [label for _, label in TRAIN]
SMALL = {"word_ngram_range": (1, 1), "char_ngram_range": None, "fold_numbers": False, "negation_scope": 0, "frame_verbs": ()}


def test_predict_proba_shape_order_and_sum(tiny_model):
    probabilities = tiny_model.predict_proba(TEXTS)
    assert probabilities.shape == (len(TEXTS), 3)
    assert list(tiny_model.classes_) == sorted(LABELS)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    predicted = tiny_model.predict(TEXTS)
    assert isinstance(predicted, np.ndarray)
    assert predicted.tolist() == [tiny_model.classes_[i] for i in probabilities.argmax(axis=1)]


def test_learns_its_training_data(tiny_model):
    assert tiny_model.predict(TEXTS).tolist() == GOLD
    assert tiny_model.score(TEXTS, GOLD) == 1.0


def test_empty_input_gives_empty_output(tiny_model):
    assert tiny_model.predict([]).tolist() == []
    assert tiny_model.predict_proba([]).shape == (0, 3)


def test_to_pipeline_predicts_exactly_the_same(tiny_model):
    texts = [*TEXTS, "An unseen statement about a truce and talks.", "zzz"]
    pipeline = tiny_model.to_pipeline()
    np.testing.assert_allclose(pipeline.predict_proba(texts), tiny_model.predict_proba(texts), rtol=0, atol=1e-12)
    assert list(pipeline.predict(texts)) == tiny_model.predict(texts).tolist()


def test_two_label_models_work(tmp_path):
    model = StanceModel(**SMALL).fit(["yes talks", "no talks", "yes truce", "no truce"], ["FAVOR", "AGAINST", "FAVOR", "AGAINST"])
    assert list(model.classes_) == ["AGAINST", "FAVOR"]
    assert model.predict(["yes please"]).tolist() == ["FAVOR"]
    np.testing.assert_allclose(model.to_pipeline().predict_proba(["yes please"]), model.predict_proba(["yes please"]))
    np.testing.assert_array_equal(StanceModel.load(model.save(tmp_path / "m.zip")).predict_proba(["no"]), model.predict_proba(["no"]))


@pytest.mark.parametrize(
    ("texts", "error", "words"),
    [
        ("a bare string", TypeError, "not a single str"),
        (["fine", None], TypeError, r"texts\[1\] is None"),
        (["fine", "fine", 3], TypeError, r"texts\[2\] is int"),
        (["fine", " \n"], ValueError, r"texts\[1\] is empty"),
        (42, TypeError, "iterable of strings"),
    ],
)
def test_bad_input_names_the_item(tiny_model, texts, error, words):
    with pytest.raises(error, match=words):
        tiny_model.predict(texts)


def test_unfitted_model_says_so():
    with pytest.raises(NotFittedError, match="not fitted"):
        StanceModel().predict(["text"])


def test_fit_refuses_mismatched_or_single_labels():
    with pytest.raises(ValueError, match="2 texts but labels"):
        StanceModel(**SMALL).fit(["a b", "c d"], ["x"])
    with pytest.raises(ValueError, match="two distinct labels"):
        StanceModel(**SMALL).fit(["a b", "c d"], ["x", "x"])


# -- a real scikit-learn estimator ---------------------------------------------


def test_parameters_are_flat_and_state_is_set_only_by_fit(tiny_model):
    params = StanceModel().get_params()
    assert {"C", "class_weight", "word_ngram_range", "char_ngram_range", "negation_scope", "temperature"} <= set(params)
    assert not [name for name in vars(StanceModel()) if name.endswith("_")]
    assert {"classes_", "coef_", "intercept_", "features_", "manifest_"} <= set(vars(tiny_model))
    assert is_classifier(tiny_model)


def test_clone_gives_an_unfitted_copy_with_the_same_parameters(tiny_model):
    copy = clone(tiny_model)
    assert copy.get_params() == tiny_model.get_params()
    assert not hasattr(copy, "coef_")
    np.testing.assert_allclose(copy.fit(TEXTS, GOLD).predict_proba(TEXTS), tiny_model.predict_proba(TEXTS))


def test_works_in_a_pipeline_and_in_model_selection():
    texts, labels = TEXTS * 3, GOLD * 3
    pipeline = Pipeline([("model", StanceModel(**SMALL))]).fit(texts, labels)
    assert pipeline.predict(TEXTS).tolist() == GOLD
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    scores = cross_val_score(StanceModel(**SMALL), texts, labels, cv=folds)
    assert scores.shape == (3,) and scores.min() > 0.5
    grid = {"C": [0.01, 10.0], "sublinear_tf": [True, False]}
    search = GridSearchCV(StanceModel(**SMALL), grid, cv=folds, scoring="neg_log_loss").fit(texts, labels)
    assert search.best_params_["C"] == 10.0
    assert search.best_estimator_.predict(TEXTS).tolist() == GOLD


def test_temperature_is_a_parameter_that_fit_applies(tiny_model):
    hotter = clone(tiny_model).set_params(temperature=2.0).fit(TEXTS, GOLD)
    np.testing.assert_allclose(hotter.decision_function(TEXTS), tiny_model.decision_function(TEXTS) / 2.0)
    assert clone(tiny_model).fit(TEXTS, GOLD).set_temperature(2.0).temperature == 2.0


def test_the_deprecated_feature_settings_still_work_with_a_warning():
    with pytest.warns(DeprecationWarning, match="features"):
        old = StanceModel(FeatureSettings((1, 1), None, True), C=10.0).fit(TEXTS, GOLD)
    new = StanceModel(C=10.0, **SMALL).fit(TEXTS, GOLD)
    np.testing.assert_allclose(old.predict_proba(TEXTS), new.predict_proba(TEXTS))
    with pytest.warns(DeprecationWarning, match="manifest_"):
        assert old.manifest == {}


TEXT_ONLY = "builds numeric 2-D X; StanceModel reads a list of strings (the same property is tested on text in this module)"
SKIPPED_CHECKS = {
    "check_fit_score_takes_y": TEXT_ONLY,
    "check_estimators_overwrite_params": TEXT_ONLY,
    "check_dont_overwrite_parameters": TEXT_ONLY,
    "check_estimators_fit_returns_self": TEXT_ONLY,
    "check_readonly_memmap_input": TEXT_ONLY,
    "check_estimators_unfitted": TEXT_ONLY,
    "check_n_features_in_after_fitting": "n_features_in_ counts columns of a 2-D array; text has no columns",
    "check_positive_only_tag_during_fit": TEXT_ONLY,
}
API_CHECKS = [
    "check_estimator_cloneable",
    "check_estimator_tags_renamed",
    "check_valid_tag_types",
    "check_estimator_repr",
    "check_no_attributes_set_in_init",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_mixin_order",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
]


@pytest.mark.parametrize("check", API_CHECKS + sorted(SKIPPED_CHECKS))
def test_scikit_learn_estimator_checks(check):
    if check in SKIPPED_CHECKS:
        pytest.skip(SKIPPED_CHECKS[check])
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        getattr(estimator_checks, check)("StanceModel", StanceModel())


def test_check_estimator_skips_only_for_the_text_input_tags():
    tags = StanceModel().__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    assert tags.estimator_type == "classifier"
