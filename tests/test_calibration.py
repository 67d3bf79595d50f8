import numpy as np
import pytest

import stance
from stance.calibration import expected_calibration_error, fit_temperature, log_loss, softmax


def test_ece_of_perfectly_calibrated_and_overconfident_predictions():
    probabilities = np.array([[0.8, 0.1, 0.1]] * 10)
    gold = np.array([0] * 8 + [1] * 2)
    assert expected_calibration_error(probabilities, gold) == pytest.approx(0.0)
    overconfident = np.array([[0.99, 0.005, 0.005]] * 10)
    assert expected_calibration_error(overconfident, gold) == pytest.approx(0.19)


def test_temperature_recovers_a_known_scale():
    rng = np.random.default_rng(0)
    true_scores = rng.normal(size=(4000, 3)) * 2
    gold = np.array([rng.choice(3, p=p) for p in softmax(true_scores)])
    temperature = fit_temperature(true_scores * 3, gold)
    assert temperature == pytest.approx(3, rel=0.1)
    assert log_loss(softmax(true_scores * 3 / temperature), gold) < log_loss(softmax(true_scores * 3), gold)


def test_temperature_keeps_the_winner(tiny_model):
    texts = ["We reject the truce.", "Talks must resume now.", "Four people died."]
    before = tiny_model.predict(texts)
    scaled = stance.StanceModel.load(tiny_model.save(__import__("tempfile").mktemp(suffix=".zip"))).set_temperature(2.0)
    assert scaled.predict(texts).tolist() == before.tolist()
    assert np.allclose(scaled.decision_function(texts), tiny_model.decision_function(texts) / 2.0)
    with pytest.raises(ValueError, match="positive"):
        scaled.set_temperature(0)


def test_the_bundled_model_reports_its_calibration():
    calibration = stance.load_model().manifest_["calibration"]
    assert 0 <= calibration["ece_scaled"] <= 1 and 0 <= calibration["ece_raw"] <= 1
    assert calibration["applied"] == (calibration["ece_scaled"] < calibration["ece_raw"])
