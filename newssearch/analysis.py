"""How text becomes terms: words, lower case, accents folded, stems; and positions with gaps at sentence and
paragraph ends, so that `w/s` (same sentence) and `w/p` (same paragraph) are exact.

Stop words are kept, so "Bank of England" and "The Hague" stay exact phrases. A sentence end adds
SENTENCE_GAP to the position count and a paragraph end PARAGRAPH_GAP: words of different sentences are
always more than SENTENCE_GAP - 1 positions apart, and a phrase or w/N never spans a sentence end.
"""
from __future__ import annotations

import re
from itertools import accumulate

from whoosh.analysis import CharsetFilter, LowercaseFilter, StemFilter, Tokenizer
from whoosh.analysis.acore import Token
from whoosh.support.charset import accent_map

SENTENCE_GAP = 1_000
PARAGRAPH_GAP = 100_000
_WORD = re.compile(r"\w+(\.?\w+)*", re.UNICODE)
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
# A full stop after these is not a sentence end: "Mr. Kim", "U.S. officials", "Jan. 5", "St. Louis".
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "rep", "sen", "gov", "pres",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs",
                  "inc", "corp", "co", "ltd", "jr", "sr", "mt", "ft", "approx", "dept", "est", "fig", "vol"}


def boundary(previous: str, gap: str, following: str) -> int:
    """The position gap between two words: a paragraph end, a sentence end, or none."""
    if gap == " ":
        return 0                   # most gaps; no pattern below matches a lone space
    if "\n" in gap and _PARAGRAPH.search(gap):
        return PARAGRAPH_GAP
    if _SENTENCE.search(gap + " ") and not _abbreviation(previous) and not following[:1].islower():
        return SENTENCE_GAP
    return 0


def _abbreviation(word: str) -> bool:
    return "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS


class NewsTokenizer(Tokenizer):
    """Whoosh's RegexTokenizer with the same word pattern, plus the sentence and paragraph gaps."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos, prev_end, prev_word = start_pos, None, ""
        for m in _WORD.finditer(value):
            word = m.group(0)
            if prev_end is not None:
                pos += 1 + boundary(prev_word, value[prev_end:m.start()], word)
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = word
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + m.start(), start_char + m.end()
            yield t
            prev_end, prev_word = m.end(), word


ANALYZER = NewsTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter(cachesize=100_000)


# The indexing fast path. Whoosh runs the analyzer as a chain of generators passing a Token object along, which
# was half of the writer's time (benchmarks/run.py, pyinstrument). The filters act on one word at a time, so a
# word's term is a pure function of the word: computed once per distinct word, then looked up.
_, _LOWER, _FOLD, _STEM = ANALYZER.items
_TERMS: dict[str, str] = {}


def _term(word: str) -> str:
    term = _TERMS.get(word)
    if term is None:
        if len(_TERMS) > 500_000:       # a bound for archives of many languages; refilled as it goes
            _TERMS.clear()
        folded = word.lower().translate(_FOLD.charmap)
        term = _TERMS[word] = folded if folded in _STEM.ignore else _STEM.stemfn(folded)
    return term


def term_positions(text: str) -> dict[str, list[int]]:
    """term -> positions, exactly as ANALYZER's tokens give them (tests/test_analysis.py holds the two equal)."""
    _, _, words, positions = _words(text)
    return _by_term(words, positions)


def spans_and_terms(text: str) -> tuple[list[tuple[int, int, int]], dict[str, list[int]]]:
    """For a story shown with snippets: (position, start char, end char) of every word, the positions and
    offsets ANALYZER gives, and term_positions(text)."""
    starts, ends, words, positions = _words(text)
    return list(zip(positions, starts, ends)), _by_term(words, positions)


def _words(text: str) -> tuple[list[int], list[int], list[str], list[int]]:
    """Start and end characters, text and position of every word, built list by list rather than word by
    word (indexing and snippets both run it over every story they touch)."""
    matches = list(_WORD.finditer(text))
    starts = [m.start() for m in matches]
    ends = [m.end() for m in matches]
    words = [m.group(0) for m in matches]
    steps = [1 if text[e:s] == " " else 1 + boundary(words[i], text[e:s], words[i + 1])
             for i, (e, s) in enumerate(zip(ends, starts[1:]))]
    return starts, ends, words, list(accumulate(steps, initial=0)) if words else []


def _by_term(words: list[str], positions: list[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for term, pos in zip(map(_term, words), positions):
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out
