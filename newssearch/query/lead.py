"""hlead:treaty (Factiva's hlp=): in the headline or the lead, answered from the title and body fields.

The lead is the body's first paragraph, and analysis.py makes it easy to find: the first paragraph end adds
PARAGRAPH_GAP to the position count, so the lead is every body position below PARAGRAPH_GAP (Lead: Whoosh's
SpanFirst up to LEAD_END). A story of one paragraph of a hundred sentences or more has its first 99 or so as
its lead. Headline and lead were once a field of their own, indexed again beside title and body: an eighth
of build time for a rarely used field (20,000 Reuters stories, alternating runs: 11.0-11.2 s -> 9.6-9.8 s).
"""
from __future__ import annotations

import copy

from whoosh import query as wq
from whoosh.query import spans

from ..analysis import PARAGRAPH_GAP
from .atleast import AtLeast

FIELD = "hlead"
LEAD_END = PARAGRAPH_GAP - 1        # the last position a word of the lead can have


class Lead(spans.SpanFirst):
    """Whoosh's SpanFirst (matching.py answers it over words, phrases, prefixes and proximity) with the estimate_size
    that an OR of it calls and Whoosh's lacks (tests/query/test_lead.py pins it)."""

    def __init__(self, q: wq.Query, limit: int = LEAD_END):
        super().__init__(q, limit=limit)

    def estimate_size(self, ixreader):
        return self.q.estimate_size(ixreader)


def headline_or_lead(q: wq.Query) -> wq.Query:
    """q with every part that searches hlead made a search of the title or of the body's lead."""
    if isinstance(q, AtLeast):
        if q.fieldnames != [FIELD]:        # atleastN(word) is in all text fields or in the one given
            return q
        return AtLeast(["title", "body"], q.text, q.n, q.boost, limits={"body": LEAD_END})
    fields = {leaf.field() for leaf in (q.leaves() if not q.is_leaf() else [q])}
    if fields == {FIELD} and (q.is_leaf() or isinstance(q, spans.SpanQuery)):
        if isinstance(q, wq.Every):
            return wq.Or([wq.Every("title", q.boost), wq.Every("body", q.boost)])
        return wq.Or([_moved(q, "title"), Lead(_moved(q, "body"))])
    if q.is_leaf():
        return q
    return q.apply(headline_or_lead)


def _moved(q: wq.Query, field: str) -> wq.Query:
    q = copy.deepcopy(q)
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        leaf.fieldname = field
    return q
