"""Postings pooled and written a term at a time (termwriter.py) are Whoosh's own files, byte for byte: for new
articles, for merged segments with deletions, and when the pool spills to disk."""
from __future__ import annotations

import pytest
from whoosh import index as windex
from whoosh.writing import PostingPool, SegmentWriter

from newssearch import indexer, positions
from newssearch.schema import make_schema


@pytest.fixture(scope="module")
def documents(reuters_000):
    articles, _, failure = indexer.load(str(reuters_000))
    assert failure is None and len(articles) > 900
    docs = []
    for article in articles:
        article.id = article.record_id("reut2-000.sgm")
        docs.append(indexer.to_fields(article, "reut2-000.sgm\0" + "1:1"))
    # Positions past 16 bits, a count past 16 bits, a story with no body.
    docs.append({"id": "long", "body": "filler " * 70_000 + "oil"})
    docs.append({"id": "many", "body": "oil " * 70_000})
    docs.append({"id": "titled", "title": "Oil"})
    return docs


def _write(folder, docs, fitted: bool, segments: int = 1, merge: bool = False, limitmb: int = 512,
           added: int = 0) -> dict:
    """Index docs in `segments` commits (then optionally merged into one, by a writer that first adds the
    last `added` of them) as Whoosh alone or fitted: the segment files' bytes by extension (positions files
    apart), in no particular order of segments."""
    folder.mkdir()
    ix = windex.create_in(str(folder), make_schema())

    def new_writer():
        writer = SegmentWriter(ix, **{**indexer.WRITER_OPTIONS, "limitmb": limitmb})
        return indexer.fitted(writer) if fitted else writer

    first, rest = docs[:len(docs) - added], docs[len(docs) - added:]
    step = -(-len(first) // segments)
    for start in range(0, len(first), step):
        writer = new_writer()
        for doc in first[start:start + step]:
            writer.add_document(**doc)
        writer.commit(merge=False)
    if merge:
        writer = new_writer()
        gone = first[5:len(first):97]            # deleted articles renumber the rest as segments merge
        for doc in gone:
            writer.delete_by_term("id", doc["id"])
        for doc in rest:                         # pooled by term, then the merged segments' postings after them
            writer.add_document(**doc)
        writer.commit(optimize=True)
        assert ix.doc_count_all() == len(docs) - len(gone) and len(ix._segments()) == 1
    ix.close()
    files = {}
    for path in folder.iterdir():
        if path.name.startswith("MAIN_") and "." in path.name and not path.name.endswith(positions.EXT):
            files.setdefault(path.name.split(".", 1)[1], []).append(path.read_bytes())
    return files


@pytest.mark.parametrize("segments, merge, added", [(1, False, 0), (3, True, 0), (3, True, 200)])
def test_segments_equal_whooshs(tmp_path, documents, segments, merge, added):
    mine = _write(tmp_path / "mine", documents, fitted=True, segments=segments, merge=merge, added=added)
    whoosh = _write(tmp_path / "whoosh", documents, fitted=False, segments=segments, merge=merge, added=added)
    assert sorted(mine) == sorted(whoosh) and len(mine["pst"]) == (1 if merge else segments)
    for ext in mine:
        assert sorted(mine[ext]) == sorted(whoosh[ext]), ext


@pytest.mark.parametrize("segments, merge, added", [(1, False, 0), (3, True, 200)])
def test_spilled_pool_writes_the_same(tmp_path, documents, monkeypatch, segments, merge, added):
    """Past its limit the pool spills runs to disk (new articles' postings a term at a time; with merged
    segments' postings, Whoosh's sorted tuples) and joins them: the same files as without spilling, and as
    Whoosh's own."""
    options = dict(segments=segments, merge=merge, added=added)
    whole = _write(tmp_path / "whole", documents, fitted=True, **options)
    runs = []
    new_run = PostingPool._new_run
    monkeypatch.setattr(PostingPool, "_new_run", lambda pool: runs.append(1) or new_run(pool))
    spilled = _write(tmp_path / "spilled", documents, fitted=True, limitmb=1, **options)
    assert len(runs) > 10 and whole == spilled
    monkeypatch.undo()
    assert spilled == _write(tmp_path / "whoosh", documents, fitted=False, **options)
