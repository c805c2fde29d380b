"""extract/html.py: the publication day and the declared metadata of real pages, against their gold.

The MediaCloud pages are htmldate's hand-annotated test set; each case below is a rule of
_publication_date or of reading JSON-LD, checked on a page where it decides the answer."""
import gzip
import json
import re

import pytest

from conftest import corpus
from newssearch.extract.html import _without_site, extract_html, page_offset
from newssearch.readers._io import decode


def mediacloud(name):
    folder = corpus("html_gold", "htmldate_mediacloud2020")
    gold = {item["file"]: item["date"] for item in
            json.loads((folder / "eval_mediacloud_2020.shared.json").read_text()).values()}
    return decode((folder / "test_set" / name).read_bytes()), gold[name]


@pytest.mark.parametrize("name, why", [
    ("1594754655.html", "02:54Z on a New York station's page, whose other times say -04:00: the evening before"),
    ("1806793639.html", "a stamp with its own +02:00 offset wins over htmldate's day before"),
    ("1676872902.html", "10:04Z: no inhabited zone makes it the day before, so htmldate's 8 July loses"),
    ("1523780090.html", "02:18Z with no zone on the page: htmldate's day before is a zone shift, and wins"),
])
def test_publication_day_rules_on_real_pages(name, why):
    html, gold = mediacloud(name)
    page = extract_html(html)
    assert page.date is not None and page.date.strftime("%Y-%m-%d") == gold, why


def test_a_copyright_year_is_not_a_publication_date(tmp_path):
    html, gold = mediacloud("1799801548.html")        # a spam blog: "(c) 2020 All rights reserved", no date
    assert gold != gold                               # NaN: the annotators found no date
    assert extract_html(html).date is None
    page = ("<html><head><title>Harbour dredging starts</title></head><body><article><p>Dredging of the "
            "harbour began on the quiet side of the bay, the port authority said, and will last weeks.</p>"
            "<p>Residents were told to expect noise at night.</p></article>"
            "<footer>&copy; 2016 Example Gazette</footer></body></html>")
    assert extract_html(page).date is None


def test_a_stated_first_of_january_is_kept():
    page = ('<html><head><meta property="article:published_time" content="2024-01-01T09:30:00+01:00">'
            "<title>New year swim</title></head><body><article><p>Hundreds ran into the cold sea on the first "
            "morning of the year, as they have every year since 1960.</p></article>"
            "<footer>&copy; 2024 Example Gazette</footer></body></html>")
    page = extract_html(page)
    assert (page.date.isoformat(), page.tz) == ("2024-01-01T09:30:00", "+01:00")


def test_page_offset_is_the_sites_own_zone():
    assert page_offset('"2020-05-01T23:00:00-04:00" x "Sat, 02 May 2020 06:00:00 -0400" '
                       '"2020-05-02T02:54:29.000Z" "2020-05-02T03:00:00+00:00"') == "-04:00"
    assert page_offset('"2020-05-02T02:54:29.000Z"') is None


def test_json_ld_inside_cdata_is_read():
    """readability's schema-org-context-object page (NBC News) wraps its JSON-LD in <![CDATA[ ]]>; unread,
    the page's 'published' <meta>, really the last update, gave the next day."""
    folder = corpus("html_gold", "readability", "schema-org-context-object")
    gold = json.loads((folder / "expected-metadata.json").read_text())
    page = extract_html(decode((folder / "source.html").read_bytes()))
    assert page.date.isoformat() == gold["publishedTime"][:19]
    assert page.title == gold["title"]
    assert page.byline and gold["byline"].startswith(page.byline.split(",")[0])


def test_cdata_and_comment_wrappers_in_a_project_page():
    for before, after in (("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>"), ("<!--", "-->")):
        page = (f'<html><head><script type="application/ld+json">{before}{{"@type": "NewsArticle", '
                f'"headline": "Ferry strike ends", "author": {{"name": "Ana Reyes"}}, '
                f'"datePublished": "2023-03-04T08:00:00-03:00"}}{after}</script><title>x</title></head>'
                "<body><article><p>The ferry strike ended on Saturday after crews accepted a new offer from the "
                "operator, restoring the crossing.</p></article></body></html>")
        page = extract_html(page)
        assert (page.title, page.byline, page.tz) == ("Ferry strike ends", "Ana Reyes", "-03:00"), before


