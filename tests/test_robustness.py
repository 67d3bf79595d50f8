"""Fuzzing the public functions and the CLI: any input gives a correct answer or a documented error naming the bad item."""

import csv
import io
import json
import math
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stance
from stance.cli import main
from stance.io import InputFileError, read_article, read_statements
from stance.report import render
from stance.sentiment import analyze_sentiment

ANY_CHARACTER = st.characters(exclude_categories=())
"""Every code point, lone surrogates, controls, right-to-left marks and combining marks included."""
STANCES = "pro-ceasefire|rejecting|mixed|neutral|insufficient"
SCORE = r"([+-]\d\.\d\d) \[([+-]\d\.\d\d), ([+-]\d\.\d\d)\]"
TABLE_ROW = re.compile(rf"(.*?) +(\d+) +(\d+) +(\d+) +(\d+) +({STANCES}) +{SCORE}")
"""A group's line in the terminal table: name, n, the three label counts, stance, score [low, high]."""
MARKDOWN_ROW = re.compile(rf"\| (.*) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| ({STANCES}) \| {SCORE} \|")
TRICKY = st.sampled_from(["\u200f", "\u202e", "\u0301", "\u0000", "\ufeff", "\U0001f54a", "\r", "\n", "\t", "\u00a0", "\ud800", '"', "“", "»", "'"])
TEXT = st.text(st.one_of(ANY_CHARACTER, TRICKY), max_size=200)
SOME_TEXT = TEXT.filter(lambda t: t.strip())
FUZZ = settings(
    max_examples=int(os.environ.get("STANCE_FUZZ_EXAMPLES", "60")),
    derandomize="STANCE_FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Fixed examples by default, so CI is repeatable; STANCE_FUZZ_EXAMPLES=1000 explores new random ones."""


def first_bad(items) -> tuple[int, type] | None:
    for i, item in enumerate(items):
        if not isinstance(item, str):
            return i, TypeError
        if not item.strip():
            return i, ValueError
    return None


@FUZZ
@given(st.lists(st.one_of(TEXT, st.none(), st.integers(), st.floats(), st.binary(max_size=5)), max_size=8))
def test_predict_answers_or_names_the_first_bad_item(items):
    bad = first_bad(items)
    if bad is None:
        probabilities = stance.predict_proba(items)
        assert probabilities.shape == (len(items), len(stance.LABELS)) and np.isfinite(probabilities).all()
        assert np.allclose(probabilities.sum(axis=1), 1.0)
        assert stance.predict(items) == [stance.LABELS[k] for k in probabilities.argmax(axis=1)]
    else:
        index, error = bad
        with pytest.raises(error, match=rf"texts\[{index}\]"):
            stance.predict(items)


@FUZZ
@given(st.lists(st.fixed_dictionaries({"text": SOME_TEXT}, optional={"speaker": TEXT, "country": TEXT}), min_size=1, max_size=8))
def test_label_and_aggregate_any_records_and_render_every_format(records):
    labelled = stance.label_statements(records)
    assert [s.text for s in labelled] == [r["text"] for r in records]
    for by in ("country", "speaker"):
        rows = stance.aggregate(labelled, by)
        assert sum(row.n for row in rows) == len(records)
        assert {row.name: row.n for row in rows} == Counter(getattr(s, by) for s in labelled)
        check_every_format(rows, by)


def cells_of(rows) -> list[tuple[str, ...]]:
    """What a table shows of each group after its name: n, the three label counts, stance, score, interval."""
    return [(str(r.n), *(str(r.counts[k]) for k in stance.LABELS), r.stance, f"{r.score:+.2f}", *(f"{x:+.2f}" for x in r.interval)) for r in rows]


def check_every_format(rows, by):
    """Each format shows every group once, in order, with its name, n, label counts, stance and score."""
    expected = [(row.name, row.n, row.counts) for row in rows]
    data = json.loads(render(rows, "json", by=by))
    assert data == [row.to_dict() for row in rows]
    assert [(d[by], d["n"], d["counts"]) for d in data] == expected
    table = list(csv.reader(io.StringIO(render(rows, "csv", by=by), newline="")))
    assert table[0][:5] == [by, "n", *stance.LABELS] and "stance" in table[0] and "score" in table[0]
    assert [line[:5] for line in table[1:]] == [[name or "", str(n), *(str(counts[k]) for k in stance.LABELS)] for name, n, counts in expected]
    assert [line[table[0].index("stance")] for line in table[1:]] == [row.stance for row in rows]
    markdown = render(rows, "markdown", by=by)
    assert markdown.endswith("\n") and "\r" not in markdown
    markdown = markdown[:-1].split("\n")
    assert markdown[0] == f"| {by} | n | pro | rej | neu | stance | score [90% CI] |"
    assert len(markdown) == 2 + len(rows), "a Markdown table has one line per group"
    shown = [MARKDOWN_ROW.fullmatch(line) for line in markdown[2:]]
    assert [cells and cells.groups()[1:] for cells in shown] == cells_of(rows)
    for row, cells in zip(rows, shown):
        name = row.name if row.name is not None else "(unknown)"
        if len(f"{name}.".splitlines()) == 1:  # how a line break inside a name is shown is up to the report
            assert cells[1] == name.replace("|", "\\|")
    lines = render(rows, "table", by=by).split("\n")
    assert lines[0].split() == [by, "n", "pro", "rej", "neu", "stance", "score", "[90%", "CI]"]
    shown = [match.groups() for line in lines[1:] if (match := TABLE_ROW.fullmatch(line))]
    assert [cells[1:] for cells in shown] == cells_of(rows)
    for row, cells in zip(rows, shown):
        name = row.name if row.name is not None else "(unknown)"
        if name.isprintable() and len(name) < 60:  # others are cut to the terminal width or have characters the terminal drops
            assert cells[0].rstrip() == name.rstrip()


def test_group_names_that_look_like_markup_or_break_lines_are_shown_in_every_format():
    names = ["Envoy | A", "[bold]Envoy[/bold]", "[/]", "Ambassador [name withheld]", "two\nlines", "carriage\rreturn", "ישראל", "Côte d’Ivoire", None]
    records = [{"text": f"We call for talks, {i}.", "speaker": name} for i, name in enumerate(names) for _ in range(1 + names.index(name) % 3)]
    rows = stance.aggregate(stance.label_statements(records), "speaker")
    assert sorted(row.name or "" for row in rows) == sorted(name or "" for name in names)
    check_every_format(rows, "speaker")


@FUZZ
@given(
    st.lists(
        st.one_of(SOME_TEXT.filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t)), st.just(math.nan), st.none()), min_size=1, max_size=6
    )
)
def test_a_dataframe_with_missing_texts_names_the_row(texts):
    """(pandas with pyarrow strings cannot hold lone surrogates, so the frame's texts have none.)"""
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"text": texts})
    missing = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if missing:
        with pytest.raises((TypeError, ValueError), match=rf"statements\[{missing[0]}\]"):
            stance.label_statements(frame)
    else:
        assert list(stance.label_statements(frame)["label"]) == stance.predict(texts)


