"""The errors a user sees: one family for bad files and inputs, and the check every text list goes through."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class StanceError(ValueError):
    """A file or input `stance` cannot use as given; `path`, `line` (or None) and `problem` say where and what."""

    def __init__(self, path: str | Path | None, line: int | None, problem: str) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.problem = problem
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(problem if where is None else f"{where}: {problem}")

    def __reduce__(self) -> tuple:
        return (_rebuilt, (type(self), self.path, self.line, self.problem))


def _rebuilt(kind: type[StanceError], path: str | None, line: int | None, problem: str) -> StanceError:
    """An error as pickled by a worker process, rebuilt whatever its constructor's signature."""
    error = StanceError.__new__(kind)
    StanceError.__init__(error, path, line, problem)
    return error


class InputFileError(StanceError):
    """An article or statement file cannot be read as given (file, line and field in the message)."""


class LabelFileError(StanceError):
    """A labelled training file breaks a rule of the corpus (file and line in the message)."""


class ActorFileError(StanceError):
    """An actor table CSV breaks a rule (file and line in the message)."""


class ModelFileError(StanceError):
    """A model file is missing, damaged, edited, foreign, or does not match this library."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(path, None, problem)


class ReportError(StanceError):
    """A report cannot be made from these rows (for example, a chart with nothing to draw)."""


def check_texts(texts: Iterable[str]) -> list[str]:
    """Return `texts` as a list of strings; raise TypeError/ValueError naming the first bad item's index.

    A pandas Series gives its values; a DataFrame its `text` column (any other DataFrame is refused).
    """
    kind = type(texts)
    if kind.__name__ == "DataFrame" and kind.__module__.startswith("pandas"):
        if "text" not in texts.columns:
            columns = ", ".join(map(str, texts.columns)) or "none"
            raise TypeError(f"got a DataFrame without a 'text' column (columns: {columns}); pass its column of statements: frame[name]")
        texts = texts["text"]
    if kind.__name__ in ("DataFrame", "Series") and kind.__module__.startswith("pandas"):
        texts = texts.tolist()
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"texts must be an iterable of strings, not a single {type(texts).__name__}; wrap one text in a list: [text]")
    try:
        items = list(texts)
    except TypeError:
        raise TypeError(f"texts must be an iterable of strings, got {type(texts).__name__}") from None
    for index, text in enumerate(items):
        if not isinstance(text, str):
            kind = "None" if text is None else type(text).__name__
            raise TypeError(f"texts[{index}] is {kind}, expected a string")
        if not text.strip():
            raise ValueError(f"texts[{index}] is empty or only white space")
    return items
