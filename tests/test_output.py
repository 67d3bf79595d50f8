import csv
import json
import os
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stance.io import read_statements
from stance.output import BATCH, OutputFormatError, output_format, write_jsonl, write_labelled
from stance.record import ScoredStatement
from stance.sentiment import Sentiment

PROBABILITIES = {"neutral": 0.1000004, "rejecting": 2.5e-07, "pro-ceasefire": 0.89999935}
COLUMNS = ["text", "speaker", "country", "date", "doc", "file", "line", "kind", "start", "end", "target", "label", "confidence"]
PLAIN = COLUMNS + ["p_pro-ceasefire", "p_rejecting", "p_neutral"]


def scored(text: str, **fields) -> ScoredStatement:
    return ScoredStatement(text, label=fields.pop("label", "pro-ceasefire"), probabilities=fields.pop("probabilities", PROBABILITIES), **fields)


STATEMENTS = [
    scored('We back the truce, "fully";\nsay it\tloud.', speaker="Kallas", country="EU", date="2025-03-02", doc="d1", file="in.jsonl", line=7),
    scored("Nein — kein Waffenstillstand.\u2028Zweite Zeile ü", kind="reported", start=10, end=42, doc="article.txt", label="rejecting"),
    scored("  Talks, with a bare\rcarriage return  ", target="ceasefire", label="neutral"),
]


def write(tmp_path, name, statements=STATEMENTS, **options):
    path = tmp_path / name
    assert write_labelled(iter(statements), path, **options) == len(statements)
    return path


@pytest.mark.parametrize("name", ["out.jsonl", "out.ndjson", "OUT.JSONL"])
def test_json_lines_are_the_records_json_dumps_writes(tmp_path, name):
    statements = [*STATEMENTS, scored("Tone and terms.", sentiment=Sentiment(-0.25, 0.0, 0.7, 0.3), terms=(("truce", 1.23456), ("now", -0.5)))]
    path = write(tmp_path, name, statements)
    expected = "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in statements)
    assert path.read_text(encoding="utf-8") == expected
    assert [json.loads(line)["text"] for line in expected.split("\n")[:-1]] == [s.text for s in statements]


def test_json_lines_carry_the_explanation_as_the_cli_always_wrote_it(tmp_path, tiny_model):
    statements = [scored("We call for a ceasefire now."), scored("We reject the truce.", label="rejecting")]
    path = write(tmp_path, "out.jsonl", statements, explain=lambda text: tiny_model.explain(text, top=2))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["explanation"] for r in records] == [tiny_model.explain(s.text, top=2).to_dict() for s in statements]
    assert [list(r)[-1] for r in records] == ["explanation", "explanation"]


@pytest.mark.parametrize(("name", "delimiter"), [("out.csv", ","), ("out.tsv", "\t")])
def test_csv_and_tsv_have_flat_columns_that_parse_back(tmp_path, name, delimiter):
    path = write(tmp_path, name)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    assert list(rows[0]) == PLAIN
    assert [r["text"] for r in rows] == [s.text for s in STATEMENTS]
    first, second = rows[0], rows[1]
    assert (first["speaker"], first["country"], first["date"], first["doc"], first["file"], first["line"]) == (
        "Kallas",
        "EU",
        "2025-03-02",
        "d1",
        "in.jsonl",
        "7",
    )
    assert (second["kind"], second["start"], second["end"], second["label"], second["speaker"]) == ("reported", "10", "42", "rejecting", "")
    assert (first["confidence"], first["p_pro-ceasefire"], first["p_rejecting"], first["p_neutral"]) == ("0.899999", "0.899999", "0.0", "0.1")
    assert rows[2]["target"] == "ceasefire"


@pytest.mark.parametrize("name", ["out.csv", "out.tsv"])
def test_a_written_csv_or_tsv_reads_back_with_the_same_texts_and_places(tmp_path, name):
    path = write(tmp_path, name)
    back = list(read_statements(path))
    assert [s.text for s in back] == [s.text for s in STATEMENTS]
    for written, read in zip(STATEMENTS, back):
        for field in ("speaker", "country", "date", "target"):
            assert getattr(read, field) == getattr(written, field)
        assert read.doc == (written.doc or path.name)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1).filter(str.strip), min_size=1))
