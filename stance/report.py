"""Reports of an aggregate: terminal table, CSV, JSON, Markdown, and a chart."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Sequence
from pathlib import Path

from stance.aggregate import UNDATED, GroupSummary
from stance.errors import ReportError
from stance.io import write_atomically
from stance.labels import LABELS

FORMATS = ("table", "csv", "json", "markdown")
SHORT = {"pro-ceasefire": "pro", "rejecting": "rej", "neutral": "neu"}
COLORS = {"pro-ceasefire": "green", "rejecting": "red", "mixed": "yellow", "neutral": "cyan", "insufficient": "dim"}
BAR_COLORS = {"pro-ceasefire": "#2a9d8f", "neutral": "#c9c9c9", "rejecting": "#d1495b"}
UNKNOWN = "(unknown)"


def _name(row: GroupSummary) -> str:
    return _one_line(row.name) if row.name is not None else UNKNOWN


_LINE_BREAKS = {ord(c): c.encode("unicode_escape").decode("ascii") for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def _one_line(text: str) -> str:
    """`text` with its line breaks written as escapes (``\\n``), so a table row stays one line."""
    return text.translate(_LINE_BREAKS)


def _score(row: GroupSummary) -> str:
    return f"{row.score:+.2f} [{row.interval[0]:+.2f}, {row.interval[1]:+.2f}]"


def _has_tone(rows: Sequence[GroupSummary]) -> bool:
    return any(r.mean_sentiment is not None for r in rows)


def _heading(rows: Sequence[GroupSummary], by: str) -> list[str]:
    head = [by]
    if any(r.period is not None for r in rows):
        head.append("period")
    head = [*head, "n", *(SHORT[label] for label in LABELS), "stance", "score [90% CI]"]
    return [*head, "tone"] if _has_tone(rows) else head


def _cells(row: GroupSummary, with_period: bool, with_tone: bool = False) -> list[str]:
    cells = [_name(row)]
    if with_period:
        cells.append(row.period or UNDATED)
    cells = [*cells, str(row.n), *(str(row.counts[label]) for label in LABELS), row.stance, _score(row)]
    if with_tone:
        cells.append("" if row.mean_sentiment is None else f"{row.mean_sentiment:+.2f}")
    return cells


def _tone(s) -> str:
    return "" if s.sentiment is None else f", tone {s.sentiment.compound:+.2f}"


def _terms(s) -> str:
    return "; ".join(f"{t} {c:+.2f}" for t, c in s.terms)


def render(
    rows: Sequence[GroupSummary], fmt: str, *, by: str = "country", evidence: bool = False, color: bool = False, colour: bool | None = None
) -> str:
    """The aggregate as text in one of FORMATS; `color` adds terminal colors to the table (`colour` is its deprecated name)."""
    if colour is not None:
        warnings.warn("render(colour=...) is deprecated; use color=...", DeprecationWarning, stacklevel=2)
        color = colour
    if fmt == "json":
        return json.dumps([r.to_dict(evidence) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(rows, evidence)
    if fmt == "markdown":
        return _markdown(rows, by, evidence)
    if fmt == "table":
        return _table(rows, by, evidence, color)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def render_scores(result: dict) -> str:
    """A model's scores (from `stance.evaluate.evaluate`) as an aligned text table: totals, per-label figures, confusion."""
    lines = [f"{result['n']:,} statements from {result['data']}", f"accuracy  {result['accuracy']:.3f}", f"macro-F1  {result['macro_f1']:.3f}"]
    if "f_avg" in result:
        lines.append(f"F_avg     {result['f_avg']:.3f}  (mean F1 of FAVOR and AGAINST, SemEval-2016 Task 6)")
    width = max(len(label) for label in result["per_class"])
    lines += ["", f"{'label':<{width}}  precision  recall     F1  support"]
    for label, m in result["per_class"].items():
        lines.append(f"{label:<{width}}  {m['precision']:>9.3f}  {m['recall']:>6.3f}  {m['f1']:>5.3f}  {m['support']:>7,}")
    labels = result["confusion"]["labels"]
    lines += ["", "confusion (rows: gold, columns: predicted)", " " * (width + 2) + "  ".join(f"{label:>{max(7, len(label))}}" for label in labels)]
    for label, row in zip(labels, result["confusion"]["matrix"]):
        lines.append(f"{label:<{width}}  " + "  ".join(f"{v:>{max(7, len(c))},}" for v, c in zip(row, labels)))
    return "\n".join(lines) + "\n"


