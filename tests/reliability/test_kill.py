"""SIGKILL at several points of an index run: the last committed index stays readable with the same results,
no file is half in it, and the next run completes the work."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import corpus
from newssearch import Index, IndexMissingError

QUERIES = ["oil", "oil prices", '"interest rates"', "wheat OR corn", "place:japan", "date:1987-02-26", "*",
           "title:profit NOT loss"]


def sources():
    reuters = corpus("reuters21578")
    return [reuters / "reut2-000.sgm", reuters / "reut2-001.sgm", corpus("bbc") / "business"]


def snapshot(path):
    try:
        ix = Index.open(path)
    except IndexMissingError:                  # killed before the first commit: nothing was promised yet
        return Counter(), {q: set() for q in QUERIES}
    with ix:
        per_file = Counter(h.path for h in ix.search("*", limit=0).hits)
        results = {q: {h.id for h in ix.search(q, limit=0).hits} for q in QUERIES}
    return per_file, results


def start(index, *extra, jobs=0):
    env = dict(os.environ, NEWSSEARCH_BATCH="300")
    return subprocess.Popen([sys.executable, "-m", "newssearch", "index", *map(str, sources()), "--index", str(index),
                             "--jobs", str(jobs), *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def commits(index):
    if not index.exists():
        return -1
    return max((int(n.split("_")[-1].split(".")[0]) for n in os.listdir(index) if n.endswith(".toc")), default=-1)


def kill_when(proc, index, after_commits, delay):
    deadline = time.monotonic() + 60
    while commits(index) < after_commits and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.returncode


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("kill") / "reference"
    with Index.create(path) as ix:
        ix.add(sources(), jobs=0)
    return snapshot(path)


def check_consistent(path, reference, before):
    per_file, results = snapshot(path)
    ref_files, ref_results = reference
    for f, n in per_file.items():
        assert n == ref_files[f], f"{f} is half in the index: {n} of {ref_files[f]} articles"
    assert set(before) <= set(per_file), "a committed file was lost"
    in_committed = results["*"]
    for q in QUERIES:
        assert results[q] == ref_results[q] & in_committed, q
    return per_file


def test_killed_at_several_points_then_completed(tmp_path, reference):
    index = tmp_path / "index"
    before: Counter = Counter()
    points = [(0, 0.05), (1, 0.0), (2, 0.15), (3, 0.3), (4, 0.0)]     # (commits seen, then seconds)
    killed = 0
    for after, delay in points:
        proc = start(index)
        code = kill_when(proc, index, commits(index) + after, delay)
        if code == -signal.SIGKILL:
            killed += 1
        before = check_consistent(index, reference, before)
    assert killed >= 3, "the run finished before most kills: the test did not test"
    proc = start(index)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    assert snapshot(index) == reference


@pytest.mark.parametrize("jobs", [0, 2])
def test_killed_rebuild_leaves_the_old_index(tmp_path, reference, jobs):
    index = tmp_path / "index"
    assert start(index).wait(timeout=120) == 0
    proc = start(index, "--rebuild", jobs=jobs)
    time.sleep(2.0)
    assert proc.poll() is None, "the rebuild finished before the kill"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(index) == reference
    # The killed writer's lock died with it: the next run needs no waiting and no clean-up.
    proc = start(index, "--rebuild", jobs=jobs)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    assert snapshot(index) == reference


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the worker processes in /proc")
def test_killed_with_reading_workers_leaves_no_lock_and_no_workers(tmp_path, reference):
    """Killing the indexer of a run with reading workers: they used to be forked with the index lock's file
    and lived on, blocked, holding it; the next run failed with "another process is writing"."""
    index = tmp_path / "index"
    proc = start(index, jobs=2)
    deadline = time.monotonic() + 60
    while (commits(index) < 1 or not children(proc.pid)) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL and workers, "the run finished before the kill: the test did not test"
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "reading workers outlived the killed indexer"
    proc = start(index, jobs=2)                 # no --wait: nothing may hold the lock
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    assert snapshot(index) == reference


def children(pid):
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[1] == str(pid):
            found.append(int(entry))
    return found


def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
