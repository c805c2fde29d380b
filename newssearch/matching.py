"""Query evaluation a posting block at a time: each segment's matches as numpy arrays of article numbers and
scores, computed as Whoosh's matchers compute them (BM25F, the same boosts and sums), but without stepping
through the matcher tree one posting at a time in Python, which was 94% of query time at 100,000 articles
(pyinstrument, benchmarks/run.py's mix).

Terms, phrases, OR, AND, NOT, AND NOT, AND MAYBE, every article, date ranges, prefixes, wildcards, fuzzy
terms, proximity over words, phrases and OR groups (nested too), atleastN and hlead's lead (SpanFirst over
words, phrases, prefixes and proximity) are evaluated here; the rest (a proximity step of over 20M candidate
pairs, a SpanNear2 with a mindist under 1, which the parser never makes) runs through Whoosh's own matcher
for that part of the query only, and only on the articles that hold its words. tests/test_matching.py holds
every shape against Whoosh's matchers.
One difference, on purpose: a prefix standing for several words is BM25F-scored in every segment (Whoosh
scores it 1.0 in segments under 5,000 articles and BM25F in larger ones).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.query import spans as wspans

from . import postings
from .errors import QueryError
from .query.atleast import AtLeast
from .schema import date_key

_NO_IDS = np.empty(0, dtype=np.int64)
_POSITION = 0xFFFFFFFF            # the position in a (article << 32 | position) key (postings.Positions.keys)
_NO_SCORES = np.empty(0, dtype=np.float64)


@dataclass
class Matches:
    """Matching article numbers, ascending, and their scores."""
    ids: np.ndarray
    scores: np.ndarray

    @classmethod
    def none(cls) -> Matches:
        return cls(_NO_IDS, _NO_SCORES)

    def __len__(self) -> int:
        return len(self.ids)


class Segment:
    """One segment of the index as evaluation needs it: its reader, its live articles, the time left."""

    def __init__(self, parent, leaf, offset: int, deadline: float | None = None):
        self.parent, self.leaf, self.offset, self.deadline = parent, leaf, offset, deadline
        self.reader = leaf.reader()
        self.size = self.reader.doc_count_all()
        deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else ()
        self.deleted = np.fromiter(sorted(deleted), dtype=np.int64, count=len(deleted))

    def live(self, ids: np.ndarray) -> np.ndarray:
        """Which of ids are not deleted (a boolean mask)."""
        if not len(self.deleted):
            return np.ones(len(ids), dtype=bool)
        return ~member(self.deleted, ids)

    def all_live(self) -> np.ndarray:
        ids = np.arange(self.size, dtype=np.int64)
        return ids[self.live(ids)]

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeoutError


def evaluate(searcher, q: wq.Query, deadline: float | None = None) -> Matches:
    """Every article q matches in the searcher's index (global article numbers, ascending) with its score."""
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F:
        raise QueryError("newssearch scores with BM25F")
    parts_ids, parts_scores = [], []
    for leaf, offset in searcher.leaf_searchers():
        if not leaf.reader().doc_count_all():
            continue                                   # an empty index has an EmptyReader, without columns
        found = _eval(q, Segment(searcher, leaf, offset, deadline))
        parts_ids.append(found.ids + offset)
        parts_scores.append(found.scores)
    if not parts_ids:
        return Matches.none()
    return Matches(np.concatenate(parts_ids), np.concatenate(parts_scores))


def top(found: Matches, limit: int | None) -> np.ndarray:
    """Positions in found of the best `limit` matches (all with None): by score, then article number, as
    Whoosh's collector orders ties."""
    if limit and len(found) > limit:
        # Partition first: sorting 100,000 scores for ten of them is the slow part otherwise.
        cut = np.partition(found.scores, len(found) - limit)[len(found) - limit]
        candidates = np.flatnonzero(found.scores >= cut)
        order = np.lexsort((found.ids[candidates], -found.scores[candidates]))
        return candidates[order][:limit]
    return np.lexsort((found.ids, -found.scores))


