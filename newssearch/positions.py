"""A segment's positions file (`<segment>.nsp`): the article numbers, counts and word positions of its
common words, as plain little-endian arrays that a query slices out of a memory map without decoding.

Whoosh keeps a posting list in zlib-compressed pickles of 128 postings. A phrase of common words read the
first time ("bank of england" at 1,000,000 articles: 12,500 blocks) spent most of its 586 ms inflating and
unpickling them. Whoosh's own files stay as they are (its matchers still use them for proximity and at-least);
this file is derived data written beside them as the segment is written, so it covers merged segments too, and
Whoosh deletes it with the segment's other files (its name is the segment's). A segment without one (written
by Whoosh alone, or not on a folder) is read from Whoosh's files.
"""
from __future__ import annotations

import os
from array import array

import numpy as np
from whoosh.filedb.filestore import FileStorage

from .schema import decode_values

EXT = ".nsp"
MAGIC = b"NSPOS001"
MIN_POSTINGS = 128          # fewer fit in one of Whoosh's blocks, which is cheap enough to read
_FOOTER = 24                # table offset, term count, magic
_WIDE_COUNTS, _WIDE_POSITIONS = 1, 2


class Writer:
    """A segment's positions file as its field writer (termwriter.FieldWriter) writes the segment: every
    posting a segment gets (new articles and merged segments alike) passes through it."""

    def __init__(self, path: str):
        self._path = path
        self._file = None
        self._table = array("q")       # per term: postings-file offset, data offset, postings, positions, kind

    def write_term(self, offset: int, ids: list, stored: list, values: list, boost: float) -> None:
        """Keep a term's postings, offset being where they start in Whoosh's postings file (the key a reader
        finds them by)."""
        try:
            counts, flat = decode_values(values)
        except ValueError:
            return                                     # not a NewsText field's values
        # Whoosh's weight of a text posting is its count times the field's boost, kept as a 32-bit float;
        # a term whose weights are anything else is left to Whoosh's files.
        if len(counts) != len(ids) or not np.array_equal(np.array(stored, dtype=np.float32),
                                                         weights(counts, boost)):
            return
        kind = 0
        if counts.max() > 0xFFFF:
            kind |= _WIDE_COUNTS
        if len(flat) and flat.max() > 0xFFFF:
            kind |= _WIDE_POSITIONS
        if self._file is None:
            self._file = open(self._path, "wb")          # noqa: SIM115 (open for the segment's lifetime)
        start = self._file.tell()
        self._file.write(np.array(ids, dtype="<i4").tobytes())
        self._file.write(counts.astype("<u4" if kind & _WIDE_COUNTS else "<u2").tobytes())
        self._file.write(flat.astype("<u4" if kind & _WIDE_POSITIONS else "<u2").tobytes())
        self._file.write(b"\0" * (-self._file.tell() % 8))
        self._table.extend((offset, start, len(counts), len(flat), kind))

    def close(self):
        if self._file is not None:
            table_at = self._file.tell()
            self._file.write(np.frombuffer(self._table, dtype=np.int64).astype("<i8").tobytes())
            self._file.write(np.array([table_at, len(self._table) // 5], dtype="<i8").tobytes() + MAGIC)
            self._file.close()
            self._file = None


def on_disk(storage, name: str) -> str | None:
    """Where a segment's file `name` is when the storage is a folder of files (Whoosh's FileStorage); None for
    any other, which reads its files itself. Asking for a `folder` attribute is not enough: RamStorage has one,
    empty, which made the name a path in the working directory."""
    return os.path.join(storage.folder, name) if isinstance(storage, FileStorage) else None


def path(storage, segment) -> str | None:
    """Where a segment's positions file is, for a storage on a folder (None for others)."""
    return on_disk(storage, segment.make_filename(EXT))


def open_for(segment_reader) -> Reader | None:
    """The positions file of a Whoosh segment reader's segment (None when it has none, or a damaged one: an
    index Whoosh wrote alone, or a compound segment; Whoosh's files serve then)."""
    where = path(segment_reader._storage, segment_reader.segment())
    if where is None:
        return None
    try:
        return Reader(where)
    except (OSError, ValueError):
        return None


def weights(counts: np.ndarray, boost: float) -> np.ndarray:
    """Whoosh's stored weights of text postings with these counts: count × boost as a 32-bit float."""
    return (counts * float(boost)).astype(np.float32)


class Reader:
    """A segment's positions file, memory-mapped."""

    def __init__(self, path: str):
        self._map = np.memmap(path, dtype=np.uint8, mode="r")
        if len(self._map) < _FOOTER or bytes(self._map[-8:]) != MAGIC:
            raise ValueError(f"{path} is not a positions file")
        table_at, n = np.frombuffer(self._map, dtype="<i8", count=2, offset=len(self._map) - _FOOTER)
        table = np.frombuffer(self._map, dtype="<i8", count=5 * int(n), offset=int(table_at)).reshape(-1, 5)
        self._keys = np.ascontiguousarray(table[:, 0])
        self._rows = table

    def get(self, offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(ids, counts, positions) of the term whose Whoosh postings start at offset, or None."""
        i = int(np.searchsorted(self._keys, offset))
        if i == len(self._keys) or self._keys[i] != offset:
            return None
        _, start, n, m, kind = (int(x) for x in self._rows[i])
        ids = np.frombuffer(self._map, dtype="<i4", count=n, offset=start)
        counts_type = "<u4" if kind & _WIDE_COUNTS else "<u2"
        at = start + 4 * n
        counts = np.frombuffer(self._map, dtype=counts_type, count=n, offset=at)
        at += counts.nbytes
        flat = np.frombuffer(self._map, dtype="<u4" if kind & _WIDE_POSITIONS else "<u2", count=m, offset=at)
        return ids, counts, flat
