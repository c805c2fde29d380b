"""A segment's positions file holds exactly what Whoosh's postings hold for its common words, follows the
segment through merges and deletions, and queries give the same answers with it, without it, or with a
damaged one."""
from __future__ import annotations

import numpy as np
import pytest

from newssearch import Index, indexer, positions, postings, termwriter


def _segment_files(folder, ext=positions.EXT):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(ext))


def _whoosh_postings(reader, field, btext):
    m = reader.postings(field, btext)
    fmt = reader.schema[field].format
    ids, weights, found = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        found.append(fmt.decode_positions(m.value()))
        m.next()
    return ids, weights, found


def _check_segment(reader) -> int:
    """Every term of every positional field: in the file when it has MIN_POSTINGS or more, equal to Whoosh's
    postings there. Returns how many terms were compared."""
    side = positions.Reader(positions.path(reader._storage, reader.segment()))
    compared = 0
    for field in ("title", "body", "byline", "dateline"):
        fmt = reader.schema[field].format
        for btext, info in reader.iter_field(field):
            if info.doc_frequency() < positions.MIN_POSTINGS:
                assert info.is_inlined() or side.get(info._offset) is None
                continue
            found = side.get(reader._terms.term_info(field, btext)._offset)
            assert found is not None, (field, btext)
            ids, counts, flat = found
            expected_ids, expected_weights, expected_positions = _whoosh_postings(reader, field, btext)
            assert ids.tolist() == expected_ids
            assert positions.weights(counts, fmt.field_boost).tolist() == expected_weights
            assert [a.tolist() for a in np.split(flat, np.cumsum(counts)[:-1])] == expected_positions
            compared += 1
    return compared


@pytest.fixture(scope="module")
def reuters_two(tmp_path_factory, reuters_000):
    """reut2-000 and -001 (2,000 stories) indexed in two commits; the second merges the first segment into
    its own (Whoosh's add_reader, as merge_small does when small segments pile up)."""
    folder = tmp_path_factory.mktemp("positions") / "index"
    ix = Index.create(folder)
    ix.add([reuters_000], jobs=0)
    first = _segment_files(folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(indexer, "SMALL_SEGMENTS", 0)
        ix.add([reuters_000.parent / "reut2-001.sgm"], jobs=0)
    assert len(ix._ix._segments()) == 1
    yield ix, folder, first
    ix.close()


def test_positions_file_equals_whooshs_postings(reuters_two):
    ix, _, _ = reuters_two
    s = ix.searcher()
    compared = 0
    for leaf, _ in s.leaf_searchers():
        compared += _check_segment(leaf.reader())
    assert compared > 200           # the common words of 2,000 stories, in every positional field


def test_positions_file_follows_its_segment(reuters_two):
    ix, folder, first = reuters_two
    segments = [seg.segment_id() for seg in ix._ix._segments()]
    assert _segment_files(folder) == sorted(f"{sid}{positions.EXT}" for sid in segments)
    assert len(first) == 1 and first[0] not in _segment_files(folder)       # merged away, and deleted with it


QUERIES = ['"bank of england"', '"said it"', '"the company"~2', "oil AND prices", "the OR said",
           '"net profit" NOT loss', 'title:"oil"', "shr"]


def _answers(ix):
    postings.POSTINGS.clear()
    out = []
    for q in QUERIES:
        r = ix.search(q, limit=20)
        out.append((r.total, [(h.id, round(h.score, 9)) for h in r.hits]))
    return out


def test_queries_are_the_same_without_or_with_a_damaged_file(tmp_path, reuters_000):
    ix = Index.create(tmp_path / "index")
    ix.add([reuters_000], jobs=0)
    with_file = _answers(ix)
    assert with_file[0][0] > 0 and with_file[1][0] > 100
    ix.close()
    (side,) = (tmp_path / "index").glob(f"*{positions.EXT}")
    side.write_bytes(side.read_bytes()[:-5])                    # damaged: read the old way
    ix = Index.open(tmp_path / "index")
    assert _answers(ix) == with_file
    ix.close()
    side.unlink()                                                # absent, as in an index from before
    ix = Index.open(tmp_path / "index")
    assert _answers(ix) == with_file
    ix.close()


def test_deleted_articles_stay_deleted(tmp_path, reuters_000):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.sgm").write_bytes(reuters_000.read_bytes())
    ix = Index.create(tmp_path / "index")
    ix.add([corpus], jobs=0)
    assert ix.search('"said it"').total > 100
    (corpus / "a.sgm").unlink()
    ix.add([corpus], jobs=0)
    assert ix.search('"said it"').total == 0 and ix.search("said").total == 0
    ix.close()


def test_counts_and_positions_past_16_bits(tmp_path):
    """Counts and positions wider than 16 bits are kept whole (the file's wide kinds)."""
    from whoosh import index as windex

    from newssearch.schema import make_schema

    ix = windex.create_in(str(tmp_path), make_schema())
    w = ix.writer(compound=False)                            # as newssearch writes segments
    termwriter.fit(w)
    for i in range(positions.MIN_POSTINGS):
        w.add_document(id=str(i), body=f"alpha story {i}")
    w.add_document(id="long", body="filler " * 70_000 + "alpha")
    w.add_document(id="many", body="alpha " * 70_000)
    w.commit()
    with ix.reader() as reader:
        assert _check_segment(reader) == 2                       # alpha and filler (70,000 in one story)
    (side,) = tmp_path.glob(f"*{positions.EXT}")
    with ix.reader() as reader:
        _, counts, flat = positions.Reader(str(side)).get(reader._terms.term_info("body", b"alpha")._offset)
    assert counts.dtype.itemsize == 4 and flat.dtype.itemsize == 4 and flat.max() >= 70_000


def test_an_index_in_memory_writes_nothing_to_the_working_directory(tmp_path, monkeypatch):
    """A storage that is not a folder of files reads and writes its own files: RamStorage has a `folder`
    attribute too (empty), which made the positions file a file in the working directory, and the facet
    file a memory map of one there (FileNotFoundError)."""
    from whoosh.filedb.filestore import RamStorage
    from whoosh.writing import SegmentWriter

    from newssearch import facetfile
    from newssearch.article import Article
    from newssearch.codec import PositionalFile, open_positional
    from newssearch.schema import make_schema

    monkeypatch.chdir(tmp_path)
    ix = RamStorage().create_index(make_schema())
    writer = SegmentWriter(ix, **indexer.WRITER_OPTIONS)
    termwriter.fit(writer)
    article = Article(path="a.txt", key="a.txt", title="Oil in Japan", body="Oil prices rose in Tokyo, Japan.",
                      places=["Tokyo", "Japan"], countries=["JP"])
    writer.add_document(**indexer.to_fields(article, "sig"))
    writer.commit()
    with ix.reader() as leaf:                           # one segment: its own reader
        assert leaf.segment().make_filename(facetfile.EXT) in ix.storage.list()
        assert positions.path(leaf._storage, leaf.segment()) is None and positions.open_for(leaf) is None
        found = facetfile.for_reader(leaf)
        assert found.docs == 1 and found.count("country", np.arange(1)) == [("JP", 1)]
        assert not isinstance(open_positional(leaf._storage, leaf.segment().make_filename(".trm")), PositionalFile)
        assert leaf.stored_fields(0)["title"] == "Oil in Japan"
    assert list(tmp_path.iterdir()) == []
