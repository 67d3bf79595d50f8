"""`stance train` from a user's own folder, its one-line errors and warnings, and `stance evaluate` on what it wrote."""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import stance
from stance.cli import main
from stance.errors import InputFileError
from stance.evaluate import evaluate
from stance.train_command import add_train_command
from stance.training import sha256_of

from .conftest import TRAIN

GRID = {"word_ngram_range": [[1, 1], [1, 2]], "char_ngram_range": [None], "C": [1.0, 10.0]}
CORPUS = Path(__file__).resolve().parent.parent / "data" / "labels" / "statements.csv"


@pytest.fixture
def grid(tmp_path):
    path = tmp_path / "grid.json"
    path.write_text(json.dumps(GRID), encoding="utf-8")
    return ["--grid", str(path), "--folds", "2"]


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("text,label\n" + "".join(f'"{text}",{label}\n' for text, label in TRAIN), encoding="utf-8")
    return path


def test_stance_train_runs_from_a_folder_outside_the_repository(tmp_path, labelled, grid):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stance").symlink_to(Path(stance.__file__).resolve().parent)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    work = tmp_path / "work"
    work.mkdir()
    outside = subprocess.run([sys.executable, "-m", "training.train", "--help"], cwd=work, env=env, capture_output=True, text=True)
    assert outside.returncode == 1 and "No module named 'training'" in outside.stderr, "the repository leaked into the subprocess"
    command = [sys.executable, "-m", "stance", "train", "--data", str(labelled), "--out", "model.zip", *grid]
    result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.splitlines()[-1] == "stance train: wrote model.zip and model-report/metrics.json"
    model = stance.load_model(work / "model.zip")
    assert model.manifest_["training_data"] == json.loads((work / "model-report" / "metrics.json").read_text())["data"]
    assert model.manifest_["training_data"]["sha256"] == sha256_of(labelled) and model.manifest_["training_data"]["rows"] == len(TRAIN)
    assert model.predict(["We call on all parties to agree to an immediate ceasefire."]).tolist() == ["pro-ceasefire"]


def test_train_needs_an_out_file(labelled, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["train", "--data", str(labelled)])
    assert stop.value.code == 2 and "the following arguments are required: --out" in capsys.readouterr().err


def test_train_refuses_too_few_folds(labelled, tmp_path, capsys):
    assert main(["train", "--data", str(labelled), "--out", str(tmp_path / "m.zip"), "--folds", "1"]) == 1
    assert capsys.readouterr().err == "stance train: cross-validation needs 2 or more folds, got 1\n"


def test_a_four_row_file_gives_one_line_not_a_traceback(tmp_path, capsys):
    data = tmp_path / "four.csv"
    data.write_text("text,label\nWe call for a ceasefire.,pro-ceasefire\nWe reject it.,rejecting\nTalks now.,pro-ceasefire\nThey met.,neutral\n")
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m.zip")]) == 1
    assert capsys.readouterr().err == f"stance train: {data}: label 'neutral' has only 1 row: cross-validation needs at least 2 rows of every label\n"


def test_small_and_near_chance_files_train_with_one_line_warnings(tmp_path, grid, capsys):
    data = tmp_path / "four.csv"
    data.write_text("text,label\nWe call for a ceasefire now.,pro\nWe reject the truce.,con\nTalks must resume.,pro\nNo talks with them ever.,con\n")
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m.zip"), "--grid", grid[1]]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    reduced = "label 'con' has only 2 rows, fewer than 5 folds: using 2-fold cross-validation (the metrics are rough)"
    assert warnings[0] == f"stance train: warning: {reduced}"
    assert warnings[1].startswith("stance train: warning: cross-validated macro-F1 ") and "above chance (0.500 = 1/2 labels" in warnings[1]
    assert len(warnings) == 2 and stance.load_model(tmp_path / "m.zip").predict(["Talks must resume."]).shape == (1,)


