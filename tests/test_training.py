import json

import numpy as np
import pytest

import stance
from stance import training as training_lib
from stance.errors import InputFileError, ModelFileError, StanceError
from stance.model import StanceModel
from stance.targeted import TargetedModel
from stance.targets import with_target
from stance.training import train as train_model
from training import train as training

from .conftest import TRAIN

SMALL_GRID = {"word_ngram_range": [(1, 1), (1, 2)], "char_ngram_range": [None, (2, 4)], "C": [1.0, 10.0]}
FAST = {"grid": SMALL_GRID, "folds": 2}
QUIET = {"jobs": 1, "log": lambda *_: None, "warn": lambda *_: None, **FAST}


@pytest.fixture
def small_grid(tmp_path):
    """The small grid as a file, for the command line."""
    path = tmp_path / "grid.json"
    path.write_text(json.dumps(SMALL_GRID), encoding="utf-8")
    return ["--grid", str(path), "--folds", "2"]


def write_corpus(path, extra=()):
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label", "speaker", "country", "source"])
        for i, (text, label) in enumerate([*TRAIN, *extra]):
            writer.writerow([f"t{i}", text, label, "", "", "authored"])
    return path


def test_training_is_reproducible_and_reports(tmp_path, small_grid):
    data = write_corpus(tmp_path / "labels.csv")
    report = training.train(data, tmp_path / "a.zip", tmp_path / "reports", seed=3, jobs=1, log=lambda *_: None, **FAST)
    training.train(data, tmp_path / "b.zip", tmp_path / "reports", seed=3, jobs=1, log=lambda *_: None, **FAST)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    saved = json.loads((tmp_path / "reports" / "metrics.json").read_text())
    assert saved["cv_metrics"]["macro_f1"] == report["cv_metrics"]["macro_f1"]
    assert sum(map(sum, saved["cv_metrics"]["confusion"]["matrix"])) == len(TRAIN)
    assert "| pro-ceasefire |" in (tmp_path / "reports" / "metrics.md").read_text()
    model = stance.load_model(tmp_path / "a.zip")
    assert model.manifest_["training_data"]["rows"] == len(TRAIN)
    assert model.manifest_["training_data"]["sha256"] == training.sha256_of(data)


def test_training_refuses_a_bad_corpus(tmp_path, small_grid, capsys):
    data = write_corpus(tmp_path / "labels.csv", extra=[("Fine text.", "maybe")])
    assert training.main(["--data", str(data), "--out", str(tmp_path / "m.zip"), "--report-dir", str(tmp_path), *small_grid]) == 1
    assert "unknown label 'maybe'" in capsys.readouterr().err
    assert not (tmp_path / "m.zip").exists()


def test_agreement_reports_kappa_and_disagreements(tmp_path, capsys):
    from training import agreement

    data = write_corpus(tmp_path / "labels.csv")
    blind = tmp_path / "blind.csv"
    flipped = {"pro-ceasefire": "neutral", "neutral": "rejecting", "rejecting": "pro-ceasefire"}
    lines = ["id,label"] + [f"t{i},{label if i % 2 else flipped[label]}" for i, (_, label) in enumerate(TRAIN)]
    blind.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert agreement.main(["--data", str(data), str(blind)]) == 0
    out = capsys.readouterr().out
    agreed = len(TRAIN) // 2
    assert f"agreement {agreed / len(TRAIN):.3f}" in out
    assert sum(line.startswith("t") and ": corpus " in line for line in out.splitlines()) == len(TRAIN) - agreed
    assert agreement.agreement(["neutral", "rejecting"], ["neutral", "rejecting"])["kappa"] == 1.0


def test_agreement_refuses_unknown_labels_and_ids(tmp_path, capsys):
    from training import agreement

    data = write_corpus(tmp_path / "labels.csv")
    (tmp_path / "bad.csv").write_text("id,label\nt0,maybe\n", encoding="utf-8")
    assert agreement.main(["--data", str(data), str(tmp_path / "bad.csv")]) == 1
    assert "line 2: unknown label 'maybe'" in capsys.readouterr().err
    (tmp_path / "stray.csv").write_text("id,label\nnope,neutral\n", encoding="utf-8")
    assert agreement.main(["--data", str(data), str(tmp_path / "stray.csv")]) == 1
    assert "nope" in capsys.readouterr().err


