"""Benchmarks: index build and query latency on the 20,000 Reuters-21578 stories of ../shared/corpora.

    python benchmarks/run.py [--out benchmarks/RESULTS.md]

Prints a Markdown table (and writes it with --out). Timings are wall-clock on this machine; run it before and
after a change that touches indexing or search, and compare."""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578"
QUERIES = [
    "oil", "oil prices", "wheat OR corn", "trade NOT japan", "(coffee OR cocoa) AND brazil", '"interest rates"',
    '"bank of england"', '"oil prices"~3', "title:opec", "byline:gabbett", "place:japan", "country:BR",
    "date:1987-03-02", "date:[1987-03-01 TO 1987-03-15] gold", "dollar yen", "merger AND acquisition",
    '"crude oil" OR "natural gas"', "tax", "takeover bid", "shares NOT stock", "place:\"United Kingdom\" bank",
    "sugar exports", "dividend", "loss", "profit", "federal reserve", "unemployment rate", "inflation",
    "grain", "soybeans", "copper", "shipping", "strike", "tin", "rubber", "cotton", "earnings", "debt",
    "brazil debt", "mexico oil", "canada", "france", "germany", "china", "ussr", "iran", "iraq", "kuwait",
    "title:dlrs", "*",
]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_build(index_dir: Path) -> tuple[float, int]:
    from newssearch import Index

    files = sorted(REUTERS.glob("reut2-*.sgm"))
    start = time.perf_counter()
    ix = Index.create(index_dir)
    summary = ix.add(files)
    elapsed = time.perf_counter() - start
    ix.close()
    return elapsed, summary.articles


def bench_queries(index_dir: Path, snippets: int, rounds: int = 3) -> list[float]:
    from newssearch import Index

    ix = Index.open(index_dir)
    for q in QUERIES:                                      # warm: searcher open, caches filled
        ix.search(q, snippets=snippets)
    times = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            ix.search(q, limit=10, snippets=snippets)
            times.append((time.perf_counter() - t) * 1000)
    ix.close()
    return times


def bench_cold_cli(index_dir: Path, runs: int = 7) -> list[float]:
    """A new process each run, with newssearch's bytecode cached as after any first run: one untimed run
    writes it. This machine's environment sets PYTHONDONTWRITEBYTECODE=1, under which every run compiled the
    editable install's sources again (35 ms of ~290: 15 runs each, alternating)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "newssearch", "query", "oil prices", "--index", str(index_dir)]
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"error: {REUTERS} not found")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        build_s, docs = bench_build(index_dir)
        bare = bench_queries(index_dir, snippets=0)
        with_snippets = bench_queries(index_dir, snippets=3)
        cold = bench_cold_cli(index_dir)
    rows = [
        "| measure | value |", "|---|---|",
        f"| index build, {docs:,} Reuters stories (read, extract, write) | {build_s:.1f} s ({docs / build_s:,.0f} docs/s) |",
        f"| warm library query, top 10, no snippets: p50 / p95 | {percentile(bare, 50):.1f} / {percentile(bare, 95):.1f} ms |",
        f"| warm library query + 3 snippets, top 10: p50 / p95 | {percentile(with_snippets, 50):.1f} / "
        f"{percentile(with_snippets, 95):.1f} ms |",
        f"| cold `newssearch query` process, median of {len(cold)} | {statistics.median(cold):.0f} ms |",
    ]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    text = (f"# Benchmark results\n\n{time.strftime('%Y-%m-%d')}, {machine}; {len(QUERIES)} queries × 3 rounds.\n\n"
            + "\n".join(rows) + "\n")
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
