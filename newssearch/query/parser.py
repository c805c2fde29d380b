"""The one query language of the CLI, the library and any server: Whoosh's parser, configured and checked.

Bare words search title, byline, dateline and body, ANDed; AND/OR/NOT and parentheses; "phrases" and
"phrases"~N; field:value with aliases; date:... read by query/dates.py; * alone is every article;
sanction* and wom?n, pyongang~1 (fuzzy), kim^2 (boost).
"""
from __future__ import annotations

import re
from functools import lru_cache

from whoosh import query as wq
from whoosh.qparser import (FieldAliasPlugin, FieldsPlugin, FuzzyTermPlugin, MultifieldPlugin, PhrasePlugin, Plugin,
                            PlusMinusPlugin, QueryParser, RangePlugin, SingleQuotePlugin, syntax)
from whoosh.qparser.plugins import RangePlugin as _Range
from whoosh.qparser.taggers import RegexTagger

from ..errors import QueryError
from ..schema import ALIASES, DATELINE_BOOST, QUERY_SCHEMA, SEARCHABLE, TEXT_FIELDS
from . import proximity
from .atleast import AtLeastPlugin
from .dates import since_until
from .lead import headline_or_lead

_OPERATOR = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD_NAMES = SEARCHABLE | {alias for names in ALIASES.values() for alias in names}
# Ranges need " TO " as a word, so "[October 2024 TO ...]" is not cut inside "October"; ends may be empty.
_RANGE = re.compile(
    r"(?P<open>\{|\[)\s*(?P<start>[^\]}]*?)\s*(?<![^\s\[{])[Tt][Oo](?![^\s\]}])\s*(?P<end>[^\]}]*?)\s*(?P<close>}|])"
)


class _RangeTagger(_Range.RangeTagger):
    def create(self, parser, match):
        return syntax.RangeNode(match.group("start") or None, match.group("end") or None,
                                match.group("open") == "{", match.group("close") == "}")


class _RangePlugin(RangePlugin):
    def taggers(self, parser):
        return [(_RangeTagger(_RANGE, "{", "}"), 1)]


def _self_parsing(node) -> bool:
    """Whether the node's field reads its own query text (date:)."""
    return node.fieldname in QUERY_SCHEMA and QUERY_SCHEMA[node.fieldname].self_parsing()


class _QuotedValuePlugin(Plugin):
    """date:"18 June 2024" is one value for the field to read, not a phrase of words."""

    def filters(self, parser):
        return [(self.unquote, 105)]   # after field names are attached (100), before bare words get all fields (110)

    def unquote(self, parser, group):
        nodes, i = list(group), 0
        del group[:]
        while i < len(nodes):
            node = nodes[i]
            if isinstance(node, syntax.GroupNode):
                node = self.unquote(parser, node)
            elif isinstance(node, PhrasePlugin.PhraseNode) and _self_parsing(node):
                node = self._word(node.fieldname, node.text, node.startchar, node.endchar)
            elif self._comparison_of_quoted(nodes, i):
                # date:>"18 June 2024": the field took the ">" alone, the quoted date followed as a phrase.
                i += 1
                node = self._word(node.fieldname, node.text + nodes[i].text, node.startchar, nodes[i].endchar)
            group.append(node)
            i += 1
        return group

    @staticmethod
    def _comparison_of_quoted(group, i: int) -> bool:
        node = group[i]
        return (isinstance(node, syntax.WordNode) and node.text in (">", ">=", "<", "<=") and i + 1 < len(group)
                and _self_parsing(node) and isinstance(group[i + 1], PhrasePlugin.PhraseNode)
                and group[i + 1].fieldname is None and group[i + 1].startchar == node.endchar)

    @staticmethod
    def _word(fieldname: str, text: str, startchar: int, endchar: int) -> syntax.WordNode:
        word = syntax.WordNode(text)
        word.set_fieldname(fieldname)
        word.startchar, word.endchar = startchar, endchar
        return word


