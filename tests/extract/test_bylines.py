import pytest

from newssearch.extract.bylines import agency, clean_byline, filed_from, is_byline


@pytest.mark.parametrize("raw, clean", [
    ("    by Janie Gabbett, Reuters", "Janie Gabbett"),          # Reuters-21578 <AUTHOR>
    ("By Michael Gelb, Reuters", "Michael Gelb"),
    ("By JOHN SMITH | AP", "JOHN SMITH"),                         # the source's own case
    ("By Kim Tong-Hyung and Jim Heintz (AP)", "Kim Tong-Hyung and Jim Heintz"),
    ("Reuters", "Reuters"),                                       # the agency alone stays
    # The word for "by" abroad, as html_gold's pages print it (German, Portuguese, French, Dutch, Italian).
    ("Von Claudia Ludewig", "Claudia Ludewig"),
    ("von Hans Meyer", "Hans Meyer"),
    ("Par Tokpanan Doré -", "Tokpanan Doré"),
    ("Par sudinfo.be", "sudinfo.be"),
    ("par Sébastien Farcis", "Sébastien Farcis"),
    ("Door Jan de Vries", "Jan de Vries"),
    ("di Mario Rossi", "Mario Rossi"),
    ("Von Miller", "Von Miller"),                                 # a name particle before one word stays
    ("Di Maria", "Di Maria"),
    ("Paris Hilton", "Paris Hilton"),
    ("Porter Smith", "Porter Smith"),
    ("Avery Jones", "Avery Jones"),
    ("Por", None),                                                # "by" and no name
    ("Por Redação", None),                                        # "by the newsroom"
    ("by Jeff Foust Monday, November 18, 2019", "Jeff Foust"),     # a weekday's date after the name
    ("Jane Doe Tuesday 5 March 2024", "Jane Doe"),
    ("VICTOR TANGERMANN, FUTURISM 18 NOV 2019", "VICTOR TANGERMANN, FUTURISM"),  # futurism.com: the day stayed
    ("Jane Doe 5th March 2024", "Jane Doe"),
    ("Jane Doe 14 Mayfair Road", "Jane Doe 14 Mayfair Road"),      # not a date
    ("Robinson Crusoe Friday", "Robinson Crusoe Friday"),          # a weekday without a date is a name
    # The Guardian's feed: where the reporter filed from, and the job, are not the name.
    ("David Smith in Washington", "David Smith"),
    ("Ashifa Kassam in Stanstead, Quebec", "Ashifa Kassam"),
    ("Sam Jones in Madrid and Stephen Burgen in Barcelona", "Sam Jones and Stephen Burgen"),
    ("Jason Burke Africa correspondent", "Jason Burke"),
    ("Patrick Wintour Diplomatic editor", "Patrick Wintour"),
    ("Jane Doe, senior political reporter", "Jane Doe"),
    ("Sports editor", "Sports editor"),                           # no name would be left
    ("By MARIA LOPEZ, Times Staff Writer", "MARIA LOPEZ"),          # the LA Times, in TREC
    ("By JOHN DOE, Associated Press Writer", "JOHN DOE"),
    ("Mary Ann Editor", "Mary Ann Editor"),                       # a capitalised job only after a comma
    ("Jane Doe in the field", "Jane Doe in the field"),
    # Surnames that begin like "on" or a month: the trailing-date rule cut them ("Yoko Ono" -> "Yoko").
    ("By Yoko Ono", "Yoko Ono"),
    ("Jane Onyango", "Jane Onyango"),
    ("Rafael Ontiveros, AP", "Rafael Ontiveros"),
    ("V. Martinez", "V. Martinez"),
    ("Al Mayo 12", "Al Mayo 12"),
    ("Jeff Foust Sept. 5, 2019", "Jeff Foust"),
    ("Jane Doe on Monday", "Jane Doe"),
    # 20 Newsgroups' From lines: a telephone number or extension after the name.
    ("Bill Stewart +1-908-949-0705", "Bill Stewart"),
    ("Graham Jenkins +61 6 276 6812", "Graham Jenkins"),
    ("E. V. Bell, II - NSSDC/HSTX/GSFC/NASA - (301)513-1663", "E. V. Bell, II - NSSDC/HSTX/GSFC/NASA"),
    ("Erik Asphaug x2773", "Erik Asphaug"),
    ("KEITH NUETZMAN X3153 P7625", "KEITH NUETZMAN"),
    ("Mark E. Levy, ext. 8056", "Mark E. Levy"),
    ("Markus Strobl 98121", "Markus Strobl"),
    ("A 369", "A 369"),                                           # no name would be left
    ('"William F. Maton"', "William F. Maton"),                   # a From line's quoted name
    ('"Tricia Porth', "Tricia Porth"),
    ('""', None),
    ('Tom "The Hammer" Jones', 'Tom "The Hammer" Jones'),
    ('Tom "The Hammer"', 'Tom "The Hammer"'),
    ("Clinton/Gore '92", "Clinton/Gore '92"),
    ("  ", None),
    (None, None),
])
def test_clean_byline(raw, clean):
    assert clean_byline(raw) == clean


def test_byline_lines_and_sentences():
    assert is_byline("By Mira Castellan")
    assert not is_byline("By the time the talks ended, the two leaders had signed.")
    assert not is_byline("Byzantine politics returned to the capital")


def test_agency_lines():
    assert agency("VOA News") == "VOA News"
    assert agency("AP") == "AP"
    assert agency("Apple said on Monday") is None


@pytest.mark.parametrize("byline, place", [
    ("David Smith in Washington", "Washington"),
    ("Ashifa Kassam in Stanstead, Quebec", "Stanstead, Quebec"),
    ("Sam Jones in Madrid and Stephen Burgen in Barcelona", "Madrid"),
    ("Jane Doe in the field", None),
    ("Peter Bradshaw", None),
    (None, None),
])
def test_where_the_reporter_filed_from(byline, place):
    assert filed_from(byline) == place


def test_a_feed_storys_dateline_from_its_byline():
    """The Guardian's feed has no datelines; its bylines say where the reporter was."""
    from conftest import corpus
    from newssearch.extract import enrich
    from newssearch.readers import feed

    stories = [enrich(a) for a in feed.read(str(corpus("rss_feeds", "input", "guardian.rss")), lambda p: None)]
    fbi = next(a for a in stories if a.title.startswith("FBI has 'grave concerns'"))
    assert (fbi.byline, fbi.dateline) == ("Tom McCarthy", "New York") and fbi.countries[0] == "US"
    assert sum(1 for a in stories if a.dateline) == 7