def test_corpus_stats_counts_labels_and_sources(tmp_path):
    from stance.labels import read_labelled
    from training.corpus_stats import describe, source_type

    assert [source_type(s) for s in ("https://example.org/a", "authored", "seed-001.txt")] == ["paraphrased", "authored", "seed"]
    rows = read_labelled(write_corpus(tmp_path / "labels.csv"))
    text = describe(rows)
    counts = {label: sum(label == r.label for r in rows) for label in stance.LABELS}
    for label, n in counts.items():
        assert f"| {label} | {n} |" in text
    assert f"authored {len(rows)}" in text


def test_leave_one_group_out_scores_every_group(tmp_path, tiny_model):
    from training.by_group import group_of, leave_one_group_out

    assert [group_of(i) for i in ("ua-0001", "hc-12", "plain")] == ["ua", "hc", "plain"]
    texts, labels = [t for t, _ in TRAIN], [label for _, label in TRAIN]
    groups = ["a" if i % 2 else "b" for i in range(len(TRAIN))]
    results = leave_one_group_out(tiny_model, texts, labels, groups)
    assert set(results) == {"a", "b", "all"}
    assert results["a"]["n"] + results["b"]["n"] == results["all"]["n"] == len(TRAIN)
    with pytest.raises(ValueError, match="at least two groups"):
        leave_one_group_out(tiny_model, texts, labels, ["a"] * len(TRAIN))


TARGETED = [
    ("Climate", "We must act on emissions now.", "FAVOR"),
    ("Climate", "Carbon taxes are a hoax.", "AGAINST"),
    ("Climate", "The summit starts Monday.", "NONE"),
    ("Atheism", "Faith gives my life meaning.", "AGAINST"),
    ("Atheism", "Religion has no evidence behind it.", "FAVOR"),
    ("Atheism", "The debate was broadcast at nine.", "NONE"),
] * 4
"""Two targets whose words mean opposite stances: one model per target beats one model with the target prepended."""
COLUMNS = {"text_column": "Tweet", "label_column": "Stance"}


def write_targeted(path, rows=TARGETED):
    path.write_text("Tweet,Stance,target\n" + "".join(f'"{t} #{i}",{s},{g}\n' for i, (g, t, s) in enumerate(rows)), encoding="utf-8")
    return path


def test_training_on_any_labelled_file_with_targets(tmp_path, small_grid, capsys):
    data = write_targeted(tmp_path / "tweets.csv")
    out = tmp_path / "sem.zip"
    args = ["--data", str(data), "--out", str(out), "--text-column", "Tweet", "--label-column", "Stance", "--jobs", "1", *small_grid]
    assert training.main([*args, "--target-mode", "prefix"]) == 0
    model = stance.load_model(out)
    assert list(model.classes_) == ["AGAINST", "FAVOR", "NONE"] and model.manifest_["target_mode"] == "prefix"
    assert (tmp_path / "sem-report" / "metrics.json").exists()
    from stance.evaluate import evaluate

    result = evaluate(data, model, text_column="Tweet", label_column="Stance")
    assert 0 <= result["f_avg"] <= 1 and result["n"] == len(TARGETED)
    assert training.main([*args, "--target-mode", "ignore"]) == 0
    assert stance.load_model(out).manifest_["target_mode"] is None


def test_auto_keeps_one_model_per_target_when_it_cross_validates_better(tmp_path):
    data = write_targeted(tmp_path / "tweets.csv")
    report = train_model(data, tmp_path / "m.zip", None, jobs=1, log=lambda *_: None, **COLUMNS, **FAST)
    compared = report["target_mode_selection"]["out_of_fold"]
    assert report["target_mode"] == "per-target" and compared["per-target"] > compared["prefix"]
    assert report["cv_metrics"]["macro_f1"] == pytest.approx(compared["per-target"])
    assert sum(map(sum, report["cv_metrics"]["confusion"]["matrix"])) == len(TARGETED)
    assert set(report["targets"]) == {"Atheism", "Climate"} and all(t["rows"] == 12 for t in report["targets"].values())
    model = stance.load_model(tmp_path / "m.zip")
    assert isinstance(model, TargetedModel) and model.targets_ == ["Atheism", "Climate"]
    assert model.manifest_["target_mode_selection"] == report["target_mode_selection"]
    texts = [with_target("Faith gives my life meaning.", "Atheism"), with_target("We must act on emissions now.", "Climate")]
    assert model.predict(texts).tolist() == ["AGAINST", "FAVOR"]


def test_auto_without_targets_trains_one_model(tmp_path):
    report = train_model(write_corpus(tmp_path / "c.csv"), tmp_path / "m.zip", None, jobs=1, log=lambda *_: None, **FAST)
    assert report["target_mode"] is None and "target_mode_selection" not in report
    assert type(stance.load_model(tmp_path / "m.zip")) is stance.StanceModel


