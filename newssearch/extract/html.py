"""News pages as HTML: the story by trafilatura, the metadata the page declares read first.

Publishers state title, author and publication time for machines in JSON-LD and <meta> tags; those are
exact (with time and offset) where the visible page is not, so they win. trafilatura (and htmldate inside it)
finds the main text and fills in whatever the page does not declare.
"""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator

from .boilerplate import Page
from .bylines import clean_byline
from .dates import parse_date

_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
              "article.published", "publication_date", "originalpublicationdate")
_AUTHOR_META = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author", "byl")
_TITLE_META = ("og:title", "twitter:title", "headline")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "report"}


def _jsonld(tree) -> Iterator[dict]:
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text_content() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "itemListElement"))
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                    yield item


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _meta(tree) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        if key and key not in out and node.get("content", "").strip():
            out[key] = node.get("content").strip()
    for node in tree.xpath("//*[@itemprop='datePublished'][@datetime]"):
        out.setdefault("datepublished", node.get("datetime"))
    return out


def declared(tree) -> dict:
    """What the page states for machines: title, author, date (with offset), language."""
    found: dict = {}
    for item in _jsonld(tree):
        found.setdefault("title", item.get("headline"))
        if item.get("datePublished"):
            found.setdefault("date", item["datePublished"])
        authors = [n for n in _names(item.get("author")) if n and not n.startswith("http")]
        if authors:
            found.setdefault("author", ", ".join(dict.fromkeys(authors)))
    meta = _meta(tree)
    found.setdefault("date", next((meta[k] for k in _DATE_META if k in meta), None))
    author = next((meta[k] for k in _AUTHOR_META if k in meta and not meta[k].startswith("http")), None)
    found.setdefault("author", author)
    found.setdefault("title", next((meta[k] for k in _TITLE_META if k in meta), None))
    lang = tree.xpath("string(/html/@lang)") or meta.get("og:locale") or meta.get("content-language")
    found["language"] = lang.replace("_", "-").strip() or None if lang else None
    return {k: v for k, v in found.items() if v}


def extract_html(html: str, url: str | None = None) -> Page:
    import trafilatura
    from lxml import html as lxml_html

    page = Page()
    try:
        # Bytes with the encoding said, so lxml does not obey a <meta charset> the text no longer has.
        tree = lxml_html.fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return page
    meta = declared(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, date_extraction_params={
                                              "extensive_search": True, "original_date": True})
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    page.title = " ".join(str(meta.get("title") or doc.get("title") or "").split())
    page.body = _paragraphs(doc.get("text") or "")
    page.byline = clean_byline(meta.get("author") or doc.get("author"))
    page.date, page.tz = _publication_date(meta.get("date"), doc.get("date"))
    page.source = doc.get("sitename") or None
    page.language = meta.get("language") or doc.get("language")
    return page


def _publication_date(stated: str | None, day: str | None):
    """The declared timestamp where it agrees with htmldate's day; htmldate's day where they disagree (a UTC
    timestamp near midnight, or a 'published' tag that is really the last update); either where it is alone."""
    exact = parse_date(stated)
    found = parse_date(day)
    if exact[0] is None:
        return found
    if found[0] is None or exact[0].date() == found[0].date():
        return exact
    return found


def _paragraphs(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def strip_tags(fragment: str) -> str:
    """Text of an HTML fragment (a feed's summary), paragraphs kept apart."""
    from lxml import html as lxml_html

    if "<" not in fragment:
        return " ".join(fragment.split())
    try:
        root = lxml_html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml_html.etree.ParserError):
        return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())
    for br in root.iter("br", "p", "div", "li", "h1", "h2", "h3"):
        br.tail = "\n" + (br.tail or "")
    return _paragraphs(root.text_content())
