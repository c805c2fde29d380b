"""CSV and TSV exports, a story a row, under the column names JSON exports use (readers/jsonl.py maps both):
Kaggle's "All the News" (title, publication, author, date, url, content), Media Cloud's story lists
(publish_date, title, url, media_name). The header row names the columns, in any case."""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from ..article import Article
from ..errors import ReadError
from ._io import read_text
from .jsonl import KEYS, to_article

MANY = True  # several articles a file
SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
_CANONICAL = {key.lower(): key for keys in KEYS.values() for key in keys}


def read(path: str, warn) -> Iterator[Article]:
    text = read_text(path)
    header = text[:text.find("\n")] if "\n" in text else text
    if path.lower().endswith((".tsv", ".tsv.gz")):
        delimiter = "\t"
    else:                                   # Excel in much of Europe writes ";"
        delimiter = max(",;\t", key=header.count)
    csv.field_size_limit(sys.maxsize)       # a story is longer than csv's 128 KB default field
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        names = [_CANONICAL.get(name.strip().lower(), name) for name in next(rows)]
    except (StopIteration, csv.Error) as e:
        raise ReadError(f"no header row: {e}" if str(e) else "empty file") from None
    if not set(names) & {"title", "headline", "text", "content", "body"}:
        raise ReadError(f"no title or text column among {', '.join(names[:12])}")
    n = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            warn(f"row {n + 1}: {e}")
            return                          # the reader cannot resync after a broken quote
        n += 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            warn(f"row {n}: {len(row)} cells for {len(names)} columns")
            continue
        yield to_article(dict(zip(names, row)), path, n)
