"""Whoosh behaviour newssearch changes (whoosh_fixes.py), pinned."""
from whoosh.filedb.filestore import FileStorage
from whoosh.query import spans

from newssearch import Index


def test_commit_asks_the_file_system_per_field_not_per_posting(tmp_path, monkeypatch):
    """Before the fix, committing wrote each posting of a field without a length column (ids, keywords,
    dates) after a stat() of that column's file: thousands of calls for 300 documents."""
    (tmp_path / "docs").mkdir()
    for n in range(300):
        (tmp_path / "docs" / f"{n}.txt").write_text(f"Story {n}\n\nWords of story number {n} about grain and oil.")
    calls = []
    original = FileStorage.file_exists
    monkeypatch.setattr(FileStorage, "file_exists", lambda self, name: calls.append(name) or original(self, name))
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "docs"], jobs=0)
    assert ix.search("grain").total == 300
    assert len(calls) < 200, f"{len(calls)} file_exists calls"


def test_whoosh_copies_compound_segment_files_into_memory(tmp_path):
    """Why the indexer writes plain (non-compound) segments: a reader on a compound segment gets each part as
    a BytesIO copy of the mmap. If this fails, Whoosh reads compound files in place and compound segments
    would cost no memory."""
    from io import BytesIO

    from whoosh import fields, index

    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT))
    w = ix.writer()
    w.add_document(body="grain and oil")
    w.commit()
    with ix.reader() as r:                  # one segment: a SegmentReader
        postings = r._terms._postfile
        assert ix._segments()[0].is_compound() and isinstance(postings.file, BytesIO)


def test_index_segments_are_plain_files_and_counted_from_the_toc(tmp_path):
    from newssearch.indexer import committed_count

    (tmp_path / "docs").mkdir()
    for n in range(30):
        (tmp_path / "docs" / f"{n}.txt").write_text(f"Story {n}\n\nWords of story number {n} about grain.")
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "docs"], jobs=0)
    for n in range(5):
        (tmp_path / "docs" / f"{n}.txt").unlink()
    (tmp_path / "docs" / "7.txt").write_text("Story seven\n\nRewritten, longer than before, about grain and oil.")
    ix.add([tmp_path / "docs"], jobs=0)
    segments = ix._ix._segments()
    assert segments and not any(s.is_compound() for s in segments)
    assert committed_count(ix._ix) == ix._ix.doc_count() == 25


def test_field_lengths_are_whooshs_own(tmp_path):
    """The cached field lengths give what Whoosh's own code (repeated here: it is replaced) reads from the
    column, for every document and field."""
    from whoosh.codec import whoosh3

    from newssearch.whoosh_fixes import _doc_field_length

    (tmp_path / "docs").mkdir()
    for n in range(40):
        (tmp_path / "docs" / f"{n}.txt").write_text(f"Story {n}\n\n" + " ".join(["grain"] * (n * 7)) + " end.")
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "docs"], jobs=0)
    assert whoosh3.W3PerDocReader.doc_field_length is _doc_field_length
    with ix._ix.reader() as r:
        perdoc = r._perdoc
        for field in ("title", "body", "byline", "place", "nosuchfield"):
            for docnum in range(r.doc_count_all() + 1):
                ours = _doc_field_length(perdoc, docnum, field)
                reader = perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
                lbyte = reader[docnum] if reader is not None else None
                theirs = 0 if reader is None else (whoosh3.byte_to_length(lbyte) if lbyte else None)
                assert ours == theirs, (field, docnum)


def _inlining_index(tmp_path):
    from whoosh import fields, index
    from whoosh.codec import whoosh3

    ix = index.create_in(str(tmp_path), fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(phrase=True)))
    w = ix.writer(codec=whoosh3.W3Codec(inlinelimit=4))
    for n in range(3):
        w.add_document(id=f"doc{n}", body="grain and oil" if n else "rare grain")
    w.commit()
    return ix