# -- evaluation of one query node over one segment -------------------------------------------------------------

def _eval(q: wq.Query, seg: Segment) -> Matches:
    handler = _handler(q)
    return handler(q, seg) if handler else _whoosh(q, seg)


def _term(q: wq.Term, seg: Segment) -> Matches:
    return _boosted(_postings(seg, q.fieldname, q.text, scored=True), q.boost)


def _postings(seg: Segment, fieldname: str, text, scored: bool, positions: list | None = None) -> Matches:
    """A term's postings in the segment and their BM25F scores (their weights unscored); with `positions`,
    (postings.Positions, the row of each live posting in it) is appended to it."""
    seg.check_time()                                   # a query of thousands of words is stopped between them
    reader = seg.reader
    schema = reader.schema
    if fieldname not in schema:
        return Matches.none()
    field = schema[fieldname]
    try:
        btext = field.to_bytes(text)
    except ValueError:
        return Matches.none()
    found = postings.read(reader, fieldname, btext, positions=positions is not None)
    if found is None:
        return Matches.none()
    ids, weights, where = found
    rows = np.arange(len(ids))
    keep = seg.live(ids)
    if not keep.all():
        ids, weights, rows = ids[keep], weights[keep], rows[keep]
    if positions is not None:
        positions.append((where, rows))
    if not scored:
        return Matches(ids, weights)
    if not field.scorable:
        return Matches(ids, weights)                       # Whoosh's WeightScorer: the weight itself
    parent = seg.parent
    bm25 = parent.weighting
    B = bm25._field_B.get(fieldname, bm25.B)
    K1 = bm25.K1
    idf = parent.idf(fieldname, btext)
    avgfl = _avg_length(parent, fieldname)
    fl = postings.lengths(reader, fieldname)[ids]
    # The same operations in the same order as whoosh.scoring.bm25, so the scores are the same numbers.
    scores = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))
    return Matches(ids, scores)


def _avg_length(searcher, fieldname: str) -> float:
    """The field's average length, as Whoosh's searcher gives it, kept with the searcher: Whoosh adds up every
    segment's total at each call (a tenth of `(oil OR ga*) w/3 price*` at 1M, 12,000 calls over 21 segments)."""
    kept = searcher.__dict__.setdefault("_newssearch_avg_lengths", {})
    if fieldname not in kept:
        kept[fieldname] = searcher.avg_field_length(fieldname) or 1
    return kept[fieldname]


def _phrase(q: wq.Phrase, seg: Segment, end: int | None = None) -> Matches:
    """Whoosh's phrase: the words in order, each 1 to slop positions after the one before; scored as the
    sum of the words' own scores (Whoosh scores the intersection of the words' postings). With `end`, only
    occurrences that end at that position or before count (SpanFirst)."""
    schema = seg.reader.schema
    field = schema[q.fieldname] if q.fieldname in schema else None  # noqa: SIM401 (a Schema has no get)
    if field is None or not q.words or not field.format.supports("positions"):
        return _whoosh(q, seg)
    found, read = _together(seg, q.fieldname, q.words, [1.0] * len(q.words))
    if not len(found) or (len(read) == 1 and end is None):
        return _boosted(found, q.boost)
    ends = None                           # (article << 32 | position) where a match of the words so far ends
    for word in read:
        keys = _keys_in(found, *word)
        if ends is None:
            ends = keys
        else:
            before = np.searchsorted(ends, keys) - 1     # the nearest end before each position
            gap = keys - ends[np.maximum(before, 0)]
            ends = keys[(before >= 0) & (gap >= 1) & (gap <= q.slop)]
        if not len(ends):
            return Matches.none()
    if end is not None:
        ends = ends[(ends & _POSITION) <= end]
    matched = member(np.unique(ends >> 32), found.ids)
    return _boosted(Matches(found.ids[matched], found.scores[matched]), q.boost)


