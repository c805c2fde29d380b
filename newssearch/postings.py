"""What the index holds for a term, a segment at a time, as numpy arrays: article numbers, weights and (for
phrases) encoded positions, read a posting block at a time and kept in a bounded cache; and the per-article
columns scoring and date ranges need (field lengths, datesort), kept with their segment's reader.

Decoding Whoosh's blocks (zlib, then pickle) is three quarters of a query's time at 100,000 articles; segment
files never change once written, so what was read stays true (deletions are applied by the caller). A common
word is read from its segment's positions file (positions.py) instead, as plain arrays, when there is one.
"""
from __future__ import annotations

import os
import threading
import zlib
from collections import OrderedDict

import numpy as np
from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound

from . import positions as positions_file
from .schema import decode_values
from .whoosh_fixes import column_bytes, field_lengths

_LENGTH = np.array([whoosh3.byte_to_length(b) for b in range(256)], dtype=np.float64)
_PROTO2 = b"\x80\x02"
_INT_WIDTH = {ord("K"): 1, ord("M"): 2, ord("J"): 4}      # pickle's BININT1, BININT2, BININT


class PostingCache:
    """Decoded postings of the terms used lately, least recently used dropped first."""

    def __init__(self, limit_mb: float):
        self.limit = limit_mb * 2**20
        self.size = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key, value) -> None:
        ids, weights, values = value
        size = ids.nbytes + weights.nbytes + (values.nbytes if values is not None else 0)
        if size > self.limit / 4:
            return                                     # one huge list would push out everything else
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.limit:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


POSTINGS = PostingCache(float(os.environ.get("NEWSSEARCH_CACHE_MB", "512")))


def read(reader, fieldname: str, btext: bytes, positions: bool = False) -> tuple | None:
    """(ids, weights, Positions or None) of a term in the segment, deleted articles included (None when the
    segment lacks the term). Positions only for fields that keep them (text fields)."""
    fmt = reader.schema[fieldname].format
    positions = positions and fmt.supports("positions")
    key = (getattr(reader._storage, "folder", ""), reader.segment().segment_id(), fieldname, btext)
    found = POSTINGS.get(key + (True,)) or (None if positions else POSTINGS.get(key + (False,)))
    if found is not None:
        ids, weights, values = found
        return ids.astype(np.int64), weights.astype(np.float64), values if positions else None
    try:
        info = reader._terms.term_info(fieldname, btext)   # asked after the cache: a hash-table probe in Python
    except TermNotFound:
        return None
    found = _from_positions_file(reader, info, fmt.field_boost)
    if found is not None:
        ids, weights, decoded = found
        POSTINGS.put(key + (True,), (ids, weights, decoded))
        return ids.astype(np.int64), weights.astype(np.float64), decoded if positions else None
    values: list[bytes] | None = [] if positions else None
    if info.is_inlined():                              # a rare term: its postings are kept in its term info
        inline_ids, inline_weights, inline_values = info.inlined_postings()
        ids = np.array(inline_ids, dtype=np.int64)
        weights = np.array(inline_weights, dtype=np.float64)
        if values is not None:
            values.extend(inline_values)
    else:
        ids, weights = _read_blocks(whoosh3.W3LeafMatcher(reader._terms._postfile, *info.extent(), fmt), values)
    decoded = Positions(values) if values is not None else None
    # Kept at half the size: article numbers fit 32 bits, and Whoosh stores weights as 32-bit floats anyway.
    POSTINGS.put(key + (positions,), (ids.astype(np.int32), weights.astype(np.float32),
                                      decoded if positions else None))
    return ids, weights, decoded


def _from_positions_file(reader, info, boost: float) -> tuple | None:
    """(ids, weights, Positions) from the segment's positions file, when it holds the term (info)."""
    kept = kept_with(reader)
    if "positions" not in kept:
        kept["positions"] = positions_file.open_for(reader)
    found = None
    if kept["positions"] is not None and info.doc_frequency() >= positions_file.MIN_POSTINGS and not info.is_inlined():
        found = kept["positions"].get(info._offset)
    if found is None:
        return None
    ids, counts, flat = found
    return ids, positions_file.weights(counts, boost), Positions.from_counts(counts, flat)


def lengths(reader, fieldname: str) -> np.ndarray:
    """Each article's length of the field as BM25F sees it (Whoosh keeps one byte per article)."""
    kept = kept_with(reader)
    if ("length", fieldname) not in kept:
        raw = np.frombuffer(field_lengths(reader._perdoc, fieldname) or b"", dtype=np.uint8)
        kept["length", fieldname] = _LENGTH[_per_article(raw, reader.doc_count_all())]
    return kept["length", fieldname]


