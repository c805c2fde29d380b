"""CSV and TSV exports, shaped as two that researchers use are (header, quoting, value formats), with text of
our own: Kaggle's "All the News" and a Media Cloud story list."""
import gzip
from datetime import datetime

import pytest

from newssearch.errors import ReadError
from newssearch.readers import delimited, reader_for

ALL_THE_NEWS = (',id,title,publication,author,date,year,month,url,content\n'
                '0,17283,Harbour Republicans fret about winning,New York Times,Carl Hulse,2016-12-31,2016.0,12.0,,'
                '"WASHINGTON — Congressional Republicans have a new fear.\n\nThey might win, and ""then what""?"\n'
                '1,17284,Rift as killings persist,New York Times,"Benjamin Mueller and Al Baker",2017-06-19,2017.0,'
                '6.0,,"After the shells get counted, people peer down from windows."\n')
MEDIA_CLOUD = ("stories_id;publish_date;title;url;language;media_name\n"
               "1593029380;2020-05-26 14:02:11;Lockdown eased in Lagos;https://example.org/a;en;Premium Times\n"
               "\n"
               "1593029381;2020-05-26 15:40:00;Markets rally;https://example.org/b;en\n")


def read(path):
    problems = []
    return list(delimited.read(str(path), problems.append)), problems


def test_all_the_news(tmp_path):
    path = tmp_path / "articles1.csv"
    path.write_text(ALL_THE_NEWS, encoding="utf-8")
    assert reader_for(str(path)) is delimited
    (a, b), problems = read(path)
    assert problems == [] and (a.key, b.key) == ("17283", "17284")
    assert a.title == "Harbour Republicans fret about winning" and a.source == "New York Times"  # publication
    assert a.date == datetime(2016, 12, 31) and a.byline == "Carl Hulse"
    assert a.body.endswith('They might win, and "then what"?') and "\n\n" in a.body    # quoted, multi-line
    assert b.byline == "Benjamin Mueller and Al Baker"


def test_media_cloud_semicolons_and_a_short_row(tmp_path):
    path = tmp_path / "stories.csv.gz"
    path.write_bytes(gzip.compress(MEDIA_CLOUD.encode()))
    [a], problems = read(path)
    assert (a.key, a.title, a.source) == ("1593029380", "Lockdown eased in Lagos", "Premium Times")
    assert a.date == datetime(2020, 5, 26, 14, 2, 11) and a.body == ""
    assert problems == ["row 4: 5 cells for 6 columns"]          # the blank line is no row


def test_a_table_that_is_not_news_is_an_error(tmp_path):
    path = tmp_path / "prices.tsv"
    path.write_text("ticker\tclose\nAAPL\t190.2\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no title or text column among ticker, close"):
        read(path)


def test_a_long_story_fits_in_a_cell(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('title,text\nLong one,"' + "word " * 60_000 + '"\n', encoding="utf-8")   # 300 KB
    [a], problems = read(path)
    assert problems == [] and len(a.body) == 300_000
