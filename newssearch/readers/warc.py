"""Web archives (WARC, via warcio): every HTML page is an article, its target URI the url: a response record's
(a crawl), a resource record's (a page archived as it was, by browser tools). Common Crawl's WET files hold a
conversion record of each page's text instead (title on its first line), read as page text."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..article import Article
from ..errors import ReadError
from ._io import decode, read_head

MANY = True  # several articles a file
SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.wet.gz")
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


def _check_header(path: str) -> None:
    """warcio reads any text as records of a kind (tests/readers/test_warc.py pins it): look for "WARC/" first."""
    try:
        head = read_head(path, 5)
    except (OSError, EOFError) as e:
        raise ReadError(f"not a readable WARC file: {e}") from None
    if head != b"WARC/":
        raise ReadError("not a readable WARC file: it does not start with a WARC/ header")


def _page(record) -> tuple[str, str] | None:
    """("html" or "text", its content type) for a record that holds a page, None for the rest (requests,
    images, metadata): a response's type is in its HTTP headers, a resource's or conversion's in the record's."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    ctype = (headers.get_header("Content-Type") if headers else None) or ""
    if record.rec_type in ("response", "resource") and "html" in ctype.lower():
        return "html", ctype
    if record.rec_type == "conversion" and ctype.lower().startswith("text/plain"):
        return "text", ctype
    return None


def read(path: str, warn) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    _check_header(path)
    found = records = 0
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                records += 1
                page = _page(record)
                if page is None:
                    continue
                kind, ctype = page
                uri = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    charset = _CHARSET.search(ctype)
                    text = decode(record.content_stream().read(), charset.group(1) if charset else None)
                except ReadError as e:
                    warn(f"{uri}: {e}")
                    continue
                found += 1
                yield Article(path=path, key=uri or str(found), body=text, url=uri, raw=kind)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as e:
        if not found:
            raise ReadError(f"not a readable WARC file: {e}") from None
        warn(f"archive ends early after {found} pages: {e}")
    if not records:
        raise ReadError("not a readable WARC file: no records")
