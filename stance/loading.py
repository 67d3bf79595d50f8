"""Which model to use: the bundled one (loaded once and shared), or a model file of either kind.

A file holds one StanceModel, or one model per target (a TargetedModel); `read_model` tells them apart by the manifest.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from stance.model import PER_TARGET, StanceModel
from stance.persistence import unpack
from stance.targeted import TargetedModel


def bundled_model_path() -> Path:
    """Where the model shipped inside the package lives."""
    return Path(str(files("stance") / "data" / "model.zip"))


def load_model(path: str | Path | None = None) -> StanceModel | TargetedModel:
    """Load the bundled model, or the model saved at `path`: a TargetedModel when the file holds one model per target."""
    return read_model(bundled_model_path() if path is None else path)


def read_model(source: str | Path | bytes) -> StanceModel | TargetedModel:
    """The model in a model file (a path, or its bytes), whichever kind it holds, checked by `stance.persistence`."""
    manifest, parts = unpack(source)
    where = "<model bytes>" if isinstance(source, bytes) else source
    kind = TargetedModel if manifest.get("target_mode") == PER_TARGET else StanceModel
    model = kind.from_parts(manifest, parts, where)
    model.path_ = None if isinstance(source, bytes) else Path(source).resolve()
    return model


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The bundled model, loaded once per process and shared: the model every function uses when given none."""
    return load_model()
