from pathlib import Path

import pytest

import stance
from stance import InputFileError, summarize

EXAMPLES = Path(__file__).parent.parent / "examples"

READER = {"Russia": "rejecting", "Ukraine": "pro-ceasefire", "United States": "pro-ceasefire", "UN": "pro-ceasefire"}
"""What a careful reader of the five example articles says each country with three or more statements stands for."""


def test_example_articles_give_the_readers_stance_per_country():
    rows = {r.name: r for r in summarize([EXAMPLES])}
    assert {name: rows[name].stance for name in READER} == READER
    assert all(r.stance == "insufficient" for r in rows.values() if r.n < 3)


def test_evidence_points_back_into_the_articles():
    rows = summarize([EXAMPLES], evidence=True)
    russia = next(r for r in rows if r.name == "Russia")
    for s in russia.statements:
        article = (EXAMPLES / s.doc).read_text(encoding="utf-8")
        assert article[s.start : s.end].replace("\n", " ")[:40] == s.text.replace("\n", " ")[:40]
        assert s.country == "Russia" and s.speaker


def test_articles_and_statement_files_mix_and_dates_split_periods(tmp_path):
    (tmp_path / "wire.txt").write_text(
        "MOSCOW, June 3, 2025 - Russian Foreign Minister Sergey Lavrov said on Tuesday that a ceasefire was out of the question. "
        "Lavrov also rejected any truce before Kyiv withdraws.\n",
        encoding="utf-8",
    )
    (tmp_path / "s.csv").write_text(
        "text,country,date\n"
        "We reject any pause in the fighting.,Russia,2025-01-10\n"
        "We call on all parties to agree to an immediate ceasefire.,UN,2025-01-11\n",
        encoding="utf-8",
    )
    rows = summarize([tmp_path], period="quarter", min_statements=1)
    periods = {(r.name, r.period): r.n for r in rows}
    assert periods == {("Russia", "2025-Q1"): 1, ("Russia", "2025-Q2"): 2, ("UN", "2025-Q1"): 1}


def test_bad_input_names_the_file(tmp_path):
    (tmp_path / "s.csv").write_text("body\nx\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"s\.csv, line 1: no 'text' column"):
        summarize([tmp_path / "s.csv"])


def test_actors_of_the_user_are_used(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("kind,name,country,aliases\nofficial,Ana Example,Freedonia,Example\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Freedonia's envoy Ana Example said a truce was welcome. Example added that talks must begin.\n", encoding="utf-8")
    rows = summarize([article], actors=stance.load_actors(table), min_statements=1)
    assert [(r.name, r.n) for r in rows] == [("Freedonia", 2)]


def test_articles_extracted_in_worker_processes_give_the_same_statements_in_order():
    from stance.summary import read_inputs

    statements = list(read_inputs([EXAMPLES]))
    assert list(read_inputs([EXAMPLES], jobs=2)) == statements
    assert {s.file for s in statements} == {str(p) for p in EXAMPLES.glob("*.txt")}
    assert all(s.doc and s.kind in ("direct", "reported") for s in statements) and any(s.date for s in statements)


def test_the_old_record_reader_still_works_with_a_warning():
    from stance.summary import read_inputs, read_records

    with pytest.warns(DeprecationWarning, match="read_inputs"):
        old = list(read_records([EXAMPLES]))
    assert old == [s.to_dict() for s in read_inputs([EXAMPLES])]


def test_summarize_with_two_jobs_gives_the_same_rows():
    assert stance.summarize(["examples"], jobs=2) == stance.summarize(["examples"])


def test_a_model_with_other_labels_is_refused_in_one_line(tmp_path):
    model = stance.StanceModel(word_ngram_range=(1, 1), char_ngram_range=None, frame_verbs=()).fit(
        ["yes talks", "no talks", "yes truce", "no truce"], ["FAVOR", "AGAINST", "FAVOR", "AGAINST"]
    )
    path = model.save(tmp_path / "semeval.zip")
    with pytest.raises(stance.ModelFileError, match=r"semeval.zip: predicts AGAINST, FAVOR, not the stance labels"):
        summarize([EXAMPLES], model=stance.load_model(path))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unreadable_article_is_skipped_by_name_and_the_others_are_read(tmp_path, jobs):
    from stance.summary import read_inputs

    for name in ("a.txt", "c.txt"):
        (tmp_path / name).write_text(f"UN Secretary-General Antonio Guterres said a truce in {name} was urgently needed.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe not UTF-8 \x81\n")
    skipped = []
    statements = list(read_inputs([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], on_bad_line=skipped.append, jobs=jobs))
    assert [Path(s.file).name for s in statements] == ["a.txt", "c.txt"]
    assert [(Path(e.path).name, e.problem.startswith("skipped the whole file")) for e in skipped] == [("b.txt", True)]
    with pytest.raises(InputFileError, match=r"b\.txt"):
        list(read_inputs([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"], jobs=jobs))
