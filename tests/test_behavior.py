import csv
import re
from pathlib import Path

import numpy as np
import pytest

import stance
from training.behavior import DEFAULT_SUITE, add_typo, expand, fill, load_suite, run_test

SUITE = load_suite(DEFAULT_SUITE)
CORPUS = Path(__file__).resolve().parent.parent / "data" / "labels" / "statements.csv"


@pytest.fixture(scope="module")
def bundled():
    return stance.load_model()


@pytest.mark.parametrize("test", SUITE["tests"], ids=[t["name"] for t in SUITE["tests"]])
def test_bundled_model_stays_within_each_failure_threshold(test, bundled, request):
    if "known_failure" in test:
        request.applymarker(pytest.mark.xfail(reason=test["known_failure"], strict=True))
    result = run_test(test, SUITE, bundled)
    summary = f"{result.failures}/{result.cases} = {result.failure_rate:.1%} > {result.max_failure_rate:.0%}"
    assert result.passed, summary + ":\n" + "\n".join(result.examples)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3))}


def test_no_case_of_the_suite_is_in_the_training_corpus_or_close_to_a_row():
    with CORPUS.open(encoding="utf-8") as handle:
        corpus = [_shingles(row["text"]) for row in csv.DictReader(handle)]
    rows_with: dict[tuple[str, ...], set[int]] = {}
    for i, shingles in enumerate(corpus):
        for shingle in shingles:
            rows_with.setdefault(shingle, set()).add(i)
    texts = {text for test in SUITE["tests"] for case in expand(test, SUITE) for text in case.texts}
    assert len(texts) > 500
    close = []
    for text in texts:
        mine = _shingles(text)
        for i in set().union(*(rows_with.get(s, set()) for s in mine)):
            if len(mine & corpus[i]) / len(mine | corpus[i]) > 0.6:
                close.append(text)
    assert not close


class ConstantModel:
    classes_ = np.array(stance.LABELS)

    def __init__(self, label: str) -> None:
        self.row = np.array([[1.0 if c == label else 0.0 for c in stance.LABELS]])

    def predict_proba(self, texts):
        return np.repeat(self.row, len(texts), axis=0)


def test_a_model_that_always_says_neutral_fails_the_other_two_minimum_functionality_tests():
    results = {t["name"]: run_test(t, SUITE, ConstantModel("neutral")) for t in SUITE["tests"] if t["kind"] == "MFT"}
    assert [r.failure_rate for r in results.values()] == [1.0, 1.0, 0.0]
    assert not results["plain refusals"].passed and results["plain facts"].passed


def test_direction_test_catches_a_prefix_that_raises_the_pro_ceasefire_probability():
    class Contrary(ConstantModel):
        def predict_proba(self, texts):
            return np.array([[0.9, 0.05, 0.05] if t.startswith("We reject") else [0.2, 0.4, 0.4] for t in texts])

    test = next(t for t in SUITE["tests"] if t["kind"] == "DIR")
    result = run_test(test, SUITE, Contrary("neutral"))
    assert result.failure_rate == 1.0 and result.examples


def test_invariance_cases_vary_only_the_slots_they_name():
    test = {"kind": "INV", "perturbation": "numbers", "variants": 4, "templates": ["{leader} backs a {days}-day truce."]}
    (case,) = expand(test, SUITE)
    leader = SUITE["fillers"]["leader"][0]
    assert len(case.texts) == 4 and all(text.startswith(leader) for text in case.texts)
    assert [re.search(r"\d+", text).group() for text in case.texts] == SUITE["fillers"]["days"][:4]


def test_a_typo_swaps_two_neighbouring_letters_of_one_word():
    text = "We call for an immediate ceasefire."
    typo = add_typo(text, seed=3)
    changed = [(a, b) for a, b in zip(text.split(), typo.split()) if a != b]
    assert len(changed) == 1 and sorted(changed[0][0]) == sorted(changed[0][1]) and len(changed[0][0]) >= 4
    assert add_typo("No way.", seed=1) == "No way."


def test_an_unknown_slot_names_the_template():
    with pytest.raises(KeyError, match="unknown slot"):
        fill("Talks in {town}.", SUITE["fillers"], 0)
