"""Dates: ISO date prefixes normalized, and the dateline near the top of an article."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATELINE = re.compile(
    r"\b(?:(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})"
    r"|" + _MONTH + r"\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})"
    r"|(?P<d3>\d{1,2})\s+" + _MONTH.replace("month", "month3") + r",?\s+(?P<y3>\d{4}))(?!\d)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?")
DATELINE_WINDOW = 1000
"""How far into an article (characters) a dateline is looked for."""


def parse_date(value: str) -> str | None:
    """An ISO date prefix (``2025``, ``2025-03``, ``2025-03-12``, a timestamp) normalised to ``YYYY[-MM[-DD]]``; None if not a date."""
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(part for part in (year, month, day) if part)


def find_dateline(text: str) -> str | None:
    """The first full date (day, month and year) near the top of an article, as ``YYYY-MM-DD``; None when it states none."""
    for match in _DATELINE.finditer(text, 0, min(len(text), DATELINE_WINDOW)):
        groups = match.groupdict()
        if groups["y1"]:
            year, month, day = int(groups["y1"]), int(groups["m1"]), int(groups["d1"])
        elif groups["y2"]:
            year, month, day = int(groups["y2"]), _MONTHS[groups["month"].lower()], int(groups["d2"])
        else:
            year, month, day = int(groups["y3"]), _MONTHS[groups["month3"].lower()], int(groups["d3"])
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None
