import numpy as np
import pytest

import stance
from stance.explain import Explanation


@pytest.mark.parametrize(
    "text",
    [
        "We call on all parties to agree to an immediate ceasefire.",
        "A truce now would only let the enemy regroup; we reject it!",
        "Twelve civilians were killed in overnight shelling, the ministry said.",
        "Ünïcode “quotes” — and dashes",
    ],
)
def test_contributions_and_intercept_sum_to_the_decision_score(text):
    model = stance.load_model()
    explanation = model.explain(text)
    scores = model.decision_function([text])[0]
    assert explanation.label == model.predict([text])[0]
    assert explanation.score == pytest.approx(scores.max(), abs=1e-9)
    assert sum(explanation.contributions.values()) + explanation.intercept == pytest.approx(explanation.score, abs=1e-9)


def test_explaining_another_label_uses_its_score(tiny_model):
    text = "We reject the truce."
    k = list(tiny_model.classes_).index("neutral")
    explanation = tiny_model.explain(text, label="neutral")
    assert explanation.score == pytest.approx(tiny_model.decision_function([text])[0][k], abs=1e-9)
    assert sum(explanation.contributions.values()) + explanation.intercept == pytest.approx(explanation.score, abs=1e-9)


def test_character_ngrams_are_credited_to_words_of_the_text(tiny_model):
    explanation = tiny_model.explain("We reject the truce, firmly.", top=3)
    assert set(explanation.contributions) <= {"we", "reject", "the", "truce", "firmly", "we reject", "reject the", "the truce", "truce firmly"}
    assert "reject" in dict(explanation.toward)


def test_toward_and_against_are_sorted_and_limited(tiny_model):
    explanation = tiny_model.explain("We call on all parties to agree to an immediate ceasefire.", top=2)
    assert isinstance(explanation, Explanation)
    assert len(explanation.toward) <= 2 and len(explanation.against) <= 2
    assert all(c > 0 for _, c in explanation.toward) and all(c < 0 for _, c in explanation.against)
    values = [c for _, c in explanation.toward]
    assert values == sorted(values, reverse=True)
    assert set(explanation.to_dict()) == {"label", "score", "intercept", "toward", "against"}


def test_top_features(tiny_model):
    top = tiny_model.top_features("rejecting", n=5)
    assert len(top) == 5 and [w for _, w in top] == sorted((w for _, w in top), reverse=True)
    k = list(tiny_model.classes_).index("rejecting")
    assert top[0][1] == pytest.approx(np.max(tiny_model.coef_[k, : tiny_model.features_.n_word]))
    assert all(len(term) <= 6 for term, _ in tiny_model.top_features("rejecting", n=5, kind="char"))
    with pytest.raises(ValueError, match="unknown label"):
        tiny_model.top_features("FAVOR")
    with pytest.raises(ValueError, match="kind"):
        tiny_model.top_features("rejecting", kind="phrase")


def test_explain_refuses_bad_text(tiny_model):
    with pytest.raises(ValueError, match="empty"):
        tiny_model.explain("   ")
