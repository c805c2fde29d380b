"""Scale: a synthetic archive of N articles made by recombining real Reuters and BBC sentences, titles, bylines,
datelines and dates (so term statistics stay realistic), indexed and queried by newssearch.

    python benchmarks/scale.py --articles 100000 [--out FILE] [--dir DIR [--queries-only]]

Reports docs/s, peak memory (this process and its worker processes), query p50/p95 on benchmarks/run.py's mix,
single hard queries (HARD) and the time to update 1,000 changed articles. Files are JSON Lines of 1,000
articles each."""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPORA = REPO.parent / "shared" / "corpora"

from newssearch import Index  # noqa: E402
from newssearch.indexer import worker_processes  # noqa: E402
from newssearch.readers import sgml  # noqa: E402

PER_FILE = 1000


def material():
    titles, sentences, bylines, datelines, dates = [], [], [], [], []
    for path in sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")):
        for a in sgml.read(str(path), lambda p: None):
            titles.append(a.title.title())
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", a.body) if 30 < len(s) < 400]
            if a.byline:
                bylines.append(a.byline)
            if a.dateline:
                datelines.append(a.dateline.split(",")[0].title())
            if a.date:
                dates.append(a.date)
    for path in sorted((CORPORA / "bbc").glob("*/*.txt")):
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
        titles.append(lines[0])
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(lines[1:])) if 30 < len(s) < 400]
    return titles, sentences, bylines, datelines, dates


def generate(folder: Path, n: int, seed: int = 1) -> None:
    titles, sentences, bylines, datelines, dates = material()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(0, n, PER_FILE):
        with open(folder / f"part-{f // PER_FILE:05d}.jsonl", "w", encoding="utf-8") as out:
            for i in range(f, min(n, f + PER_FILE)):
                paragraphs = [" ".join(rng.choices(sentences, k=rng.randint(2, 4))) for _ in range(rng.randint(2, 6))]
                body = f"{rng.choice(datelines).upper()} - " + "\n\n".join(paragraphs)
                date = rng.choice(dates).replace(year=rng.randint(1985, 2024))
                out.write(json.dumps({"id": str(i), "title": rng.choice(titles), "text": body,
                                      "author": rng.choice(bylines), "date": date.isoformat()}) + "\n")


