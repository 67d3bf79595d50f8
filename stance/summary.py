"""The main job in one call: article and statement files in, a per-country (or per-speaker) stance table out."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from stance.actors import ActorTable
from stance.aggregate import MIN_STATEMENTS, GroupSummary, aggregate
from stance.errors import InputFileError, ModelFileError
from stance.extract import extract_statements
from stance.io import Article, expand_paths, is_statement_file, read_article, read_statements
from stance.labels import LABELS
from stance.loading import default_model
from stance.model import StanceModel
from stance.record import Statement
from stance.scoring import iter_scored
from stance.workers import ordered_in_workers

Progress = Callable[[int, "str | None"], None]
"""Called as progress(statements read so far, file being read) for every statement read."""


def read_inputs(
    paths: Iterable[str | Path],
    *,
    actors: ActorTable | None = None,
    on_bad_line: Callable[[InputFileError], None] | None = None,
    columns: Mapping[str, str] | None = None,
    jobs: int = 1,
) -> Iterator[Statement]:
    """Stream Statements from articles (extracted, dated by their dateline) and statement files, in order.

    Directories give their ``.txt``, ``.csv``, ``.tsv`` and ``.jsonl`` files; ``-`` reads an article from stdin.
    Raises InputFileError naming the file (and line) of the first bad input; with `on_bad_line`, bad lines of
    statement files, and whole files that cannot be read (not UTF-8, no text column), are passed to it and skipped.
    `jobs` > 1 extracts articles in that many worker processes.
    """
    renamed = dict(columns or {})
    text_column = renamed.pop("text", "text")
    files = expand_paths(paths)
    articles = [p for p in files if p == "-" or not is_statement_file(p)]
    extracted = None
    if jobs > 1 and len(articles) > 1:

        def arguments(path: str | Path) -> tuple:
            return read_article("-") if path == "-" else path, actors  # standard input can only be read here

        extracted = (statements for _, statements in ordered_in_workers(_statements_or_error, articles, jobs, arguments))
    for path in files:
        try:
            if path != "-" and is_statement_file(path):
                yield from read_statements(path, text_column=text_column, columns=renamed, on_bad_line=on_bad_line)
            elif extracted is None:
                yield from article_statements(path, actors)
            else:
                statements = next(extracted)
                if isinstance(statements, InputFileError):
                    raise statements
                yield from statements
        except InputFileError as error:
            if on_bad_line is None:
                raise
            on_bad_line(InputFileError(error.path, None, f"skipped the whole file: {error.problem}"))


def article_statements(source: str | Path | Article, actors: ActorTable | None = None) -> list[Statement]:
    """The Statements of one article (a path, or an Article already read), with the article's doc, file and dateline date."""
    article = source if isinstance(source, Article) else read_article(source)
    file = "-" if isinstance(source, Article) else str(source)
    return [replace(s, date=article.date, file=file) for s in extract_statements(article.text, doc=article.doc, actors=actors)]


def _statements_or_error(source: str | Path | Article, actors: ActorTable | None) -> list[Statement] | InputFileError:
    """article_statements in a worker, with a bad file's error returned instead of raised, so the stream goes on."""
    try:
        return article_statements(source, actors)
    except InputFileError as error:
        return error


def read_records(paths: Iterable[str | Path], **options: Any) -> Iterator[dict[str, Any]]:
    """Deprecated: `read_inputs` gives the same statements as Statement records."""
    warnings.warn("stance.summary.read_records is deprecated; use read_inputs (Statement records)", DeprecationWarning, stacklevel=2)
    return (s.to_dict() for s in read_inputs(paths, **options))


def summarize(
    paths: Iterable[str | Path],
    by: str = "country",
    *,
    period: str | None = None,
    min_statements: int = MIN_STATEMENTS,
    min_confidence: float | None = None,
    evidence: bool = False,
    sentiment: bool = False,
    model: StanceModel | None = None,
    actors: ActorTable | None = None,
    on_bad_line: Callable[[InputFileError], None] | None = None,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> list[GroupSummary]:
    """Read articles and statement files, label every statement (and its tone, when asked), and aggregate per country or speaker.

    `columns` names the columns of statement files when they are not called text, speaker, country, date
    (``{"text": "Statement", "speaker": "Who"}``). Statements whose label has a probability below `min_confidence`
    are left out of the rows (their number is the count `progress` saw minus the rows' total n). `evidence=True`
    keeps each group's statements with the terms that pushed hardest toward their labels.
    """
    model = default_model() if model is None else model
    if sorted(map(str, model.classes_)) != sorted(LABELS):
        where = model.path_ or "the model given"
        labels = ", ".join(map(str, model.classes_))
        raise ModelFileError(
            where, f"predicts {labels}, not the stance labels {', '.join(LABELS)} a summary needs (label with it by `stance predict`)"
        )
    statements = read_inputs(paths, actors=actors, on_bad_line=on_bad_line, columns=columns, jobs=jobs)
    if progress is not None:
        statements = _reporting(statements, progress)
    labelled = iter_scored(statements, model, sentiment=sentiment, explain=evidence, jobs=jobs)
    if min_confidence is not None:
        labelled = (s for s in labelled if s.confidence >= min_confidence)
    return aggregate(labelled, by, period=period, min_statements=min_statements, evidence=evidence, actors=actors)


def _reporting(statements: Iterable[Statement], progress: Progress) -> Iterator[Statement]:
    for count, statement in enumerate(statements, 1):
        progress(count, statement.file)
        yield statement