def test_short_posting_lists_can_be_inlined(tmp_path):
    """Whoosh's postings writer calls W3TermInfo.set_inline, which Whoosh names set_inlined: without the
    fix, a codec with inlinelimit > 1 fails at the first short list."""
    ix = _inlining_index(tmp_path)
    with ix.searcher() as s:
        info = s.reader().term_info("body", "grain")
        assert info._inlined is not None and info.doc_frequency() == 3
        assert sorted(s.stored_fields(d)["id"] for d in s.reader().postings("body", "grain").all_ids()) == [
            "doc0", "doc1", "doc2"]


def test_an_inlined_term_survives_copies_and_merges(tmp_path):
    """A copy of an inlined term's matcher keeps its term info (BM25F asks it for length bounds), and a
    posting without a value reads as None, as from a block, so merging such a segment passes Whoosh's own
    pool check (it read "", a str, before)."""
    from whoosh import query, writing

    ix = _inlining_index(tmp_path)
    with ix.searcher() as s:
        m = query.Term("body", "rare").matcher(s)
        copy = m.copy()
        assert copy.block_min_length() == m.block_min_length() > 0
        assert s.reader().postings("id", "doc1").value() is None
        assert [h["id"] for h in s.search(query.Phrase("body", ["rare", "grain"]))] == ["doc0"]
    w = ix.writer()
    w.add_document(id="doc3", body="grain again")
    w.commit(mergetype=writing.OPTIMIZE)
    with ix.searcher() as s:
        assert len(ix._segments()) == 1
        assert s.doc_count() == 4 and s.search(query.Term("id", "doc1")).scored_length() == 1


def test_an_or_of_span_queries_normalizes():
    """whoosh_fixes gives span queries the boost Or.normalize multiplies when it flattens nested ORs."""
    from whoosh import query as wq

    near = spans.SpanNear2([wq.Term("body", "oil"), wq.Term("body", "price")], slop=6, ordered=False)
    flat = wq.Or([wq.Or([near, wq.Term("title", "oil")]), wq.Term("body", "gas")]).normalize()
    assert near in flat.subqueries and len(flat.subqueries) == 3


def test_a_proximity_keeps_its_boost_through_rewrites():
    """Or.normalize gives a flattened span its parent's boost; Whoosh's SpanNear2.apply (accept() and the
    parser's passes) rebuilt it without one."""
    from whoosh import query as wq

    near = spans.SpanNear2([wq.Term("body", "oil"), wq.Term("body", "price")], slop=6, ordered=False)
    flat = wq.Or([wq.Or([near, wq.Term("title", "oil")], boost=3.0), wq.Term("body", "gas")]).normalize()
    boosted = next(q for q in flat.subqueries if isinstance(q, spans.SpanNear2))
    assert boosted.boost == 3.0
    again = boosted.accept(lambda q: q)
    assert again == boosted and again.boost == 3.0 and again is not boosted
    assert near.accept(lambda q: q).boost == 1.0


def _run(code: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_search_loads_neither_urllib_request_nor_asyncio(sample_index):
    """whoosh_fixes imports Whoosh with stand-ins for urllib.request (whoosh.compat's unused urlretrieve) and the
    cached_property package (asyncio): 40 ms of a cold query process. The search must still work, deletions
    (the one cached property Whoosh has) included."""
    _run("import sys, newssearch\n"
         f"ix = newssearch.Index.open({str(sample_index.path)!r})\n"
         "assert ix.search('Putin Pyongyang').total == 3\n"
         "heavy = [m for m in ('urllib.request', 'http.client', 'asyncio', 'cached_property', 'multiprocessing')"
         " if m in sys.modules]\n"
         "assert not heavy, heavy\n"
         "import functools, whoosh.reading\n"
         "assert isinstance(whoosh.reading.SegmentReader.__dict__['deleted_docs_set'], functools.cached_property)\n")


def test_whoever_imports_the_real_modules_later_gets_them():
    _run("import functools, newssearch, urllib.request, cached_property\n"
         "assert cached_property.cached_property is not functools.cached_property\n"
         "assert urllib.request.urlretrieve.__module__ == 'urllib.request' and urllib.request.urlopen\n")
