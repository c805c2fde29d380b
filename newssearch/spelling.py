""""Did you mean": when a query finds nothing, the same query with each unknown or rare word replaced by the
closest word the stories write (at most two edits, a swap of neighbours counting one; the most frequent of the
closest), if that query finds something."""
from __future__ import annotations

import re
from itertools import islice

from whoosh import query as wq

from .analysis import ANALYZER
from .schema import TEXT_FIELDS

_WORD = re.compile(r'(?<![\w.*?~^/])([^\W\d_][\w\'-]*)(?![\w:(*?~^/])')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
RARE = 1000                # a word in 1 article in this many (or in 2) may be a misspelling of a common one
STORIES = 3                # read for the spellings of a stem


def _stem(word: str) -> str | None:
    tokens = [t.text for t in ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else None


def _surface(searcher, stem: str, typed: str) -> str:
    """The word a story writes for an indexed stem, the spelling closest to what was typed ("elect" ->
    "election", not "elections", for "elektion")."""
    spellings = set()
    for docnum in islice(searcher.docs_for_query(wq.Term("body", stem)), STORIES):
        body = searcher.stored_fields(docnum).get("body") or ""
        spellings.update(body[t.startchar:t.endchar].lower() for t in ANALYZER(body, chars=True) if t.text == stem)
    return min(spellings, key=lambda w: (edit_distance(typed, w), w), default=stem)


def suggest(searcher, text: str, search) -> str | None:
    """A corrected query string, or None. `search(text)` counts what a query string finds."""
    reader = searcher.reader()
    rare = max(2, reader.doc_count() // RARE)
    spots = []                 # (start, end, candidate words best first) for each word the index lacks or rarely has
    for m in _WORD.finditer(text):
        word = m.group(1)
        stem = _stem(word)
        if word in _OPERATORS or stem is None:
            continue
        known = any((f, stem) in reader for f in TEXT_FIELDS)
        if known and sum(reader.doc_frequency(f, stem) for f in TEXT_FIELDS) > rare:
            continue
        ranked = [w for w in _closest(searcher, word.lower(), stem) if _stem(w) != stem]
        if ranked:
            # A word a story or two misspelt too ("goverment") may still be the typo, but a rare word that is
            # right ("putin" in an archive of the 1990s) is tried as typed first: "kremln putin" was "kremlin put".
            spots.append((m.start(1), m.end(1), [word] + ranked if known else ranked))
    if not spots:
        return None
    choice = [0] * len(spots)
    tries = [list(choice)] + [[k if i == n else 0 for i in range(len(spots))]
                              for n, (_, _, cands) in enumerate(spots) for k in range(1, len(cands))]
    for pick in tries:
        out, last = [], 0
        for (start, end, cands), k in zip(spots, pick):
            out.append(text[last:start] + cands[k])
            last = end
        corrected = "".join(out) + text[last:]
        if corrected != text and search(corrected):
            return corrected
    return None


def _closest(searcher, word: str, stem: str, keep: int = 5, look: int = 10) -> list[str]:
    """Up to `keep` words the stories write, closest to what was typed, then the most common. The index holds
    stems, often shorter than the words ("presid"), so a typo is first matched to stems within two edits of
    its own stem and to stems it begins with ("presid" for "presidnet", three edits away), then the `look`
    likeliest are compared as the stories spell them ("president", one transposition, before "presidente")."""
    reader = searcher.reader()
    stems = {c for c in reader.terms_within("body", stem, 2, prefix=1) if len(c) >= 3}
    stems.update(word[:j] for j in range(4, len(word)) if ("body", word[:j]) in reader)
    likely = sorted((edit_distance(word, c), -reader.doc_frequency("body", c), c) for c in stems)[:look]
    spelled = sorted((edit_distance(word, surface), rank, surface)
                     for rank, (_, _, c) in enumerate(likely) for surface in [_surface(searcher, c, word)])
    return list(dict.fromkeys(surface for d, _, surface in spelled if d <= 2))[:keep]


def edit_distance(a: str, b: str) -> int:
    """Edits from a to b: insertions, deletions, substitutions and swaps of two neighbours ("nte" -> "ent")."""
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]