def test_any_texts_read_back_from_a_written_csv_and_tsv(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("any")
    for name in ("any.csv", "any.tsv"):
        path = write(folder, name, [scored(text, speaker=text.strip()) for text in texts])
        back = list(read_statements(path))
        assert [s.text for s in back] == texts
        assert [s.speaker for s in back] == [text.strip() for text in texts]


def test_sentiment_terms_and_explanation_get_their_columns(tmp_path, tiny_model):
    statements = [
        scored("We call for a ceasefire now.", sentiment=Sentiment(0.5, 0.4, 0.6, 0.0), terms=(("ceasefire", 1.234), ("now", 0.1))),
        scored("We reject the truce.", label="rejecting", sentiment=Sentiment(-0.4, 0.0, 0.5, 0.5)),
    ]
    path = write(tmp_path, "out.csv", statements, explain=lambda text: tiny_model.explain(text, top=2))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sentiment = ["sentiment_compound", "sentiment_pos", "sentiment_neu", "sentiment_neg"]
    assert list(rows[0]) == [*PLAIN, *sentiment, "terms", "toward", "against"]
    assert [rows[0][c] for c in sentiment] == ["0.5", "0.4", "0.6", "0.0"]
    assert (rows[0]["terms"], rows[1]["terms"]) == ("ceasefire +1.23; now +0.10", "")
    toward = tiny_model.explain(statements[1].text, top=2).toward
    assert rows[1]["toward"] == "; ".join(f"{t} {w:+.2f}" for t, w in toward) and rows[1]["toward"]


def test_other_labels_keep_their_order_in_the_columns(tmp_path):
    statements = [scored("x", label="AGAINST", probabilities={"AGAINST": 0.7, "FAVOR": 0.2, "NONE": 0.1})]
    header = write(tmp_path, "out.csv", statements).read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith("label,confidence,p_AGAINST,p_FAVOR,p_NONE")


def test_parquet_reads_back_with_pandas(tmp_path):
    pytest.importorskip("pyarrow")
    pandas = pytest.importorskip("pandas")
    statements = [*STATEMENTS, scored("Tone.", sentiment=Sentiment(-0.25, 0.0, 0.7, 0.3))]
    frame = pandas.read_parquet(write(tmp_path, "out.parquet", statements))
    assert list(frame.columns) == [*PLAIN, "sentiment_compound", "sentiment_pos", "sentiment_neu", "sentiment_neg"]
    assert frame["text"].tolist() == [s.text for s in statements]
    assert frame["label"].tolist() == [s.label for s in statements]
    assert frame["p_pro-ceasefire"].tolist() == [0.899999] * 4 and frame["sentiment_compound"].iloc[3] == -0.25
    assert frame["line"].iloc[0] == 7 and pandas.isna(frame["line"].iloc[1]) and frame["start"].iloc[1] == 10
    assert frame["speaker"].iloc[0] == "Kallas" and pandas.isna(frame["speaker"].iloc[1])


def test_nothing_to_write_gives_a_header_an_empty_file_or_an_empty_table(tmp_path):
    assert write(tmp_path, "none.csv", []).read_text(encoding="utf-8") == ",".join(COLUMNS) + "\n"
    assert write(tmp_path, "none.jsonl", []).read_bytes() == b""
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    assert list(pandas.read_parquet(write(tmp_path, "none.parquet", [])).columns) == COLUMNS


def never_consumed():
    raise AssertionError("the statements were read before the output's name was checked")
    yield


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("out.xlsx", "cannot write '.xlsx' files; name the output with one of .jsonl, .ndjson, .csv, .tsv, .parquet"),
        ("out.json", "'.json' does not say JSON Lines: name it .jsonl or .ndjson"),
        ("labelled", "cannot write a file without an ending"),
        ("out.csv.gz", "cannot write '.gz' files"),
    ],
)
def test_an_ending_that_cannot_be_written_is_refused_before_any_work(tmp_path, name, words):
    with pytest.raises(OutputFormatError) as caught:
        write_labelled(never_consumed(), tmp_path / name)
    assert words in str(caught.value) and name in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError) and list(tmp_path.iterdir()) == []


def test_parquet_without_pyarrow_names_the_install(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "pyarrow" else real(name, *rest))
    with pytest.raises(OutputFormatError, match=r"pip install pandas pyarrow"):
        write_labelled(never_consumed(), tmp_path / "out.parquet")
    assert list(tmp_path.iterdir()) == []
    assert output_format(tmp_path / "out.TSV") == "tsv"


def many(n: int, taken: list[int]):
    for i in range(n):
        taken[0] = i + 1
        probabilities = {"pro-ceasefire": 0.5 + i / 1e7, "rejecting": 0.25, "neutral": 0.25 - i / 1e7}
        yield scored(f"Statement number {i}: we call on both sides to keep talking. " * 3, speaker="Envoy", line=i + 1, probabilities=probabilities)


@pytest.mark.parametrize("name", ["big.jsonl", "big.csv", "big.parquet"])
def test_fifty_thousand_statements_stream_through_in_batches(tmp_path, monkeypatch, name):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr("stance.output.ROW_GROUP", 1000)
    n = 50_000
    tracemalloc.start()
    try:
        held = list(many(5_000, [0]))
        every_statement = tracemalloc.get_traced_memory()[0] / len(held) * n
        del held
        start = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        taken = [0]
        written = write_labelled(many(n, taken), tmp_path / name)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert written == taken[0] == n
    assert peak < every_statement / 5, f"peak {peak / 1e6:.1f} MB of {every_statement / 1e6:.1f} MB: the statements were held, not streamed"


def test_the_writer_writes_a_batch_before_taking_the_next():
    class Out:
        lines = 0

        def write(self, text: str) -> None:
            self.lines += text.count("\n")

    out = Out()
    seen = []

    def statements():
        for i in range(3 * BATCH):
            if i == 2 * BATCH:
                seen.append(out.lines)
            yield scored(f"s{i}")

    assert write_jsonl(statements(), out) == 3 * BATCH and seen == [2 * BATCH]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)], ids=["umask-022", "umask-077"])
def test_a_new_output_gets_the_mode_open_would_give(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        path = write(tmp_path, "out.csv")
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == mode
