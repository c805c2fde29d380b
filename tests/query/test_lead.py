"""hlead: the headline or the body's lead, answered from title and body (query/lead.py). Brute-force checks on
Reuters are in tests/test_search.py and tests/test_matching.py; these are the edges, on stories written here."""
from __future__ import annotations

import json

import pytest
from whoosh import query as wq
from whoosh.query import spans

from newssearch import Index
from newssearch.query.lead import LEAD_END, Lead
from newssearch.query.parser import parse_query

SENTENCES = " ".join(f"Sentence {i} says little{' of the wombat' if i == 5 else ''}"
                     f"{' of the quokka' if i == 110 else ''}." for i in range(1, 121))
STORIES = [
    {"id": "paragraphs", "title": "Alpha accord signed",
     "body": "The treaty was signed on Monday by both sides.\n\nA zebra escaped from the zoo. The treaty "
             "was not mentioned again."},
    {"id": "one-paragraph", "title": "A long story", "body": SENTENCES},
    {"id": "indented", "title": "Beta",
     "body": "Delegates met in the capital.\n   \nThe treaty comes up only here."},
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lead")
    (folder / "stories.jsonl").write_text("\n".join(json.dumps(s) for s in STORIES), encoding="utf-8")
    ix = Index.create(folder / "index")
    ix.add([folder / "stories.jsonl"], jobs=0)
    yield ix
    ix.close()


def found(ix, text):
    return sorted(h.id.split("#")[-1] for h in ix.search(text, limit=0).hits)


def test_hlead_is_the_title_or_the_first_paragraph(ix):
    assert found(ix, "hlead:treaty") == ["paragraphs"]           # not "indented": its treaty is in paragraph 2
    assert found(ix, "treaty") == ["indented", "paragraphs"]
    assert found(ix, "hlead:zebra") == [] and found(ix, "zebra") == ["paragraphs"]
    assert found(ix, "hlead:alpha") == ["paragraphs"]            # the headline
    assert found(ix, 'hlead:"signed on monday"') == ["paragraphs"]
    assert found(ix, 'hlead:"treaty was not"') == []
    assert found(ix, "hlead:zeb*") == [] and found(ix, "hlead:trea*") == ["paragraphs"]
    assert found(ix, "hlead:(zebra w/3 zoo)") == [] and found(ix, "hlead:(treaty w/3 monday)") == ["paragraphs"]
    assert found(ix, "hlead:atleast2(treaty)") == [] and found(ix, "atleast2(treaty)") == ["paragraphs"]
    assert found(ix, "hlead:*") == ["indented", "one-paragraph", "paragraphs"]


def test_one_long_paragraph_leads_with_its_first_99_or_so_sentences(ix):
    assert found(ix, "hlead:wombat") == ["one-paragraph"]
    assert found(ix, "hlead:quokka") == [] and found(ix, "quokka") == ["one-paragraph"]


def test_snippets_mark_the_lead_only(ix):
    [hit] = ix.search("hlead:treaty", snippets=3).hits
    text = " ".join(hit.snippets)
    assert "<b>treaty</b> was signed" in text and "The treaty was not" in text.replace("<b>", "").replace("</b>", "")
    assert "<b>treaty</b> was not" not in text


def test_every_hlead_part_becomes_title_or_lead():
    assert parse_query("hlead:treaty") == wq.Or([wq.Term("title", "treati"), Lead(wq.Term("body", "treati"))])
    q = parse_query("oil hlead:(gas OR \"crude oil\") NOT hlead:opec")
    assert not [leaf for leaf in q.leaves() if leaf.field() == "hlead"]
    assert [lead.limit for lead in _leads(q)] == [LEAD_END] * 3


def _leads(q):
    if isinstance(q, Lead):
        return [q]
    return [] if q.is_leaf() else [x for child in q.children() for x in _leads(child)]


def test_whoosh_span_first_cannot_estimate_its_size(ix):
    """Lead adds estimate_size, which an OR of it calls; Whoosh's SpanFirst raises."""
    reader = ix._ix.reader()
    with pytest.raises(NotImplementedError):
        spans.SpanFirst(wq.Term("body", "treati"), limit=LEAD_END).estimate_size(reader)
    assert Lead(wq.Term("body", "treati")).estimate_size(reader) == 2
