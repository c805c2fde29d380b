"""Reuters-21578 style SGML: one article per <REUTERS> element, keyed by its NEWID."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..article import Article
from ..extract.dates import parse_date
from ._io import read_text

MANY = True  # several articles a file
SUFFIXES = (".sgm", ".sgml", ".sgm.gz")
_DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)(?=</REUTERS>|<REUTERS\b|\Z)", re.S | re.I)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TAGS = ("DATE", "TITLE", "AUTHOR", "DATELINE", "BODY", "TEXT")
# Unclosed elements happen: a field then ends where the next tag begins.
_FIELD = {tag: re.compile(rf"<{tag}\b[^>]*>(.*?)(?:</{tag}>|(?=<(?!/?(?:{tag})\b)[A-Z]+\b)|\Z)", re.S | re.I)
          for tag in _TAGS}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = _CONTROL.sub("", html.unescape(text))
    return text.replace("\r", "").strip()


def _field(tag: str, block: str) -> str:
    m = _FIELD[tag].search(block)
    return _clean(m.group(1)) if m else ""


def _body(block: str) -> str:
    body = _field("BODY", block)
    if not body:
        # BRIEF and UNPROC stories carry their text straight inside <TEXT>.
        m = re.search(r"<TEXT\b[^>]*>(.*?)(?:</TEXT>|\Z)", block, re.S | re.I)
        body = _clean(re.sub(r"<[^>]+>.*?</[^>]+>|<[^>]+>", " ", m.group(1), flags=re.S)) if m else ""
    body = re.sub(r"\s*\bReuter\s*$", "", body)  # the wire's sign-off, not a word of the story
    # Reuters wraps lines at 70 columns and starts paragraphs with an indent.
    paragraphs = re.split(r"\n\s{2,}|\n\s*\n", body)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def read(path: str, warn) -> Iterator[Article]:
    text = read_text(path)
    found = False
    for n, m in enumerate(_DOC.finditer(text), 1):
        found = True
        attrs = dict(_ATTR.findall(m.group(1)))
        block = m.group(2)
        date, tz = parse_date(_field("DATE", block))
        dateline = _field("DATELINE", block).rstrip(" -").strip() or None
        yield Article(
            path=path, key=attrs.get("NEWID") or str(n), title=" ".join(_field("TITLE", block).split()),
            body=_body(block), byline=_field("AUTHOR", block) or None, date=date, tz=tz,
            dateline=dateline, source="Reuters",
        )
    if not found:
        warn("no <REUTERS> elements found")
