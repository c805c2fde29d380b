"""Proximity operators as Factiva and Nexis spell them: `putin w/5 kim` (within 5 words, either order),
`putin pre/3 visit` (first before second), `w/s` (same sentence), `w/p` (same paragraph); `near/5` is
ProQuest's spelling of w/5 (read as words, "near" and "5" were required anywhere in the story). Operands are
words, "phrases", truncated, wildcard or fuzzy words (sanction*), or (OR groups); the operator becomes Whoosh
span queries, per text field."""
from __future__ import annotations

import copy
import re

from whoosh import query as wq
from whoosh.qparser import (FuzzyTermPlugin, OperatorsPlugin, PhrasePlugin, Plugin, PrefixPlugin, WildcardPlugin,
                            syntax)
from whoosh.query import spans

from ..analysis import PARAGRAPH_GAP, SENTENCE_GAP
from ..errors import QueryError
from ..schema import QUERY_SCHEMA, TEXT_FIELDS

SPELLING = r"(?i:(?P<op>w|pre|near)/(?P<n>\d+|[sp]))"        # also what parser.repair knows as an operator
OPERATOR = r"(?<=\s)" + SPELLING + r"(?=\s)"


class ProximityOperator(syntax.InfixOperator):
    def __init__(self, text, grouptype, leftassoc=True):
        super().__init__(text, grouptype, leftassoc)
        m = re.fullmatch(r"(?P<op>\w+)/(?P<n>\w+)", text.strip())
        self.ordered = m.group("op").lower() == "pre"
        n = m.group("n").lower()
        # Within N words = at most N words between: span distance N + 1. The gaps make s and p exact.
        self.slop = {"s": SENTENCE_GAP - 1, "p": PARAGRAPH_GAP - 1}.get(n) or int(n) + 1
        if not n.isdigit() and self.ordered:
            raise QueryError(f"{text.strip()}: use w/s or w/p for sentences and paragraphs")

    def replace_self(self, parser, group, position):
        if 0 < position < len(group) - 1:
            node = ProximityGroup([group[position - 1], group[position + 1]])
            node.slop, node.ordered = self.slop, self.ordered
            group[position - 1:position + 2] = [node]
        else:
            raise QueryError(f"{self.text.strip()} needs a word, phrase or (group) on each side")
        return position


class ProximityGroup(syntax.GroupNode):
    merging = False
    slop = 2
    ordered = False

    def query(self, parser):
        left, right = self.nodes
        fields = sorted(_fields(left) & _fields(right))
        if not fields:
            raise QueryError("both sides of a proximity operator must search the same field")
        # Fields without word positions (place, country, date) have no nearness to measure; an unknown
        # field is left to the parser's own error.
        flat = [f for f in fields if f in QUERY_SCHEMA and not _positional(f)]
        if flat:
            raise QueryError(f"proximity operators work in text fields, not in {', '.join(flat)}")
        per_field = [spans.SpanNear2([_span(left, f, parser), _span(right, f, parser)], slop=self.slop,
                                     ordered=self.ordered)
                     for f in fields]
        return per_field[0] if len(per_field) == 1 else wq.Or(per_field)


def _fields(node) -> set[str]:
    """The text fields an operand searches (the parser has already spread bare words over all of them)."""
    if isinstance(node, ProximityGroup):
        return _fields(node.nodes[0]) & _fields(node.nodes[1])
    if isinstance(node, syntax.GroupNode):
        return set().union(*(_fields(n) for n in node.nodes)) if node.nodes else set()
    return {node.fieldname} if node.fieldname else set(TEXT_FIELDS)


class SpanOr(spans.SpanOr):
    """Whoosh's SpanOr lacks estimate_size, which searching an OR of spans calls, and children, so its words
    were not among a query's leaves (hlead:((oil OR gas) w/3 price) left them in hlead, matching nothing);
    tests pin both."""

    def estimate_size(self, ixreader):
        return sum(q.estimate_size(ixreader) for q in self.q.subqueries)

    def children(self):
        return iter(self.subqs)


class _Tagger(OperatorsPlugin.OpTagger):
    def create(self, parser, match):
        return ProximityOperator(match.group(0), self.grouptype, self.leftassoc)


class _ProximityPlugin(OperatorsPlugin):
    """Applies its operators before the parser's own AND, OR and NOT do theirs (Whoosh runs every operators
    plugin's filter at priority 600, in the order the plugins were added): a proximity operator binds
    tighter than NOT, AND and OR, as in Factiva ("putin w/5 kim AND sanctions" is (putin w/5 kim) AND
    sanctions; applied after AND, the right operand was "kim AND sanctions" and the query an error)."""

    def filters(self, parser):
        return [(self.do_operators, 599)]


def plugin() -> OperatorsPlugin:
    """Whoosh's operator machinery with one more infix operator, binding tighter than NOT, AND and OR."""
    return _ProximityPlugin(ops=[(_Tagger(OPERATOR, ProximityGroup), -5)], clean=False, And=None, Or=None,
                            AndNot=None, AndMaybe=None, Not=None)


_TRUNCATED = (PrefixPlugin.PrefixNode, WildcardPlugin.WildcardNode, FuzzyTermPlugin.FuzzyTermNode)
_OPERAND = 'a proximity operand must be a word (sanction* too), a "phrase" or an (OR group)'


