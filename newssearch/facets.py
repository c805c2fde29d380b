"""Facet counts over the articles a query matches: places, countries, bylines, months, sources."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from . import facetfile
from .errors import QueryError


@dataclass
class Count:
    name: str
    count: int
    code: str | None = None     # ISO code, for countries
    kind: str | None = None     # "country", "region" or "city", for places

    def to_json(self) -> dict:
        return {k: v for k, v in (("code", self.code), ("name", self.name), ("kind", self.kind),
                                  ("count", self.count)) if v is not None}


# The facets; indexer.to_fields writes each article's values of them to the `facets` column.
FACETS = facetfile.NAMES


def parse_names(spec: str | Iterable[str] | None) -> list[str]:
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec or []) if n.strip()]
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise QueryError(f"unknown facet {unknown[0]!r} (facets: {', '.join(FACETS)})")
    return names


def counts(searcher, docnums: Iterable[int] | np.ndarray, names: list[str],
           limit: int | None = 20) -> dict[str, list[Count]]:
    """Counts per facet over the given (distinct) documents, commonest first, ties by name; limit 0 or None lists
    them all. A segment's facet file (facetfile.py) counts its articles at once; a segment without one is
    read article by article from the facets column."""
    counters = {name: Counter() for name in names}
    wanted = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
    if len(wanted) > 1 and not (wanted[1:] > wanted[:-1]).all():
        wanted = np.unique(wanted)             # matches come ascending: this hashed 1M numbers in 0.4 s
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        lo, hi = np.searchsorted(wanted, [offset, offset + reader.doc_count_all()])
        if lo == hi:
            continue
        local = wanted[lo:hi] - offset
        kept = facetfile.for_reader(reader)
        if kept is not None:
            for name in names:
                counters[name].update(dict(kept.count(name, local)))
            continue
        values = reader.column_reader("facets")
        for docnum in local.tolist():
            found = json.loads(values[docnum])
            for name in names:
                counters[name].update(found[name])
    # Imported here: the extraction package, which a query process that counts no facets never loads.
    from .extract.places import country_names

    out = {}
    countries = country_names()
    for name, counter in counters.items():
        shown = (lambda code: countries.get(code, code)) if name == "country" else str
        common = sorted(counter.items(), key=lambda item: (-item[1], shown(item[0])))[:limit or None]
        if name == "month":
            common.sort(reverse=True)                  # a timeline reads newest first
        if name == "country":
            out[name] = [Count(countries.get(c, c), n, code=c) for c, n in common]
        elif name == "place":
            out[name] = [Count(p, n, kind=_kind(p)) for p, n in common]
        else:
            out[name] = [Count(v, n) for v, n in common]
    return out


@dataclass
class PlaceFacets:
    query: str
    total: int                  # articles matched
    countries: list[Count]      # what the stories are about
    places: list[Count]         # every place named
    dated: tuple | None = None  # since/until as read

    def to_json(self) -> dict:
        from .query.dates import bounds_json

        return {"query": self.query, "total": self.total, "countries": [c.to_json() for c in self.countries],
                "places": [p.to_json() for p in self.places]} | ({"dated": bounds_json(*self.dated)} if self.dated
                                                                 else {})


def place_facets(searcher, text: str = "*", *, limit: int | None = 20, since: str | None = None,
                 until: str | None = None, strict: bool = False, notes: list[str] | None = None) -> PlaceFacets:
    """Counts of places and countries over every matching article."""
    from .query.dates import since_until
    from .search import matches, prepare

    # The same evaluator as search: Whoosh's docs_for_query let "putin ANDNOT the" match a story holding "the".
    q = prepare(searcher, text, since=since, until=until, strict=strict, notes=notes)
    docnums = matches(searcher, q).ids
    found = counts(searcher, docnums, ["country", "place"], limit)
    return PlaceFacets(query=text, total=len(docnums), countries=found["country"], places=found["place"],
                       dated=since_until(since, until))


def _kind(name: str) -> str:
    from .extract.gazetteer import kind_of

    return kind_of(name)          # a dateline's small town, which the gazetteer lacks, is a city
