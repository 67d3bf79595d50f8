"""Time and peak memory of `stance predict --input/--output` and `stance summarize` on 10k, 100k and 1M statements, 1 and 2 jobs.

    python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--jobs 1 2] [--markdown]

Statement files are JSON Lines built by cycling the labelled corpus (with speaker and country). Each run is a
fresh `python -m stance` process; peak memory is the largest total resident memory of that process and its
worker processes, sampled every 50 ms (needs psutil, in the `dev` extra). Compare numbers from one run only:
the machine's load moves them.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "labels" / "statements.csv"


def write_statements(path: Path, n: int) -> None:
    """A JSON Lines file of n statements cycled from the corpus."""
    with CORPUS.open(encoding="utf-8") as handle:
        rows = [{"text": r["text"], "speaker": r["speaker"], "country": r["country"]} for r in csv.DictReader(handle)]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(rows[i % len(rows)], ensure_ascii=False) + "\n")


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command and its children."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return seconds, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in args.sizes:
            source = Path(scratch) / f"s{n}.jsonl"
            write_statements(source, n)
            for command in ("predict", "summarize"):
                for jobs in args.jobs:
                    out = Path(scratch) / "out"
                    inputs = ["--input", str(source)] if command == "predict" else [str(source), "--format", "csv"]
                    argv = [sys.executable, "-m", "stance", command, *inputs, "--output", str(out), "--jobs", str(jobs)]
                    seconds, peak = measure(argv)
                    rows.append((command, n, jobs, seconds, n / seconds, peak))
                    print(f"{command:<9} {n:>9,} statements  jobs {jobs}  {seconds:7.1f} s  {n / seconds:9,.0f} /s  peak {peak:6.0f} MB", flush=True)
    if args.markdown:
        print("\n| command | statements | jobs | seconds | statements/s | peak memory (MB) |\n|---|---:|---:|---:|---:|---:|")
        for command, n, jobs, seconds, rate, peak in rows:
            print(f"| {command} | {n:,} | {jobs} | {seconds:.1f} | {rate:,.0f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
