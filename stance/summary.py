"""The main job in one call: article and statement files in, a per-country (or per-speaker) stance table out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from stance.actors import ActorTable
from stance.aggregate import MIN_STATEMENTS, GroupSummary, aggregate
from stance.extract import extract_statements
from stance.io import InputFileError, expand_paths, is_statement_file, read_article, read_statements
from stance.model import StanceModel
from stance.scoring import iter_scored


def read_records(
    paths: Iterable[str | Path],
    *,
    actors: ActorTable | None = None,
    on_bad_line: Callable[[InputFileError], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Stream statement records from articles (extracted, dated by their dateline) and statement files, in order.

    Directories give their ``.txt``, ``.csv``, ``.tsv`` and ``.jsonl`` files; ``-`` reads an article from stdin.
    Raises InputFileError naming the file (and line) of the first bad input; with `on_bad_line`, bad lines of
    statement files are passed to it and skipped.
    """
    for path in expand_paths(paths):
        if path != "-" and is_statement_file(path):
            yield from read_statements(path, on_bad_line=on_bad_line)
            continue
        article = read_article(path)
        for s in extract_statements(article.text, doc_id=article.doc, actors=actors):
            yield {
                "text": s.text,
                "speaker": s.speaker,
                "country": s.country,
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "doc": article.doc,
                "file": str(path),
                "date": article.date,
            }


def summarize(
    paths: Iterable[str | Path],
    by: str = "country",
    *,
    period: str | None = None,
    min_statements: int = MIN_STATEMENTS,
    evidence: bool = False,
    sentiment: bool = False,
    model: StanceModel | None = None,
    actors: ActorTable | None = None,
) -> list[GroupSummary]:
    """Read articles and statement files, label every statement (and its tone, when asked), and aggregate per country or speaker."""
    if model is None:
        from stance import _bundled

        model = _bundled()
    scored = iter_scored(read_records(paths, actors=actors), model, sentiment=sentiment)
    return aggregate(scored, by, period=period, min_statements=min_statements, evidence=evidence)
