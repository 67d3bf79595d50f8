import csv
import io
import json

import pytest

from stance import ScoredStatement, aggregate
from stance.report import ReportError, plot, render

PRO, REJ, NEU = "pro-ceasefire", "rejecting", "neutral"


def said(label, country, date=None, text=None):
    probabilities = {k: (0.8 if k == label else 0.1) for k in (PRO, REJ, NEU)}
    return ScoredStatement(
        text or f"{label} from {country}",
        label=label,
        probabilities=probabilities,
        speaker="Envoy | A",
        country=country,
        date=date,
        doc="a.txt",
        start=0,
        end=5,
    )


@pytest.fixture
def rows():
    return aggregate([said(REJ, "Russia")] * 4 + [said(PRO, "Russia")] + [said(PRO, "UN")] * 3 + [said(NEU, None)], evidence=True)


def test_table_is_aligned_and_plain_without_colour(rows):
    text = render(rows, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["country", "n", "pro", "rej", "neu", "stance", "score", "[90%", "CI]"]
    assert lines[1].split()[:6] == ["Russia", "5", "1", "4", "0", "rejecting"]
    assert "(unknown)" in lines[3] and "insufficient" in lines[3]
    assert lines[0].index("stance") == lines[1].index("rejecting") == lines[2].index("pro-ceasefire")
    assert "\x1b[" not in text and all(line == line.rstrip() for line in lines)


def test_table_colour_only_when_asked(rows):
    assert "\x1b[" in render(rows, "table", color=True)


def test_json_csv_markdown(rows):
    data = json.loads(render(rows, "json"))
    assert [d["country"] for d in data] == ["Russia", "UN", None]
    assert data[0]["counts"] == {PRO: 1, REJ: 4, NEU: 0} and data[0]["stance"] == REJ and "evidence" not in data[0]
    table = list(csv.DictReader(io.StringIO(render(rows, "csv"))))
    assert table[0]["country"] == "Russia" and table[0]["rejecting"] == "4" and float(table[0]["score_low"]) <= float(table[0]["score"])
    markdown = render(rows, "markdown").splitlines()
    assert markdown[0].startswith("| country | n |") and markdown[2].startswith("| Russia | 5 | 1 | 4 | 0 | rejecting |")


def test_evidence_in_every_format(rows):
    data = json.loads(render(rows, "json", evidence=True))
    assert [e["label"] for e in data[0]["evidence"]] == [PRO, REJ, REJ, REJ, REJ]
    assert data[0]["evidence"][0]["source"] == "a.txt, characters 0-5"
    statements = list(csv.DictReader(io.StringIO(render(rows, "csv", evidence=True))))
    assert len(statements) == 9 and statements[0]["group_stance"] == REJ and statements[0]["text"] == "pro-ceasefire from Russia"
    assert "- **rejecting** 0.80, Envoy | A (a.txt, characters 0-5): rejecting from Russia" in render(rows, "markdown", evidence=True)
    table = render(rows, "table", evidence=True)
    assert "Russia: rejecting (5 statements)" in table and "Envoy | A (a.txt, characters 0-5)" in table


def test_markup_in_text_is_printed_as_is():
    rows = aggregate([said(PRO, "UN", text="[bold]not markup[/bold]")] * 3, evidence=True)
    assert "[bold]not markup[/bold]" in render(rows, "table", evidence=True, color=True)


def test_period_column(rows):
    dated = aggregate([said(REJ, "Russia", "2025-01-03")] * 3 + [said(PRO, "Russia")], period="month")
    lines = render(dated, "table").splitlines()
    assert lines[0].split()[:2] == ["country", "period"] and lines[1].split()[:2] == ["Russia", "2025-01"] and "undated" in lines[2]


def test_plot_bars_and_lines(tmp_path, rows):
    pytest.importorskip("matplotlib")
    png = plot(rows, tmp_path / "chart.png", min_statements=3)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = plot(rows, tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Russia (n=5)" in svg and "UN (n=3)" in svg and "(unknown) (n=1)" in svg
    assert "(unknown)" not in plot(rows, tmp_path / "min.svg", min_statements=3).read_text(encoding="utf-8")
    dated = aggregate([said(REJ, "Russia", "2025-01-03")] * 3 + [said(PRO, "Russia", "2025-02-03")] * 3, period="month")
    lines = plot(dated, tmp_path / "time.svg").read_text(encoding="utf-8")
    assert "2025-01" in lines and "2025-02" in lines and "over time" in lines


def test_plot_refuses_nothing_to_draw_and_wrong_suffix(tmp_path, rows):
    pytest.importorskip("matplotlib")
    with pytest.raises(ReportError, match="nothing to plot"):
        plot(rows, tmp_path / "chart.png", min_statements=50)
    with pytest.raises(ReportError, match=r"\.png or \.svg"):
        plot(rows, tmp_path / "chart.pdf")


def test_the_old_colour_keyword_still_works_with_a_warning(rows):
    with pytest.warns(DeprecationWarning, match="color="):
        assert render(rows, "table", colour=True) == render(rows, "table", color=True)