@FUZZ
@given(TEXT)
def test_extraction_of_any_text_gives_statements_inside_it(text):
    for s in stance.extract_statements(text):
        assert 0 <= s.start < s.end <= len(text) and s.text.strip() and s.kind in ("direct", "reported")


@FUZZ
@given(st.lists(TEXT, max_size=5))
def test_sentiment_of_any_text_is_bounded_or_names_the_bad_item(texts):
    bad = first_bad(texts)
    if bad:
        with pytest.raises(bad[1], match=rf"texts\[{bad[0]}\]"):
            analyze_sentiment(texts)
        return
    for tone in analyze_sentiment(texts):
        assert -1.0 <= tone.compound <= 1.0 and all(0.0 <= share <= 1.0 for share in (tone.pos, tone.neu, tone.neg))


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".csv", ".tsv", ".jsonl", ".txt"]))
def test_any_bytes_in_a_file_give_records_or_an_error_naming_the_file(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            if suffix == ".txt":
                assert isinstance(read_article(path).text, str)
            else:
                skipped = []
                for record in read_statements(path, on_bad_line=skipped.append):
                    assert isinstance(record.text, str) and record.text.strip()
                assert all(isinstance(e, InputFileError) and e.line for e in skipped)
        except InputFileError as exc:
            assert "input" in str(exc)


@FUZZ
@given(texts=st.lists(TEXT, min_size=1, max_size=4))
def test_cli_predict_exits_0_or_1_with_one_line_and_no_traceback(texts, capsys):
    texts = [t for t in texts if not t.startswith("-")]
    code = main(["predict", *texts]) if texts else 0
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    if code == 0 and texts:
        given = [t for t in texts if t.strip()]
        assert [json.loads(line)["label"] for line in out.splitlines()] == stance.predict(given)
    if code == 1:
        assert len(err.strip().splitlines()) == 1


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".jsonl", ".txt"]), skip=st.booleans())
def test_cli_summarize_any_file_exits_0_or_1_with_one_line(data, suffix, skip, capsys):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        code = main(["summarize", str(path), "--format", "json", *(["--skip-bad-lines"] if skip else [])])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    lines = err.strip().splitlines()
    assert all(line.startswith("stance summarize: ") for line in lines)
    assert len([line for line in lines if not line.startswith("stance summarize: skipped")]) == (code == 1)
    if code == 0:
        assert isinstance(json.loads(out), list)
    else:
        assert out == ""


