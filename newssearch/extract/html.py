"""News pages as HTML: the story by trafilatura, the metadata the page declares read first.

Publishers state title, author and publication time for machines in JSON-LD and <meta> tags; those are
exact (with time and offset) where the visible page is not, so they win. trafilatura (and htmldate inside it)
finds the main text and fills in whatever the page does not declare.
"""
from __future__ import annotations

import copy
import json
import re
import warnings
from collections.abc import Iterator
from datetime import timedelta

from .boilerplate import Page
from .bylines import clean_byline, filed_from
from .dates import parse_date

_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
              "article.published", "publication_date", "originalpublicationdate")
_AUTHOR_META = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author", "byl")
_TITLE_META = ("og:title", "twitter:title", "headline")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "report"}


_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


def _jsonld(tree) -> Iterator[dict]:
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        # Some sites wrap the JSON in <![CDATA[ ]]> or an HTML comment, which the HTML parser keeps as text.
        text = _WRAPPER.sub("", node.text_content() or "")
        try:
            data = json.loads(text, strict=False)
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


_BYLINE_XPATH = ("//*[@rel='author']", "//*[@itemprop='author']//*[@itemprop='name']", "//*[@itemprop='author']",
                 "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]",
                 "//*[contains(@class, 'byline')]", "//*[contains(@class, 'author-name')]",
                 "//*[contains(@class, 'author')][not(descendant::*[contains(@class, 'author')])]")


_BREAKS = ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "time", "address", "section", "header")


def _shown_text(node) -> str:
    """The text as a browser lays it out on one line: text_content() glued "by Jeff Foust<br><span>Monday, …"
    into "FoustMonday" and "JILL LAWLESS</div><div>Associated Press" into "LAWLESSAssociated"."""
    node = copy.deepcopy(node)
    for element in node.iter(*_BREAKS):
        element.tail = " " + (element.tail or "")
        if element.tag != "br":
            element.text = " " + (element.text or "")
    return " ".join(node.text_content().split())


def _visible_byline(tree) -> str | None:
    """The byline as the page shows it (readability's way): rel=author, itemprop=author, class byline."""
    for xpath in _BYLINE_XPATH:
        for node in tree.xpath(xpath)[:3]:
            text = _shown_text(node)
            # A name, not a widget: letters, and no lone letter without its period ("S Sky", "J J").
            if (2 < len(text) <= 80 and not text.startswith("http") and re.search(r"[^\W\d_]{2,}", text)
                    and not re.search(r"(?:^|\s)[^\W\d_](?:\s|$)", text)):
                return text
    return None


def declared(tree) -> dict:
    """What the page states for machines: title, author, date (with offset), language. Each from the first
    source that states it (JSON-LD, the visible byline, then <meta>); a source that is silent passes it on."""
    found: dict = {}

    def offer(key, value):
        if value and not found.get(key):
            found[key] = value
    for item in _jsonld(tree):
        offer("title", item.get("headline"))
        offer("date", item.get("datePublished"))
        authors = [n for n in _names(item.get("author")) if n and not n.startswith("http")]
        offer("author", ", ".join(dict.fromkeys(authors)))
    meta = _meta(tree)
    offer("date", next((meta[k] for k in _DATE_META if k in meta), None))
    offer("author", _visible_byline(tree))
    offer("author", next((meta[k] for k in _AUTHOR_META if k in meta and not meta[k].startswith("http")), None))
    offer("title", next((meta[k] for k in _TITLE_META if k in meta), None))
    lang = tree.xpath("string(/html/@lang)") or meta.get("og:locale") or meta.get("content-language")
    found["language"] = lang.replace("_", "-").strip() or None if lang else None
    return {k: v for k, v in found.items() if v}


_PAGE_TAG = re.compile(r"<(?:html|body)\b", re.IGNORECASE)


