import gzip
import json
from datetime import datetime

from conftest import SAMPLE
from newssearch.readers import jsonl


def read(path):
    problems = []
    return list(jsonl.read(str(path), problems.append)), problems


def test_sample_export_uses_every_key_spelling():
    articles, problems = read(SAMPLE / "exports" / "wire-archive.jsonl")
    assert problems == []
    assert [a.key for a in articles] == ["wa-101", "wa-102", "wa-103", "wa-104"]
    a, b, c, d = articles
    assert a.title.startswith("Seoul and Tokyo") and a.byline == "Lee Min-jun"
    assert (a.date, a.tz) == (datetime(2023, 12, 19, 9, 30), "+09:00")
    assert b.byline == "Carla Mendes" and b.url == "https://example.org/sample/wa-102"   # authors: [..], link
    assert c.body.startswith("Shipping through the Panama Canal") and c.tz == "-05:00"     # content, pubDate
    assert d.body.startswith("Thousands of people") and d.date == datetime(2024, 8, 11, 18, 20)  # maintext


def test_json_file_with_an_articles_list():
    articles, _ = read(SAMPLE / "exports" / "features.json")
    assert [a.key for a in articles] == ["feat-1", "feat-2"]
    assert articles[1].date == datetime(2024, 4, 12, 7, 0) and articles[1].tz == "+00:00"


def test_bad_lines_are_reported_and_good_lines_kept(tmp_path):
    path = tmp_path / "mixed.jsonl.gz"
    lines = [json.dumps({"title": "First good", "text": "one"}), "{not json", "[1, 2]",
             json.dumps({"title": "Second good", "text": "two"})]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    articles, problems = read(path)
    assert [a.title for a in articles] == ["First good", "Second good"]
    assert [a.key for a in articles] == ["1", "4"]            # no id: the 1-based line number
    assert len(problems) == 2 and problems[0].startswith("line 2:") and problems[1].startswith("line 3:")


def test_newspaper4k_output_names_its_site():
    from conftest import corpus

    [article], problems = read(corpus("html_gold", "newspaper4k", "metadata", "article_with_br.json"))
    assert problems == [] and article.source == "Sott.net"          # meta_site_name
    assert article.title.startswith("'The American friends'") and article.url.startswith("https://www.sott.net/")
