"""Highlighting from the stored text gives the positions the query's own matchers give, on real stories."""
from __future__ import annotations

import pytest

from newssearch import Index
from newssearch.analysis import term_positions
from newssearch.search import matches, prepare
from newssearch.snippets import _chains, matched_spans


@pytest.fixture(scope="module")
def reuters(tmp_path_factory, reuters_000):
    ix = Index.create(tmp_path_factory.mktemp("reuters") / "index")
    ix.add([reuters_000])
    yield ix
    ix.close()


@pytest.mark.parametrize("text", ["oil prices", '"interest rates"', '"bank of england"', '"oil prices"~3',
                                  "sugar* OR cocoa", "trade NOT japan", "oil w/5 price", "atleast2(oil)",
                                  '"the company said"', '"of the"~2 dollar'])
def test_positions_from_text_equal_positions_from_matchers(reuters, text):
    s = reuters.searcher()
    q = prepare(s, text)
    found = matches(s, q)
    assert len(found), text
    for docnum in found.ids[:40].tolist():
        body = s.stored_fields(docnum).get("body") or ""
        assert matched_spans(s, q, docnum, terms=term_positions(body)) == matched_spans(s, q, docnum), (text, docnum)


def test_chains_follow_whoosh_phrase_spans():
    assert _chains([[1, 5], [2, 9], [3]], slop=1) == {(1, 3)}
    assert _chains([[1], [3], [4]], slop=2) == {(1, 4)}
    assert _chains([[1], [1]], slop=1) == set()          # the same position is not "after"
    assert _chains([[4], [2]], slop=3) == set()          # nor is an earlier one
