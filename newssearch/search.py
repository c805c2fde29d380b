"""Running a parsed query: ranking (BM25F, title boosted), date sorting, exact totals, typed hits."""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from datetime import datetime

import numpy as np
from whoosh import scoring
from whoosh import query as wq

from .duplicates import key_reader
from .errors import QueryError
from .facets import Count, counts, parse_names
from .matching import Matches, evaluate, top
from .postings import datesort
from .query import parse_query, proximity
from .query.dates import bounds_json, since_until
from .query.placenames import read_places
from .snippets import SNIPPET_CHARS, snippets
from .spelling import suggest

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
    similar: int = 0                 # with collapse: other matching stories that are near-duplicates of it
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
    collapsed: bool = False
    notes: list[str] = field(default_factory=list)     # how a malformed query was repaired
    did_you_mean: str | None = None                    # a close spelling that finds something, when nothing did
    limit: int | None = None                           # hits a page (None: all)
    dated: tuple[datetime | None, datetime | None] | None = None   # since/until as read ("last year": its days)

    def to_json(self) -> dict:
        hits = [h.to_json() | ({"similar": h.similar} if self.collapsed else {}) for h in self.hits]
        out = {"query": self.query, "total": self.total, "hits": hits}
        if self.dated:
            out["dated"] = bounds_json(*self.dated)
        if self.did_you_mean:
            out["did_you_mean"] = self.did_you_mean
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


def prepare(searcher, text: str, since: str | None = None, until: str | None = None, *, strict: bool = False,
            notes: list[str] | None = None) -> wq.Query:
    """Parse (repairs noted in notes, or errors when strict), then bound the cost: pathological queries get a
    clear QueryError instead of a hung search."""
    if len(text or "") > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    q = parse_query(text, since=since, until=until, strict=strict, notes=notes)
    leaves = [q] if q.is_leaf() else list(q.leaves())
    if len(leaves) > MAX_CLAUSES:
        raise QueryError(f"the query has {len(leaves):,} terms; the limit is {MAX_CLAUSES:,}")
    reader = searcher.reader()
    known = {}                                 # pattern -> the words it stands for, for spell_out
    for leaf in leaves:
        if isinstance(leaf, wq.FuzzyTerm) and leaf.maxdist > MAX_EDITS:
            # Whoosh builds an automaton that grows steeply with the distance: ~9 took 12 s on 20 articles.
            raise QueryError(f"{leaf.text}~{leaf.maxdist}: fuzzy search allows at most {MAX_EDITS} edits")
        if isinstance(leaf, wq.MultiTerm) and leaf.fieldname in reader.schema:
            known[leaf] = list(islice(leaf._btexts(reader), MAX_EXPANSION + 1))
            if len(known[leaf]) > MAX_EXPANSION:
                typed = f"{leaf.text}*" if isinstance(leaf, wq.Prefix) else leaf.text
                raise QueryError(f"{typed!r} stands for more than {MAX_EXPANSION:,} words in {leaf.fieldname}; "
                                 "make it more specific")
    return proximity.spell_out(read_places(q, reader), reader, known)


class Match:
    """One matching article as snippets and hits read it: its number, score and stored fields."""
    __slots__ = ("searcher", "docnum", "score", "_fields")

    def __init__(self, searcher, docnum: int, score: float):
        self.searcher, self.docnum, self.score, self._fields = searcher, docnum, score, None

    def fields(self) -> dict:
        if self._fields is None:
            self._fields = self.searcher.stored_fields(self.docnum)
        return self._fields

    def get(self, name: str, default=None):
        return self.fields().get(name, default)


def matches(searcher, q: wq.Query) -> Matches:
    """Every match of q, scored once (exact top N and totals; Whoosh's own top-N collector replaced
    matchers as its bar rose and dropped matches: its top 10 for "oil prices" on 20,000 Reuters stories left
    out three that score higher than its 7th, and its count of NOT inside OR was wrong)."""
    try:
        return evaluate(searcher, q, deadline=time.monotonic() + QUERY_SECONDS)
    except TimeoutError:
        raise QueryError(f"the query took longer than {QUERY_SECONDS:g} s and was stopped; narrow it") from None


def _ranked(searcher, found: Matches, sort: str, first: int | None) -> Iterator[Match]:
    """Matches best first (by score, ties by article number), or by date with undated articles last. By
    score, only the first `first` are ordered at the start, more when more are asked for."""
    if sort == "relevance":
        n, done = first, 0
        while True:
            order = top(found, n)
            for i in order[done:].tolist():
                yield Match(searcher, int(found.ids[i]), float(found.scores[i]))
            if not n or len(order) < n:
                return
            n, done = n * 4, len(order)
    else:
        dates = date_keys(searcher, found.ids)
        undated = dates == 0
        # lexsort: last key first. Newest: later dates first; oldest: earlier first; undated last in both.
        key = -dates if sort in ("date", "newest") else dates
        order = np.lexsort((found.ids, key, undated))
    for i in order.tolist():
        yield Match(searcher, int(found.ids[i]), float(found.scores[i]))


