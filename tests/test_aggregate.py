import pytest

from stance import GroupSummary, ScoredStatement, aggregate
from stance.aggregate import overall_stance, period_of, score_interval

PRO, REJ, NEU = "pro-ceasefire", "rejecting", "neutral"


def said(label, country="Russia", speaker=None, date=None, p=0.8):
    rest = (1 - p) / 2
    probabilities = {k: (p if k == label else rest) for k in (PRO, REJ, NEU)}
    return ScoredStatement(f"{label} {country}", label=label, probabilities=probabilities, speaker=speaker, country=country, date=date)


def counts(pro=0, rej=0, neu=0):
    return {PRO: pro, REJ: rej, NEU: neu}


@pytest.mark.parametrize(
    ("c", "expected"),
    [
        (counts(pro=2), "insufficient"),
        (counts(pro=1, neu=2), PRO),
        (counts(rej=9, pro=3), REJ),
        (counts(pro=5, neu=9), PRO),
        (counts(pro=1, neu=4), NEU),
        (counts(neu=3), NEU),
        (counts(pro=6, rej=4), "mixed"),
        (counts(pro=7, rej=3), PRO),
        (counts(pro=1, rej=1, neu=1), "mixed"),
        (counts(pro=3, rej=7, neu=20), REJ),
    ],
)
def test_overall_stance_rules(c, expected):
    assert overall_stance(c) == expected


def test_min_statements_and_margin_are_settings():
    assert overall_stance(counts(pro=2), min_statements=2) == PRO
    assert overall_stance(counts(pro=7, rej=3), margin=0.5) == "mixed"


def test_rows_count_share_score_and_sort():
    labelled = [said(REJ)] * 5 + [said(PRO)] * 1 + [said(NEU, "UN")] * 2 + [said(PRO, "UN")] * 4 + [said(PRO, "China")] * 6 + [said(NEU, None)]
    rows = aggregate(labelled)
    assert [(r.name, r.n) for r in rows] == [("China", 6), ("Russia", 6), ("UN", 6), (None, 1)]
    russia = rows[1]
    assert isinstance(russia, GroupSummary) and russia.by == "country"
    assert russia.counts == counts(pro=1, rej=5)
    assert russia.shares[REJ] == pytest.approx(5 / 6)
    assert russia.score == pytest.approx((1 - 5) / 6)
    assert russia.stance == REJ
    assert russia.mean_probabilities[REJ] == pytest.approx((5 * 0.8 + 0.1) / 6)
    assert sum(russia.mean_probabilities.values()) == pytest.approx(1)
    assert rows[3].stance == "insufficient"


def test_interval_is_seeded_reproducible_and_contains_the_score():
    labelled = [said(REJ)] * 9 + [said(PRO)] * 3 + [said(NEU)] * 4
    first, again = aggregate(labelled)[0], aggregate(list(reversed(labelled)))[0]
    assert first.interval == again.interval
    low, high = first.interval
    assert -1 <= low <= first.score <= high <= 1 and low < high
    few = {score_interval(counts(pro=3, rej=9, neu=4), "Russia", seed=seed, n_boot=20) for seed in range(10)}
    assert len(few) > 1


def test_a_row_does_not_depend_on_the_other_groups():
    russia = [said(REJ)] * 7 + [said(PRO)] * 4
    alone = aggregate(russia)[0]
    crowded = next(r for r in aggregate(russia + [said(PRO, "UN")] * 30) if r.name == "Russia")
    assert alone.interval == crowded.interval


def test_interval_matches_a_bootstrap_over_statements():
    # Resampling statements with replacement and counting labels is a multinomial draw over the counts.
    import numpy as np

    c = counts(pro=3, rej=9, neu=4)
    labels = np.array([1] * 3 + [-1] * 9 + [0] * 4)
    rng = np.random.default_rng(0)
    direct = [labels[rng.integers(0, 16, 16)].sum() / 16 for _ in range(4000)]
    low, high = np.percentile(direct, [5, 95])
    ours = score_interval(c, "Russia|None", n_boot=4000)
    assert abs(ours[0] - low) <= 0.0626 and abs(ours[1] - high) <= 0.0626


def test_unanimous_group_has_a_point_interval():
    assert score_interval(counts(pro=4)) == (1.0, 1.0)


def test_by_speaker():
    rows = aggregate([said(PRO, speaker="Envoy Aldo")] * 3 + [said(REJ, speaker="Envoy Brin")], by="speaker")
    assert [(r.name, r.stance) for r in rows] == [("Envoy Aldo", PRO), ("Envoy Brin", "insufficient")]
    assert rows[0].to_dict()["speaker"] == "Envoy Aldo"