def datesort(reader) -> np.ndarray:
    """A segment's datesort column (YYYYMMDDhhmmss, 0 undated), one number per article."""
    kept = kept_with(reader)
    if "datesort" not in kept:
        raw = np.zeros(0, dtype=np.int64)
        if reader.has_column("datesort"):
            raw = np.frombuffer(column_bytes(reader.column_reader("datesort", translate=False)), dtype=">u8")
        kept["datesort"] = _per_article(raw.astype(np.int64), reader.doc_count_all())
    return kept["datesort"]


def kept_with(reader) -> dict:
    """Arrays kept with a segment's reader for as long as the searcher lives (segment files never change)."""
    return reader._perdoc.__dict__.setdefault("_newssearch_arrays", {})


def _per_article(raw: np.ndarray, size: int) -> np.ndarray:
    """One value per article: a column stores nothing past its last non-default (0) value."""
    out = np.zeros(size, dtype=raw.dtype)
    out[:min(len(raw), size)] = raw[:size]
    return out


def _read_blocks(m, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    # A block holds up to 128 postings: ids delta-coded from the block's first id, weights as None (all 1),
    # one number for all, or one each. The first id of each block is made a delta from the block before, so
    # one cumulative sum decodes every id.
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    last = 0
    while True:
        n = m._blocklength
        found = None if values is not None else _ids_and_weights(m, n)
        if found is None:
            m._read_data()
            ids, ws, vs = m._data
            if values is not None:
                values.extend(vs)
            found = (np.array(ids, dtype=np.int64),
                     np.ones(n) if ws is None else np.array(ws if isinstance(ws, tuple) else [ws] * n, dtype=np.float64))
        deltas, weights = found
        deltas[0] -= last
        last = m._maxid
        id_parts.append(deltas)
        weight_parts.append(weights)
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    return np.cumsum(np.concatenate(id_parts)), np.concatenate(weight_parts)


def _ids_and_weights(m, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """A block's id deltas and weights read straight from its pickle when it has the usual shape (else None):
    unpickling the block also rebuilds every posting's positions, each a codecs.encode call, which was 70% of
    reading a common word's postings at 1,000,000 articles (tests/test_postings.py holds both ways equal).

    The shape: PROTO 2, MARK, the first id (BININT1, BININT2 or BININT), every other delta a BININT1, TUPLE,
    BINPUT; then None (weights all 1), one BINFLOAT (one weight for all) or MARK, a BINFLOAT each, TUPLE."""
    if n < 4:                                    # shorter tuples are pickled without MARK
        return None
    raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    # Only the front: ids and weights take at most 11 bytes a posting, the positions after them the rest.
    data = zlib.decompressobj().decompress(raw, 11 * n + 16) if m._compression else raw
    width = _INT_WIDTH.get(data[3]) if data[:3] == _PROTO2 + b"(" else None
    if width is None:
        return None
    p = 4 + width
    end = p + 2 * (n - 1)
    if data[p:end:2] != b"K" * (n - 1) or data[end:end + 2] != b"tq":
        return None
    deltas = np.empty(n, dtype=np.int64)
    deltas[0] = int.from_bytes(data[4:p], "little", signed=width == 4)
    deltas[1:] = np.frombuffer(data, dtype=np.uint8, count=2 * (n - 1), offset=p).reshape(n - 1, 2)[:, 1]
    p = end + 3                                  # past TUPLE and BINPUT's one-byte memo number
    kind = data[p:p + 1]
    if kind == b"N":
        return deltas, np.ones(n)
    if kind == b"G":
        return deltas, np.full(n, np.frombuffer(data, dtype=">f8", count=1, offset=p + 1)[0], dtype=np.float64)
    if kind == b"(" and data[p + 1:p + 1 + 9 * n:9] == b"G" * n and data[p + 1 + 9 * n:p + 2 + 9 * n] == b"t":
        floats = np.frombuffer(data, dtype=np.uint8, count=9 * n, offset=p + 1).reshape(n, 9)[:, 1:]
        return deltas, np.ascontiguousarray(floats).view(">f8").ravel().astype(np.float64)
    return None


class Positions:
    """Every posting's word positions of one term in one segment: posting i's positions are
    flat[offsets[i]:offsets[i + 1]]."""

    def __init__(self, values: list[bytes]):
        counts, flat = decode_values(values)
        self.offsets = np.concatenate(([0], np.cumsum(counts)))
        self.flat = flat.astype(np.int32)

    @classmethod
    def from_counts(cls, counts: np.ndarray, flat: np.ndarray) -> Positions:
        """Positions already decoded: posting i holds counts[i] of flat, in order."""
        self = cls.__new__(cls)
        self.offsets = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
        self.flat = flat
        return self

    @property
    def nbytes(self) -> int:
        return self.offsets.nbytes + self.flat.nbytes

    def keys(self, ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Sorted (article << 32 | position) of the postings at rows, which belong to the articles ids."""
        starts, counts = self.offsets[rows], self.offsets[rows + 1] - self.offsets[rows]
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return (np.repeat(ids, counts) << 32) | self.flat[np.repeat(starts, counts) + within]
