"""The index's codec: Whoosh's own (W3Codec) with each article's stored fields compressed by LZ4 instead of zlib,
as Lucene stores them. Every hit shown reads one article's stored fields: zlib took 8.6 us a Reuters story to
inflate (22.5 at 4 KB) and 29 to deflate at build; LZ4 0.6 (2.1) and 2.2. The stored fields take a third more
room (20,000 Reuters stories: 15.3 -> 20.6 MB of 24.6).

A segment keeps its codec (pickled in the index's TOC), so it is read as it was written, and any other Whoosh
index in the same process keeps Whoosh's zlib: a global change of Whoosh's stored column made plain Whoosh's
indexes unreadable beside ours (tests/test_codec.py).

Segment files are read by position (`PositionalFile`, one os.pread a read): Whoosh read a stored article, a term's
entry or a posting block by a seek and a read of a buffered file. The benchmark's 50 queries with snippets: 5%
less CPU (median of 8 alternating rounds). Memory maps gained 8.5% but put every index page a query touched in
the process's resident memory: 1M articles, after scale.py's queries, 520 -> 762 MB (term tables 150 MB).

The per-document writer also hands each article's `facets` value to the segment's facet file (facetfile.py):
every article of a segment passes through it, new or merged in.
"""
from __future__ import annotations

import os

import lz4.block
from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.filedb.structfile import StructFile

from . import facetfile
from .positions import on_disk


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


class PositionalFile(StructFile):
    """A segment file whose get() is one os.pread: no seek, no buffer to refill, no shared position. Segment
    files are written once and never change, so Whoosh's own seek-and-read calls on the same file still agree."""

    def __init__(self, path: str, name: str):
        super().__init__(open(path, "rb"), name=name)
        self._fd = self.file.fileno()

    def get(self, position, length):
        return os.pread(self._fd, length, position)


def open_positional(storage, name: str):
    """The segment file `name` as a PositionalFile when the storage is a folder and the OS has pread;
    otherwise as Whoosh opens it (an in-memory storage has no file to read by position; Windows has no pread)."""
    where = on_disk(storage, name)
    if where is None or not hasattr(os, "pread"):
        return storage.open_file(name)
    return PositionalFile(where, name)


class _PerDocReader(whoosh3.W3PerDocReader):
    # Our schema changes only with SCHEMA_VERSION, which a rebuild follows: Whoosh's check of every stored
    # field against the schema (a fifth of reading a hit's fields) is skipped for these segments
    # (whoosh_fixes._stored_fields).
    fields_match_schema = True

    def stored_fields(self, docnum):
        value = self._cached_reader("_stored", STORED_COLUMN)[docnum]
        return {} if value is None else value

    def _get_column_file(self, fieldname):
        filename = whoosh3.W3Codec.column_filename(self._segment, fieldname)
        return open_positional(self._storage, filename), 0, self._storage.file_length(filename)


class NewsCodec(whoosh3.W3Codec):
    def per_document_writer(self, storage, segment):
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)

    def terms_reader(self, storage, segment):
        tiname = segment.make_filename(self.TERMS_EXT)
        return whoosh3.W3TermsReader(self, open_positional(storage, tiname), storage.file_length(tiname),
                                     open_positional(storage, segment.make_filename(self.POSTS_EXT)))