def _together(seg: Segment, fieldname: str, texts: list, boosts: list[float]) -> tuple[Matches, list[tuple]]:
    """The articles holding every one of the words, each word's scores (times its boost) summed, and each
    word's postings with their positions; no articles when a word is missing from the segment."""
    read = []
    for text, boost in zip(texts, boosts):
        positions: list = []
        word = _boosted(_postings(seg, fieldname, text, scored=True, positions=positions), boost)
        if not len(word):
            return Matches.none(), []
        read.append((word, positions[0]))
    return _intersection([word for word, _ in read]), read


def _keys_in(found: Matches, word: Matches, where_rows: tuple) -> np.ndarray:
    """Sorted (article << 32 | position) of a word in the articles found (all of which hold it)."""
    where, rows = where_rows
    return where.keys(found.ids, rows[np.searchsorted(word.ids, found.ids)])


def _first(q: wspans.SpanFirst, seg: Segment) -> Matches:
    """Whoosh's SpanFirst over a word, a phrase, a prefix or a proximity (query/lead.py: hlead, the body's
    lead): the articles where it occurs ending at position q.limit or before, scored as what it wraps is
    (over the whole field, as Whoosh's wrapper passes its child's score on)."""
    sub = q.q
    if type(sub) is wq.Phrase:
        return _phrase(sub, seg, end=q.limit)
    if _two_words(sub):
        return _near(sub, seg, end=q.limit)
    if type(sub) is wspans.SpanNear2 and _span_words(sub):
        spanned = _spans(sub, seg)
        if spanned is not None:
            found, doc, _, end = spanned
            keep = member(np.unique(doc[end <= q.limit]), found.ids)
            return _boosted(Matches(found.ids[keep], found.scores[keep]), sub.boost)
    if type(sub) is wq.Term:
        words, found = [sub.text], _term(sub, seg)
    elif isinstance(sub, wq.MultiTerm) and type(sub) in _HANDLERS:
        words, found = [w for w in sub._btexts(seg.reader) if w], _multiterm(sub, seg)
    else:                                   # past _SPAN_PAIRS, or a span we do not evaluate: Whoosh's matcher
        return _boosted(_whoosh(q, seg), sub.boost if type(sub) is wspans.SpanNear2 else 1.0)
    leading = [_NO_IDS]
    for word in words:
        positions: list = []
        ids = _postings(seg, sub.fieldname, word, scored=False, positions=positions).ids
        if len(ids):
            where, rows = positions[0]
            leading.append(ids[where.flat[where.offsets[rows]] <= q.limit])    # a posting's first position
    keep = member(np.unique(np.concatenate(leading)), found.ids)
    return Matches(found.ids[keep], found.scores[keep])


_SPAN_PAIRS = 20_000_000        # candidate pairs one proximity step may weigh before Whoosh's matcher takes over


def _span_words(q: wq.Query) -> bool:
    """Proximity matching._spans answers: words, and nests of SpanNear2 and SpanOr over them (phrases, w/N of
    w/N, OR groups)."""
    if type(q) is wq.Term:
        return True
    if type(q) is wspans.SpanNear2:
        return q.mindist >= 1 and all(map(_span_words, q.qs))
    return isinstance(q, wspans.SpanOr) and all(map(_span_words, q.subqs))