def test_a_visible_bylines_pieces_stay_apart():
    """The Space Review: <h3 class="byline">by Jeff Foust<br><span class="datetime">Monday, November 18, 2019
    </span></h3>; read as one text it was "Jeff FoustMonday"."""
    import gzip

    folder = corpus("html_gold", "article_extraction_benchmark", "html")
    raw = gzip.decompress((folder / "c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4.html.gz")
                          .read_bytes())
    assert extract_html(decode(raw)).byline == "Jeff Foust"


@pytest.mark.parametrize("title, site, headline", [            # titles and sites of html_gold's pages
    ("New York man pleads guilty to threatening to kill Omar | TheHill", "The Hill",
     "New York man pleads guilty to threatening to kill Omar"),
    ("'The American friends': New court files expose -- Sott.net", "Sott.net",
     "'The American friends': New court files expose"),
    ("Noticiero Digital - Borrell: No aplazar las parlamentarias", "Noticiero Digital",
     "Borrell: No aplazar las parlamentarias"),
    ("Yahoo News - Latest News & Headlines", "Yahoo", "Yahoo News - Latest News & Headlines"),   # readability's gold
    ("Man Utd ace would be 'morally' right to finish season at Sheff Utd - Wilder", "Mail Online",
     "Man Utd ace would be 'morally' right to finish season at Sheff Utd - Wilder"),
    ("Trump - the AP interview", "AP", "Trump - the AP interview"),
    ("Headline | Aktuálně.cz", None, "Headline"),
])
def test_the_sites_name_is_cut_from_the_title(title, site, headline):
    assert _without_site(title, site) == headline


def _page(*parts):
    path = corpus("html_gold", *parts)
    data = path.read_bytes()
    return extract_html(decode(gzip.decompress(data) if path.suffix == ".gz" else data))


def test_a_silent_source_passes_the_field_on():
    # A source that did not state a field used to stop the search for it. heise shows no byline, so its
    # <meta name="DC.creator"> ("Mac & i", readability's gold) was never read: trafilatura's guess "Mac; I" won.
    assert _page("readability", "heise", "source.html").byline == "Mac & i"
    # The first JSON-LD item (a WebPage) has no headline, so the BlogPosting's, the page's <h1>, was never
    # read: the <title> "Spiced Honey Pear Jam Recipe | …" won.
    jam = _page("article_extraction_benchmark", "html",
                "4219d096902dad9fd9d57e881e7928ca66bdf5334c2bc7dfddaa264887777a7a.html.gz")
    assert jam.title == "Homemade Spiced Honey Pear Jam for the Holidays"


def test_an_article_saved_without_its_page_is_read():
    # readability's expected.html files are stories saved without a page around them ("<div id=...>…"): no
    # "html" in their first 50 characters, so trafilatura refused them and 21 of 28 came out empty.
    from collections import Counter

    from lxml import html as lxml_html

    folders = sorted(corpus("html_gold", "readability").iterdir())
    assert len(folders) == 28
    for folder in folders:
        saved = decode((folder / "expected.html").read_bytes())
        gold = Counter(re.findall(r"\w+", lxml_html.fromstring(saved).text_content().lower()))
        page = extract_html(saved)          # a story without a page may lend its first line to the title
        got = Counter(re.findall(r"\w+", f"{page.title} {page.body}".lower()))
        recall = sum((gold & got).values()) / sum(gold.values())
        assert recall >= 0.9, (folder.name, recall)


def test_a_saved_story_is_dated_only_by_what_it_states():
    # htmldate's extensive search read bbc-1's saved story as 2013-04-25 (a link's date; the page says
    # 2015-07-24) and nytimes-2's as 2009; citylab's states its time in a <time> element and keeps it.
    def saved(name):
        return extract_html(decode(corpus("html_gold", "readability", name, "expected.html").read_bytes()))
    assert saved("bbc-1").date is None and saved("nytimes-2").date is None
    assert saved("citylab-1").date.isoformat() == "2019-04-30T13:39:00"
