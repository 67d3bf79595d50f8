"""The bundled model through the public API."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

import stance

CORPUS = Path(__file__).resolve().parent.parent / "data" / "labels" / "statements.csv"


def test_readme_example():
    assert stance.predict(["We call on all parties to agree to an immediate ceasefire."]) == ["pro-ceasefire"]


def test_predict_proba_columns_follow_labels():
    texts = ["We reject this so-called ceasefire proposal outright.", "Forty people were injured in the strike on Kharkiv."]
    probabilities = stance.predict_proba(texts)
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert stance.predict(texts) == [stance.LABELS[i] for i in probabilities.argmax(axis=1)]


def test_predict_accepts_any_iterable_of_strings():
    texts = ("Talks must resume.", "The meeting is adjourned.")
    assert stance.predict(iter(texts)) == stance.predict(list(texts))


def test_bare_string_is_refused():
    with pytest.raises(TypeError, match="wrap one text in a list"):
        stance.predict("We call for a ceasefire.")


def test_bundled_model_manifest():
    model = stance.load_model()
    assert list(model.classes_) == sorted(stance.LABELS)
    manifest = model.manifest_
    for key in ("labels", "features", "classifier", "training_data", "cv_metrics", "library_version", "files"):
        assert key in manifest
    assert 0.0 < manifest["cv_metrics"]["macro_f1"] <= 1.0


def test_bundled_model_was_trained_on_the_current_corpus():
    recorded = stance.load_model().manifest_["training_data"]["sha256"]
    assert hashlib.sha256(CORPUS.read_bytes()).hexdigest() == recorded, "data/labels changed: run `python -m training.train`"


def test_bundled_model_is_not_stale():
    shipped = stance.load_model()
    rows = stance.read_labelled(CORPUS)
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    retrained = clone(shipped).fit(texts, labels)
    assert retrained.temperature == shipped.manifest_["calibration"]["temperature"]
    assert retrained.predict(texts).tolist() == shipped.predict(texts).tolist()
    np.testing.assert_allclose(retrained.predict_proba(texts), shipped.predict_proba(texts), atol=1e-9)


def test_load_model_from_a_path(tmp_path):
    path = stance.load_model().save(tmp_path / "copy.zip")
    assert stance.load_model(path).predict(["Talks must resume."]) == stance.predict(["Talks must resume."])


def test_the_shipped_model_gives_its_recorded_predictions():
    cases = json.loads((Path(__file__).parent / "golden" / "predictions.json").read_text(encoding="utf-8"))["cases"]
    texts = [case["text"] for case in cases]
    assert stance.predict(texts) == [case["label"] for case in cases]
    expected = np.array([[case["probabilities"][label] for label in stance.LABELS] for case in cases])
    np.testing.assert_allclose(stance.predict_proba(texts), expected, rtol=0, atol=1e-12)


def test_a_series_or_a_frame_with_a_text_column_is_read_as_its_statements():
    pandas = pytest.importorskip("pandas")
    texts = ["We reject the truce.", "Talks must resume now.", "Four people died."]
    assert stance.predict(pandas.Series(texts)) == stance.predict(texts)
    frame = pandas.DataFrame({"id": [1, 2, 3], "text": texts, "country": ["A", "B", "C"]})
    np.testing.assert_array_equal(stance.predict_proba(frame), stance.predict_proba(texts))
    with pytest.raises(TypeError, match=r"without a 'text' column \(columns: id, statement\)"):
        stance.predict(pandas.DataFrame({"id": [1], "statement": ["We reject it."]}))


def test_the_package_is_typed_and_says_what_labelling_returns():
    import typing
    from importlib.resources import files

    assert files("stance").joinpath("py.typed").is_file()
    returns = [typing.get_type_hints(f, localns={"DataFrame": object}).get("return") for f in typing.get_overloads(stance.label_statements)]
    assert returns == [object, list[stance.ScoredStatement]]
    returns = [typing.get_type_hints(f, localns={"DataFrame": object}).get("return") for f in typing.get_overloads(stance.aggregate)]
    assert returns == [object, list[stance.GroupSummary]]
