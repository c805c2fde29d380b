"""Extraction: turn what a reader found into a complete Article (page taken apart, byline cleaned, places)."""
from __future__ import annotations

import re
from html import unescape  # not `import html`: the package's own html module would shadow it

from ..article import Article
from .boilerplate import extract_page
from .bylines import clean_byline, filed_from
from .dates import parse_dateline
from .html import extract_html
from .places import locate
from ..duplicates import band_keys


# Entities left in text that is no longer HTML: BBC News files say "S&#227;o Paulo" and "&#163;8m", WordPress
# puts "&#8220;" and "&nbsp;" in JSON-LD headlines, JSON exports carry them too. Only whole entities (with their
# ";") are read, so "AT&T" and "R&D" stay as they are.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str | None) -> str | None:
    return _ENTITY.sub(lambda m: unescape(m.group()), text) if text and "&" in text else text


def enrich(article: Article) -> Article:
    filed = None
    if article.raw != "html":
        article.body = decode_entities(article.body)       # an HTML page's body is decoded by its parser
    if article.raw:
        page = extract_html(article.body, article.url) if article.raw == "html" else extract_page(article.body)
        article.title = article.title or page.title
        article.body = page.body
        article.byline = article.byline or page.byline
        if article.date is None:
            article.date, article.tz = page.date, page.tz
        article.dateline = article.dateline or page.dateline
        article.source = article.source or page.source
        article.language = article.language or page.language
        article.raw = None
        filed = page.filed_from          # its byline is cleaned already, without the place
    if not article.dateline and article.body:
        dl = parse_dateline(article.body[:200])
        article.dateline = dl[0] if dl else None
    byline = decode_entities(article.byline)
    article.dateline = article.dateline or filed_from(byline) or filed
    article.title = " ".join(decode_entities(article.title).split())
    article.byline = clean_byline(byline)
    article.source = decode_entities(article.source)
    article.places, article.countries, article.place_countries = locate(article.dateline, article.title,
                                                                        article.body)
    article.dupkeys = band_keys(article.body)
    return article
