"""Writing a segment's postings: Whoosh's pool and field writer, doing per term what they did per posting.

Whoosh pools every posting of a segment as a tuple (field, term, article, weight, value), sorts them, then
feeds them one at a time to its postings writer, which checks each and buffers it into blocks of 128: five
Python calls per posting. Here a posting goes into the pool with no Python call of its own, each field's
postings are sorted by term alone, a term's postings become its blocks (or, for a rare term, its entry in the
term table) with a few list operations, and the segment's files count their own position. The files are
Whoosh's, byte for byte (tests/test_termwriter.py writes both ways and compares).
"""
from __future__ import annotations

from array import array
from itertools import groupby
from operator import itemgetter
from pickle import dumps

from whoosh.codec.whoosh3 import W3TermInfo, byte_to_length
from whoosh.externalsort import SortingPool
from whoosh.system import pack_ushort
from whoosh.writing import PostingPool

from . import positions
from .schema import NewsPositions
from .whoosh_fixes import field_lengths

_FIELD_TERM = itemgetter(0, 1)
_TERM = itemgetter(1)
_KEY = pack_ushort                  # a term's key in the term table: its field's number, then its bytes
_INFO = W3TermInfo._struct
# Whoosh's estimate of a pooled posting's memory for a 7-letter term with one position in "body"; its pool
# spills a sorted run to disk when its postings' estimates pass the writer's limitmb.
POSTING_BYTES = 174


class Pool(PostingPool):
    """Whoosh's PostingPool, adding and sorting postings faster.

    Whoosh's add_document asks for the pool's add once per article and calls it per posting; Whoosh's add
    checks each posting's types and estimates its size (a Python call per posting, 4% of a build). Here add
    is the list's own append, and the size is checked when it is asked for: per article, or per segment
    merged in (a merge of small segments may pass the limit by one segment's postings). Whoosh's set of the
    pooled field names, which only its multiprocessing writer reads, is not kept.

    Whoosh sorts the (field, term, article, weight, value) tuples whole; here each field's are sorted by term
    alone, a comparison of bytes. A stable sort keeps a term's postings in the order they came, which is
    article order: a segment gets its new articles' postings one article after another, and a merged
    segment's after those, in article order."""

    @property
    def add(self):
        if len(self.current) * POSTING_BYTES > self.limit:
            self.save()
        return self.current.append

    def _in_order(self) -> list:
        by_field: dict[str, list] = {}
        for item in self.current:
            by_field.setdefault(item[0], []).append(item)
        self.current = []
        ordered = []
        for field in sorted(by_field):
            ordered += sorted(by_field.pop(field), key=_TERM)
        return ordered

    def save(self) -> None:
        self.current = self._in_order()                  # Whoosh's sort then finds it sorted in one pass
        PostingPool.save(self)

    def items(self, maxfiles: int = 128):
        if not self.runs:
            return self._in_order()
        return SortingPool.items(self, maxfiles)


class FieldWriter:
    """Whoosh's field writer (W3FieldWriter) given a segment's postings a term at a time, also writing the
    segment's positions file (positions.py) for the common words of positional fields."""

    def __init__(self, inner, side: positions.Writer | None):
        self._inner = inner
        self._side = side

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def add_postings(self, schema, lengths, items) -> None:
        """What Whoosh's FieldWriter.add_postings does with the pool's sorted (field, term, article, weight,
        value) postings, per term rather than per posting."""
        inner = self._inner
        field = None
        for (fieldname, btext), group in groupby(items, _FIELD_TERM):
            if fieldname != field:
                if field is not None:
                    inner.finish_field()
                field, fieldobj = fieldname, schema[fieldname]
                inner.start_field(fieldname, fieldobj)
                sizes = _sizes(lengths, fieldname)
                side = self._side if isinstance(fieldobj.format, NewsPositions) else None
            postings = list(group)
            if postings[0][2] < 0:
                continue                               # Whoosh's spelling entries (no field here has them)
            ids = [p[2] for p in postings]
            weights = [p[3] for p in postings]
            values = [p[4] for p in postings]
            if len(ids) < inner._postwriter._inlinelimit:
                inner._tindex.add(_KEY(inner._fieldid) + btext, _inlined(ids, weights, values, sizes))
                continue
            inner.start_term(btext)
            offset = inner._postwriter._startoffset
            _fill_blocks(inner._postwriter, ids, weights, values, sizes)
            inner.finish_term()
            if side is not None and len(ids) >= positions.MIN_POSTINGS:
                side.write_term(offset, ids, weights, values, fieldobj.format.field_boost)
        if field is not None:
            inner.finish_field()

    def close(self) -> None:
        self._inner.close()
        if self._side is not None:
            self._side.close()