def reset_peak() -> None:
    """Forget this process's peak so far (Linux), so the generator's material does not count as the writer's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process (since reset_peak) and of the largest worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        status = Path("/proc/self/status").read_text()
        own = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    except (OSError, AttributeError):
        pass
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def tree_rss_mb() -> int:
    """Resident memory now of this process and its worker processes, in MB (Linux; 0 elsewhere)."""
    total = 0
    try:
        pids = ["self", *Path("/proc/self/task", str(os.getpid()), "children").read_text().split()]
        for pid in pids:
            found = re.search(r"VmRSS:\s+(\d+)", Path("/proc", pid, "status").read_text())
            total += int(found.group(1)) if found else 0
    except OSError:
        pass
    return total // 1024


def query_times(ix) -> tuple[list[float], list[float]]:
    """Warm query times in ms, with snippets, over benchmarks/run.py's mix: (first use, repeated). A pass warms
    the searcher and the OS's file cache; then, with newssearch's posting cache emptied, a pass where every
    word is read for the first time (as in a fresh process), and after one more, a pass of repeated queries."""
    from run import QUERIES

    from newssearch.postings import POSTINGS

    def timed() -> list[float]:
        times = []
        for q in QUERIES:
            t = time.perf_counter()
            ix.search(q)
            times.append((time.perf_counter() - t) * 1000)
        return sorted(times)

    timed()
    POSTINGS.clear()
    first = timed()
    timed()
    return first, timed()


# Shapes that once took seconds at 1M, each timed alone: proximity over words, phrases, OR groups and
# truncated words, under hlead's lead, atleastN, and a common word's NOT.
HARD = ["bank w/3 rates", '"interest rates" w/10 cut', "oil w/5 (price OR prices OR cost)",
        "(wheat OR corn) w/4 export", 'hlead:("oil prices" w/5 opec)', "hlead:((oil OR gas) w/3 price)",
        "export* w/4 wheat", "atleast3(oil)", "atleast2(market) AND bank", "shares NOT stock"]


def median_of_3(search) -> tuple[float, object]:
    """The median time of three calls of search(), in ms, and what the last returned."""
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        found = search()
        runs.append((time.perf_counter() - t) * 1000)
    return sorted(runs)[1], found


def hard_times(ix) -> str:
    """A Markdown table of HARD: hits, the first time (posting cache emptied) and the median of 3 repeats."""
    from newssearch.postings import POSTINGS

    rows = ["| query | hits | first time | repeated (median of 3) |", "|---|---|---|---|"]
    for q in HARD:
        POSTINGS.clear()
        t = time.perf_counter()
        total = ix.search(q).total
        first = (time.perf_counter() - t) * 1000
        again, _ = median_of_3(lambda: ix.search(q))
        rows.append(f"| `{q}` | {total:,} | {first:.0f} ms | {again:.0f} ms |")
    return "\n".join(rows) + "\n"


# Queries that find nothing, most for a typo: each works out a "did you mean" (spelling.py), which once read
# every word of the typo's first letter in the index (50-300 ms at 100,000 articles, growing with the archive).
TYPOS = ["kremln putin", "crued oil", "goverment budjet", "elektion", "coffe prices", '"intrest rates"',
         "reagn tradde", "wheaxx exports", "xqzzy", "oil w/3 qqqq", "putin w/5 pyongyang", "opec w/2 brazil"]


def typo_times(ix) -> str:
    """p50 / slowest of TYPOS (median of 3 each), and how many found nothing and got a suggestion."""
    times, suggested, empty = [], 0, 0
    for q in TYPOS:
        ms, results = median_of_3(lambda: ix.search(q))
        times.append(ms)
        empty += results.total == 0
        suggested += results.did_you_mean is not None
    times.sort()
    return (f"| {len(TYPOS)} queries that find nothing ({empty} here), each with its \"did you mean\" worked out "
            f"({suggested} found): p50 / slowest | {times[len(times) // 2]:.0f} / {times[-1]:.0f} ms |\n")


def facet_times(ix) -> str:
    """Counting all five facets over every match of a common word and of everything (median of 3 each)."""
    cells = []
    for q in ("oil", "*"):
        ms, results = median_of_3(lambda: ix.search(q, limit=10, facets="place,country,byline,month,source"))
        cells.append(f"`{q}` ({results.total:,} matches) {ms:.0f} ms")
    return f"| query with all five facets counted over every match, top 10 with snippets | {', '.join(cells)} |\n"


def p50_p95(times: list[float]) -> str:
    return f"{times[len(times) // 2]:.0f} / {times[int(len(times) * 0.95)]:.0f} ms"


def progress_log(start: float):
    """on_progress for Index.add: every 100 files (100,000 articles), the rate of the last stretch on stderr,
    so one run shows whether indexing stays linear."""
    last = [start, 0]

    def report(done: int, total: int) -> None:
        if done % 100 and done != total:
            return
        now = time.perf_counter()
        rate = (done - last[1]) * PER_FILE / max(now - last[0], 1e-9)
        print(f"{done * PER_FILE:>9,} articles {now - start:7.0f} s  last stretch {rate:5.0f} docs/s  "
              f"RSS of indexer and workers {tree_rss_mb()} MB", file=sys.stderr, flush=True)
        last[:] = [now, done]
    return report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--dir", type=Path, help="work here and keep the archive and index (default: a temporary folder)")
    ap.add_argument("--queries-only", action="store_true", help="only time queries on the index kept in --dir")
    args = ap.parse_args()

    if args.queries_only:
        ix = Index.open(args.dir / "index")
        first, repeated = query_times(ix)
        print(f"| query p50 / p95 with snippets, {len(first)} queries, {len(ix):,} articles in "
              f"{len(ix._ix._segments())} segments: words read the first time / repeated | {p50_p95(first)} / "
              f"{p50_p95(repeated)} |\n" + typo_times(ix) + facet_times(ix))
        print(hard_times(ix))
        return
    tmp = args.dir or Path(tempfile.mkdtemp())
    try:
        start = time.perf_counter()
        generate(tmp / "archive", args.articles)
        gen_s = time.perf_counter() - start
        reset_peak()
        ix = Index.create(tmp / "index")
        start = time.perf_counter()
        summary = ix.add([tmp / "archive"], on_progress=progress_log(start))
        build_s = time.perf_counter() - start
        first, repeated = query_times(ix)
        hard = hard_times(ix)
        typos = typo_times(ix) + facet_times(ix)
        # Change 1,000 articles: rewrite one file with other sentences.
        changed = tmp / "archive" / "part-00000.jsonl"
        lines = [json.loads(x) for x in changed.read_text(encoding="utf-8").splitlines()]
        changed.write_text("\n".join(json.dumps(x | {"text": x["text"][::-1]}) for x in lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        update = ix.add([tmp / "archive"])
        update_s = time.perf_counter() - start
        segments = len(ix._ix._segments())
        ix.close()
        size = sum(p.stat().st_size for p in (tmp / "index").iterdir())
        own_mb, worker_mb = peak_mb()
        workers = worker_processes()
        text = (f"# Scale, {time.strftime('%Y-%m-%d')}\n\n| measure | value |\n|---|---|\n"
                f"| articles | {summary.articles:,} (generated in {gen_s:.0f} s) |\n"
                f"| build | {build_s:.0f} s, {summary.articles / build_s:,.0f} docs/s |\n"
                f"| peak memory: indexer process / largest of {workers} workers (each writes its segments) | "
                f"{own_mb:,.0f} / {worker_mb:,.0f} MB (together at most {own_mb + workers * worker_mb:,.0f}) |\n"
                f"| index size | {size / 2**20:,.0f} MB in {segments} segments |\n"
                f"| query p50 / p95 with snippets, {len(first)} queries: words read the first time | "
                f"{p50_p95(first)} |\n"
                f"| query p50 / p95 with snippets: repeated (posting cache) | {p50_p95(repeated)} |\n{typos}"
                f"| update of 1,000 changed articles | {update_s:.1f} s ({update.updated} file re-read, "
                f"{update.unchanged} unchanged) |\n\nSingle queries, with snippets:\n\n{hard}")
        print(text)
        if args.out:
            args.out.write_text(text)
    finally:
        if not args.dir:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
