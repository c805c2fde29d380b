"""Query dates are ours (python-dateutil); Whoosh's DateParserPlugin is not used. The last test pins why."""
from datetime import datetime

import pytest

from newssearch.errors import QueryError
from newssearch.query.dates import comparison, date_range, date_span

END = (23, 59, 59, 999999)


@pytest.mark.parametrize("text, start, end", [
    ("2024", datetime(2024, 1, 1), datetime(2024, 12, 31, *END)),
    ("2024-06", datetime(2024, 6, 1), datetime(2024, 6, 30, *END)),
    ("2024-02", datetime(2024, 2, 1), datetime(2024, 2, 29, *END)),      # leap year
    ("2024-06-18", datetime(2024, 6, 18), datetime(2024, 6, 18, *END)),
    ("18 June 2024", datetime(2024, 6, 18), datetime(2024, 6, 18, *END)),
    ("June 2024", datetime(2024, 6, 1), datetime(2024, 6, 30, *END)),
    ("2024/06/18", datetime(2024, 6, 18), datetime(2024, 6, 18, *END)),
    ("2024-Q2", datetime(2024, 4, 1), datetime(2024, 6, 30, *END)),            # quarters and ISO weeks
    ("q4 2023", datetime(2023, 10, 1), datetime(2023, 12, 31, *END)),
    ("2024-W25", datetime(2024, 6, 17), datetime(2024, 6, 23, *END)),
    ("2020-W53", datetime(2020, 12, 28), datetime(2021, 1, 3, *END)),
    # A stated time is its whole minute or hour: "10:00" was the instant 10:00:00, missing a story at 10:00:37.
    ("1987-03-01T10:00", datetime(1987, 3, 1, 10, 0), datetime(1987, 3, 1, 10, 0, 59, 999999)),
    ("1 March 1987 10am", datetime(1987, 3, 1, 10, 0), datetime(1987, 3, 1, 10, 59, 59, 999999)),
    ("1987-03-01 10:00:37", datetime(1987, 3, 1, 10, 0, 37), datetime(1987, 3, 1, 10, 0, 37, 999999)),
])
def test_a_date_covers_its_whole_period(text, start, end):
    assert date_span(text) == (start, end)


def test_ranges_are_inclusive_whole_days_and_may_be_open():
    assert date_range("2024-01-01", "2024-03-31") == (datetime(2024, 1, 1), datetime(2024, 3, 31, *END))
    assert date_range("2024-06-01", None) == (datetime(2024, 6, 1), None)
    assert date_range("", "2024-06-30") == (None, datetime(2024, 6, 30, *END))


@pytest.mark.parametrize("text, message", [
    ("bogus", "cannot read"), ("June 18", "needs a year"), ("2024-13-01", "cannot read"),
    ("2024-W54", "no such ISO week"), ("2024-Q5", "cannot read"),
])
def test_bad_dates_are_query_errors(text, message):
    with pytest.raises(QueryError, match=message):
        date_span(text)


def test_exclusive_ends_leave_out_their_whole_period():
    assert date_range("2024", None, startexcl=True) == (datetime(2025, 1, 1), None)
    assert date_range("2024-02", None, startexcl=True) == (datetime(2024, 3, 1), None)
    assert date_range(None, "2024-06-18", endexcl=True) == (None, datetime(2024, 6, 17, *END))
    with pytest.raises(QueryError, match="starts after it ends"):
        date_range("2024-06", "2024-07", startexcl=True, endexcl=True)     # nothing between June and July


@pytest.mark.parametrize("text, bounds", [
    (">2024-06", ("2024-06", None, True, False)),
    (">= 2024", ("2024", None, False, False)),
    ("<18 June 2024", (None, "18 June 2024", False, True)),
    ("<=now-7d", (None, "now-7d", False, False)),
    ("2024-06", None),
    ("June > May", None),
])
def test_comparisons(text, bounds):
    assert comparison(text) == bounds


def test_a_comparison_without_a_date_says_so():
    with pytest.raises(QueryError, match="needs a date right after it"):
        comparison(">=")