def test_per_target_needs_a_target_on_every_row_and_two_rows_of_each_label(tmp_path):
    rows = [*TARGETED, ("", "No target on this one.", "NONE")]
    with pytest.raises(InputFileError, match=r"line 26: a row has no target; --target-mode per-target cannot"):
        train_model(write_targeted(tmp_path / "a.csv", rows), tmp_path / "m.zip", target_mode="per-target", **QUIET, **COLUMNS)
    with pytest.raises(InputFileError, match="no targets in this file: --target-mode per-target needs a 'target' column"):
        train_model(write_corpus(tmp_path / "c.csv"), tmp_path / "m.zip", target_mode="per-target", **QUIET)
    rows = [*TARGETED, ("Brexit", "Leave means leave.", "FAVOR"), ("Brexit", "Remain.", "AGAINST"), ("Brexit", "Vote today.", "AGAINST")]
    with pytest.raises(InputFileError, match="target 'Brexit' has only 1 row labelled 'FAVOR'"):
        train_model(write_targeted(tmp_path / "b.csv", rows), tmp_path / "m.zip", target_mode="per-target", **QUIET, **COLUMNS)
    said = []
    report = train_model(write_targeted(tmp_path / "b.csv", rows), tmp_path / "m.zip", **{**QUIET, "warn": said.append}, **COLUMNS)
    assert report["target_mode"] == "prefix" and said[0].startswith("target 'Brexit' has only 1 row labelled 'FAVOR': trained one model")
    assert not (tmp_path / "m-report").exists()


def test_fewer_rows_of_a_label_than_folds_reduces_the_folds_with_a_warning(tmp_path):
    data = tmp_path / "four.csv"
    data.write_text("text,label\nWe call for a ceasefire now.,pro\nWe reject the truce.,con\nTalks must resume.,pro\nNo talks with them ever.,con\n")
    said = []
    report = train_model(data, tmp_path / "m.zip", tmp_path / "r", jobs=1, log=lambda *_: None, warn=said.append, grid=SMALL_GRID)
    assert report["folds"] == 2 and sum(map(sum, report["cv_metrics"]["confusion"]["matrix"])) == 4
    assert said[0] == "label 'con' has only 2 rows, fewer than 5 folds: using 2-fold cross-validation (the metrics are rough)"
    assert report["warnings"] == said and stance.load_model(tmp_path / "m.zip").manifest_["warnings"] == said


