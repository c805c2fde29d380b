"""Snippets: the best passages of a story around what matched, HTML-escaped, matches in <b>…</b>.

Highlighting is exact: a phrase or a proximity query marks the occurrences that matched, not every lone word
of it, and a phrase is marked as one stretch. One pass over the stored text gives each word's position and
offsets and each term's positions (the positions the index holds); words, phrases and proximity (by
matching.py's span steps) are found there, and the query's own matchers are asked only for what those do not
cover (tests/test_snippets.py holds the two ways equal).
"""
from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

import numpy as np
from whoosh import highlight
from whoosh import query as wq
from whoosh.query import spans as wspans

from .analysis import PARAGRAPH_BREAK, Terms, spans_and_terms
from .matching import merged_spans, near_chain
from .query.atleast import AtLeast
from .schema import locator

SNIPPET_CHARS = 240
CHARLIMIT = highlight.DEFAULT_CHARLIMIT  # Whoosh's fragmenter looks no further into a story (32 KB): nor do we
_SPANNING = (wq.Phrase, wspans.SpanQuery)


def _units(q: wq.Query, field: str, reader) -> list[wq.Query]:
    """The parts of a query that mark text in one field: words, and phrases and spans as wholes."""
    if isinstance(q, wq.Not):
        return []
    if isinstance(q, wspans.SpanFirst):         # hlead's lead (query/lead.py): what its words mark, up to the limit
        return [wspans.SpanFirst(u, limit=q.limit) for u in _units(q.q, field, reader)]
    if isinstance(q, _SPANNING):
        fields = {leaf.field() for leaf in q.leaves()} if not q.is_leaf() else {q.field()}
        return [q] if fields == {field} else []
    if isinstance(q, wq.Term):
        return [q] if q.fieldname == field else []
    if isinstance(q, AtLeast):
        return [wq.Term(field, q.text)] if field in q.fieldnames else []
    if isinstance(q, wq.MultiTerm):
        if q.fieldname != field:
            return []
        return [wq.Term(field, t) for t in q._btexts(reader)]
    return [u for child in q.children() for u in _units(child, field, reader)]


