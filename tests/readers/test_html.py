"""HTML pages: the sample page, real pages from readability's test set with their gold metadata."""
import gzip
import json
from datetime import datetime

import pytest

from conftest import SAMPLE, corpus
from newssearch.indexer import load
from newssearch.readers._io import decode


def one(path):
    articles, problems, failure = load(str(path))
    assert failure is None and len(articles) == 1
    return articles[0]


def test_sample_page_metadata_and_clean_body():
    a = one(SAMPLE / "web" / "reef-survey.html")
    assert a.title == "Coral survey finds partial recovery on Great Barrier Reef"
    assert a.byline == "Harriet Cole"
    assert (a.date, a.tz) == (datetime(2024, 2, 14, 9, 45), "+10:00")     # JSON-LD, in the source's zone
    assert a.language == "en" and a.source == "Sample Wire"
    assert a.body.startswith("Scientists surveying the Great Barrier Reef")
    for junk in ("Sign in", "Advertisement", "Reader comment", "Copyright"):
        assert junk not in a.body
    assert "AU" in a.countries


@pytest.mark.parametrize("name", ["bbc-1", "nytimes-1", "lemonde-1", "heise"])
def test_readability_pages_against_gold(name, tmp_path):
    folder = corpus("html_gold", "readability", name)
    gold = json.loads((folder / "expected-metadata.json").read_text())
    page = tmp_path / "page.html.gz"                   # gzipped pages read the same
    page.write_bytes(gzip.compress((folder / "source.html").read_bytes()))
    a = one(page)
    assert a.title == " ".join(gold["title"].split())
    if gold.get("publishedTime"):
        assert a.date.strftime("%Y-%m-%d") == gold["publishedTime"][:10]
    assert a.language and a.language.lower().startswith(gold["lang"][:2].lower())
    assert len(a.body) > 500


def test_declared_charset_and_utf8_that_claims_otherwise(tmp_path):
    latin = tmp_path / "latin.html"
    latin.write_bytes('<html><head><meta charset="iso-8859-1"><title>Caf\u00e9 in M\u00fcnchen</title></head>'
                      '<body><p>Ein Caf\u00e9 in M\u00fcnchen hat ge\u00f6ffnet, sagte der Wirt am Montag in der '
                      'Stadt.</p></body></html>'.encode("latin-1"))
    assert one(latin).title == "Caf\u00e9 in M\u00fcnchen"
    liar = '<meta charset="iso-8859-1"><title>F\u00fcr Mac</title>'.encode("utf-8")
    assert "F\u00fcr" in decode(liar)                 # valid UTF-8 wins over a wrong declaration


def test_empty_page_is_reported(tmp_path):
    (tmp_path / "e.html").write_text("   ")
    articles, problems, failure = load(str(tmp_path / "e.html"))
    assert articles == [] and problems == ["empty file"]