def test_ten_megabyte_strings_are_handled():
    big = "peace talks now " * 650_000
    assert stance.predict([big]) == [stance.LABELS[stance.predict_proba([big])[0].argmax()]]
    assert stance.extract_statements(big) == []
    assert stance.extract_statements("x" * 10_000_000) == []
    assert -1 <= analyze_sentiment([big])[0].compound <= 1


def test_punkt_never_sees_more_than_a_chunk_of_dense_text():
    text = "We call for talks. " * 3000
    statements = stance.extract_statements(f'The envoy said: "{text.strip()}"')
    assert statements and statements[0].text.count("We call for talks.") == 3000


def test_a_huge_csv_field_is_a_clear_error_and_can_be_skipped(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("text\n" + "a" * 200_000 + "\nWe call for talks.\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"big\.csv, line 2: malformed CSV: field larger than field limit"):
        list(read_statements(path))
    skipped = []
    assert [r.text for r in read_statements(path, on_bad_line=skipped.append)] == ["We call for talks."]
    assert len(skipped) == 1


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["model", "labels", "actors"]))
def test_any_bytes_as_a_model_labelled_file_or_actor_table_give_the_documented_error(data, kind):
    expected = {"model": stance.ModelFileError, "labels": stance.LabelFileError, "actors": stance.ActorFileError}[kind]
    load = {"model": stance.load_model, "labels": stance.read_labelled, "actors": stance.load_actors}[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("m.zip" if kind == "model" else "t.csv")
        path.write_bytes(data)
        try:
            load(path)
        except expected as exc:
            assert str(path) in str(exc) or path.name in str(exc)


@FUZZ
@given(data=st.binary(max_size=300), skip=st.booleans())
def test_cli_evaluate_any_file_exits_0_or_1_without_a_traceback(data, skip, capsys):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gold.csv"
        path.write_bytes(b"text,label\n" + data)
        code = main(["evaluate", str(path), "--format", "json", *(["--skip-bad-lines"] if skip else [])])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    if code == 0:
        assert set(json.loads(out)) >= {"accuracy", "macro_f1", "per_class", "confusion"}
