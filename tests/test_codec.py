"""The index's codec (codec.py): Whoosh's, with stored fields LZ4-compressed, for our segments only."""
import pickle
import zlib

import lz4.block
import pytest
from whoosh import fields, index
from whoosh.columns import VarBytesColumn
from whoosh.writing import SegmentWriter

from newssearch import Index
from newssearch.codec import STORED_COLUMN, NewsCodec
from newssearch.indexer import CODEC


def _stored_block(reader, docnum: int) -> bytes:
    """An article's stored fields as the segment's file holds them."""
    column = reader._perdoc._cached_reader("_stored", STORED_COLUMN)._child
    return VarBytesColumn.Reader.__getitem__(column, docnum)


def test_stored_fields_are_lz4_blocks_read_back_whole_merges_included(tmp_path):
    long_body = "Grain and oil. " * 7_000 + "Пшеница, 小麦, قمح."
    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT(stored=True), n=fields.STORED))
    for n, body in enumerate(["grain", long_body]):
        w = SegmentWriter(ix, codec=CODEC)
        w.add_document(body=body, n=n)
        w.commit(merge=False)
    with ix.reader() as r:
        assert [r.stored_fields(d) for d in range(2)] == [{"body": "grain", "n": 0}, {"body": long_body, "n": 1}]
        second = r.leaf_readers()[1][0]
        assert isinstance(second.segment().codec(), NewsCodec)
        block = _stored_block(second, 0)
        assert pickle.loads(lz4.block.decompress(block)) == {"body": long_body, "n": 1}
        with pytest.raises(zlib.error):
            zlib.decompress(block)
    SegmentWriter(ix, codec=CODEC).commit(optimize=True)      # the merge reads and writes the column again
    with ix.reader() as r:
        assert len(ix._segments()) == 1 and isinstance(ix._segments()[0].codec(), NewsCodec)
        assert sorted(r.stored_fields(d)["n"] for d in range(2)) == [0, 1]
        assert {r.stored_fields(d)["body"] for d in range(2)} == {"grain", long_body}


def test_a_plain_whoosh_index_beside_ours_keeps_whooshs_format(tmp_path):
    """Once the stored column was Whoosh's global, changed: plain Whoosh's zlib fields then failed to read in
    any process that imported newssearch (benchmarks/compare.py, a tool searching both)."""
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Harbour reopens\n\nThe harbour reopened after the storm.")
    ours = Index.create(tmp_path / "ours")
    ours.add([tmp_path / "news"], jobs=0)
    (tmp_path / "plain").mkdir()
    plain = index.create_in(str(tmp_path / "plain"), fields.Schema(body=fields.TEXT(stored=True), gone=fields.STORED))
    w = plain.writer()
    w.add_document(body="the harbour reopened", gone="x")
    w.commit()
    with plain.reader() as r:
        assert zlib.decompress(_stored_block(r, 0))                 # Whoosh's own zlib
    schema = fields.Schema(body=fields.TEXT(stored=True))        # "gone" removed from the schema since
    with index.FileIndex(plain.storage, schema).reader() as r:
        assert r.stored_fields(0) == {"body": "the harbour reopened"}   # Whoosh's filter still applies
    assert ours.search("harbour").hits[0].title == "Harbour reopens"
    ours.close()
