"""The index's fields, their analyzers and posting formats, and the schema version an index records."""
from __future__ import annotations

import struct
import sys
from array import array

import numpy as np
from whoosh import columns, formats, query
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser.common import QueryParserError

from . import whoosh_fixes  # noqa: F401  (Whoosh as we rely on it)
from .analysis import ANALYZER, UNCOUNTED, term_positions
from .errors import QueryError

SCHEMA_VERSION = 11    # 2: sentence/paragraph gaps (analysis.py); 3: near-duplicate keys; 4: hlead;
                       # 5: datesort and dupkeys columns only, a facets column; 6: NewsPositions;
                       # 7: dates stored, not indexed (ranges read the datesort column); shingles hashed
                       # anew; no uid field; 8: field lengths without stop words (analysis.UNCOUNTED);
                       # 9: source searchable (source:reuters, source:sci.space); 10: stored fields LZ4-
                       # compressed by a Whoosh-wide change (withdrawn: its segments say W3Codec, so they
                       # cannot be told from zlib ones); 11: the same by our codec (codec.NewsCodec)
TITLE_BOOST = 2.5
# A bare word's match in a dateline makes a story found and only breaks ties: the dateline says where a story
# was filed, not what it is about, and its few words made a full match score high ("corn" ranked every
# "CORNING, N.Y." story first; at 0.1 some were still in the top ten). A query-time boost (query/parser.py):
# `dateline:` itself is not scaled.
DATELINE_BOOST = 0.01


class NewsDate(DATETIME):
    """A DATETIME whose query text is read by query/dates.py: whole days, months and years, inclusive.

    Stored, not indexed: matching.py answers its ranges from the datesort column. The trie terms Whoosh
    indexes for a date (eight per article) were 38% of the term table and 6% of the postings, and a tenth of
    build time went on them (20,000 Reuters stories, medians of 3: 29.2 -> 26.5 CPU-s, 15.9 -> 14.1 s)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.indexed = False

    def parse_query(self, fieldname, qstring, boost=1.0):
        from .query.dates import comparison  # query/ imports this module

        if qstring.strip() == "*":
            return query.Every(fieldname)
        bounds = comparison(qstring)
        if bounds:
            return self.parse_range(fieldname, *bounds, boost=boost)
        return self.parse_range(fieldname, qstring, qstring, False, False, boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        from .query.dates import date_range

        try:
            lo, hi = date_range(start, end, startexcl, endexcl)
        except QueryError as e:
            raise QueryParserError(str(e)) from None
        if lo is None and hi is None:
            return query.Every(fieldname)
        return query.DateRange(fieldname, lo, hi, boost=boost)


class NewsPositions(formats.Positions):
    """Whoosh's Positions format with the positions kept as plain little-endian numbers after the count,
    16 bits each when they fit, else 32 (the length tells which), instead of a pickle of their differences:
    half the time to write, and a posting list's positions are read with numpy (decode_values), not one
    unpickling per posting."""

    def encode(self, poslist) -> bytes:
        if len(poslist) == 1:
            # Most postings (70% of a story's words) hold one position: one pack instead of an array.
            p = poslist[0]
            return _ONE16.pack(_ONE, p) if p < 65536 else _ONE32.pack(_ONE, p)
        try:
            numbers = array("H", poslist)
        except OverflowError:
            numbers = array("I", poslist)
        if _SWAP:
            numbers.byteswap()
        return _COUNT.pack(len(numbers)) + numbers.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        body = valuestring[_COUNT.size:]
        if not body:
            return []
        width = len(body) // _COUNT.unpack_from(valuestring)[0]
        return np.frombuffer(body, dtype="<u2" if width == 2 else "<u4").tolist()

    def combine(self, vs):
        return self.encode(sorted({p for v in vs for p in self.decode_positions(v)}))


_COUNT = struct.Struct("!I")             # Whoosh's count, which decode_frequency reads
# A value holding one position: the count 1 (big-endian, as _COUNT writes it) and the position (little-endian).
_ONE = int.from_bytes(_COUNT.pack(1), "little")
_ONE16, _ONE32 = struct.Struct("<IH"), struct.Struct("<II")
_SWAP = sys.byteorder == "big"
_HEAD = np.arange(_COUNT.size)


def decode_values(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Counts and positions of many NewsPositions values at once: value i's positions are the counts[i]
    numbers of flat after those of the values before it."""
    if not values:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    joined = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.cumsum(sizes) - sizes
    head = joined[(starts[:, None] + _HEAD).ravel()].reshape(-1, _COUNT.size).astype(np.int64)
    counts = (head << np.array([24, 16, 8, 0])).sum(axis=1)
    body = sizes - _COUNT.size
    wide = body != 2 * counts
    if (wide & (body != 4 * counts)).any():
        raise ValueError("not NewsPositions values")
    keep = np.ones(len(joined), dtype=bool)
    keep[(starts[:, None] + _HEAD).ravel()] = False
    numbers = joined[keep]
    if not wide.any():
        return counts, numbers.view("<u2").astype(np.int64)
    flat = np.empty(int(counts.sum()), dtype=np.int64)
    in_wide = np.repeat(wide, body)
    at_wide = np.repeat(wide, counts)
    flat[at_wide] = numbers[in_wide].view("<u4")
    flat[~at_wide] = numbers[~in_wide].view("<u2")
    return counts, flat


