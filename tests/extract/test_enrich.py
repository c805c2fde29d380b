"""enrich(): HTML entities left in text that is no longer HTML are read, for every format, before extraction."""
from __future__ import annotations

import pytest

from newssearch.extract import decode_entities
from newssearch.indexer import load
from tests.conftest import corpus


@pytest.mark.parametrize("text, expected", [
    ("S&#227;o Paulo", "São Paulo"),
    ("Jos&#xE9; Volta", "José Volta"),
    ("&#8220;We needed to win this&nbsp;game&#8221;", "“We needed to win this\xa0game”"),
    ("&lt;USC&gt; &amp; co", "<USC> & co"),
    ("AT&T, R&D and S&P 500", "AT&T, R&D and S&P 500"),     # no ";": not an entity
    ("a &copy b", "a &copy b"),
    ("&nosuchentity;", "&nosuchentity;"),
    ("", ""),
    (None, None),
])
def test_decode_entities(text, expected):
    assert decode_entities(text) == expected


def test_bbc_entities_in_body_and_title_are_read():
    # The BBC News files themselves hold the entities ("S&#227;o Paulo", "&#163;8m").
    [tevez], _, _ = load(str(corpus("bbc", "sport", "210.txt")))
    assert "the city of São Paulo will" in tevez.body
    assert "&#" not in tevez.body
    assert "São Paulo" in tevez.places           # the place is found once the name is readable
    [bid], _, _ = load(str(corpus("bbc", "sport", "191.txt")))
    assert bid.title == "Tottenham bid £8m for Forest duo"


def test_jsonld_headline_and_byline_entities_are_read():
    # WordPress (Yoast) writes entities into JSON-LD strings, where JSON needs none.
    html_dir = corpus("html_gold", "article_extraction_benchmark", "html")
    [page], _, _ = load(str(html_dir / "8e3efab59f48fd29a1e1e7aa135880c4251a9f090f94999668cdbaec59d30b5a.html.gz"))
    assert page.title == "Anthony Lynn: “We needed to win this game”"
    [page], _, _ = load(str(corpus("html_gold", "htmldate_mediacloud2020", "test_set", "1804096113.html")))
    assert page.byline == "Héctor J. Cruz"


def test_searching_the_decoded_words(tmp_path):
    from newssearch import Index

    ix = Index.create(tmp_path / "ix")
    ix.add([corpus("bbc", "sport", "210.txt"), corpus("bbc", "sport", "191.txt")])
    assert [h.id for h in ix.search('"sao paulo"').hits] == ["210.txt"]
    assert [h.id for h in ix.search("place:\"são paulo\"").hits] == ["210.txt"]
    assert ix.search("163").total == 0                  # the entity's number is not a word of the story


# The Guardian signs "David Smith in Washington". Page text and HTML clean their bylines before enrich sees them,
# so the place has to be read where the byline is first cleaned; it becomes the dateline when there is none.
_STORY = ("The president met senators on Tuesday to discuss the budget, aides said.\n\n"
          "The talks will resume next week after a short recess, officials added.\n")


def test_page_text_byline_place_becomes_the_dateline(tmp_path):
    page = tmp_path / "talks.txt"
    page.write_text("Skip to main content\nHome\nWorld\n\nBudget talks stall in the Senate\n\n"
                    "By David Smith in Washington\n\n" + _STORY)
    [article], _, _ = load(str(page))
    assert (article.byline, article.dateline) == ("David Smith", "Washington")
    assert "Washington" in article.places


def test_html_byline_place_becomes_the_dateline(tmp_path):
    page = tmp_path / "talks.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in _STORY.split("\n\n") * 3)
    page.write_text('<html><head><title>Budget talks stall in the Senate</title>'
                    '<meta name="author" content="David Smith in Washington"></head><body><article>'
                    f'<h1>Budget talks stall in the Senate</h1>{paragraphs}</article></body></html>')
    [article], _, _ = load(str(page))
    assert (article.byline, article.dateline) == ("David Smith", "Washington")


def test_a_stated_dateline_wins_over_the_bylines_place(tmp_path):
    page = tmp_path / "wire.txt"
    page.write_text("Budget talks stall in the Senate\n\nBy David Smith in Washington\n\n"
                    "NEW YORK, June 18 (Reuters) - " + _STORY)
    [article], _, _ = load(str(page))
    assert article.dateline == "NEW YORK"
