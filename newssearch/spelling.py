""""Did you mean": when a query finds nothing, the same query with each unknown word replaced by the closest
word of the index (at most two edits, the most frequent of the closest), if that query finds something."""
from __future__ import annotations

import re

from whoosh import query as wq

from .analysis import ANALYZER
from .schema import TEXT_FIELDS

_WORD = re.compile(r'(?<![\w.*?~^/])([^\W\d_][\w\'-]*)(?![\w:(*?~^/])')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def _stem(word: str) -> str | None:
    tokens = [t.text for t in ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else None


def _surface(searcher, stem: str) -> str:
    """A word as the stories write it for an indexed stem ("treati" -> "treaty")."""
    docnum = next(iter(searcher.docs_for_query(wq.Term("body", stem))), None)   # one story is enough
    if docnum is not None:
        body = searcher.stored_fields(docnum).get("body") or ""
        for t in ANALYZER(body, chars=True):
            if t.text == stem:
                return body[t.startchar:t.endchar].lower()
    return stem


def suggest(searcher, text: str, search) -> str | None:
    """A corrected query string, or None. `search(text)` counts what a query string finds."""
    reader = searcher.reader()
    spots = []                 # (start, end, candidate stems best first) for each word the index lacks
    for m in _WORD.finditer(text):
        word = m.group(1)
        stem = _stem(word)
        if word in _OPERATORS or stem is None or any((f, stem) in reader for f in TEXT_FIELDS):
            continue
        # Closest to what was typed (not to its stem), then the most common.
        ranked = sorted((_distance(word.lower(), c), -reader.doc_frequency("body", c), c)
                        for c in reader.terms_within("body", stem, 2, prefix=1) if len(c) >= 3)
        if ranked:
            spots.append((m.start(1), m.end(1), [c for _, _, c in ranked[:5]]))
    if not spots:
        return None
    choice = [0] * len(spots)
    tries = [list(choice)] + [[k if i == n else 0 for i in range(len(spots))]
                              for n, (_, _, cands) in enumerate(spots) for k in range(1, len(cands))]
    for pick in tries:
        out, last = [], 0
        for (start, end, cands), k in zip(spots, pick):
            out.append(text[last:start] + _surface(searcher, cands[k]))
            last = end
        corrected = "".join(out) + text[last:]
        if search(corrected):
            return corrected
    return None


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