def matched_spans(searcher, q: wq.Query, docnum: int, field: str = "body",
                  terms: Terms | dict[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """(first, last) word positions of what the query matched in this article's field: a phrase as one
    stretch, the words of a proximity match (not the words between them), every matched word. With the
    field's term positions (analysis.term_positions: the positions the index holds), words and phrases are
    found there; the query's own matchers are asked only for proximity and what they cannot answer."""
    sub, local = locator(searcher)(docnum)
    found = set()
    for unit in _units(q, field, sub.reader()):
        found |= _marked(unit, sub, local, terms)
    return sorted(found)


def _marked(unit: wq.Query, sub, local: int, terms: Terms | dict[str, list[int]] | None) -> set[tuple[int, int]]:
    if isinstance(unit, wspans.SpanFirst):
        return {(a, b) for a, b in _marked(unit.q, sub, local, terms) if b <= unit.limit}
    if terms is not None and type(unit) is wq.Term:
        return {(p, p) for p in terms.get(_text(unit), ())}
    if terms is not None and type(unit) is wq.Phrase:
        stretches = _chains([terms.get(w, []) for w in unit.words], unit.slop)
    elif terms is not None and (spans := _spans_here(unit, terms)) is not None:
        stretches = set(zip(spans[1].tolist(), spans[2].tolist()))
    else:
        try:
            m = unit.matcher(sub, sub.boolean_context())
        except Exception:            # a field or term this segment lacks
            return set()
        if m.is_active() and m.id() < local:
            m.skip_to(local)
        if not (m.is_active() and m.id() == local):
            return set()
        stretches = {(s.start, s.end) for s in m.spans()}
    parts = _operands(unit)
    if not parts or not stretches:
        return stretches
    inside = set().union(*(_marked(p, sub, local, terms) for p in parts))
    return {p for p in inside if any(a <= p[0] and p[1] <= b for a, b in stretches)}


def _spans_here(unit: wq.Query, terms: Terms | dict[str, list[int]]):
    """A proximity's spans in this story as (article, start, end) arrays, worked out from the story's own term
    positions by matching.py's span steps, the spans Whoosh's span matchers give (tested equal); None for a
    shape only they know. Asking Whoosh's matcher for one article walked on to the next article holding the
    words whenever this one had none in the field (80 ms a query at 1M)."""
    if type(unit) is wq.Term:
        at = np.array(sorted(terms.get(_text(unit), ())), dtype=np.int64)
        return np.zeros(len(at), dtype=np.int64), at, at
    if isinstance(unit, wspans.SpanOr):
        parts = [_spans_here(sub, terms) for sub in unit.subqs]
        if any(part is None for part in parts):
            return None
        return merged_spans(*(np.concatenate([part[i] for part in parts]) for i in (0, 1, 2)))
    if type(unit) is not wspans.SpanNear2 or unit.mindist < 1:
        return None
    parts = [_spans_here(sub, terms) for sub in unit.qs]
    return None if any(part is None for part in parts) else near_chain(unit, parts)


def _text(term: wq.Term) -> str:
    """A term's text as the story's term positions key it (a prefix's words come as bytes)."""
    return term.text.decode("utf-8") if isinstance(term.text, bytes) else term.text


def _chains(positions: list[list[int]], slop: int) -> set[tuple[int, int]]:
    """Whoosh's phrase spans: the words in order, each 1 to slop positions after the one before."""
    spans = {(p, p) for p in positions[0]} if positions else set()
    for following in positions[1:]:
        spans = {(start, p) for start, end in spans for p in following if 1 <= p - end <= slop}
    return spans


def _operands(unit: wq.Query) -> list[wq.Query]:
    """The parts to mark of a match that spans words it does not need: proximity and sloppy phrases."""
    if isinstance(unit, wspans.SpanNear2) and unit.slop > 1:
        return list(unit.qs)
    if isinstance(unit, wq.Phrase) and unit.slop > 1:
        return [wq.Term(unit.fieldname, w) for w in unit.words]
    return []


def _passages(body: str, spans: tuple[list[int], list[int], list[int]], stretches: list[tuple[int, int]],
              count: int, maxchars: int, surround: int, charlimit: int | None) -> list[str]:
    """The best passages with the matched stretches marked: Whoosh's ContextFragmenter of these sizes, then
    its top_fragments with its BasicFragmentScorer, over plain tuples (tests/test_snippets.py holds them
    equal). A fragment scores one per marked word (our marks carry no term text, so Whoosh's diversity factor
    is 1); heapq.nlargest breaks ties by Fragment.__lt__, so the later fragment wins; the chosen ones are shown
    in text order."""
    positions, starts, ends = spans
    matched = bytearray(len(positions))
    for a, b in stretches:
        i, j = bisect_left(positions, a), bisect_right(positions, b)
        matched[i:j] = b"\x01" * (j - i)
    fragments = list(_context_fragments(body, starts, ends, matched, maxchars, surround, charlimit))
    if len(fragments) > count:
        fragments = sorted(fragments, key=lambda f: (len(f[2]), f[0]), reverse=True)[:count]
        fragments.sort()
    return [_format(body, *f) for f in fragments]


def _format(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    """A fragment HTML-escaped, marks in <b>…</b>, white space squeezed, "…" where the text goes on."""
    out, index = [], start
    for mark_start, mark_end in marks:
        if mark_start < index:
            continue
        out.append(html.escape(text[index:mark_start]))
        out.append("<b>" + html.escape(text[mark_start:mark_end]) + "</b>")
        index = mark_end
    out.append(html.escape(text[index:end]))
    return ("\u2026" if start > 0 else "") + _squeezed("".join(out)) + ("\u2026" if end < len(text) else "")


def _squeezed(text: str) -> str:
    """White space squeezed to one space, and a paragraph break shown as " ¶ ": a passage that runs from a
    heading or one paragraph into the next read as one sentence ("…drops rape investigation Prosecutors in…")."""
    return " \u00b6 ".join(" ".join(part.split()) for part in PARAGRAPH_BREAK.split(text) if part.strip())


def _context_fragments(text: str, starts: list[int], ends: list[int], matched: bytearray, maxchars: int,
                       surround: int, charlimit: int | None) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """The fragments Whoosh's ContextFragmenter.fragment_tokens makes (those with a match; the rest score 0
    and are never shown) as (start, end, [(start, end) of each marked word]), jumping from match to match
    instead of stepping a Token object through three chained generators per word, which was three quarters
    of the time snippets took (0.09 ms a story on Reuters). tests/test_snippets.py holds the two equal, its
    edge cases included."""
    n = bisect_right(ends, charlimit) if charlimit else len(ends)   # Whoosh stops at the first word past it
    since = 0                              # the first word that may be context before the next match
    i = matched.find(1, 0, n)
    while i != -1:
        # Whoosh's context: the words since the last fragment that start within `surround` characters of
        # the end of the word before the match.
        j = bisect_left(starts, ends[i - 1] - surround, since, i) if i > since else i
        context = starts[j] if j < i else None
        first, tks, currentlen, countdown, t = None, [], 0, -1, i
        while t < n:
            start, end = starts[t], ends[t]
            if currentlen + end - start > maxchars:
                countdown = 0
            elif matched[t]:
                countdown = surround
                if first is None:
                    first = start if context is None else context
                    countdown += surround if context is None else 0
                tks.append((start, end))
            currentlen += end - start
            countdown -= end - start
            if countdown <= 0:
                break
            t += 1
        else:
            if tks:
                yield first, ends[n] if n < len(ends) else ends[n - 1], tks
            return
        if tks:
            yield first, ends[t], tks
        since = t + 1
        if countdown == 0 and since < n and not matched[since]:
            since += 1                     # Whoosh ends a fragment that stops exactly at 0 one word late
        i = matched.find(1, since, n)


def snippets(hit, count: int = 3, chars: int = SNIPPET_CHARS, query=None) -> list[str]:
    """Up to `count` highlighted passages of the body, of about `chars` characters with a third of that as
    context around a match (Whoosh's ContextFragmenter's sizes); the story's opening when none matched."""
    if count <= 0:
        return []
    body = hit.get("body") or ""
    found = []
    if body and query is not None:
        spans, terms = spans_and_terms(body)
        stretches = matched_spans(hit.searcher, query, hit.docnum, terms=terms)
        if stretches:
            found = _passages(body, spans, stretches, count, chars, chars // 3, CHARLIMIT)
    if found:
        return found
    lead = body[:chars].rsplit(" ", 1)[0] if len(body) > chars else body
    return [_squeezed(html.escape(lead)) + ("\u2026" if len(body) > len(lead) else "")] if lead.strip() else []
