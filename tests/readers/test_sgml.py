"""Reuters-21578: the reader against the collection's own tags, counted independently with plain regexes."""
import re
from datetime import datetime

from newssearch.readers import sgml
from newssearch.readers._io import read_text


def test_reut2_000_against_its_own_tags(reuters_000):
    articles = list(sgml.read(str(reuters_000), lambda p: None))
    raw = read_text(reuters_000)
    assert len(articles) == 1000 == raw.count("<REUTERS ")
    assert [a.key for a in articles] == re.findall(r'NEWID="(\d+)"', raw)
    first = articles[0]
    assert first.title == "BAHIA COCOA REVIEW"
    assert first.date == datetime(1987, 2, 26, 15, 1, 1, 790000)
    assert first.dateline == "SALVADOR, Feb 26"
    assert first.body.startswith("Showers continued throughout the week in the Bahia cocoa zone")
    assert not first.body.endswith("Reuter")
    # Every <DATE> parsed; every <AUTHOR> kept (cleaning happens in extraction).
    assert all(a.date and a.date.year == 1987 for a in articles)
    assert sum(1 for a in articles if a.byline) == raw.count("<AUTHOR>")
    titles = {a.key: a.title for a in articles}
    assert titles["4"] == "TALKING POINT/BANKAMERICA <BAC> EQUITY OFFER"     # entities unescaped


def test_missing_closing_tags_and_latin1(tmp_path):
    path = tmp_path / "broken.sgm"
    path.write_bytes(b'<REUTERS NEWID="7"><DATE>1-MAR-1987 10:00:00.00</DATE><TEXT><TITLE>M\xdcNCHEN TALKS'
                     b'<DATELINE>MUNICH, March 1 - </DATELINE><BODY>Talks in M\xfcnchen went on.\n'
                     b'<REUTERS NEWID="8"><TEXT><TITLE>SECOND</TITLE><BODY>Second body</BODY></TEXT></REUTERS>')
    a, b = sgml.read(str(path), lambda p: None)
    assert (a.key, a.title, a.body) == ("7", "M\u00dcNCHEN TALKS", "Talks in M\u00fcnchen went on.")
    assert (b.key, b.title, b.body) == ("8", "SECOND", "Second body")
