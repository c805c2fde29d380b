"""Facet counts over the articles a query matches: which places and countries an archive (or a search) covers."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .extract.places import country_names, fold, gazetteer
from .search import prepare


@dataclass
class Count:
    name: str
    count: int
    code: str | None = None     # ISO code, for countries
    kind: str | None = None     # "country", "region" or "city", for places


@dataclass
class PlaceFacets:
    query: str
    total: int                  # articles matched
    countries: list[Count]      # what the stories are about
    places: list[Count]         # every place named

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total,
                "countries": [{"code": c.code, "name": c.name, "count": c.count} for c in self.countries],
                "places": [{"name": p.name, "kind": p.kind, "count": p.count} for p in self.places]}


def place_facets(searcher, text: str = "*", *, limit: int | None = 20, since: str | None = None,
                 until: str | None = None) -> PlaceFacets:
    """Counts of places and countries over every matching article; limit 0 or None lists them all."""
    q = prepare(searcher, text, since=since, until=until)
    docnums = list(searcher.docs_for_query(q))
    places: Counter = Counter()
    countries: Counter = Counter()
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        places.update(stored.get("places") or [])
        countries.update(stored.get("countries") or [])
    names = country_names()
    n = limit or None
    return PlaceFacets(
        query=text, total=len(docnums),
        countries=[Count(names.get(c, c), k, c) for c, k in countries.most_common(n)],
        places=[Count(p, k, kind=_kind(p)) for p, k in places.most_common(n)],
    )


def _kind(name: str) -> str:
    place = gazetteer().get(fold(name))
    return place.kind if place and place.name == name else "city"   # a dateline's small town is a city
