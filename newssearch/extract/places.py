"""Places named in a story, normalised: "Pyongyang" and "North Korean" give Pyongyang, North Korea and KP.

Matching is one pass over the words of a text: at each capitalised word, the longest name of the gazetteer
that starts there. A story's dateline is read against every GeoNames city and its qualifier ("Conn.",
"Alberta"). `countries` holds what a story is about, not every passing mention: the dateline's country, the
title's, the lead's, and any named more than once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter

from .gazetteer import (MAX_NAME_WORDS, Place, cities, country_names, fold, gazetteer, readings,  # noqa: F401
                        regions, well_known_cities)

_JOINERS = {"of", "and", "the", "de", "del", "da", "la", "el", "es", "al", "d'ivoire", "du", "upon"}
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'\u2019.-]*[\w]|[^\W\d_]")
_SPLIT = re.compile(f"({_WORD.pattern})")
_SENTENCE_MARKS = frozenset("\n.!?:;\"\u201c(")


_FIRST_LETTER = itemgetter(slice(0, 1))


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=1)
def _first_words() -> dict[str, int]:
    """First word of every name -> the most words a name starting with it has: the trie's first level."""
    longest: dict[str, int] = {}
    for key in gazetteer():
        first, n = key.split(" ", 1)[0], key.count(" ") + 1
        longest[first] = max(longest.get(first, 0), n)
    return longest


def _words(text: str) -> tuple[list[str], _Starts]:
    """The words of a text ("'s" dropped), and for each whether it may start a sentence (where capitals prove
    nothing). Built from one split of the text into gaps and words (a loop per word was a third of
    extraction's time)."""
    parts = _SPLIT.split(text)                   # gap, word, gap, word, ..., gap
    words = [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in parts[1::2]]
    return words, _Starts(parts)


class _Starts:
    """starts[i]: whether word i may start a sentence: the first, and any with a line break, stop, colon, quote
    or bracket in the two characters before it. Worked out when asked: only words that may be a place's name
    are, a few per story."""
    __slots__ = ("parts",)

    def __init__(self, parts: list[str]):
        self.parts = parts

    def __getitem__(self, i: int) -> bool:
        if i == 0:
            return True
        before = (self.parts[2 * i - 1] + self.parts[2 * i])[-2:]   # the word before i and the gap after it
        return not _SENTENCE_MARKS.isdisjoint(before)


# Country and city names that are also people's names: "Michael Jordan", "Chad Smith", "Paris Hilton".
_PERSON_LIKE = {"jordan", "chad", "paris", "georgia", "israel", "sydney", "austin", "houston", "dallas", "lincoln",
                "jackson", "washington", "florence", "victoria", "kingston", "india", "lima", "regina", "phoenix"}


# Words before a person's name. Only these say a name is a person's throughout the story: a capitalised word
# before it may be part of a place ("New London") or a company ("Merrill Lynch"), and after it as well.
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "president", "senator", "sen", "gov",
           "governor", "rep", "judge", "chancellor", "minister", "secretary", "gen", "general", "coach", "prof",
           "professor", "mayor", "premier", "rev", "father", "sister", "brother", "sheikh", "prince", "princess"}


_REGION_OF_AMERICA = {"Latin", "South", "Central", "North", "Pan", "Meso", "LATIN", "SOUTH", "CENTRAL", "NORTH", "PAN"}


def _plausible(place: Place, span: list[str], i: int, words: list[str], starts: _Starts,
               people: set[str]) -> bool:
    """Context rules for one-word names, the kind most often something else. A name after a title ("Mr") is
    added to people."""
    if len(span) > 1:
        return True
    word = span[0]
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if place.kind == "city" and word.isupper() and len(word) > 2 and place.name not in well_known_cities():
        return False          # "SALE OF UNIT", "MCDONNELL DOUGLAS" in all-capitals headlines
    names = gazetteer()
    # Part of a longer proper name: "Morgan Stanley", "Michael Jordan", "Paris Hilton".
    joined_before = (prev[:1].isupper() and not starts[i] and prev.lower() not in _JOINERS
                     and fold(prev) not in names and not (prev.isupper() and word.isupper()))
    joined_after = nxt[:1].isupper() and not nxt.isupper() and fold(nxt) not in names
    if joined_before and not prev.isupper() and prev.rstrip(".").lower() in _TITLES:      # "DR Congo" is no doctor
        people.add(word)                     # "Mr Kennedy": the story's other "Kennedy"s are him too
    if place.kind == "city" and joined_before:
        return False
    if prev in _REGION_OF_AMERICA and fold(word) in ("american", "americans"):
        return False          # "Latin American debt", "South American players": not the United States
    if fold(word) in _PERSON_LIKE and (joined_before or joined_after):
        return False
    return True


