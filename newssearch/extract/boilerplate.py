"""Pull the story out of a news page saved as text: site chrome, headline, captions, story, trailing blocks.

Pages copied from a browser start with navigation ("Skip to main content", menus), then the headline, then
photo captions (often twice, often "FILE - …"), a byline and a date, the story, and a tail of share buttons,
an agency credit and an "about us" blurb. Text without chrome (BBC News files) is headline, blank, story.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from .bylines import agency, clean_byline, filed_from, is_byline
from .dates import FULL_DATE, find_date, parse_date, parse_dateline

_CHROME = re.compile(
    r"^(accessibility links|skip to .*|skip navigation|breaking news|menu|main menu|search|search\.\.\.|sign in|"
    r"log ?in|register|subscribe|subscribe now|home|homepage|print options:?|images|multimedia|embedded content|"
    r"cancel print|print this page|toggle navigation|close|open menu|navigation|sections|live|watch live|"
    r"listen|languages?|edition|accept( all)?( cookies)?|cookie settings|we use cookies.*|advertisement|"
    r"ad|sponsored|newsletters?|more|latest|trending|top stories|you are here:?)$",
    re.IGNORECASE,
)
# Lines where a story's tail begins: from here on nothing is story.
_TAIL = re.compile(
    r"^(16x9 image|share( this( article| story)?)?|share on .*|comments?|\d+ comments|most (popular|read|viewed)|"
    r"more from .*|more on this story|related( stories| articles| coverage| topics)?|recommended( for you)?|"
    r"follow us.*|about us|copyright.*|\u00a9.*|all rights reserved.*|sign up for .*|read more about.*|"
    r"see all news.*|top stories|what to read next|latest (news|stories)|previous article|next article)$",
    re.IGNORECASE,
)
_SKIP_IN_STORY = re.compile(r"^(advertisement|ad|story continues below.*|continue reading.*|also read:.*|"
                            r"read more:.*|related:.*|scroll to continue.*)$", re.IGNORECASE)
_CAPTION = re.compile(r"^(FILE\s*[-\u2013\u2014:]|FILE PHOTO\b|\(?Photo(graph)?:)|\((AP|Reuters|AFP|Getty)"
                      r"[^)]*Photo[^)]*\)\s*$|\b(AP|REUTERS|AFP|Getty Images)/[A-Z][\w .]+\)?\s*$")
_DATE_LINE = re.compile(r"^(updated|published|posted|last updated|first published|modified)\b[:\s]", re.IGNORECASE)


@dataclass
class Page:
    title: str = ""
    body: str = ""
    byline: str | None = None
    date: datetime | None = None
    tz: str | None = None
    dateline: str | None = None
    source: str | None = None
    language: str | None = None
    filed_from: str | None = None      # where the byline says the reporter filed from: the dateline's last resort


def _menu_like(line: str) -> bool:
    return len(line.split()) <= 3 and not line.endswith((".", "?", "!", '"'))


def _is_date_line(line: str) -> bool:
    if _DATE_LINE.match(line):
        return True
    m = FULL_DATE.search(line)
    return bool(m) and len(line) - len(m.group(0)) <= 12


def _find_title(lines: list[str]) -> tuple[int, bool]:
    """Index of the headline (the first line that is not chrome or, once chrome was seen, a menu item), and
    whether the text looked like a scraped page at all."""
    chrome_seen = False
    for i, line in enumerate(lines[:80]):
        if _CHROME.match(line):
            chrome_seen = True
        elif chrome_seen and (_menu_like(line) or _is_date_line(line)):
            continue
        elif not _CAPTION.search(line) and not is_byline(line):
            return i, chrome_seen
    return 0, chrome_seen


def extract_page(text: str) -> Page:
    raw = [" ".join(line.split()) for line in text.splitlines()]
    counts = Counter(line for line in raw if len(line) > 30)
    # Captions: marked as such, or the same long line twice (pages repeat them under the image and in a gallery).
    lines = [line for line in raw if line and not _CAPTION.search(line) and counts[line] < 2]
    page = Page()
    if not lines:
        return page
    t, scraped = _find_title(lines)
    page.title = lines[t]
    before_title = lines[:t]

    header_dates: list[str] = []
    story: list[str] = []
    tail_agency = None
    rest = lines[t + 1:]
    for n, line in enumerate(rest):
        if not story:
            if is_byline(line) and page.byline is None:
                page.byline, page.filed_from = clean_byline(line), filed_from(line)
                continue
            if _is_date_line(line):
                header_dates.append(line)
                continue
            # Between a scraped page's headline and its story, short lines are buttons and labels; in plain
            # text they are the story's own (a match report's "Ewood Park"). Menus after the headline show a
            # scraped page too: Common Crawl's page text starts with the <title>, then the page's navigation.
            chrome = bool(_CHROME.match(line))
            scraped = scraped or chrome
            if scraped and (chrome or _TAIL.match(line) or len(line.split()) <= 3):
                continue
        if _TAIL.match(line) or agency(line):
            # The agency credit sits in the first lines of the tail ("16x9 Image", "VOA News", "about us").
            tail_agency = next((agency(x) for x in rest[n:n + 4] if agency(x)), None)
            break
        if _SKIP_IN_STORY.match(line):
            continue
        story.append(line)
    page.body = "\n\n".join(story)

    dateline_md = None
    if story:
        dl = parse_dateline(story[0])
        if dl:
            page.dateline, dateline_md, dl_agency, _ = dl
            page.source = agency(dl_agency) if dl_agency else None
    page.source = tail_agency or page.source
    if page.byline is None:
        page.byline = page.source

    for line in header_dates:
        page.date, page.tz = find_date(line)
        if page.date:
            break
    if page.date is None and dateline_md:
        # A dateline has no year: borrow it from a full date the page states elsewhere, or give no date.
        year_from, _ = find_date(text)
        if year_from:
            page.date, page.tz = parse_date(dateline_md, default=datetime(year_from.year, 1, 1))
    if page.date is None and before_title:
        page.date, page.tz = find_date("\n".join(before_title))
    return page
