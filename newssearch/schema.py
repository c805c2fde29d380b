"""The index's fields and analyzers, and the schema version an index records."""
from __future__ import annotations

from whoosh import query
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser.common import QueryParserError

from .analysis import ANALYZER
from .errors import QueryError

SCHEMA_VERSION = 4     # 2: sentence/paragraph gaps (analysis.py); 3: near-duplicate keys; 4: hlead
TITLE_BOOST = 2.5


class NewsDate(DATETIME):
    """A DATETIME whose query text is read by query/dates.py: whole days, months and years, inclusive."""

    def parse_query(self, fieldname, qstring, boost=1.0):
        if qstring.strip() == "*":
            return query.Every(fieldname)
        return self.parse_range(fieldname, qstring, qstring, False, False, boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        from .query.dates import date_range, date_span  # query/ imports this module

        try:
            lo, hi = (date_span(start)[0], date_span(end)[1]) if start == end else date_range(start, end)
        except QueryError as e:
            raise QueryParserError(str(e)) from None
        if lo is None and hi is None:
            return query.Every(fieldname)
        return query.DateRange(fieldname, lo, hi, boost=boost)


def make_schema() -> Schema:
    return Schema(
        uid=ID(unique=True, stored=True),      # absolute file path + "#key": unique across roots
        id=ID(stored=True),                    # what users see and pass to `show`
        path=ID(stored=True),
        filesig=ID(),                          # "path\0mtime_ns:size", read back from the lexicon for incremental runs
        title=TEXT(analyzer=ANALYZER, stored=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=ANALYZER, stored=True),
        byline=TEXT(analyzer=ANALYZER, stored=True),
        dateline=TEXT(analyzer=ANALYZER, stored=True),
        hlead=TEXT(analyzer=ANALYZER),          # headline and first paragraph, as Factiva's hlp=
        date=NewsDate(stored=True),
        datesort=NUMERIC(int, bits=64, sortable=True),   # YYYYMMDDhhmmss, 0 when undated: sorts undated last
        tz=STORED(),
        place=KEYWORD(lowercase=True, commas=True, scorable=True),   # every place named, and their countries
        country=KEYWORD(lowercase=True, commas=True),                 # codes of the countries it is about
        dupkeys=KEYWORD(commas=True),                                 # near-duplicate band keys
        places=STORED(),
        countries=STORED(),
        place_countries=STORED(),
        url=STORED(),
        source=STORED(),
    )


SCHEMA = make_schema()
TEXT_FIELDS = ("title", "byline", "dateline", "body")   # what a bare word searches
SEARCHABLE = set(TEXT_FIELDS) | {"place", "country", "date", "hlead"}
ALIASES = {"title": ["headline"], "byline": ["author"], "place": ["location"]}
