"""newssearch beside plain Whoosh, SQLite FTS5 and tantivy, in one run on the 20,000 Reuters-21578 stories.

    pip install -e '.[bench]' && python benchmarks/compare.py [--rounds N] [--out FILE]

Build: plain engines index pre-parsed title and body (parsing not timed); newssearch reads the SGML files,
extracts and writes (all timed). Plain Whoosh builds in a fresh interpreter, without newssearch's changes
to Whoosh. Engines build in turn, alternating order each round; medians reported.
Query: the boolean/phrase part of benchmarks/run.py's mix that every engine can express, warm, top 10
with and without snippets. Relevance: Reuters TOPICS as judgments, each topic's description in
cat-descriptions_120396.txt as its query (words ORed, ranked), nDCG@10 and MAP over topics with 5+ stories;
the file names 57 topics ("Money Supply (MONEY-SUPPLY)") and lists the 78 commodity codes bare, so a
commodity's query is its code's words ("VEG-OIL": veg OR oil). The named topics are also reported alone."""
from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578"

from newssearch import Index  # noqa: E402
from newssearch.readers import sgml  # noqa: E402
from newssearch.readers._io import read_text  # noqa: E402

# (newssearch / Whoosh / tantivy syntax, FTS5 syntax)
QUERIES = [
    ("oil", "oil"), ("oil prices", "oil prices"), ("wheat OR corn", "wheat OR corn"),
    ("trade NOT japan", "trade NOT japan"), ("(coffee OR cocoa) AND brazil", "(coffee OR cocoa) AND brazil"),
    ('"interest rates"', '"interest rates"'), ('"bank of england"', '"bank of england"'),
    ("title:opec", "title:opec"), ("dollar yen", "dollar yen"), ("merger AND acquisition", "merger AND acquisition"),
    ('"crude oil" OR "natural gas"', '"crude oil" OR "natural gas"'), ("tax", "tax"), ("takeover bid", "takeover bid"),
    ("shares NOT stock", "shares NOT stock"), ("sugar exports", "sugar exports"), ("dividend", "dividend"),
    ("loss", "loss"), ("profit", "profit"), ('"federal reserve"', '"federal reserve"'), ("inflation", "inflation"),
    ("grain", "grain"), ("soybeans", "soybeans"), ("copper", "copper"), ("shipping", "shipping"),
    ("strike", "strike"), ("rubber", "rubber"), ("cotton", "cotton"), ("earnings", "earnings"), ("debt", "debt"),
    ("brazil debt", "brazil debt"), ("mexico oil", "mexico oil"), ("canada", "canada"), ("france", "france"),
    ("germany", "germany"), ("china", "china"), ("iran", "iran"), ("iraq", "iraq"), ("kuwait", "kuwait"),
    ("title:dlrs", "title:dlrs"), ("gold OR silver", "gold OR silver"), ("unemployment rate", "unemployment rate"),
    ("coffee quota", "coffee quota"), ('"trade deficit"', '"trade deficit"'), ("bank NOT rate", "bank NOT rate"),
    ("tin", "tin"), ("steel imports", "steel imports"), ("airline", "airline"), ("opec output", "opec output"),
    ("yen dollar intervention", "yen dollar intervention"), ("money supply", "money supply"),
]


def stories():
    out = []
    for path in sorted(REUTERS.glob("reut2-*.sgm")):
        raw = read_text(path)
        topics = {m.group(1): re.findall(r"<D>(.*?)</D>", m.group(2))
                  for m in re.finditer(r'NEWID="(\d+)">.*?<TOPICS>(.*?)</TOPICS>', raw, re.S)}
        for a in sgml.read(str(path), lambda p: None):
            out.append((a.key, a.title, a.body, set(topics.get(a.key, []))))
    return out


_PLAIN_WHOOSH = """
import pickle, sys, time
from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
folder, source = sys.argv[1:3]
with open(source, "rb") as f:
    docs = pickle.load(f)
start = time.perf_counter()
schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT(StemmingAnalyzer(), stored=True, field_boost=2.5),
                       body=fields.TEXT(StemmingAnalyzer(), stored=True))
ix = index.create_in(folder, schema)
w = ix.writer(limitmb=256)
for key, title, body in docs:
    w.add_document(id=key, title=title, body=body)
w.commit()
print(time.perf_counter() - start)
"""


def build_whoosh(folder, docs):
    """Plain Whoosh's single writer, timed in a fresh interpreter: this process has imported newssearch,
    whose whoosh_fixes make Whoosh's commit faster (about 6% on this build), and plain means without them."""
    import pickle
    import subprocess

    from whoosh import index

    source = Path(folder).with_suffix(".pickle")
    source.write_bytes(pickle.dumps([(k, t, b) for k, t, b, _ in docs]))
    out = subprocess.run([sys.executable, "-c", _PLAIN_WHOOSH, str(folder), str(source)], check=True,
                         capture_output=True, text=True).stdout
    source.unlink()
    return float(out.split()[-1]), index.open_dir(str(folder))