def test_a_label_with_one_row_is_refused_in_one_line(tmp_path, capsys):
    data = tmp_path / "four.csv"
    data.write_text("text,label\nWe call for a ceasefire now.,pro\nWe reject the truce.,con\nTalks must resume.,pro\nThe council meets.,none\n")
    assert training.main(["--data", str(data), "--out", str(tmp_path / "m.zip")]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {data}: label 'con' has only 1 row: cross-validation needs at least 2 rows of every label\n"
    assert not (tmp_path / "m.zip").exists()


def test_near_chance_is_a_warning_that_states_its_rule(tmp_path):
    assert training_lib.chance_warning(0.44, 3) is None and training_lib.chance_warning(0.61, 2) is None
    message = training_lib.chance_warning(0.31, 3)
    assert message.startswith("cross-validated macro-F1 0.310 is less than 0.1 above chance (0.333 = 1/3 labels, the expected macro-F1 of guessing")
    data = tmp_path / "noise.csv"
    data.write_text("text,label\nWe call for a ceasefire now.,pro\nWe reject the truce.,con\nTalks must resume.,pro\nNo talks with them ever.,con\n")
    said = []
    report = train_model(data, tmp_path / "m.zip", None, jobs=1, log=lambda *_: None, warn=said.append, grid=SMALL_GRID)
    assert report["cv_metrics"]["macro_f1"] < 0.6
    assert said[-1] == training_lib.chance_warning(report["cv_metrics"]["macro_f1"], 2)


def test_selection_by_f_avg_ignores_the_none_class(tmp_path, small_grid, capsys):
    gold = ["FAVOR", "AGAINST", "NONE", "NONE"]
    guessed = ["FAVOR", "AGAINST", "FAVOR", "AGAINST"]
    assert training.selection_score(gold, guessed, "f_avg") == pytest.approx(2 / 3)
    assert training.selection_score(gold, guessed) == pytest.approx(4 / 9)
    data = write_corpus(tmp_path / "c.csv")
    assert training.main(["--data", str(data), "--out", str(tmp_path / "m.zip"), "--select-by", "f_avg", "--jobs", "1", *small_grid]) == 1
    assert "needs FAVOR and AGAINST" in capsys.readouterr().err


def test_training_gives_the_same_bytes_whatever_the_number_of_jobs(tmp_path, small_grid):
    data = write_corpus(tmp_path / "labels.csv")
    for jobs in (1, 2):
        training.train(data, tmp_path / f"jobs{jobs}.zip", tmp_path / f"reports{jobs}", seed=0, jobs=jobs, log=lambda *_: None, **FAST)
    assert (tmp_path / "jobs1.zip").read_bytes() == (tmp_path / "jobs2.zip").read_bytes()
    assert (tmp_path / "reports1" / "metrics.json").read_bytes() == (tmp_path / "reports2" / "metrics.json").read_bytes()


def test_a_model_per_target_saves_loads_and_routes_each_text_to_its_target(tmp_path):
    texts = [with_target(t, g) for g, t, _ in TARGETED] + [with_target("Taxes fund the schools.", "Budget"), with_target("Cut them all.", "Budget")]
    labels = [s for _, _, s in TARGETED] + ["FAVOR", "AGAINST"]
    model = TargetedModel(StanceModel(C=10.0, char_ngram_range=None)).fit(texts, labels)
    assert model.targets_ == ["Atheism", "Budget", "Climate"] and list(model.classes_) == ["AGAINST", "FAVOR", "NONE"]
    probabilities = model.predict_proba(texts)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities[-2:, 2] == 0).all(), "Budget's model never saw NONE"
    alone = model.models_["Climate"].predict_proba(["Carbon taxes are a hoax."])[0]
    np.testing.assert_allclose(model.predict_proba([with_target("Carbon taxes are a hoax.", "Climate")])[0], alone)
    path = model.save(tmp_path / "targets.zip", manifest={"note": "kept"})
    loaded = stance.load_model(path)
    assert isinstance(loaded, TargetedModel) and loaded.manifest_["note"] == "kept" and loaded.path_ == path.resolve()
    np.testing.assert_allclose(loaded.predict_proba(texts), probabilities, atol=1e-12)
    assert TargetedModel.from_bytes(loaded.to_bytes()).predict(texts).tolist() == model.predict(texts).tolist()
    assert loaded.explain(texts[0]).label == model.predict(texts[:1])[0]
    with pytest.raises(StanceError, match=r"texts\[1\] has no target"):
        loaded.predict([texts[0], "Carbon taxes are a hoax."])
    with pytest.raises(StanceError, match=r"texts\[0\]: target 'Brexit' is not one this model has a model for \(Atheism, Budget, Climate\)"):
        loaded.predict([with_target("Leave.", "Brexit")])
    with pytest.raises(ModelFileError, match=r"one model per target: read it with stance\.load_model"):
        StanceModel.load(path)
    with pytest.raises(ModelFileError, match="not a file of one model per target"):
        TargetedModel.load(stance.load_model().save(tmp_path / "single.zip"))


def test_a_damaged_model_per_target_is_refused(tmp_path):
    import zipfile

    texts, labels = [with_target(t, g) for g, t, _ in TARGETED], [s for _, _, s in TARGETED]
    path = TargetedModel(StanceModel(char_ngram_range=None)).fit(texts, labels).save(tmp_path / "m.zip")
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    assert "targets/1/coef.npy" in entries
    entries["targets/1/word_terms.txt"] = entries["targets/1/word_terms.txt"].replace(b"carbon", b"karbon")
    with zipfile.ZipFile(tmp_path / "edited.zip", "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    with pytest.raises(ModelFileError, match=r"targets/1/word_terms\.txt does not match its checksum"):
        stance.load_model(tmp_path / "edited.zip")


@pytest.mark.parametrize(("jobs", "mode", "searches"), [(1, "ignore", 1), (2, "auto", 3)])
def test_progress_counts_every_setting_searched_and_changes_nothing(tmp_path, jobs, mode, searches):
    data = write_targeted(tmp_path / "tweets.csv")
    calls = []
    options = {**QUIET, "jobs": jobs, "target_mode": mode, "text_column": "Tweet", "label_column": "Stance"}
    train_model(data, tmp_path / "a.zip", tmp_path / "ra", progress=lambda done, total: calls.append((done, total)), **options)
    train_model(data, tmp_path / "b.zip", tmp_path / "rb", **options)
    total = 8 * searches
    assert calls[-1] == (total, total) and all(t == total for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and len(calls) > searches
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
