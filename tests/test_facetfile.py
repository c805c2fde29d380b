"""Segment facet files (facetfile.py): the same counts as the facets column read article by article, on real
stories in several segments with deleted and merged articles; segments without one still counted."""
from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from newssearch import Index, facetfile, indexer
from newssearch.facets import FACETS, counts
from newssearch.search import matches, prepare

QUERIES = ["*", "oil", "market", "place:london", "country:US", "shares NOT stock", "nosuchwordanywhere"]


@pytest.fixture(scope="module")
def segmented(tmp_path_factory, bbc, reuters_000):
    """BBC business stories in batches of 100 (several segments, small ones merged), 20 of them changed: their
    old versions are deleted articles; 1,000 Reuters stories in a segment of their own."""
    folder = tmp_path_factory.mktemp("bbc") / "business"
    shutil.copytree(bbc / "business", folder)
    mp = pytest.MonkeyPatch()
    mp.setattr(indexer, "BATCH_ARTICLES", 100)
    ix = Index.create(folder.parent / "index")
    ix.add([folder], jobs=0)
    ix.add([reuters_000], jobs=0)
    for path in sorted(folder.iterdir())[::25]:
        path.write_text(path.read_text(encoding="latin-1") + "\n\nOil prices rose in London.", encoding="utf-8")
    ix.add([folder], jobs=0)
    yield ix
    mp.undo()
    ix.close()


def by_column(searcher, docnums) -> dict[str, Counter]:
    """The oracle: each article's facets JSON from its stored column, counted one by one."""
    out = {name: Counter() for name in FACETS}
    segments = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
    for docnum in docnums:
        reader, offset = max((s for s in segments if s[1] <= docnum), key=lambda s: s[1])
        found = json.loads(reader.column_reader("facets")[docnum - offset])
        for name in FACETS:
            out[name].update(found[name])
    return out


def test_every_segment_has_one_and_the_index_has_deletions(segmented):
    s = segmented.searcher()
    readers = [sub.reader() for sub, _ in s.leaf_searchers()]
    assert len(readers) >= 3 and s.reader().has_deletions()
    assert all(facetfile.for_reader(r) is not None for r in readers)
    names = {p.name for p in segmented.path.iterdir() if p.suffix == facetfile.EXT}
    assert names == {r.segment().make_filename(facetfile.EXT) for r in readers}     # none left of merged ones


def test_a_mapped_file_counts_as_one_read_whole(segmented):
    """On a folder the file is memory-mapped; from other storage it is read whole: the same counts."""
    import numpy as np

    reader = segmented.searcher().leaf_searchers()[0][0].reader()
    mapped = facetfile.for_reader(reader)
    assert isinstance(mapped._facets["place"][1].base, np.memmap)
    with reader._storage.open_file(reader.segment().make_filename(facetfile.EXT)) as f:
        whole = facetfile.Facets(f.read())
    some = np.arange(0, reader.doc_count_all(), 3)
    for name in FACETS:
        for docnums in (np.arange(reader.doc_count_all()), some):
            assert mapped.count(name, docnums) == whole.count(name, docnums)
    assert mapped.count("place", some) != []


@pytest.mark.parametrize("text", QUERIES)
def test_counts_as_the_column_gives_them(segmented, text):
    s = segmented.searcher()
    docnums = matches(s, prepare(s, text)).ids.tolist()
    expected = by_column(s, docnums)
    got = counts(s, docnums, list(FACETS), limit=0)
    for name in FACETS:
        assert {c.code or c.name: c.count for c in got[name]} == dict(expected[name])     # countries by code
        assert [c.count for c in got[name]] == sorted((c.count for c in got[name]), reverse=True) or name == "month"


def test_a_segment_without_one_is_counted_from_the_column(segmented, monkeypatch):
    s = segmented.searcher()
    docnums = matches(s, prepare(s, "oil OR market")).ids.tolist()
    with_files = counts(s, docnums, list(FACETS), limit=0)
    monkeypatch.setattr(facetfile, "for_reader", lambda reader: None)
    assert counts(s, docnums, list(FACETS), limit=0) == with_files


def test_ties_are_ordered_by_name(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name, text in [("a.txt", "Talks in Paris\n\nMinisters met in Paris on Monday to talk trade."),
                       ("b.txt", "Talks in Berlin\n\nMinisters met in Berlin on Monday to talk trade.")]:
        (news / name).write_text(text, encoding="utf-8")
    with Index.create(tmp_path / "ix") as ix:
        ix.add([news], jobs=0)
        found = ix.search("*", facets="country").facets["country"]
        assert [(c.name, c.count) for c in found] == [("France", 1), ("Germany", 1)]