def extract_html(html: str, url: str | None = None) -> Page:
    import htmldate
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
        # An article saved without its page ("<div><article>…" or "<p>…" alone: reader views, CMS exports,
        # readability's own output) has no "html" in its first 50 characters, and trafilatura then refuses a
        # tree of one element: the story came out empty. Wrapped, it is a page (trafilatura's own advice).
        whole = bool(_PAGE_TAG.search(html))
        # fast: no second opinion from trafilatura's readability/jusText fallbacks, which on news pages
        # pulled in teasers of other stories; favor_recall keeps short closing paragraphs. Measured by
        # benchmarks/ingest.py: body F1 0.851 -> 0.879 (readability), 0.958 -> 0.961 (extraction benchmark).
        doc = trafilatura.bare_extraction(html if whole else f"<html><body>{html}</body></html>", url=url,
                                          with_metadata=True, include_comments=False, include_tables=False,
                                          fast=True, favor_recall=True)
        # htmldate called directly for the first-published day: measured better than the date trafilatura
        # passes on (0.902 against 0.887 same-day accuracy on htmldate's own MediaCloud pages).
        # Its extensive search reads dates out of links and text: on a whole page a last resort that measured
        # well, on a story without its page mostly the dates of other stories it links to (readability's 28
        # saved stories: 20 dated, 13 of them wrong by more than a day, bbc-1 by two years).
        day = htmldate.find_date(tree, url=url, original_date=True, extensive_search=whole)
        # htmldate's last resort is a copyright notice's year as 1 January ("(c) 2016 aryanews.com"): a
        # guess, not a publication day, so a 1 January the page's markup does not state is dropped.
        if day and day.endswith("-01-01") and day != htmldate.find_date(tree, url=url, original_date=True,
                                                                         extensive_search=False):
            day = None
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    page.source = doc.get("sitename") or None
    page.title = _without_site(" ".join(str(meta.get("title") or doc.get("title") or "").split()), page.source)
    page.body = _paragraphs(doc.get("text") or "")
    first, _, rest = page.body.partition("\n\n")
    if page.title and " ".join(first.split()) == page.title:
        page.body = rest                          # trafilatura keeps the headline as the first paragraph
    # An unsigned story is credited to its publisher, as an agency credits a wire story.
    author = meta.get("author") or doc.get("author")
    page.byline = clean_byline(author) or page.source
    page.filed_from = filed_from(author)
    page.date, page.tz = _publication_date(meta.get("date"), day, html)
    page.language = meta.get("language") or doc.get("language")
    return page


_TITLE_SEPARATOR = re.compile(r"\s+(?:\||--?|\u2013|\u2014|::|\u00bb|\u00ab|/)\s+")


def _without_site(title: str, site: str | None) -> str:
    """"Headline | Aktuálně.cz" -> "Headline", "Noticiero Digital - Borrell: …" -> "Borrell: …": the site's name
    is not part of the headline. Names compare without case, spaces and punctuation ("TheHill", "The Hill")."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    site_key = _key(site or "")
    last, first = parts[-1].strip(), parts[0].strip()
    if _same_site(_key(last), site_key) or re.fullmatch(r"[\w.-]+\.[a-z]{2,}", last.lower()):
        return title[:title.rfind(last)].rstrip(" |-\u2013\u2014:\u00bb\u00ab/")
    if site_key and _key(first) == site_key:     # before the headline, only the site's exact name ("Yahoo News" stays)
        return title[title.find(first) + len(first):].lstrip(" |-\u2013\u2014:\u00bb\u00ab/")
    return title


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


def _same_site(part: str, site: str) -> bool:
    return bool(part and site) and (part == site or (min(len(part), len(site)) >= 4 and (part in site or site in part)))


# Timestamps with an explicit offset anywhere in the raw page (feeds of other stories, schedules, <time>):
# "2020-05-01T23:00:00-04:00" or "Fri, 01 May 2020 23:00:00 -0400".
_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?([+-]\d\d):?(\d\d)\b"
                     r"|\b\d\d:\d\d:\d\d ([+-]\d\d)(\d\d)\b")


def page_offset(html: str) -> str | None:
    """The zone the site writes its own times in: the offset most of its non-UTC timestamps carry."""
    counts: dict[str, int] = {}
    for m in _OFFSET.finditer(html):
        hours, minutes = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if hours[1:] != "00" or minutes != "00":
            key = f"{hours}:{minutes}"
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _publication_date(stated: str | None, day: str | None, html: str = ""):
    """The declared timestamp, in the publisher's zone; htmldate's day where the two cannot both be right.

    A UTC stamp is moved into the zone the page writes its other times in ("02:54Z" on a New York station's
    page is the evening before). Where htmldate's day still differs, it wins when it is a zone shift the
    stamp cannot rule out (a UTC or unzoned stamp whose wall clock a real offset, -10 to +14 hours, moves
    onto that day) or more than a day away (a "published" tag that is really the last update); a stamp with
    its own non-zero offset is the publisher's wall clock and wins over a day off by one."""
    exact = parse_date(stated)
    found = parse_date(day)
    if exact[0] is None:
        return found
    if exact[1] == "+00:00" and (local := page_offset(html)):
        sign = -1 if local[0] == "-" else 1
        exact = exact[0] + sign * timedelta(hours=int(local[1:3]), minutes=int(local[4:6])), local
    if found[0] is None or exact[0].date() == found[0].date():
        return exact
    apart = (found[0].date() - exact[0].date()).days
    if abs(apart) > 1:
        return found
    if exact[1] not in (None, "+00:00"):
        return exact
    reach = timedelta(hours=-10) if apart < 0 else timedelta(hours=14)
    return found if (exact[0] + reach).date() == found[0].date() else exact


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
