"""The whole pipeline runs with the network cut off and no NLTK data directory: nothing is downloaded, and the answers are the usual ones."""

import csv
import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "examples/000_0907aa6ddf59c505.txt"
PROBES = {
    "We call on all parties to agree to an immediate ceasefire.": "pro-ceasefire",
    "We reject any ceasefire; a truce now would only let the enemy regroup.": "rejecting",
    "Twelve civilians were killed in overnight shelling.": "neutral",
}

PIPELINE = textwrap.dedent(
    """
    import json
    import socket
    import urllib.request

    attempts = []


    def refuser(name):
        def refuse(*args, **kwargs):
            attempts.append(name)  # recorded as well as refused, so a caught exception still shows
            raise OSError(f"network access attempted: {name}")

        return refuse


    socket.socket.connect = refuser("socket.socket.connect")
    socket.socket.connect_ex = refuser("socket.socket.connect_ex")
    socket.create_connection = refuser("socket.create_connection")
    socket.getaddrinfo = refuser("socket.getaddrinfo")
    urllib.request.urlopen = refuser("urllib.request.urlopen")

    import nltk
    import nltk.downloader

    nltk.download = refuser("nltk.download")
    nltk.downloader.Downloader.download = refuser("nltk.downloader.Downloader.download")

    import sys
    from pathlib import Path

    import stance
    from stance.sentiment import analyze_sentiment
    from training import train as training

    article, probes, out = sys.argv[1], json.loads(sys.argv[2]), Path(sys.argv[3])
    statements = stance.extract_statements(Path(article).read_text(encoding="utf-8"))
    texts = [s.text for s in statements]
    rows = stance.summarize(["examples"], sentiment=True)
    grid = {"word_ngram_range": [(1, 1)], "char_ngram_range": [None], "sublinear_tf": [True], "C": [1.0], "class_weight": [None]}
    report = training.train(Path("data/labels/statements.csv"), out / "m.zip", out / "reports", jobs=1, log=lambda *_: None, grid=grid, folds=2)
    result = {
        "statements": [[s.text, s.speaker, s.kind] for s in statements],
        "labels": [str(label) for label in stance.predict(texts)],
        "tones": [round(t.compound, 6) for t in analyze_sentiment(texts)],
        "rows": [[r.name, r.n, r.counts, r.stance, None if r.mean_sentiment is None else round(r.mean_sentiment, 6)] for r in rows],
        "trained_rows": report["data"]["rows"],
        "trained_macro_f1": report["cv_metrics"]["macro_f1"],
        "trained": [str(label) for label in stance.load_model(out / "m.zip").predict(probes)],
        "attempts": attempts,
    }
    print(json.dumps(result, ensure_ascii=False, default=lambda value: value.tolist()))
    """
)


def test_import_extract_predict_sentiment_summarize_and_train_without_network(tmp_path):
    empty = tmp_path / "no-nltk-data"
    empty.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NLTK_DATA": str(empty), "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-c", PIPELINE, ARTICLE, json.dumps(list(PROBES)), str(tmp_path)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    offline = json.loads(result.stdout.splitlines()[-1])

    assert offline["attempts"] == [], f"the pipeline tried to reach the network: {offline['attempts']}"
    assert list(empty.iterdir()) == [], "something was written to the NLTK data directory"

    # the same answers as in this (unrestricted) process, not merely some answers
    import stance
    from stance.sentiment import analyze_sentiment

    statements = stance.extract_statements((ROOT / ARTICLE).read_text(encoding="utf-8"))
    texts = [s.text for s in statements]
    assert offline["statements"] == [[s.text, s.speaker, s.kind] for s in statements]
    assert offline["labels"] == [str(label) for label in stance.predict(texts)]
    assert offline["tones"] == [round(t.compound, 6) for t in analyze_sentiment(texts)]
    rows = stance.summarize([ROOT / "examples"], sentiment=True)
    assert offline["rows"] == [[r.name, r.n, r.counts, r.stance, None if r.mean_sentiment is None else round(r.mean_sentiment, 6)] for r in rows]

    # and those answers are the article's real content, with the sentence splitter and the tone lexicon at work
    said = {text: (speaker, kind) for text, speaker, kind in offline["statements"]}
    assert len(said) >= 20
    assert said["Russia doesn’t want peace"] == ("France's envoy", "direct")
    assert said["Three-foot-thick ice does not form overnight."] == ("China", "direct")
    tone = dict(zip([text for text, _, _ in offline["statements"]], offline["tones"]))
    assert tone["Civilians are being deliberately targeted… this is a strategy of terror."] < -0.5
    assert set(offline["labels"]) == set(stance.LABELS)
    by_country = {name: (n, counts, group_stance) for name, n, counts, group_stance, _ in offline["rows"]}
    assert by_country["Russia"][2] == "rejecting" and by_country["Russia"][1]["rejecting"] > by_country["Russia"][0] / 2
    assert by_country["Ukraine"][2] == "pro-ceasefire"

    # the model trained offline learnt from every labelled row and tells the three labels apart
    with open(ROOT / "data" / "labels" / "statements.csv", encoding="utf-8", newline="") as labelled:
        assert offline["trained_rows"] == sum(1 for _ in csv.DictReader(labelled))
    assert offline["trained_macro_f1"] > 0.6
    assert offline["trained"] == list(PROBES.values())
