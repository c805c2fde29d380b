"""Country-level precision, recall and F1 of `countries` against Reuters-21578's own PLACES tags, beside geotext.

    python benchmarks/places.py [--files N] [--errors]

Every story with at least one PLACES tag counts; a story's gold set is its PLACES codes mapped to ISO 3166-1
(historic states to their successors, benchmarks/data/reuters_places.tsv); both systems read the same dateline,
title and body. Scores are micro-averaged over (story, country) pairs. Also times extraction alone."""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578"

from newssearch.extract.places import cities, dateline_place, find_mentions, fold, gazetteer, locate  # noqa: E402
from newssearch.readers import sgml  # noqa: E402
from newssearch.readers._io import read_text  # noqa: E402


def code_map() -> dict[str, str]:
    overrides = dict(line.split("\t") for line in (REPO / "benchmarks" / "data" / "reuters_places.tsv")
                     .read_text().splitlines() if line and not line.startswith("#"))
    names = {fold(p.country_name): p.country for p in gazetteer().values()}
    out = {}
    for code in (REUTERS / "all-places-strings.lc.txt").read_text().split():
        iso = overrides.get(code) or names.get(code.replace("-", " ")) or names.get(code)
        if not iso:
            raise SystemExit(f"no ISO code for Reuters place {code!r}: add it to benchmarks/data/reuters_places.tsv")
        out[code] = iso
    return out


def stories(files: int):
    """(newid, dateline, title, body, gold ISO codes) for every story; gold is empty where PLACES is."""
    codes = code_map()
    for path in sorted(REUTERS.glob("reut2-*.sgm"))[:files]:
        raw = read_text(path)
        gold = {m.group(1): re.findall(r"<D>(.*?)</D>", m.group(2))
                for m in re.finditer(r'NEWID="(\d+)">.*?<PLACES>(.*?)</PLACES>', raw, re.S)}
        for a in sgml.read(str(path), lambda p: None):
            yield a.key, a.dateline or "", a.title, a.body, {codes[c] for c in gold.get(a.key, [])}


def score(pairs):
    tp = sum(len(p & g) for p, g in pairs)
    fp = sum(len(p - g) for p, g in pairs)
    fn = sum(len(g - p) for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def classify(text_all: str, mentions, gold: set[str], predicted: set[str], errors: Counter, examples) -> None:
    by_country: dict[str, list] = {}
    for _, _, surface, place in mentions:
        by_country.setdefault(place.country, []).append((surface, place))
    for c in predicted - gold:
        surface, place = by_country[c][0]
        if place.kind == "city":
            kind = "false: a city read (not tagged)"
        elif place.kind == "region":
            kind = "false: a region read (not tagged)"
        elif fold(surface) == fold(place.name):
            kind = "false: country named, not tagged"
        else:
            kind = "false: demonym/alias named, not tagged"
        errors[kind] += 1
        examples[kind][surface] += 1
    names = {}
    for key, place in gazetteer().items():
        names.setdefault(place.country, []).append(key)
    lowered = fold(text_all)
    for c in gold - predicted:
        hit = next((k for k in names.get(c, []) if re.search(rf"\b{re.escape(k)}\b", lowered)), None)
        kind = "missed: named, but only in passing" if hit else "missed: not named in the text"
        errors[kind] += 1
        examples[kind][hit or c] += 1


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=20, help="how many reut2-*.sgm files (1,000 stories each)")
    ap.add_argument("--errors", action="store_true", help="print the commonest error examples")
    args = ap.parse_args()
    everything = list(stories(args.files))
    data = [d for d in everything if d[4]]
    gazetteer(), cities()                                  # built once per process, not per story

    start = time.perf_counter()
    found = {key: locate(d, t, b)[1] for key, d, t, b, _ in everything}
    all_s = time.perf_counter() - start
    ours = [(set(found[key]), g) for key, _, _, _, g in data]

    try:
        from geotext import GeoText
    except ImportError:
        GeoText = None
    theirs = None
    if GeoText:
        start = time.perf_counter()
        theirs = [(set(GeoText(f"{d}\n{t}\n{b}").country_mentions), g) for _, d, t, b, g in data]
        theirs_s = time.perf_counter() - start

    print(f"{len(data):,} Reuters-21578 stories with PLACES tags (of {len(everything):,}); places for all "
          f"{len(everything):,} stories took {all_s:.1f} s on one core.\n")
    print("| system | precision | recall | F1 | time on the tagged stories |\n|---|---|---|---|---|")
    print("| newssearch | {:.3f} | {:.3f} | {:.3f} | {:.1f} s |".format(*score(ours), all_s * len(data) / len(everything)))
    if theirs is not None:
        print("| geotext 0.4 | {:.3f} | {:.3f} | {:.3f} | {:.1f} s |".format(*score(theirs), theirs_s))
    else:
        print("| geotext | not installed (pip install geotext) | | | |")

    errors: Counter = Counter()
    examples: dict[str, Counter] = {}
    for (_, d, t, b, g), (p, _) in zip(data, ours):
        for kind in ("false: a city read (not tagged)", "false: a region read (not tagged)",
                     "false: country named, not tagged", "false: demonym/alias named, not tagged",
                     "missed: named, but only in passing", "missed: not named in the text"):
            examples.setdefault(kind, Counter())
        home = dateline_place(d)
        mentions = ([(0, 0, d, home)] if home else []) + find_mentions(t, b)
        classify(f"{d}\n{t}\n{b}", mentions, g, p, errors, examples)
    print("\n| error type | count | commonest |\n|---|---|---|")
    for kind, n in errors.most_common():
        common = ", ".join(f"{k} ({v})" for k, v in examples[kind].most_common(6 if args.errors else 4))
        print(f"| {kind} | {n:,} | {common} |")


if __name__ == "__main__":
    main()
