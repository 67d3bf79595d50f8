"""Score statement extraction against a gold file.

    python -m training.extraction_eval [--articles DIR] [--gold CSV] [--show]

A prediction matches a gold statement of the same article when their character spans overlap by at
least half of the shorter one (``--match overlap``, the default), or, stricter, when it contains nearly
all (90%) of the gold statement and is at most 80 words long (``--match contains``). Precision and recall are given for statements alone and for
(statement, country) pairs; speaker agreement is measured on matched pairs. ``--show`` lists the
misses and the false statements.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from stance.actors import load_actors
from stance.extract import Statement, extract_statements

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT / "examples"
DEFAULT_GOLD = ROOT / "data" / "labels" / "extraction-gold.csv"


@dataclass(frozen=True)
class GoldStatement:
    doc: str
    kind: str
    speaker: str
    country: str | None
    start: int
    end: int


def read_gold(path: Path, articles: Path) -> tuple[dict[str, str], list[GoldStatement]]:
    """The articles a gold file names and its statements located in them; a text not found in its article is an error."""
    texts: dict[str, str] = {}
    gold: list[GoldStatement] = []
    cursor: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"doc", "kind", "speaker", "country", "text"} - set(reader.fieldnames or [])
        if missing:
            sys.exit(f"{path}:1: missing columns {sorted(missing)}")
        for row in reader:
            doc = row["doc"]
            if doc not in texts:
                article = articles / doc
                if not article.is_file():
                    sys.exit(f"{path}:{reader.line_num}: no article {article}")
                texts[doc] = article.read_text(encoding="utf-8")
            at = texts[doc].find(row["text"], cursor.get(doc, 0))
            if at < 0:
                at = texts[doc].find(row["text"])
            if at < 0 or not row["text"]:
                sys.exit(f"{path}:{reader.line_num}: text not found in {doc}: {row['text'][:60]!r}")
            cursor[doc] = at
            gold.append(GoldStatement(doc, row["kind"], row["speaker"], row["country"] or None, at, at + len(row["text"])))
    return texts, gold


def _overlaps(p: Statement, g: GoldStatement) -> bool:
    shared = min(p.end, g.end) - max(p.start, g.start)
    return shared > 0 and shared >= 0.5 * min(p.end - p.start, g.end - g.start)


def _contains(p: Statement, g: GoldStatement) -> bool:
    shared = min(p.end, g.end) - max(p.start, g.start)
    return shared > 0 and shared >= 0.9 * (g.end - g.start) and len(p.text.split()) <= 80


MATCHES = {"overlap": _overlaps, "contains": _contains}


@cache
def _canonical_country(name: str | None) -> str:
    """A country or organisation name as the actor table spells it ("Turkey" → "Türkiye")."""
    actor = load_actors().lookup(name or "")
    return (actor.country if actor is not None and actor.kind != "official" and actor.country else name or "").casefold()


def _same_country(a: str | None, b: str | None) -> bool:
    return _canonical_country(a) == _canonical_country(b)


def _same_speaker(a: str | None, b: str | None) -> bool:
    def norm(name: str | None) -> str:
        name = unicodedata.normalize("NFKC", name or "").replace("’", "'").casefold()
        return " ".join(name.removeprefix("the ").split())

    return norm(a) == norm(b)


def score(texts: dict[str, str], gold: list[GoldStatement], match: str = "overlap") -> dict:
    """Precision, recall and F1 of extracted statements (and of statement-country pairs) against `gold`."""
    matching = MATCHES[match]
    predicted: dict[str, list[Statement]] = {doc: extract_statements(text, doc=doc) for doc, text in texts.items()}
    found = found_country = 0
    speaker_right = 0
    misses, wrong_country = [], []
    for g in gold:
        matches = [p for p in predicted[g.doc] if matching(p, g)]
        if not matches:
            misses.append(g)
            continue
        found += 1
        if any(_same_country(p.country, g.country) for p in matches):
            found_country += 1
        else:
            wrong_country.append((g, matches[0]))
        speaker_right += any(_same_speaker(p.speaker, g.speaker) for p in matches)
    n_pred = correct = correct_country = 0
    false = []
    for doc, statements in predicted.items():
        doc_gold = [g for g in gold if g.doc == doc]
        for p in statements:
            n_pred += 1
            matches = [g for g in doc_gold if matching(p, g)]
            if not matches:
                false.append(p)
                continue
            correct += 1
            correct_country += any(_same_country(p.country, g.country) for g in matches)

    def prf(right_pred: int, right_gold: int) -> dict:
        precision = right_pred / n_pred if n_pred else 0.0
        recall = right_gold / len(gold) if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}

    by_kind = {}
    for kind in ("direct", "reported"):
        of_kind = [g for g in gold if g.kind == kind]
        hit = [g for g in of_kind if g not in misses]
        by_kind[kind] = {"gold": len(of_kind), "recall": len(hit) / len(of_kind) if of_kind else 0.0}
    return {
        "articles": len(texts),
        "gold": len(gold),
        "predicted": n_pred,
        "statements": prf(correct, found),
        "statement_country": prf(correct_country, found_country),
        "speaker_agreement": speaker_right / found if found else 0.0,
        "by_kind": by_kind,
        "misses": misses,
        "wrong_country": wrong_country,
        "false": false,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--match", choices=tuple(MATCHES), default="overlap", help="how a prediction matches a gold statement")
    parser.add_argument("--show", action="store_true", help="list misses, wrong countries and false statements")
    args = parser.parse_args(argv)
    texts, gold = read_gold(args.gold, args.articles)
    result = score(texts, gold, args.match)
    print(f"{result['articles']} articles, {result['gold']} gold statements, {result['predicted']} extracted")
    for name in ("statements", "statement_country"):
        r = result[name]
        print(f"{name:18} precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    for kind, r in result["by_kind"].items():
        print(f"recall of {kind} statements: {r['recall']:.3f} ({r['gold']} gold)")
    print(f"speaker agreement on matched statements: {result['speaker_agreement']:.3f}")
    if args.show:
        for g in result["misses"]:
            print(f"MISS  {g.doc[:12]} [{g.kind}] {g.speaker} | {texts[g.doc][g.start : g.end][:100]}")
        for g, p in result["wrong_country"]:
            print(f"CNTRY {g.doc[:12]} gold {g.country} got {p.country} ({p.speaker}) | {p.text[:80]}")
        for p in result["false"]:
            print(f"FALSE {p.doc[:12]} [{p.kind}] {p.speaker} | {p.text[:100]}")


if __name__ == "__main__":
    main()
