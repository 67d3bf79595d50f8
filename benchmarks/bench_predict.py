"""Prediction speed of the bundled model against a plain scikit-learn pipeline, in one process.

    python benchmarks/bench_predict.py [--n 50000] [--repeats 3]

Prints statements per second for `stance.predict` and for
TfidfVectorizer(ngram_range=(1, 2)) + LogisticRegression trained on the same
corpus, their ratio, one-statement p50/p99 latency for both, and the time of
`python -c "import stance; stance.predict(['x'])"` in a fresh process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import stance  # noqa: E402


def make_statements(corpus: list[str], n: int, length: int = 160, seed: int = 0) -> list[str]:
    """`n` distinct statements of about `length` characters, spliced from corpus sentences."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = (rng.choice(corpus) + " " + rng.choice(corpus)).split()
        start = rng.randrange(max(1, len(words) // 3))
        text = ""
        for word in words[start:]:
            if len(text) + len(word) + 1 > length:
                break
            text = f"{text} {word}" if text else word
        out.append(text)
    return out


def best_of(repeats: int, run) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def latencies(predict, texts: list[str]) -> tuple[float, float]:
    samples = []
    for text in texts:
        started = time.perf_counter()
        predict([text])
        samples.append(time.perf_counter() - started)
    samples.sort()
    return statistics.median(samples) * 1e3, samples[int(len(samples) * 0.99)] * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    rows = stance.read_labelled(ROOT / "data" / "labels" / "statements.csv")
    corpus = [r.text for r in rows]
    texts = make_statements(corpus, args.n)
    mean_length = sum(map(len, texts)) / len(texts)
    plain = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=5000))
    plain.fit(corpus, [r.label for r in rows])
    model = stance.load_model()
    model.predict(texts[:10])

    ours = best_of(args.repeats, lambda: model.predict(texts))
    theirs = best_of(args.repeats, lambda: plain.predict(texts))
    print(f"{len(texts)} statements, mean {mean_length:.0f} characters; best of {args.repeats}")
    print(f"stance.predict          {len(texts) / ours:10,.0f} statements/s  ({ours:.2f} s)")
    print(f"plain sklearn pipeline  {len(texts) / theirs:10,.0f} statements/s  ({theirs:.2f} s)")
    print(f"throughput ratio (stance / plain): {theirs / ours:.2f}")

    sample = make_statements(corpus, 2000, seed=1)
    p50, p99 = latencies(model.predict, sample)
    plain_p50, plain_p99 = latencies(plain.predict, sample)
    print(f"one statement at a time: stance p50 {p50:.3f} ms, p99 {p99:.3f} ms; plain pipeline p50 {plain_p50:.3f} ms, p99 {plain_p99:.3f} ms")

    command = [sys.executable, "-c", "import stance; stance.predict(['x'])"]
    cold = best_of(3, lambda: subprocess.run(command, check=True, cwd=ROOT))
    print(f"python -c \"import stance; stance.predict(['x'])\": {cold:.2f} s (best of 3)")


if __name__ == "__main__":
    main()