class NewsText(TEXT):
    """TEXT analysed by ANALYZER, with indexing done by analysis.term_positions instead of the token chain:
    the same terms and positions, a fraction of the time. Queries and highlighting still use the analyzer."""

    def __init__(self, **kwargs):
        # A query word the analyzer splits, AT&T, e-mail, US-Japan, O'Dwyer, is the phrase of its parts, as in
        # tantivy and Lucene's classic parser: Whoosh's default ANDed the parts anywhere in the story (AT&T
        # found a third of 20 Newsgroups).
        super().__init__(multitoken_query="phrase", **kwargs)
        self.format = NewsPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a string")
        encode = self.format.encode
        boost = self.format.field_boost
        # The second value is what Whoosh adds up as the field's length (and nothing else): 0 for UNCOUNTED.
        # The indexer's writer pools the same postings without this generator (termwriter._pool_text); this is
        # Whoosh's way, which tests/test_termwriter.py writes beside it and compares.
        for term, positions in term_positions(value).items():
            count = len(positions)
            yield term.encode("utf-8"), 0 if term in UNCOUNTED else count, count * boost, encode(positions)


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True),                    # what users see and pass to `show`
        path=ID(stored=True),
        filesig=ID(),                          # "path\0mtime_ns:size", read back from the lexicon for incremental runs
        title=NewsText(analyzer=ANALYZER, stored=True, field_boost=TITLE_BOOST),
        body=NewsText(analyzer=ANALYZER, stored=True),
        byline=NewsText(analyzer=ANALYZER, stored=True),
        dateline=NewsText(analyzer=ANALYZER, stored=True),
        # Headline and lead, as Factiva's hlp=: never written, only read by the parser, and each query of it
        # made one of title and of the body's lead (query/lead.py).
        hlead=NewsText(analyzer=ANALYZER),
        date=NewsDate(stored=True),
        # YYYYMMDDhhmmss, 0 when undated; only sorted on, so a column without terms (as NUMERIC it added a
        # fifth of the index's terms and their postings).
        datesort=COLUMN(columns.NumericColumn("Q")),
        tz=STORED(),
        place=KEYWORD(lowercase=True, commas=True, scorable=True),   # every place named, and their countries
        country=KEYWORD(lowercase=True, commas=True),                 # codes of the countries it is about
        dupkeys=COLUMN(columns.VarBytesColumn()),                     # near-duplicate band keys, "k1,k2,..."
        # What facets count (facets.py), as JSON: read per matching article without unpickling its story.
        facets=COLUMN(columns.VarBytesColumn()),
        places=STORED(),
        countries=STORED(),
        place_countries=STORED(),
        url=STORED(),
        # The publication, agency or newsgroup, as facets and `show` print it: searchable by its words.
        source=NewsText(analyzer=ANALYZER, stored=True),
    )


SCHEMA = make_schema()
TEXT_FIELDS = ("title", "byline", "dateline", "body")   # what a bare word searches
SEARCHABLE = set(TEXT_FIELDS) | {"place", "country", "date", "hlead", "source"}
# What queries may name. The parser is given only these: a stored-only field ("url:x", "countries:US") made
# Whoosh's parser raise from deep inside, where an unknown field gets a one-line error.
QUERY_SCHEMA = Schema(**{name: SCHEMA[name] for name in sorted(SEARCHABLE)})
ALIASES = {"title": ["headline"], "byline": ["author"], "place": ["location"]}


def date_key(moment) -> int:
    """The datesort column's number for a date: YYYYMMDDhhmmss, to the second (0 is kept for undated)."""
    return int(moment.strftime("%Y%m%d%H%M%S"))


def locator(searcher):
    """docnum -> (segment searcher, its own article number), for index-wide article numbers."""
    from bisect import bisect_right

    leaves = searcher.leaf_searchers()
    offsets = [offset for _, offset in leaves]

    def locate(docnum: int):
        i = bisect_right(offsets, docnum) - 1
        return leaves[i][0], docnum - offsets[i]
    return locate


def column(searcher, name: str):
    """docnum -> the bytes a column holds for that article (b"" where it holds none), per segment."""
    locate = locator(searcher)
    readers = {id(sub): sub.reader().column_reader(name) for sub, _ in searcher.leaf_searchers()}

    def value(docnum: int) -> bytes:
        sub, local = locate(docnum)
        return readers[id(sub)][local]
    return value
