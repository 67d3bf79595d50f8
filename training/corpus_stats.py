"""Describe the labelled corpus as Markdown: labels, kinds, sources, countries, lengths.

python -m training.corpus_stats [--data FILE] [--top N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from stance.labels import LABELS, LabelFileError, LabelledStatement, read_labelled

from .train import DEFAULT_DATA


def source_type(source: str) -> str:
    """'seed', 'paraphrased' or 'authored', from a row's source field."""
    if source.startswith(("http://", "https://")):
        return "paraphrased"
    return "authored" if source == "authored" else "seed"


def describe(rows: list[LabelledStatement], top: int = 25) -> str:
    """A Markdown description of the corpus."""
    labels = Counter(r.label for r in rows)
    words = np.array([len(r.text.split()) for r in rows])
    kinds = Counter(dict(r.extra).get("kind", "") or "unknown" for r in rows)
    sources = Counter(source_type(r.source) for r in rows)
    countries = Counter(r.country or "(none)" for r in rows)
    by_country: dict[str, Counter] = {}
    for r in rows:
        by_country.setdefault(r.country or "(none)", Counter())[r.label] += 1
    lines = [
        f"{len(rows)} statements from {len({r.speaker for r in rows})} speakers and {len(countries)} countries or organisations.",
        "",
        "| label | statements | share |",
        "|---|---:|---:|",
        *(f"| {label} | {labels[label]} | {labels[label] / len(rows):.0%} |" for label in LABELS),
        "",
        "Kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()) + ". "
        "Sources: " + ", ".join(f"{k} {n}" for k, n in sources.most_common()) + ". "
        f"Length in words: median {int(np.median(words))}, 10th percentile {int(np.percentile(words, 10))}, "
        f"90th percentile {int(np.percentile(words, 90))}, longest {int(words.max())}.",
        "",
        f"The {top} most frequent countries, with their statements per label:",
        "",
        "| country | statements | " + " | ".join(LABELS) + " |",
        "|---|---:|" + "---:|" * len(LABELS),
    ]
    for country, n in countries.most_common(top):
        lines.append(f"| {country} | {n} | " + " | ".join(str(by_country[country][label]) for label in LABELS) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.corpus_stats", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled corpus (default: %(default)s)")
    parser.add_argument("--top", type=int, default=25, help="countries to list (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        rows = read_labelled(args.data)
    except (LabelFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(describe(rows, args.top), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
