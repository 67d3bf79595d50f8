import csv

import pytest

from stance.labels import LabelFileError
from training.news_dev import SET_COLUMNS, evaluate_dev, read_dev_set, text_sha256

STATEMENTS = [
    ("d1", "The minister said that a truce now would only let the enemy regroup, and that they reject it.", "rejecting", "rejecting"),
    ("d2", "“We call on all parties to agree to an immediate ceasefire,” the envoy said.", "pro-ceasefire", "pro-ceasefire"),
    ("d3", "Officials said twelve civilians were killed in overnight shelling.", "neutral", "pro-ceasefire"),
]


def write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def dev_set(tmp_path):
    rows = [(i, f"https://example.org/{i}", "", "", gold, gold, b, "paraphrase", text_sha256(text)) for i, text, gold, b in STATEMENTS]
    return write(tmp_path / "dev.csv", SET_COLUMNS, rows)


def test_scores_the_model_on_texts_that_match_their_checksums(tmp_path, dev_set, tiny_model):
    texts = write(tmp_path / "texts.csv", ["id", "text"], [(i, "  " + text.replace(" ", "\n", 1)) for i, text, *_ in STATEMENTS])
    result = evaluate_dev(tiny_model, texts, dev_set)
    assert result["n"] == 3
    assert result["per_class"]["neutral"]["support"] == 1
    assert result["labellers"]["agreement"] == pytest.approx(2 / 3)
    predicted = tiny_model.predict([text for _, text, *_ in STATEMENTS])
    assert result["accuracy"] == pytest.approx(sum(p == gold for p, (_, _, gold, _) in zip(predicted, STATEMENTS)) / 3)


def test_an_edited_text_is_refused_naming_its_line(tmp_path, dev_set, tiny_model):
    rows = [(i, text) for i, text, *_ in STATEMENTS]
    rows[1] = ("d2", "We call on all parties to agree to a ceasefire.")
    texts = write(tmp_path / "texts.csv", ["id", "text"], rows)
    with pytest.raises(LabelFileError, match=r"line 3: text of 'd2' does not match"):
        evaluate_dev(tiny_model, texts, dev_set)


def test_a_missing_text_and_a_bad_label_are_refused(tmp_path, dev_set, tiny_model):
    texts = write(tmp_path / "texts.csv", ["id", "text"], [("d1", STATEMENTS[0][1])])
    with pytest.raises(LabelFileError, match="2 statement"):
        evaluate_dev(tiny_model, texts, dev_set)
    bad = write(tmp_path / "bad.csv", SET_COLUMNS, [("d1", "u", "", "", "FAVOR", "neutral", "neutral", "p", "x")])
    with pytest.raises(LabelFileError, match="line 2: label 'FAVOR'"):
        read_dev_set(bad)


@pytest.mark.parametrize("name", ["news-dev.csv", "news-articles.csv"])
def test_the_repository_sets_read_cleanly_with_unique_ids_and_texts(name):
    from pathlib import Path

    statements = read_dev_set(Path(__file__).resolve().parent.parent / "data" / "eval" / name)
    assert len(statements) >= 398
    assert len({s.id for s in statements}) == len(statements)
    assert len({s.text_sha256 for s in statements}) == len(statements)
