"""One folder of every format, indexed together, and an article found from each."""
import shutil

from conftest import SAMPLE, corpus
from newssearch import Index
from readers.test_warc import write_warc


def test_mixed_folder_finds_an_article_from_each_format(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(SAMPLE / "web" / "reef-survey.html", news / "reef.html")
    shutil.copy(corpus("rss_feeds", "input", "guardian.rss"), news / "guardian.rss")
    shutil.copy(SAMPLE / "exports" / "wire-archive.jsonl", news / "archive.jsonl")
    shutil.copy(SAMPLE / "pages" / "putin-pyongyang-visit.txt", news / "putin.txt")
    shutil.copy(SAMPLE / "plain" / "editors-note.md", news / "note.md")
    page = ('<html lang="en"><head><title>Tram line opens in Florence</title></head><body><article>'
            '<h1>Tram line opens in Florence</h1><p>' + "A new tram line opened in the Italian city on Monday, "
            "linking the airport with the centre. " * 5 + "</p></article></body></html>").encode()
    write_warc(news / "crawl.warc.gz", [("https://example.org/tram", "text/html; charset=utf-8", page)])

    with Index.create(tmp_path / "ix") as ix:
        summary = ix.add([news], jobs=0)
        assert summary.ok and summary.added == 6
        found = {
            "html": ix.search('title:"great barrier reef"').hits,
            "feed": ix.search('"state of the union" byline:smith').hits,
            "jsonl": ix.search("title:panama canal").hits,
            "text": ix.search("Putin Pyongyang").hits,
            "markdown": ix.search("title:editors").hits,
            "warc": ix.search("tram airport").hits,
        }
        assert found["html"][0].id == "reef.html"
        assert found["feed"][0].id.startswith("guardian.rss#https://www.theguardian.com/")
        assert found["jsonl"][0].id == "archive.jsonl#wa-103"
        assert found["text"][0].id == "putin.txt"
        assert found["markdown"][0].id == "note.md"
        assert found["warc"][0].id == "crawl.warc.gz#https://example.org/tram"
        assert "IT" in found["warc"][0].countries
