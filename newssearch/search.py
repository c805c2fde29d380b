"""Running a parsed query: ranking (BM25F, title boosted), date sorting, exact totals, typed hits."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice
from datetime import datetime

from whoosh import collectors, scoring, sorting
from whoosh import query as wq

from .errors import QueryError
from .facets import Count, counts, parse_names
from .query import parse_query
from .snippets import SNIPPET_CHARS, highlighter, snippets

SORTS = ("relevance", "newest", "oldest", "date")      # "date" is "newest"


@dataclass
class Hit:
    rank: int
    id: str
    path: str
    title: str
    byline: str | None
    date: datetime | None
    tz: str | None
    places: list[str]
    countries: list[str]
    score: float
    snippets: list[str] = field(default_factory=list)
    dateline: str | None = None
    url: str | None = None
    source: str | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id, "path": self.path, "title": self.title, "byline": self.byline,
            "date": self.date.strftime("%Y-%m-%dT%H:%M:%S") if self.date else None,
            "places": self.places, "countries": self.countries, "score": round(self.score, 4),
            "snippets": self.snippets,
        }


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    page: int = 1
    facets: dict[str, list[Count]] | None = None

    def to_json(self) -> dict:
        out = {"query": self.query, "total": self.total, "hits": [h.to_json() for h in self.hits]}
        if self.facets is not None:
            out["facets"] = {name: [c.to_json() for c in found] for name, found in self.facets.items()}
        return out

    def __iter__(self):
        return iter(self.hits)

    def __len__(self):
        return len(self.hits)


MAX_QUERY_CHARS = 10_000
MAX_CLAUSES = 4096         # words, phrases and ranges in one query, counted per field searched
MAX_EXPANSION = 4096       # words one wildcard, prefix or fuzzy term may stand for
MAX_EDITS = 2              # as Lucene
QUERY_SECONDS = float(os.environ.get("NEWSSEARCH_QUERY_SECONDS", 10))


def prepare(searcher, text: str, since: str | None = None, until: str | None = None) -> wq.Query:
    """Parse, then bound the cost: pathological queries get a clear QueryError instead of a hung search."""
    if len(text or "") > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    q = parse_query(text, since=since, until=until)
    leaves = [q] if q.is_leaf() else list(q.leaves())
    if len(leaves) > MAX_CLAUSES:
        raise QueryError(f"the query has {len(leaves):,} terms; the limit is {MAX_CLAUSES:,}")
    reader = searcher.reader()
    for leaf in leaves:
        if isinstance(leaf, wq.FuzzyTerm) and leaf.maxdist > MAX_EDITS:
            # Whoosh builds an automaton that grows steeply with the distance: ~9 took 12 s on 20 articles.
            raise QueryError(f"{leaf.text}~{leaf.maxdist}: fuzzy search allows at most {MAX_EDITS} edits")
        if isinstance(leaf, wq.MultiTerm) and leaf.fieldname in reader.schema:
            expanded = sum(1 for _ in islice(leaf._btexts(reader), MAX_EXPANSION + 1))
            if expanded > MAX_EXPANSION:
                raise QueryError(f"{leaf.text!r} stands for more than {MAX_EXPANSION:,} words in {leaf.fieldname}; "
                                 "make it more specific")
    return q


def _has_not(q: wq.Query) -> bool:
    return isinstance(q, wq.Not) or any(_has_not(c) for c in q.children())


def _sorting(sort: str) -> dict:
    if sort in ("date", "newest"):
        return {"sortedby": "datesort", "reverse": True}          # undated articles hold 0: last
    if sort == "oldest":   # undated last here too: their 0 is stored as 2**63 (Whoosh shifts signed numbers)
        return {"sortedby": sorting.TranslateFacet(lambda key: (key == 1 << 63, key), sorting.FieldFacet("datesort"))}
    return {}


def to_hit(hit, rank: int, snippet_list: list[str], scored: bool = True) -> Hit:
    stored = hit.fields()
    return Hit(
        rank=rank, id=stored["id"], path=stored["path"], title=stored.get("title", ""),
        byline=stored.get("byline") or None, date=stored.get("date"), tz=stored.get("tz"),
        places=stored.get("places") or [], countries=stored.get("countries") or [],
        # Sorted by date, Whoosh puts the sort key where the score goes: report no score then.
        score=float(hit.score or 0.0) if scored else 0.0, snippets=snippet_list,
        dateline=stored.get("dateline") or None, url=stored.get("url"), source=stored.get("source"),
    )


def weighting() -> scoring.WeightingModel:
    return scoring.BM25F()


def run(searcher, text: str, *, limit: int | None = 10, page: int = 1, sort: str = "relevance",
        since: str | None = None, until: str | None = None, snippet_count: int = 3,
        snippet_chars: int = SNIPPET_CHARS, facets: list[str] | None = None) -> Results:
    """Search with the query language; limit 0 or None returns every hit; page counts from 1 in pages of
    limit hits, in a stable order. Raises QueryError."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
    if page < 1:
        raise QueryError("pages count from 1")
    facet_names = parse_names(facets)
    q = prepare(searcher, text, since=since, until=until)
    wanted = limit * page if limit else None
    collector = searcher.collector(limit=wanted, terms=True, **_sorting(sort))
    # No SIGALRM: the library may run in a server's worker thread, where signals cannot be set.
    timed = collectors.TimeLimitCollector(collector, timelimit=QUERY_SECONDS, use_alarm=False)
    try:
        searcher.search_with_collector(q, timed)
    except collectors.TimeLimit:
        raise QueryError(f"the query took longer than {QUERY_SECONDS:g} s and was stopped; narrow it") from None
    results = timed.results()
    # Counted apart where Whoosh's count from a top-N collector is wrong: queries with NOT (inside OR; pinned
    # in tests/test_search.py). Facets need every match anyway.
    matched = list(searcher.docs_for_query(q)) if ((wanted and _has_not(q)) or facet_names) else None
    total = len(matched) if matched is not None else len(results)
    hl = highlighter(snippet_chars)
    first = (page - 1) * limit if limit else 0
    hits = [to_hit(hit, rank, snippets(hl, hit, snippet_count, snippet_chars, query=q), sort == "relevance")
            for rank, hit in enumerate(results, 1) if rank > first]
    found = Results(query=text, total=total, hits=hits, page=page)
    if facet_names:
        found.facets = counts(searcher, matched, facet_names)
    return found
