import os
import stat
from dataclasses import replace

import pytest

from stance import Statement
from stance.io import InputFileError, expand_paths, find_dateline, parse_date, read_article, read_statements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyiv, Ukraine – October 26, 2023 – Ukraine is facing pressure.", "2023-10-26"),
        ("GENEVA, 3 March 2025 (Reuters) - Talks resumed.", "2025-03-03"),
        ("Published 2024-11-05T10:00Z\nThe envoy said…", "2024-11-05"),
        ("Sept. 9, 2025 — The council met.", "2025-09-09"),
        ("- ATN\n- Jun 21\n- 3 min read\nNo year is given here.", None),
        ("February 30, 2025 is not a day; May 2, 2025 is.", "2025-05-02"),
    ],
)
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


def test_dateline_only_near_the_top():
    assert find_dateline("x" * 2000 + " March 3, 2025") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-12", "2025-03-12"),
        ("2025-03", "2025-03"),
        ("2025", "2025"),
        ("2025-03-12T08:00:00", "2025-03-12"),
        ("2025-13-01", None),
        ("March", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_csv_records_keep_fields_lines_and_dates(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text('\ufefftext,Country,date,extra\n"We back the truce, fully.",France,2025-03-02,x\n\nTalks resumed.,,,\n', encoding="utf-8")
    records = list(read_statements(path))
    assert records[0] == Statement("We back the truce, fully.", country="France", date="2025-03-02", doc="s.csv", file=str(path), line=2)
    assert records[1].line == 4 and records[1].country is None and records[1].date is None


def test_jsonl_and_tsv_records(tmp_path):
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text('{"text": "We reject it.", "speaker": "Lavrov", "doc": "tass-1"}\n\n{"text": "Talks now."}\n', encoding="utf-8")
    assert [(r.text, r.speaker, r.doc, r.line) for r in read_statements(jsonl)] == [
        ("We reject it.", "Lavrov", "tass-1", 1),
        ("Talks now.", None, "s.jsonl", 3),
    ]
    tsv = tmp_path / "s.tsv"
    tsv.write_text("speaker\ttext\nKallas\tPressure must grow.\n", encoding="utf-8")
    assert [r.speaker for r in read_statements(tsv)] == ["Kallas"]


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        ("a.csv", "speaker,country\nx,y\n", 1, "no 'text' column"),
        ("b.csv", "", None, "empty file"),
        ("c.csv", "text,country\nfine,France\nragged,France,extra\n", 3, "3 fields"),
        ("d.csv", "text,date\nfine,2025-31-01\n", 2, "field 'date'"),
        ("e.csv", "text,country\n  ,France\n", 2, "'text' is empty"),
        ("f.jsonl", '{"text": "fine"}\n{"text": "broken"\n', 2, "not valid JSON"),
        ("g.jsonl", '["a list"]\n', 1, "JSON object"),
        ("h.jsonl", '{"speaker": "x"}\n', 1, "no 'text' field"),
        ("i.jsonl", '{"text": 5}\n', 1, "'text' is int"),
    ],
)
def test_bad_statement_files_name_file_line_and_field(tmp_path, name, content, line, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        list(read_statements(path))
    assert caught.value.line == line and words in str(caught.value) and name in str(caught.value)


def test_records_before_a_bad_line_are_already_delivered(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "one"}\n{"text": "two"}\nnot json\n', encoding="utf-8")
    seen = []
    with pytest.raises(InputFileError, match="line 3"):
        for record in read_statements(path):
            seen.append(record.text)
    assert seen == ["one", "two"]


def test_non_utf8_files_are_refused_with_their_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes(b"first line\nsecond \xff line\n")
    with pytest.raises(InputFileError, match=r"a\.txt, line 2: not UTF-8"):
        read_article(article)
    table = tmp_path / "s.csv"
    table.write_bytes(b"text\nfine\n" + b"\xfe\xff bad\n")
    with pytest.raises(InputFileError, match=r"s\.csv, line 3: not UTF-8"):
        list(read_statements(table))


def test_binary_file_is_not_an_article(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\x00\x00\x00")
    with pytest.raises(InputFileError, match="binary"):
        read_article(path)


def test_expand_paths(tmp_path):
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.csv").write_text("text\nx\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert expand_paths([tmp_path, "-"]) == [tmp_path / "a.csv", tmp_path / "b.txt", "-"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputFileError, match="no article or statement files"):
        expand_paths([empty])
    with pytest.raises(InputFileError, match="no such file"):
        expand_paths([tmp_path / "missing.txt"])


def test_article_keeps_name_text_and_dateline(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("\ufeffMOSCOW, June 3, 2025 - Lavrov said talks were premature.", encoding="utf-8")
    article = read_article(path)
    assert (article.doc, article.date) == ("wire.txt", "2025-06-03")
    assert article.text.startswith("MOSCOW")


def test_a_bom_and_crlf_line_ends_read_like_plain_utf8(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"text,country\nWe call for talks.,France\nNo truce.,Russia\n")
    windows = tmp_path / "windows.csv"
    windows.write_bytes(b"\xef\xbb\xbftext,country\r\nWe call for talks.,France\r\nNo truce.,Russia\r\n")
    strip = [replace(r, file=None, doc=None) for r in read_statements(plain)]
    assert strip == [replace(r, file=None, doc=None) for r in read_statements(windows)]
    assert [r.text for r in read_statements(windows)] == ["We call for talks.", "No truce."]


def test_a_binary_statement_file_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(b"text\n\x00\x01\x02")
    with pytest.raises(InputFileError, match="binary"):
        list(read_statements(path))


def test_bad_lines_can_be_skipped_and_are_all_reported(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"text": "one"}\n{"text": broken\n{"text": "two", "date": "soon"}\n\xff\xfe\n[1]\n{"text": 3}\n{"text": "three"}\n')
    errors = []
    texts = [r.text for r in read_statements(path, on_bad_line=errors.append)]
    assert texts == ["one", "three"]
    assert [e.line for e in errors] == [2, 3, 4, 5, 6]
    assert all(isinstance(e, InputFileError) and "s.jsonl" in str(e) for e in errors)


def test_ragged_and_badly_quoted_csv_rows_can_be_skipped(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text('text,country\nfine,France\nragged,France,extra\n"also fine",Chile\n', encoding="utf-8")
    errors = []
    assert [r.text for r in read_statements(path, on_bad_line=errors.append)] == ["fine", "also fine"]
    assert [(e.line, "3 fields" in str(e)) for e in errors] == [(3, True)]


def test_a_file_without_a_header_still_stops_when_skipping(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("speaker\nx\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no 'text' column"):
        list(read_statements(path, on_bad_line=lambda error: None))


def test_write_atomically_leaves_the_old_file_whole_when_the_write_fails(tmp_path, monkeypatch):
    from stance.io import write_atomically

    target = tmp_path / "report.csv"
    target.write_text("old report\n")

    def crash(_):
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new report, half writ")
    assert target.read_text() == "old report\n" and [p.name for p in tmp_path.iterdir()] == ["report.csv"]
    monkeypatch.undo()
    write_atomically(target, b"new report\n")
    assert target.read_text() == "new report\n" and [p.name for p in tmp_path.iterdir()] == ["report.csv"]


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)], ids=["umask-022", "umask-077", "umask-002"])
def test_a_new_file_gets_the_mode_a_plain_open_gives(tmp_path, umask, mask, mode):
    from stance.io import open_atomically, write_atomically

    umask(mask)
    with open_atomically(tmp_path / "out.jsonl") as out:
        out.write("{}\n")
    write_atomically(tmp_path / "model.zip", b"data")
    with open(tmp_path / "plain.txt", "w") as plain:
        plain.write("x")
    assert [stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("out.jsonl", "model.zip", "plain.txt")] == [mode] * 3


@pytest.mark.parametrize("mask", [0o022, 0o077], ids=["umask-022", "umask-077"])
def test_an_existing_file_keeps_its_mode_when_overwritten(tmp_path, umask, mask):
    from stance.io import write_atomically

    umask(mask)
    for mode in (0o640, 0o604, 0o600):
        target = tmp_path / f"report-{mode:o}.csv"
        target.write_text("old\n")
        target.chmod(mode)
        write_atomically(target, b"new\n")
        assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new\n", mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report-600.csv", "report-604.csv", "report-640.csv"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_written_to_not_replaced(tmp_path):
    from stance.io import write_atomically

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(pipe, b"labelled\n")
        assert os.read(reader, 100) == b"labelled\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_jsonl_field_names_match_without_case_and_a_chosen_text_column_wins(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"TEXT": "ignored", "Body": "We back it.", "Speaker": "Kallas", "COUNTRY": "EU", "id": 3}\n', encoding="utf-8")
    assert [(r.text, r.speaker, r.country) for r in read_statements(path, text_column="body")] == [("We back it.", "Kallas", "EU")]
    assert [r.text for r in read_statements(path)] == ["ignored"]


def test_a_json_escape_of_half_a_surrogate_pair_is_a_bad_line(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "fine \\ud83d\\ude00"}\n{"text": "broken \\ud800 half"}\n{"text": "ok", "speaker": "\\uDC00"}\n', encoding="utf-8")
    errors = []
    assert [r.text for r in read_statements(path, on_bad_line=errors.append)] == ["fine \U0001f600"]
    assert [str(e) for e in errors] == [
        f"{path}, line 2: field 'text' is not valid Unicode: a lone surrogate \\ud800 at character 8",
        f"{path}, line 3: field 'speaker' is not valid Unicode: a lone surrogate \\udc00 at character 1",
    ]
