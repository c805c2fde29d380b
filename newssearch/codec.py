"""The index's codec: Whoosh's own (W3Codec) with each article's stored fields compressed by LZ4 instead of zlib,
as Lucene stores them. Every hit shown reads one article's stored fields: zlib took 8.6 us a Reuters story to
inflate (22.5 at 4 KB) and 29 to deflate at build; LZ4 0.6 (2.1) and 2.2. The stored fields take a third more
room (20,000 Reuters stories: 15.3 -> 20.6 MB of 24.6).

A segment keeps its codec (pickled in the index's TOC), so it is read as it was written, and any other Whoosh
index in the same process keeps Whoosh's zlib: a global change of Whoosh's stored column made plain Whoosh's
indexes unreadable beside ours (tests/test_codec.py).

The per-document writer also hands each article's `facets` value to the segment's facet file (facetfile.py):
every article of a segment passes through it, new or merged in.
"""
from __future__ import annotations

import lz4.block
from whoosh import columns
from whoosh.codec import whoosh3

from . import facetfile


class Lz4BytesColumn(columns.CompressedBytesColumn):
    """Whoosh's compressed column with LZ4 in place of zlib."""

    def writer(self, dbfile):
        writer = self.Writer(dbfile, 0, "zlib")
        writer._compress = _lz4_compress
        return writer

    def reader(self, dbfile, basepos, length, doccount):
        reader = self.Reader(dbfile, basepos, length, doccount, "zlib")
        reader._decompress = lz4.block.decompress
        return reader


def _lz4_compress(value: bytes, level: int) -> bytes:
    return lz4.block.compress(value)


STORED_COLUMN = columns.PickleColumn(Lz4BytesColumn())


class _PerDocWriter(whoosh3.W3PerDocWriter):
    def __init__(self, codec, storage, segment):
        self._facets = None
        super().__init__(codec, storage, segment)

    def _create_column(self, fieldname, column):
        # Whoosh creates the stored fields' column when the writer starts, and names its own type only then.
        super()._create_column(fieldname, STORED_COLUMN if fieldname == "_stored" else column)

    def add_column_value(self, fieldname, columnobj, value):
        super().add_column_value(fieldname, columnobj, value)
        if fieldname == "facets":      # new articles and merged segments' alike (Whoosh's write_per_doc)
            if self._facets is None:
                self._facets = facetfile.Writer()
            self._facets.add(self._docnum, value)

    def close(self):
        super().close()
        if self._facets is not None:
            self._facets.close(self._doccount, self._create_file(facetfile.EXT))


class _PerDocReader(whoosh3.W3PerDocReader):
    # Our schema changes only with SCHEMA_VERSION, which a rebuild follows: Whoosh's check of every stored
    # field against the schema (a fifth of reading a hit's fields) is skipped for these segments
    # (whoosh_fixes._stored_fields).
    fields_match_schema = True

    def stored_fields(self, docnum):
        value = self._cached_reader("_stored", STORED_COLUMN)[docnum]
        return {} if value is None else value


class NewsCodec(whoosh3.W3Codec):
    def per_document_writer(self, storage, segment):
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)
