"""How text becomes terms: words, lower case, accents folded, stems; and positions with gaps at sentence and
paragraph ends, so that `w/s` (same sentence) and `w/p` (same paragraph) are exact.

Stop words are kept, so "Bank of England" and "The Hague" stay exact phrases. A sentence end adds
SENTENCE_GAP to the position count and a paragraph end PARAGRAPH_GAP: words of different sentences are
always more than SENTENCE_GAP - 1 positions apart, and a phrase or w/N never spans a sentence end.
"""
from __future__ import annotations

import re
from itertools import accumulate, compress, count

from whoosh.analysis import STOP_WORDS, CharsetFilter, LowercaseFilter, StemFilter, Tokenizer
from whoosh.analysis.acore import Token
from whoosh.support.charset import accent_map

SENTENCE_GAP = 1_000
PARAGRAPH_GAP = 100_000
# A word and any ".word" parts ("U.S", "3.5"); possessive, so a trailing dot costs no backtracking.
_WORD = re.compile(r"\w++(?:\.\w++)*+", re.UNICODE)
_SPLIT = re.compile(f"({_WORD.pattern})", re.UNICODE)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")      # also where snippets show " ¶ "
_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
# A full stop after these is not a sentence end: "Mr. Kim", "U.S. officials", "Jan. 5", "St. Louis".
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "rep", "sen", "gov", "pres",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs",
                  "inc", "corp", "co", "ltd", "jr", "sr", "mt", "ft", "approx", "dept", "est", "fig", "vol"}


def boundary(previous: str, gap: str, following: str) -> int:
    """The position gap between two words: a paragraph end, a sentence end, or none."""
    kind = _GAP_KINDS[gap]
    return (SENTENCE_GAP if _ends_sentence(previous, following) else 0) if kind == _MAYBE else kind


def _ends_sentence(previous: str, following: str) -> bool:
    """Whether a gap that may end a sentence does: not after an abbreviation, not before a lower-case word."""
    return not _abbreviation(previous) and not following[:1].islower()


def _abbreviation(word: str) -> bool:
    return "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS


_MAYBE = -1                        # a gap that ends a sentence unless _ends_sentence says otherwise


class _GapKinds(dict):
    """gap -> 0, PARAGRAPH_GAP, or _MAYBE: what the gap alone decides, worked out once per distinct gap (" ",
    ", ", ". ", "\n\n" and a few more make up nearly all of them)."""

    def __missing__(self, gap: str) -> int:
        if len(self) > 100_000:
            self.clear()
        kind = self[gap] = (PARAGRAPH_GAP if "\n" in gap and PARAGRAPH_BREAK.search(gap)
                            else _MAYBE if _SENTENCE.search(gap + " ") else 0)
        return kind


_GAP_KINDS = _GapKinds({" ": 0})


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
# For snippets (Terms.get): term -> the words seen in shown stories that give it, and those words.
_SURFACES: dict[str, set[str]] = {}
_SURFACED: set[str] = set()
SURFACES_LIMIT = 500_000                 # the same bound as _TERMS has


def _term(word: str) -> str:
    term = _TERMS.get(word)
    if term is None:
        if len(_TERMS) > 500_000:       # a bound for archives of many languages; refilled as it goes
            _TERMS.clear()
        folded = word.lower().translate(_FOLD.charmap)
        term = _TERMS[word] = folded if folded in _STEM.ignore else _STEM.stemfn(folded)
    return term


# Terms a field's length does not count (BM25 divides by the length: how much a story says, not how many "the"s
# it takes to say it). Whoosh's English stop words, as its StemmingAnalyzer drops them; here they stay terms,
# so phrases keep them, and only the length leaves them out. Reuters, 78 TOPICS: nDCG@10 0.641 -> 0.652.
UNCOUNTED = frozenset(_term(word) for word in STOP_WORDS)


def term_positions(text: str) -> dict[str, list[int]]:
    """term -> positions, exactly as ANALYZER's tokens give them (tests/test_analysis.py holds the two equal)."""
    _, _, words, positions = _words(text, offsets=False)
    return _by_term(words, positions)


def spans_and_terms(text: str) -> tuple[tuple[list[int], list[int], list[int]], Terms]:
    """For a story shown with snippets: the position, start char and end char of every word (the positions
    and offsets ANALYZER gives), and its terms' positions, found when asked for."""
    starts, ends, words, positions = _words(text)
    return (positions, starts, ends), Terms(words, positions)


def word_term(word: str) -> str:
    """The term the analyzer makes of one word (letters and digits, no gap inside)."""
    return _term(word)


def spellings(text: str, term: str) -> set[str]:
    """How the text writes a term: its words (lower-cased) that give it ("elections", "election" for "elect")."""
    return {word.lower() for word in set(_WORD.findall(text)) if _term(word) == term}


class Terms:
    """term -> positions in one text, as term_positions gives them, but only for the terms asked for: a
    snippet needs the query's few words, not a list for every word of the story."""

    def __init__(self, words: list[str], positions: list[int]):
        self.words, self.positions = words, positions
        self._known = False

    def get(self, term: str, default=None):
        if not self._known:
            # Only words no shown story had before are stemmed (set arithmetic instead of a call per word).
            new = set(self.words).difference(_SURFACED)
            if len(_SURFACED) + len(new) > SURFACES_LIMIT:
                _SURFACES.clear()
                _SURFACED.clear()
                new = set(self.words)
            for word in new:
                _SURFACES.setdefault(_term(word), set()).add(word)
            _SURFACED.update(new)
            self._known = True
        surfaces = _SURFACES.get(term)
        found = list(compress(self.positions, map(surfaces.__contains__, self.words))) if surfaces else []
        return found or default


def _words(text: str, offsets: bool = True) -> tuple[list[int], list[int], list[str], list[int]]:
    """Start and end characters (empty lists when not asked for: indexing needs none), text and position of
    every word, from one split of the text into gaps and words (indexing and snippets both run it over every
    story they touch; a loop per word was slower)."""
    parts = _SPLIT.split(text)               # gap, word, gap, word, ..., gap
    if len(parts) == 1:
        return [], [], [], []
    ends = list(accumulate(map(len, parts))) if offsets else []
    words, gaps = parts[1::2], parts[2:-1:2]
    steps = [1] * len(gaps)
    kinds = list(map(_GAP_KINDS.__getitem__, gaps))        # boundary() inline: a dictionary lookup a gap
    for i in compress(count(), kinds):
        if kinds[i] == PARAGRAPH_GAP:
            steps[i] = 1 + PARAGRAPH_GAP
        elif _ends_sentence(words[i], words[i + 1]):
            steps[i] = 1 + SENTENCE_GAP
    return ends[0:-1:2], ends[1::2], words, list(accumulate(steps, initial=0))


def _by_term(words: list[str], positions: list[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for term, pos in zip(map(_term, words), positions):
        found = out.get(term)
        if found is None:
            out[term] = [pos]
        else:
            found.append(pos)
    return out
