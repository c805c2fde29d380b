""""Did you mean": when a query finds nothing, the same query with each unknown word (or one that looks like a
typo the stories made too: see MISSPELT) replaced by the closest word the stories write (at most two edits, a
swap of neighbours counting one; the most frequent of the closest), if that query finds something."""
from __future__ import annotations

import re
import string
from itertools import islice

from whoosh import query as wq
from whoosh.reading import IndexReader

from .analysis import ANALYZER, spellings, word_term
from .schema import TEXT_FIELDS

_WORD = re.compile(r'(?<![\w.*?~^/])([^\W\d_][\w\'-]*)(?![\w:(*?~^/])')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
# A word the index holds may still be the typo when a story or two made it too ("goverment"); one that more
# stories write is a word. A threshold growing with the archive (1 story in 1,000) made "putin", in 24 of
# 42,750 stories, a typo of "put": a proximity query that found nothing was "corrected" to nonsense.
MISSPELT = 2
# ... or when it is one edit from a word a hundred times as common: "intrest" (12 Usenet posts, "interest" 4,917);
# not "kim" (140) for "him" (2,424), nor "putin" for "put", two edits away.
COMMONER = 100
STORIES = 3                # read for the spellings of a stem


def _stem(word: str) -> str | None:
    tokens = [t.text for t in ANALYZER(word)]
    return tokens[0] if len(tokens) == 1 else None


def _stories(reader, stem: str) -> int:
    return sum(reader.doc_frequency(f, stem) for f in TEXT_FIELDS)


def _surface(searcher, stem: str, typed: str) -> str:
    """The word a story writes for an indexed stem, the spelling closest to what was typed ("elect" ->
    "election", not "elections", for "elektion")."""
    found = set()
    for docnum in islice(searcher.docs_for_query(wq.Term("body", stem)), STORIES):
        # The indexing tokenizer, not the analyzer's token chain: a long Usenet FAQ took 0.2 s that way.
        found |= spellings(searcher.stored_fields(docnum).get("body") or "", stem)
    return min(found, key=lambda w: (edit_distance(typed, w), w), default=stem)


def suggest(searcher, text: str, search) -> str | None:
    """A corrected query string, or None. `search(text)` counts what a query string finds."""
    reader = searcher.reader()
    spots = []                 # (start, end, candidate words best first) for each word the index lacks or rarely has
    for m in _WORD.finditer(text):
        word = m.group(1)
        stem = _stem(word)
        if word in _OPERATORS or stem is None:
            continue
        known = any((f, stem) in reader for f in TEXT_FIELDS)
        count = _stories(reader, stem) if known else 0
        stems = None
        if count > MISSPELT:
            if count * COMMONER > reader.doc_count_all():
                continue                               # no word can be COMMONER times as common
            stems = {c for c in _one_edit(reader, word.lower()) if _stories(reader, c) >= COMMONER * count}
            if not stems:
                continue
        ranked = [w for w in _closest(searcher, word.lower(), stem, stems) if _stem(w) != stem
                  and (stems is None or edit_distance(word.lower(), w) == 1)]
        if ranked:
            # A word a story or two misspelt too may still be the typo, but it is tried as typed first: in a
            # query with a real typo beside it, the typo is what to correct ("kremln putin", not "kremlin put").
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


def _closest(searcher, word: str, stem: str, stems: set[str] | None = None, keep: int = 5,
             look: int = 10) -> list[str]:
    """Up to `keep` words the stories write, closest to what was typed, then the most common: the stems of the
    words one edit from what was typed ("crude" for "crued", whose own stem is "cru"), or when the index has
    none of them, the stems two edits from its stem; and stems it begins with ("presid" for "presidnet").
    Then the `look` likeliest are compared as the stories spell them ("president", one transposition, before
    "presidente").

    One edit is looked up, a few hundred words; two edits are searched for with Whoosh's terms_within, which
    reads and measures every stem of a prefix: with a one-letter prefix, as here before, that was 50-200 ms a
    query at 100,000 articles, growing with the archive. The first letter is kept (and for two edits the
    first two): most typos are one edit, and few are in the first letter. `stems`, when given, are the only
    candidates."""
    reader = searcher.reader()
    if stems is None:
        # IndexReader's own terms_within on every reader: a one-segment index's reader has Whoosh's automaton
        # instead, which is slower, counts a swap as two edits, and fails on a stem shorter than the prefix.
        stems = _one_edit(reader, word) or set(IndexReader.terms_within(reader, "body", stem, 2, prefix=2))
        stems = {c for c in stems if len(c) >= 3}
        stems.update(word[:j] for j in range(4, len(word)) if ("body", word[:j]) in reader)
    likely = sorted((edit_distance(word, c), -reader.doc_frequency("body", c), c) for c in stems)[:look]
    spelled = sorted((edit_distance(word, surface), rank, surface)
                     for rank, (_, _, c) in enumerate(likely) for surface in [_surface(searcher, c, word)])
    return list(dict.fromkeys(surface for d, _, surface in spelled if d <= 2))[:keep]


def _one_edit(reader, word: str) -> set[str]:
    """The stems the body holds of the words one edit from word after its first letter (a letter deleted,
    replaced, inserted, or swapped with its neighbour; a-z and the word's own characters tried)."""
    head, tail = word[:1], word[1:]
    letters = set(string.ascii_lowercase + tail)
    splits = [(tail[:i], tail[i:]) for i in range(len(tail) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(tail)
    return {t for t in {word_term(head + e) for e in edits if head + e} if ("body", t) in reader}


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
