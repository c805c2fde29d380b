"""The command line: each command is one call of the library, with the same option names."""
from __future__ import annotations

import json
import os
import sys

import click

from . import output
from .errors import ArticleNotFoundError, IndexVersionError, NewsSearchError
from .index import Index, default_location
from .search import SORTS

INDEX_OPTION = click.option("--index", "index_path", metavar="DIR", default=None,
                            help="Index folder (default: $NEWSSEARCH_INDEX or ./index).")


class _Group(click.Group):
    """Known failures print one line and exit with their code; nothing prints a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NewsSearchError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; the index keeps what was last committed", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as e:  # a bug of ours: still one line, with a way to see the rest
            if os.environ.get("NEWSSEARCH_DEBUG"):
                raise
            click.echo(f"error: internal error ({type(e).__name__}: {e}); set NEWSSEARCH_DEBUG=1 to see where",
                       err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="newssearch")
def main():
    """Full-text search for news archives."""


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@INDEX_OPTION
@click.option("--rebuild", is_flag=True,
              help="Read everything again and replace the index at the end (the old one serves until then).")
@click.option("--wait", type=float, default=0.0, metavar="SECONDS",
              help="How long to wait for another indexer to finish (default: do not wait).")
@click.option("--jobs", type=int, default=None, metavar="N",
              help="Worker processes, each reading files and writing its own segment (default: one per core, "
                   "at most 4; 0: this process does it all).")
def index_cmd(paths, index_path, rebuild, wait, jobs):
    """Index the news files under PATHS; re-running reads only what changed.

    Exit status: 0 done, 1 some files could not be read (listed), 2 bad arguments, 3 index busy."""
    index_path = index_path or default_location()
    from .indexer import existing

    existing(paths)                        # before an index is made for a mistyped folder
    try:
        ix = Index.open(index_path, create=True)
    except IndexVersionError:
        if not rebuild:
            raise
        ix = Index.create(index_path)      # an index of another version cannot be rebuilt in place
    with ix:
        if sys.stderr.isatty():
            with click.progressbar(length=1, label="Indexing", file=sys.stderr) as bar:
                def progress(done, total):
                    bar.length = total
                    bar.update(done - bar.pos)
                summary = ix.add(paths, wait=wait, jobs=jobs, on_progress=progress, on_wait=_tell,
                                 rebuild=rebuild)
        else:
            summary = ix.add(paths, wait=wait, jobs=jobs, on_wait=_tell, rebuild=rebuild)
    click.echo(output.summary_text(summary, index_path))
    sys.exit(0 if summary.ok else 1)


def _tell(message: str) -> None:
    click.echo(message, err=True)


@main.command("query")
@click.argument("query")
@INDEX_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Hits to show (a page); 0 shows every hit.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Which page of --limit hits.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="relevance, newest or oldest first (date = newest); undated articles come last.")
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE (2024-06-01, 7d, yesterday).")
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
@click.option("--snippets", type=click.IntRange(min=0), default=3, show_default=True, help="Snippets per hit.")
@click.option("--snippet-chars", type=click.IntRange(min=40), default=240, show_default=True,
              help="Characters per snippet.")
@click.option("--facets", metavar="LIST", help="Counts over all matches: place,country,byline,month,source.")
@click.option("--collapse", is_flag=True, help="One story per group of near-duplicates, with '+N similar'.")
@click.option("--strict", is_flag=True, help="A malformed query is an error (exit 2), not repaired with a note.")
def query_cmd(query, index_path, limit, page, as_json, sort, since, until, snippets, snippet_chars, facets,
              collapse, strict):
    """Search the index. See the README for the query language. A query that starts with a minus goes after
    "--", or the shell's words are read as options: newssearch query -- "-opec oil"."""
    with Index.open(index_path) as ix:
        results = ix.search(query, limit=limit, page=page, sort=sort, since=since, until=until, snippets=snippets,
                            snippet_chars=snippet_chars, facets=facets, collapse=collapse, strict=strict)
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(output.as_json(results) if as_json else output.human(results))


@main.command("show")
@click.argument("id")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show_cmd(id, index_path, as_json):
    """Show one article, every field, by its id."""
    with Index.open(index_path) as ix:
        article = ix.get(id)
    if article is None:
        raise ArticleNotFoundError(f"no article with id {id!r} (ids are shown by `newssearch query`)")
    click.echo(json.dumps(article, ensure_ascii=False) if as_json else output.article_text(article))


@main.command("similar")
@click.argument("id")
@INDEX_OPTION
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--snippets", type=click.IntRange(min=0), default=3, show_default=True, help="Snippets per hit.")
def similar_cmd(id, index_path, limit, as_json, snippets):
    """Articles most like the one with this id."""
    with Index.open(index_path) as ix:
        results = ix.similar(id, limit=limit, snippets=snippets)
    click.echo(output.as_json(results) if as_json else output.human(results))


@main.command("stats")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats_cmd(index_path, as_json):
    """What the index holds: counts, date span, top countries, bylines and sources, size."""
    with Index.open(index_path) as ix:
        stats = ix.stats()
    click.echo(json.dumps(stats, ensure_ascii=False) if as_json else output.stats_text(stats))


@main.command("places")
@click.argument("query", default="*")
@INDEX_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Entries per list; 0 lists them all.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE.")
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
@click.option("--strict", is_flag=True, help="A malformed query is an error (exit 2), not repaired with a note.")
def places_cmd(query, index_path, limit, as_json, since, until, strict):
    """Count the countries and places of the articles matching QUERY (default: all)."""
    notes: list[str] = []
    with Index.open(index_path) as ix:
        facets = ix.places(query, limit=limit, since=since, until=until, strict=strict, notes=notes)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo(output.facets_json(facets) if as_json else output.facets_text(facets))