def date_keys(searcher, docnums: np.ndarray) -> np.ndarray:
    """The datesort column (YYYYMMDDhhmmss, 0 undated) of each article, read a segment at a time."""
    out = np.zeros(len(docnums), dtype=np.int64)
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        lo, hi = np.searchsorted(docnums, [offset, offset + reader.doc_count_all()])
        if lo < hi:
            out[lo:hi] = datesort(reader)[docnums[lo:hi] - offset]
    return out


def _groups(ranked: Iterable[Match], keys_of, wanted: int | None) -> list[tuple[Match, list[str]]]:
    """Hits in rank order, each near-duplicate group kept only at its best-ranked story (with its keys)."""
    groups, taken = [], set()
    for hit in ranked:
        keys = keys_of(hit.docnum)
        if not taken.intersection(keys):
            groups.append((hit, keys))
            if wanted and len(groups) >= wanted:
                break
        taken.update(keys)
    return groups


def _similar_counter(keys_of, matched):
    """keys -> how many other matching stories share one of them: the matches' keys read once per query."""
    members: dict[str, list[int]] = {}
    for docnum in matched:
        for key in keys_of(docnum):
            members.setdefault(key, []).append(docnum)
    return lambda keys: max(0, len(set().union(*(members.get(k, ()) for k in keys))) - 1) if keys else 0


def _count(searcher, text: str, since, until) -> int:
    try:
        return len(matches(searcher, prepare(searcher, text, since=since, until=until)))
    except QueryError:
        return 0


def to_hit(hit, rank: int, snippet_list: list[str]) -> Hit:
    stored = hit.fields()
    return Hit(
        rank=rank, id=stored["id"], path=stored["path"], title=stored.get("title", ""),
        byline=stored.get("byline") or None, date=stored.get("date"), tz=stored.get("tz"),
        places=stored.get("places") or [], countries=stored.get("countries") or [],
        score=float(hit.score or 0.0), snippets=snippet_list,         # by date too: the relevance score
        dateline=stored.get("dateline") or None, url=stored.get("url"), source=stored.get("source") or None,
    )


SIMILAR_WORDS = 25


def similar(searcher, docnum: int, *, limit: int | None = 10, snippet_count: int = 3) -> tuple[int, list[Hit]]:
    """Articles most like this one, best first, and how many share a word with it: the story's SIMILAR_WORDS most
    distinctive body words (Whoosh's key terms, Bo1), each boosted by its weight, ORed and scored here, the
    article itself left out. Whoosh's more_like ran the same OR through its own matchers, a posting at a time:
    6 s at 1M articles (346,535 matches)."""
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n{stored.get('body', '')}"
    words = searcher.key_terms_from_text("body", text, numterms=SIMILAR_WORDS, normalize=False)   # as more_like
    found = matches(searcher, wq.Or([wq.Term("body", word, boost=weight) for word, weight in words]))
    others = found.ids != docnum
    found = Matches(found.ids[others], found.scores[others])
    ranked = islice(_ranked(searcher, found, "relevance", limit or None), limit or None)
    return len(found), [to_hit(hit, rank, snippets(hit, snippet_count)) for rank, hit in enumerate(ranked, 1)]


def weighting() -> scoring.WeightingModel:
    return scoring.BM25F()


def run(searcher, text: str, *, limit: int | None = 10, page: int = 1, sort: str = "relevance",
        since: str | None = None, until: str | None = None, snippet_count: int = 3,
        snippet_chars: int = SNIPPET_CHARS, facets: list[str] | None = None, collapse: bool = False,
        strict: bool = False) -> Results:
    """Search with the query language; limit 0 or None returns every hit; page counts from 1 in pages of
    limit hits, in a stable order; collapse shows one story per group of near-duplicates. Raises QueryError."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
    if page < 1:
        raise QueryError("pages count from 1")
    facet_names = parse_names(facets)
    notes: list[str] = []
    q = prepare(searcher, text, since=since, until=until, strict=strict, notes=notes)
    wanted = limit * page if limit else None
    found_all = matches(searcher, q)
    total = len(found_all)
    ranked = _ranked(searcher, found_all, sort, wanted * 4 + 20 if (collapse and wanted) else wanted)
    if collapse:
        keys_of = key_reader(searcher)
        groups = _groups(ranked, keys_of, wanted)
        similar_count = _similar_counter(keys_of, found_all.ids.tolist())
    else:
        groups = [(hit, []) for hit in islice(ranked, wanted)]
    first = (page - 1) * limit if limit else 0
    hits = []
    for rank, (hit, keys) in enumerate(groups, 1):
        if rank > first:
            found_hit = to_hit(hit, rank, snippets(hit, snippet_count, snippet_chars, query=q))
            if collapse:
                found_hit.similar = similar_count(keys)
            hits.append(found_hit)
    found = Results(query=text, total=total, hits=hits, page=page, collapsed=collapse, notes=notes, limit=limit or None,
                    dated=since_until(since, until))
    if not total:
        found.did_you_mean = suggest(searcher, text, lambda t: _count(searcher, t, since, until))
    if facet_names:
        found.facets = counts(searcher, found_all.ids, facet_names)
    return found
