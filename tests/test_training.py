import json

import pytest

import stance
from training import train as training

from .conftest import TRAIN

SMALL_GRID = {"word_ngram_range": [(1, 1), (1, 2)], "char_ngram_range": [None, (2, 4)], "C": [1.0, 10.0]}
FAST = {"grid": SMALL_GRID, "folds": 2}


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


def test_training_on_any_labelled_file_with_targets(tmp_path, small_grid, capsys):
    rows = [
        ("Climate", "We must act on emissions now.", "FAVOR"),
        ("Climate", "Carbon taxes are a hoax.", "AGAINST"),
        ("Climate", "The summit starts Monday.", "NONE"),
        ("Atheism", "Faith gives my life meaning.", "AGAINST"),
        ("Atheism", "Religion has no evidence behind it.", "FAVOR"),
        ("Atheism", "The debate was broadcast at nine.", "NONE"),
    ] * 4
    data = tmp_path / "tweets.csv"
    data.write_text("Tweet,Stance,target\n" + "".join(f'"{t} #{i}",{s},{g}\n' for i, (g, t, s) in enumerate(rows)), encoding="utf-8")
    out = tmp_path / "sem.zip"
    args = ["--data", str(data), "--out", str(out), "--text-column", "Tweet", "--label-column", "Stance", "--jobs", "1", *small_grid]
    assert training.main(args) == 0
    model = stance.load_model(out)
    assert list(model.classes_) == ["AGAINST", "FAVOR", "NONE"] and model.manifest_["target_mode"] == "prefix"
    assert (tmp_path / "sem-report" / "metrics.json").exists()
    from stance.evaluate import evaluate

    result = evaluate(data, model, text_column="Tweet", label_column="Stance")
    assert 0 <= result["f_avg"] <= 1 and result["n"] == len(rows)
    assert training.main([*args, "--target-mode", "ignore"]) == 0
    assert stance.load_model(out).manifest_["target_mode"] is None


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
