"""matching.evaluate against Whoosh's own matchers, on real news in several segments with deleted articles:
the same articles and the same scores for every shape of query."""
from __future__ import annotations

import copy
import shutil

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.query import spans as wspans

from newssearch import Index, indexer
from newssearch.matching import evaluate, top
from newssearch.query.lead import Lead
from newssearch.search import prepare

DATED = ["date:1987", "date:1987-03-02", "date:[1987-03-01 TO 1987-03-03] oil", "date:[1987-03-02 TO]",
         "date:[TO 1987-02-27] oil", "date:[1987-03-02 TO 1987-03-02]"]
QUERIES = [
    "oil", "oil prices", "wheat OR corn", "trade NOT japan", "(coffee OR cocoa) AND brazil", '"interest rates"',
    '"bank of england"', '"oil prices"~3', "title:opec", "place:japan", "country:GB", *DATED, "NOT economy", "oil ANDMAYBE gas", "oil ANDNOT gas", "*",
    "kim^2 oil", '"mobile phone"~2 NOT apple', 'market AND "chief executive"', "phone w/5 mobile",
    "phone pre/3 mobile", "shares w/s profit", "atleast2(market)", '"of the"', '"the of"', '"to the to"',
    "(a OR b) NOT (c AND d)", 'place:"United Kingdom" bank', "nosuchwordanywhere", "NOT nosuchword",
    "growth OR NOT economy", "title:(oil OR gas) body:price*",
    # hlead (query/lead.py): title OR the body's lead, a SpanFirst over words, phrases, prefixes, proximity
    "hlead:oil", 'hlead:"oil prices"', 'hlead:"the company"~3', "hlead:market*", "hlead:(mobile w/3 phone)",
    "hlead:atleast2(oil)", "hlead:phone NOT hlead:mobile",
    # two-word proximity, evaluated with numpy (matching._near): both orders, sentences, paragraphs, a word
    # near itself, boosts, inside AND and NOT
    "oil w/3 price", "price pre/2 oil", "market w/p share", "oil w/3 oil", "oil^2 w/5 price^3",
    "(company w/s profit) NOT (bank w/2 loss)", "title:oil w/2 price",
    "hlead:(oil w/3 price)", "hlead:(market pre/2 share)",
    # proximity over phrases and nested proximity (matching._spans): Whoosh's span walk, windows and all
    '"oil prices" w/5 opec', 'opec w/5 "oil prices"', '"interest rates" pre/4 cut', "oil w/3 price w/10 opec",
    '"mobile phone" w/s market', '"the company" w/2 said', "(oil w/2 price) pre/8 rise",
    # OR groups as proximity operands (matching._span_or): spans merged where they overlap or touch
    "(oil OR gas) w/3 price", "oil w/5 (price OR prices OR cost)", "(oil OR price) w/1 rise",
    '("oil prices" OR opec) w/5 rise', "(market OR share) w/2 (price OR prices)", '(oil OR "mobile phone") w/s market',
    "((oil w/2 price) OR gas) w/8 rise", "(oil OR oil) w/3 price", "(company OR said) w/1 (said OR company)",
    "(the OR of) pre/1 (the OR company)", "(oil^2 OR gas) w/4 price^3", "hlead:((oil OR gas) w/3 price)",
    'hlead:("oil prices" w/5 opec)', "hlead:(oil w/3 price w/10 opec)",
    # a proximity's own boost, which Whoosh's span matchers leave out (the oracle applies it: SpanBoost)
    "(oil w/3 price)^2", "(oil w/3 price)^3 OR gas", '("oil prices" w/5 opec)^0.5', "hlead:(oil w/3 price)^2",
    "(oil w/3 price w/10 opec)^2 AND market", "((oil OR gas) w/3 price)^4 NOT opec",
    # truncated, wildcard and fuzzy words in proximity: the index's words they stand for (proximity.spell_out)
    "market* w/3 share", "(oil OR ga*) w/3 price*", "hlead:(market* w/3 share)", "compan~1 w/2 said",
    "m?rket pre/2 share*",
    # atleastN, evaluated with numpy (matching._atleast): all text fields, one field, zero, a common word
    "atleast3(oil)", "body:atleast3(the)", "title:atleast2(oil)", "atleast2(market) AND bank",
]


class StoredDateRange(wq.Query):
    """The oracle for a date range, which has no terms for Whoosh to match: every article's stored date
    compared with the bounds, one by one."""

    def __init__(self, q: wq.DateRange):
        self.q = q

    def estimate_size(self, reader):             # And orders its parts by it
        return reader.doc_count_all()

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        q, reader = self.q, searcher.reader()
        ids = []
        for n in range(reader.doc_count_all()):
            date = reader.stored_fields(n).get("date")
            if date is None or q.startdate is not None and (date <= q.startdate if q.startexcl else date < q.startdate):
                continue
            if q.enddate is None or (date < q.enddate if q.endexcl else date <= q.enddate):
                ids.append(n)
        return ListMatcher(ids, all_weights=q.boost) if ids else NullMatcher()


