"""Plain text and news pages saved as text: one article a file; extraction splits headline, byline and story."""
from __future__ import annotations

from collections.abc import Iterator

from ..article import Article
from ._io import read_text

MANY = False  # one article a file
SUFFIXES = (".txt", ".txt.gz", ".text")


def read(path: str, warn) -> Iterator[Article]:
    text = read_text(path)
    if text.strip():
        yield Article(path=path, body=text, raw="text")
    else:
        warn("empty file")
