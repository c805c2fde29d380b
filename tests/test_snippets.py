"""Highlighting from the stored text gives the positions the query's own matchers give, on real stories."""
from __future__ import annotations

import pytest

from newssearch import Index
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import highlight
from whoosh.analysis import Token
from whoosh.query import spans as wspans

from newssearch.analysis import spans_and_terms, term_positions
from newssearch.search import matches, prepare
from newssearch.snippets import _chains, _context_fragments, _format, _passages, _spans_here, _units, matched_spans


@pytest.fixture(scope="module")
def reuters(tmp_path_factory, reuters_000):
    ix = Index.create(tmp_path_factory.mktemp("reuters") / "index")
    ix.add([reuters_000])
    yield ix
    ix.close()


@pytest.mark.parametrize("text", ["oil prices", '"interest rates"', '"bank of england"', '"oil prices"~3',
                                  "sugar* OR cocoa", "trade NOT japan", "oil w/5 price", "atleast2(oil)",
                                  '"the company said"', '"of the"~2 dollar',
                                  # proximity, from the story's positions by matching's span steps
                                  "(oil OR gas) w/3 price*", '"oil prices" w/5 opec', "oil w/3 price w/10 opec",
                                  "(company OR said) w/1 (said OR company)", "hlead:(oil w/3 price)",
                                  "oil pre/3 price", "oil w/s price", "export* w/4 wheat", "the w/2 of"])
def test_positions_from_text_equal_positions_from_matchers(reuters, text):
    s = reuters.searcher()
    q = prepare(s, text)
    found = matches(s, q)
    assert len(found), text
    for docnum in found.ids[:40].tolist():
        body = s.stored_fields(docnum).get("body") or ""
        from_matchers = matched_spans(s, q, docnum)
        assert matched_spans(s, q, docnum, terms=term_positions(body)) == from_matchers, (text, docnum)
        assert matched_spans(s, q, docnum, terms=spans_and_terms(body)[1]) == from_matchers, (text, docnum)


@pytest.mark.parametrize("text", ["oil w/5 price", "(oil OR gas) w/3 price*", '"oil prices" w/5 opec',
                                  "oil w/3 price w/10 opec", "export* w/4 wheat"])
def test_proximity_is_marked_from_the_storys_positions_not_whooshs_matchers(reuters, text):
    """The test above would pass if _spans_here gave up and Whoosh's matchers answered: it must answer."""
    s = reuters.searcher()
    q = prepare(s, text)
    body = s.stored_fields(int(matches(s, q).ids[0])).get("body") or ""
    units = [u for u in _units(q, "body", s.reader()) if isinstance(u, wspans.SpanQuery)]
    assert units and all(_spans_here(u, term_positions(body)) is not None for u in units)


@pytest.fixture(scope="module")
def stories(reuters):
    s = reuters.searcher()
    return [s.stored_fields(n).get("body") or "" for n in range(0, s.doc_count_all(), 7)]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), maxchars=st.integers(5, 300), surround=st.integers(0, 120),
       charlimit=st.sampled_from([None, 0, 300, 2**15]))
def test_context_fragments_are_whooshs(stories, data, maxchars, surround, charlimit):
    """Our walk gives Whoosh's ContextFragmenter's fragments (those with a match: the others score 0 and are
    never shown), edge cases included (a countdown ending at exactly 0, words longer than the context or the
    fragment, the character limit), and the passages shown are those Whoosh's top_fragments picks."""
    body = data.draw(st.sampled_from(stories))
    (positions, starts, ends), _ = spans_and_terms(body)
    matched = data.draw(st.lists(st.booleans(), min_size=len(starts), max_size=len(starts)))

    def tokens():
        for start, end, m in zip(starts, ends, matched):
            t = Token(positions=True, chars=True)
            t.startchar, t.endchar, t.matched = start, end, m
            yield t

    whoosh = highlight.ContextFragmenter(maxchars=maxchars, surround=surround, charlimit=charlimit)
    fragments = [f for f in whoosh.fragment_tokens(body, tokens()) if f.matches]
    expected = [(f.startchar, f.endchar, [(t.startchar, t.endchar) for t in f.matches]) for f in fragments]
    assert list(_context_fragments(body, starts, ends, bytearray(matched), maxchars, surround, charlimit)) == expected

    # And the passages shown: Whoosh's top_fragments with its scorer (the marks carry no term text, as ours).
    count = data.draw(st.integers(1, 5))
    plain = [highlight.Fragment(body, [Marked(t.startchar, t.endchar) for t in f.matches], f.startchar, f.endchar)
             for f in fragments]
    chosen = highlight.top_fragments(plain, count, highlight.BasicFragmentScorer(), highlight.FIRST)
    stretches = [(p, p) for p, m in zip(positions, matched) if m]
    shown = _passages(body, (positions, starts, ends), stretches, count, maxchars, surround, charlimit)
    assert shown == [_format(body, f.startchar, f.endchar, [(t.startchar, t.endchar) for t in f.matches])
                     for f in chosen]


class Marked:
    """A marked word as _context_fragments keeps it: offsets, boost 1, no term text."""
    def __init__(self, startchar, endchar):
        self.startchar, self.endchar, self.boost = startchar, endchar, 1.0


def test_chains_follow_whoosh_phrase_spans():
    assert _chains([[1, 5], [2, 9], [3]], slop=1) == {(1, 3)}
    assert _chains([[1], [3], [4]], slop=2) == {(1, 4)}
    assert _chains([[1], [1]], slop=1) == set()          # the same position is not "after"
    assert _chains([[4], [2]], slop=3) == set()          # nor is an earlier one


def test_a_paragraph_break_in_a_snippet_is_shown(tmp_path, bbc):
    """A passage running from one paragraph into the next read as one sentence (a BBC page in html_gold:
    "…Sweden drops rape investigation Prosecutors in Sweden…"). The break is " ¶ " now; the passage itself is
    Whoosh's as before."""
    ix = Index.create(tmp_path / "ix")
    ix.add([bbc / "business" / "001.txt"], jobs=0)
    body = ix.searcher().stored_fields(0)["body"]
    first, second = body.split("\n\n")[:2]
    query = f'"{first.split()[-2]} {first.split()[-1].strip(".")}" OR "{second.split()[0]} {second.split()[1]}"'
    [snippet] = ix.search(query, snippets=1, snippet_chars=400).hits[0].snippets
    assert " \u00b6 " in snippet and "\n" not in snippet
    assert _format("One.\n\nTwo  three.\n \nFour", 0, 24, []) == "One. \u00b6 Two three. \u00b6 Four"
    lead = ix.search("title:warner", snippets=1, snippet_chars=300).hits[0].snippets[0]   # no body match: the opening
    assert lead.startswith(first.split()[0]) and " \u00b6 " in lead
