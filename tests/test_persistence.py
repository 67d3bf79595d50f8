import json
import pickle
import zipfile

import numpy as np
import pytest

from stance import ModelFileError, StanceModel
from stance.persistence import manifest_checksum

from .conftest import TRAIN

TEXTS = [t for t, _ in TRAIN]


def test_save_load_round_trip_is_exact_and_deterministic(tiny_model, tmp_path):
    first, second = tiny_model.save(tmp_path / "a.zip"), tiny_model.save(tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()
    loaded = StanceModel.load(first)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), tiny_model.predict_proba(TEXTS))
    assert list(loaded.classes_) == list(tiny_model.classes_)
    assert loaded.get_params() == tiny_model.get_params()


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item.filename))
            if data is not None:
                dst.writestr(item, data)


def test_refuses_damaged_or_foreign_files(tiny_model, tmp_path):
    good = tiny_model.save(tmp_path / "good.zip")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:-200])
    edited = tmp_path / "edited.zip"
    _rewrite(good, edited, lambda name, data: data.replace(b"ceasefire", b"ceasefirE") if name == "word_terms.txt" else data)
    no_manifest = tmp_path / "no_manifest.zip"
    _rewrite(good, no_manifest, lambda name, data: None if name == "manifest.json" else data)
    text = tmp_path / "text.zip"
    text.write_text("hello")
    for path, words in [
        (truncated, "not a stance model|damaged|cannot read"),
        (edited, "checksum"),
        (no_manifest, "manifest"),
        (text, "not a stance model"),
    ]:
        with pytest.raises(ModelFileError, match=words):
            StanceModel.load(path)
    with pytest.raises(ModelFileError, match="no such model file"):
        StanceModel.load(tmp_path / "missing.zip")


def test_loading_never_unpickles(tiny_model, tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('code from the model file ran')",))

    good = tiny_model.save(tmp_path / "good.zip")
    evil = tmp_path / "evil.zip"
    payload = pickle.dumps(Boom())
    _rewrite(good, evil, lambda name, data: payload if name == "coef.npy" else data)
    with pytest.raises(ModelFileError):
        StanceModel.load(evil)


def test_an_edited_manifest_is_refused_even_when_the_arrays_are_intact(tiny_model, tmp_path):
    good = tiny_model.save(tmp_path / "good.zip")
    swapped = tmp_path / "swapped.zip"

    def swap_labels(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["labels"] = manifest["labels"][::-1]
        return json.dumps(manifest).encode()

    _rewrite(good, swapped, swap_labels)
    with pytest.raises(ModelFileError, match="manifest does not match its checksum"):
        StanceModel.load(swapped)


def test_settings_the_library_cannot_use_are_refused_even_with_a_valid_checksum(tiny_model, tmp_path):
    good = tiny_model.save(tmp_path / "good.zip")
    for features, words in [({"word_ngram_range": [3, 1]}, "word_ngram_range"), ({"sublinear_tf": "yes"}, "sublinear_tf")]:
        crafted = tmp_path / "crafted.zip"

        def forge(name, data, features=features):
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["features"].update(features)
            manifest["checksum"] = manifest_checksum(manifest)
            return json.dumps(manifest).encode()

        _rewrite(good, crafted, forge)
        with pytest.raises(ModelFileError, match=words):
            StanceModel.load(crafted)


def test_a_model_travels_as_its_file_bytes(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "m.zip")
    assert tiny_model.to_bytes() == path.read_bytes()
    copy = pickle.loads(pickle.dumps(StanceModel.load(path)))
    assert copy.path_ == path.resolve() and np.array_equal(copy.predict_proba(["Talks now."]), tiny_model.predict_proba(["Talks now."]))
    with pytest.raises(ModelFileError, match="not a stance model"):
        StanceModel.from_bytes(b"not a zip")
