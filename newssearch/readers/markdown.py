"""Markdown with YAML front matter (static-site exports, notes): title, author, date from the front matter."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from ..article import Article
from ..errors import ReadError
from ..extract.dates import parse_date
from ._io import read_text

MANY = False  # one article a file
SUFFIXES = (".md", ".markdown", ".md.gz")
_HEADING = re.compile(r"^\s*#\s+(.+?)\s*#*\s*$", re.M)


def _first(meta: dict, *keys):
    for key in keys:
        if meta.get(key) not in (None, "", []):
            return meta[key]
    return None


def read(path: str, warn) -> Iterator[Article]:
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(read_text(path))
    except (yaml.YAMLError, ValueError) as e:
        raise ReadError(f"bad front matter: {str(e).splitlines()[0]}") from None
    meta, body = post.metadata, post.content
    title = _first(meta, "title", "headline")
    if not title:
        m = _HEADING.search(body)
        if m:
            title, body = m.group(1), body[:m.start()] + body[m.end():]
    when = _first(meta, "date", "published", "publish_date", "pubDate")
    if isinstance(when, datetime):
        stamp, tz = when.replace(tzinfo=None), None
    elif isinstance(when, date):
        stamp, tz = datetime(when.year, when.month, when.day), None
    else:
        stamp, tz = parse_date(str(when) if when else None)
    author = _first(meta, "author", "authors", "byline")
    if isinstance(author, list):
        author = ", ".join(map(str, author))
    if not (title or body.strip()):
        warn("empty file")
        return
    yield Article(path=path, title=str(title or ""), body=body.strip(), byline=str(author) if author else None,
                  date=stamp, tz=tz, url=_first(meta, "url", "link"), language=_first(meta, "lang", "language"))
