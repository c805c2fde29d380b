"""The library's entry point: an index on disk that you add folders to and search."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as windex

from .errors import ArticleNotFoundError, IndexMissingError, IndexVersionError, NewsSearchError
from .schema import SCHEMA, SCHEMA_VERSION, make_schema
from .facets import PlaceFacets, place_facets
from .search import Results, run, weighting
from .snippets import SNIPPET_CHARS

if TYPE_CHECKING:
    from .indexer import IndexSummary

DEFAULT_INDEX = "index"
VERSION_FILE = "newssearch.json"


def default_location() -> str:
    return os.environ.get("NEWSSEARCH_INDEX") or DEFAULT_INDEX


class Index:
    """An index folder. `Index.open(path)` for an existing one, `Index.create(path)` for a new or rebuilt one.

    >>> ix = Index.create("index"); ix.add(["corpus/"]); ix.search("Putin Pyongyang").hits[0].title
    """

    def __init__(self, path: str | os.PathLike, ix):
        self.path = Path(path)
        self._ix = ix
        self._searcher = None
        self._generation = None

    # opening ---------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, create: bool = False) -> "Index":
        path = Path(path or default_location())
        if not windex.exists_in(str(path)):
            if create:
                return cls.create(path)
            raise IndexMissingError(f"no index at {path}: run `newssearch index PATH --index {path}` first")
        version = _read_version(path)
        if version != SCHEMA_VERSION:
            raise IndexVersionError(
                f"the index at {path} has schema version {version}, this newssearch needs {SCHEMA_VERSION}: "
                "rebuild it with `newssearch index PATH --rebuild`")
        return cls(path, windex.open_dir(str(path), schema=SCHEMA))

    @classmethod
    def create(cls, path: str | os.PathLike | None = None) -> "Index":
        """A new, empty index; an existing newssearch index there is replaced."""
        path = Path(path or default_location())
        if path.exists() and not path.is_dir():
            raise NewsSearchError(f"{path} exists and is not a folder")
        if windex.exists_in(str(path)):
            for child in path.iterdir():
                if child.name != ".gitkeep":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
        path.mkdir(parents=True, exist_ok=True)
        # The version first: killed between the two, the folder is no index yet, rather than one of no version.
        (path / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")
        ix = windex.create_in(str(path), make_schema())
        return cls(path, ix)

    # writing ---------------------------------------------------------------------------------------------
    def add(self, paths, *, wait: float = 0.0, jobs: int | None = None, on_progress=None,
            on_wait=None, rebuild: bool = False) -> IndexSummary:
        """Index new and changed files under paths, and drop the articles of files deleted there. If another
        process is writing, wait up to `wait` seconds (telling on_wait) before IndexLockedError. With rebuild,
        the index is replaced by what paths hold, in one commit at the end."""
        # Imported here: the indexer (its writer, readers, MinHash) costs a query process 14 ms it never needs.
        from .indexer import update

        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        summary = update(self._ix, [str(p) for p in paths], wait=wait, jobs=jobs, on_progress=on_progress,
                         on_wait=on_wait, rebuild=rebuild)
        self._searcher = None
        return summary

    # reading ---------------------------------------------------------------------------------------------
    def searcher(self):
        """One searcher, reused until another process commits. Not Whoosh's refresh(): on an index with no
        segments it raises TypeError (tests/test_index.py pins it)."""
        if self._searcher is not None and self._same_generation():
            return self._searcher
        generation = self._ix.latest_generation()
        if self._searcher is None or generation != self._generation:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._ix.searcher(weighting=weighting())
            self._generation = generation
        return self._searcher

    def _same_generation(self) -> bool:
        """Whether the generation searched is still the latest: its TOC file is there and the next one is not
        (a commit writes generation + 1, then deletes the older TOCs). Two stat() calls where Whoosh's
        latest_generation lists the folder and matches every name in it (15 us at 20,000 stories, more with
        each segment)."""
        storage, name = self._ix.storage, self._ix.indexname
        return (storage.file_exists(windex.TOC._filename(name, self._generation))
                and not storage.file_exists(windex.TOC._filename(name, self._generation + 1)))

    def search(self, query: str, *, limit: int | None = 10, page: int = 1, sort: str = "relevance",
               since: str | None = None, until: str | None = None, snippets: int = 3,
               snippet_chars: int = SNIPPET_CHARS, facets: str | list[str] | None = None,
               collapse: bool = False, strict: bool = False) -> Results:
        """Search with the query language of the CLI. limit=0 or None returns every hit; facets names any of
        place, country, byline, month, source, counted over every match; collapse shows one story per group
        of near-duplicates, with the number of others in Hit.similar. A malformed query is repaired and the
        repairs listed in Results.notes; with strict, it is a QueryError."""
        return run(self.searcher(), query, limit=limit, page=page, sort=sort, since=since, until=until,
                   snippet_count=snippets, snippet_chars=snippet_chars, facets=facets, collapse=collapse,
                   strict=strict)

    def get(self, id: str) -> dict | None:
        """Every stored field of the article with this id (as search hits and `show` give it), or None."""
        s = self.searcher()
        docnum = s.document_number(id=id)
        return None if docnum is None else _public(s.stored_fields(docnum))

    def similar(self, id: str, *, limit: int = 10, snippets: int = 3) -> Results:
        """Articles most like this one (more-like-this over the story's most distinctive words)."""
        from .search import similar

        s = self.searcher()
        docnum = s.document_number(id=id)
        if docnum is None:
            raise ArticleNotFoundError(f"no article with id {id!r} (ids are shown by `newssearch query`)")
        # The total is every article sharing one of those words, as a query's is: the limit is a page of it.
        total, hits = similar(s, docnum, limit=limit, snippet_count=snippets)
        return Results(query=f"similar to {id}", total=total, hits=hits)

    def stats(self) -> dict:
        """What the index holds: articles, files, date span, top countries, bylines and sources, size on disk."""
        from .facets import counts
        from .indexer import existing_files

        s = self.searcher()
        docnums = list(s.document_numbers())
        found = counts(s, docnums, ["country", "byline", "source", "month"], limit=None)
        months = [c.name for c in found["month"]]
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return {
            "index": str(self.path), "schema_version": SCHEMA_VERSION, "articles": len(docnums),
            "files": len(existing_files(self._ix)), "dated": sum(c.count for c in found["month"]),
            "first_month": months[-1] if months else None, "last_month": months[0] if months else None,
            "countries": [c.to_json() for c in found["country"][:10]],
            "bylines": [c.to_json() for c in found["byline"][:10]],
            "sources": [c.to_json() for c in found["source"][:10]],
            "size_bytes": size,
        }

    def places(self, query: str = "*", *, limit: int | None = 20, since: str | None = None,
               until: str | None = None, strict: bool = False, notes: list[str] | None = None) -> PlaceFacets:
        """Which countries the matching articles are about, and which places they name, with counts."""
        return place_facets(self.searcher(), query, limit=limit, since=since, until=until, strict=strict,
                            notes=notes)

    def __len__(self) -> int:
        return self._ix.doc_count()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _read_version(path: Path) -> int | None:
    try:
        return int(json.loads((path / VERSION_FILE).read_text())["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _public(stored: dict) -> dict:
    """Stored fields as users see them: no internal keys, dates as ISO text."""
    out = {k: v for k, v in stored.items() if k != "filesig"}
    if out.get("date"):
        out["date"] = out["date"].strftime("%Y-%m-%dT%H:%M:%S")
    return out
