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
