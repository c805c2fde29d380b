"""Place and country facets, and place:/country: queries end to end."""
import json

from click.testing import CliRunner

from newssearch import Index
from newssearch.cli import main


def test_facet_counts_agree_with_the_hits(sample_index):
    for query in ("*", "Putin", "date:2024"):
        facets = sample_index.places(query, limit=0)
        hits = sample_index.search(query, limit=0).hits
        assert facets.total == len(hits)
        for c in facets.countries:
            assert c.count == sum(c.code in h.countries for h in hits) > 0
        for p in facets.places:
            assert p.count == sum(p.name in h.places for h in hits) > 0
        counts = [c.count for c in facets.countries]
        assert counts == sorted(counts, reverse=True)


def test_place_query_knows_geography(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "only-city.txt").write_text("Parade held in the capital\n\nCrowds filled the squares of Pyongyang on "
                                        "Saturday for a military parade.", encoding="utf-8")
    (news / "passing.txt").write_text("Grain prices rise\n\nWheat prices rose in Chicago on Monday. Traders said "
                                      "demand was strong across the board and supplies were tight everywhere "
                                      "this season, with one exception: a small shipment to Pyongyang.",
                                      encoding="utf-8")
    with Index.create(tmp_path / "ix") as ix:
        ix.add([news], jobs=0)
        assert {h.id for h in ix.search('place:"North Korea"').hits} == {"only-city.txt", "passing.txt"}
        assert {h.id for h in ix.search("place:pyongyang").hits} == {"only-city.txt", "passing.txt"}
        assert {h.id for h in ix.search("country:KP").hits} == {"only-city.txt"}   # about it, not in passing
        assert {h.id for h in ix.search("country:us").hits} == {"passing.txt"}


def test_places_command(sample_index):
    path = sample_index.path
    out = CliRunner().invoke(main, ["places", "--index", str(path), "--json", "--limit", "3"])
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["total"] == 20 and len(data["countries"]) == 3 and len(data["places"]) == 3
    assert {p["kind"] for p in data["places"]} <= {"country", "region", "city"}
    assert data["countries"][0] == {"code": "KP", "name": "North Korea", "count": 4}
    text = CliRunner().invoke(main, ["places", "Putin", "--index", str(path)]).output
    assert text.startswith("3 articles match 'Putin'.") and "North Korea (KP)" in text and "Pyongyang" in text
    bad = CliRunner().invoke(main, ["places", "colour:red", "--index", str(path)])
    assert bad.exit_code == 2 and "unknown field 'colour'" in bad.output
