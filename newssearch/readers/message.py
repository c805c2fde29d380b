"""Usenet posts and e-mails (RFC 822/1036: headers, a blank line, the body), one article a file, read by
Python's email package: title from Subject, byline from From (the name, else the address), date from Date
with its own offset, source from the first of Newsgroups. Usenet archives name posts by number ("20
Newsgroups": 20_newsgroups/sci.space/61019), so a file without a suffix is one when it starts like one."""
from __future__ import annotations

import email
import email.header
import email.utils
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from ..article import Article
from ..extract.dates import format_offset
from ..extract.html import strip_tags
from ._io import decode, read_bytes

MANY = False  # one article a file
SUFFIXES = (".eml", ".eml.gz")

_HEADER = re.compile(r"[!-9;-~]+:(?:[ \t]|$)")          # RFC 822: any printable but ":" ("Article-I.D.:")
# A binary attachment pasted into the text: "begin 644 name", lines of 61 characters starting "M", "end".
_UUENCODED = re.compile(r"^begin [0-7]{3,4} \S[^\n]*\n(?:[^\n]*\n)*?end[ \t]*$", re.M)


def claims(head: str) -> bool:
    """Whether a file's first lines are a message's headers: From, and Subject, Newsgroups or Date."""
    names = set()
    for line in head.split("\n"):            # not splitlines(): garbled headers hold \x1c-\x1e
        if not line.strip():
            break
        if _HEADER.match(line):
            names.add(line.split(":", 1)[0].lower())
        elif not line[:1].isspace():           # a header's continuation line starts with white space
            return False
    return "from" in names and bool(names & {"subject", "newsgroups", "date"})


def read(path: str, warn) -> Iterator[Article]:
    message = email.message_from_string(decode(read_bytes(path)))
    body = _UUENCODED.sub("", _text(message)).strip()
    title = _header(message, "Subject")
    if not body and not title:
        warn("no text")
        return
    sender = _header(message, "From")
    name, address = email.utils.parseaddr(sender)
    # "From:  (Rashid)" is all comment, which parseaddr drops: the comment is the name.
    byline = name.strip("\" ") or address or sender.strip(" ()<>") or None
    date, tz = _date(message.get("Date"))
    groups = [g.strip() for g in _header(message, "Newsgroups").split(",") if g.strip()]
    yield Article(path=path, title=title, body=body, byline=byline, date=date, tz=tz,
                  source=groups[0] if groups else None)


def _header(message, name: str) -> str:
    """A header's text with RFC 2047 words ("=?utf-8?q?...?=") decoded; "" when absent."""
    value = message.get(name)
    if value is None:
        return ""
    try:
        value = str(email.header.make_header(email.header.decode_header(str(value))))
    except (ValueError, LookupError, UnicodeError):
        value = str(value)
    return " ".join(value.split())


def _date(value) -> tuple[datetime | None, str | None]:
    """RFC 822 dates as posts write them ("5 Apr 93 14:32:01 EST" too), in the post's own zone."""
    parsed = email.utils.parsedate_tz(str(value)) if value else None
    if not parsed:
        return None, None
    try:
        date = datetime(*parsed[:6])
    except ValueError:
        return None, None
    return date, None if parsed[9] is None else format_offset(timedelta(seconds=parsed[9]))


def _text(message) -> str:
    """The text of a message: its body, or the text/plain parts of a MIME one (its HTML parts, tags
    stripped, when it has no plain text); attachments are not its text."""
    parts = [p for p in message.walk() if not p.is_multipart() and not p.get_filename()
             and p.get_content_maintype() == "text"]
    plain = [p for p in parts if p.get_content_subtype() == "plain"]
    if plain:
        return "\n\n".join(map(_part_text, plain))
    return "\n\n".join(strip_tags(_part_text(p)) for p in parts if p.get_content_subtype() == "html")


def _part_text(part) -> str:
    if part.get("Content-Transfer-Encoding", "").lower() not in ("base64", "quoted-printable"):
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    data = part.get_payload(decode=True) or b""
    return decode(data, part.get_content_charset())
