"""WARC: HTML responses become articles with their target URI; other records are passed over."""
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import SAMPLE
from newssearch.errors import ReadError
from newssearch.readers import warc


def write_warc(path, pages, gz=True):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for uri, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_html_responses_become_articles(tmp_path):
    html = (SAMPLE / "web" / "reef-survey.html").read_bytes()
    latin = ('<html><head><title>Caf\u00e9 news</title></head><body><p>Le caf\u00e9 du coin rouvre ses portes '
             'lundi \u00e0 Lyon, a annonc\u00e9 le propri\u00e9taire.</p></body></html>').encode("latin-1")
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://example.org/reef", "text/html; charset=utf-8", html),
                      ("https://example.org/logo.png", "image/png", b"\x89PNG..."),
                      ("https://example.org/cafe", "text/html; charset=ISO-8859-1", latin)])
    got = list(warc.read(str(path), lambda p: None))
    assert [a.url for a in got] == ["https://example.org/reef", "https://example.org/cafe"]
    assert [a.key for a in got] == [a.url for a in got]
    assert all(a.raw == "html" for a in got) and "Caf\u00e9 news" in got[1].body


def test_not_a_warc(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    with pytest.raises(ReadError, match="not a readable WARC"):
        list(warc.read(str(path), lambda p: None))


def test_warcio_still_reads_junk_as_records(tmp_path):
    """The behaviour we work around in warc._check_header: if this fails, warcio became strict."""
    from warcio.archiveiterator import ArchiveIterator

    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not an archive\n" * 3)
    with open(path, "rb") as stream:
        assert [r.rec_type for r in ArchiveIterator(stream)]


def test_truncated_warc_keeps_what_it_read(tmp_path):
    path = tmp_path / "cut.warc"
    body = b"<html><body><p>" + b"A long story about harbours and ships. " * 50 + b"</p></body></html>"
    write_warc(path, [("https://example.org/a", "text/html", body), ("https://example.org/b", "text/html", body)],
               gz=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])
    problems = []
    got = list(warc.read(str(path), problems.append))
    assert [a.url for a in got][:1] == ["https://example.org/a"]


def test_resource_records_and_common_crawl_wet(tmp_path):
    """A page archived as a resource record (browser archiving tools write no HTTP response), and Common Crawl's
    WET files: a warcinfo record, then a conversion record of each page's text, title on the first line. Both
    were passed over (a .warc.wet.gz was no known format at all)."""
    from newssearch.readers import reader_for

    path = tmp_path / "CC-MAIN-20240618-00000.warc.wet.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "cc-wet-writer"}))
        text = ("Putin arrives in Pyongyang for rare visit\nHome\nWorld\nBy Mira Castellan\n"
                "PYONGYANG, June 19 (Reuters) - Russian President Vladimir Putin arrived in Pyongyang on "
                "Wednesday for his first visit to North Korea in 24 years.\nShare this article\n").encode()
        writer.write_record(writer.create_warc_record(
            "https://example.org/world/putin-pyongyang", "conversion", payload=io.BytesIO(text),
            warc_headers_dict={"Content-Type": "text/plain", "WARC-Identified-Content-Language": "eng"}))
        page = (SAMPLE / "web" / "reef-survey.html").read_bytes()
        writer.write_record(writer.create_warc_record(
            "https://example.org/reef", "resource", payload=io.BytesIO(page),
            warc_headers_dict={"Content-Type": "text/html; charset=utf-8"}))
        writer.write_record(writer.create_warc_record(
            "https://example.org/data.csv", "resource", payload=io.BytesIO(b"a,b\n1,2\n"),
            warc_headers_dict={"Content-Type": "text/csv"}))
    assert reader_for(str(path)) is warc
    wet, reef = warc.read(str(path), lambda p: None)
    assert (wet.url, wet.raw, reef.url, reef.raw) == ("https://example.org/world/putin-pyongyang", "text",
                                                      "https://example.org/reef", "html")
    from newssearch.extract import enrich

    enrich(wet)
    assert wet.title == "Putin arrives in Pyongyang for rare visit" and wet.byline == "Mira Castellan"
    assert wet.dateline == "PYONGYANG" and wet.body.startswith("PYONGYANG, June 19 (Reuters)")
