"""News in SGML, one article an element: Reuters-21578's <REUTERS> (keyed by NEWID), and the <DOC> of the TREC
collections (AP, Wall Street Journal, Financial Times, LA Times, FBIS; keyed by DOCNO) and of LDC's English
Gigaword (AFP, AP, NYT, Xinhua; keyed by its id). A <DOC> names its title, date and source as its collection
does: HEADLINE, HEAD, HL or TI; DATE, DD, DATE1, or the date in its id; the agency from its id's prefix."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime

from ..article import Article
from ..extract.dates import parse_date
from ._io import read_text

MANY = True  # several articles a file
SUFFIXES = (".sgm", ".sgml", ".sgm.gz", ".sgml.gz")
_ELEMENTS = ("REUTERS", "DOC")
_OPENING = {name: re.compile(rf"<{name}\b([^>]*)>", re.I) for name in _ELEMENTS}
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_TAGS = ("DATE", "TITLE", "AUTHOR", "DATELINE", "BODY", "TEXT", "DOCNO", "HEADLINE", "HEAD", "HL", "TI",
         "BYLINE", "DD", "DATE1", "SO", "PUB")
# Unclosed elements happen: a field then ends where the next tag begins.
# Markup inside a field (the LA Times' <P>, FBIS's <F>) does not end it.
_FIELD = {tag: re.compile(rf"<{tag}\b[^>]*>(.*?)(?:</{tag}>|(?=<(?!/?(?:{tag}|P|F|TI|H\d)\b)[A-Z]+\b)|\Z)",
                          re.S | re.I)
          for tag in _TAGS}
_OPEN = {tag: re.compile(rf"<{tag}\b[^>]*>", re.I) for tag in _TAGS}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INNER_TAG = re.compile(r"</?(?:P|F|TI|H\d)\b[^>]*>", re.I)
_PARAGRAPH_TAG = re.compile(r"</?P\b[^>]*>", re.I)
# A <DOC>'s id names its source and often its date: AP880212-0001, WSJ870324-0001, LA010189-0001 (month, day,
# year), FT911-3, FBIS3-21777; Gigaword's AFP_ENG_19940512.0004.
_GIGAWORD_ID = re.compile(r"^([A-Z]{3})_[A-Z]{3}_(\d{8})\.", re.I)
_TREC_ID = re.compile(r"^(AP|WSJ|SJMN|LA|FT|FBIS|FR|ZF|DOE)(\d{6})?", re.I)
_SOURCES = {"AP": "AP", "APW": "AP", "AFP": "AFP", "NYT": "The New York Times", "XIN": "Xinhua",
            "CNA": "Central News Agency", "LTW": "Los Angeles Times/Washington Post", "WPB": "Washington Post",
            "WSJ": "Wall Street Journal", "SJMN": "San Jose Mercury News", "LA": "Los Angeles Times",
            "FT": "Financial Times", "FBIS": "FBIS"}
_FT_HEADLINE = re.compile(r"^FT\s+\d{1,2} [A-Z]{3} \d{2} /\s*")   # "FT  14 MAY 91 / International Company News: …"
_LA_DATE_TAIL = re.compile(r",\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$", re.I | re.S)


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = _CONTROL.sub("", html.unescape(text))
    return text.replace("\r", "").strip()


def _raw(tag: str, block: str) -> str:
    opened = _OPEN[tag].search(block)
    if not opened:
        return ""
    # Most fields close before any other tag: found with str.find, not the pattern's test at every character
    # (the Reuters files were read in 1.85 s, most of it there).
    end = block.find(f"</{tag}>", opened.end())
    if end != -1 and "<" not in block[opened.end():end]:
        return block[opened.end():end]
    m = _FIELD[tag].search(block, opened.start())
    return m.group(1) if m else ""


def _field(tag: str, block: str) -> str:
    return _clean(_raw(tag, block))


def _line(tag: str, block: str) -> str:
    """A short field on one line, markup inside it taken out (before entities are read: Reuters writes a
    company "&lt;P.W. Stephens>", and that is text)."""
    return " ".join(_clean(_INNER_TAG.sub(" ", _raw(tag, block))).split())


def _body(block: str) -> str:
    body = _field("BODY", block)
    if not body:
        # BRIEF and UNPROC stories carry their text straight inside <TEXT>, as TREC and Gigaword do (in <P>s).
        m = re.search(r"<TEXT\b[^>]*>(.*?)(?:</TEXT>|\Z)", block, re.S | re.I)
        text = _PARAGRAPH_TAG.sub("\n\n", m.group(1)) if m else ""
        body = _clean(re.sub(r"<[^>]+>.*?</[^>]+>|<[^>]+>", " ", text, flags=re.S))
    signed = body.rstrip()
    if signed.endswith("Reuter") and not (signed[-7:-6].isalnum() or signed[-7:-6] == "_"):
        body = signed[:-6]                       # the wire's sign-off, not a word of the story
    # Wire text wraps lines at 70 columns and starts paragraphs with an indent.
    paragraphs = re.split(r"\n\s{2,}|\n\s*\n", body)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _doc_date(key: str, block: str) -> tuple[datetime | None, str | None]:
    for tag in ("DATE", "DD", "DATE1"):
        value = _line(tag, block)
        if re.fullmatch(r"\d{6}", value):                  # the Financial Times: 910514
            return datetime.strptime(value, "%y%m%d"), None
        if value:
            date, tz = parse_date(_LA_DATE_TAIL.sub("", value))   # "January 1, 1989, Sunday, Home Edition"
            if date:
                return date, tz
    m = _GIGAWORD_ID.match(key)
    if m:
        return datetime.strptime(m.group(2), "%Y%m%d"), None
    m = _TREC_ID.match(key)
    if m and m.group(2):
        try:
            return datetime.strptime(m.group(2), "%m%d%y" if m.group(1).upper() == "LA" else "%y%m%d"), None
        except ValueError:
            pass
    return None, None


def _source(key: str, block: str) -> str | None:
    m = _GIGAWORD_ID.match(key) or _TREC_ID.match(key)
    return (_SOURCES.get(m.group(1).upper()) if m else None) or _line("SO", block) or _line("PUB", block) or None


def _trec(attrs: dict, block: str, path: str, n: int) -> Article:
    key = _line("DOCNO", block) or attrs.get("id") or str(n)
    title = next(filter(None, (_line(tag, block) for tag in ("HEADLINE", "HEAD", "HL", "TI", "TITLE"))), "")
    date, tz = _doc_date(key, block)
    return Article(
        path=path, key=key, title=_FT_HEADLINE.sub("", title), body=_body(block),
        byline=_line("BYLINE", block) or None, date=date, tz=tz,
        dateline=_line("DATELINE", block).rstrip(" -").strip() or None, source=_source(key, block),
    )


def _reuters(attrs: dict, block: str, path: str, n: int) -> Article:
    date, tz = parse_date(_field("DATE", block))
    dateline = _field("DATELINE", block).rstrip(" -").strip() or None
    return Article(
        path=path, key=attrs.get("NEWID") or str(n), title=" ".join(_field("TITLE", block).split()),
        body=_body(block), byline=_field("AUTHOR", block) or None, date=date, tz=tz,
        dateline=dateline, source="Reuters",
    )


def claims(head: str) -> bool:
    """A TREC or Gigaword file, named as its collection names it (AP880212, afp_eng_199405): it starts with <DOC."""
    return re.match(r"\s*<DOC[\s>]", head) is not None


def _elements(text: str, name: str) -> Iterator[tuple[str, str]]:
    """(attributes, content) of each element: it ends at its closing tag, the next one's start, or the text's
    end (an unclosed element happens). Found with str.find: a pattern's lookahead at every character was a
    third of reading the Reuters files."""
    starts = list(_OPENING[name].finditer(text))
    closing = f"</{name}>"
    for i, m in enumerate(starts):
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        end = text.find(closing, m.end(), limit)
        yield m.group(1), text[m.end():end if end != -1 else limit]


def read(path: str, warn) -> Iterator[Article]:
    text = read_text(path)
    found = False
    for name, make in (("REUTERS", _reuters), ("DOC", _trec)):
        for n, (attributes, block) in enumerate(_elements(text, name), 1):
            found = True
            yield make(dict(_ATTR.findall(attributes)), block, path, n)
        if found:
            return
    warn("no <REUTERS> or <DOC> elements found")
