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