@pytest.mark.parametrize(
    ("date", "period", "expected"),
    [
        ("2025-03-12", "month", "2025-03"),
        ("2025-03-12", "quarter", "2025-Q1"),
        ("2025-11", "quarter", "2025-Q4"),
        ("2025", "year", "2025"),
        ("2025", "month", None),
    ],
)
def test_period_of(date, period, expected):
    assert period_of(date, period) == expected


def test_periods_split_groups_and_keep_undated_last():
    labelled = [said(REJ, date="2025-01-05")] * 3 + [said(PRO, date="2025-05-01")] * 4 + [said(REJ)] + [said(PRO, "UN", date="2025-02-01")] * 3
    rows = aggregate(labelled, period="quarter")
    assert [(r.name, r.period, r.stance) for r in rows] == [
        ("Russia", "2025-Q1", REJ),
        ("Russia", "2025-Q2", PRO),
        ("Russia", "undated", "insufficient"),
        ("UN", "2025-Q1", PRO),
    ]
    assert rows[0].to_dict()["period"] == "2025-Q1"


def test_evidence_keeps_statements_strongest_first_per_label():
    labelled = [said(PRO, p=0.6), said(REJ, p=0.9), said(PRO, p=0.95)]
    [row] = aggregate(labelled, evidence=True)
    assert [(s.label, s.confidence) for s in row.statements] == [(PRO, 0.95), (PRO, 0.6), (REJ, 0.9)]
    assert [e["label"] for e in row.to_dict(evidence=True)["evidence"]] == [PRO, PRO, REJ]
    assert aggregate(labelled)[0].statements == ()


def test_a_generator_is_read_once():
    rows = aggregate(said(PRO) for _ in range(1000))
    assert rows[0].n == 1000


def test_json_dict_has_the_documented_keys():
    d = aggregate([said(PRO)] * 3)[0].to_dict()
    assert set(d) == {"country", "n", "counts", "shares", "mean_probabilities", "stance", "score", "interval", "mean_sentiment"}
    assert set(d["counts"]) == {PRO, REJ, NEU}


@pytest.mark.parametrize(
    ("labelled", "kwargs", "error", "words"),
    [
        ([said(PRO)], {"by": "region"}, ValueError, "by must be one of"),
        ([said(PRO)], {"period": "week"}, ValueError, "period must be one of"),
        (["We back it."], {}, TypeError, r"labelled\[0\] is str"),
        ([ScoredStatement("x", label="FAVOR", probabilities={"FAVOR": 1.0})], {}, ValueError, "label 'FAVOR'"),
        ("text", {}, TypeError, r"iterable\) of ScoredStatement"),
    ],
)
def test_bad_input(labelled, kwargs, error, words):
    with pytest.raises(error, match=words):
        aggregate(labelled, **kwargs)


def test_dataframe_round_trip(tiny_model):
    pd = pytest.importorskip("pandas")
    from stance import label_statements

    frame = pd.DataFrame({"text": ["We reject the truce."] * 3 + ["We call for an immediate ceasefire."] * 3, "country": ["Russia"] * 3 + ["UN"] * 3})
    table = aggregate(label_statements(frame, model=tiny_model))
    assert list(table.columns[:5]) == ["country", "n", PRO, REJ, NEU]
    plain = aggregate(label_statements(frame.to_dict("records"), model=tiny_model))
    assert table.to_dict("records") == [r.to_flat() for r in plain]


def test_spellings_of_one_speaker_are_one_row_shown_by_the_best_known_name():
    names = ["Luiz Inácio", "Luiz Inacio", "luiz  inácio", "Zelenskyy", "Volodymyr Zelenskiy", "Lula", "Lavrov", "Sergey Lavrov"]
    labelled = [said(PRO, None, speaker=name) for name in names]
    rows = {row.name: row.n for row in aggregate(labelled, "speaker", min_statements=1)}
    assert rows == {"Luiz Inácio": 3, "Volodymyr Zelensky": 2, "Luiz Inácio Lula da Silva": 1, "Sergey Lavrov": 2}


def test_countries_are_not_folded():
    rows = aggregate([said(PRO, "Côte d'Ivoire"), said(PRO, "Cote d'Ivoire")], "country", min_statements=1)
    assert sorted(row.name for row in rows) == ["Cote d'Ivoire", "Côte d'Ivoire"]