class _FuzzyTermPlugin(FuzzyTermPlugin):
    """Joins "~1" to its word before the boost plugin's clean-up (also at priority 0, and first) looks for a
    node to boost: it found the bare "~1", and made "pyongang~1^3" a search for the word "3"."""

    def filters(self, parser):
        return [(self.do_fuzzyterms, -1)]


class _PlusMinusPlugin(PlusMinusPlugin):
    """-word excludes, as in web search and Lucene: "oil -opec" found only stories naming OPEC (the minus was
    dropped with the punctuation). A minus counts only at the start of a word, phrase or group, so "US-Japan",
    "now-7d" and "-5 degrees" stay as they were. +word needs nothing: every word is required already (Whoosh's
    plugin would make the unsigned words optional). Whoosh's plugin sorts only the top group; groups too here."""

    def __init__(self):
        super().__init__(plusexpr=r"(?!)", minusexpr=r"(?<![^\s(])-(?=[^\W\d]|[\"(])")

    def filters(self, parser):
        return [(self.do_plusminus, 520)]      # after a boost joins its word (510, where Whoosh puts this too)

    def do_plusminus(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_plusminus(parser, node)
        if not any(isinstance(node, self.Minus) for node in group):
            return group
        sorted_group = super().do_plusminus(parser, group)     # (what is kept) ANDNOT (what is banned)
        if not sorted_group[0]:
            # Whoosh's AndNot of nothing is what it bans: "oil w/3 (-gas)" searched oil w/3 gas.
            raise QueryError("a minus leaves words out of what the other words of its group find, and here "
                             "there are none (put it after a word: oil -opec)")
        sorted_group[0].set_boost(group.boost)  # a new group, and Whoosh's AndNot takes no boost: "(a -b)^3"
        return sorted_group


class _Parser(QueryParser):
    """Whoosh's parser, configured once, with its per-parse overhead taken out: the plugins' taggers and
    filters sorted once (Whoosh sorts them at every parse, 15 us), and tagging that jumps to the next place any
    tagger's pattern matches instead of trying all 21 at every character of every word (44 -> 9 us a query on
    the compare.py mix, sorting included). The nodes are Whoosh's own (tests/query/test_parser.py holds the
    two taggings equal)."""

    def freeze(self) -> None:
        self._taggers, self._filters = super().taggers(), super().filters()
        self._anywhere = _anywhere(self._taggers)

    def taggers(self):
        return self._taggers if "_taggers" in self.__dict__ else super().taggers()

    def filters(self):
        return self._filters if "_filters" in self.__dict__ else super().filters()

    def tag(self, text, pos=0, debug=False):
        if debug or self.__dict__.get("_anywhere") is None:
            return super().tag(text, pos, debug)
        stack, prev, taggers, find = [], pos, self._taggers, self._anywhere.search
        while pos < len(text):
            found = find(text, pos)
            if found is None:
                break
            pos = found.start()              # no tagger matches before it: Whoosh stepped over those one by one
            for tagger in taggers:
                node = tagger.match(self, text, pos)
                if node is not None:
                    if node.endchar <= pos:
                        raise ValueError(f"Token {tagger!r} did not move cursor forward ({text!r}, {pos})")
                    if prev < pos:
                        stack.append(_word(text, prev, pos))
                    stack.append(node)
                    prev = pos = node.endchar
                    break
            else:
                pos += 1
        if prev < len(text):
            stack.append(_word(text, prev, len(text)))
        return self.group(stack)


def _word(text: str, start: int, end: int) -> syntax.WordNode:
    node = syntax.WordNode(text[start:end])
    node.startchar, node.endchar = start, end
    return node


def _anywhere(taggers) -> re.Pattern | None:
    """One pattern matching wherever any of the taggers' patterns matches (None when one cannot be made: a
    tagger with a match of its own, or a back reference): their named groups unnamed, their flags scoped."""
    parts = []
    for tagger in taggers:
        expr = getattr(tagger, "expr", None)
        if type(tagger).match is not RegexTagger.match or expr is None or re.search(r"\(\?P=|\\\d", expr.pattern):
            return None
        flags = "".join(f for f, bit in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X)) if expr.flags & bit)
        pattern = re.sub(r"\(\?P<\w+>", "(?:", expr.pattern)
        parts.append(f"(?{flags}:{pattern}\n)" if flags else f"(?:{pattern})")
    return re.compile("|".join(parts)) if parts else None