def _span(node, field: str, parser):
    """An operand as a span query in one field: a word, a phrase (in order, adjacent), a truncated, wildcard or
    fuzzy word (a Prefix, Wildcard or FuzzyTerm here, made an OR of the words it stands for once the index is
    known: search.prepare), or an OR of those."""
    if isinstance(node, ProximityGroup):
        return spans.SpanNear2([_span(node.nodes[0], field, parser), _span(node.nodes[1], field, parser)],
                               slop=node.slop, ordered=node.ordered)
    if isinstance(node, _TRUNCATED):
        here = copy.copy(node)
        here.set_fieldname(field)
        here.set_boost(1.0)                 # as for words: a proximity scores its operands unboosted
        return here.query(parser)
    if isinstance(node, (PhrasePlugin.PhraseNode, syntax.WordNode)):
        terms = _phrase_terms(node.text, field, parser)
        if not terms:
            raise QueryError(f"{node.text!r} has no words to search for")
        slop = getattr(node, "slop", 1) or 1
        slop += slop > 1                    # "a b"~N: at most N words between, as parser._user_slop counts
        return terms[0] if len(terms) == 1 else spans.SpanNear2(terms, slop=slop, ordered=True)
    if isinstance(node, syntax.GroupNode):
        # An OR group, or the parser's spreading of one word over the text fields: keep this field's part.
        here = [n for n in node.nodes if field in _fields(n)]
        if type(node).__name__ not in ("OrGroup", "Group") and len(here) > 1:
            raise QueryError(_OPERAND)
        parts = [_span(n, field, parser) for n in here]
        if not parts:
            raise QueryError("a proximity operand searches no field the other side searches")
        return parts[0] if len(parts) == 1 else SpanOr(parts)
    raise QueryError(_OPERAND)


_PATTERN = re.compile(r"[*?]")


def _positional(field: str | None) -> bool:
    """Whether queries may name the field and it keeps word positions (text fields; not place, date)."""
    return field in QUERY_SCHEMA and QUERY_SCHEMA[field].format.supports("positions")


def _phrase_terms(text: str, field: str, parser) -> list[wq.Query]:
    """A phrase's words as queries in one field; a truncated or wildcard word ("north kor*") a pattern, which
    search.prepare spells out as the index's words."""
    if not _PATTERN.search(text):
        return [wq.Term(field, t.text) for t in QUERY_SCHEMA[field].analyzer(text)]
    terms = []
    for part in text.split():
        part = part.strip(".,;:!\"'()")
        if not _PATTERN.search(part):
            terms += [wq.Term(field, t.text) for t in QUERY_SCHEMA[field].analyzer(part)]
            continue
        if part.endswith("*") and not _PATTERN.search(part[:-1]):
            node = PrefixPlugin.PrefixNode(part[:-1])
        else:
            node = WildcardPlugin.WildcardNode(part)
        node.set_fieldname(field)
        node.startchar = node.endchar = None       # Whoosh copies them onto the query it makes
        terms.append(node.query(parser))
    return terms


class PatternPhraseNode(PhrasePlugin.PhraseNode):
    """A phrase with a truncated or wildcard word in it ("north kor*"), searched as the span of its words in
    order; Whoosh's phrase would drop the "*" and look for "kor"."""

    def query(self, parser):
        q = _span(self, self.fieldname, parser)
        q.boost = self.boost
        return q


class PatternPhrasePlugin(Plugin):
    def filters(self, parser):
        return [(self.mark, 111)]              # once bare phrases have their fields (110)

    def mark(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                self.mark(parser, node)
            elif (type(node) is PhrasePlugin.PhraseNode and _PATTERN.search(node.text)
                  and _positional(node.fieldname)):
                marked = PatternPhraseNode(node.text, node.textstartchar, node.slop)
                marked.set_fieldname(node.fieldname)
                marked.set_boost(node.boost)
                marked.startchar, marked.endchar = node.startchar, node.endchar
                group[i] = marked
        return group


def spell_out(q: wq.Query, reader, known: dict | None = None) -> wq.Query:
    """q with every truncated, wildcard or fuzzy word inside a proximity made the OR of the index's words it
    stands for: Whoosh's span matchers (and matching._spans) take words, not patterns. Scored the same as the
    pattern outside a proximity (each word's BM25F, summed). A pattern that stands for no word becomes a word
    no text holds, so the proximity matches nothing. `known`: pattern -> its words, read already (search.prepare
    counts them; reading the lexicon again cost `export* w/4 wheat` 5-10 ms at 1M)."""
    if isinstance(q, spans.SpanQuery):
        if not any(isinstance(leaf, wq.MultiTerm) for leaf in q.leaves()):
            return q
        return q.apply(lambda sub: _words_of(sub, reader, known or {}))
    if q.is_leaf():
        return q
    done = {id(child): (child, spell_out(child, reader, known)) for child in q.children()}
    if all(new is old for old, new in done.values()):
        return q                                       # most queries: nothing to spell out, nothing rebuilt
    return q.apply(lambda sub: done[id(sub)][1])       # each child spelled out once (it reads the lexicon)


def _words_of(q: wq.Query, reader, known: dict) -> wq.Query:
    if isinstance(q, spans.SpanQuery):
        return q.apply(lambda sub: _words_of(sub, reader, known))
    if not isinstance(q, wq.MultiTerm):
        return q
    btexts = known.get(q)
    if btexts is None:
        btexts = list(q._btexts(reader))
    words = [wq.Term(q.fieldname, w.decode("utf-8") if isinstance(w, bytes) else w, boost=q.boost)
             for w in btexts]
    if not words:
        return wq.Term(q.fieldname, f"{q.text}*")        # no analysed word holds "*"
    return words[0] if len(words) == 1 else SpanOr(words)

