import math

import numpy as np
import pytest

import stance
from stance import ScoredStatement, Statement, label_statements


def test_strings_statements_and_records_are_labelled_with_their_fields(tiny_model):
    article = "“We call on all parties to agree to an immediate ceasefire,” Guterres said."
    extracted = stance.extract_statements(article, doc="a1")
    items = [
        "Twelve civilians were killed in overnight shelling.",
        extracted[0],
        {"text": "We reject it.", "country": "Russia", "date": "2025-03-02"},
    ]
    scored = label_statements(items, model=tiny_model)
    assert [s.text for s in scored] == [items[0], extracted[0].text, "We reject it."]
    assert [s.label for s in scored] == tiny_model.predict([s.text for s in scored]).tolist()
    expected = tiny_model.predict_proba([s.text for s in scored])
    assert np.allclose([[s.probabilities[label] for label in tiny_model.classes_] for s in scored], expected)
    assert (scored[1].speaker, scored[1].country, scored[1].doc, scored[1].kind) == ("António Guterres", "UN", "a1", "direct")
    assert (scored[1].start, scored[1].end) == (extracted[0].start, extracted[0].end)
    assert (scored[2].country, scored[2].date) == ("Russia", "2025-03-02")
    assert scored[0].speaker is None and scored[0].country is None


def test_probability_source_and_dict():
    s = ScoredStatement("t", label="rejecting", probabilities={"pro-ceasefire": 0.1, "rejecting": 0.7, "neutral": 0.2}, doc="a.txt", start=3, end=9)
    assert s.confidence == 0.7
    assert s.source == "a.txt, characters 3-9"
    assert ScoredStatement("t", label="neutral", probabilities={"neutral": 1.0}, file="s.csv", doc="d7", line=12).source == "s.csv, line 12"
    record = s.to_dict()
    assert record["confidence"] == 0.7 and record["source"] == "a.txt, characters 3-9" and record["label"] == "rejecting"


def test_bundled_model_is_the_default():
    [s] = label_statements(["We call on all parties to agree to an immediate ceasefire."])
    assert s.label == stance.predict([s.text])[0]
    assert math.isclose(sum(s.probabilities.values()), 1.0, abs_tol=1e-6)


@pytest.mark.parametrize(
    ("items", "error", "words"),
    [
        ("one text", TypeError, "wrap one statement in a list"),
        ({"text": "x"}, TypeError, "wrap one statement in a list"),
        (["fine", None], TypeError, r"statements\[1\] is None"),
        (["fine", 3], TypeError, r"statements\[1\] is int"),
        (["fine", "  "], ValueError, r"statements\[1\]: 'text' is empty"),
        ([{"speaker": "x"}], ValueError, r"statements\[0\] has no 'text'"),
        ([{"text": 5}], TypeError, r"'text' is int"),
        ([{"text": "x", "country": 4}], TypeError, r"'country' is int"),
        ([{"text": "x", "date": "yesterday"}], ValueError, r"'date' is not a date"),
    ],
)
def test_bad_items_are_named_by_index(tiny_model, items, error, words):
    with pytest.raises(error, match=words):
        label_statements(items, model=tiny_model)


def test_missing_values_from_a_table_are_none(tiny_model):
    [s] = label_statements([{"text": "We reject it.", "country": float("nan"), "date": None}], model=tiny_model)
    assert s.country is None and s.date is None


def test_dataframe_in_dataframe_out(tiny_model):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"text": ["We reject it.", "Talks must resume."], "country": ["Russia", None], "date": pd.to_datetime(["2025-01-02", "2025-02-03"])}
    )
    out = label_statements(frame, model=tiny_model)
    assert list(out["text"]) == list(frame["text"]) and "label" not in frame.columns
    assert list(out["label"]) == tiny_model.predict(list(frame["text"])).tolist()
    assert np.allclose(out[[f"p_{label}" for label in tiny_model.classes_]].to_numpy(), tiny_model.predict_proba(list(frame["text"])))
    with pytest.raises(ValueError, match="no 'text' column"):
        label_statements(pd.DataFrame({"body": ["x"]}), model=tiny_model)


def test_worker_processes_give_the_same_statements_in_the_same_order(tiny_model):
    import stance
    from stance.scoring import iter_scored

    pairs = [("We call for a ceasefire.", "France"), ("We reject the truce.", "Russia"), ("Ten died.", None)] * 7
    records = [Statement(t, country=c) for t, c in pairs]
    for model in (stance.load_model(), tiny_model):
        one = list(iter_scored(records, model, chunk=4))
        two = list(iter_scored(records, model, chunk=4, jobs=2))
        assert one == two and [s.country for s in two] == [r.country for r in records]
