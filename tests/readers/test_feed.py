"""RSS and Atom: real feeds against the items rss-parser expects."""
import json
from datetime import timedelta

import pytest

from conftest import SAMPLE, corpus
from newssearch.errors import ReadError
from newssearch.readers import feed
from newssearch.readers._io import decode


def utc(article):
    sign = -1 if article.tz[0] == "-" else 1
    hours, minutes = map(int, article.tz[1:].split(":"))
    return (article.date - sign * timedelta(hours=hours, minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S")


def items(path):
    return list(feed.read(str(path), lambda p: None))


@pytest.mark.parametrize("name", ["guardian.rss", "heise.atom", "encoding.rss", "customfields.rss"])
def test_every_item_with_title_link_and_date(name):
    path = corpus("rss_feeds", "input", name)
    expected = json.loads(decode(corpus("rss_feeds", "expected", path.stem + ".json").read_bytes()))["feed"]["items"]
    got = items(path)
    assert len(got) == len(expected)
    for e, g in zip(expected, got):
        assert g.title == " ".join(e["title"].split())
        assert g.url == e["link"]
        if e.get("isoDate"):
            assert utc(g) == e["isoDate"][:19]           # the same instant, kept in the feed's own zone
        assert bool(g.body) == bool((e.get("contentSnippet") or "").strip())


def test_guardian_bylines_and_offsets():
    first = items(corpus("rss_feeds", "input", "guardian.rss"))[0]
    assert first.byline == "David Smith in Washington"
    assert first.date.isoformat() == "2018-01-31T07:26:05" and first.tz == "+00:00"
    assert "<" not in first.body                            # HTML stripped


def test_latin1_feed_without_declaration():
    titles = [a.title for a in items(corpus("rss_feeds", "input", "uolNoticias.rss"))]
    assert titles[0] == "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simula\u00e7\u00f5es de 2\u00ba turno"


def test_sample_feed_keys_are_guids():
    got = items(SAMPLE / "web" / "sample-feed.rss")
    assert [a.key for a in got] == ["sample-feed-1", "sample-feed-2", "sample-feed-3"]
    assert got[0].body.endswith("evacuated in advance.") and "\n\n" in got[0].body
    assert got[1].tz == "-03:00"


def test_not_a_feed(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<config><setting>1</setting></config>")
    with pytest.raises(ReadError, match="no feed items"):
        items(path)
