"""The command line end to end: the README's quick start, JSON output, exit codes and one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from newssearch.cli import main


@pytest.fixture(scope="module")
def sample_ix(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "index"
    result = CliRunner().invoke(main, ["index", str(SAMPLE), "--index", str(path), "--jobs", "0"])
    assert result.exit_code == 0, result.output
    assert "12 added" in result.output and "holds 20 articles" in result.output
    return path


def run(*args, env=None):
    return CliRunner().invoke(main, list(map(str, args)), env=env)


def as_json(*args):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_readme_example_finds_the_putin_story_first(sample_ix):
    out = as_json("query", "Putin Pyongyang", "--index", sample_ix)
    top = out["hits"][0]
    assert top["id"] == "pages/putin-pyongyang-visit.txt"
    assert any("<b>Putin</b>" in s and "<b>Pyongyang</b>" in s for s in top["snippets"])
    human = run("query", "Putin Pyongyang", "--index", sample_ix).output
    assert "1. Putin and Kim sign mutual defense pact during rare visit to Pyongyang" in human
    assert "2024-06-19 10:12 · by Mira Castellan · Pyongyang, North Korea" in human


def test_json_has_exactly_the_documented_shape(sample_ix):
    out = as_json("query", "*", "--index", sample_ix, "--limit", "0")
    assert set(out) == {"query", "total", "hits"} and out["total"] == len(out["hits"]) == 20
    for hit in out["hits"]:
        assert set(hit) == {"id", "path", "title", "byline", "date", "places", "countries", "score", "snippets"}
        assert isinstance(hit["score"], float) and isinstance(hit["snippets"], list)
        assert hit["date"] is None or len(hit["date"]) == 19 and hit["date"][10] == "T"
        assert all(len(c) == 2 and c.isupper() for c in hit["countries"])


def test_limit_sort_since_until(sample_ix):
    assert len(as_json("query", "*", "--index", sample_ix)["hits"]) == 10
    dated = as_json("query", "*", "--index", sample_ix, "--sort", "date", "--limit", "0")["hits"]
    dates = [h["date"] for h in dated]
    dated = [d for d in dates if d]
    assert dates == sorted(dated, reverse=True) + [None] * 3          # the three plain-text stories state no date
    june = as_json("query", "*", "--index", sample_ix, "--since", "2024-06-01", "--until", "2024-06-30", "--limit", "0")
    assert sorted(h["date"][:10] for h in june["hits"]) == ["2024-06-18", "2024-06-19", "2024-06-20"]
    assert as_json("query", "Putin date:2024-06-18", "--index", sample_ix)["total"] == 1
    assert as_json("query", "date:2024-06", "--index", sample_ix)["total"] == 3
    assert as_json("query", "date:[2024-06-19 TO]", "--index", sample_ix)["total"] == 4   # 19, 20 Jun, 11 Aug, 1 Sep
    # The dates as read are said: "No articles match 'Putin'" hid that --since had left them all out.
    assert june["dated"] == {"from": "2024-06-01T00:00:00", "to": "2024-06-30T23:59:59.999999"}
    assert run("query", "Putin", "--index", sample_ix, "--since", "2024-07").output.strip() == \
        "No articles match 'Putin' dated from 2024-07-01."
    assert run("query", "Putin", "--index", sample_ix, "--until", "2024-06-18 10:00").output.startswith(
        "No articles match 'Putin' dated up to 2024-06-18 10:00:")


def test_places_say_their_dates_too(sample_ix):
    out = as_json("places", "*", "--index", sample_ix, "--since", "2024-06-01", "--until", "2024-06-30")
    assert out["total"] == 3 and out["dated"] == {"from": "2024-06-01T00:00:00", "to": "2024-06-30T23:59:59.999999"}
    assert run("places", "Putin", "--index", sample_ix, "--since", "2024-07").output.strip() == \
        "No articles match 'Putin' dated from 2024-07-01."


def test_a_page_past_the_last_says_so(sample_ix):
    out = run("query", "*", "--index", sample_ix, "--limit", "3", "--page", "9").output
    assert out.strip() == "20 articles match '*'; page 9 is past the last (7)."


def test_fields_and_places(sample_ix):
    assert as_json("query", 'place:"North Korea"', "--index", sample_ix)["total"] == 4
    assert as_json("query", "author:castellan", "--index", sample_ix)["total"] == 1
    assert as_json("query", "country:PT", "--index", sample_ix)["hits"][0]["title"].startswith("Volunteers")
    assert as_json("query", '"mutual defense" OR "missile warning"', "--index", sample_ix)["total"] == 2


@pytest.mark.parametrize("query, message", [
    ("colour:red", "unknown field 'colour'"),
    ("date:yesterdayish", "cannot read 'yesterdayish' as a date"),
    ("", "empty query"),
    ("(Putin", 'malformed query: ignored an unmatched "("'),    # with --strict
])
def test_bad_queries_exit_2_with_one_line(sample_ix, query, message):
    result = run("query", query, "--index", sample_ix, "--strict")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: {result.output.strip()[7:]}"]
    assert message in result.output and "Traceback" not in result.output


def test_malformed_query_is_repaired_with_a_note(sample_ix):
    result = run("query", "(Putin Pyongyang", "--index", sample_ix, "--json")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[0] == 'note: ignored an unmatched "("'
    assert json.loads(lines[1])["hits"][0]["id"] == "pages/putin-pyongyang-visit.txt"


def test_bad_since_date(sample_ix):
    result = run("query", "Putin", "--index", sample_ix, "--since", "not-a-date")
    assert result.exit_code == 2 and "cannot read 'not-a-date' as a date" in result.output


def test_missing_index_says_what_to_run(tmp_path):
    result = run("query", "Putin", "--index", tmp_path / "none")
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "run `newssearch index" in result.output


def test_a_path_that_does_not_exist_is_a_bad_argument(tmp_path):
    result = run("index", tmp_path / "nowhere", "--index", tmp_path / "ix")
    assert result.exit_code == 2                         # the README: 2, bad arguments; 1 is for unreadable files
    assert result.output.strip() == f"error: no such file or folder: {tmp_path / 'nowhere'}"
    assert not (tmp_path / "ix").exists()               # no empty index left for a mistyped folder


def test_index_location_from_environment(sample_ix):
    result = run("query", "Putin", "--json", env={"NEWSSEARCH_INDEX": str(sample_ix)})
    assert result.exit_code == 0 and json.loads(result.output)["total"] == 3


def test_index_exit_status_and_summary_when_files_are_skipped(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "story.txt").write_text("Port strike ends\n\nDock workers returned on Monday.", encoding="utf-8")
    (news / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = run("index", news, "--index", tmp_path / "ix")
    assert result.exit_code == 1
    assert "1 added" in result.output and "1 skipped" in result.output
    assert "skipped " in result.output and "broken.txt: binary file, not text" in result.output
    again = run("index", news, "--index", tmp_path / "ix", "--rebuild")
    assert "1 added" in again.output and "holds 1 article." in again.output


def test_a_file_named_that_no_reader_knows_is_a_failure(tmp_path):
    # In a folder such a file is left alone (counted); named on its own it said so and exited 0.
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 not a news format")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "story.txt").write_text("Port strike ends\n\nDock workers returned on Monday.", encoding="utf-8")
    named = run("index", tmp_path / "report.pdf", tmp_path / "story.txt", "--index", tmp_path / "ix")
    assert named.exit_code == 1 and "1 added" in named.output
    assert f"skipped {tmp_path / 'report.pdf'}: not a format newssearch reads" in named.output
    folder = run("index", tmp_path, "--index", tmp_path / "ix")
    assert folder.exit_code == 0 and "Left alone 2 files of no known format." in folder.output


def test_real_process_no_traceback(sample_ix):
    """The installed entry point, as a user runs it: bad input is one line on stderr and exit 2."""
    proc = subprocess.run([sys.executable, "-m", "newssearch", "query", "Putin AND", "--index", str(sample_ix),
                           "--strict"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == 'error: malformed query: ignored "AND" with nothing on its right (without ' \
                                  '--strict it would be repaired)' and proc.stdout == ""
    ok = subprocess.run([sys.executable, "-m", "newssearch", "query", "Putin Pyongyang", "--index", str(sample_ix),
                         "--json"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and json.loads(ok.stdout)["hits"][0]["id"] == "pages/putin-pyongyang-visit.txt"


def test_reuters_through_the_cli_matches_the_library(tmp_path, reuters_000):
    from newssearch import Index

    assert run("index", reuters_000, "--index", tmp_path / "ix", "--jobs", "0").exit_code == 0
    cli = as_json("query", "(wheat OR corn) NOT export", "--index", tmp_path / "ix", "--limit", "0")
    with Index.open(tmp_path / "ix") as ix:
        lib = ix.search("(wheat OR corn) NOT export", limit=0)
    assert cli["total"] == lib.total > 0
    assert [h["id"] for h in cli["hits"]] == [h.id for h in lib.hits]
    assert all(h["id"].startswith("reut2-000.sgm#") for h in cli["hits"])


def test_show_similar_stats(sample_ix):
    shown = as_json("show", "wire/sample-wire.sgm#9003", "--index", sample_ix)
    assert shown["title"] == "PUTIN TO VISIT PYONGYANG, KREMLIN SAYS" and shown["date"] == "2024-06-18T11:02:00"
    assert "uid" not in shown and shown["body"].startswith("President Vladimir Putin")
    missing = run("show", "nope", "--index", sample_ix)
    assert missing.exit_code == 2 and "no article with id 'nope'" in missing.output
    similar = as_json("similar", "pages/putin-pyongyang-visit.txt", "--index", sample_ix, "--limit", "2")
    assert [h["id"] for h in similar["hits"]][:1] == ["wire/sample-wire.sgm#9003"]
    assert "pages/putin-pyongyang-visit.txt" not in [h["id"] for h in similar["hits"]]
    # The total counts every article sharing a chosen word, not the page (it said "2 articles match").
    assert len(similar["hits"]) == 2 and similar["total"] > 2
    bare = as_json("similar", "pages/putin-pyongyang-visit.txt", "--index", sample_ix, "--snippets", "0")
    assert bare["total"] == similar["total"] and all(h["snippets"] == [] for h in bare["hits"])
    stats = as_json("stats", "--index", sample_ix)
    assert (stats["articles"], stats["files"], stats["dated"]) == (20, 12, 17)
    assert (stats["first_month"], stats["last_month"]) == ("2023-11", "2024-09")
    assert run("stats", "--index", sample_ix).output.startswith("Index ")


def test_facets_and_pages_in_json(sample_ix):
    out = as_json("query", "*", "--index", sample_ix, "--facets", "country,month", "--limit", "5", "--page", "4")
    assert [h["id"] for h in out["hits"]] == [h["id"] for h in as_json("query", "*", "--index", sample_ix,
                                                                         "--limit", "0")["hits"][15:20]]
    assert out["facets"]["country"][0] == {"code": "KP", "name": "North Korea", "count": 4}
    assert sum(m["count"] for m in out["facets"]["month"]) == 17
    bad = run("query", "*", "--index", sample_ix, "--facets", "colour")
    assert bad.exit_code == 2 and "unknown facet 'colour'" in bad.output


def test_a_query_that_starts_with_a_minus_goes_after_two_dashes(sample_ix):
    # Without "--" the shell's "-pyongyang" is an option to click; after it, the words of a query.
    result = run("query", "--index", sample_ix, "--json", "--", "-pyongyang putin")
    assert result.exit_code == 0, result.output
    signed = json.loads(result.output)
    spelled = as_json("query", "putin NOT pyongyang", "--index", sample_ix)
    assert signed["total"] == spelled["total"] and [h["id"] for h in signed["hits"]] == \
        [h["id"] for h in spelled["hits"]]
    assert spelled["total"] < as_json("query", "putin", "--index", sample_ix)["total"]
    assert run("query", "--index", sample_ix, "-pyongyang putin").exit_code == 2


def test_a_query_process_imports_only_what_searching_needs(sample_ix):
    """A cold `newssearch query` pays for every module it imports (~290 ms in all, measured): indexing,
    extraction and dateutil's parser (~10 ms) wait until something asks for them, which a dated query does."""
    code = ("import sys\n"
            "from newssearch.cli import main\n"
            "def run(q):\n"
            "    try:\n"
            f"        main(['query', '--index', {str(sample_ix)!r}, '--json', q], standalone_mode=False)\n"
            "    except SystemExit as e:\n"
            "        assert not e.code, e.code\n"
            "run('Putin Pyongyang')\n"
            "unwanted = ('newssearch.indexer', 'newssearch.workers', 'newssearch.extract', 'newssearch.readers',\n"
            "            'dateutil.parser', 'whoosh.writing', 'multiprocessing', 'datasketch', 'trafilatura')\n"
            "loaded = [m for m in unwanted if m in sys.modules]\n"
            "assert not loaded, loaded\n"
            "run('date:\"June 2024\" putin')\n"
            "assert 'dateutil.parser' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    plain, dated = map(json.loads, done.stdout.splitlines())
    assert plain["total"] == 3 and "Pyongyang" in plain["hits"][0]["title"]
    assert dated["total"] and all(h["date"].startswith("2024-06") for h in dated["hits"])
