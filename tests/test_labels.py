import pytest

from stance import LABELS, LabelFileError, read_labelled

HEADER = "id,text,label,speaker,country,source\n"


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "labels.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_labels_are_the_three_in_order():
    assert LABELS == ("pro-ceasefire", "rejecting", "neutral")


def test_reads_a_valid_file_with_line_numbers(tmp_path):
    path = write(
        tmp_path,
        'a,"We back a ceasefire.",pro-ceasefire,X,France,authored\n'
        'b,"Two lines,\nin one field.",neutral,,,authored\n'
        "c,No.,rejecting,Y,Russia,authored\n",
    )
    rows = read_labelled(path)
    assert [r.id for r in rows] == ["a", "b", "c"]
    assert [r.line for r in rows] == [2, 3, 5]
    assert rows[1].text == "Two lines,\nin one field."


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("a,Text one.,pro-ceasefire,,,authored\nb,Text two.,maybe,,,authored\n", 3, "unknown label 'maybe'"),
        ("a,Text one.,pro-ceasefire,,,authored\nb,  ,neutral,,,authored\n", 3, "empty text"),
        ("a,Text one.,pro-ceasefire,,,authored\na,Text two.,neutral,,,authored\n", 3, "id 'a' repeats (first on line 2)"),
        ("a,We back  a Ceasefire.,pro-ceasefire,,,authored\nb,we back a ceasefire.,rejecting,,,authored\n", 3, "another label"),
        ("a,Same text.,neutral,,,authored\nb,same   TEXT.,neutral,,,authored\n", 3, "duplicate of the text on line 2"),
        ("a,Text one.,neutral,,,authored,extra\n", 2, "expected 6 fields, found 7"),
    ],
)
def test_rejects_bad_rows_naming_the_line(tmp_path, body, line, words):
    path = write(tmp_path, body)
    with pytest.raises(LabelFileError) as caught:
        read_labelled(path)
    assert caught.value.line == line
    assert f"line {line}" in str(caught.value)
    assert words in str(caught.value)
    assert str(path) in str(caught.value)


def test_rejects_a_header_without_required_columns(tmp_path):
    path = write(tmp_path, "a,Text,neutral\n", header="id,text,label\n")
    with pytest.raises(LabelFileError, match="header lacks column"):
        read_labelled(path)


def test_rejects_non_utf8(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_bytes(HEADER.encode() + b"a,caf\xe9,neutral,,,authored\n")
    with pytest.raises(LabelFileError, match="not UTF-8"):
        read_labelled(path)


def test_missing_file_is_a_label_file_error(tmp_path):
    with pytest.raises(LabelFileError, match="cannot open"):
        read_labelled(tmp_path / "nope.csv")
