"""Snippets: the best passages of a story around the matched words, HTML-escaped, matches in <b>…</b>."""
from __future__ import annotations

import html

from whoosh import highlight

SNIPPET_CHARS = 240


class _ListFormatter(highlight.Formatter):
    """Whoosh joins fragments into one string; we keep them apart so each snippet stands alone."""

    def format_token(self, text, token, replace=False):
        return "<b>" + html.escape(highlight.get_text(text, token, replace)) + "</b>"

    def format_fragment(self, fragment, replace=False):
        out, index, text = [], fragment.startchar, fragment.text
        for t in fragment.matches:
            if t.startchar < index:
                continue
            out.append(html.escape(text[index:t.startchar]))
            out.append(self.format_token(text, t, replace))
            index = t.endchar
        out.append(html.escape(text[index:fragment.endchar]))
        snippet = " ".join("".join(out).split())
        return ("\u2026" if fragment.startchar > 0 else "") + snippet + ("\u2026" if fragment.endchar < len(text) else "")

    def format(self, fragments, replace=False):
        return [self.format_fragment(f, replace=replace) for f in fragments]


def highlighter(chars: int = SNIPPET_CHARS) -> highlight.Highlighter:
    fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=chars // 3)
    return highlight.Highlighter(fragmenter=fragmenter, formatter=_ListFormatter())


def snippets(hl: highlight.Highlighter, hit, count: int = 3, chars: int = SNIPPET_CHARS) -> list[str]:
    """Up to `count` highlighted passages of the body; the story's opening when the body holds no match."""
    if count <= 0:
        return []
    body = hit.get("body") or ""
    found = hl.highlight_hit(hit, "body", top=count) if body else []
    if found:
        return found
    lead = body[:chars].rsplit(" ", 1)[0] if len(body) > chars else body
    return [html.escape(lead) + ("\u2026" if len(body) > len(lead) else "")] if lead else []