def test_backwards_range_is_an_error():
    with pytest.raises(QueryError, match="starts after it ends"):
        date_range("2024-07-01", "2024-06-01")


def test_whoosh_date_parser_plugin_still_widens_iso_ranges():
    """The trap we work around: if this starts failing, Whoosh fixed the plugin (we still need not use it)."""
    from whoosh import fields, qparser
    from whoosh.qparser.dateparse import DateParserPlugin

    schema = fields.Schema(date=fields.DATETIME)
    qp = qparser.QueryParser("date", schema)
    qp.add_plugin(DateParserPlugin(basedate=datetime(2024, 6, 1)))
    q = qp.parse("date:[2024-01-01 to 2024-03-31]")
    assert (q.startdate, q.enddate) != (datetime(2024, 1, 1), datetime(2024, 3, 31, *END))
    assert q.enddate.month == 12   # the whole year, not the quarter asked for


@pytest.fixture
def fixed_now(monkeypatch):
    import newssearch.query.dates as dates
    monkeypatch.setattr(dates, "now", lambda: datetime(2024, 6, 20, 15, 30))


@pytest.mark.parametrize("text, start, end", [
    ("now", datetime(2024, 6, 20, 15, 30), datetime(2024, 6, 20, 15, 30)),
    ("today", datetime(2024, 6, 20), datetime(2024, 6, 20, *END)),
    ("yesterday", datetime(2024, 6, 19), datetime(2024, 6, 19, *END)),
    ("now-7d", datetime(2024, 6, 13, 15, 30), datetime(2024, 6, 13, 15, 30)),
    ("7d", datetime(2024, 6, 13, 15, 30), datetime(2024, 6, 13, 15, 30)),     # --since 7d: seven days ago
    ("2w", datetime(2024, 6, 6, 15, 30), datetime(2024, 6, 6, 15, 30)),
    ("3m", datetime(2024, 3, 20, 15, 30), datetime(2024, 3, 20, 15, 30)),
    ("1y", datetime(2023, 6, 20, 15, 30), datetime(2023, 6, 20, 15, 30)),
    ("now-3h", datetime(2024, 6, 20, 12, 30), datetime(2024, 6, 20, 12, 30)),
    ("this week", datetime(2024, 6, 17), datetime(2024, 6, 23, *END)),          # 20 June 2024 is a Thursday
    ("last week", datetime(2024, 6, 10), datetime(2024, 6, 16, *END)),
    ("Last Month", datetime(2024, 5, 1), datetime(2024, 5, 31, *END)),
    ("this month", datetime(2024, 6, 1), datetime(2024, 6, 30, *END)),
    ("last year", datetime(2023, 1, 1), datetime(2023, 12, 31, *END)),
    ("this  year", datetime(2024, 1, 1), datetime(2024, 12, 31, *END)),
    # Rolling stretches up to now, as people say them, and "ago" as that instant.
    ("last 7 days", datetime(2024, 6, 13, 15, 30), datetime(2024, 6, 20, 15, 30)),
    ("past week", datetime(2024, 6, 13, 15, 30), datetime(2024, 6, 20, 15, 30)),
    ("past 2 months", datetime(2024, 4, 20, 15, 30), datetime(2024, 6, 20, 15, 30)),
    ("Last 24 hours", datetime(2024, 6, 19, 15, 30), datetime(2024, 6, 20, 15, 30)),
    ("3 days ago", datetime(2024, 6, 17, 15, 30), datetime(2024, 6, 17, 15, 30)),
    ("1 year ago", datetime(2023, 6, 20, 15, 30), datetime(2023, 6, 20, 15, 30)),
])
def test_relative_dates(fixed_now, text, start, end):
    assert date_span(text) == (start, end)


def test_last_month_in_january_is_last_years_december(monkeypatch):
    import newssearch.query.dates as dates
    monkeypatch.setattr(dates, "now", lambda: datetime(2025, 1, 3, 9, 0))
    assert date_span("last month") == (datetime(2024, 12, 1), datetime(2024, 12, 31, *END))


def test_relative_range(fixed_now):
    assert date_range("now-7d", "now") == (datetime(2024, 6, 13, 15, 30), datetime(2024, 6, 20, 15, 30))
