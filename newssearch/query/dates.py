"""Date expressions in queries, turned into whole-day ranges by python-dateutil, never by Whoosh's DateParserPlugin
(which widens "2024-01-01 to 2024-03-31" to all of 2024 and crashes without a basedate)."""
from __future__ import annotations

import calendar
import re
import warnings
from datetime import datetime, timedelta

from ..errors import QueryError

_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_INSTANT = timedelta(microseconds=1)
_END_OF_DAY = timedelta(days=1) - _INSTANT
# Two defaults that differ in every part: a part that comes out the same under both was stated by the user.
_DEFAULT_A = datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2002, 2, 2, 1, 1, 1)


def _month_span(year: int, month: int) -> tuple[datetime, datetime]:
    last = calendar.monthrange(year, month)[1]
    return datetime(year, month, 1), datetime(year, month, last) + _END_OF_DAY


def _year_span(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1), datetime(year, 12, 31) + _END_OF_DAY


def _week_span(monday: datetime) -> tuple[datetime, datetime]:
    return monday, monday + timedelta(days=7) - _INSTANT


_RELATIVE = re.compile(r"^(?:now\s*-\s*)?(\d+)\s*([hdwmy])$", re.I)
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_PERIOD = re.compile(r"^(this|last)\s+(week|month|year)$")
# "last 7 days", "past 2 weeks", "past month": the stretch up to now; "3 days ago": that instant.
_ROLLING = re.compile(r"^(?:(?:last|past)\s+(\d+\s+)?(hour|day|week|month|year)s?|(\d+)\s+(hour|day|week|month|year)s?"
                      r"\s+ago)$")
_QUARTER = re.compile(r"^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*(\d{4}))$")
_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$")                 # ISO 8601 week: 2024-W25


def now() -> datetime:
    """The present as the machine's wall clock tells it (a function, so tests can fix it)."""
    return datetime.now()


def _relative(text: str) -> tuple[datetime, datetime] | None:
    """now, today, yesterday, this/last week (Monday to Sunday), month or year, now-7d, and 7d / 2w / 3m / 1y
    as "that long ago": Elasticsearch's date math and the words a newsroom uses."""
    key = text.lower()
    current = now()
    midnight = current.replace(hour=0, minute=0, second=0, microsecond=0)
    if key == "now":
        return current, current
    if key == "today":
        return midnight, midnight + _END_OF_DAY
    if key == "yesterday":
        return midnight - timedelta(days=1), midnight - timedelta(microseconds=1)
    m = _PERIOD.match(key)
    if m:
        back = int(m.group(1) == "last")
        if m.group(2) == "week":                    # Monday to Sunday
            monday = midnight - timedelta(days=midnight.weekday() + 7 * back)
            return _week_span(monday)
        if m.group(2) == "month":
            year, month = divmod(current.year * 12 + current.month - 1 - back, 12)
            return _month_span(year, month + 1)
        return _year_span(current.year - back)
    m = _ROLLING.match(key)
    if m:
        if m.group(2):                              # last/past [N] units: from then to now
            then = _back(current, int(m.group(1) or 1), m.group(2)[0])
            return then, current
        then = _back(current, int(m.group(3)), m.group(4)[0])
        return then, then
    m = _QUARTER.match(key)
    if m:
        year, quarter = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        return _month_span(year, 3 * quarter - 2)[0], _month_span(year, 3 * quarter)[1]
    m = _WEEK.match(key)
    if m:
        try:
            monday = datetime.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            raise QueryError(f"{text}: no such ISO week") from None
        return _week_span(monday)
    m = _RELATIVE.match(key) if (key.startswith("now") or key[:1].isdigit()) else None
    if not m:
        return None
    then = _back(current, int(m.group(1)), m.group(2).lower())
    return then, then


def _back(current: datetime, n: int, unit: str) -> datetime:
    """current less n hours, days, weeks, months or years (h d w m y); a month back from 31 March is 28 or 29
    February."""
    if unit in _UNITS:
        return current - n * _UNITS[unit]
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(current.month - 1 - months, 12)
    year += current.year
    return current.replace(year=year, month=month + 1, day=min(current.day, calendar.monthrange(year, month + 1)[1]))


