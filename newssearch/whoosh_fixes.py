"""The one place where newssearch changes Whoosh's behaviour; each change has a regression test in
tests/test_whoosh_fixes.py pinning the behaviour we rely on.

Segment files are written once and never change, so what a segment reader learns about them stays true.
"""
from __future__ import annotations

import functools
import sys
import types


def _import_whoosh_lightly() -> None:
    """Import Whoosh without two modules a search never uses, 40 ms of a cold `newssearch query` (~270 ms):
    urllib.request (with http.client, email and ssl), which whoosh.compat imports for a urlretrieve nothing in
    Whoosh calls, and the cached_property package (with asyncio, for async properties), which whoosh.reading
    imports for one plain cached property. Each is replaced by a stand-in only while Whoosh is imported, and
    only if not loaded already: whoever imports them afterwards gets the real modules."""
    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real
        return real(*args, **kwargs)

    stand_ins = {"urllib.request": types.ModuleType("urllib.request"),
                 "cached_property": types.ModuleType("cached_property")}
    stand_ins["urllib.request"].urlretrieve = urlretrieve
    stand_ins["cached_property"].cached_property = functools.cached_property
    missing = [name for name in stand_ins if name not in sys.modules]
    sys.modules.update({name: stand_ins[name] for name in missing})
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name in missing:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]


if "whoosh.reading" not in sys.modules:
    _import_whoosh_lightly()

from whoosh.codec import whoosh3  # noqa: E402
from whoosh.matching import mcore  # noqa: E402
from whoosh.query import spans  # noqa: E402
from whoosh.reading import ReaderClosed, SegmentReader  # noqa: E402


def _cached_reader(self, fieldname, column):
    # Whoosh remembers a field's length column only when it exists; for fields without one (ID, KEYWORD,
    # dates) it asked the file system again for every posting written at commit: a stat() call per posting,
    # a quarter of commit time on 20,000 Reuters stories (pyinstrument). The answer "no column" is kept too.
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


def _doc_field_length(self, docnum, fieldname, default=0):
    # Whoosh reads a field length (one byte per document) from the column file at every call: a seek and a
    # read per posting written at commit (a fifth of commit time), and per document scored by BM25F. The
    # column is read once per segment reader instead; the answers are Whoosh's own, None for 0 included.
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    lengths = field_lengths(self, fieldname)
    if lengths is None:
        return default
    lbyte = lengths[docnum] if docnum < len(lengths) else 0
    if lbyte:
        return whoosh3.byte_to_length(lbyte)
    return None


def column_bytes(reader) -> bytes:
    """What a fixed-width column (lengths, numbers) stores, in one read; articles past the end hold the
    column's default. Whoosh's load() reads it one value at a time: 9 ms for 20,000 articles' lengths."""
    return bytes(reader._dbfile.get(reader._basepos, reader._count * reader._fixedlen))


def field_lengths(perdoc, fieldname: str) -> bytes | None:
    """A segment's length bytes of a field (Whoosh's one byte per article; None for a field without
    lengths), read once per reader."""
    cache = perdoc.__dict__.setdefault("_newssearch_lengths", {})
    if fieldname not in cache:
        reader = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        cache[fieldname] = None if reader is None else column_bytes(reader)
    return cache[fieldname]


def _list_matcher_copy(self):
    # Whoosh's copy drops the term and its info, and a copy asked for its block's length bounds (BM25F's
    # quality, when a union or phrase copies its parts) then fails on None.
    return self.__class__(self._ids, self._weights, self._values, self._format, self._scorer, self._i,
                          self._all_weights, term=self._term, terminfo=self._terminfo)


_LIST_VALUE = mcore.ListMatcher.value


def _list_matcher_value(self):
    # For postings without values (ids, keywords, dates) Whoosh's gives "", a str, where its block matcher
    # gives None; merging a segment with such an inlined term then failed the pool's bytes assertion.
    return _LIST_VALUE(self) if self._values else None


_STORED_FIELDS = SegmentReader.stored_fields


def _stored_fields(self, docnum):
    # Whoosh filters every article's stored fields against the schema, for fields since removed from it: not
    # for a segment whose codec says its fields match the schema (codec.py's), a fifth of reading a hit's fields.
    if not getattr(self._perdoc, "fields_match_schema", False):
        return _STORED_FIELDS(self, docnum)
    if self.is_closed:
        raise ReaderClosed
    return self._perdoc.stored_fields(docnum)


_SPAN_NEAR2_APPLY = spans.SpanNear2.apply


def _span_near2_apply(self, fn):
    # Whoosh rebuilds a span from its parts without its boost, so "(oil w/5 price)^3" lost it to the first
    # rewrite of the query tree (accept(), which the parser's and search's passes use); matching reads it.
    q = _SPAN_NEAR2_APPLY(self, fn)
    q.boost = self.boost
    return q


def apply() -> None:
    SegmentReader.stored_fields = _stored_fields
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
    # The postings writer inlines a short posting list into its term's info by calling set_inline, a method
    # W3TermInfo names set_inlined: Whoosh's default (inline below one posting) never reaches it, the
    # indexer's codec (indexer.CODEC) does.
    whoosh3.W3TermInfo.set_inline = whoosh3.W3TermInfo.set_inlined
    mcore.ListMatcher.copy = _list_matcher_copy
    mcore.ListMatcher.value = _list_matcher_value
    # Or.normalize flattens an OR inside an OR by giving each child its boost times the parent's, and span
    # queries have no boost: an OR of a proximity query and anything else ("(oil w/5 price) OR gas", each
    # proximity already an OR over the text fields) raised AttributeError. Whoosh's span matchers never
    # read it; matching.py applies a proximity's (SpanNear2's), which its apply() now keeps.
    spans.SpanQuery.boost = 1.0
    spans.SpanNear2.apply = _span_near2_apply


apply()
