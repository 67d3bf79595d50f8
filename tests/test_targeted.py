import pytest

from stance.model import StanceModel
from stance.targeted import TargetedModel
from stance.targets import with_target

ROWS = [
    ("Climate", "Carbon taxes are a hoax.", "AGAINST"),
    ("Climate", "We must act on emissions now.", "FAVOR"),
    ("Atheism", "Faith gives my life meaning.", "AGAINST"),
    ("Atheism", "Religion has no evidence behind it.", "FAVOR"),
] * 3


@pytest.fixture(scope="module")
def targeted():
    return TargetedModel(StanceModel(C=10.0, char_ngram_range=None)).fit([with_target(t, g) for g, t, _ in ROWS], [s for *_, s in ROWS])


def test_top_features_are_those_of_the_named_targets_model(targeted):
    climate = dict(targeted.top_features("AGAINST", n=50, target="Climate"))
    atheism = dict(targeted.top_features("AGAINST", n=50, target="Atheism"))
    assert climate["hoax"] > 0 and "hoax" not in atheism
    assert atheism["faith"] > 0 and "faith" not in climate
    assert targeted.top_features("FAVOR", n=3, target="Climate") == targeted.models_["Climate"].top_features("FAVOR", n=3)


def test_top_features_without_a_target_name_the_targets(targeted):
    with pytest.raises(ValueError, match=r"name one: .* Atheism, Climate"):
        targeted.top_features("FAVOR")
    with pytest.raises(ValueError, match="target 'Brexit' is not one this model has a model for"):
        targeted.top_features("FAVOR", target="Brexit")
    alone = TargetedModel(StanceModel(char_ngram_range=None)).fit(
        [with_target(t, g) for g, t, _ in ROWS if g == "Climate"], [s for g, _, s in ROWS if g == "Climate"]
    )
    assert alone.top_features("FAVOR", n=2) == alone.models_["Climate"].top_features("FAVOR", n=2)
