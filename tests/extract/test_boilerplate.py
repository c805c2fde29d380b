"""Page text as people copy it from a browser, and plain text as in BBC News files."""
from datetime import datetime

from conftest import SAMPLE
from newssearch.extract.boilerplate import extract_page
from newssearch.readers._io import read_text


def page(name):
    return extract_page((SAMPLE / "pages" / name).read_text(encoding="utf-8"))


def test_scraped_page_headline_byline_date_and_clean_story():
    p = page("putin-pyongyang-visit.txt")
    assert p.title == "Putin and Kim sign mutual defense pact during rare visit to Pyongyang"
    assert p.byline == "Mira Castellan"
    assert p.date == datetime(2024, 6, 19, 10, 12)
    assert p.dateline == "PYONGYANG, North Korea"
    assert p.source == "VOA News"
    assert p.body.startswith("PYONGYANG, North Korea \u2014 Russian President Vladimir Putin")
    assert p.body.endswith("leaders in Hanoi on Thursday.")
    for chrome in ("Skip to main content", "Breaking News", "FILE -", "16x9 Image", "Voice of America", "Share"):
        assert chrome not in p.body


def test_wire_dateline_with_agency_and_updated_line():
    p = page("moscow-reaction.txt")
    assert p.title == "Kremlin says Pyongyang treaty is no threat to its neighbours"
    assert p.date == datetime(2024, 6, 20, 14, 5) and p.tz == "+00:00"
    assert p.byline == "Reuters"                 # no "By" line: the agency credit of the trailing block
    assert "Related Stories" not in p.body and "Copyright" not in p.body


def test_page_without_a_date_has_no_date():
    p = page("harbour-cleanup-no-date.txt")
    assert p.date is None                        # never the file's mtime, never today
    assert p.byline == "Joana Pires"
    assert "Share this article" not in p.body and "Sample caption" not in p.body


def test_mid_story_advertisement_is_dropped_but_story_goes_on():
    p = page("nairobi-startups.txt")
    assert "Advertisement" not in p.body
    assert p.body.endswith("fastest in the region.")
    assert p.byline == "Amina Odhiambo and Peter Njoroge"
    assert p.source == "AP"


def test_dateline_year_comes_from_the_page_or_not_at_all():
    story = "RIYADH, June 18 (Reuters) - Saudi Arabia will hold its oil output steady next month, officials said.\n"
    with_year = "Oil output held steady by producers\n\n" + story + "\nShare\nPage last checked on March 2, 2023\n"
    assert extract_page(with_year).date == datetime(2023, 6, 18)
    assert extract_page("Oil output held steady by producers\n\n" + story).date is None


def test_bbc_files_title_is_first_line_body_is_the_rest(bbc):
    files = sorted(bbc.glob("*/*.txt"))
    assert len(files) == 2225
    for f in files[::7]:                         # every 7th of the 2,225: all five topics, fast
        lines = read_text(f).splitlines()
        p = extract_page("\n".join(lines))
        assert p.title == " ".join(lines[0].split()), f
        assert " ".join(p.body.split()) == " ".join(" ".join(lines[1:]).split()), f
        assert p.byline is None and p.date is None, f


def test_bbc_match_report_keeps_its_short_lines(bbc):
    # Short lines ("Ewood Park", "2000 GMT") are the story's own in plain text, not page chrome.
    p = extract_page(read_text(bbc / "sport" / "179.txt"))
    assert p.body.startswith("Ewood Park")
    assert p.date is None                         # "Tuesday, 1 March" has no year; "2000 GMT" is a kick-off time