class SpanBoost(wq.Query):
    """The oracle for a boosted proximity ("(oil w/3 price)^2"), which Whoosh's span matchers score as if
    unboosted: the span's matcher (or its SpanFirst's) with every score times the boost."""

    def __init__(self, q: wq.Query, boost: float):
        self.q, self.boost = q, boost

    def estimate_size(self, reader):
        return self.q.estimate_size(reader)

    def matcher(self, searcher, context=None):
        from whoosh.matching import WrappingMatcher

        return WrappingMatcher(self.q.matcher(searcher, context), self.boost)


def _span_boosts(q: wq.Query) -> wq.Query:
    span = q.q if isinstance(q, wspans.SpanFirst) else q
    if type(span) is wspans.SpanNear2 and span.boost != 1.0:
        plain = copy.deepcopy(q)
        (plain.q if isinstance(plain, wspans.SpanFirst) else plain).boost = 1.0
        return SpanBoost(plain, span.boost)
    if q.is_leaf() or isinstance(q, wspans.SpanQuery):
        return q
    return q.apply(_span_boosts)


def whoosh_scores(searcher, q) -> dict[int, float]:
    """Every match and score as Whoosh's matcher tree gives them, article by article (date ranges by
    StoredDateRange, boosted proximity by SpanBoost)."""
    q = _span_boosts(q.accept(lambda node: StoredDateRange(node) if isinstance(node, wq.DateRange) else node))
    out = {}
    for leaf, offset in searcher.leaf_searchers():
        m = q.matcher(leaf, searcher.context())
        reader = leaf.reader()
        while m.is_active():
            if not reader.is_deleted(m.id()):
                out[m.id() + offset] = m.score()
            m.next()
    return out


@pytest.fixture(scope="module")
def segmented(tmp_path_factory, bbc, reuters_000, monkeypatch_module):
    """BBC business stories in batches of 100 (several segments), 20 of them then changed: their old
    versions are deleted articles inside earlier segments; 1,000 dated Reuters stories in a segment of their own."""
    folder = tmp_path_factory.mktemp("bbc") / "business"
    shutil.copytree(bbc / "business", folder)
    monkeypatch_module.setattr(indexer, "BATCH_ARTICLES", 100)
    ix = Index.create(folder.parent / "index")
    ix.add([folder], jobs=0)
    ix.add([reuters_000], jobs=0)
    for path in sorted(folder.iterdir())[::25]:
        path.write_text(path.read_text(encoding="utf-8", errors="replace") + "\n\nOil prices and mobile phone market.",
                        encoding="utf-8")
    ix.add([folder], jobs=0)
    yield ix
    ix.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_the_fixture_has_segments_deletions_and_dates(segmented):
    s = segmented.searcher()
    assert len(s.leaf_searchers()) >= 5
    assert s.reader().has_deletions()
    for text in DATED:
        assert 0 < len(evaluate(s, prepare(s, text))) <= 1000, text


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_and_scores_as_whoosh(segmented, text):
    s = segmented.searcher()
    q = prepare(s, text)
    expected = whoosh_scores(s, q)
    found = evaluate(s, q)
    assert list(found.ids) == sorted(expected)
    assert found.scores.tolist() == pytest.approx([expected[i] for i in found.ids.tolist()], rel=1e-9)


@pytest.mark.parametrize("limit", [5, 12, 40])
@pytest.mark.parametrize("text", ["oil", '"oil prices"', "market*", "oil w/3 price", "oil pre/2 price",
                                  "company w/s said", '"oil prices" w/5 rise', "(oil OR gas) w/3 price",
                                  "(oil w/2 price) w/s (rise OR fall)"])
def test_span_first_with_any_limit_as_whoosh(segmented, text, limit):
    """matching._first with limits that cut through a story's first sentences, not just at the paragraph
    gap hlead uses: a near pair counts only when both words are within it."""
    s = segmented.searcher()
    q = prepare(s, text)
    inner = next(part for part in (q.subqueries if isinstance(q, wq.Or) else [q])
                 if {leaf.field() for leaf in (part.leaves() if not part.is_leaf() else [part])} == {"body"})
    lead = Lead(inner, limit=limit)
    expected = whoosh_scores(s, lead)
    found = evaluate(s, lead)
    assert found.ids.tolist() == sorted(expected) and expected
    assert np.allclose(found.scores, [expected[i] for i in found.ids.tolist()], rtol=0, atol=1e-9)


def test_multiword_prefix_scored_by_bm25f_where_whoosh_scores_by_segment_size(segmented):
    """Whoosh ORs a prefix's words through an array matcher in segments under 5,000 articles, which scores
    each match 1.0, and BM25F in bigger ones: the ranking would depend on how the index was committed. Ours
    is BM25F everywhere: the same articles, and each scores the sum of its words' BM25F scores."""
    s = segmented.searcher()
    q = prepare(s, "body:comp*")
    words = list(q._btexts(s.reader()))
    assert len(words) > 1
    expected = whoosh_scores(s, q)
    found = evaluate(s, q)
    assert list(found.ids) == sorted(expected)
    assert set(expected.values()) == {1.0}           # the Whoosh behaviour; if this fails, look again
    by_word = evaluate(s, wq.Or([wq.Term("body", w.decode()) for w in words]))
    assert found.scores.tolist() == pytest.approx(by_word.scores.tolist())


