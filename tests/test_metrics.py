import pytest

from stance.metrics import score


def test_scores_match_hand_counts():
    gold = ["a", "a", "b", "b", "c"]
    predicted = ["a", "b", "b", "b", "a"]
    result = score(gold, predicted, ["a", "b", "c"])
    assert result["accuracy"] == pytest.approx(3 / 5)
    assert result["per_class"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert result["per_class"]["b"]["precision"] == pytest.approx(2 / 3) and result["per_class"]["b"]["recall"] == 1.0
    assert result["per_class"]["c"]["f1"] == 0.0
    assert result["macro_f1"] == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert result["confusion"] == {"labels": ["a", "b", "c"], "matrix": [[1, 1, 0], [0, 2, 0], [1, 0, 0]]}
    assert "f_avg" not in result


def test_f_avg_is_the_mean_f1_of_favor_and_against():
    gold = ["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE"]
    predicted = ["FAVOR", "AGAINST", "AGAINST", "AGAINST", "FAVOR"]
    result = score(gold, predicted)
    favor, against = result["per_class"]["FAVOR"]["f1"], result["per_class"]["AGAINST"]["f1"]
    assert result["f_avg"] == pytest.approx((favor + against) / 2) and 0 <= result["f_avg"] <= 1


@pytest.mark.parametrize(("gold", "predicted", "words"), [(["a"], ["a", "b"], "1 gold labels but 2"), ([], [], "nothing to score")])
def test_bad_input(gold, predicted, words):
    with pytest.raises(ValueError, match=words):
        score(gold, predicted)
