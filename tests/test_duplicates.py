"""Near-duplicates on real Reuters stories: the collection files some stories twice."""
from __future__ import annotations

import re

import pytest

from newssearch import Index
from newssearch.duplicates import band_keys, shingle_hashes


def shingles(text):
    words = re.findall(r"\w+", (text or "").lower())
    return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a | b else 0.0


@pytest.fixture(scope="module")
def reuters(tmp_path_factory, reuters_000):
    ix = Index.create(tmp_path_factory.mktemp("dups") / "index")
    ix.add([reuters_000], jobs=0)
    stored = {h.id: ix.get(h.id) for h in ix.search("*", limit=0).hits}
    yield ix, {i: shingles(s.get("body")) for i, s in stored.items()}, stored
    ix.close()


def pairs_sharing(sets: dict) -> set[tuple[str, str]]:
    by_item: dict = {}
    for i, items in sets.items():
        for x in items:
            by_item.setdefault(x, []).append(i)
    return {(a, b) for group in by_item.values() for n, a in enumerate(group) for b in group[n + 1:]}


def test_keys_find_the_near_duplicates_brute_force_finds(reuters):
    ix, sh, stored = reuters
    ids = [i for i, s in sh.items() if len(s) >= 10]
    # Brute force over every pair that shares a shingle (the rest have Jaccard 0).
    close = [(a, b) for a, b in pairs_sharing({i: sh[i] for i in ids}) if jaccard(sh[a], sh[b]) >= 0.9]
    assert len(close) >= 10, "Reuters-21578 files some stories twice; the test needs them"
    keys = {i: set(band_keys(stored[i]["body"])) for i in ids}
    assert all(keys[a] & keys[b] for a, b in close)                      # every very close pair is caught
    false = [(a, b) for a, b in pairs_sharing(keys) if jaccard(sh[a], sh[b]) < 0.3]
    assert len(false) <= len(ids) * (len(ids) - 1) / 2 * 0.001          # and hardly any unrelated pair


def test_shingle_hashes_tell_distinct_runs_apart(reuters):
    _, sh, _ = reuters
    every = sorted(set().union(*sh.values()))
    hashes = {int(shingle_hashes(run.split())[0]) for run in every}
    # 32 bits, like datasketch's SHA-1 default: n runs are expected to share n^2 / 2^33 hashes (0.4 here).
    assert len(every) > 50_000
    assert len(every) - len(hashes) <= 5
    assert shingle_hashes(["a", "b", "c", "d", "e", "a", "b", "c", "d", "e"]).size == 5                 # repeats count once
    assert shingle_hashes(["a", "b", "c", "d", "e"]).tolist() != shingle_hashes(["b", "a", "c", "d", "e"]).tolist()


def test_collapse_shows_one_story_per_group(reuters):
    ix, sh, _ = reuters
    plain = ix.search("bankamerica", limit=0)
    collapsed = ix.search("bankamerica", limit=10, collapse=True)
    assert collapsed.total == plain.total
    shown = [h.id for h in collapsed.hits]
    assert "reut2-000.sgm#16" in shown and "reut2-000.sgm#4" not in shown   # the same story, filed twice
    assert next(h for h in collapsed.hits if h.id == "reut2-000.sgm#16").similar == 1
    assert sum(1 + h.similar for h in collapsed.hits) == plain.total      # every match is shown or counted
    for n, a in enumerate(shown):
        for b in shown[n + 1:]:
            assert jaccard(sh[a], sh[b]) < 0.8


def test_collapse_in_json_and_pages(reuters):
    ix, _, _ = reuters
    first = ix.search("oil", limit=5, collapse=True)
    second = ix.search("oil", limit=5, page=2, collapse=True)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert all("similar" in h for h in first.to_json()["hits"])
    assert all("similar" not in h for h in ix.search("oil", limit=5).to_json()["hits"])


def test_band_keys_load_minhash_without_datasketchs_other_sketches():
    """duplicates._minhash_class works around datasketch's __init__ (it imports scipy for MinHashLSH):
    the keys must be those of datasketch's own MinHash, imported the usual way, and scipy must stay out."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newssearch.duplicates import band_keys\n"
        "text = ' '.join(f'word{i}' for i in range(60))\n"
        "light = band_keys(text)\n"
        "assert 'scipy' not in sys.modules, 'scipy was imported'\n"
        "import datasketch\n"
        "from newssearch import duplicates\n"
        "assert duplicates._minhash_class() is datasketch.MinHash\n"
        "duplicates._permutations.cache_clear()\n"
        "assert band_keys(text) == light and len(light) == 16\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
