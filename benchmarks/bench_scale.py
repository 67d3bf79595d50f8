"""Time and peak memory of `stance predict --input/--output` and `stance summarize` on 10k, 100k and 1M statements, 1 and 2 jobs.

    python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--jobs 1 2] [--markdown]
    python benchmarks/bench_scale.py --sizes 1000000 --jobs 1 --commands predict [--output-format csv]
    python benchmarks/bench_scale.py --sentiment [--sizes ...]
    python benchmarks/bench_scale.py --articles 200
    python benchmarks/bench_scale.py --dask [--sizes ...]

Statement files are JSON Lines built by cycling the labelled corpus (with speaker and country); `predict` writes
`--output-format` (JSON Lines by default), `summarize` a CSV report. Each run is a
fresh `python -m stance` process; peak memory is the largest total resident memory of that process and its
worker processes, sampled every 50 ms (needs psutil, in the `dev` extra). Compare numbers from one run only:
the machine's load moves them.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import threading
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


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident memory (MB) of a command and its children.

    CPU seconds move less than wall seconds when other work shares the machine.
    """
    used = _children_cpu()
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
    return seconds, _children_cpu() - used, peak / 1e6


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PeakMemory:
    """Samples the total resident memory of this process and its children in a thread, every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._done.is_set():
            try:
                self.peak = max(self.peak, sum(p.memory_info().rss for p in [me, *me.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()


def bench_dask(sizes: list[int]) -> None:
    """Wall time and peak memory (this process and its workers) of stance.dask on a local 2-worker cluster."""
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    import stance.dask as sd

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        with tempfile.TemporaryDirectory() as scratch:
            for n in sizes:
                source = Path(scratch) / f"s{n}.jsonl"
                write_statements(source, n)
                with PeakMemory() as memory:
                    start = time.perf_counter()
                    rows = sd.aggregate(sd.predict(dd.read_json(str(source), lines=True, blocksize=16_000_000)), "country")
                    seconds = time.perf_counter() - start
                rate = sum(r.n for r in rows) / seconds
                print(f"dask      {n:>9,} statements  2 workers  {seconds:7.1f} s  {rate:9,.0f} /s  peak {memory.peak / 1e6:6.0f} MB", flush=True)


def bench_articles(n: int, jobs_list: list[int]) -> None:
    """Time summarize over n article files, where extraction dominates."""
    examples = sorted((ROOT / "examples").glob("*.txt"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        for i in range(n):
            (folder / f"a{i:05d}.txt").write_text(examples[i % len(examples)].read_text(encoding="utf-8"), encoding="utf-8")
        megabytes = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        for jobs in jobs_list:
            out = Path(scratch) / "out"
            argv = [sys.executable, "-m", "stance", "summarize", str(folder), "--format", "csv", "--output", str(out), "--jobs", str(jobs)]
            seconds, _, peak = measure(argv)
            print(f"summarize {n:>6,} articles ({megabytes:.1f} MB)  jobs {jobs}  {seconds:7.1f} s  peak {peak:6.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--commands", nargs="+", choices=("predict", "summarize"), default=["predict", "summarize"], help="which commands to time")
    parser.add_argument("--output-format", choices=("jsonl", "csv", "tsv", "parquet"), default="jsonl", help="what predict writes (default jsonl)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--sentiment", action="store_true", help="add --sentiment to both commands (VADER is the slow part then)")
    parser.add_argument("--dask", action="store_true", help="instead, time stance.dask predict + aggregate on a 2-worker LocalCluster")
    parser.add_argument("--articles", type=int, metavar="N", help="instead, time summarize on N article files (the examples, cycled)")
    args = parser.parse_args()
    if args.dask:
        return bench_dask(args.sizes)
    if args.articles:
        return bench_articles(args.articles, args.jobs)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in args.sizes:
            source = Path(scratch) / f"s{n}.jsonl"
            write_statements(source, n)
            for command in args.commands:
                for jobs in args.jobs:
                    out = Path(scratch) / (f"out.{args.output_format}" if command == "predict" else "out.csv")
                    inputs = ["--input", str(source)] if command == "predict" else [str(source), "--format", "csv"]
                    argv = [sys.executable, "-m", "stance", command, *inputs, "--output", str(out), "--jobs", str(jobs)]
                    argv += ["--sentiment"] if args.sentiment else []
                    seconds, cpu, peak = measure(argv)
                    rows.append((command, n, jobs, seconds, n / seconds, cpu, peak))
                    rates = f"{seconds:7.1f} s  {n / seconds:9,.0f} /s  cpu {cpu:7.1f} s"
                    print(f"{command:<9} {n:>9,} statements  jobs {jobs}  {rates}  peak {peak:6.0f} MB", flush=True)
    if args.markdown:
        print("\n| command | statements | jobs | seconds | statements/s | CPU seconds | peak memory (MB) |\n|---|---:|---:|---:|---:|---:|---:|")
        for command, n, jobs, seconds, rate, cpu, peak in rows:
            print(f"| {command} | {n:,} | {jobs} | {seconds:.1f} | {rate:,.0f} | {cpu:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
