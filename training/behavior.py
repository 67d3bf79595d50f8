"""Behavioural tests (CheckList-style): expand the templated suite, run a model on it, report failure rates.

    python -m training.behavior [--model PATH] [--suite tests/golden/behavior.json] [--format table|markdown|json]

Three kinds of test (Ribeiro et al., 2020): MFT cases must get their label; INV cases are groups of
variants that must all get one label; DIR cases are (base, changed) pairs whose pro-ceasefire
probability may move only one way. A test fails when its failure rate is above its `max_failure_rate`;
tests the shipped model does not pass yet carry `known_failure` (pytest runs them as strict xfails).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import stance
from stance.model import StanceModel

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SUITE = ROOT / "tests" / "golden" / "behavior.json"
NAME_SLOTS = ("party", "country", "leader", "city")
NUMBER_SLOTS = ("number", "days")
MFT_INSTANCES = 3
SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Case:
    """One test case: the texts it runs (one for MFT, the variants for INV, base and changed for DIR)."""

    texts: tuple[str, ...]
    label: str | None = None


@dataclass
class TestResult:
    """The outcome of one test of the suite."""

    name: str
    kind: str
    capability: str
    cases: int
    failures: int
    max_failure_rate: float
    examples: list[str] = field(default_factory=list)

    @property
    def failure_rate(self) -> float:
        return self.failures / self.cases if self.cases else 0.0

    @property
    def passed(self) -> bool:
        return self.failure_rate <= self.max_failure_rate


def fill(template: str, fillers: dict[str, list[str]], k: int, vary: tuple[str, ...] | None = None) -> str:
    """The template with each slot filled by the k-th filler of its list (slots outside `vary` take the first)."""

    def value(match: re.Match) -> str:
        slot = match.group(1)
        if slot not in fillers:
            raise KeyError(f"template {template!r} has an unknown slot {{{slot}}}")
        choices = fillers[slot]
        return choices[k % len(choices)] if vary is None or slot in vary else choices[0]

    return SLOT.sub(value, template)


def instances(template: str, fillers: dict[str, list[str]], offset: int) -> list[str]:
    """MFT_INSTANCES different fillings of a template with slots (the template itself when it has none)."""
    if not SLOT.search(template):
        return [template]
    return [fill(template, fillers, offset + k) for k in range(MFT_INSTANCES)]


def add_typo(text: str, seed: int) -> str:
    """`text` with two neighbouring letters swapped inside one word of four letters or more, chosen by `seed`."""
    words = [m for m in re.finditer(r"[^\W\d_]{4,}", text)]
    if not words:
        return text
    rng = random.Random(seed)
    word = rng.choice(words)
    i = word.start() + rng.randrange(1, len(word.group()) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def sentence(clause: str) -> str:
    """A clause as a sentence: first letter up, full stop at the end."""
    return clause[0].upper() + clause[1:] + ("" if clause[-1] in ".!?" else ".")


def expand(test: dict, suite: dict) -> list[Case]:
    """The cases of one test of the suite."""
    fillers = suite["fillers"]
    kind, perturbation = test["kind"], test.get("perturbation")
    if kind == "MFT":
        return [Case((text,), test["label"]) for t, template in enumerate(test["templates"]) for text in instances(template, fillers, t)]
    if perturbation in ("names", "numbers"):
        vary = NAME_SLOTS if perturbation == "names" else NUMBER_SLOTS
        return [Case(tuple(dict.fromkeys(fill(template, fillers, k, vary) for k in range(test["variants"])))) for template in test["templates"]]
    if perturbation == "typo":
        sources = [case for other in suite["tests"] if other["name"] in test["from"] for case in expand(other, suite)]
        return [Case((c.texts[0], add_typo(c.texts[0], seed=2 * i), add_typo(c.texts[0], seed=2 * i + 1))) for i, c in enumerate(sources)]
    if perturbation == "said_that":
        cases = []
        for t, template in enumerate(test["templates"]):
            clause = fill(template, fillers, t)
            speakers = [fill(s, fillers, t + k) for k, s in enumerate(test["speakers"])]
            cases.append(Case((sentence(clause), *(f"{speaker} said that {clause}." for speaker in speakers))))
        return cases
    if perturbation == "reject_prefix":
        return [
            Case((sentence(text), f"We reject {text}.")) for t, template in enumerate(test["templates"]) for text in instances(template, fillers, t)
        ]
    raise ValueError(f"test {test['name']!r}: unknown kind {kind!r} / perturbation {perturbation!r}")


def run_test(test: dict, suite: dict, model: StanceModel) -> TestResult:
    """Run one test: count the cases that fail it, keep a few failing examples."""
    cases = expand(test, suite)
    texts = [text for case in cases for text in case.texts]
    probabilities = model.predict_proba(texts)
    classes = list(model.classes_)
    pro = classes.index("pro-ceasefire")
    failures, examples, i = 0, [], 0
    for case in cases:
        rows = probabilities[i : i + len(case.texts)]
        i += len(case.texts)
        labels = [classes[k] for k in rows.argmax(axis=1)]
        if test["kind"] == "MFT":
            failed = labels[0] != case.label
            detail = f"{case.texts[0]!r} → {labels[0]} (expected {case.label})"
        elif test["kind"] == "INV":
            failed = len(set(labels)) > 1
            detail = "; ".join(f"{text!r} → {label}" for text, label in zip(case.texts, labels))
        else:
            failed = rows[1, pro] > rows[0, pro] + test.get("tolerance", 0.0)
            detail = f"{case.texts[0]!r} p_pro {rows[0, pro]:.2f} → {case.texts[1]!r} p_pro {rows[1, pro]:.2f}"
        if failed:
            failures += 1
            if len(examples) < 5:
                examples.append(detail)
    return TestResult(test["name"], test["kind"], test["capability"], len(cases), failures, test["max_failure_rate"], examples)


def load_suite(path: Path = DEFAULT_SUITE) -> dict:
    """The suite: its fillers and tests."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def run_suite(model: StanceModel | None = None, path: Path = DEFAULT_SUITE) -> list[TestResult]:
    """Every test of the suite on `model` (the bundled one by default)."""
    suite = load_suite(path)
    model = model or stance.load_model()
    return [run_test(test, suite, model) for test in suite["tests"]]


def markdown(results: list[TestResult]) -> str:
    """The results as the model card's table."""
    lines = ["| test | type | capability | cases | failures | failure rate | threshold |", "|---|---|---|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.name} | {r.kind} | {r.capability} | {r.cases} | {r.failures} | {r.failure_rate:.1%} | ≤ {r.max_failure_rate:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="a model file (default: the bundled model)")
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    args = parser.parse_args(argv)
    results = run_suite(stance.load_model(args.model) if args.model else None, args.suite)
    if args.format == "json":
        print(json.dumps([asdict(r) | {"failure_rate": r.failure_rate, "passed": r.passed} for r in results], indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(markdown(results))
    else:
        for r in results:
            verdict = "ok  " if r.passed else "FAIL"
            print(f"{verdict} {r.kind:<3} {r.name:<40} {r.failures:>3}/{r.cases:<4} {r.failure_rate:6.1%} (≤ {r.max_failure_rate:.0%})")
            for example in r.examples:
                print(f"       {example}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
