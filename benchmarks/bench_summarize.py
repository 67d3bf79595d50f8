"""Time and peak memory of `stance summarize` on large statement files.

    python benchmarks/bench_summarize.py [--lines 100000 1000000] [--keep DIR]

Writes a CSV statement file of each size (texts from the labelled corpus, cycled, with countries and dates),
runs ``stance summarize FILE --format json --period month`` in a fresh process, and prints lines, seconds,
statements per second and the process's peak resident memory. Target: 1,000,000 lines under 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ["Russia", "Ukraine", "United States", "China", "UN", "EU", "France", "Türkiye", "India", "Brazil", ""]


def write_statements(path: Path, lines: int) -> None:
    """A statement file of `lines` rows: corpus texts in turn, a country and a date per row."""
    with (ROOT / "data" / "labels" / "statements.csv").open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "country", "date"])
        for i in range(lines):
            writer.writerow([texts[i % len(texts)], COUNTRIES[i % len(COUNTRIES)], f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}"])


def run_child(path: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `stance summarize` run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "stance",
        "summarize",
        str(path),
        "--format",
        "json",
        "--period",
        "month",
        "--output",
        str(path.with_suffix(".json")),
    ]
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("  (peak memory of this run is not above an earlier, larger child's; run sizes in increasing order)")
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="write the statement files here instead of a temporary directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'lines':>10} {'MB':>7} {'seconds':>8} {'per second':>11} {'peak RSS MB':>12}")
        for lines in sorted(args.lines):
            path = folder / f"statements-{lines}.csv"
            write_statements(path, lines)
            seconds, peak = run_child(path)
            size = path.stat().st_size / 1e6
            print(f"{lines:>10,} {size:>7.1f} {seconds:>8.1f} {lines / seconds:>11,.0f} {peak:>12.0f}", flush=True)


if __name__ == "__main__":
    main()
