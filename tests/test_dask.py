import os

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import pandas as pd  # noqa: E402

import stance  # noqa: E402
import stance.dask as sd  # noqa: E402
from stance.summary import read_inputs  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as connected:
            yield connected


@pytest.fixture(scope="module")
def records():
    return [s.to_dict(every_field=True) for s in read_inputs(["examples"])]


def frame_of(records):
    return pd.DataFrame(records)[["text", "speaker", "country", "date"]]


def test_predict_on_the_cluster_equals_predict_in_one_process(client, records):
    frame = frame_of(records)
    labelled = sd.predict(dd.from_pandas(frame, npartitions=4), sentiment=True).compute()
    local = stance.label_statements(records, sentiment=True)
    assert labelled["label"].tolist() == [s.label for s in local]
    assert labelled["p_rejecting"].tolist() == pytest.approx([s.probabilities["rejecting"] for s in local], abs=1e-12)
    assert labelled["sentiment"].tolist() == pytest.approx([s.sentiment.compound for s in local])
    assert list(labelled["text"]) == list(frame["text"])


@pytest.mark.parametrize(("by", "period"), [("country", None), ("speaker", None), ("country", "month")])
def test_aggregate_by_reduction_equals_aggregate(client, records, by, period):
    labelled = sd.predict(dd.from_pandas(frame_of(records), npartitions=5))
    rows = sd.aggregate(labelled, by, period=period)
    expected = stance.aggregate(stance.label_statements(records), by, period=period)
    assert [(r.name, r.period, r.n, r.counts, r.stance, r.score, r.interval) for r in rows] == [
        (r.name, r.period, r.n, r.counts, r.stance, r.score, r.interval) for r in expected
    ]
    for got, want in zip(rows, expected):
        assert got.mean_probabilities == pytest.approx(want.mean_probabilities, abs=1e-12)


def _records_with_pid(path):
    """stance.dask._article_records, each record stamped with the id of the process that extracted it."""
    return [{**record, "pid": os.getpid()} for record in _ARTICLE_RECORDS(path)]


_ARTICLE_RECORDS = sd._article_records


def test_articles_are_extracted_on_the_workers(client, records, monkeypatch):
    monkeypatch.setattr(sd, "_article_records", _records_with_pid)
    bag = sd.read_articles(["examples"])
    found = bag.compute()
    workers = set(client.run(os.getpid).values())
    extracted_in = {r.pop("pid") for r in found}
    assert extracted_in and extracted_in <= workers and os.getpid() not in extracted_in, (extracted_in, workers, os.getpid())
    assert sorted((r["doc"], r["text"]) for r in found) == sorted((r["doc"], r["text"]) for r in records)
    labelled = sd.predict(bag.to_dataframe(meta={**{k: object for k in found[0]}, "pid": int}))
    assert sorted(labelled["label"].compute()) == sorted(s.label for s in stance.label_statements(records))


def test_bad_frames_are_refused_with_a_clear_message():
    frame = dd.from_pandas(pd.DataFrame({"statement": ["We call for talks."]}), npartitions=1)
    with pytest.raises(ValueError, match="no 'text' column"):
        sd.predict(frame)
    with pytest.raises(ValueError, match=r"label it with stance\.dask\.predict"):
        sd.aggregate(frame)


def test_aggregate_by_speaker_folds_spellings_across_partitions_as_aggregate_does(client):
    names = ["Luiz Inácio", "Luiz Inacio", "luiz  inácio", "Zelenskyy", "Volodymyr Zelenskiy", "Lula", "Lavrov", "Sergey Lavrov"]
    frame = pd.DataFrame({"text": [f"{name} called for an immediate ceasefire." for name in names], "speaker": names})
    labelled = sd.predict(dd.from_pandas(frame, npartitions=4))
    rows = {r.name: r.n for r in sd.aggregate(labelled, "speaker")}
    expected = {r.name: r.n for r in stance.aggregate(stance.label_statements(frame.to_dict("records")), "speaker")}
    assert rows == expected == {"Luiz Inácio": 3, "Volodymyr Zelensky": 2, "Luiz Inácio Lula da Silva": 1, "Sergey Lavrov": 2}