def build_fts5(path, docs):
    db = sqlite3.connect(str(path))
    db.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, body, tokenize='porter')")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", [(k, t, b) for k, t, b, _ in docs])
    db.commit()
    return db


def build_tantivy(folder, docs):
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True)
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
    ix = tantivy.Index(sb.build(), path=str(folder))
    w = ix.writer()
    for key, title, body, _ in docs:
        w.add_document(tantivy.Document(id=key, title=title, body=body))
    w.commit()
    ix.reload()
    return ix


def build_newssearch(folder):
    ix = Index.create(folder)
    ix.add(sorted(REUTERS.glob("reut2-*.sgm")))
    return ix


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def search_fns(engines):
    from whoosh import highlight, qparser

    wix = engines["plain Whoosh"]
    wsearcher = wix.searcher()
    wparser = qparser.MultifieldParser(["title", "body"], wix.schema)
    db = engines["SQLite FTS5"]
    nix = engines["newssearch"]
    out = {}

    def whoosh(q, snippets):
        r = wsearcher.search(wparser.parse(q), limit=10)
        ids = [h["id"] for h in r]
        if snippets:
            r.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=80)
            [h.highlights("body", top=3) for h in r]
        return ids
    out["plain Whoosh"] = whoosh

    def fts5(q, snippets):
        cols = "id, snippet(t, 2, '<b>', '</b>', '…', 24)" if snippets else "id"
        rows = db.execute(f"SELECT {cols} FROM t WHERE t MATCH ? ORDER BY bm25(t, 0, 2.5, 1) LIMIT 10", (q,)).fetchall()
        return [r[0] for r in rows]
    out["SQLite FTS5"] = fts5

    def ours(q, snippets):
        return [h.id.split("#")[-1] for h in nix.search(q, limit=10, snippets=3 if snippets else 0).hits]
    out["newssearch"] = ours

    if "tantivy" in engines:
        tix = engines["tantivy"]
        tsearcher = tix.searcher()

        def tantivy_search(q, snippets):
            query = tix.parse_query(q.replace(" NOT ", " -").replace("NOT ", "-"), ["title", "body"])
            hits = tsearcher.search(query, 10).hits
            docs = [tsearcher.doc(addr) for _, addr in hits]
            if snippets:
                import tantivy
                gen = tantivy.SnippetGenerator.create(tsearcher, query, tix.schema, "body")
                [gen.snippet_from_doc(d).to_html() for d in docs]
            return [d["id"][0] for d in docs]
        out["tantivy"] = tantivy_search
    return out


def latencies(fn, queries, snippets, rounds=3):
    for q in queries:
        fn(q, snippets)
    times = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            fn(q, snippets)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95)]


def topics() -> dict[str, tuple[str, bool]]:
    """Each subject code: (its description, whether the file names it or only lists the code)."""
    text = (REUTERS / "cat-descriptions_120396.txt").read_text(encoding="latin-1")
    start = text.index("****Subject Codes")
    out = {}
    for line in text[start:].splitlines()[1:]:
        if line.startswith(("____", "@")):
            break                                  # the next section: organisations, people, …
        named = re.fullmatch(r"([A-Z][^()]+?) \(([A-Z][A-Z-]+)\)\s*", line)
        if named:
            out[named.group(2).lower()] = (named.group(1), True)
        elif re.fullmatch(r"[A-Z][A-Z-]+\s*", line):
            out[line.strip().lower()] = (line.strip(), False)
    return out


def relevance(fns, docs):
    judged: dict[str, set[str]] = {}
    for key, _, _, ts in docs:
        for t in ts:
            judged.setdefault(t, set()).add(key)
    results = {name: ([], []) for name in fns}
    named_topics = []
    for code, (name, named) in topics().items():
        relevant = judged.get(code, set())
        if len(relevant) < 5:
            continue
        words = [w for w in re.findall(r"[a-z]+", name.lower()) if len(w) > 2 and w not in ("and", "the")]
        if not words:
            continue
        named_topics.append(named)
        for engine, fn in fns.items():
            ranked = fn(" OR ".join(words), False)
            ndcg, ap = scores(ranked, relevant)
            results[engine][0].append(ndcg)
            results[engine][1].append(ap)
    # Per engine: nDCG@10 and MAP means, topics, per-topic nDCG@10, and nDCG@10 over the named topics alone.
    return {e: (statistics.mean(n), statistics.mean(a), len(n), n,
                statistics.mean(x for x, keep in zip(n, named_topics) if keep), sum(named_topics))
            for e, (n, a) in results.items()}


