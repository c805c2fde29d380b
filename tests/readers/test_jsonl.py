import copy
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


# What three news APIs return, shaped as their public responses are (keys, nesting, value formats), with text
# of our own. Researchers save these pages as they come.
NEWSAPI = {"status": "ok", "totalResults": 2, "articles": [
    {"source": {"id": "bbc-news", "name": "BBC News"}, "author": "BBC News",
     "title": "Putin arrives in Pyongyang for rare visit",
     "description": "The Russian leader lands in North Korea for talks with Kim Jong Un on defence ties.",
     "url": "https://www.bbc.co.uk/news/world-asia-00000001", "urlToImage": "https://example.org/i.jpg",
     "publishedAt": "2024-06-18T23:40:12Z",
     "content": "Vladimir Putin has arrived in the North Korean capital, his first visit in 24 years, state media "
                "said. The two leaders are expected to sign a partnership… [+2874 chars]"},
    {"source": {"id": None, "name": "Reuters"}, "author": None, "title": "Oil steadies", "description": None,
     "url": "https://example.org/oil", "publishedAt": "2024-06-19T08:00:00Z", "content": None},
]}
NYT = {"status": "OK", "copyright": "Copyright (c) 2024 The New York Times Company. All Rights Reserved.",
       "response": {"meta": {"hits": 1, "offset": 0, "time": 31}, "docs": [
           {"abstract": "Mr. Putin's visit to North Korea was his first since 2000.",
            "web_url": "https://www.nytimes.com/2024/06/18/world/asia/putin-north-korea.html",
            "snippet": "Mr. Putin's visit to North Korea was his first since 2000.",
            "lead_paragraph": "President Vladimir V. Putin of Russia landed in Pyongyang early on Wednesday.",
            "source": "The New York Times", "multimedia": [],
            "headline": {"main": "Putin Lands in North Korea", "kicker": None, "print_headline": "Putin Arrives"},
            "keywords": [{"name": "glocations", "value": "North Korea", "rank": 1, "major": "N"}],
            "pub_date": "2024-06-18T20:05:41+0000", "document_type": "article", "section_name": "World",
            "byline": {"original": "By Choe Sang-Hun and Paul Sonne",
                       "person": [{"firstname": "Sang-Hun", "lastname": "Choe", "rank": 1}]},
            "_id": "nyt://article/00000000-0000-0000-0000-000000000001", "word_count": 1200}]}}
GUARDIAN = {"response": {"status": "ok", "userTier": "developer", "total": 1, "startIndex": 1, "pageSize": 10,
                         "currentPage": 1, "pages": 1, "orderBy": "newest", "results": [
    {"id": "world/2024/jun/19/putin-kim-pact", "type": "article", "sectionId": "world",
     "sectionName": "World news", "webPublicationDate": "2024-06-19T14:31:08Z",
     "webTitle": "Putin and Kim sign mutual defence pact | North Korea",
     "webUrl": "https://www.theguardian.com/world/2024/jun/19/putin-kim-pact",
     "apiUrl": "https://content.guardianapis.com/world/2024/jun/19/putin-kim-pact",
     "fields": {"headline": "Putin and Kim sign mutual defence pact",
                "byline": "Andrew Roth in Moscow and Justin McCurry in Tokyo",
                "body": "<p>Vladimir Putin and Kim Jong-un have signed a mutual defence pact.</p>"
                        "<p>The agreement was signed in Pyongyang.</p>",
                "bodyText": "Vladimir Putin and Kim Jong-un have signed a mutual defence pact. The agreement was "
                            "signed in Pyongyang."},
     "isHosted": False, "pillarId": "pillar/news", "pillarName": "News"}]}}


def test_newsapi_export(tmp_path):
    (tmp_path / "newsapi.json").write_text(json.dumps(NEWSAPI), encoding="utf-8")
    [a, b], problems = read(tmp_path / "newsapi.json")
    assert problems == [] and a.source == "BBC News" and b.source == "Reuters"
    assert (a.date, a.tz) == (datetime(2024, 6, 18, 23, 40, 12), "+00:00")          # publishedAt
    # The cut content after the description (all the export holds of the story), without "[+2874 chars]".
    assert a.body.startswith("The Russian leader lands in North Korea") and "\n\nVladimir Putin has" in a.body
    assert a.body.endswith("sign a partnership") and "chars]" not in a.body


