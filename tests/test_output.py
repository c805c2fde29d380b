"""What reaches a terminal or a program: escaped snippets, no control characters from documents."""
import json
import re

import click

from newssearch import Index
from newssearch.output import as_json, human, safe, snippet_for_terminal


def test_safe_drops_control_characters_but_keeps_text():
    assert safe("Red \x1b[31malert\x1b[0m\x07 caf\u00e9\n") == "Red [31malert[0m caf\u00e9\n"


def test_terminal_snippet_bolds_matches_and_unescapes():
    out = snippet_for_terminal("a &lt;b&gt; tag and <b>Putin</b>'s &amp; visit")
    assert out == "a <b> tag and " + click.style("Putin", bold=True) + "'s & visit"


def test_markup_in_articles_cannot_inject(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "x.txt").write_text("Council \x1b[2J vote <script>alert(1)</script> tonight\n\n"
                                "The council vote <script>alert(1)</script> was close, and the vote will be "
                                "repeated.", encoding="utf-8")
    with Index.create(tmp_path / "ix") as ix:
        ix.add([news], jobs=0)
        results = ix.search("vote")
    snippet = json.loads(as_json(results))["hits"][0]["snippets"][0]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "<b>vote</b>" in snippet
    text = human(results)
    assert "\x1b[2J" not in text
    assert set(re.findall(r"\x1b\[[0-9;]*[A-Za-z]", text)) <= {"\x1b[1m", "\x1b[0m"}   # only our own bold


def test_the_count_line_agrees_in_number(sample_index):
    assert click.unstyle(human(sample_index.search('"mutual defense pact"'))).startswith(
        "1 article matches '\"mutual defense pact\"'")
    assert click.unstyle(human(sample_index.search("Putin Pyongyang"))).startswith("3 articles match ")