def test_top_orders_by_score_then_article_number():
    from newssearch.matching import Matches

    found = Matches(np.array([3, 5, 8, 9, 12]), np.array([1.0, 2.0, 2.0, 0.5, 3.0]))
    assert found.ids[top(found, 3)].tolist() == [12, 5, 8]
    assert found.ids[top(found, None)].tolist() == [12, 5, 8, 3, 9]


@pytest.mark.parametrize("start, end, startexcl, endexcl", [
    ((1987, 3, 2), (1987, 3, 2, 11, 26, 14), False, False),
    ((1987, 3, 2), (1987, 3, 2, 11, 26, 14, 999_999), False, False),
    ((1987, 3, 2, 11, 26, 14, 330_000), None, False, False),
    ((1987, 3, 2, 11, 26, 14, 330_000), None, True, False),
    ((1987, 3, 2, 11, 26, 14, 330_001), (1987, 3, 2, 23, 59, 59, 999_999), False, False),
    (None, (1987, 3, 2, 11, 26, 14, 330_000), False, True),
    (None, (1987, 3, 2, 11, 26, 14, 330_000), False, False),
    ((1987, 3, 2, 11, 26, 14), (1987, 3, 2, 11, 26, 15), True, True),
])
def test_date_ranges_inside_a_second_are_decided_by_the_stored_date(segmented, start, end, startexcl, endexcl):
    """Reuters stamps carry hundredths (1987-03-02 11:26:14.33); the datesort column keeps whole seconds, so
    a bound inside that second, or an exclusive one, is decided by the story's stored date."""
    from datetime import datetime

    s = segmented.searcher()
    q = wq.DateRange("date", start and datetime(*start), end and datetime(*end), startexcl=startexcl,
                     endexcl=endexcl)
    expected = sorted(whoosh_scores(s, q))
    assert 0 < len(expected) < s.doc_count()
    assert list(evaluate(s, q).ids) == expected


def test_the_second_of_a_fractional_stamp_splits_at_its_fraction(segmented):
    from datetime import datetime

    s = segmented.searcher()
    upto = [len(evaluate(s, wq.DateRange("date", None, datetime(1987, 3, 2, 11, 26, 14, us)))) for us in
            (0, 329_999, 330_000, 999_999)]
    assert upto[0] == upto[1] == upto[2] - 1 == upto[3] - 1


@pytest.mark.parametrize("text", ["oil", "*", "date:1987", '"oil prices"', "NOT oil"])
def test_an_empty_index_matches_nothing(tmp_path, text):
    with Index.create(tmp_path / "index") as ix:
        assert ix.search(text, sort="newest").total == 0


def test_and_not_excludes_what_whoosh_docs_for_query_lets_through(sample_index):
    """Whoosh's docs_for_query matched "putin ANDNOT the" in a sample story that holds "the" (found by
    tests/reliability/test_fuzz_queries.py: the places count and the search total disagreed)."""
    s = sample_index.searcher()
    q = prepare(s, "putin ANDNOT the")
    assert list(s.docs_for_query(q))                     # the Whoosh behaviour; if this fails, look again
    assert len(evaluate(s, q)) == 0
    assert sample_index.places("putin ANDNOT the").total == sample_index.search("putin ANDNOT the").total == 0


def test_the_time_limit_stops_block_evaluation(segmented, monkeypatch):
    from newssearch import QueryError, search

    monkeypatch.setattr(search, "QUERY_SECONDS", -1)
    with pytest.raises(QueryError, match="took longer"):
        segmented.search("oil prices")


@pytest.mark.parametrize("text", ['"oil prices" w/5 opec', '("oil prices" w/5 opec)^3 OR gas', "(oil OR gas) w/3 price",
                                  'hlead:("oil prices" w/5 opec)^2', "hlead:(oil w/3 price w/10 opec)"])
def test_past_the_pair_bound_whooshs_matcher_gives_the_same(segmented, text, monkeypatch):
    """Past _SPAN_PAIRS candidate pairs a proximity step hands over to Whoosh's span matcher: the same
    matches and scores, a proximity's boost included."""
    from newssearch import matching

    s = segmented.searcher()
    q = prepare(s, text)
    expected = whoosh_scores(s, q)
    monkeypatch.setattr(matching, "_SPAN_PAIRS", 0)
    monkeypatch.setattr(matching, "_whoosh", counted := _Counted(matching._whoosh))
    found = evaluate(s, q)
    assert counted.calls and list(found.ids) == sorted(expected) and len(expected)
    assert found.scores.tolist() == pytest.approx([expected[i] for i in found.ids.tolist()], rel=1e-9)


class _Counted:
    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.fn(*args, **kwargs)