def test_new_york_times_article_search_page(tmp_path):
    (tmp_path / "nyt.json").write_text(json.dumps(NYT), encoding="utf-8")
    [a], problems = read(tmp_path / "nyt.json")
    assert problems == [] and a.title == "Putin Lands in North Korea"                # headline.main
    assert a.byline == "By Choe Sang-Hun and Paul Sonne" and a.source == "The New York Times"
    assert (a.date, a.tz) == (datetime(2024, 6, 18, 20, 5, 41), "+00:00")            # pub_date
    assert a.body == "President Vladimir V. Putin of Russia landed in Pyongyang early on Wednesday."
    assert a.url.startswith("https://www.nytimes.com/") and a.key.startswith("nyt://article/")


def test_guardian_content_api_page(tmp_path):
    (tmp_path / "guardian.json").write_text(json.dumps(GUARDIAN), encoding="utf-8")
    [a], problems = read(tmp_path / "guardian.json")
    assert problems == [] and a.title == "Putin and Kim sign mutual defence pact"    # fields.headline
    assert a.byline == "Andrew Roth in Moscow and Justin McCurry in Tokyo"
    assert a.date == datetime(2024, 6, 19, 14, 31, 8) and a.body.startswith("Vladimir Putin and Kim")
    assert a.url.startswith("https://www.theguardian.com/") and a.key == "world/2024/jun/19/putin-kim-pact"
    html_page = copy.deepcopy(GUARDIAN)
    del html_page["response"]["results"][0]["fields"]["bodyText"]                    # the HTML body alone
    (tmp_path / "guardian.json").write_text(json.dumps(html_page), encoding="utf-8")
    [html_only], _ = read(tmp_path / "guardian.json")
    assert html_only.body == "Vladimir Putin and Kim Jong-un have signed a mutual defence pact.\n\nThe agreement " \
                             "was signed in Pyongyang."
    one = {"response": {"status": "ok", "userTier": "developer", "total": 1,
                        "content": GUARDIAN["response"]["results"][0]}}                 # one article asked for by id
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    [single], _ = read(tmp_path / "one.json")
    assert (single.title, single.key) == (a.title, a.key)


def test_api_exports_through_extraction(tmp_path):
    from newssearch.extract import enrich

    (tmp_path / "nyt.json").write_text(json.dumps(NYT), encoding="utf-8")
    (tmp_path / "guardian.json").write_text(json.dumps(GUARDIAN), encoding="utf-8")
    [nyt], _ = read(tmp_path / "nyt.json")
    [guardian], _ = read(tmp_path / "guardian.json")
    assert enrich(nyt).byline == "Choe Sang-Hun and Paul Sonne"
    enrich(guardian)
    assert guardian.byline == "Andrew Roth and Justin McCurry" and guardian.dateline == "Moscow"
    assert "Pyongyang" in guardian.places and "KP" in guardian.place_countries


def test_wire_tickers_in_brackets_are_not_html(tmp_path):
    """Reuters writes companies as "<P.W. Stephens>", "<A/S Norske Shell>", "<P>": a JSON export of such
    stories kept them (an opening tag alone was taken for HTML, and the stories' tickers stripped)."""
    from conftest import corpus
    from newssearch.readers import sgml

    stories = [a for name in ("reut2-001.sgm", "reut2-008.sgm", "reut2-011.sgm")
               for a in sgml.read(str(corpus("reuters21578", name)), lambda p: None) if "<" in a.body]
    assert {"1679", "8755", "8840", "11312", "11406"} <= {a.key for a in stories}
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps({"id": a.key, "title": a.title, "text": a.body}) for a in stories),
                    encoding="utf-8")
    read_back, problems = read(path)
    assert problems == [] and [a.body for a in read_back] == [a.body for a in stories]
