"""newssearch: full-text search for news archives.

    import newssearch
    ix = newssearch.Index.open("index", create=True)
    ix.add(["corpus/"])
    for hit in ix.search('"mutual defense" place:"North Korea"', limit=5).hits:
        print(hit.rank, hit.title, hit.date, hit.snippets[0])
"""
from . import whoosh_fixes  # noqa: F401  (first: it imports Whoosh itself, lightly)
from .article import Article
from .facets import Count, PlaceFacets
from .errors import IndexLockedError, IndexMissingError, IndexVersionError, NewsSearchError, QueryError
from .index import Index
from .query import parse_query
from .search import Hit, Results

__all__ = ["Article", "Count", "Hit", "PlaceFacets", "Index", "IndexLockedError", "IndexMissingError", "IndexVersionError", "IndexSummary", "NewsSearchError",
           "QueryError", "Results", "parse_query"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # IndexSummary comes from the indexer, which a query process never imports (14 ms saved at its start).
    if name == "IndexSummary":
        from .indexer import IndexSummary
        return IndexSummary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