def test_a_bad_grid_is_one_line(labelled, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"gamma": [1]}')
    assert main(["train", "--data", str(labelled), "--out", str(tmp_path / "m.zip"), "--grid", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"stance train: {bad}: unknown parameter(s) gamma;")


def test_the_command_keeps_options_its_parents_define():
    parser = argparse.ArgumentParser()
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--jobs", type=int, default=3)
    add_train_command(parser.add_subparsers(dest="command"), [parent])
    args = parser.parse_args(["train", "--data", "d.csv", "--out", "m.zip"])
    assert args.jobs == 3 and args.target_mode == "auto" and args.folds == 5 and args.run.__name__ == "run_train"


def test_evaluate_warns_on_the_models_own_training_data(tmp_path, labelled, grid, capsys):
    assert main(["train", "--data", str(labelled), "--out", str(tmp_path / "m.zip"), *grid]) == 0
    model = stance.load_model(tmp_path / "m.zip")
    result = evaluate(labelled, model)
    own = "is the model's own training data (the SHA-256 in its manifest): the scores overstate its accuracy on new statements"
    assert result["warnings"] == [f"{labelled} {own}"]
    other = tmp_path / "other.csv"
    other.write_bytes(labelled.read_bytes() + b'"One more statement.",neutral\n')
    assert evaluate(other, model)["warnings"] == []


def test_evaluate_warns_when_the_bundled_model_is_scored_on_its_corpus():
    sample = evaluate(CORPUS, text_column="text", label_column="label")
    assert sample["warnings"] and "own training data" in sample["warnings"][0]


def test_evaluate_uses_the_target_column_with_a_model_per_target(tmp_path, grid, capsys):
    rows = [("Climate", "We must act on emissions now.", "FAVOR"), ("Climate", "Carbon taxes are a hoax.", "AGAINST")]
    rows += [("Atheism", "Faith gives my life meaning.", "AGAINST"), ("Atheism", "Religion has no evidence behind it.", "FAVOR")]
    data = tmp_path / "tweets.csv"
    data.write_text("target,text,label\n" + "".join(f'{g},"{t} #{i}",{s}\n' for i, (g, t, s) in enumerate(rows * 3)), encoding="utf-8")
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m.zip"), "--target-mode", "per-target", *grid]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(data), "--model", str(tmp_path / "m.zip"), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 12 and result["f_avg"] == 1.0
    (tmp_path / "unknown.csv").write_text("target,text,label\nAtheism,Faith matters.,AGAINST\nBrexit,Leave now.,FAVOR\n")
    with pytest.raises(InputFileError, match=r"line 3: target 'Brexit' is not one this model has a model for \(Atheism, Climate\)"):
        evaluate(tmp_path / "unknown.csv", stance.load_model(tmp_path / "m.zip"))
    (tmp_path / "none.csv").write_text("text,label\nFaith matters.,AGAINST\n")
    assert main(["evaluate", str(tmp_path / "none.csv"), "--model", str(tmp_path / "m.zip")]) == 1
    assert capsys.readouterr().err.endswith("line 2: no target: this model holds one model per target (Atheism, Climate)\n")


def test_the_search_shows_a_progress_bar_on_a_terminal_only(tmp_path, labelled, grid, monkeypatch, capsys):
    command = ["train", "--data", str(labelled), "--out", str(tmp_path / "m.zip"), *grid]
    assert main(command) == 0
    assert "settings searched" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(command) == 0
    err = capsys.readouterr().err
    assert "4/4" in err and "settings searched" in err


def test_joblib_replacing_a_worker_is_not_printed_by_the_command(tmp_path, labelled, grid):
    import warnings

    assert main(["train", "--data", str(labelled), "--out", str(tmp_path / "m.zip"), *grid]) == 0
    with warnings.catch_warnings(record=True) as seen:
        warnings.warn("A worker stopped while some jobs were given to the executor. This can be caused by a memory leak.", UserWarning, stacklevel=1)
        warnings.warn("another warning", UserWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["another warning"]
