"""The whole pipeline runs with the network cut off and no NLTK data directory: nothing is downloaded."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PIPELINE = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import nltk

    nltk.download = refuse

    import sys
    from pathlib import Path

    import stance
    from stance.features import FeatureSettings
    from stance.sentiment import analyze_sentiment
    from training import train as training

    article = sorted(Path("examples").glob("*.txt"))[0]
    statements = stance.extract_statements(article.read_text(encoding="utf-8"))
    texts = [s.text for s in statements]
    assert texts and len(stance.predict(texts)) == len(texts)
    assert len(analyze_sentiment(texts)) == len(texts)
    rows = stance.summarize(["examples"], sentiment=True)
    assert any(row.n >= 3 for row in rows)
    training.FEATURE_GRID = [FeatureSettings((1, 1), None, True)]
    training.C_GRID = [1.0]
    training.N_FOLDS = 2
    out = Path(sys.argv[1])
    training.train(Path("data/labels/statements.csv"), out / "m.zip", out / "reports", jobs=1, log=lambda *_: None)
    assert stance.load_model(out / "m.zip").predict(["We call for a ceasefire."])
    print("offline pipeline ok")
    """
)


def test_import_extract_predict_sentiment_summarize_and_train_without_network(tmp_path):
    empty = tmp_path / "no-nltk-data"
    empty.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NLTK_DATA": str(empty), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", PIPELINE, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "offline pipeline ok" in result.stdout
