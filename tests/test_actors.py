"""The actor table: bundled countries, seats, organisations and officials, and user CSV files."""

import pytest

from stance import Actor, ActorFileError, ActorTable, load_actors


@pytest.fixture(scope="module")
def table():
    return load_actors()


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Russia", "Russia"),
        ("Russian Federation", "Russia"),
        ("Russian", "Russia"),
        ("the Kremlin", "Russia"),
        ("Moscow", "Russia"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Washington", "United States"),
        ("the White House", "United States"),
        ("U.S.", "United States"),
        ("American", "United States"),
        ("Britain", "United Kingdom"),
        ("Downing Street", "United Kingdom"),
        ("French", "France"),
        ("the Élysée", "France"),
        ("Beijing", "China"),
        ("Turkey", "Türkiye"),
        ("United Nations", "UN"),
        ("OCHA", "UN"),
        ("European Union", "EU"),
        ("NATO", "NATO"),
        ("African Union", "African Union"),
        ("Zelenskyy", "Ukraine"),
        ("Zelenskiy", "Ukraine"),
        ("Lavrov", "Russia"),
        ("Nebenzia", "Russia"),
        ("Guterres", "UN"),
        ("Kallas", "EU"),
        ("Rutte", "NATO"),
        ("Witkoff", "United States"),
        ("Wang Yi", "China"),
        ("Congo", "Democratic Republic of the Congo"),
        ("Congo-Brazzaville", "Republic of the Congo"),
        ("State of Palestine", "Palestine"),
    ],
)
def test_bundled_names_resolve_to_the_state_or_organisation(table, name, country):
    assert table.lookup(name).country == country


def test_no_two_bundled_actors_of_a_kind_share_a_name_with_different_countries(table):
    """Countries among themselves, and hand-made rows among themselves (a hand-made row may take over a country's alias:
    "AU" is the African Union, "Brussels" the EU)."""
    clashes = []
    for actor in table.actors:
        for alias in (actor.name, *actor.aliases):
            found = table.lookup(alias)
            if found is not None and (found.kind == "country") == (actor.kind == "country") and found.country != actor.country:
                clashes.append((alias, actor.country, found.country))
    assert clashes == []


def test_two_letter_words_are_not_country_codes(table):
    assert [m.actor.country for m in table.mentions("IN THE END IT IS AS WE SAID")] == []


def test_mentions_prefer_the_longest_alias(table):
    [mention] = table.mentions("the American Chamber of Commerce said")
    assert mention.actor.name == "American Chamber of Commerce in Ukraine"
    assert mention.actor.country is None


def test_a_surname_finds_an_official_only_when_unambiguous():
    table = ActorTable([Actor("official", "Ann Lee", "Norway", ()), Actor("official", "Bo Lee", "Chile", ())])
    assert table.lookup("Lee") is None
    assert table.lookup("Ann Lee").country == "Norway"


def test_a_capitalised_arabic_article_finds_the_name_written_with_al():
    table = ActorTable([Actor("official", "Abdel Fattah al-Burhan", "Sudan", ("al-Burhan",))])
    assert table.lookup("Al-Burhan").name == "Abdel Fattah al-Burhan"
    assert table.lookup("General Al-Burhan") is None


def test_states_are_countries_and_seats_not_organisations():
    table = ActorTable([Actor("country", "Sudan", "Sudan", ()), Actor("organisation", "RSF", "RSF", ()), Actor("seat", "Khartoum", "Sudan", ())])
    assert table.states() == {"Sudan"}
    table.add([Actor("country", "Chad", "Chad", ())])
    assert table.states() == {"Sudan", "Chad"}


def test_user_file_overrides_bundled_aliases(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("kind,name,country,aliases\nseat,Moscow,Moscow City Hall,\n", encoding="utf-8")
    assert load_actors(path).lookup("Moscow").country == "Moscow City Hall"
    assert load_actors().lookup("Moscow").country == "Russia"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kind,name,aliases\nseat,Moscow,\n", r"line 1: header lacks column\(s\) country"),
        ("kind,name,country,aliases\nseat,Moscow,Russia,\nplanet,Mars,,\n", "line 3: kind 'planet'"),
        ("kind,name,country,aliases\nofficial,,Russia,\n", "line 2: name is empty"),
    ],
)
def test_bad_actor_file_names_the_line(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorFileError, match=message) as caught:
        load_actors(path)
    assert str(path) in str(caught.value)


def test_missing_actor_file_is_a_clear_error(tmp_path):
    with pytest.raises(ActorFileError, match="cannot open"):
        load_actors(tmp_path / "absent.csv")
