import pytest

from stance.sentiment import Sentiment, analyze_sentiment


def test_tone_follows_the_words():
    warm, grim, flat = analyze_sentiment(
        ["We warmly welcome this hopeful step toward peace.", "The brutal attack killed twenty civilians.", "The council will meet on Thursday."]
    )
    assert warm.compound > 0.5 and grim.compound < -0.5 and flat.compound == 0.0
    for s in (warm, grim, flat):
        assert isinstance(s, Sentiment) and -1 <= s.compound <= 1
        assert s.pos + s.neu + s.neg == pytest.approx(1, abs=0.01)


def test_the_lexicon_has_no_word_for_ceasefire_truce_or_negotiations():
    neutral = analyze_sentiment(["Ceasefire.", "Truce.", "Negotiations."])
    assert [s.compound for s in neutral] == [0.0, 0.0, 0.0]


def test_bad_items_are_named():
    with pytest.raises(TypeError, match=r"texts\[1\] is None"):
        analyze_sentiment(["fine", None])
