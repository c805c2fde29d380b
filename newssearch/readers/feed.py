"""RSS and Atom feeds, via feedparser (broken XML and legacy encodings included): one article per item."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..article import Article
from ..errors import ReadError
from ..extract.dates import parse_date
from ..extract.html import strip_tags
from ._io import decode, read_bytes

MANY = True  # several articles a file
SUFFIXES = (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")


def _date(entry) -> tuple[datetime | None, str | None]:
    # dict.get, not entry.get: feedparser maps a missing "published" to "updated" with a DeprecationWarning.
    for key in ("published", "updated", "created", "dc_date"):
        if dict.get(entry, key):
            found = parse_date(dict.get(entry, key))          # keeps the feed's own offset
            if found[0]:
                return found
    for key in ("published_parsed", "updated_parsed"):
        if dict.get(entry, key):                              # feedparser's own reading, in UTC
            return datetime(*dict.get(entry, key)[:6]), "+00:00"
    return None, None


def _body(entry) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return strip_tags(content["value"])
    return strip_tags(entry.get("summary") or entry.get("description") or "")


def read(path: str, warn) -> Iterator[Article]:
    import feedparser

    # Our decoding, not feedparser's: it misreads latin-1 feeds that declare no encoding (UOL's, for one).
    parsed = feedparser.parse(decode(read_bytes(path)))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ReadError(f"no feed items found{f' ({problem})' if problem else ''}")
    source = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, 1):
        date, tz = _date(entry)
        author = entry.get("author") or ", ".join(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
        yield Article(
            path=path, key=entry.get("id") or entry.get("link") or str(n),
            title=strip_tags(entry.get("title") or ""), body=_body(entry), byline=author or None,
            date=date, tz=tz, url=entry.get("link"), source=source,
            language=entry.get("language") or parsed.feed.get("language"),
        )
