from datetime import datetime

import pytest

from newssearch.extract import dates
from newssearch.extract.dates import find_date, parse_date, parse_dateline
from newssearch.readers.sgml import _clean


@pytest.mark.parametrize("text, expected, tz", [
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, 790000), None),   # Reuters <DATE>
    ("2024-06-18T10:30:00+09:00", datetime(2024, 6, 18, 10, 30), "+09:00"),      # kept in the source's zone
    ("Mon, 06 Nov 2023 16:00:00 -0500", datetime(2023, 11, 6, 16, 0), "-05:00"),  # RSS pubDate
    ("June 18, 2024", datetime(2024, 6, 18), None),
    ("2024-06-18", datetime(2024, 6, 18), None),
    ("1718700000", datetime(2024, 6, 18, 8, 40), "+00:00"),                      # Unix seconds in exports
])
def test_parse_date_keeps_the_wall_clock_of_the_source(text, expected, tz):
    assert parse_date(text) == (expected, tz)


@pytest.mark.parametrize("text", ["", None, "no date here", "yesterday-ish"])
def test_parse_date_gives_nothing_rather_than_a_guess(text):
    assert parse_date(text) == (None, None)


def test_wire_dates_read_directly_equal_dateutils_reading(reuters_000, monkeypatch):
    # Every <DATE> of a real Reuters file, trailing junk ("...01.79\t\t\tF") and impossible days included.
    import re
    stamps = [_clean(s) for s in re.findall(r"<DATE>(.*?)</DATE>", reuters_000.read_text(encoding="latin-1"))]
    stamps += ["31-FEB-1987 15:01:01.79", "5-apr-0987 01:53:30", "26-FOO-1987 15:01:01.79", "26-FEB-1987 15:01"]
    direct = [parse_date(s) for s in stamps]
    assert sum(dates._wire_date(s) is not None for s in stamps) >= 900
    monkeypatch.setattr(dates, "_wire_date", lambda text: None)
    assert direct == [parse_date(s) for s in stamps]


def test_late_evening_stays_on_its_own_day():
    # 23:30 in Seoul is 14:30 UTC on the same day; 00:30 would be the day before in UTC. Keep the source's day.
    assert parse_date("2024-06-19T00:30:00+09:00")[0].day == 19


@pytest.mark.parametrize("text, expected", [
    ("Updated 2024-06-18 10:30 GMT", datetime(2024, 6, 18, 10, 30)),
    ("June 19, 2024 10:12 AM", datetime(2024, 6, 19, 10, 12)),
    ("Published 18 June 2024", datetime(2024, 6, 18)),
])
def test_find_date_in_page_lines(text, expected):
    assert find_date(text)[0] == expected


def test_find_date_needs_a_year():
    assert find_date("MOSCOW, June 18 (Reuters) - The Kremlin said") == (None, None)


@pytest.mark.parametrize("line, place, md, agency", [
    ("MOSCOW, June 18 (Reuters) - Russia said", "MOSCOW", "June 18", "Reuters"),
    ("PYONGYANG, North Korea \u2014 Russian President", "PYONGYANG, North Korea", None, None),
    ("NAIROBI, Kenya (AP) \u2014 Startups", "NAIROBI, Kenya", None, "AP"),
    ("SALVADOR, Feb 26 - Showers continued", "SALVADOR", "Feb 26", None),
])
def test_parse_dateline(line, place, md, agency):
    assert parse_dateline(line)[:3] == (place, md, agency)


@pytest.mark.parametrize("line", ["US stocks - fell on Monday", "Hello, world - again", "The Kremlin said"])
def test_sentences_are_not_datelines(line):
    assert parse_dateline(line) is None
