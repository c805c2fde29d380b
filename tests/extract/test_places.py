from newssearch.extract.places import find_places, fold, place_fields


def names(*texts):
    return place_fields(find_places(*texts))


def test_city_country_and_demonym_are_normalised():
    places, countries = names("PYONGYANG, North Korea", "Russian President Vladimir Putin arrived in Pyongyang.")
    assert places == ["Pyongyang", "North Korea", "Russia"]
    assert countries == ["KP", "RU"]


def test_dateline_comes_first():
    places, _ = names("MOSCOW", "Talks in Seoul", "Officials in Tokyo said")
    assert places[:3] == ["Moscow", "Seoul", "Tokyo"]


def test_abbreviations_and_historic_names_map_to_successor_codes():
    _, countries = names("The U.S. and the Soviet Union signed the pact; West Germany and Burma abstained.")
    assert countries == ["US", "RU", "DE", "MM"]


def test_all_caps_wire_headlines():
    places, countries = names("SAUDI ARABIA KEEPS OIL OUTPUT STEADY; NEW YORK PRICES FIRM")
    assert places == ["Saudi Arabia", "New York City"]
    assert countries == ["SA", "US"]


def test_lower_case_words_are_not_places():
    # "china" the porcelain, "turkey" the bird, "polish" the verb: only the capitalised word is a country.
    assert names("fine china, roast turkey and shoe polish") == ([], [])


def test_common_words_that_are_also_city_names_are_left_out():
    assert names("Nice weather on Reading day; Van Gogh; Male voters; Split decision")[0] == []


def test_possessive_and_accents():
    assert names("Brazil's bank in Sao Paulo")[0] == ["Brazil", "São Paulo"]
    assert fold("São Paulo") == "sao paulo"


def test_longest_name_wins():
    assert names("Flights to Mexico City were cancelled")[0] == ["Mexico City"]
    assert names("South Africa and South Korea")[1] == ["ZA", "KR"]


def test_washington_is_the_city():
    places, countries = names("WASHINGTON", "Officials in Washington said")
    assert places == ["Washington"] and countries == ["US"]
