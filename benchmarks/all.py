"""Every speed benchmark in one command, their tables gathered in one Markdown file.

    pip install -e '.[bench]' tantivy && python benchmarks/all.py [--articles 100000 ...] [--out benchmarks/RESULTS.md]

Runs, one after another so they do not share the machine: run.py (20,000 Reuters stories: build, warm
queries, cold CLI), compare.py (plain Whoosh, SQLite FTS5, tantivy and newssearch in one run, with relevance
on Reuters TOPICS) and scale.py for each --articles size (synthetic archives; 1,000,000 takes about an hour
on 2 cores). Each script can also be run alone; this file gathers their tables with the machine described."""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> str:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    try:
        mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal"))) / 2**20
        mem_text = f", {mem:.0f} GiB RAM"
    except (OSError, StopIteration):
        mem_text = ""
    return f"{cpu}, {os.cpu_count()} cores{mem_text}, {platform.system()}, Python {platform.python_version()}"


def section(script: str, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.md"
        start = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / script), *args, "--out", str(out)], check=True)
        text = out.read_text()
        took = time.perf_counter() - start
    body = text.split("\n", 1)[1].strip()          # their own "# Title" line becomes a section
    return f"## {script} {' '.join(args)}\n\n{body}\n\n(took {took:.0f} s)\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="*", default=[100_000])
    ap.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    parts = [section("run.py"), section("compare.py")]
    parts += [section("scale.py", "--articles", str(n)) for n in args.articles]
    text = (f"# Benchmark results, {time.strftime('%Y-%m-%d')}\n\nMachine: {machine()}.\n"
            "Regenerate with `python benchmarks/all.py`.\n\n" + "\n".join(parts))
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
