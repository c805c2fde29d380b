"""Extraction: turn what a reader found into a complete Article (page taken apart, byline cleaned, places)."""
from __future__ import annotations

from ..article import Article
from .boilerplate import extract_page
from .bylines import clean_byline
from .dates import parse_dateline
from .html import extract_html
from .places import locate
from ..duplicates import band_keys


def enrich(article: Article) -> Article:
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
    if not article.dateline and article.body:
        dl = parse_dateline(article.body[:200])
        article.dateline = dl[0] if dl else None
    article.title = " ".join(article.title.split())
    article.byline = clean_byline(article.byline)
    article.places, article.countries, article.place_countries = locate(article.dateline, article.title,
                                                                        article.body)
    article.dupkeys = band_keys(article.body)
    return article
