"""Calibration measures for the repository's scripts; the code lives in `stance.calibration`."""

from stance.calibration import N_BINS, calibration_report, expected_calibration_error, fit_temperature, log_loss, softmax

__all__ = ["N_BINS", "calibration_report", "expected_calibration_error", "fit_temperature", "log_loss", "softmax"]
