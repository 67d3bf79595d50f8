"""Statements from article text: golden cases (tests/golden/extraction.json), offsets, noise and adversarial input."""

import json
import time
from pathlib import Path

import pytest

import stance
from stance import Statement, extract_statements

GOLDEN = json.loads((Path(__file__).parent / "golden" / "extraction.json").read_text(encoding="utf-8"))


def _view(statements):
    return [{"text": s.text, "speaker": s.speaker, "country": s.country, "kind": s.kind} for s in statements]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(reason=c["xfail"], strict=True)) if c.get("xfail") else c for c in GOLDEN],
    ids=[c["name"] for c in GOLDEN],
)
def test_golden_case(case):
    assert _view(extract_statements(case["text"])) == case["expected"]


def test_offsets_point_at_the_statement_in_the_input():
    text = "Intro line of the story goes here.\n\n“We are ready to talk,” Lavrov said. Peskov said that the talks would resume in Istanbul."
    statements = extract_statements(text, doc="a1")
    assert [text[s.start : s.end] for s in statements] == [s.text for s in statements]
    assert {s.doc for s in statements} == {"a1"}
    assert len(statements) == 2


def test_statement_is_a_frozen_dataclass():
    statement = extract_statements("“We want a ceasefire now,” Guterres said.")[0]
    assert isinstance(statement, Statement)
    with pytest.raises(AttributeError):
        statement.text = "changed"


def test_a_quote_interrupted_by_its_attribution_is_joined():
    text = "“We understand the sensitivities involved,” one source stated, “but our priority is accountability.”"
    [statement] = extract_statements(text)
    assert statement.text == "We understand the sensitivities involved, but our priority is accountability."
    assert text[statement.start : statement.end].startswith("We understand")


def test_user_actors_extend_the_table(tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text("kind,name,country,aliases\nofficial,Jane Roe,Norway,Roe\n", encoding="utf-8")
    text = "“Dialogue is the only way forward,” Roe said."
    assert extract_statements(text)[0].country is None
    assert extract_statements(text, actors=stance.load_actors(actors))[0].country == "Norway"


def test_not_a_string_is_a_type_error():
    with pytest.raises(TypeError, match="str"):
        extract_statements(["a list"])


@pytest.mark.parametrize(
    "text",
    ['"' * 100_000, "“a” " * 50_000, "word " * 200_000, "he said that " * 80_000, '"We want peace," Lavrov said.\n' * 20_000],
    ids=["100k straight marks", "50k curly pairs", "1 MB without punctuation", "1 MB of speech verbs", "20k attributed quotes"],
)
def test_adversarial_input_finishes(text):
    started = time.perf_counter()
    statements = extract_statements(text)
    assert all(text[s.start : s.end] == s.text for s in statements)
    assert time.perf_counter() - started < 60, "extraction must stay linear in the input"


def test_every_quotation_in_a_seed_article_is_inside_a_statement_of_its_speaker():
    articles = Path(__file__).parent.parent / "examples"
    text = (articles / "004_e04e78ce56930d54.txt").read_text(encoding="utf-8")
    statements = extract_statements(text)

    def speaker_of(words: str) -> tuple[str, str, str]:
        at = text.index(words)
        [found] = [s for s in statements if s.start <= at < s.end]
        return found.speaker, found.country, found.kind

    assert speaker_of("all involved continue to stay actively engaged") == ("Stéphane Dujarric", "UN", "reported")
    assert speaker_of("It is obviously important that those parties") == ("Stéphane Dujarric", "UN", "direct")
    assert speaker_of("there’s going to be a lot of help") == ("Donald Trump", "United States", "direct")
    assert speaker_of("makes all the difference") == ("Mark Rutte", "NATO", "reported")


def test_sentence_splitter_matches_nltk_punkt_with_the_same_abbreviations():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from stance.extract import ABBREVIATIONS, sentence_splitter

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    reference = PunktSentenceTokenizer(params)
    texts = [path.read_text(encoding="utf-8") for path in sorted((Path(__file__).parent.parent / "examples").glob("*.txt"))]
    texts.append(
        "Very bad acting!!! I promise. He said “no.” Then: (yes.) U.S. officials met Mr. Smith at 5 p.m. on Jan. 3. "
        "The end... And? ‘Single.’ It rose 3.5. 12. Next -1.5. Gen. Lee left -- quickly. Done"
    )
    for text in texts:
        assert list(sentence_splitter().span_tokenize(text)) == list(reference.span_tokenize(text))


def test_every_word_list_of_the_lexicon_is_explained_and_loaded():
    from stance.extract.lexicon import LISTS

    data = json.loads((Path(stance.__file__).parent / "data" / "extraction_lexicon.json").read_text(encoding="utf-8"))
    assert set(data) - {"_about"} == set(data["_about"]) - {"*"} == set(LISTS)
