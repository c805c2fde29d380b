"""The command line: each command is one call of the library, with the same option names."""
from __future__ import annotations

import os
import sys

import click

from . import output
from .errors import IndexVersionError, NewsSearchError
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
@click.option("--jobs", type=int, default=None, metavar="N", help="Processes for reading files (default: all cores).")
def index_cmd(paths, index_path, rebuild, wait, jobs):
    """Index the news files under PATHS; re-running reads only what changed.

    Exit status: 0 done, 1 some files could not be read (listed), 2 bad arguments, 3 index busy."""
    index_path = index_path or default_location()
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
              help="Hits to show; 0 shows every hit.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE.")
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
def query_cmd(query, index_path, limit, as_json, sort, since, until):
    """Search the index. See the README for the query language."""
    with Index.open(index_path) as ix:
        results = ix.search(query, limit=limit, sort=sort, since=since, until=until)
    click.echo(output.as_json(results) if as_json else output.human(results))


@main.command("places")
@click.argument("query", default="*")
@INDEX_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Entries per list; 0 lists them all.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE.")
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
def places_cmd(query, index_path, limit, as_json, since, until):
    """Count the countries and places of the articles matching QUERY (default: all)."""
    with Index.open(index_path) as ix:
        facets = ix.places(query, limit=limit, since=since, until=until)
    click.echo(output.facets_json(facets) if as_json else output.facets_text(facets))
