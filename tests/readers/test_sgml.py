"""Reuters-21578: the reader against the collection's own tags, counted independently with plain regexes; and
the <DOC>s of TREC and Gigaword."""
import re
from datetime import datetime

import pytest

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


# The <DOC>s of the TREC collections and of LDC's Gigaword, each shaped as its collection writes it (tags,
# their order, ids, dates, paragraphs, markup inside fields, unclosed elements), with text of our own.
AP = """<DOC>
<DOCNO> AP880212-0001 </DOCNO>
<FILEID>AP-NR-02-12-88 2344EST</FILEID>
<FIRST>u i AM-Harbour-Strike     02-12 0398</FIRST>
<SECOND>AM-Harbour-Strike,0411</SECOND>
<HEAD>Dock Workers End Strike in Rotterdam</HEAD>
<BYLINE>By JANE MARLOWE</BYLINE>
<BYLINE>Associated Press Writer</BYLINE>
<DATELINE>ROTTERDAM, Netherlands (AP) </DATELINE>
<TEXT>
   Dock workers in Rotterdam ended a nine-day strike on Friday after the port
authority agreed to new shift rules, the union said.
   Ships that had waited off the Hook of Holland began to enter the harbour
within hours.
</TEXT>
</DOC>
<DOC>
<DOCNO> AP880212-0002 </DOCNO>
<HEAD>Grain Prices Steady</HEAD>
<TEXT>
   Wheat futures were steady in Chicago.
</TEXT>
</DOC>
"""
WSJ = """<DOC>
<DOCNO> WSJ870324-0001 </DOCNO>
<HL> Harbour Group Near Accord
@ To Sell Its Shipping Unit </HL>
<DD> 03/24/87</DD>
<SO> WALL STREET JOURNAL (J)</SO>
<IN> REL TENDER OFFERS, MERGERS, ACQUISITIONS (TNM) </IN>
<DATELINE> NEW YORK </DATELINE>
<TEXT>
    Harbour Group &amp; Co. is close to an agreement to sell its shipping unit, people familiar
with the talks said.
</TEXT>
</DOC>
"""
LA_TIMES = """<DOC>
<DOCNO> LA010189-0013 </DOCNO>
<DOCID> 13 </DOCID>
<DATE>
<P>
January 1, 1989, Sunday, Home Edition
</P>
</DATE>
<SECTION>
<P>
Metro; Part 2; Page 1; Column 1
</P>
</SECTION>
<HEADLINE>
<P>
HARBOR PILOTS SAY FOG DELAYED SHIPS
</P>
</HEADLINE>
<BYLINE>
<P>
By MARIA LOPEZ, Times Staff Writer
</P>
</BYLINE>
<TEXT>
<P>
Thick fog kept a dozen ships outside Los Angeles harbor on Saturday.
</P>
<P>
Pilots said the fog lifted by noon.
</P>
</TEXT>
</DOC>
"""
FT = """<DOC>
<DOCNO>FT911-3</DOCNO>
<PROFILE>_AN-BEOA7AAIFT</PROFILE>
<DATE>910514
</DATE>
<HEADLINE>
FT  14 MAY 91 / International Company News: Harbour group plans east German terminal
</HEADLINE>
<BYLINE>
   By PETER GRANT
</BYLINE>
<TEXT>
A shipping group plans to build a container terminal in Rostock, it said yesterday.
</TEXT>
<PUB>The Financial Times
</PUB>
</DOC>
"""
GIGAWORD = """<DOC id="AFP_ENG_19940512.0004" type="story" >
<HEADLINE>
Harbour strike ends in Antwerp
</HEADLINE>
<DATELINE>
ANTWERP, Belgium, May 12 (AFP)
</DATELINE>
<TEXT>
<P>
Dock workers in Antwerp returned to work on Thursday after a two-day strike over
pay, the port said.
</P>
<P>
Shipping lines said delays would last into next week.
</P>
</TEXT>
</DOC>
<DOC id="AFP_ENG_19940512.0005" type="advis" >
<HEADLINE>
Editors' note
</HEADLINE>
<TEXT>
<P>
AFP will move a fuller story at 1400 GMT.
</P>
</TEXT>
</DOC>
"""


@pytest.mark.parametrize("name, text, first", [
    ("AP880212", AP, {"key": "AP880212-0001", "title": "Dock Workers End Strike in Rotterdam",
                      "byline": "By JANE MARLOWE", "date": datetime(1988, 2, 12), "source": "AP",
                      "dateline": "ROTTERDAM, Netherlands (AP)"}),
    ("WSJ870324", WSJ, {"key": "WSJ870324-0001", "title": "Harbour Group Near Accord @ To Sell Its Shipping Unit",
                        "date": datetime(1987, 3, 24), "source": "Wall Street Journal", "dateline": "NEW YORK"}),
    ("la010189", LA_TIMES, {"key": "LA010189-0013", "title": "HARBOR PILOTS SAY FOG DELAYED SHIPS",
                            "byline": "By MARIA LOPEZ, Times Staff Writer", "date": datetime(1989, 1, 1),
                            "source": "Los Angeles Times"}),
    ("ft911_1", FT, {"key": "FT911-3", "title": "International Company News: Harbour group plans east German "
                           "terminal", "byline": "By PETER GRANT", "date": datetime(1991, 5, 14),
                           "source": "Financial Times"}),
    ("afp_eng_199405", GIGAWORD, {"key": "AFP_ENG_19940512.0004", "title": "Harbour strike ends in Antwerp",
                                  "date": datetime(1994, 5, 12), "source": "AFP",
                                  "dateline": "ANTWERP, Belgium, May 12 (AFP)"}),
])
def test_trec_and_gigaword_docs(tmp_path, name, text, first):
    """TREC's and Gigaword's files are named without a suffix (AP880212, afp_eng_199405): known by their start."""
    from newssearch.readers import reader_for

    path = tmp_path / name
    path.write_text(text, encoding="latin-1")
    assert reader_for(str(path)) is sgml
    articles = list(sgml.read(str(path), pytest.fail))
    assert {k: getattr(articles[0], k) for k in first} == first
    assert all("<" not in a.body and a.body for a in articles)


def test_doc_paragraphs_and_a_gzipped_file(tmp_path):
    import gzip

    path = tmp_path / "afp_eng_199405.gz"                  # as LDC ships Gigaword
    path.write_bytes(gzip.compress(GIGAWORD.encode()))
    from newssearch.readers import reader_for

    assert reader_for(str(path)) is sgml
    story, note = sgml.read(str(path), pytest.fail)
    assert story.body == ("Dock workers in Antwerp returned to work on Thursday after a two-day strike over pay, the "
                          "port said.\n\nShipping lines said delays would last into next week.")
    assert note.title == "Editors' note"
    [ap, _] = sgml.read(_write(tmp_path / "AP880212", AP), pytest.fail)
    assert ap.body.count("\n\n") == 1 and ap.body.startswith("Dock workers in Rotterdam ended a nine-day strike")


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)
