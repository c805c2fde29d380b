"""NewsPositions: positions written as plain numbers read back the same, one at a time (as Whoosh's matchers
read them) and many at once (as queries and positions files read them)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newssearch.analysis import UNCOUNTED
from newssearch.schema import SCHEMA, NewsPositions, decode_values

positions_lists = st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40, unique=True).map(sorted)


@given(st.lists(positions_lists, min_size=1, max_size=30))
def test_positions_read_back_one_at_a_time_and_all_at_once(lists):
    fmt = NewsPositions(field_boost=2.5)
    values = [fmt.encode(p) for p in lists]
    assert [fmt.decode_positions(v) for v in values] == lists
    assert [fmt.decode_frequency(v) for v in values] == [len(p) for p in lists]
    assert [fmt.decode_weight(v) for v in values] == [len(p) * 2.5 for p in lists]
    counts, flat = decode_values(values)
    assert counts.tolist() == [len(p) for p in lists]
    assert flat.tolist() == [x for p in lists for x in p]


def test_sixteen_bits_when_they_fit():
    fmt = NewsPositions()
    assert len(fmt.encode([1, 2, 65535])) == 4 + 3 * 2
    assert len(fmt.encode([1, 2, 65536])) == 4 + 3 * 4
    # One position (most postings) takes a shorter path to the same bytes: the count, then the number.
    assert fmt.encode([7]) == b"\x00\x00\x00\x01" + (7).to_bytes(2, "little")
    assert fmt.encode([65535]) == b"\x00\x00\x00\x01" + (65535).to_bytes(2, "little")
    assert fmt.encode([65536]) == b"\x00\x00\x00\x01" + (65536).to_bytes(4, "little")


def test_other_values_are_refused():
    from whoosh.formats import Positions

    with pytest.raises(ValueError):
        decode_values([Positions().encode([1, 2, 3])])


def test_text_fields_use_it():
    assert all(isinstance(SCHEMA[f].format, NewsPositions) for f in ("title", "body", "byline", "dateline", "hlead"))
    assert SCHEMA["title"].format.field_boost == 2.5


def test_text_field_postings_are_each_terms_count_weight_and_positions(bbc):
    from newssearch.analysis import term_positions

    story = (bbc / "business" / "001.txt").read_text(encoding="utf-8")
    long_story = " ".join([story] * 200)                     # positions past 16 bits: 32-bit values
    for name, text in [("body", story), ("title", story), ("body", long_story)]:
        field = SCHEMA[name]
        boost = field.format.field_boost
        expected = [(t.encode(), 0 if t in UNCOUNTED else len(p), len(p) * boost, field.format.encode(p))
                    for t, p in term_positions(text).items()]
        assert list(field.index(text)) == expected
    assert max(max(p) for p in term_positions(long_story).values()) > 65535


def test_a_fields_length_leaves_out_stop_words_which_stay_searchable(tmp_path):
    """BM25 divides a match's weight by the field's length: counted without stop words, a story is as long as
    what it says (Whoosh's StemmingAnalyzer drops them; ours keeps them for phrases)."""
    from whoosh.analysis import STOP_WORDS

    from newssearch import Index

    text = "The bank of England said that the rates will stay on hold for a while."
    (tmp_path / "a.txt").write_text("Rates on hold\n\n" + text, encoding="utf-8")
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "a.txt"], jobs=0)
    words = [w.lower() for w in re.findall(r"\w+", text)]
    with ix._ix.searcher() as s:
        assert s.reader().doc_field_length(0, "body") == len([w for w in words if w not in STOP_WORDS]) == 7
    assert ix.search('"bank of england"').total == 1 and ix.search("body:the").total == 1
    ix.close()