def _spans(q: wq.Query, seg: Segment) -> tuple[Matches, np.ndarray, np.ndarray, np.ndarray] | None:
    """A word's, a SpanNear2's or a SpanOr's matches with their scores, and its spans as (article, start, end)
    arrays sorted by article and start, the spans Whoosh's span matchers give; None past _SPAN_PAIRS."""
    if type(q) is wq.Term:
        positions: list = []
        found = _boosted(_postings(seg, q.fieldname, q.text, scored=True, positions=positions), q.boost)
        if not len(found):
            return found, _NO_IDS, _NO_IDS, _NO_IDS
        where, rows = positions[0]
        keys = where.keys(found.ids, rows)
        return found, keys >> 32, keys & _POSITION, keys & _POSITION
    if isinstance(q, wspans.SpanOr):
        return _span_or(q, seg)
    parts = _each_spans(q.qs, seg)
    if parts is None:
        return None
    found = _intersection([p[0] for p in parts])
    _, doc, start, end = parts[0]
    keep = member(found.ids, doc)
    spanned = near_chain(q, [(doc[keep], start[keep], end[keep]), *(p[1:] for p in parts[1:])])
    if spanned is None:
        return None
    doc, start, end = spanned
    matched = member(np.unique(doc), found.ids)
    return Matches(found.ids[matched], found.scores[matched]), doc, start, end


def _span_or(q: wspans.SpanOr, seg: Segment) -> tuple[Matches, np.ndarray, np.ndarray, np.ndarray] | None:
    """Whoosh's SpanOr: the articles any alternative matches, their scores summed (its union matcher), and
    in each article the alternatives' spans merged where they overlap or touch (Span.merge: <3-4> and <5>
    make <3-5>), so that an OR group next to itself counts as one operand."""
    parts = _each_spans(q.subqs, seg)
    if parts is None:
        return None
    found = _boosted(_union([p[0] for p in parts], seg.size), q.boost)
    return (found, *merged_spans(*(np.concatenate([p[i] for p in parts]) for i in (1, 2, 3))))


def _each_spans(subs: list[wq.Query], seg: Segment) -> list[tuple] | None:
    """_spans of each sub-query; None as soon as one gives up."""
    parts = []
    for sub in subs:
        part = _spans(sub, seg)
        if part is None:
            return None
        parts.append(part)
    return parts