def _sizes(lengths, fieldname: str) -> bytes | None:
    """Each article's length byte of a field (None for a field without lengths), as Whoosh's per-posting
    doc_field_length reads them (whoosh_fixes): an article past the column's end has none (0)."""
    sizes = None if lengths is None else field_lengths(lengths, fieldname)
    if sizes is not None and len(sizes) < lengths.doc_count_all():
        sizes += bytes(lengths.doc_count_all() - len(sizes))
    return sizes


def _length_bytes(sizes: bytes | None, ids: list) -> list[int]:
    """The length bytes of these articles that Whoosh counts in a term's statistics: 0 (no length) is not."""
    return [] if sizes is None else [b for b in map(sizes.__getitem__, ids) if b]


def _inlined(ids: list, weights: list, values: list, sizes: bytes | None) -> bytes:
    """A rare term's entry in the term table with its postings inlined, as W3TermInfo.to_bytes makes it after
    Whoosh's postings writer has taken them in: the same statistics (sum of the 32-bit weights, length
    bytes, first and last article) without a term info, a block buffer and their calls per term."""
    stored = array("f", weights)
    known = _length_bytes(sizes, ids)
    head = _INFO.pack(1, sum(stored), len(ids), min(known) if known else 0, max(known) if known else 0,
                      max(0, max(weights)), ids[0], ids[-1])
    return head + dumps((tuple(ids), tuple(stored), tuple(v for v in values if v)), 2)


def _fill_blocks(postwriter, ids: list, weights: list, values: list, sizes: bytes | None) -> None:
    """Put a term's postings into Whoosh's postings writer as its add_posting would, a block at a time: every
    full block written, the last left for its finish_postings (which may inline it into the term's info)."""
    limit = postwriter._blocklimit
    n = len(ids)
    for start in range(0, n, limit):
        end = start + limit
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        postwriter._ids = array("I", block_ids)
        postwriter._weights = array("f", block_weights)
        postwriter._values = [v for v in values[start:end] if v]
        postwriter._maxweight = max(0, max(block_weights))
        # Whoosh keeps the smallest and largest decoded length; decoding grows with the byte.
        known = _length_bytes(sizes, block_ids)
        postwriter._minlength = byte_to_length(min(known)) if known else None
        postwriter._maxlength = byte_to_length(max(known)) if known else 0
        if end < n:
            postwriter._write_block()


class _Counting:
    """A segment file being written that counts the bytes it is given, so that its position needs no system
    call: Whoosh asks a postings or term file for it once or twice per term, and a buffered file's tell()
    asks the OS each time (an lseek; 5% of a worker's time, py-spy)."""

    def __init__(self, raw):
        self._raw = raw
        self._pos = raw.tell()

    def write(self, data) -> int:
        n = self._raw.write(data)
        self._pos += n
        return n

    def tell(self) -> int:
        return self._pos

    def seek(self, *args) -> int:
        self._pos = self._raw.seek(*args)
        return self._pos

    def __getattr__(self, name):
        return getattr(self._raw, name)


def _count_position(structfile) -> None:
    # Whoosh's StructFile passes write, tell and seek to its file (write_array hands the file to tofile):
    # the counting file takes its place, and the three are its own, without StructFile's call in between.
    counting = _Counting(structfile.file)
    structfile.file = counting
    structfile.write, structfile.tell, structfile.seek = counting.write, counting.tell, counting.seek


def fit(writer) -> None:
    """Make a Whoosh SegmentWriter pool and write its segment's postings this way, with its positions file
    when it is on a folder (not for compound segments: their readers see the folder through Whoosh's
    overlay)."""
    if isinstance(writer.fieldwriter, FieldWriter):
        return
    where = positions.path(writer.storage, writer.newsegment)
    side = positions.Writer(where) if where is not None and not writer.compound else None
    for structfile in (writer.fieldwriter._postfile, writer.fieldwriter._tindex.dbfile):
        _count_position(structfile)
    writer.fieldwriter = FieldWriter(writer.fieldwriter, side)
    writer.pool = Pool(writer.pool.tempstore, writer.newsegment, limitmb=writer.pool.limit // (1024 * 1024))
