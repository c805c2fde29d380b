"""Processes that read, extract and write: each has a Whoosh segment of its own, and the indexer commits them.

Whoosh's writer is pure Python and was the one process the rest waited for (20,000 Reuters stories: 19 CPU-s
of writing beside 10 of reading, 21 s on 2 cores). Here every worker reads its files and writes their
articles into its own segment; at the end of a batch each worker finishes its segment (`flush`), and the
indexer, which alone holds the lock, writes the table of contents naming them beside its deletions.

Whoosh deletes any segment file the table of contents does not name when it commits, so a worker must never
be writing while the indexer commits: the indexer hands out no file between `flush` and the end of its
commit. A batch ends for every worker at once: each flush waits at a barrier until every worker has taken
one, so no worker takes two.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_STATE: dict = {}
_BARRIER_SECONDS = 3600


class Workers:
    """jobs worker processes writing segments of the index in folder, for as long as the indexer's run."""

    def __init__(self, folder: str, jobs: int, limitmb: int):
        context = multiprocessing.get_context("spawn")
        self.jobs = jobs
        self._barrier = context.Barrier(jobs)
        # Spawned, not forked: a forked worker inherited the index lock's file descriptor and the job queue's
        # write end, so after a SIGKILLed run it lived on, blocked forever, holding the lock, and the next run
        # said "another process is writing" (tests/reliability/test_kill.py). A spawned one does not inherit
        # the lock, and end_with ends it when the run is gone.
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start,
                                         initargs=(os.getpid(), folder, self._barrier, max(32, limitmb // jobs)))

    def write(self, path: str, rel: str, sig: str, shard: tuple[int, int] = (0, 1)):
        """A future of (articles written, problems, failure) for one file, or its shard k of n."""
        return self._pool.submit(_write_file, path, rel, sig, shard)

    def flush(self) -> list:
        """Every worker's segment of the batch (finished, not yet committed)."""
        futures = [self._pool.submit(_flush) for _ in range(self.jobs)]
        return [s for s in (f.result() for f in futures) if s is not None]

    def close(self, failed: bool = False) -> None:
        if failed:
            self._barrier.abort()          # a worker waiting for the others to flush gives up
        self._pool.shutdown(wait=True, cancel_futures=failed)


def end_with(parent: int) -> None:
    """A worker ends when the indexer that started it has gone (killed, it cannot say so): the worker holds a
    copy of its job queue's write end, so it would otherwise wait for work forever."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _start(parent: int, folder: str, barrier, limitmb: int) -> None:
    from .indexer import GC_THRESHOLDS

    end_with(parent)
    gc.set_threshold(*GC_THRESHOLDS)            # a worker's whole life is indexing
    _STATE.update(folder=folder, barrier=barrier, limitmb=limitmb)


def _writer():
    if "writer" not in _STATE:
        from whoosh import index
        from whoosh.writing import SegmentWriter

        from .indexer import WRITER_OPTIONS, fitted

        options = dict(WRITER_OPTIONS, limitmb=_STATE["limitmb"])
        # _lk=False: the indexer holds the lock.
        _STATE["writer"] = fitted(SegmentWriter(index.open_dir(_STATE["folder"]), _lk=False, **options))
    return _STATE["writer"]


def _write_file(path: str, rel: str, sig: str, shard: tuple[int, int]):
    from .indexer import write_file

    return write_file(_writer, path, rel, sig, shard)


def _flush():
    writer = _STATE.pop("writer", None)
    segment = None
    if writer is not None:
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
    _STATE["barrier"].wait(_BARRIER_SECONDS)
    return segment
