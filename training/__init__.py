"""Retraining the bundled stance model: `python -m training.train`."""
