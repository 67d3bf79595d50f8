"""What long commands tell the user on stderr: progress (a bar with count, rate and time left, only on a terminal) and
the bad lines they skipped."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from stance.errors import InputFileError

REFRESH = 0.1
"""Seconds between redraws at most: updating the display per statement would cost more than the work."""


class Progress:
    """Counts work done (`count`) and, on a terminal, shows it against `total` (None: unknown) with rate and time left."""

    def __init__(self, total: int | None, unit: str = "statements", stream: Any = None) -> None:
        self.total = total
        self.unit = unit
        self.count = 0
        self.stream = sys.stderr if stream is None else stream
        self._display: Any = None
        self._task: Any = None
        self._drawn = 0.0

    def __enter__(self) -> Progress:
        if self.stream.isatty():
            from rich import progress as bars
            from rich.console import Console

            columns = [
                bars.SpinnerColumn(),
                bars.BarColumn(),
                bars.MofNCompleteColumn() if self.total else bars.TextColumn("{task.completed:,}"),
                bars.TextColumn(f"{self.unit} {{task.fields[rate]}}  {{task.description}}"),
                bars.TimeElapsedColumn(),
                bars.TimeRemainingColumn(),
            ]
            self._display = bars.Progress(*columns, console=Console(file=self.stream), transient=True)
            self._display.start()
            self._task = self._display.add_task("", total=self.total, rate="")
            self._started = time.perf_counter()
        return self

    def update(self, count: int, description: str | None = None) -> None:
        """Record that `count` units are done (`description`: what is being worked on, such as a file name)."""
        self.count = count
        if self._display is None:
            return
        now = time.perf_counter()
        if now - self._drawn >= REFRESH or count == self.total:
            self._drawn = now
            self._draw(now, description)

    def _draw(self, now: float, description: str | None = None) -> None:
        rate = self.count / max(now - self._started, 1e-9)
        self._display.update(self._task, completed=self.count, description=description or "", rate=f"{rate:,.0f}/s", refresh=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._display is not None:
            self._draw(time.perf_counter())
            self._display.stop()


class BadLines:
    """Collects what --skip-bad-lines skipped (bad lines, and whole files with no line) and reports it in a line each on stderr."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.errors: list[InputFileError] = []
        self.files: list[InputFileError] = []

    def __call__(self, error: InputFileError) -> None:
        (self.errors if error.line is not None else self.files).append(error)

    def report(self) -> None:
        for found, what in ((self.errors, "bad line"), (self.files, "unreadable file")):
            if found:
                more = f" (first: {found[0]})" if len(found) > 1 else f": {found[0]}"
                print(f"stance {self.command}: skipped {len(found):,} {what}{'s' * (len(found) > 1)}{more}", file=sys.stderr)


def skipped_files_notice(command: str, files: list[Path]) -> str | None:
    """One line naming the files of the given directories that were not read (not an article or statement file)."""
    if not files:
        return None
    shown = ", ".join(str(f) for f in files[:3]) + (f" and {len(files) - 3:,} more" if len(files) > 3 else "")
    plural = "s" * (len(files) > 1)
    kinds = (
        "not articles (.txt) or statement files (.csv, .tsv, .jsonl)" if plural else "not an article (.txt) or statement file (.csv, .tsv, .jsonl)"
    )
    return f"stance {command}: did not read {len(files):,} file{plural}, {kinds}: {shown}"


def lines_in(path: str | Path) -> int:
    """The number of lines of a file (quickly, in binary), for a progress total."""
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