@lru_cache(maxsize=1)
def _parser() -> QueryParser:
    qp = _Parser(None, QUERY_SCHEMA)            # Whoosh's MultifieldParser, made as it makes one
    qp.add_plugin(MultifieldPlugin(list(TEXT_FIELDS), fieldboosts={"dateline": DATELINE_BOOST}))
    qp.remove_plugin_class(SingleQuotePlugin)   # apostrophes are part of names ("Cote d'Ivoire")
    # A field needs its value right after the colon, so "Putin: the visit" stays words.
    qp.replace_plugin(FieldsPlugin(expr=r"(?P<text>[A-Za-z_]\w*):(?=\S)", remove_unknown=False))
    qp.remove_plugin_class(RangePlugin)
    qp.add_plugin(_RangePlugin())
    qp.add_plugin(FieldAliasPlugin(ALIASES))
    qp.add_plugin(_QuotedValuePlugin())
    qp.add_plugin(_FuzzyTermPlugin())             # pyongang~1: within one edit
    qp.add_plugin(proximity.plugin())             # w/5, pre/3, w/s, w/p
    qp.add_plugin(proximity.PatternPhrasePlugin())  # "north kor*"
    qp.add_plugin(AtLeastPlugin())                # atleast3(sanctions)
    qp.add_plugin(_PlusMinusPlugin())             # oil -opec
    qp.freeze()
    return qp


_TOKEN = re.compile(r'[^\s()"]*"[^"]*"(?:~\d+)?|\(|\)|[^\s()]+')
_PROXIMITY = re.compile(proximity.SPELLING)


def repair(text: str) -> tuple[str, list[str]]:
    """Whoosh repairs malformed queries in silence and sometimes crashes on them. Repair them ourselves
    and say what changed, one note each: a search box should find something, and the user should know why."""
    notes = []
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + text[cut + 1:]
        notes.append('ignored an unmatched "')
    kept, depth, dropped = [], 0, {"(": 0, ")": 0}
    for part in re.split(r'("[^"]*")', text):
        if part.startswith('"'):
            kept.append(part)
            continue
        out = []
        for ch in part:
            if ch == "(":
                depth += 1
            elif ch == ")":
                if not depth:
                    dropped[")"] += 1
                    continue
                depth -= 1
            out.append(ch)
        kept.append("".join(out))
    text = "".join(kept)
    while depth:                                  # drop the last unmatched "("s, outside phrases
        cut = max(i for i, ch in enumerate(text) if ch == "(" and text[:i].count('"') % 2 == 0)
        text, depth = text[:cut] + text[cut + 1:], depth - 1
        dropped["("] += 1
    notes += [f'ignored an unmatched "{p}"' + (f" ({n} times)" if n > 1 else "") for p, n in dropped.items() if n]
    outside = re.sub(r'"[^"]*"', "", text)
    if outside.count("[") + outside.count("{") > outside.count("]") + outside.count("}"):
        text += "]"
        notes.append('closed a range with "]"')
    found = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in found]
    out: list[str] = []
    field = None                                   # "title:" before its value: "title:(a OR b)", "title: putin"
    for i, tok in enumerate(tokens):
        kind = "BINARY" if (tok in _OPERATOR - {"NOT"} or _PROXIMITY.fullmatch(tok)) else tok
        nxt = next((t for t in tokens[i + 1:]), None)
        prev = out[-1] if out else None
        binary_prev = prev is None or prev == "(" or prev in _OPERATOR or bool(_PROXIMITY.fullmatch(prev or ""))
        if kind == "BINARY" and (binary_prev or nxt is None or nxt == ")"):
            notes.append(f'ignored "{tok}" with nothing on ' + ("its left" if binary_prev else "its right"))
            continue
        if tok.endswith(":") and tok[:-1].lower() in _FIELD_NAMES:
            if nxt is None or nxt == ")" or nxt in _OPERATOR or _PROXIMITY.fullmatch(nxt):
                notes.append(f'ignored "{tok}" with nothing after it')      # it searched for the word "title"
            else:
                field = tok                          # "title: putin" is title:putin, as in Lucene
                if found[i].end() < found[i + 1].start():
                    value = "(…)" if nxt == "(" else nxt
                    notes.append(f'read "{tok} {value}" as "{tok}{value}"')
            continue
        if tok == "NOT" and (nxt is None or nxt == ")" or nxt in _OPERATOR - {"NOT"}):
            notes.append('ignored "NOT" with nothing after it')
            continue
        if tok == "NOT" and prev == "NOT":             # NOT NOT x is x (and crashes Whoosh's parser)
            out.pop()
            notes.append('ignored "NOT NOT": they cancel out')
            continue
        out.append(field + tok if field else tok)
        field = None
    if notes:
        text = " ".join(out).replace("( ", "(").replace(" )", ")")
    return text, notes


