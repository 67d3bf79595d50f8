"""Reading the inputs: article text files and statement files (CSV, TSV, JSON Lines), streamed."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from stance.dates import find_dateline, parse_date
from stance.errors import InputFileError, StanceError
from stance.record import Statement

T = TypeVar("T")

STATEMENT_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".jsonl", ".ndjson")
"""File name endings read as statement files; any other file is read as one article."""

ARTICLE_SUFFIXES: tuple[str, ...] = (".txt",)
"""File name endings a directory is searched for, besides STATEMENT_SUFFIXES."""

_PLACE_NAMES = ("speaker", "country", "doc", "target")
_REQUIRED = ("text", "label")

RECORD_FIELDS: tuple[str, ...] = ("text", "speaker", "country", "date", "doc", "target")
"""The fields a statement record may carry; only `text` is required."""


@contextmanager
def open_atomically(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside `path` for writing; on success it is flushed to disk and renamed over `path`.

    If the block raises (or the process dies), `path` keeps its old content and the temporary file is removed.
    The file gets the mode a plain open() would give it: an existing file's mode, or for a new one 0o666 less
    the umask (the kernel applies it as the file is created, so the umask is never read or changed). A path that
    is not a regular file (/dev/null, a named pipe) is written to directly.
    """
    path = Path(path)
    options = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    try:
        existing = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with path.open(mode, **options) as out:
            yield out
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _create_beside(path)
    try:
        with os.fdopen(handle, mode, **options) as out:
            if existing is not None:
                os.chmod(temporary, stat.S_IMODE(existing.st_mode))
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, empty, uniquely named hidden file in `path`'s folder, created as open() creates files (mode 0o666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name beside {path}")


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file and a rename: a crash leaves the old file or the new, never half."""
    with open_atomically(path, "wb") as out:
        out.write(data)
    return Path(path)


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read a megabyte at a time."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_csv(path: str | Path, error: type[StanceError], parse: Callable[[Path, Any], T]) -> T:
    """`parse(path, reader)` over a UTF-8 CSV file's csv.reader; a file that cannot be opened, decoded or parsed raises
    `error` naming the file (and the line, where there is one)."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise error(path, None, f"cannot open: {exc.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        try:
            return parse(path, reader)
        except UnicodeDecodeError as exc:
            raise error(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except csv.Error as exc:
            raise error(path, reader.line_num, f"malformed CSV: {exc}") from None


@dataclass(frozen=True)
class Article:
    """One article's text, where it came from, and the date its dateline states (ISO ``YYYY-MM-DD``, or None)."""

    doc: str
    text: str
    date: str | None = None


def is_statement_file(path: str | Path) -> bool:
    """Whether a path names a statement file (by its ending) rather than an article."""
    return Path(path).suffix.lower() in STATEMENT_SUFFIXES


def expand_paths(paths: Iterable[str | Path], *, skipped: Callable[[Path], None] | None = None) -> list[Path | str]:
    """Files to read, in order: each directory replaced by its article and statement files, subdirectories included
    (sorted; hidden files and folders left out); ``-`` kept for stdin. Other files in a directory go to `skipped`."""
    out: list[Path | str] = []
    for given in paths:
        if str(given) == "-":
            out.append("-")
            continue
        path = Path(given)
        if path.is_dir():
            found = []
            for file in sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                if file.suffix.lower() in ARTICLE_SUFFIXES + STATEMENT_SUFFIXES:
                    found.append(file)
                elif skipped is not None:
                    skipped(file)
            if not found:
                endings = ", ".join(ARTICLE_SUFFIXES + STATEMENT_SUFFIXES)
                raise InputFileError(path, None, f"no article or statement files ({endings}) in this directory or below it")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise InputFileError(path, None, "no such file or directory")
    return out


def read_article(path: str | Path) -> Article:
    """Read one article (UTF-8; ``-`` reads standard input); its doc is the file name."""
    if str(path) == "-":
        text = sys.stdin.read()
        return Article("<stdin>", text, find_dateline(text))
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(path, None, f"cannot read: {exc.strerror}") from None
    if b"\x00" in raw[:8192]:
        raise InputFileError(path, None, "looks like a binary file, not an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputFileError(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    return Article(path.name, text, find_dateline(text))


def read_statements(
    path: str | Path,
    *,
    text_column: str = "text",
    columns: Mapping[str, str] | None = None,
    on_bad_line: Callable[[InputFileError], None] | None = None,
) -> Iterator[Statement]:
    """Stream the Statements of a statement file: `text`, any of speaker, country, date, doc, target, and `file`, `line`.

    `columns` names the column of any of speaker, country, date, doc and target when it is not called so
    (``{"speaker": "Who"}``); a named column must exist.

    CSV and TSV need a header with the text column; JSON Lines need one object with a text field per line.
    Column names are matched without regard to case. Dates are normalized by `parse_date`. A bad line raises
    InputFileError naming the file, line and field; with `on_bad_line`, it is passed the error instead and
    the line is skipped (a bad file, such as one without a header or a binary one, still raises).
    """
    unknown = sorted(set(columns or ()) - set(_PLACE_NAMES) - {"date"})
    if unknown:
        raise ValueError(f"columns can rename {', '.join((*_PLACE_NAMES, 'date'))}, not {', '.join(unknown)}")
    for statement, _ in _read(Path(path), {**(columns or {}), "text": text_column}, on_bad_line):
        yield statement


def read_labelled_statements(
    path: str | Path,
    *,
    text_column: str = "text",
    label_column: str = "label",
    on_bad_line: Callable[[InputFileError], None] | None = None,
) -> Iterator[tuple[Statement, str]]:
    """Stream (Statement, gold label) pairs from a statement file with a label column, as `read_statements` reads it."""
    yield from _read(Path(path), {"text": text_column, "label": label_column}, on_bad_line)


def _read(path: Path, names: dict[str, str], on_bad_line: Callable[[InputFileError], None] | None) -> Iterator[tuple[Statement, str | None]]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputFileError(path, None, f"cannot open: {exc.strerror}") from None
    with handle:
        if b"\0" in handle.read(8192):
            raise InputFileError(path, None, "looks like a binary file, not a statement file")
        handle.seek(0)
        lines = _decoded_lines(path, handle, on_bad_line)
        suffix = path.suffix.lower()
        file = str(path)
        if suffix in (".jsonl", ".ndjson"):
            rows = _jsonl_rows(path, lines, names)
        else:
            rows = _table_rows(path, lines, "\t" if suffix == ".tsv" else ",", names)
        for line, row in rows:
            try:
                if isinstance(row, InputFileError):
                    raise row
                yield _record(path, line, row, names, file)
            except InputFileError as exc:
                if on_bad_line is None:
                    raise
                on_bad_line(exc)


def _decoded_lines(path: Path, handle, on_bad_line: Callable[[InputFileError], None] | None) -> Iterator[str]:
    """The file's lines as text (UTF-8, a leading BOM dropped); a line that is not UTF-8 raises, or is reported and read as blank."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            error = InputFileError(path, number, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
            if on_bad_line is None:
                raise error from None
            on_bad_line(error)
            yield "\n"


def _table_rows(path: Path, lines: Iterator[str], delimiter: str, names: dict[str, str]) -> Iterator[tuple[int, dict | InputFileError]]:
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputFileError(path, None, f"empty file: expected a header line with a '{names['text']}' column") from None
    except csv.Error as exc:
        raise InputFileError(path, 1, f"malformed header: {exc}") from None
    columns = [name.strip().lower() for name in header]
    for given in names.values():
        if given.lower() not in columns:
            raise InputFileError(path, 1, f"no '{given}' column in the header (found: {', '.join(map(_printable, header)) or 'nothing'})")
    canonical = {given.lower(): field for field, given in names.items()}
    wanted = {canonical.get(name, name): i for i, name in enumerate(columns) if name in canonical or (name in RECORD_FIELDS and name not in names)}
    line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if reader.line_num == line:
                raise InputFileError(path, line + 1, f"malformed CSV: {exc}") from None
            yield reader.line_num, InputFileError(path, reader.line_num, f"malformed CSV: {exc}")
            line = reader.line_num
            continue
        if not any(cell.strip() for cell in row):
            line = reader.line_num
            continue
        if len(row) != len(columns):
            yield line + 1, InputFileError(path, line + 1, f"{len(row)} fields where the header has {len(columns)}")
        else:
            yield line + 1, {name: row[i] for name, i in wanted.items()}
        line = reader.line_num


def _jsonl_rows(path: Path, lines: Iterator[str], names: dict[str, str]) -> Iterator[tuple[int, dict | InputFileError]]:
    fields = _field_names(names)
    loads = json.loads
    for line, raw in enumerate(lines, start=1):
        try:
            row = loads(raw)
        except (json.JSONDecodeError, RecursionError) as exc:
            if not raw.strip():
                continue
            problem = f"not valid JSON: {exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else "JSON nested too deeply"
            yield line, InputFileError(path, line, problem)
            continue
        if not isinstance(row, dict):
            yield line, InputFileError(path, line, f"expected a JSON object with a '{names['text']}' field, got {type(row).__name__}")
            continue
        found = {}
        for key, value in row.items():
            field = fields.get(key) or fields.get(key.lower())
            if field is not None:
                found[field] = value
        if "\\ud" in raw or "\\uD" in raw:
            problem = _lone_surrogate(found, names)
            if problem:
                yield line, InputFileError(path, line, problem)
                continue
        yield line, found


def _lone_surrogate(found: dict[str, Any], names: dict[str, str]) -> str | None:
    """What is wrong with a field holding half of a UTF-16 surrogate pair (a JSON escape such as \\ud800), which no file can be written with."""
    for field, value in found.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                half = f"\\u{ord(value[exc.start]):04x}"
                return f"field '{names.get(field, field)}' is not valid Unicode: a lone surrogate {half} at character {exc.start + 1}"
    return None


def _field_names(names: dict[str, str]) -> dict[str, str]:
    """Lower-case column name to record field: the given names (`names` maps field to column), and the other RECORD_FIELDS as themselves."""
    fields = {name: name for name in RECORD_FIELDS if name not in names}
    fields.update((given.lower(), field) for field, given in names.items())
    return fields


def _printable(name: str) -> str:
    """A name from the input as it can be shown on one line: quoted and escaped when it has control characters."""
    return name if name.isprintable() else repr(name)


def _record(path: Path, line: int, row: dict, names: dict[str, str], file: str) -> tuple[Statement, str | None]:
    given = {}
    for field, column in names.items():
        if field not in _REQUIRED:
            continue
        value = row.get(field)
        if not isinstance(value, str):
            problem = f"no '{column}' field" if value is None else f"field '{column}' is {type(value).__name__}, expected a string"
            raise InputFileError(path, line, problem)
        if not value.strip():
            raise InputFileError(path, line, f"field '{column}' is empty")
        given[field] = value
    place = {"doc": path.name}
    for name in _PLACE_NAMES:
        value = row.get(name)
        if value is not None:
            if not isinstance(value, str):
                raise InputFileError(path, line, f"field '{name}' is {type(value).__name__}, expected a string")
            value = value.strip()
            if value:
                place[name] = value
    value = row.get("date")
    if value not in (None, ""):
        date = parse_date(value) if isinstance(value, str) else None
        if date is None:
            raise InputFileError(path, line, f"field 'date' is not a date: {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
        place["date"] = date
    label = given["label"].strip() if "label" in given else None
    return Statement(given["text"], file=file, line=line, **place), label
