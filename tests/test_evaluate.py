import json

import pytest

from stance import InputFileError
from stance.cli import main
from stance.evaluate import evaluate


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(
        "Statement,Stance\n"
        "We call on all parties to agree to an immediate ceasefire.,pro-ceasefire\n"
        "A truce now would only let the enemy regroup; we reject it.,rejecting\n"
        "Twelve civilians were killed in overnight shelling.,neutral\n"
        "The council will meet again on Thursday.,pro-ceasefire\n",
        encoding="utf-8",
    )
    return path


def test_evaluate_scores_the_model_on_named_columns(labelled, tiny_model):
    result = evaluate(labelled, tiny_model, text_column="Statement", label_column="Stance")
    predicted = tiny_model.predict(
        [
            "We call on all parties to agree to an immediate ceasefire.",
            "A truce now would only let the enemy regroup; we reject it.",
            "Twelve civilians were killed in overnight shelling.",
            "The council will meet again on Thursday.",
        ]
    )
    gold = ["pro-ceasefire", "rejecting", "neutral", "pro-ceasefire"]
    assert result["n"] == 4 and result["accuracy"] == pytest.approx(sum(p == g for p, g in zip(predicted, gold)) / 4)
    assert set(result) >= {"accuracy", "macro_f1", "per_class", "confusion"} and "f_avg" not in result


def test_labels_the_model_does_not_know_are_refused_with_their_line(tmp_path, tiny_model):
    path = tmp_path / "semeval.jsonl"
    path.write_text('{"text": "fine", "label": "neutral"}\n{"text": "x", "label": "FAVOR"}\n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"line 2: label 'FAVOR' is not one the model predicts"):
        evaluate(path, tiny_model)


def test_missing_label_column(labelled, tiny_model):
    with pytest.raises(InputFileError, match="no 'label' column"):
        evaluate(labelled, tiny_model, text_column="Statement")


def test_cli_json_and_table(labelled, tiny_model, tmp_path, capsys):
    model = tiny_model.save(tmp_path / "tiny.zip")
    args = ["evaluate", str(labelled), "--model", str(model), "--text-column", "Statement", "--label-column", "Stance"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"accuracy", "macro_f1", "per_class", "confusion"} <= set(data) and 0 <= data["macro_f1"] <= 1
    assert main(args) == 0
    table = capsys.readouterr().out
    assert "macro-F1" in table and "confusion" in table
    assert main(["evaluate", str(labelled), "--model", str(model)]) == 1
    assert "no 'text' column" in capsys.readouterr().err
