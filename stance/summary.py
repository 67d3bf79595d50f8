"""The main job in one call: article and statement files in, a per-country (or per-speaker) stance table out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from stance.actors import ActorTable
from stance.aggregate import MIN_STATEMENTS, GroupSummary, aggregate
from stance.extract import extract_statements
from stance.io import Article, InputFileError, expand_paths, is_statement_file, read_article, read_statements
from stance.model import StanceModel
from stance.scoring import iter_scored
from stance.workers import ordered_in_workers


def read_records(
    paths: Iterable[str | Path],
    *,
    actors: ActorTable | None = None,
    on_bad_line: Callable[[InputFileError], None] | None = None,
    jobs: int = 1,
) -> Iterator[dict[str, Any]]:
    """Stream statement records from articles (extracted, dated by their dateline) and statement files, in order.

    Directories give their ``.txt``, ``.csv``, ``.tsv`` and ``.jsonl`` files; ``-`` reads an article from stdin.
    Raises InputFileError naming the file (and line) of the first bad input; with `on_bad_line`, bad lines of
    statement files are passed to it and skipped. `jobs` > 1 extracts articles in that many worker processes.
    """
    files = expand_paths(paths)
    articles = [p for p in files if p == "-" or not is_statement_file(p)]
    extracted = None
    if jobs > 1 and len(articles) > 1:

        def arguments(path: str | Path) -> tuple:
            return read_article("-") if path == "-" else path, actors  # standard input can only be read here

        extracted = (records for _, records in ordered_in_workers(article_records, articles, jobs, arguments))
    for path in files:
        if path != "-" and is_statement_file(path):
            yield from read_statements(path, on_bad_line=on_bad_line)
        else:
            yield from next(extracted) if extracted is not None else article_records(path, actors)


def article_records(source: str | Path | Article, actors: ActorTable | None = None) -> list[dict[str, Any]]:
    """The statement records of one article (a path, or an Article already read): extracted, with speaker,
    country, offsets, doc, file and the dateline's date."""
    article = source if isinstance(source, Article) else read_article(source)
    file = "-" if isinstance(source, Article) else str(source)
    return [
        {
            "text": s.text,
            "speaker": s.speaker,
            "country": s.country,
            "kind": s.kind,
            "start": s.start,
            "end": s.end,
            "doc": article.doc,
            "file": file,
            "date": article.date,
        }
        for s in extract_statements(article.text, doc_id=article.doc, actors=actors)
    ]


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
    jobs: int = 1,
) -> list[GroupSummary]:
    """Read articles and statement files, label every statement (and its tone, when asked), and aggregate per country or speaker."""
    if model is None:
        from stance import _bundled

        model = _bundled()
    scored = iter_scored(read_records(paths, actors=actors, jobs=jobs), model, sentiment=sentiment, jobs=jobs)
    return aggregate(scored, by, period=period, min_statements=min_statements, evidence=evidence)
