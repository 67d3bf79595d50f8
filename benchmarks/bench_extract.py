"""Extraction speed on one large article, built from the bundled example articles.

    python benchmarks/bench_extract.py [--mb 5] [--repeats 3]

Prints the size of the article, the statements found, the best of `repeats` runs in seconds and
megabytes per second, and the time of the same work on a tenth of the text (the ratio shows
whether extraction stays linear: about 10 when it does). Target: a 5 MB article in under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import stance  # noqa: E402


def make_article(megabytes: float) -> str:
    """The example articles, repeated paragraph by paragraph until the text reaches `megabytes`."""
    articles = sorted([*(ROOT / "examples").glob("*.txt"), *(ROOT / "data" / "articles").rglob("*.txt")])
    base = "\n\n".join(path.read_text(encoding="utf-8") for path in articles)
    size = int(megabytes * 1_000_000)
    return (base + "\n\n") * (size // (len(base) + 2) + 1)


def best_time(text: str, repeats: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        found = len(stance.extract_statements(text))
        best = min(best, time.perf_counter() - started)
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    stance.extract_statements("“We are ready to talk,” Lavrov said.")
    print(f"first call (loads NLTK's Punkt and the actor table): {time.perf_counter() - started:.2f} s")
    text = make_article(args.mb)
    tenth = text[: len(text) // 10]
    seconds, found = best_time(text, args.repeats)
    small, _ = best_time(tenth, args.repeats)
    print(f"article: {len(text) / 1e6:.2f} MB, {found} statements")
    print(f"extract_statements: {seconds:.2f} s ({len(text) / 1e6 / seconds:.2f} MB/s), best of {args.repeats}")
    print(f"a tenth of the text: {small:.2f} s; ratio {seconds / small:.1f} (10 = linear)")


if __name__ == "__main__":
    main()
