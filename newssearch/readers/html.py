"""Saved web pages: one article a file; extraction (extract/html.py) finds the story and its metadata."""
from __future__ import annotations

from collections.abc import Iterator

from ..article import Article
from ._io import whole_file

MANY = False  # one article a file
SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")


def read(path: str, warn) -> Iterator[Article]:
    return whole_file(path, warn, raw="html")
