"""Near-duplicate stories (the same wire story filed twice, lightly edited): MinHash of word shingles.

At index time each story gets LSH band keys: 16 bands of 8 MinHash values over its 5-word shingles
(datasketch). Two stories share a key with probability 1-(1-J^8)^16 for shingle Jaccard similarity J:
0.95 at J=0.8, 0.06 at J=0.5. The keys are kept in a column of the index (one value per story, no terms:
as indexed terms they were a quarter of build time), so `--collapse` can show one story per group and count
the others among all matches, and incremental runs need no state outside the index.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import zlib
from functools import lru_cache

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 16, 8
SHINGLE = 5
_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)          # odd: multiplying by it mod 2^64 loses nothing


@lru_cache(maxsize=1)
def _minhash_class():
    """datasketch's MinHash without running the package's __init__, which imports every sketch it has and,
    through MinHashLSH, scipy.integrate: 0.35 of the 0.36 s the import took, paid by every indexing worker
    at its start (tests/test_duplicates.py pins that scipy stays out). Once the module is loaded a plain
    `import datasketch` runs the full __init__ as usual and finds the same class."""
    if "datasketch" in sys.modules:
        from datasketch import MinHash
        return MinHash
    sys.modules["datasketch"] = importlib.util.module_from_spec(importlib.util.find_spec("datasketch"))
    try:
        from datasketch.minhash import MinHash
    finally:
        del sys.modules["datasketch"]
    return MinHash


@lru_cache(maxsize=1)
def _permutations():
    """Made once per process: MinHash draws them anew for every instance otherwise, the bulk of its cost."""
    MinHash = _minhash_class()
    m = MinHash(num_perm=NUM_PERM, seed=20241127)
    return m.permutations, m.scheme


def shingle_hashes(words: list[str]) -> np.ndarray:
    """A 32-bit hash of every distinct run of SHINGLE words: each word's CRC-32 once, a run's five combined
    with array arithmetic (mod 2^64) and the high half kept. Joining and SHA-1-hashing every run, as
    datasketch's default does, was 1.5 of its 2.6 CPU-s over 20,000 Reuters stories."""
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    run = np.zeros(n, dtype=np.uint64)
    for i in range(SHINGLE):
        run = (run + hashes[i:i + n]) * _MIX
    return np.unique(run >> np.uint64(32))


def band_keys(text: str | None) -> list[str]:
    """LSH band keys of a story's text; none for stories too short to judge (under SHINGLE + 5 words)."""
    MinHash = _minhash_class()
    words = _WORD.findall((text or "").lower())
    if len(words) < SHINGLE + 5:
        return []
    permutations, scheme = _permutations()
    # The hashes are made already: datasketch's hash function is then int.
    m = MinHash(num_perm=NUM_PERM, permutations=permutations, scheme=scheme, hashfunc=int)
    m.update_batch(shingle_hashes(words).tolist())
    values = m.hashvalues
    return [f"{b}:{hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=6).hexdigest()}"
            for b in range(BANDS)]


def key_reader(searcher):
    """docnum -> that story's band keys, read from its segment's dupkeys column."""
    from .schema import column

    value = column(searcher, "dupkeys")

    def keys_of(docnum: int) -> list[str]:
        found = value(docnum)
        return found.decode("ascii").split(",") if found else []
    return keys_of
