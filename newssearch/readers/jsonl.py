"""JSON and JSON Lines exports: one article per object, under whichever of the usual key names it uses."""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..article import Article
from ..errors import ReadError
from ..extract.dates import parse_date
from ._io import read_text

MANY = True  # several articles a file
SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")
KEYS = {
    "title": ("title", "headline", "name"),
    "body": ("body", "text", "content", "maintext", "article", "description", "summary"),
    "byline": ("author", "authors", "byline", "creator"),
    "date": ("date", "published", "publish_date", "pubDate", "date_publish", "published_at", "datePublished",
             "timestamp"),
    "url": ("url", "link"),
    "id": ("id", "_id", "uuid", "guid"),
    "source": ("source", "sitename", "site_name", "meta_site_name", "source_domain", "publisher", "site"),
}
_CONTAINERS = ("articles", "items", "data", "results", "docs", "documents", "entries")


def _first(obj: dict, field: str):
    for key in KEYS[field]:
        value = obj.get(key)
        if value not in (None, "", []):
            return value
    return None


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("title") or value.get("text"))
    return str(value)


def to_article(obj, path: str, position: int) -> Article:
    if not isinstance(obj, dict):
        raise ValueError(f"expected an object, found {type(obj).__name__}")
    key = _text(_first(obj, "id"))
    date, tz = parse_date(_text(_first(obj, "date")))
    return Article(
        path=path, key=key if key else str(position), title=_text(_first(obj, "title")) or "",
        body=_text(_first(obj, "body")) or "", byline=_text(_first(obj, "byline")), date=date, tz=tz,
        url=_text(_first(obj, "url")), source=_text(_first(obj, "source")),
    )


def read(path: str, warn) -> Iterator[Article]:
    text = read_text(path)
    name = path.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield to_article(json.loads(line), path, n)
            except ValueError as e:
                warn(f"line {n}: {e}")
        return
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ReadError(f"invalid JSON: {e}") from None
    if isinstance(data, dict):
        inner = next((data[k] for k in _CONTAINERS if isinstance(data.get(k), list)), None)
        data = inner if inner is not None else [data]
    if not isinstance(data, list):
        raise ReadError("JSON holds neither an article object nor a list of them")
    for n, obj in enumerate(data, 1):
        try:
            yield to_article(obj, path, n)
        except ValueError as e:
            warn(f"item {n}: {e}")
