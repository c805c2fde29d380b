"""Plain text and news pages saved as text: one article a file; extraction splits headline, byline and story."""
from __future__ import annotations

from collections.abc import Iterator

from ..article import Article
from ._io import whole_file

MANY = False  # one article a file
SUFFIXES = (".txt", ".txt.gz", ".text")


def read(path: str, warn) -> Iterator[Article]:
    return whole_file(path, warn, raw="text")