class _CsvWriter:
    """csv.writer with "\n" line ends that also quotes a field holding a bare carriage return (csv leaves it bare)."""

    def __init__(self, out: io.StringIO) -> None:
        self.minimal = csv.writer(out, lineterminator="\n")
        self.quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: list) -> None:
        (self.quoted if any(isinstance(cell, str) and "\r" in cell for cell in row) else self.minimal).writerow(row)


def _csv(rows: Sequence[GroupSummary], evidence: bool) -> str:
    out = io.StringIO()
    writer = _CsvWriter(out)
    if not evidence:
        flat = [r.to_flat() for r in rows]
        columns = list(flat[0]) if flat else ["n"]
        writer.writerow(columns)
        for row in flat:
            writer.writerow([row[c] for c in columns])
        return out.getvalue()
    by = rows[0].by if rows else "country"
    writer.writerow([by, "period", "group_stance", "label", "confidence", "sentiment", "terms", "speaker", "country", "date", "source", "text"])
    for r in rows:
        for s in r.statements:
            tone = None if s.sentiment is None else s.sentiment.compound
            row = [r.name, r.period, r.stance, s.label, round(s.confidence, 4), tone, _terms(s)]
            writer.writerow([*row, s.speaker, s.country, s.date, s.source, s.text])
    return out.getvalue()


def _markdown(rows: Sequence[GroupSummary], by: str, evidence: bool) -> str:
    with_period = any(r.period is not None for r in rows)
    head = _heading(rows, by)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if h in ("n", "pro", "rej", "neu", "tone") else "---" for h in head) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in _cells(r, with_period, _has_tone(rows))) + " |")
    if evidence:
        for r in rows:
            when = f", {r.period}" if with_period else ""
            lines += ["", f"### {_name(r)}{when}: {r.stance} ({r.n} statements)", ""]
            for s in r.statements:
                speaker = _one_line(s.speaker or "unknown speaker")
                terms = f" [{_terms(s)}]" if s.terms else ""
                lines.append(f"- **{s.label}** {s.confidence:.2f}{_tone(s)}{terms}, {speaker} ({_one_line(s.source)}): {_one_line(s.text)}")
    return "\n".join(lines) + "\n"


