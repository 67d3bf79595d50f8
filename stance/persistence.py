"""Model files: a zip of .npy arrays, term lists and a JSON manifest holding a checksum of each; reading one runs no code.

`pack` writes the parts of a fitted model; `unpack` checks a file (format, version, every checksum) and returns
its manifest and parts, raising ModelFileError for anything damaged, edited or foreign.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from stance.errors import ModelFileError
from stance.io import write_atomically

FORMAT = "stance-model"
FORMAT_VERSION = 2
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def pack(arrays: dict[str, np.ndarray], terms: dict[str, list[str]], manifest: dict) -> tuple[bytes, dict]:
    """The bytes of a model file holding `arrays` (name -> float64 array), `terms` (name -> term list) and
    `manifest` completed with format, version and checksums; and that completed manifest."""
    entries = {f"{name}.txt": "\n".join(words).encode("utf-8") for name, words in terms.items()}
    entries.update((f"{name}.npy", _npy(array)) for name, array in arrays.items())
    full = {key: value for key, value in manifest.items() if key != "checksum"}
    full.update(format=FORMAT, format_version=FORMAT_VERSION, files={name: hashlib.sha256(data).hexdigest() for name, data in entries.items()})
    full["checksum"] = manifest_checksum(full)
    entries = {"manifest.json": json.dumps(full, indent=2, sort_keys=True).encode("utf-8"), **entries}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue(), full


def unpack(source: str | Path | bytes) -> tuple[dict, dict[str, np.ndarray | list[str]]]:
    """The checked manifest of a model file (a path, or its bytes) and its parts: arrays by name, term lists by name."""
    path = Path("<model bytes>") if isinstance(source, bytes) else Path(source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else path)
    except FileNotFoundError:
        raise ModelFileError(path, "no such model file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelFileError(path, f"not a stance model file ({exc})") from None
    with archive:
        manifest = _manifest(archive, path)
        parts: dict[str, np.ndarray | list[str]] = {}
        for name, digest in dict(manifest.get("files", {})).items():
            try:
                raw = archive.read(name)
            except (KeyError, zipfile.BadZipFile, OSError) as exc:
                raise ModelFileError(path, f"cannot read {name} ({exc})") from None
            if hashlib.sha256(raw).hexdigest() != digest:
                raise ModelFileError(path, f"{name} does not match its checksum: the file is damaged or was edited")
            stem, _, suffix = name.rpartition(".")
            try:
                parts[stem] = _array(raw) if suffix == "npy" else _terms(raw)
            except ValueError as exc:
                raise ModelFileError(path, f"{name} is malformed ({exc})") from None
    return manifest, parts


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelFileError(path, f"no readable manifest ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelFileError(path, "not a stance model file (manifest format is not 'stance-model')")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(path, f"model format version {manifest.get('format_version')!r} is not supported (expected {FORMAT_VERSION})")
    if manifest.get("checksum") != manifest_checksum(manifest):
        raise ModelFileError(path, "the manifest does not match its checksum: the file is damaged or was edited")
    return manifest


class ModelFile:
    """Saving and reading a fitted model as one checked file; the class gives `_pack` (its file's bytes and manifest) and `from_parts`."""

    manifest_: dict
    path_: Path | None

    def _pack(self, manifest: dict | None = None) -> tuple[bytes, dict]:
        raise NotImplementedError

    @classmethod
    def from_parts(cls, manifest: dict, parts: dict, where: str | Path) -> Any:
        raise NotImplementedError

    def save(self, path: str | Path, manifest: dict | None = None) -> Path:
        """Write the model to `path` (a zip of arrays and a JSON manifest, `manifest` added to it), atomically."""
        data, full = self._pack(manifest)
        write_atomically(path, data)
        self.manifest_ = full
        return Path(path)

    def to_bytes(self) -> bytes:
        """The bytes of this model's file, as `save` would write them."""
        return self._pack()[0]

    @classmethod
    def load(cls, path: str | Path) -> Any:
        """Read a model written by `save`; raise ModelFileError when it is damaged or foreign. Runs no code from the file."""
        model = cls._from_file(path)
        model.path_ = Path(path).resolve()
        return model

    @classmethod
    def from_bytes(cls, data: bytes) -> Any:
        """A model from the bytes of a model file (as broadcast to worker processes), checked like `load`."""
        return cls._from_file(data)

    @classmethod
    def _from_file(cls, source: str | Path | bytes) -> Any:
        manifest, parts = unpack(source)
        return cls.from_parts(manifest, parts, "<model bytes>" if isinstance(source, bytes) else source)


def manifest_checksum(manifest: dict) -> str:
    """SHA-256 of the manifest's canonical JSON without its own `checksum` entry."""
    body = {key: value for key, value in manifest.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array, dtype=np.float64), allow_pickle=False)
    return buffer.getvalue()


def _array(raw: bytes) -> np.ndarray:
    array = np.lib.format.read_array(io.BytesIO(raw), allow_pickle=False)
    if array.dtype != np.float64 or not np.all(np.isfinite(array)):
        raise ValueError("arrays must hold finite float64 values")
    return array


def _terms(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    return text.split("\n") if text else []
