"""The index's codec (codec.py): Whoosh's, with stored fields LZ4-compressed, for our segments only."""
import pickle
import zlib

import lz4.block
import pytest
from whoosh import fields, index
from whoosh.columns import VarBytesColumn
from whoosh.writing import SegmentWriter

from newssearch import Index
from newssearch.codec import STORED_COLUMN, NewsCodec, PositionalFile, open_positional
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


def test_segment_files_read_by_position_give_the_same_answers(sample_index):
    """Terms, postings, stored fields and columns read through PositionalFile answer exactly as Whoosh's own
    reads of the same files; only the way bytes are fetched changes."""
    from whoosh.codec import whoosh3

    ix = index.open_dir(str(sample_index.path))
    blocks = 0
    with ix.reader() as ours:
        for leaf, _ in ours.leaf_readers():
            segment, storage = leaf.segment(), leaf.storage()
            assert isinstance(leaf._terms._dbfile, PositionalFile)
            assert isinstance(leaf._terms._postfile, PositionalFile)
            plain_terms = whoosh3.W3Codec.terms_reader(leaf._codec, storage, segment)
            plain_docs = whoosh3.W3PerDocReader(storage, segment)
            terms = list(leaf._terms.terms())
            assert terms == list(plain_terms.terms()) and len(terms) > 500
            for field, text in terms:
                info = leaf._terms.term_info(field, text)
                again = plain_terms.term_info(field, text)
                assert (info.doc_frequency(), info.weight(), info.is_inlined()) == \
                    (again.doc_frequency(), again.weight(), again.is_inlined())
                blocks += not info.is_inlined()       # postings in a block of the postings file
                fmt = ix.schema[field].format
                ours = leaf._terms.matcher(field, text, fmt)
                theirs = plain_terms.matcher(field, text, fmt)
                assert list(ours.all_items()) == list(theirs.all_items())
            for docnum in range(leaf.doc_count_all()):
                assert leaf.stored_fields(docnum) == \
                    plain_docs._cached_reader("_stored", STORED_COLUMN)[docnum]
                assert leaf.doc_field_length(docnum, "body") == plain_docs.doc_field_length(docnum, "body")
            plain_terms.close()
            plain_docs.close()
    assert blocks > 10


def test_a_positional_file_reads_at_any_position_and_keeps_whooshs_own_reads(tmp_path):
    from whoosh.filedb.filestore import FileStorage, RamStorage

    (tmp_path / "empty.x").write_bytes(b"")
    (tmp_path / "full.x").write_bytes(b"\x00\x01\x02\x03")
    storage = FileStorage(str(tmp_path))
    empty, full = open_positional(storage, "empty.x"), open_positional(storage, "full.x")
    assert empty.get(0, 4) == b"" and empty.read() == b""
    assert full.get(1, 2) == b"\x01\x02" and full.get_int(0) == 0x00010203
    full.seek(2)                                   # Whoosh's seek-and-read, between positional reads
    assert full.get(0, 1) == b"\x00" and full.read(1) == b"\x02" and full.get(3, 9) == b"\x03"
    empty.close()
    full.close()
    ram = RamStorage()
    with ram.create_file("x") as f:
        f.write(b"abc")
    found = open_positional(ram, "x")
    assert not isinstance(found, PositionalFile) and found.get(1, 1) == b"b"
