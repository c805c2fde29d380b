"""Running a parsed query: ranking (BM25F, title boosted), date sorting, exact totals, typed hits."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from whoosh import scoring

from .errors import QueryError
from .query import parse_query
from .snippets import SNIPPET_CHARS, highlighter, snippets

SORTS = ("relevance", "date")


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

    def to_json(self) -> dict:
        return {"query": self.query, "total": self.total, "hits": [h.to_json() for h in self.hits]}

    def __iter__(self):
        return iter(self.hits)

    def __len__(self):
        return len(self.hits)


def weighting() -> scoring.WeightingModel:
    return scoring.BM25F()


def run(searcher, text: str, *, limit: int | None = 10, sort: str = "relevance", since: str | None = None,
        until: str | None = None, snippet_count: int = 3, snippet_chars: int = SNIPPET_CHARS) -> Results:
    """Search with the query language; limit 0 or None returns every hit. Raises QueryError."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (use {' or '.join(SORTS)})")
    q = parse_query(text, since=since, until=until)
    kwargs = {"sortedby": "datesort", "reverse": True} if sort == "date" else {}
    results = searcher.search(q, limit=limit or None, terms=True, **kwargs)
    hl = highlighter(snippet_chars)
    hits = []
    for rank, hit in enumerate(results, 1):
        stored = hit.fields()
        hits.append(Hit(
            rank=rank, id=stored["id"], path=stored["path"], title=stored.get("title", ""),
            byline=stored.get("byline") or None, date=stored.get("date"), tz=stored.get("tz"),
            places=stored.get("places") or [], countries=stored.get("countries") or [],
            # Sorted by date, Whoosh puts the sort key where the score goes: report no score then.
            score=float(hit.score or 0.0) if sort == "relevance" else 0.0,
            snippets=snippets(hl, hit, snippet_count, snippet_chars),
            dateline=stored.get("dateline") or None, url=stored.get("url"), source=stored.get("source"),
        ))
    return Results(query=text, total=len(results), hits=hits)
