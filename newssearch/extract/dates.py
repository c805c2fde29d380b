"""Dates as sources state them: parsed with python-dateutil, kept in the source's own time zone."""
from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta

from dateutil import parser as dateparser

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?)?"
# The forms news pages use; each needs a year, so a bare "June 18" is never mistaken for a full date.
FULL_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|\s?[+-]\d{2}:?\d{2}|\s[A-Z]{2,4}\b)?)?(?![\d-])"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b{_TIME}"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b{_TIME}",
    re.IGNORECASE,
)
# "MOSCOW, June 18 (Reuters) -": a wire dateline; month and day only.
_CAPS = r"[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*"
_NAME = r"[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+)*"
DATELINE = re.compile(
    rf"^(?P<place>{_CAPS}(?:,\s*{_NAME})?)(?:,\s+(?P<md>{_MONTH}\s+\d{{1,2}}))?"
    r"\s*(?:\((?P<agency>[A-Za-z ]+)\))?\s*[-\u2013\u2014]+\s+",
)
# US zone abbreviations news pages print; dateutil knows only UTC/GMT by itself.
_TZINFOS = {name: hours * 3600 for name, hours in {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11}.items()}


# The form wire archives stamp every story with ("26-FEB-1987 15:01:01.79", Reuters-21578), read directly:
# dateutil's general parser took a quarter of the SGML reader's time for it. Anything else goes to dateutil.
_WIRE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?")
_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"), 1)}


def _wire_date(text: str) -> datetime | None:
    m = _WIRE.fullmatch(text)
    month = m and _MONTHS.get(m.group(2).lower())
    if not month:
        return None
    day, year, hour, minute, second = (int(m.group(i)) for i in (1, 3, 4, 5, 6))
    if not 1000 <= year <= 2999:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, int((m.group(7) or "0").ljust(6, "0")))
    except ValueError:
        return None


def format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(text: str | None, default: datetime | None = None) -> tuple[datetime | None, str | None]:
    """Parse one date string; return (naive wall-clock datetime, UTC offset or None), or (None, None)."""
    if not text or not str(text).strip():
        return None, None
    text = str(text).strip()
    wire = _wire_date(text)
    if wire is not None:
        return wire, None
    default = default or datetime(1900, 1, 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dt = dateparser.parse(text, default=default, tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError):
        # Unix timestamps appear in JSON exports.
        if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
            seconds = float(text) / (1000 if len(text.split(".")[0]) > 10 else 1)
            return datetime.utcfromtimestamp(seconds), "+00:00"
        return None, None
    if not 1000 <= dt.year <= 2999:
        return None, None
    offset = dt.utcoffset()
    return dt.replace(tzinfo=None), (format_offset(offset) if offset is not None else None)


def find_date(text: str) -> tuple[datetime | None, str | None]:
    """The first full date (with a year) stated in free text."""
    for match in FULL_DATE.finditer(text):
        found = parse_date(match.group(0))
        if found[0] is not None:
            return found
    return None, None


def parse_dateline(line: str) -> tuple[str, str | None, str | None, int] | None:
    """Split a wire dateline off the start of a line: (place, "June 18" or None, agency or None, end offset)."""
    m = DATELINE.match(line)
    if not m:
        return None
    return m.group("place").strip(), m.group("md"), m.group("agency"), m.end()