def date_span(text: str) -> tuple[datetime, datetime]:
    """The first and last instant a date expression covers: "2024" is the year, "2024-06" the month, and
    "2024-06-18" or "18 June 2024" the day, inclusive at both ends; "now-7d" and "yesterday" are relative."""
    text = text.strip().strip("'\"")
    relative = _relative(text)
    if relative:
        return relative
    try:
        m = _ISO.match(text)
        if m:
            year, month, day = (int(g) if g else None for g in m.groups())
            if month is None:
                return _year_span(year)
            if day is None:
                return _month_span(year, month)
            start = datetime(year, month, day)
            return start, start + _END_OF_DAY
        # Imported here: most queries have no date, and dateutil's parser (with zoneinfo) was ~10 ms of
        # every cold `newssearch query`.
        from dateutil import parser as dateparser

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = dateparser.parse(text, default=_DEFAULT_A, ignoretz=True)
            b = dateparser.parse(text, default=_DEFAULT_B, ignoretz=True)
    except (ValueError, OverflowError, TypeError):
        raise QueryError(f"cannot read {text!r} as a date (try 2024-06-18, 2024-06 or 2024)") from None
    if a.year != b.year:
        raise QueryError(f"the date {text!r} needs a year")
    if a.month != b.month:
        return _year_span(a.year)
    if a.day != b.day:
        return _month_span(a.year, a.month)
    if a.hour != b.hour:
        return datetime(a.year, a.month, a.day), datetime(a.year, a.month, a.day) + _END_OF_DAY
    # A stated time is the whole of its last stated part: "10:00" is the minute (it was the instant 10:00:00,
    # missing a story filed at 10:00:37), "10am" the hour.
    if a.minute != b.minute:
        return a, a + timedelta(hours=1) - _INSTANT
    if a.second != b.second:
        return a, a + timedelta(minutes=1) - _INSTANT
    return a, a + timedelta(seconds=1) - _INSTANT


_MIDNIGHT, _LAST = datetime.min.time(), datetime.max.time()


def described(lo: datetime | None, hi: datetime | None) -> str:
    """A range as read, for people: "dated 2025-01-01 to 2025-12-31", "dated from 1987-03-02 10:00:00"."""
    lo_text, hi_text = (None if d is None else d.strftime("%Y-%m-%d" if d.time() in (_MIDNIGHT, _LAST) else
                                                          "%Y-%m-%d %H:%M:%S") for d in (lo, hi))
    return (f"dated {lo_text} to {hi_text}" if lo_text and hi_text else f"dated from {lo_text}" if lo_text
            else f"dated up to {hi_text}")


def bounds_json(lo: datetime | None, hi: datetime | None) -> dict:
    return {"from": lo.isoformat() if lo else None, "to": hi.isoformat() if hi else None}


def since_until(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None] | None:
    """--since and --until as the bounds they filter by and the answer repeats; None when neither is given."""
    return date_range(since, until) if since or until else None


def date_range(start: str | None, end: str | None, startexcl: bool = False,
               endexcl: bool = False) -> tuple[datetime | None, datetime | None]:
    """[start TO end], whole periods, inclusive; either end may be open (None or empty). An exclusive end leaves
    out its whole period: {2024-06 TO 2024-09} is July and August."""
    lo = hi = None
    if start and start.strip():
        first, last = date_span(start)
        lo = last + _INSTANT if startexcl else first
    if end and end.strip():
        first, last = date_span(end)
        hi = first - _INSTANT if endexcl else last
    if lo and hi and lo > hi:
        raise QueryError(f"the date range starts after it ends ({start} > {end})")
    return lo, hi


_COMPARISON = re.compile(r"^\s*([<>]=?)\s*([^=\s].*)$", re.S)


def comparison(text: str) -> tuple[str | None, str | None, bool, bool] | None:
    """>2024-06, >=2024, <"18 June 2024", <=now-7d as (start, end, startexcl, endexcl), as Elasticsearch and
    Lucene read them; None for text that is not a comparison."""
    m = _COMPARISON.match(text)
    if not m:
        if text.strip() in (">", ">=", "<", "<="):
            raise QueryError(f"{text.strip()!r} needs a date right after it (date:{text.strip()}2024-06-18)")
        return None
    op, value = m.groups()
    return (value, None, op == ">", False) if op[0] == ">" else (None, value, False, op == "<")
