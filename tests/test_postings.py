"""Posting lists, field lengths and dates read in bulk equal what Whoosh reads one posting at a time."""
from __future__ import annotations

import numpy as np
import pytest

from newssearch import Index, postings


@pytest.fixture(scope="module")
def reader(tmp_path_factory, reuters_000):
    ix = Index.create(tmp_path_factory.mktemp("reuters") / "index")
    ix.add([reuters_000])
    s = ix.searcher()
    (leaf, _), = s.leaf_searchers()
    yield leaf.reader()
    ix.close()


@pytest.mark.parametrize("with_positions", [True, False])
@pytest.mark.parametrize("field, word", [("body", "oil"), ("body", "the"), ("title", "profit"), ("place", "japan"),
                                         ("dateline", "york"), ("byline", "reuter"), ("body", "zinc"),
                                         ("body", "said")])
def test_read_equals_whoosh_matcher(reader, field, word, with_positions):
    btext = reader.schema[field].to_bytes(word)
    if (field, btext) not in reader:
        pytest.skip(f"{field}:{word} not in this index")
    postings.POSTINGS.clear()
    for _ in range(3):              # decoded where asked, decoded whole on the second use, then from the cache
        ids, weights, values = postings.read(reader, field, btext, positions=with_positions)
        m = reader.postings(field, btext)
        expected = []
        while m.is_active():
            expected.append((m.id(), m.weight(), m.value()))
            m.next()
        assert ids.tolist() == [e[0] for e in expected]
        assert weights.tolist() == [e[1] for e in expected]
        if with_positions and reader.schema[field].format.supports("positions"):
            fmt = reader.schema[field].format
            rows = np.arange(len(ids))
            assert values.keys(ids, rows).tolist() == sorted(
                (d << 32) | p for d, _, v in expected for p in fmt.decode_positions(v))
        else:
            assert values is None


def test_ids_and_weights_are_read_from_whooshs_block_pickles(reader):
    """Without positions, blocks of Whoosh's usual shape are parsed, not unpickled; the rest fall back to
    unpickling (tested equal above). Pins the layout of whoosh-reloaded 2.7.5's blocks."""
    parsed = fallback = 0
    for word in (b"said", b"the", b"oil", b"wheat"):
        m = reader._terms.matcher("body", word, reader.schema["body"].format)
        while True:
            found = postings._ids_and_weights(m, m._blocklength)
            m._read_data()
            ids, weights, _ = m._data
            if found is None:
                fallback += 1
            else:
                parsed += 1
                assert found[0].tolist() == list(ids)
                n = m._blocklength
                assert found[1].tolist() == ([1.0] * n if weights is None else
                                             list(weights) if isinstance(weights, tuple) else [weights] * n)
            if m._lastblock:
                break
            m._goto(m._nextoffset)
    assert parsed > 10 * fallback


def test_rare_terms_are_inlined_and_read_like_whooshs(reader):
    """A term in fewer than indexer.INLINE_BELOW articles keeps its postings in the term table; read equal to
    Whoosh's matcher of them (ids, weights, positions), the article ids included."""
    from newssearch.indexer import INLINE_BELOW

    inlined = 0
    for field in ("body", "id"):
        fmt = reader.schema[field].format
        for btext, info in reader.iter_field(field):
            assert info.is_inlined() == (info.doc_frequency() < INLINE_BELOW)
            if not info.is_inlined():
                continue
            inlined += 1
            if inlined % 7:
                continue                     # every seventh, to keep the test quick
            ids, weights, values = postings.read(reader, field, btext, positions=True)
            expected = _all(reader.postings(field, btext))
            assert ids.tolist() == [e[0] for e in expected]
            assert weights.tolist() == [e[1] for e in expected]
            if fmt.supports("positions"):
                assert values.keys(ids, np.arange(len(ids))).tolist() == sorted(
                    (d << 32) | p for d, _, v in expected for p in fmt.decode_positions(v))
    assert inlined > 1000


def _all(m):
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


def test_a_term_the_segment_lacks_reads_as_none(reader):
    assert ("body", b"zzyzx") not in reader
    assert postings.read(reader, "body", b"zzyzx", positions=True) is None
    assert postings.read(reader, "title", b"zzyzx") is None


def test_lengths_and_dates_equal_whoosh(reader):
    lengths = postings.lengths(reader, "body")
    assert [lengths[d] for d in range(0, 1000, 37)] == [reader.doc_field_length(d, "body", 0) or 0
                                                        for d in range(0, 1000, 37)]
    dates = postings.datesort(reader)
    column = reader.column_reader("datesort")
    assert dates.tolist() == [column[d] for d in range(reader.doc_count_all())]
    assert (dates > 19870000000000).mean() > 0.9


def test_positions_of_some_postings(reader):
    ids, _, positions = postings.read(reader, "body", b"oil", positions=True)
    fmt = reader.schema["body"].format
    m = reader.postings("body", b"oil")
    values = []
    while m.is_active():
        values.append(m.value())
        m.next()
    rows = np.array([3, 10, 11, 40])
    expected = sorted((int(ids[r]) << 32) | p for r in rows for p in fmt.decode_positions(values[r]))
    assert positions.keys(ids[rows], rows).tolist() == expected


def test_cache_stays_within_its_limit():
    cache = postings.PostingCache(limit_mb=1)
    item = (np.arange(10_000, dtype=np.int64), np.ones(10_000), None)      # 160 kB
    for n in range(20):
        cache.put(("k", n), item)
    assert cache.size <= cache.limit
    assert cache.get(("k", 0)) is None and cache.get(("k", 19)) is not None
    cache.put(("big",), (np.arange(100_000, dtype=np.int64), np.ones(100_000), None))
    assert cache.get(("big",)) is None                   # more than a quarter of the limit: not kept