def merged_spans(doc: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of spans, each sorted by (article, start), joined and merged where they overlap or touch, as
    Whoosh's Span.merge does for SpanOr; sorted by (article, start)."""
    if not len(doc):
        return doc, start, end
    # A stable sort of the joined runs (timsort merges them) by one key; ties in start need no order.
    order = np.argsort((doc << 32) | start, kind="stable")
    doc, start, end = doc[order], start[order], end[order]
    # A span opens a new merged span unless it starts at most one past the furthest end so far in its
    # article (keys put articles in order, so the running maximum never reaches back into an earlier one).
    reach = np.maximum.accumulate((doc << 32) | end)
    opens = np.ones(len(doc), dtype=bool)
    opens[1:] = ((doc[1:] << 32) | start[1:]) > reach[:-1] + 1
    firsts = np.flatnonzero(opens)
    return doc[firsts], start[firsts], np.maximum.reduceat(end, firsts)


def near_chain(q: wspans.SpanNear2, parts: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """A SpanNear2's spans from its operands' (article, start, end) arrays, a _near_step per operand after the
    first, as Whoosh's matcher walks them; None past _SPAN_PAIRS."""
    doc, start, end = parts[0]
    for bdoc, bstart, bend in parts[1:]:
        step = _near_step(doc, start, end, bdoc, bstart, bend, q.slop, q.ordered, q.mindist)
        if step is None:
            return None
        doc, start, end = step
    return doc, start, end


def _near_step(doc, start, end, bdoc, bstart, bend, slop: int, ordered: bool, mindist: int):
    """One step of Whoosh's SpanNear2Matcher._get_spans, for every span a of every article at once: the
    spans b starting from a's start (unordered: slop before it) up to slop after a's end, kept when their
    distance is mindist (at least 1: overlapping spans, which Whoosh puts at 0, come out at 0 or below
    here) to slop; each pair gives the span from the first start to the last end, without repeats."""
    bkeys = (bdoc << 32) | bstart
    first = start if ordered else np.maximum(start - slop, 0)
    lo = np.searchsorted(bkeys, (doc << 32) | first, side="left")
    hi = np.searchsorted(bkeys, (doc << 32) | (end + slop), side="right")
    many = np.maximum(hi - lo, 0)
    total = int(many.sum())
    if total > _SPAN_PAIRS:
        return None
    a = np.repeat(np.arange(len(doc)), many)
    b = np.repeat(lo, many) + (np.arange(total) - np.repeat(np.cumsum(many) - many, many))
    a_start, a_end, b_start, b_end = start[a], end[a], bstart[b], bend[b]
    dist = np.where(a_end < b_start, b_start - a_end, a_start - b_end)     # at most slop: the windows see to it
    ok = dist >= mindist
    pairs = np.unique(np.stack([doc[a][ok], np.minimum(a_start, b_start)[ok], np.maximum(a_end, b_end)[ok]]),
                      axis=1)
    return pairs[0], pairs[1], pairs[2]


def _two_words(q: wq.Query) -> bool:
    return (type(q) is wspans.SpanNear2 and len(q.qs) == 2 and all(type(t) is wq.Term for t in q.qs)
            and q.qs[0].fieldname == q.qs[1].fieldname and q.mindist >= 1)


def _near(q: wspans.SpanNear2, seg: Segment, end: int | None = None) -> Matches:
    """A proximity query's matches (_near_matches), their scores times its boost: "(oil w/5 price)^3", or an
    OR's boost spread over its parts. Whoosh's span matchers ignore a boost; its operands' are always 1."""
    return _boosted(_near_matches(q, seg, end), q.boost)


def _near_matches(q: wspans.SpanNear2, seg: Segment, end: int | None = None) -> Matches:
    """Whoosh's SpanNear2 over two words of one field (`a w/5 b`, `a pre/3 b`, `w/s`, `w/p`): articles where
    a position of b lies mindist to slop positions after one of a (either side unless ordered), scored as
    Whoosh's intersection of the two words; with `end` (SpanFirst, for word pairs only), both at that
    position or before. At 1M articles "bank w/3 rates" took 2.2 s in Whoosh's matcher, 0.1 s here.
    Phrases, nesting and OR groups go to _spans (a mindist under 1 to Whoosh's matcher)."""
    if not _two_words(q):
        spanned = _spans(q, seg) if _span_words(q) else None
        return spanned[0] if spanned is not None else _whoosh(q, seg)
    found, read = _together(seg, q.qs[0].fieldname, [t.text for t in q.qs], [t.boost for t in q.qs])
    if not len(found):
        return found
    a, b = (_keys_in(found, *word) for word in read)
    if end is not None:
        a, b = a[(a & _POSITION) <= end], b[(b & _POSITION) <= end]
    base = (a >> 32) << 32                      # a window never reaches into another article's positions
    windows = [(q.mindist, q.slop)] if q.ordered else [(q.mindist, q.slop), (-q.slop, -q.mindist)]
    near = np.zeros(len(a), dtype=bool)
    for lo, hi in windows:
        first = np.searchsorted(b, np.maximum(a + lo, base), side="left")
        near |= np.searchsorted(b, np.maximum(a + hi, base - 1), side="right") > first
    matched = member(np.unique(a[near] >> 32), found.ids)
    return Matches(found.ids[matched], found.scores[matched])


def _atleast(q: AtLeast, seg: Segment) -> Matches:
    """atleastN(word): the articles where the word occurs N times or more over the query's fields (only
    positions up to a field's limit counting, for hlead's lead), each scored q.boost as AtLeast.matcher's
    list matcher scores them; a word's count is its positions' count, the frequency Whoosh stores."""
    ids, counts = [], []
    for field in q.fieldnames:
        positions: list = []
        found = _postings(seg, field, q.text, scored=False, positions=positions)
        if not len(found):
            continue
        where, rows = positions[0]
        limit = q.limits.get(field)
        if limit is None:
            ids.append(found.ids)
            counts.append(where.offsets[rows + 1] - where.offsets[rows])
        else:
            keys = where.keys(found.ids, rows)
            held, many = np.unique(keys[(keys & _POSITION) <= limit] >> 32, return_counts=True)
            ids.append(held)
            counts.append(many)
    if not ids:
        return Matches.none()
    every, at = np.unique(np.concatenate(ids), return_inverse=True)
    total = np.bincount(at, weights=np.concatenate(counts).astype(np.float64))
    kept = every[total >= q.n]
    return Matches(kept, np.full(len(kept), float(q.boost)))


def _multiterm(q: wq.MultiTerm, seg: Segment) -> Matches:
    words = [w for w in q._btexts(seg.reader) if w]
    if not words:
        return Matches.none()
    if len(words) == 1:                          # Whoosh: the one word's Term, without the query's boost
        return _term(wq.Term(q.fieldname, words[0]), seg)
    # Whoosh turns weighting off for constant-score expansions, and its searcher then falls back to the
    # searcher's own weighting: every word is BM25F-scored either way.
    parts = [_postings(seg, q.fieldname, w, scored=True) for w in words]
    return _boosted(_union(parts, seg.size), q.boost)


def _or(q: wq.Or, seg: Segment) -> Matches:
    if q.minmatch or q.scale:
        return _whoosh(q, seg)
    if len(q.subqueries) == 1:
        return _eval(q.subqueries[0], seg)
    return _boosted(_union([_eval(s, seg) for s in q.subqueries], seg.size), q.boost)


def _and(q: wq.And, seg: Segment) -> Matches:
    subs = q.subqueries
    if len(subs) == 1:
        return _eval(subs[0], seg)
    positives = [s for s in subs if not isinstance(s, wq.Not)]
    negatives = [s.query for s in subs if isinstance(s, wq.Not)]
    if not positives:
        return _whoosh(q, seg)
    # Parts evaluated here first: what only Whoosh's matcher can do then runs on the few articles left.
    found = None
    for s in sorted(positives, key=lambda s: _handler(s) is None):
        if _handler(s) is None:
            part = _whoosh(s, seg, within=None if found is None else found.ids)
        else:
            part = _eval(s, seg)
        found = part if found is None else _intersection([found, part])
    for s in negatives:
        found = _without(found, _eval(s, seg))
        found.scores = found.scores + 1.0           # Whoosh's InverseMatcher scores 1 in the sum
    return _boosted(found, q.boost)


def _not(q: wq.Not, seg: Segment) -> Matches:
    every = seg.all_live()
    return _without(Matches(every, np.ones(len(every))), _eval(q.query, seg))


def _and_not(q: wq.AndNot, seg: Segment) -> Matches:
    return _boosted(_without(_eval(q.a, seg), _eval(q.b, seg)), q.boost)


def _and_maybe(q: wq.AndMaybe, seg: Segment) -> Matches:
    required, optional = _eval(q.a, seg), _eval(q.b, seg)
    at = np.searchsorted(optional.ids, required.ids)
    both = _found_at(optional.ids, required.ids, at)
    scores = required.scores.copy()
    scores[both] += optional.scores[at[both]]
    return _boosted(Matches(required.ids, scores), q.boost)


def _every(q: wq.Every, seg: Segment) -> Matches:
    if q.fieldname == "date":                       # date:* -- the dated articles; dates have no terms
        ids = _dated(seg, None, None)
        return Matches(ids, np.full(len(ids), float(q.boost)))
    if q.fieldname not in (None, "", "*"):
        return _whoosh(q, seg)
    ids = seg.all_live()
    return Matches(ids, np.full(len(ids), float(q.boost)))


def _numeric_range(q: wq.NumericRange, seg: Segment) -> Matches:
    if isinstance(q, wq.DateRange) and q.fieldname == "date":
        ids = _dated(seg, q.startdate, q.enddate, q.startexcl, q.endexcl)
        return Matches(ids, np.full(len(ids), float(q.boost)))
    compiled = q._compile_query(seg.reader)
    if compiled is wq.NullQuery:
        return Matches.none()
    return _eval(compiled, seg)


def _dated(seg: Segment, start, end, startexcl: bool = False, endexcl: bool = False) -> np.ndarray:
    """Live articles dated within the bounds (None: open), from the datesort column, which holds each date to
    the second (undated: 0). A bound that is not a whole second, or is exclusive, cannot be decided from the
    column for the articles of its own second: those few are decided by their stored date."""
    keys = postings.datesort(seg.reader)
    inside = keys > 0
    lo = hi = None
    if start is not None:
        lo = date_key(start)
        inside &= keys >= lo
    if end is not None:
        hi = date_key(end)
        inside &= keys <= hi
    ids = np.flatnonzero(inside).astype(np.int64)
    ids = ids[seg.live(ids)]
    exact_lo = lo is not None and (startexcl or start.microsecond != 0)
    exact_hi = hi is not None and (endexcl or end.microsecond != 999_999)
    if exact_lo or exact_hi:
        seconds = keys[ids]
        edge = np.zeros(len(ids), dtype=bool)
        if exact_lo:
            edge |= seconds == lo
        if exact_hi:
            edge |= seconds == hi
        if edge.any():
            keep = np.ones(len(ids), dtype=bool)
            for i in np.flatnonzero(edge):
                date = seg.reader.stored_fields(int(ids[i])).get("date")
                keep[i] = date is not None and _within(date, start, end, startexcl, endexcl)
            ids = ids[keep]
    return ids


def _within(date, start, end, startexcl: bool, endexcl: bool) -> bool:
    if start is not None and (date <= start if startexcl else date < start):
        return False
    return end is None or (date < end if endexcl else date <= end)


def _constant(q: wq.ConstantScoreQuery, seg: Segment) -> Matches:
    found = _eval(q.child, seg)
    return Matches(found.ids, np.full(len(found), float(q.score)))


def _null(q, seg: Segment) -> Matches:
    return Matches.none()


def _boosted(found: Matches, boost: float) -> Matches:
    if boost != 1.0:
        found.scores = found.scores * boost
    return found


def _union(parts: list[Matches], size: int) -> Matches:
    """Every article in any part, its scores summed in part order."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return Matches.none()
    if len(parts) == 1:
        return Matches(parts[0].ids, parts[0].scores)
    if sum(map(len, parts)) * 8 >= size:
        # Many matches: add into arrays as long as the segment, no sorting (ids are unique within a part).
        scores, hit = np.zeros(size), np.zeros(size, dtype=bool)
        for p in parts:
            scores[p.ids] += p.scores
            hit[p.ids] = True
        ids = np.flatnonzero(hit)
        return Matches(ids, scores[ids])
    unique, inverse = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
    return Matches(unique, np.bincount(inverse, weights=np.concatenate([p.scores for p in parts]),
                                       minlength=len(unique)))


def _intersection(parts: list[Matches]) -> Matches:
    parts = sorted(parts, key=len)
    found = Matches(parts[0].ids, parts[0].scores)
    for p in parts[1:]:
        if not len(found):
            break
        at = np.searchsorted(p.ids, found.ids)          # the smaller list looked up in the larger
        inside = _found_at(p.ids, found.ids, at)
        found = Matches(found.ids[inside], found.scores[inside] + p.scores[at[inside]])
    return found


def _without(found: Matches, excluded: Matches) -> Matches:
    keep = ~member(excluded.ids, found.ids)
    return Matches(found.ids[keep], found.scores[keep])


def member(reference: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of ids are in reference (both ascending), as a boolean mask."""
    return _found_at(reference, ids, np.searchsorted(reference, ids))


def _found_at(reference: np.ndarray, ids: np.ndarray, at: np.ndarray) -> np.ndarray:
    if not len(reference):
        return np.zeros(len(ids), dtype=bool)
    return reference[np.minimum(at, len(reference) - 1)] == ids


def _handler(q: wq.Query):
    handler = _HANDLERS.get(type(q))
    if handler is None:
        for cls, h in _HANDLERS.items():
            if isinstance(q, cls) and cls not in _EXACT_TYPE_ONLY:
                return h
    return handler


def _candidates(q: wq.Query, seg: Segment) -> np.ndarray | None:
    """Articles that hold every word a phrase, proximity or at-least query needs (None: not known), so that
    Whoosh's matcher checks positions only there instead of stepping through every posting."""
    if isinstance(q, wq.Term):
        return _postings(seg, q.fieldname, q.text, scored=False).ids
    if isinstance(q, wq.Phrase):
        parts = [_postings(seg, q.fieldname, w, scored=False).ids for w in q.words]
    elif isinstance(q, wspans.SpanNear2):
        parts = [_candidates(sub, seg) for sub in q.qs]
    elif isinstance(q, (wspans.SpanNear, wspans.SpanNot, wspans.SpanFirst)):
        parts = [_candidates(q.a if hasattr(q, "a") else q.q, seg)]
    elif isinstance(q, AtLeast):
        ids = [_postings(seg, f, q.text, scored=False).ids for f in q.fieldnames]
        return np.unique(np.concatenate(ids)) if ids else _NO_IDS
    elif isinstance(q, wspans.SpanOr):
        ids = [_candidates(sub, seg) for sub in q.subqs]
        return None if any(i is None for i in ids) else np.unique(np.concatenate(ids or [_NO_IDS]))
    else:
        return None
    known = [p for p in parts if p is not None]
    if not known:
        return None
    found = known[0]
    for ids in known[1:]:
        found = np.intersect1d(found, ids, assume_unique=True)
    return found


def _whoosh(q: wq.Query, seg: Segment, within: np.ndarray | None = None) -> Matches:
    """Whoosh's own matcher for this part of the query, visiting only the articles in `within` when given."""
    needed = _candidates(q, seg)
    if needed is not None:
        within = needed if within is None else np.intersect1d(within, needed, assume_unique=True)
    if within is not None and not len(within):
        return Matches.none()
    try:
        m = q.matcher(seg.leaf, seg.parent.context())
    except Exception:          # noqa: BLE001 — as Whoosh's searcher: a field or term this segment lacks
        return Matches.none()
    ids, scores = [], []
    targets = iter(within.tolist()) if within is not None else None
    steps = 0
    while m.is_active():
        if targets is not None:
            target = next(targets, None)
            if target is None:
                break
            if m.id() < target:
                m.skip_to(target)
                if not m.is_active():
                    break
            if m.id() != target:
                # Move the target list forward to the matcher instead of stepping the matcher.
                continue
        docnum = m.id()
        if not seg.reader.is_deleted(docnum):
            ids.append(docnum)
            scores.append(m.score())
        m.next()
        steps += 1
        if not steps % 4096:
            seg.check_time()
    return Matches(np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64))


_HANDLERS = {
    wq.Term: _term,
    wq.Or: _or,
    wq.And: _and,
    wq.Not: _not,
    wq.AndNot: _and_not,
    wq.AndMaybe: _and_maybe,
    wq.Every: _every,
    wq.NumericRange: _numeric_range,
    wq.ConstantScoreQuery: _constant,
    wq.Phrase: _phrase,
    wspans.SpanFirst: _first,
    wspans.SpanNear2: _near,
    AtLeast: _atleast,
    wq.Prefix: _multiterm,
    wq.Wildcard: _multiterm,
    wq.FuzzyTerm: _multiterm,
    wq.TermRange: _multiterm,
    type(wq.NullQuery): _null,
}
# Subclasses that change matching (Phrase-like Terms, Or variants with other scoring) go to Whoosh.
_EXACT_TYPE_ONLY = {wq.Term, wq.Phrase, wq.Or, wq.And, wq.Not, wq.Every, wq.ConstantScoreQuery}
