"""Bylines as people write them ("    by Janie Gabbett, Reuters", "By JOHN SMITH | AP") reduced to the names."""
from __future__ import annotations

import re

# News agencies and outlets whose name alone on a line credits a story.
AGENCIES = {
    name.lower(): name for name in [
        "Reuters", "AP", "Associated Press", "The Associated Press", "AFP", "Agence France-Presse", "VOA News",
        "VOA", "BBC News", "BBC", "Bloomberg", "dpa", "Xinhua", "Kyodo", "Kyodo News", "Yonhap", "TASS",
        "UPI", "CNN", "Al Jazeera", "Interfax", "ANSA", "EFE", "PTI", "AAP", "RFE/RL",
    ]
}
_BY = re.compile(r"^\s*(?:written\s+)?by[:\s]\s*", re.IGNORECASE)
# "Par Sébastien Farcis", "Von Britta Schultejans", "Por Redação". Von and Di are also name particles ("Von
# Miller", "Di Maria"), so capitalised they go only before two or more words.
_BY_ABROAD = re.compile(r"^\s*(?:(?i:par|por|door|af|av)\s+(?=\w)|(?:von|di)\s+(?=[A-Z\u00c0-\u024f])"
                        r"|(?:Von|Di)\s+(?=\w+\S*\s+\w))")
_AGENCY_TAIL = re.compile(
    r"\s*(?:[,|/;\u2013\u2014-]\s*|\(\s*)(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
    + r")\s*\)?\s*$",
    re.IGNORECASE,
)


def agency(line: str) -> str | None:
    """The agency's canonical name if the line is nothing but an agency credit."""
    return AGENCIES.get(line.strip().strip(".").lower())


def is_byline(line: str) -> bool:
    """A "By …" line of one to a few names, not a sentence that starts with "By"."""
    if not _BY.match(line) or len(line) > 120:
        return False
    rest = _BY.sub("", line)
    words = rest.replace(",", " ").split()
    return 1 <= len(words) <= 12 and words[0][:1].isupper() and not rest.rstrip().endswith((".", "?", "!"))


_NOT_NAMES = {"username", "admin", "administrator", "unknown", "anonymous", "author", "editor", "none", "null",
              "by", "par", "por", "von", "door",                          # the word for "by" and no name
              "redação", "redacción", "redaktion", "rédaction", "redazione", "redactie"}   # "the newsroom"
# What pages print after a byline on the same line: a date, a time, "Updated", a dateline's month.
# The month's own spellings only, and each word whole: "Yoko Ono", "Jane Onyango" and "Al Mayo 12" kept one
# name where "on" and "may[a-z]*" matched the start of a surname.
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_TRAILING_DATE = re.compile(r"\s+(?:(?:updated|published|posted)\b|on\s|\||" + _MONTH + r"\s+\d|\d{1,4}[-/.:]\d"
                            r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"\s+\d"
                            r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?\s+(?:\w+\s+)?\d).*$", re.IGNORECASE)

# A telephone number or extension after the name, as Usenet posters signed their From line ("Bill Stewart
# +1-908-949-0705", "Erik Asphaug x2773", "Markus Strobl 98121"): 702 of 20 Newsgroups' posts had one.
_CONTACT = re.compile(r"[\s,]+(?:(?i:x|ext\.?)\s?\d{1,5}\b|\+?\(?\d{1,4}\)?(?:[-./ ]?\d{1,4}){2,}\b|\d{3,}$).*$")

# "David Smith in Washington", "Sam Jones in Madrid and Stephen Burgen in Barcelona" (The Guardian): where the
# reporter filed from, not part of the name.
_FILED_IN = re.compile(r"\s+in\s+[A-Z][\w.'\u2019-]*(?:,?\s+[A-Z][\w.'\u2019-]*)*(?=\s+and\s|\s*$)")
# "Patrick Wintour Diplomatic editor", "Jason Burke Africa correspondent", "Jane Doe, senior political reporter".
# After a comma the job may be capitalised: "MARIA LOPEZ, Times Staff Writer" (the LA Times' bylines).
_JOB_WORD = r"(?:correspondent|editor|reporter|writer|columnist|commentator|analyst|critic)"
_JOB = re.compile(r",?\s+(?:[A-Z][\w-]*\s+)?(?:[a-z]+\s+)*" + _JOB_WORD + r"$"
                  r"|,\s+(?:[A-Z][\w-]*\s+){0,3}(?i:" + _JOB_WORD + r")$")


def _unquoted(text: str) -> str:
    """Without the double quotes around a whole name, or a lone one at an end ('"William F. Maton"', as
    Usenet From lines quote a name): 'Tom "The Hammer" Jones' keeps its own."""
    quotes = text.count('"')
    if quotes == 2 and text[:1] == text[-1:] == '"' or quotes == 1 and '"' in (text[:1], text[-1:]):
        return text.strip('"').strip()
    return text


def filed_from(text: str | None) -> str | None:
    """Where the byline says the reporter filed from ("David Smith in Washington" -> "Washington"; the first
    of several), to serve as the story's dateline when it has none."""
    m = _FILED_IN.search(" ".join(str(text).split())) if text else None
    return m.group(0).split(" in ", 1)[1].strip() if m else None


def clean_byline(text: str | None) -> str | None:
    """Names only: no "By", no trailing agency or date, no stray whitespace; the names' own spelling and case."""
    if not text:
        return None
    text = _unquoted(" ".join(str(text).split()))
    text = _BY_ABROAD.sub("", _BY.sub("", text))
    text = _TRAILING_DATE.sub("", text)
    named = _CONTACT.sub("", text)
    if re.search(r"[^\W\d_]{2}", named):       # "A 369" stays: no name would be left
        text = named
    text = _FILED_IN.sub("", text)
    named = _JOB.sub("", text)
    if len(named.split()) >= 2:                 # "Sports editor" stays: no name would be left
        text = named
    if text.lower().strip(" .:") in _NOT_NAMES:
        return None
    stripped = _AGENCY_TAIL.sub("", text).strip(" ,;|-\u2013\u2014")
    if stripped:
        text = stripped
    return text or None
