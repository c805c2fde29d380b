"""Writing a segment's postings: Whoosh's pool and field writer, doing per term what they did per posting.

Whoosh pools every posting of a segment as a tuple (field, term, article, weight, value), sorts them, then
feeds them one at a time to its postings writer, which checks each and buffers it into blocks of 128: five
Python calls per posting. Here a new article's postings are pooled by term as it is added (merged segments'
are sorted by term alone), a term's postings become its blocks (or, for a rare term, its entry in the term
table) with a few list operations, and the segment's files count their own position. The files are
Whoosh's, byte for byte (tests/test_termwriter.py writes both ways and compares).
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import groupby, repeat
from operator import itemgetter
from heapq import merge
from pickle import HIGHEST_PROTOCOL, dump, dumps

from whoosh.codec.whoosh3 import W3TermInfo, byte_to_length
from whoosh.externalsort import SortingPool
from whoosh.system import pack_ushort
from whoosh.writing import PostingPool

from . import positions
from .analysis import UNCOUNTED, term_positions
from .schema import NewsPositions, NewsText
from .whoosh_fixes import field_lengths

_FIELD_TERM = itemgetter(0, 1)
_TERM = itemgetter(1)
_KEY = pack_ushort                  # a term's key in the term table: its field's number, then its bytes
_INFO = W3TermInfo._struct
# Whoosh's estimate of a pooled posting's memory for a 7-letter term with one position in "body"; its pool
# spills a sorted run to disk when its postings' estimates pass the writer's limitmb.
POSTING_BYTES = 174


class Pool(PostingPool):
    """Whoosh's PostingPool, taking postings in and sorting them faster.

    A new article's postings go straight into a dict per field, term -> [article, weight, value, article,
    weight, value, ...] (add_document, below; one flat list, sliced in three when written), and the segment
    is written term after term in sorted order with no posting sorted or regrouped. Whoosh pooled one
    (field, term, article, weight, value) tuple a posting, sorted them all and grouped them again by term:
    adding and committing 6,000 Reuters stories' fields takes 4.4 CPU-s this way against 5.3 (four
    alternating runs of three), and one process indexing 20,000 peaks at 163 MB instead of 219.

    Postings of merged segments come as Whoosh's tuples through `add` (the list's own append: Whoosh's
    checked each posting's types and estimated its size, a Python call a posting); when there are any, or
    when the pool has spilled to disk, the dicts become tuples and each field's are sorted by term alone, a
    comparison of bytes. A stable sort keeps a term's postings in the order they came, which is article
    order: a segment gets its new articles' postings one article after another, and a merged segment's
    after those. The size is checked per article, or per segment merged in (a merge of small segments may
    pass the limit by one segment's postings). Whoosh's set of the pooled field names, which only its
    multiprocessing writer reads, is not kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # field -> term -> [article, weight, value, ...]; a NewsText field's terms are str (encoded when
        # written: UTF-8 bytes sort as the str does), the others' bytes.
        self.terms: dict[str, dict] = {}
        self.pooled = 0                            # postings in self.terms
        self.term_runs: list[str] = []             # spilled runs of (field, term, articles, weights, values)

    @property
    def add(self):
        self.check_size()
        return self.current.append

    def check_size(self) -> None:
        if (len(self.current) + self.pooled) * POSTING_BYTES > self.limit:
            self.save()

    def _in_order(self) -> list:
        by_field: dict[str, list] = {}
        for field, terms in self.terms.items():
            pooled = by_field.setdefault(field, [])
            for term, flat in terms.items():
                pooled += zip(repeat(field), repeat(_bytes(term)), flat[0::3], flat[1::3], flat[2::3])
        self.terms, self.pooled = {}, 0
        for item in self.current:
            by_field.setdefault(item[0], []).append(item)
        self.current = []
        ordered = []
        for field in sorted(by_field):
            ordered += sorted(by_field.pop(field), key=_TERM)
        return ordered

    def save(self) -> None:
        """Spill what the pool holds to a run on disk: new articles' postings a term at a time (pickled
        whole) while only they are in it; once merged segments' postings are in, all of them as Whoosh's
        sorted tuples (which keep every posting in article order whatever came when)."""
        if self.current or self.runs:
            self.current = self._in_order()              # Whoosh's sort then finds it sorted in one pass
            PostingPool.save(self)
        elif self.pooled:
            # Not Whoosh's _write_run: its pickle protocol 2 packs each bytes value through codecs.encode.
            path, f = self._new_run()
            with f:
                for group in self._from_terms():
                    dump(group, f, HIGHEST_PROTOCOL)
            self.term_runs.append(path)

    def items(self, maxfiles: int = 128):
        if not self.runs:
            return self._in_order()
        return SortingPool.items(self, maxfiles)

    def iter_postings(self):
        """The pool's postings as Grouped (field, term bytes, articles, weights, values), term after term:
        the term runs' in the order they were spilled (the first articles), then the rest, a term's parts
        joined. With merged segments' postings in the pool, the rest is all Whoosh's tuples."""
        rest = _grouped(self.items()) if self.runs or self.current else self._from_terms()
        if not self.term_runs:
            return Grouped(rest)
        parts = [self._read_run(path) for path in self.term_runs] + [rest]     # Whoosh's: loads, then deletes
        self.term_runs = []
        return Grouped(_joined(parts))

    def cleanup(self) -> None:
        for path in self.term_runs:
            try:
                self._remove_run(path)
            except OSError:
                pass
        self.term_runs = []
        PostingPool.cleanup(self)

    def _from_terms(self):
        terms_of, self.terms, self.pooled = self.terms, {}, 0
        for field in sorted(terms_of):
            terms = terms_of.pop(field)
            for term in sorted(terms):
                flat = terms.pop(term)
                yield field, _bytes(term), flat[0::3], flat[1::3], flat[2::3]


class Grouped:
    """Postings already grouped a term at a time, as Pool.iter_postings gives them to FieldWriter."""

    def __init__(self, groups):
        self.groups = groups


def _bytes(term) -> bytes:
    return term.encode("utf-8") if isinstance(term, str) else term


def _joined(parts):
    """Runs of (field, term, articles, weights, values), each in term order, as one: a term in several runs
    has their postings joined in the runs' order (heapq.merge keeps equal keys in the order of its inputs)."""
    for (field, btext), same in groupby(merge(*parts, key=_FIELD_TERM), _FIELD_TERM):
        first = next(same)
        rest = list(same)
        if not rest:
            yield first
            continue
        ids, weights, values = list(first[2]), list(first[3]), list(first[4])
        for _, _, more_ids, more_weights, more_values in rest:
            ids += more_ids
            weights += more_weights
            values += more_values
        yield field, btext, ids, weights, values


def _grouped(items):
    """Sorted (field, term, article, weight, value) postings as (field, term, articles, weights, values)."""
    for (fieldname, btext), group in groupby(items, _FIELD_TERM):
        postings = list(group)
        if postings[0][2] < 0:
            continue                               # Whoosh's spelling entries (no field here has them)
        yield (fieldname, btext, [p[2] for p in postings], [p[3] for p in postings], [p[4] for p in postings])


def add_document(self, **fields) -> None:
    """Whoosh's SegmentWriter.add_document for newssearch's documents (indexer.to_fields: no vectors, no
    separate spelling, no _boost or _stored_ keys), pooling each posting into Pool.terms. A NewsText field's
    postings are those its index() gives Whoosh's add_document, made here without a generator step and a
    tuple a posting on the way (tests/test_termwriter.py writes both ways and compares the files)."""
    self._check_state()
    perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
    fieldnames = sorted(fields)
    self._check_fields(schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                terms = pool.terms.get(fieldname)
                if terms is None:
                    terms = pool.terms[fieldname] = defaultdict(list)
                if isinstance(field, NewsText):
                    length, added = _pool_text(terms, docnum, field, value)
                    pool.pooled += added
                else:
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        terms[tbytes].extend((docnum, weight, vbytes))
                        pool.pooled += 1
            perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    self._added = True
    self.docnum += 1
    pool.check_size()


def _pool_text(terms: dict, docnum: int, field, value) -> tuple[int, int]:
    """A NewsText field's postings of one article into its terms: (the field's length, postings added). The
    length counts every word but UNCOUNTED's (NewsText.index gives those a frequency of 0)."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string")
    encode, boost = field.format.encode, field.format.field_boost
    length = 0
    found = term_positions(value)
    for term, at in found.items():
        count = len(at)
        if term not in UNCOUNTED:
            length += count
        terms[term].extend((docnum, count * boost, encode(at)))
    return length, len(found)


class FieldWriter:
    """Whoosh's field writer (W3FieldWriter) given a segment's postings a term at a time, also writing the
    segment's positions file (positions.py) for the common words of positional fields."""

    def __init__(self, inner, side: positions.Writer | None):
        self._inner = inner
        self._side = side

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def add_postings(self, schema, lengths, items) -> None:
        """What Whoosh's FieldWriter.add_postings does with sorted (field, term, article, weight, value)
        postings (or the pool's Grouped), per term rather than per posting."""
        inner = self._inner
        field = None
        groups = items.groups if isinstance(items, Grouped) else _grouped(items)
        for fieldname, btext, ids, weights, values in groups:
            if fieldname != field:
                if field is not None:
                    inner.finish_field()
                field, fieldobj = fieldname, schema[fieldname]
                inner.start_field(fieldname, fieldobj)
                sizes = _sizes(lengths, fieldname)
                side = self._side if isinstance(fieldobj.format, NewsPositions) else None
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
    writer.add_document = add_document.__get__(writer)
