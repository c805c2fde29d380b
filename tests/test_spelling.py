"""'Did you mean' on real stories: a close spelling that finds something, only when nothing was found."""
import json

import pytest
from click.testing import CliRunner

from newssearch import Index
from newssearch.cli import main


@pytest.fixture(scope="module")
def reuters(tmp_path_factory, reuters_000):
    ix = Index.create(tmp_path_factory.mktemp("spell") / "index")
    ix.add([reuters_000], jobs=0)
    yield ix
    ix.close()


@pytest.mark.parametrize("typed, meant", [
    ("crued oil", "crude oil"),
    ('"intrest rates"', '"interest rates"'),
    ("coffe prices", "coffee prices"),
    ("date:1987-03 tradde", "date:1987-03 trade"),
    ("presidnet reagan", "president reagan"),     # the stem "presid" is three edits from the typo
    ("elektion", "election"),                     # compared as the stories spell it, not as "elect"
])
def test_suggestions_that_find_something(reuters, typed, meant):
    results = reuters.search(typed)
    assert results.total == 0 and results.did_you_mean == meant
    assert reuters.search(meant).total > 0


def test_no_suggestion_when_something_matched_or_nothing_is_close(reuters):
    assert reuters.search("crude oil").did_you_mean is None
    assert reuters.search("zzzqqqxxx").did_you_mean is None


def test_cli_shows_it(reuters):
    out = CliRunner().invoke(main, ["query", "crued oil", "--index", str(reuters.path)])
    assert out.output.strip() == "No articles match 'crued oil'. Did you mean 'crude oil'?"
    data = json.loads(CliRunner().invoke(main, ["query", "crued oil", "--index", str(reuters.path), "--json"]).output)
    assert data["did_you_mean"] == "crude oil" and data["total"] == 0


def test_a_word_a_story_misspelt_too_may_still_be_the_typo(tmp_path, bbc):
    # "goverment" shares its stem "gover" with "governess" in one BBC story, so the index knows it.
    ix = Index.create(tmp_path / "ix")
    ix.add([bbc / "entertainment" / "021.txt", bbc / "business" / "002.txt", bbc / "business" / "012.txt"], jobs=0)
    assert ix.search("goverment").total == 1                       # found: no suggestion wanted
    results = ix.search("goverment budjet")
    assert results.total == 0 and results.did_you_mean == "government budget"
    assert ix.search("government budget").total > 0


@pytest.fixture(scope="module")
def business(tmp_path_factory, bbc):
    ix = Index.create(tmp_path_factory.mktemp("business") / "index")
    ix.add([bbc / "business"], jobs=0)
    yield ix
    ix.close()


@pytest.mark.parametrize("typed, meant", [("kremln putin", "kremlin putin"),
                                          ("russia yukos kremln", "russia yukos kremlin")])
def test_a_rare_word_that_is_right_stays_as_typed(business, monkeypatch, typed, meant):
    """In an archive of 42,750 stories mostly from 1987 and 1993, "putin" was rare enough to look like a typo,
    and was "corrected" with the misspelt word: "kremln putin" was "kremlin put". Here every word is rare."""
    monkeypatch.setattr("newssearch.spelling.RARE", 1)
    assert business.search(typed).did_you_mean == meant
