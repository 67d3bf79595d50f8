import pytest

from stance.model import StanceModel

TRAIN = [
    ("We call on all parties to agree to an immediate ceasefire.", "pro-ceasefire"),
    ("We welcome the talks and urge both sides to keep negotiating.", "pro-ceasefire"),
    ("Dialogue is the only way to end this war.", "pro-ceasefire"),
    ("We are ready for negotiations without preconditions.", "pro-ceasefire"),
    ("A truce now would only let the enemy regroup; we reject it.", "rejecting"),
    ("The proposal for a ceasefire is unacceptable to us.", "rejecting"),
    ("There will be no talks until all issues are settled first.", "rejecting"),
    ("We refuse any deployment of foreign peacekeepers.", "rejecting"),
    ("Twelve civilians were killed in overnight shelling.", "neutral"),
    ("The council will meet again on Thursday.", "neutral"),
    ("Four million people need humanitarian assistance.", "neutral"),
    ("The strike damaged a power station in the region.", "neutral"),
]


@pytest.fixture(scope="session")
def tiny_model() -> StanceModel:
    texts, labels = zip(*TRAIN)
    plain = {"fold_numbers": False, "negation_scope": 0, "frame_verbs": ()}
    return StanceModel(C=10.0, word_ngram_range=(1, 2), char_ngram_range=(2, 4), **plain).fit(texts, labels)
