"""atleast3(sanctions): the word occurs at least three times in the article (title, byline, dateline and body
together, or in the field given, as in title:atleast2(oil)). Factiva and Nexis spell it the same way."""
from __future__ import annotations

from whoosh import matching
from whoosh import query as wq
from whoosh.qparser import TaggingPlugin, syntax

from ..schema import QUERY_SCHEMA, TEXT_FIELDS

EXPRESSION = r"(?i:atleast)(?P<n>\d+)\((?P<word>[^()\s]+)\)"
ALL_TEXT = "__text__"


class AtLeast(wq.Query):
    """Documents where the (analysed) word occurs at least n times across the fields."""

    def __init__(self, fieldnames: list[str], text: str, n: int, boost: float = 1.0,
                 limits: dict[str, int] | None = None):
        self.fieldnames, self.text, self.n, self.boost = list(fieldnames), text, n, boost
        self.fieldname = None      # several fields, counted together
        # field -> the last position counted in it (query/lead.py: hlead counts the body's lead only)
        self.limits = dict(limits or {})

    def __repr__(self):
        limits = f", limits={self.limits!r}" if self.limits else ""
        return f"AtLeast({self.fieldnames!r}, {self.text!r}, {self.n}{limits})"

    def __eq__(self, other):
        return (type(other) is type(self) and other.fieldnames == self.fieldnames and other.text == self.text
                and other.n == self.n and other.limits == self.limits)

    def __hash__(self):
        return hash((tuple(self.fieldnames), self.text, self.n, tuple(sorted(self.limits.items()))))

    def is_leaf(self):
        return True

    def terms(self, phrases=False):
        return [(f, self.text) for f in self.fieldnames]

    def estimate_size(self, ixreader):
        return sum(ixreader.doc_frequency(f, self.text) for f in self.fieldnames if (f, self.text) in ixreader)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        counts: dict[int, float] = {}
        for field in self.fieldnames:
            if (field, self.text) in reader:
                postings = reader.postings(field, self.text)
                limit = self.limits.get(field)
                while postings.is_active():
                    # The frequency, not weight(): weight carries the field boost (title x2.5).
                    found = (postings.value_as("frequency") if limit is None
                             else sum(p <= limit for p in postings.value_as("positions")))
                    if found:
                        counts[postings.id()] = counts.get(postings.id(), 0) + found
                    postings.next()
        ids = sorted(d for d, c in counts.items() if c >= self.n)
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, all_weights=self.boost)


class AtLeastNode(syntax.SyntaxNode):
    has_fieldname = True
    has_text = True

    def __init__(self, n: int, word: str):
        self.n, self.text, self.fieldname = n, word, None
        self.startchar = self.endchar = None
        self.boost = 1.0

    def r(self):
        return f"atleast{self.n}({self.text})"

    def query(self, parser):
        fields = list(TEXT_FIELDS) if self.fieldname in (None, ALL_TEXT) else [self.fieldname]
        if not set(fields) <= set(TEXT_FIELDS) | {"hlead"}:
            return wq.error_query(f"{self.fieldname}:atleast{self.n}(…): atleast counts words in text fields only")
        if self.n < 1:
            # atleast0 would be every article; it found those with the word once, as atleast1.
            return wq.error_query(f"atleast{self.n}({self.text}): count from 1 (atleast1 is the word anywhere)")
        words = [t.text for t in QUERY_SCHEMA[fields[0]].analyzer(self.text)] if fields[0] in QUERY_SCHEMA else []
        if len(words) != 1:
            return wq.error_query(f"atleast{self.n}({self.text}): give one word")
        return AtLeast(fields, words[0], self.n)


class AtLeastPlugin(TaggingPlugin):
    expr = EXPRESSION
    priority = -1              # before words are tagged

    def create(self, parser, match):
        return AtLeastNode(int(match.group("n")), match.group("word"))

    def filters(self, parser):
        return [(self.keep_whole, 105)]        # after field names (100), before words spread over fields (110)

    def keep_whole(self, parser, group):
        for node in group:
            if isinstance(node, syntax.GroupNode):
                self.keep_whole(parser, node)
            elif isinstance(node, AtLeastNode) and node.fieldname is None:
                node.fieldname = ALL_TEXT      # one count over all text fields, not one query per field
        return group
