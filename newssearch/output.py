"""Rendering results for people (a terminal) and for programs (one JSON object)."""
from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING

import click

from .facets import PlaceFacets
from .query.dates import described
from .search import Results

if TYPE_CHECKING:
    from .indexer import IndexSummary

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_BOLD = re.compile(r"<b>(.*?)</b>", re.S)


def safe(text: str | None) -> str:
    """Document text as it may reach a terminal: no control characters (no escape sequences from a file)."""
    return _CONTROL.sub("", text or "")


def snippet_for_terminal(snippet: str) -> str:
    snippet = " ".join(snippet.split())
    parts, pos = [], 0
    for m in _BOLD.finditer(snippet):
        parts.append(safe(html.unescape(snippet[pos:m.start()])))
        # Styled after cleaning, so our own escape codes survive and a document's never do.
        parts.append(click.style(safe(html.unescape(m.group(1))), bold=True))
        pos = m.end()
    parts.append(safe(html.unescape(snippet[pos:])))
    return "".join(parts)


def _asked(query: str, dated: tuple | None) -> str:
    """The query as the answer repeats it, with the --since/--until bounds as read."""
    return f"{query!r}" + (f" {described(*dated)}" if dated else "")


def human(results: Results) -> str:
    asked = _asked(results.query, results.dated)
    if not results.total:
        return f"No articles match {asked}." + (
            f" Did you mean {results.did_you_mean!r}?" if results.did_you_mean else "")
    shown = len(results.hits)
    first = results.hits[0].rank if results.hits else 0
    past = not shown and results.page > 1 and results.limit
    lines = [f"{results.total} {'article matches' if results.total == 1 else 'articles match'} {asked}"
             + (f"; showing {first} to {first + shown - 1}" if shown < results.total and shown else "")
             + (f"; page {results.page} is past the last ({-(-results.total // results.limit)})" if past else "")
             + "."]
    for hit in results.hits:
        lines.append("")
        lines.append(click.style(f"{hit.rank}. ", bold=True) + click.style(safe(hit.title) or "(untitled)", bold=True))
        meta = []
        if hit.date:
            meta.append(hit.date.strftime("%Y-%m-%d %H:%M" if (hit.date.hour or hit.date.minute) else "%Y-%m-%d")
                        + (f" {hit.tz}" if hit.tz else ""))
        if hit.byline:
            meta.append("by " + safe(hit.byline))
        if hit.places:
            meta.append(", ".join(safe(p) for p in hit.places[:6]) + (" …" if len(hit.places) > 6 else ""))
        if meta:
            lines.append("   " + " · ".join(meta))
        lines.append(f"   {safe(hit.id)}" + (f"  (score {hit.score:.2f})" if hit.score else "")
                     + (f"  +{hit.similar} similar" if hit.similar else ""))
        for s in hit.snippets:
            lines.append("   \u201c" + snippet_for_terminal(s) + "\u201d")
    for name, found in (results.facets or {}).items():
        lines += ["", f"{name.capitalize()} over all {results.total} matches:"]
        lines += [f"  {c.count:>7,}  {safe(c.name)}" + (f" ({c.code})" if c.code else "") for c in found] or ["  (none)"]
    return "\n".join(lines)


def article_text(article: dict) -> str:
    """One article for `show`: its fields, then its story."""
    lines = [click.style(safe(article.get("title")) or "(untitled)", bold=True)]
    for key in ("id", "date", "tz", "byline", "dateline", "source", "url", "places", "countries", "path"):
        value = article.get(key)
        if value:
            lines.append(f"{key + ':':<11}{safe(', '.join(value) if isinstance(value, list) else str(value))}")
    lines += ["", safe(article.get("body"))]
    return "\n".join(lines)


def stats_text(stats: dict) -> str:
    lines = [f"Index {stats['index']} (schema {stats['schema_version']}, {stats['size_bytes'] / 2**20:,.1f} MB): "
             f"{stats['articles']:,} articles from {stats['files']:,} files; {stats['dated']:,} dated"
             + (f", {stats['first_month']} to {stats['last_month']}." if stats["first_month"] else ".")]
    for key in ("countries", "bylines", "sources"):
        if stats[key]:
            lines += ["", f"Top {key}:"]
            lines += [f"  {c['count']:>7,}  {safe(c['name'])}" + (f" ({c['code']})" if c.get("code") else "")
                      for c in stats[key]]
    return "\n".join(lines)


def as_json(results: Results) -> str:
    return json.dumps(results.to_json(), ensure_ascii=False)


def _counted(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def summary_text(s: IndexSummary, index_path: str) -> str:
    parts = [f"{s.added} added", f"{s.updated} updated", f"{s.removed} removed", f"{s.unchanged} unchanged",
             f"{len(s.skipped)} skipped"]
    done = f"Committed in {_counted(s.commits, 'batch', 'batches')}" if s.commits else "Nothing changed"
    lines = [f"Read {_counted(s.added + s.updated, 'file')} ({_counted(s.articles, 'article')}): "
             + ", ".join(parts) + f". {done}; the index at {index_path} holds {_counted(s.total_articles, 'article')}."]
    if s.unsupported:
        lines.append(f"Left alone {_counted(s.unsupported, 'file')} of no known format.")
    for path, reason in s.skipped:
        lines.append(f"skipped {safe(path)}: {safe(reason)}")
    for path, reason in s.problems[:20]:
        lines.append(f"note {safe(path)}: {safe(reason)}")
    if len(s.problems) > 20:
        lines.append(f"… and {len(s.problems) - 20} more record problems")
    return "\n".join(lines)


def facets_text(f: PlaceFacets) -> str:
    asked = _asked(f.query, f.dated)
    if not f.total:
        return f"No articles match {asked}."
    lines = [f"{f.total} {'article matches' if f.total == 1 else 'articles match'} {asked}.", "",
             "Countries they are about:"]
    lines += [f"  {c.count:>7,}  {safe(c.name)} ({c.code})" for c in f.countries] or ["  (none)"]
    lines += ["", "Places they name:"]
    lines += [f"  {p.count:>7,}  {safe(p.name)}" for p in f.places] or ["  (none)"]
    return "\n".join(lines)


def facets_json(f: PlaceFacets) -> str:
    return json.dumps(f.to_json(), ensure_ascii=False)