def _table(rows: Sequence[GroupSummary], by: str, evidence: bool, color: bool) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    with_period = any(r.period is not None for r in rows)
    table = Table(box=None, pad_edge=False, header_style="bold" if color else "")
    for h in _heading(rows, by):
        table.add_column(h, justify="right" if h in ("n", "pro", "rej", "neu", "tone") else "left", no_wrap=h != by)
    for r in rows:
        cells = [Text(cell) for cell in _cells(r, with_period, _has_tone(rows))]
        if color:
            cells[1 + with_period + 1 + len(LABELS)].stylize(COLORS.get(r.stance, "default"))
        table.add_row(*cells)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=160, highlight=False, emoji=False, markup=True)
    console.print(table)
    if evidence:
        for r in rows:
            when = f", {r.period}" if with_period else ""
            console.print(f"\n[bold]{_escape(_name(r))}{when}[/]: {r.stance} ({r.n} statements)")
            for s in r.statements:
                speaker = _escape(_one_line(s.speaker or "unknown speaker"))
                label = f"[{COLORS[s.label]}]{s.label}[/]" if color else s.label
                console.print(f"  {label} {s.confidence:.2f}{_tone(s)}  {speaker} ({_escape(s.source)})")
                console.print(f"      {_escape(_one_line(s.text))}")
                if s.terms:
                    console.print(f"      [dim]terms: {_escape(_terms(s))}[/]" if color else f"      terms: {_escape(_terms(s))}")
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def plot(rows: Sequence[GroupSummary], path: str | Path, *, min_statements: int = 1, title: str | None = None) -> Path:
    """Draw the aggregate to a PNG or SVG file: stacked label shares per group ordered by score, or, with
    periods, the score of each group over time. Needs matplotlib (``pip install 'ceasefire-stance[plot]'``)."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ReportError(path, None, "the chart is written as .png or .svg")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("--plot needs matplotlib: pip install 'ceasefire-stance[plot]'") from None
    if any(r.period is not None for r in rows):
        figure = _plot_periods(plt, rows, min_statements, title)
    else:
        figure = _plot_bars(plt, rows, min_statements, title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=path.suffix.lower().lstrip("."), dpi=150, bbox_inches="tight")
    plt.close(figure)
    return write_atomically(path, buffer.getvalue())


def _plot_bars(plt, rows: Sequence[GroupSummary], min_statements: int, title: str | None):
    shown = sorted((r for r in rows if r.n >= min_statements), key=lambda r: (r.score, -r.n))
    if not shown:
        raise ReportError(None, None, f"nothing to plot: no group has {min_statements} or more statements")
    by = shown[0].by
    figure, axes = plt.subplots(figsize=(8, 1.2 + 0.42 * len(shown)))
    names = [f"{_name(r)} (n={r.n})" for r in shown]
    left = [0.0] * len(shown)
    for label in ("pro-ceasefire", "neutral", "rejecting"):
        widths = [r.shares[label] for r in shown]
        axes.barh(names, widths, left=left, color=BAR_COLORS[label], label=label, edgecolor="white", height=0.7)
        for y, (x, w, r) in enumerate(zip(left, widths, shown)):
            if w >= 0.12:
                axes.text(x + w / 2, y, str(r.counts[label]), ha="center", va="center", fontsize=8, color="black")
        left = [a + b for a, b in zip(left, widths)]
    for y, r in enumerate(shown):
        axes.text(1.01, y, f"{r.stance}  {r.score:+.2f}", va="center", fontsize=8)
    axes.set_xlim(0, 1)
    axes.set_xlabel("share of statements")
    total = sum(r.n for r in shown)
    plural = {"country": "countries", "speaker": "speakers"}.get(by, by)
    default = f"Stance on a ceasefire per {by}: {total} statements, {plural} with at least {min_statements}"
    axes.set_title(title or default, fontsize=10, loc="left", pad=24)
    axes.legend(ncol=3, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=8, borderaxespad=0.2)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _plot_periods(plt, rows: Sequence[GroupSummary], min_statements: int, title: str | None, most: int = 8):
    totals: dict[str | None, int] = {}
    for r in rows:
        if r.period is not None:
            if r.period != UNDATED:
                totals[r.name] = totals.get(r.name, 0) + r.n
    names = [name for name, n in sorted(totals.items(), key=lambda kv: -kv[1]) if n >= min_statements][:most]
    if not names:
        raise ReportError(None, None, f"nothing to plot: no dated group has {min_statements} or more statements")
    periods = sorted({r.period for r in rows if r.period not in (None, UNDATED)})
    figure, axes = plt.subplots(figsize=(max(6, 0.8 * len(periods) + 3), 4.5))
    for name in names:
        points = {r.period: r for r in rows if r.name == name and r.period not in (None, UNDATED)}
        xs = [i for i, p in enumerate(periods) if p in points]
        axes.plot(xs, [points[periods[i]].score for i in xs], marker="o", label=name if name is not None else UNKNOWN)
    axes.axhline(0, color="grey", linewidth=0.8)
    axes.set_xticks(range(len(periods)), periods, rotation=45 if len(periods) > 6 else 0)
    axes.set_ylim(-1.05, 1.05)
    axes.set_ylabel("score: (pro - rejecting) / n")
    by = rows[0].by
    axes.set_title(title or f"Stance on a ceasefire per {by} over time (+1 all pro-ceasefire, -1 all rejecting)", fontsize=10, loc="left")
    axes.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure
