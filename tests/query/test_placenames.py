"""place: and country: values as people type them, read as the gazetteer reads a story, on the sample."""
import pytest
from whoosh import query as wq

from newssearch.errors import QueryError
from newssearch.query.placenames import read_places


def ids(ix, text):
    return {h.id for h in ix.search(text, limit=0).hits}


@pytest.mark.parametrize("typed, indexed", [
    ('place:"Sao Paulo"', 'place:"São Paulo"'),          # the index holds GeoNames' spelling, accents and all
    ("place:reykjavik", 'place:"Reykjavík"'),
    ("place:UK", 'place:"United Kingdom"'),               # an alias, as text matching reads it
    ("place:Britain", 'place:"United Kingdom"'),
    ("country:brazil", "country:BR"),
    ('country:"north korea"', "country:KP"),
])
def test_a_name_the_index_does_not_hold_is_read_as_the_gazetteer_reads_it(sample_index, typed, indexed):
    # Each found nothing: the index holds "são paulo", "united kingdom", "br".
    assert ids(sample_index, typed) == ids(sample_index, indexed) != set()


def test_a_value_the_index_holds_is_left_alone(sample_index):
    reader = sample_index.searcher().reader()
    for q in (wq.Term("place", "london"), wq.Term("country", "kp"), wq.Term("body", "uk")):
        assert read_places(q, reader) == q
    assert read_places(wq.Term("place", "uk"), reader) == wq.Or([wq.Term("place", "uk"),
                                                                  wq.Term("place", "united kingdom")])


def test_a_country_that_is_no_country_is_an_error(sample_index):
    with pytest.raises(QueryError, match="country:xx: not a country's ISO code or name$"):
        sample_index.search("country:xx")
    with pytest.raises(QueryError, match='did you mean country:"germany"'):
        sample_index.search("country:germny")
    with pytest.raises(QueryError, match="London is a city; place:london finds"):
        sample_index.search("country:london")
    assert sample_index.search("country:TV").total == 0          # a code, of no article here
