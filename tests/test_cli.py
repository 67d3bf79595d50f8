import io
import json
import subprocess
import sys

import pytest

import stance
from stance.cli import main


def run(args, stdin="", monkeypatch=None, capsys=None):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_predict_prints_one_json_object_per_text(monkeypatch, capsys):
    texts = ["We call on all parties to agree to an immediate ceasefire.", "The strike killed six people."]
    code, out, _ = run(["predict", *texts], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in records] == texts
    assert [r["label"] for r in records] == stance.predict(texts)
    assert set(records[0]["probabilities"]) == set(stance.LABELS)
    assert abs(sum(records[0]["probabilities"].values()) - 1) < 1e-5


def test_predict_reads_stdin_skipping_blank_lines(monkeypatch, capsys):
    code, out, _ = run(["predict"], stdin="Talks must resume.\n\n  \nWe reject the truce.\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["Talks must resume.", "We reject the truce."]


def test_no_input_is_an_input_error(monkeypatch, capsys):
    code, _, err = run(["predict"], stdin="\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "no statements" in err


def test_bad_model_file_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "model.zip"
    bad.write_text("not a model")
    code, _, err = run(["predict", "--model", str(bad), "text"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert str(bad) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_usage_error_exits_2(monkeypatch, capsys):
    with pytest.raises(SystemExit) as caught:
        run(["frobnicate"], monkeypatch=monkeypatch, capsys=capsys)
    assert caught.value.code == 2


def test_python_dash_m_works():
    done = subprocess.run(
        [sys.executable, "-m", "stance", "predict", "Dialogue is the only way forward."], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout)["label"] in stance.LABELS


STATEMENTS = (
    "text,speaker,country,date\n"
    "We reject any ceasefire that freezes the front line.,Lavrov,Russia,2025-01-05\n"
    "A pause now would only let the enemy regroup; we refuse it.,Peskov,Russia,2025-02-05\n"
    "We will not accept a truce on these terms.,Zakharova,Russia,2025-04-05\n"
    "We call on all parties to agree to an immediate ceasefire.,Guterres,UN,2025-01-07\n"
)


@pytest.fixture
def statements_file(tmp_path):
    path = tmp_path / "statements.csv"
    path.write_text(STATEMENTS, encoding="utf-8")
    return path


def test_summarize_json_has_the_documented_keys(statements_file, monkeypatch, capsys):
    code, out, err = run(["summarize", str(statements_file), "--format", "json"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [d["country"] for d in data] == ["Russia", "UN"]
    assert {"country", "n", "counts", "stance", "score"} <= set(data[0])
    assert data[0]["n"] == 3 and set(data[0]["counts"]) == set(stance.LABELS)
    assert data[1]["stance"] == "insufficient"


def test_summarize_by_speaker_evidence_and_min_statements(statements_file, monkeypatch, capsys):
    args = ["summarize", str(statements_file), "--by", "speaker", "--format", "json", "--evidence", "--min-statements", "1"]
    code, out, _ = run(args, monkeypatch=monkeypatch, capsys=capsys)
    data = json.loads(out)
    assert code == 0 and {d["speaker"] for d in data} == {"Sergey Lavrov", "Dmitry Peskov", "Maria Zakharova", "António Guterres"}
    evidence = data[0]["evidence"][0]
    assert evidence["source"].endswith("statements.csv, line " + str(evidence["line"])) and evidence["confidence"] > 0.3
    assert all(d["stance"] != "insufficient" for d in data)


def test_summarize_period_and_output_file(statements_file, tmp_path, monkeypatch, capsys):
    target = tmp_path / "out.md"
    code, out, _ = run(
        ["summarize", str(statements_file), "--period", "quarter", "--format", "markdown", "--output", str(target)],
        monkeypatch=monkeypatch,
        capsys=capsys,
    )
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert "| Russia | 2025-Q1 | 2 |" in text and "| Russia | 2025-Q2 | 1 |" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_summarize_plot(statements_file, tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    chart = tmp_path / "chart.png"
    code, out, _ = run(["summarize", str(statements_file), "--plot", str(chart)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and chart.read_bytes()[:4] == b"\x89PNG" and "Russia" in out


def test_summarize_reads_an_article_from_stdin(monkeypatch, capsys):
    article = "“We call on all parties to agree to an immediate ceasefire,” Guterres said. “Talks must resume now,” he added."
    code, out, _ = run(["summarize", "-", "--format", "csv", "--min-statements", "1"], stdin=article, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and out.splitlines()[1].startswith("UN,2,")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("s.csv", "body\nx\n", "s.csv, line 1: no 'text' column"),
        ("s.jsonl", '{"text": "ok"}\n{"text": \n', "s.jsonl, line 2: not valid JSON"),
        ("a.txt", b"ok\n\xff\xfe\n", "a.txt, line 2: not UTF-8"),
        ("missing.txt", None, "missing.txt: no such file"),
        ("s.csv", b"text\nfine\n\xff bad\n", "s.csv, line 3: not UTF-8"),
        ("s.tsv", b"text\n\x00\x01binary", "s.tsv: looks like a binary file"),
        ("s.csv", "", "s.csv: empty file"),
        ("s.csv", "text,country\nfine,France\nragged,France,x\n", "s.csv, line 3: 3 fields where the header has 2"),
        ("empty-folder", "folder", "empty-folder: no article or statement files"),
    ],
)
def test_summarize_input_errors_are_one_line(tmp_path, monkeypatch, capsys, name, content, words):
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(["summarize", str(path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_summarize_a_failed_chart_keeps_the_report(statements_file, tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    code, out, err = run(
        ["summarize", str(statements_file), "--plot", str(tmp_path / "c.png"), "--min-statements", "9"], monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1 and "Russia" in out and "nothing to plot" in err


@pytest.mark.parametrize(
    "args",
    [
        ["summarize"],
        ["summarize", "x.csv", "--by", "region"],
        ["summarize", "x.csv", "--min-statements", "0"],
        ["summarize", "x.csv", "--plot", "c.pdf"],
    ],
)
def test_summarize_usage_errors_exit_2(args, monkeypatch, capsys):
    with pytest.raises(SystemExit) as caught:
        run(args, monkeypatch=monkeypatch, capsys=capsys)
    assert caught.value.code == 2


def test_python_dash_m_stance_summarize_examples():
    root = __import__("pathlib").Path(__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "stance", "summarize", str(root / "examples"), "--format", "json"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert {d["country"] for d in json.loads(result.stdout) if d["n"] >= 3} >= {"Russia", "Ukraine", "United States", "UN"}


def test_predict_records_carry_confidence_and_optionally_sentiment_and_explanation(monkeypatch, capsys):
    text = "We warmly welcome the talks and call for an immediate ceasefire."
    code, out, _ = run(["predict", "--sentiment", "--explain", "--explain-terms", "2", text], monkeypatch=monkeypatch, capsys=capsys)
    record = json.loads(out)
    assert code == 0 and record["confidence"] == max(record["probabilities"].values())
    assert set(record["sentiment"]) == {"compound", "pos", "neu", "neg"} and record["sentiment"]["compound"] > 0
    explanation = record["explanation"]
    assert explanation["label"] == record["label"] and len(explanation["toward"]) == 2
    _, plain, _ = run(["predict", text], monkeypatch=monkeypatch, capsys=capsys)
    assert "sentiment" not in json.loads(plain) and "explanation" not in json.loads(plain)


def test_summarize_min_confidence_says_what_it_left_out(statements_file, monkeypatch, capsys):
    code, out, err = run(["summarize", str(statements_file), "--format", "json", "--min-confidence", "1"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "left out 4 of 4 statements with confidence below 1.0" in err
    code, out, err = run(["summarize", str(statements_file), "--format", "json", "--min-confidence", "0"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "left out 0 of 4" in err and sum(d["n"] for d in json.loads(out)) == 4


def test_summarize_sentiment_and_evidence_terms(statements_file, monkeypatch, capsys):
    code, out, _ = run(["summarize", str(statements_file), "--format", "json", "--sentiment", "--evidence"], monkeypatch=monkeypatch, capsys=capsys)
    data = json.loads(out)
    assert code == 0 and all(isinstance(d["mean_sentiment"], float) for d in data)
    evidence = data[0]["evidence"][0]
    assert evidence["terms"] and all(c > 0 for _, c in evidence["terms"]) and isinstance(evidence["sentiment"]["compound"], float)
    _, table, _ = run(["summarize", str(statements_file), "--sentiment", "--evidence"], monkeypatch=monkeypatch, capsys=capsys)
    assert table.splitlines()[0].split()[-1] == "tone" and "terms: " in table


def test_skip_bad_lines_goes_on_and_counts_what_it_skipped(tmp_path, monkeypatch, capsys):
    path = tmp_path / "s.jsonl"
    good = [{"text": "We call for an immediate ceasefire.", "country": "France"}] * 3
    path.write_text("\n".join([json.dumps(good[0]), "{broken", *map(json.dumps, good[1:]), "[]"]) + "\n", encoding="utf-8")
    code, out, err = run(["summarize", str(path), "--format", "json"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "line 2" in err
    code, out, err = run(["summarize", str(path), "--format", "json", "--skip-bad-lines"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and json.loads(out)[0]["n"] == 3
    assert "skipped 2 bad lines" in err and "s.jsonl, line 2" in err


def test_evaluate_skips_bad_lines_when_asked(tmp_path, monkeypatch, capsys):
    path = tmp_path / "gold.csv"
    path.write_text("text,label\nWe call for a ceasefire.,pro-ceasefire\nragged,neutral,x\nWe reject the truce.,rejecting\n", encoding="utf-8")
    code, out, err = run(["evaluate", str(path), "--format", "json", "--skip-bad-lines"], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and json.loads(out)["n"] == 2 and "skipped 1 bad line: " in err


def test_a_run_killed_midway_leaves_the_previous_output_whole(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    big = tmp_path / "big.jsonl"
    line = json.dumps({"text": "We call on both sides to agree to a ceasefire.", "country": "France"})
    big.write_text((line + "\n") * 300_000, encoding="utf-8")
    output = tmp_path / "out.csv"
    output.write_text("previous report\n")
    run = subprocess.Popen([sys.executable, "-m", "stance", "summarize", str(big), "--format", "csv", "--output", str(output)])
    time.sleep(3)
    assert run.poll() is None, "the run finished before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert output.read_text() == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl", "out.csv"]


def test_a_model_save_that_fails_keeps_the_previous_model(tiny_model, tmp_path, monkeypatch):
    path = tiny_model.save(tmp_path / "model.zip")
    before = path.read_bytes()

    def crash(_):
        raise OSError("no space left on device")

    monkeypatch.setattr("os.fsync", crash)
    with pytest.raises(OSError):
        tiny_model.save(path, manifest={"note": "changed"})
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["model.zip"]


def test_predict_streams_a_statement_file_to_an_output_file_the_same_with_two_jobs(tmp_path, monkeypatch, capsys):
    source = tmp_path / "in.jsonl"
    rows = [{"text": "We call for a ceasefire.", "speaker": "Envoy", "country": "France"}, {"text": "We reject the truce."}] * 5
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.jsonl"
        code, out, err = run(["predict", "--input", str(source), "--output", str(target), "--jobs", jobs], monkeypatch=monkeypatch, capsys=capsys)
        assert code == 0 and out == "" and "wrote 10 labelled statements" in err
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[0].decode().splitlines()]
    assert [r["label"] for r in records] == stance.predict([r["text"] for r in rows])
    assert records[0]["speaker"] == "Envoy" and records[0]["line"] == 1 and "speaker" not in records[1]


def test_predict_refuses_text_and_input_together_and_an_empty_input(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert run(["predict", "--input", str(empty)], monkeypatch=monkeypatch, capsys=capsys)[0] == 1
    assert run(["predict", "Talks now.", "--input", str(empty)], monkeypatch=monkeypatch, capsys=capsys)[0] == 2


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    statements = tmp_path / "many.txt"
    statements.write_text("We call on both sides to keep talking.\n" * 20_000, encoding="utf-8")
    with statements.open("rb") as given:
        command = subprocess.Popen([sys.executable, "-m", "stance", "predict"], stdin=given, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = command.stdout.readline()
        command.stdout.close()  # as `| head -1` does
        errors = command.stderr.read()
        code = command.wait(timeout=60)
    assert json.loads(first)["label"] == "pro-ceasefire"
    assert (code, errors) == (0, b"")


@pytest.mark.parametrize(
    "args",
    [
        ["predict", "--sentiment", "--explain", "We reject the truce."],
        ["predict", "--explain", "--explain-terms", "2", "--sentiment", "We reject the truce."],
    ],
)
def test_predict_options_may_come_first(args, monkeypatch, capsys):
    code, out, _err = run(args, monkeypatch=monkeypatch, capsys=capsys)
    record = json.loads(out)
    assert code == 0 and record["text"] == "We reject the truce." and record["label"] == "rejecting"
    assert "sentiment" in record and len(record["explanation"]["toward"]) == (2 if "2" in args else 5)


def test_the_old_explain_number_is_refused_not_labelled(monkeypatch, capsys):
    code, out, err = run(["predict", "--explain", "3", "We reject the truce."], monkeypatch=monkeypatch, capsys=capsys)
    assert (code, out) == (2, "") and "--explain-terms N" in err


def test_summarize_and_evaluate_options_may_come_first(statements_file, tmp_path, monkeypatch, capsys):
    actors = tmp_path / "actors.csv"
    actors.write_text("kind,name,country,aliases\ncountry,Freedonia,Freedonia,\n", encoding="utf-8")
    args = ["summarize", "--actors", str(actors), "--by", "speaker", "--format", "json", str(statements_file)]
    code, out, _ = run(args, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and sum(row["n"] for row in json.loads(out)) == 4
    labelled = tmp_path / "gold.csv"
    labelled.write_text("text,label\nWe reject the truce.,rejecting\nTalks must resume now.,pro-ceasefire\n", encoding="utf-8")
    code, out, _ = run(["evaluate", "--format", "json", "--skip-bad-lines", str(labelled)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and json.loads(out)["n"] == 2


def test_progress_is_shown_on_a_terminal_only(tmp_path, monkeypatch, capsys):
    statements = tmp_path / "s.jsonl"
    statements.write_text("".join(json.dumps({"text": f"We call for talks, {i}."}) + "\n" for i in range(50)), encoding="utf-8")
    code, _, err = run(["predict", "--input", str(statements), "--output", str(tmp_path / "out.jsonl")], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and err == f"stance predict: wrote 50 labelled statements to {tmp_path / 'out.jsonl'}\n"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, _, err = run(["predict", "--input", str(statements), "--output", str(tmp_path / "out.jsonl")], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "50/50" in err and "statements" in err


def test_predict_writes_the_format_the_output_file_names(tmp_path, monkeypatch, capsys):
    texts = ["We reject the truce.", "Talks must resume now."]
    for name in ("out.csv", "out.tsv", "out.jsonl"):
        code, _, _ = run(["predict", "--output", str(tmp_path / name), *texts], monkeypatch=monkeypatch, capsys=capsys)
        assert code == 0
    assert [s.text for s in stance.io.read_statements(tmp_path / "out.csv")] == texts
    assert [s.text for s in stance.io.read_statements(tmp_path / "out.tsv")] == texts
    assert [json.loads(line)["label"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == stance.predict(texts)
    code, _out, err = run(["predict", "--output", str(tmp_path / "out.txt"), *texts], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "cannot write '.txt' files" in err and not (tmp_path / "out.txt").exists()


def test_summarize_writes_the_report_format_the_output_file_names(statements_file, tmp_path, monkeypatch, capsys):
    for name, check in (
        ("r.csv", lambda t: t.startswith("country,")),
        ("r.json", lambda t: json.loads(t)),
        ("r.md", lambda t: t.startswith("| country |")),
    ):
        code, _, _ = run(["summarize", str(statements_file), "--output", str(tmp_path / name)], monkeypatch=monkeypatch, capsys=capsys)
        assert code == 0 and check((tmp_path / name).read_text(encoding="utf-8"))


def test_predict_and_summarize_read_columns_named_otherwise(tmp_path, monkeypatch, capsys):
    data = tmp_path / "named.csv"
    data.write_text("Statement,Who,Land,When\nWe reject the truce.,Lavrov,Russia,2025-03-02\nTalks must resume now.,Rubio,United States,2025-04\n")
    names = ["--text-column", "Statement", "--speaker-column", "Who", "--country-column", "Land", "--date-column", "When"]
    code, out, _ = run(["predict", *names, "--input", str(data)], monkeypatch=monkeypatch, capsys=capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(r["speaker"], r["country"], r["date"]) for r in records] == [
        ("Lavrov", "Russia", "2025-03-02"),
        ("Rubio", "United States", "2025-04"),
    ]
    code, out, _ = run(["summarize", *names, "--format", "json", "--min-statements", "1", str(data)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and {row["country"] for row in json.loads(out)} == {"Russia", "United States"}
    code, _, err = run(["summarize", "--text-column", "Statement", "--country-column", "Nation", str(data)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "no 'Nation' column in the header" in err


def test_summarize_reads_folders_below_says_what_it_did_not_read_and_can_skip_a_bad_file(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.txt"))
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(examples[0].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(examples[1].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sub" / ".hidden" / "c.txt").write_text(examples[2].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "chart.png").write_bytes(b"\x89PNG")
    (tmp_path / "sub" / "bad.txt").write_bytes(b"\xff\xfe not utf-8")
    code, _, err = run(["summarize", "--format", "json", str(tmp_path)], monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "bad.txt" in err and "not UTF-8" in err
    code, out, err = run(["summarize", "--format", "json", "--skip-bad-lines", str(tmp_path)], monkeypatch=monkeypatch, capsys=capsys)
    expected = stance.summarize(examples[:2])
    assert code == 0 and sum(row["n"] for row in json.loads(out)) == sum(row.n for row in expected)
    assert "skipped 1 unreadable file" in err and "bad.txt" in err
    assert f"did not read 1 file, not an article (.txt) or statement file (.csv, .tsv, .jsonl): {tmp_path / 'chart.png'}" in err