def _user_slop(q: wq.Query) -> wq.Query:
    """"a b"~N means at most N words between a and b, in order (as in Lucene); Whoosh counts N-1."""
    if isinstance(q, wq.Phrase) and q.slop > 1:
        q.slop += 1
    for child in q.children():
        _user_slop(child)
    return q


def _check_tree(q: wq.Query) -> None:
    error = getattr(q, "error", None)
    if error:
        raise QueryError(str(error))
    for leaf in q.leaves() if not q.is_leaf() else [q]:
        if getattr(leaf, "error", None):
            raise QueryError(str(leaf.error))
        field = getattr(leaf, "fieldname", None)
        if field is not None and field not in SEARCHABLE:
            known = ", ".join(sorted(SEARCHABLE | {a for v in ALIASES.values() for a in v}))
            raise QueryError(f"unknown field {field!r} (fields: {known})")


def parse_query(text: str, since: str | None = None, until: str | None = None, *, strict: bool = False,
                notes: list[str] | None = None) -> wq.Query:
    """Parse a query string (plus optional --since/--until bounds) into a Whoosh query, or raise QueryError.

    Malformed syntax (unmatched quotes, brackets or parentheses, dangling operators) is repaired and each
    repair appended to `notes`; with strict, the first repair needed is raised as a QueryError instead.
    Unknown fields and unreadable dates are errors either way."""
    text = (text or "").strip()
    if not text:
        raise QueryError("empty query (use * to match every article)")
    fixed, repairs = repair(text)
    if repairs and strict:
        raise QueryError(f"malformed query: {repairs[0]} (without --strict it would be repaired)")
    if notes is not None:
        notes.extend(repairs)
    if not fixed.strip():
        raise QueryError(f"the query {text!r} has nothing to search for once repaired")
    if fixed.strip() == "*":
        q: wq.Query = wq.Every()
    else:
        try:
            q = _user_slop(_parser().parse(fixed))
        except (IndexError, KeyError, ValueError, TypeError, AttributeError) as e:
            # Whoosh's parser has corners that crash; the user still gets one line.
            raise QueryError(f"cannot read the query ({type(e).__name__}); check its operators and brackets") from None
        _check_tree(q)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            raise QueryError(f"the query {text!r} has no searchable words")
        q = headline_or_lead(q)
    dated = since_until(since, until)
    if dated:
        lo, hi = dated
        q = wq.And([q, wq.DateRange("date", lo, hi)]) if not isinstance(q, wq.Every) else wq.DateRange("date", lo, hi)
    return q