def paired_interval(ours: list[float], theirs: list[float], rounds: int = 10_000) -> tuple[float, float, float]:
    """Mean per-topic difference and its 95% bootstrap interval (topics resampled, seeded): whether a gap
    in nDCG@10 over a few dozen topics is more than which topics happened to be judged."""
    diffs = [a - b for a, b in zip(ours, theirs)]
    rng = random.Random(0)
    means = sorted(statistics.mean(rng.choices(diffs, k=len(diffs))) for _ in range(rounds))
    return statistics.mean(diffs), means[int(rounds * 0.025)], means[int(rounds * 0.975)]


def scores(ranked, relevant):
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    hits, precisions = 0, []
    for i, d in enumerate(ranked, 1):
        if d in relevant:
            hits += 1
            precisions.append(hits / i)
    return dcg / ideal, sum(precisions) / len(relevant)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    docs = stories()
    builds: dict[str, list[float]] = {}
    engines = {}
    tmp = Path(tempfile.mkdtemp())
    try:
        order = ["plain Whoosh", "SQLite FTS5", "tantivy", "newssearch"]
        for r in range(args.rounds):
            for name in (order if r % 2 == 0 else order[::-1]):
                folder = tmp / f"{name.replace(' ', '_')}_{r}"
                if name == "plain Whoosh":
                    folder.mkdir()
                    t, ix = build_whoosh(folder, docs)
                elif name == "SQLite FTS5":
                    t, ix = timed(build_fts5, folder.with_suffix(".db"), docs)
                elif name == "tantivy":
                    try:
                        import tantivy  # noqa: F401
                    except ImportError:
                        continue
                    folder.mkdir()
                    t, ix = timed(build_tantivy, folder, docs)
                else:
                    t, ix = timed(build_newssearch, folder)
                builds.setdefault(name, []).append(t)
                engines[name] = ix
        fns = search_fns(engines)
        fns_for_relevance = dict(fns)
        fns_for_relevance["newssearch"] = lambda q, s: [h.id.split("#")[-1] for h in
                                                        engines["newssearch"].search(q, limit=1000, snippets=0).hits]
        fns_for_relevance["plain Whoosh"] = _whoosh_deep(engines["plain Whoosh"])
        fns_for_relevance["SQLite FTS5"] = lambda q, s: [r[0] for r in engines["SQLite FTS5"].execute(
            "SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t, 0, 2.5, 1) LIMIT 1000", (q,)).fetchall()]
        if "tantivy" in engines:
            tix = engines["tantivy"]
            fns_for_relevance["tantivy"] = lambda q, s: [tix.searcher().doc(a)["id"][0] for _, a in
                                                         tix.searcher().search(tix.parse_query(q, ["title", "body"]),
                                                                               1000).hits]
        rows = ["| engine | build (median) | docs/s | query p50 / p95 | query + snippets p50 / p95 | nDCG@10 | MAP |",
                "|---|---|---|---|---|---|---|"]
        rel = relevance(fns_for_relevance, docs)
        for name, fn in fns.items():
            queries = [q[1] if name == "SQLite FTS5" else q[0] for q in QUERIES]
            p50, p95 = latencies(fn, queries, False)
            s50, s95 = latencies(fn, queries, True)
            b = statistics.median(builds[name])
            n, m, k = rel[name][:3]
            rows.append(f"| {name} | {b:.1f} s | {len(docs) / b:,.0f} | {p50:.2f} / {p95:.2f} ms | "
                        f"{s50:.2f} / {s95:.2f} ms | {n:.3f} | {m:.3f} |")
        best = max((e for e in rel if e != "newssearch"), key=lambda e: rel[e][0])
        diff, low, high = paired_interval(rel["newssearch"][3], rel[best][3])
        named = rel["newssearch"][5]
        text = (f"# Comparison, {time.strftime('%Y-%m-%d')}\n\n{len(docs):,} Reuters-21578 stories; {args.rounds} build "
                f"rounds; {len(QUERIES)} queries x 3 rounds; relevance over {k} TOPICS.\n\n" + "\n".join(rows) + "\n"
                f"\nnDCG@10, newssearch minus the best other ({best}), per topic: {diff:+.3f}, 95% bootstrap "
                f"interval [{low:+.3f}, {high:+.3f}]. Over the {named} topics the file names alone (the rest are "
                f"commodities it lists by code), nDCG@10: "
                + ", ".join(f"{e} {rel[e][4]:.3f}" for e in rel) + ".\n")
        print(text)
        if args.out:
            args.out.write_text(text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _whoosh_deep(wix):
    from whoosh import qparser
    s = wix.searcher()
    p = qparser.MultifieldParser(["title", "body"], wix.schema)
    return lambda q, _: [h["id"] for h in s.search(p.parse(q), limit=1000)]


if __name__ == "__main__":
    main()