def find_mentions(*texts: str | None) -> list[tuple[int, int, str, Place]]:
    """Every place name in the texts, in order: (which text, word position, the words as written, the Place)."""
    names, first_words = gazetteer(), _first_words()
    found = []
    people: set[str] = set()         # one-word names seen after a title: "Mr Kennedy"
    for t, text in enumerate(texts):
        if not text:
            continue
        words, starts = _words(text)
        n, free = len(words), 0                  # words before `free` belong to a name found already
        # Only a capitalised word can start a name: the others are passed over without a Python step each.
        for i in compress(count(), map(str.isupper, map(_FIRST_LETTER, words))):
            if i < free:
                continue
            longest = first_words.get(fold(words[i]), 0)
            for size in range(min(longest, n - i), 0, -1):
                span = words[i:i + size]
                if not _capitalised(span[-1]) or not all(_capitalised(w) or w.lower() in _JOINERS for w in span):
                    continue
                place = names.get(fold(" ".join(span)))
                if place and _plausible(place, span, i, words, starts, people):
                    found.append((t, i, " ".join(span), place))
                    free = i + size
                    break
    # The story's other "Kennedy"s are that person too ("Taxes must be trusted - Kennedy"), not Kennedy,
    # Colombia: a name refers to one thing throughout a story.
    return [m for m in found if m[2] not in people] if people else found


def prefer_fitting(mentions: list[tuple[int, int, str, Place]], also: set[str] = frozenset()):
    """Names with several readings ("Georgia") take the one in a country the story's other places are in."""
    alternatives = readings()
    context = {p.country for _, _, s, p in mentions if fold(s) not in alternatives} | set(also)
    out = []
    for t, i, surface, place in mentions:
        options = alternatives.get(fold(surface))
        if options:
            place = next((o for o in options if o.country in context), place)
        out.append((t, i, surface, place))
    return out


def find_places(*texts: str | None) -> list[Place]:
    """Places in order of first mention across the texts, each once."""
    found: dict[str, Place] = {}
    for _, _, _, place in prefer_fitting(find_mentions(*texts)):
        found.setdefault(place.name, place)
    return list(found.values())


_MONTH_DAY = re.compile(r"^[A-Z][a-z]{2,8}\.?\s+\d{1,2}$")


def dateline_place(dateline: str | None, context: set[str] = frozenset()) -> Place | None:
    """The place a dateline names: "GREENWICH, Conn., March 2" is Greenwich, Connecticut, US. Without a
    qualifier, the reading that fits the story's other places, else the best-known one."""
    if not dateline:
        return None
    parts = [p.strip() for p in dateline.split(",") if p.strip() and not _MONTH_DAY.match(p.strip())]
    if not parts:
        return None
    city, qualifier = fold(parts[0]), (regions().get(fold(parts[1])) if len(parts) > 1 else None)
    known = gazetteer().get(city)
    candidates = cities().get(city, [])
    if qualifier:
        cc, admin1 = qualifier
        if known and known.country == cc and known.kind != "country":
            return known
        fits = [p for _, p, a in candidates if p.country == cc and (admin1 is None or a == admin1)]
        if fits:
            return fits[0]
        if known and known.country == cc:
            return known
        return Place(" ".join(w.capitalize() for w in parts[0].split()), "city", cc, country_names().get(cc, cc))
    if known:
        return known
    if candidates:
        fitting = [p for _, p, _ in candidates if p.country in context]
        return fitting[0] if fitting else candidates[0][1]
    return None


# Measured on Reuters-21578 (benchmarks/places.py): a place in the first sentence or named three times is
# part of what the story is about; one named once further down is a passing mention.
LEAD_WORDS = 25
MIN_MENTIONS = 3


def locate(dateline: str | None, title: str | None, body: str | None) -> tuple[list[str], list[str], list[str]]:
    """(places, countries, place_countries) for an Article: every place named (the dateline's first), the
    countries the story is about, and the countries of every place named."""
    mentions = prefer_fitting(find_mentions(title, body))
    home = dateline_place(dateline, {p.country for _, _, _, p in mentions})
    if home:
        mentions = prefer_fitting(mentions, {home.country})
    named = ([home] if home else []) + [p for _, _, _, p in mentions]
    in_body: dict[str, int] = {}
    for t, _, _, p in mentions:
        if t == 1:
            in_body[p.country] = in_body.get(p.country, 0) + 1
    about = [home.country] if home else []
    for t, pos, _, p in mentions:
        if t == 0 or pos < LEAD_WORDS or in_body[p.country] >= MIN_MENTIONS:
            about.append(p.country)
    return (list(dict.fromkeys(p.name for p in named)), list(dict.fromkeys(about)),
            list(dict.fromkeys(p.country for p in named)))


def place_fields(places: list[Place]) -> tuple[list[str], list[str]]:
    """(places, countries) as the Article stores them: names of what was mentioned, and their country codes."""
    return [p.name for p in places], list(dict.fromkeys(p.country for p in places))
