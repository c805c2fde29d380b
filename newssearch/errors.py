"""Errors a user can cause. Each carries a one-line message; the CLI prints it and exits non-zero."""


class NewsSearchError(Exception):
    exit_code = 1


class QueryError(NewsSearchError):
    """The query string is malformed, names an unknown field or holds an unparseable date."""
    exit_code = 2


class IndexMissingError(NewsSearchError):
    exit_code = 2


class PathMissingError(NewsSearchError):
    """A path given to index does not exist: a bad argument, like an unknown option."""
    exit_code = 2


class ArticleNotFoundError(NewsSearchError):
    """No article has the id asked for."""
    exit_code = 2


class IndexVersionError(NewsSearchError):
    """The index was built by another version of newssearch; it must be rebuilt."""
    exit_code = 2


class IndexLockedError(NewsSearchError):
    exit_code = 3


class ReadError(NewsSearchError):
    """A whole file cannot be read; the indexer reports it and skips the file."""
