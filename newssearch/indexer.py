"""Walk folders, read and extract what is new or changed, and write it to the Whoosh index in committed batches.

Incremental state lives in the index itself: each article carries its file's signature (mtime and size) in
the `filesig` field, so whatever was committed is exactly what the next run skips, even after a crash.
"""
from __future__ import annotations

import gc
import json
import os
import stat
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from whoosh import writing
from whoosh.index import LockError

from . import termwriter
from .article import Article
from .codec import NewsCodec
from .errors import IndexLockedError, NewsSearchError, PathMissingError, ReadError
from .readers import reader_for
from .schema import date_key

BATCH_ARTICLES = int(os.environ.get("NEWSSEARCH_BATCH", 5000))   # commit at least this often: a killed run loses one batch
# Each commit writes a segment, and Whoosh merges segments by re-adding every posting (slower than indexing
# them): its default policy made a 650,000-article build 3.4x slower per article than a 100,000 one. Batches
# grow with the index instead (a quarter of it, up to BATCH_MAX), so segments stay few (~25 at 1,000,000)
# without merging big ones; only small segments, left by small incremental runs, are merged.
BATCH_GROWTH = 4
BATCH_MAX = 100_000
SMALL_SEGMENTS = 8           # merge the small ones when there are more than this
MAX_FILE_BYTES = 32 * 2**20  # a single article larger than this is not an article
PARALLEL_MIN_FILES = 8       # below this, starting worker processes costs more than it saves
# A file of many articles this large, and more than half a worker's share of the run, is read by every worker,
# each extracting and writing the articles whose key falls to it: one 18 MB JSON Lines export of the Reuters
# stories took 19.4 s in one process, 11.4 s shared by two.
SHARD_MIN_BYTES = 4 * 2**20


@dataclass
class IndexSummary:
    added: int = 0           # files new to the index
    updated: int = 0         # files whose content changed
    removed: int = 0         # files gone from disk, their articles removed
    unchanged: int = 0
    articles: int = 0        # articles written by this run
    skipped: list[tuple[str, str]] = field(default_factory=list)    # (path, reason): files not read
    unsupported: int = 0     # files of no known format, left alone
    problems: list[tuple[str, str]] = field(default_factory=list)   # (path, reason): records skipped in read files
    commits: int = 0
    total_articles: int = 0  # in the index after the run

    @property
    def ok(self) -> bool:
        return not self.skipped


def existing(roots: Iterable[str | os.PathLike]) -> list[Path]:
    """The roots as absolute paths, or PathMissingError naming the first that does not exist."""
    roots = [Path(r).absolute() for r in roots]
    for root in roots:
        if not root.exists():
            raise PathMissingError(f"no such file or folder: {root}")
    return roots


def walk(roots: Iterable[str | os.PathLike], exclude: Path | None = None) -> Iterator[tuple[Path, str]]:
    """(absolute file path, id prefix) for every visible file under the roots. The id is the path relative to
    the folder indexed; with several roots, relative to the folder they share, so ids stay apart
    ("business/001.txt", "tech/001.txt" for bbc/business and bbc/tech)."""
    roots = existing(roots)
    folders = [r if r.is_dir() else r.parent for r in roots]
    shared = Path(os.path.commonpath(folders)) if len(roots) > 1 else folders[0]
    seen: set[Path] = set()
    for root in roots:
        candidates = _walk_dir(root, exclude) if root.is_dir() else [root]
        for path in candidates:
            if path not in seen:
                seen.add(path)
                yield path, path.relative_to(shared).as_posix()


def _walk_dir(root: Path, exclude: Path | None) -> Iterator[Path]:
    """Depth-first without recursion (folders nest deeper than Python's stack), never into symlinked folders
    (no loops), never into the index itself (`newssearch index .` must not read its own files)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if Path(entry.path) != exclude:
                    subfolders.append(Path(entry.path))
            else:
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def load(path: str, shard: tuple[int, int] = (0, 1)) -> tuple[list[Article], list[str], str | None]:
    """Read and extract one file, or its shard k of n (the articles whose key falls to k; what reading the
    file reports, shard 0 says): (articles, record problems, reason the whole file failed or None)."""
    # Imported here, not at the top: a query process never extracts, and starts 20-25 ms faster without it.
    from .extract import enrich

    reader = reader_for(path)
    problems: list[str] = []
    k, n = shard
    try:
        records = reader.read(path, problems.append if k == 0 else lambda _: None)
        # By key, so a key given twice falls to one shard, where _usable keeps the first.
        articles = [enrich(a) for a in records if n == 1 or zlib.crc32((a.key or "").encode()) % n == k]
    except ReadError as e:
        return [], problems, str(e)
    except (OSError, ValueError, UnicodeError, EOFError) as e:
        return [], problems, f"{type(e).__name__}: {e}"
    return articles, problems, None


def write_file(writer_for: Callable, path: str, rel: str, sig: str,
               shard: tuple[int, int] = (0, 1)) -> tuple[int, list[str], str | None]:
    """Read one file (or a shard of it) and write its usable articles with writer_for()'s writer (asked for
    only when there are some): (articles written, problems, the reason the whole file failed or None)."""
    articles, problems, failure = load(path, shard)
    kept = [] if failure else _usable(articles, problems)
    if kept:
        writer = writer_for()
        for article in kept:
            article.id = article.record_id(rel)
            writer.add_document(**to_fields(article, sig))
    return len(kept), problems, failure


# Python's cyclic garbage collector ran 2,000 times in each worker of a 20,000-story build (its young
# generation every 700 allocations, older ones every 10 of those), walking the pool's growing lists: 0.72 and
# 0.82 of 13 CPU-s, timed by gc.callbacks. With these thresholds (during indexing only) 21 runs, 0.34 and
# 0.38 CPU-s; cycles are still collected.
GC_THRESHOLDS = (50_000, 20, 20)
MAX_WORKERS = 4   # each holds its own gazetteer and writer (up to ~520 MB at 1,000,000 articles here)


def worker_processes() -> int:
    """Worker processes for a run: one per core, up to MAX_WORKERS (measured on 2 cores only; more would
    multiply memory for a speed-up nobody has measured), each reading its files and writing its own segment;
    on one core the indexer does it all itself (0)."""
    cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def to_fields(article: Article, sig: str) -> dict:
    """The document for the writer: every value checked and converted here, before Whoosh sees it."""
    from .extract.places import country_names

    names = country_names()
    codes = article.place_countries or article.countries
    place_terms = list(dict.fromkeys([*article.places, *(names[c] for c in codes if c in names)]))
    doc = {
        "id": article.id,
        "path": article.path,
        "filesig": f"{article.path}\0{sig}",
        "title": str(article.title or ""),
        "body": str(article.body or ""),
        "byline": str(article.byline or ""),
        "dateline": str(article.dateline or ""),
        "tz": article.tz,
        "place": ",".join(p.replace(",", " ") for p in place_terms),
        "country": ",".join(article.countries),
        "dupkeys": ",".join(article.dupkeys).encode("ascii"),
        "places": list(map(str, article.places)),
        "countries": list(map(str, article.countries)),
        "place_countries": list(map(str, codes)),
        "url": article.url,
        "source": str(article.source or ""),
    }
    doc["facets"] = json.dumps({"place": doc["places"], "country": doc["countries"],
                                "byline": [doc["byline"]] if doc["byline"] else [],
                                "month": [article.date.strftime("%Y-%m")] if article.date else [],
                                "source": [article.source] if article.source else []}).encode("utf-8")
    if article.date is not None:
        doc["date"] = article.date
    doc["datesort"] = date_key(article.date) if article.date else 0
    return doc


def existing_files(ix) -> dict[str, str]:
    """path -> signature of every file the index holds, read from the lexicon (no stored documents loaded).
    A segment's lexicon keeps the terms of its deleted articles until it is merged away: in a segment with
    deletions a signature counts only while an article holds it (a removed file was removed again at every
    run, and counted in `stats`)."""
    with ix.reader() as reader:
        out = {}
        for sub, _ in reader.leaf_readers():
            deletions = sub.has_deletions()
            for term in sub.lexicon("filesig"):
                if not deletions or sub.postings("filesig", term).is_active():
                    path, _, sig = term.decode("utf-8").partition("\0")
                    out[path] = sig
        return out


def update(ix, roots: list[str], *, wait: float = 0.0, jobs: int | None = None,
           on_progress: Callable[[int, int], None] | None = None,
           on_wait: Callable[[str], None] | None = None, rebuild: bool = False) -> IndexSummary:
    """Bring the index in line with the files under roots: add new, re-read changed, drop deleted.

    With rebuild, every file is read again and the new articles replace everything in one final commit, so a
    rebuild that is killed leaves the old index as it was."""
    summary = IndexSummary()
    known = {} if rebuild else existing_files(ix)
    todo: list[tuple[str, str, str]] = []     # (path, id prefix, signature)
    seen: set[str] = set()
    named = {str(Path(r).absolute()) for r in roots if Path(r).is_file()}
    for path, rel in walk(roots, exclude=Path(ix.storage.folder).absolute()):
        spath = str(path)
        seen.add(spath)
        # A file the index holds has a reader; asking again would read the start of every file without a
        # suffix (Usenet posts) at every run.
        reader = None if spath in known else reader_for(spath)
        if reader is None and spath not in known:
            if spath in named:                 # asked for by name: a failure, not a folder's stray file
                summary.skipped.append((spath, "not a format newssearch reads (the README lists them)"))
            else:
                summary.unsupported += 1
            continue
        try:
            st = path.stat()
        except OSError as e:
            summary.skipped.append((spath, e.strerror or str(e)))     # a broken symlink, a vanished file
            continue
        if not stat.S_ISREG(st.st_mode):
            summary.skipped.append((spath, "not a regular file"))   # a FIFO would block the run forever
            continue
        if st.st_size > MAX_FILE_BYTES and not (reader or reader_for(spath)).MANY:
            summary.skipped.append((spath, f"too large for one article ({st.st_size / 2**20:,.0f} MB, "
                                           f"limit {MAX_FILE_BYTES / 2**20:,.0f} MB)"))
            continue
        sig = f"{st.st_mtime_ns}:{st.st_size}"
        if known.get(spath) == sig:
            summary.unchanged += 1
        else:
            todo.append((spath, rel, sig))
    dirs = [str(Path(r).absolute()) + os.sep for r in roots if Path(r).is_dir()]
    gone = [p for p in known if p not in seen and any(p.startswith(d) for d in dirs)]

    writer = _writer(ix, wait, on_wait)
    expected = 0 if rebuild else committed_count(ix)
    jobs = worker_processes() if jobs is None else jobs
    workers = None
    shards = _shards(todo, jobs) if jobs >= 1 else {}
    if jobs >= 1 and (len(todo) >= PARALLEL_MIN_FILES or shards):   # fewer: starting them costs more than it saves
        from .workers import Workers       # here: multiprocessing costs a query process 11 ms it never needs
        workers = Workers(ix.storage.folder, jobs, WRITER_OPTIONS["limitmb"])
    # With workers, each writes its own segment of the batch: a batch per worker keeps segments as big as one
    # writer's were (fewer segments, fewer merges).
    per_batch = jobs if workers else 1
    pending = 0
    batch = batch_size(expected) * per_batch
    before = None if rebuild else ix.reader()      # the committed index, to keep ids of separate runs apart
    failed = True
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        for p in gone:
            expected -= writer.delete_by_term("path", p)
            summary.removed += 1
        files = _HandOut(todo)
        in_flight: deque = deque()
        done = 0
        while True:
            while workers and len(in_flight) < jobs * 4 and (pending < batch or rebuild or files.rest_joins()):
                item = files.next()
                if item is None:
                    break
                spath, rel, sig = item
                n = shards.get(spath, 1)           # a file's shards go out together: one batch holds the file
                in_flight.append((item, [workers.write(spath, _free_id(before, rel, spath), sig, (k, n))
                                         for k in range(n)]))
            if in_flight:
                (spath, rel, sig), futures = in_flight.popleft()
                parts = [future.result() for future in futures]
                written, failure = sum(p[0] for p in parts), next((p[2] for p in parts if p[2]), None)
                problems = [problem for p in parts for problem in p[1]]
            elif workers is None and (item := files.next()) is not None:
                spath, rel, sig = item
                written, problems, failure = write_file(lambda: writer, spath, _free_id(before, rel, spath), sig)
            else:
                break
            if failure or not written:
                # Reported once, and what the index held for the file stays.
                summary.skipped.append((spath, failure or "; ".join(problems) or "no articles found"))
            else:
                summary.problems.extend((spath, p) for p in problems)
                if spath in known:
                    expected -= writer.delete_by_term("path", spath)
                    summary.updated += 1
                else:
                    summary.added += 1
                expected += written
                pending += written
                summary.articles += written
            done += 1
            if on_progress:
                on_progress(done, len(todo))
            if pending >= batch and not rebuild and not in_flight and not files.rest_joins():
                # Nothing is handed out from here to the end of the commit (workers.py says why).
                _commit(ix, writer, expected, summary, segments=workers.flush() if workers else ())
                writer, pending, batch = _writer(ix, wait), 0, batch_size(expected) * per_batch
                files.new_batch()
        if done != len(todo):                          # a file never handed out is a bug, never a success
            raise NewsSearchError(f"indexed {done} of {len(todo)} files; rerun with --rebuild")
        if todo or gone or rebuild:
            _commit(ix, writer, expected, summary, clear=rebuild, segments=workers.flush() if workers else ())
        else:
            writer.cancel()                            # nothing changed: no new generation of the index
        failed = False
    except BaseException:
        if not getattr(writer, "is_closed", False):   # a failed commit check leaves it closed already
            writer.cancel()
        raise
    finally:
        gc.set_threshold(*thresholds)
        if workers is not None:
            workers.close(failed)
        if before is not None:
            before.close()
    summary.total_articles = committed_count(ix)
    return summary


class _HandOut:
    """The run's files in order, counting the bytes handed out in this batch and those not yet handed out: a
    rest under half a batch joins it, rather than being a batch (a commit, and with workers a wait for the
    slowest at its end) of its own."""

    def __init__(self, todo: list[tuple[str, str, str]]):
        self.files = iter(todo)
        self.batch_bytes, self.left_bytes = 0, sum(_size(sig) for _, _, sig in todo)

    def next(self) -> tuple[str, str, str] | None:
        item = next(self.files, None)
        if item is not None:
            size = _size(item[2])
            self.batch_bytes, self.left_bytes = self.batch_bytes + size, self.left_bytes - size
        return item

    def rest_joins(self) -> bool:
        return 2 * self.left_bytes <= self.batch_bytes

    def new_batch(self) -> None:
        self.batch_bytes = 0


def _shards(todo: list[tuple[str, str, str]], jobs: int) -> dict[str, int]:
    """path -> how many workers share it, for the files one worker alone would be slow on (see SHARD_MIN_BYTES)."""
    total = sum(_size(sig) for _, _, sig in todo)
    return {path: jobs for path, _, sig in todo
            if jobs > 1 and _size(sig) >= SHARD_MIN_BYTES and 2 * jobs * _size(sig) > total
            and reader_for(path).MANY}


def _size(sig: str) -> int:
    """A file's size in bytes, from its signature "mtime_ns:size"."""
    return int(sig.rsplit(":", 1)[1])


def _free_id(before, rel: str, path: str) -> str:
    """The id prefix for a file's articles: rel, or its path when an article of another file committed before
    this run has it ("001.txt" of bbc/tech, indexed after bbc/business's in another run)."""
    return path if before is not None and _id_taken(before, rel, path) else rel


def _id_taken(reader, rel: str, path: str) -> bool:
    """Whether an article of another file already has the id rel, or rel#KEY: ids are relative to the folder
    indexed, so two runs over different folders can both make "001.txt"."""
    if not reader.doc_count():
        return False
    terms = [rel.encode("utf-8")] if ("id", rel) in reader else []
    terms += islice(reader.expand_prefix("id", rel + "#"), 1)
    for term in terms:
        postings = reader.postings("id", term)          # deleted articles left out
        if postings.is_active() and reader.stored_fields(postings.id()).get("path") != path:
            return True
    return False


def _usable(articles: list[Article], problems: list[str]) -> list[Article]:
    """Articles worth indexing: some text, and a key not already used in the same file."""
    kept, keys = [], set()
    for article in articles:
        if not article.title and not article.body.strip():
            problems.append(f"record {article.key or 1} has no title and no text")
        elif article.key in keys:
            problems.append(f"duplicate id {article.key!r}; kept the first")
        else:
            keys.add(article.key)
            kept.append(article)
    return kept


def batch_size(articles: int) -> int:
    """Articles per commit for an index of this many articles."""
    return max(BATCH_ARTICLES, min(BATCH_MAX, articles // BATCH_GROWTH))


def merge_small(writer, segments):
    """Whoosh merge policy: when more than SMALL_SEGMENTS segments hold fewer than BATCH_ARTICLES articles,
    merge those (cheap: they are small); big segments are left as they are."""
    small = [s for s in segments if s.doc_count_all() < BATCH_ARTICLES]
    if len(small) <= SMALL_SEGMENTS:
        return segments
    from whoosh.reading import SegmentReader

    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s.doc_count_all() >= BATCH_ARTICLES]


def committed_count(ix) -> int:
    """Live articles in the last commit, from the table of contents. ix.doc_count() opens a reader on every
    segment, which copies each segment's term and posting files into memory (Whoosh reads compound files
    through BytesIO): 2.3 GB at 100,000 articles, after every batch."""
    return sum(segment.doc_count() for segment in ix._segments())


# Segments as separate files, not one compound file: Whoosh opens a compound segment's parts by copying each
# into memory (a BytesIO over the mmap), so a reader on a 1 GB index held 1 GB more. Plain files are read
# where needed, and the OS page cache does the rest. The posting pool holds 512 MB before spilling sorted runs to
# disk: merging spilled runs made batches past ~6,000 articles slower (40,000 articles: 97 s, 81 s at 512 MB).
# A term in fewer than INLINE_BELOW articles keeps its postings in its entry of the term table instead of a
# zlib-compressed block of its own: most terms are that rare (every id and path), and a block each cost 9% of
# the build of 20,000 Reuters stories and 7% of the index's size.
INLINE_BELOW = 8
CODEC = NewsCodec(inlinelimit=INLINE_BELOW)   # Whoosh's, stored fields LZ4-compressed (codec.py)
WRITER_OPTIONS = {"limitmb": 512, "compound": False, "codec": CODEC}


def _writer(ix, wait: float, on_wait: Callable[[str], None] | None = None):
    try:
        return fitted(ix.writer(timeout=0, **WRITER_OPTIONS))
    except LockError:
        pass
    if wait:
        if on_wait:
            on_wait(f"another process is writing to the index at {ix.storage.folder}; waiting up to {wait:g} s")
        try:
            return fitted(ix.writer(timeout=wait, **WRITER_OPTIONS))
        except LockError:
            pass
    raise IndexLockedError(
        f"another process is writing to the index at {ix.storage.folder}"
        + (f" (waited {wait:g} s)" if wait else "") + "; try again when it has finished, or pass --wait SECONDS")


def fitted(writer):
    """A Whoosh SegmentWriter made newssearch's: postings written a term at a time, with the segment's
    positions file for first-time phrase reads (termwriter.py). The indexer's writers and the workers'
    (workers.py) alike."""
    termwriter.fit(writer)
    return writer


def _commit(ix, writer, expected: int, summary: IndexSummary, clear: bool = False, segments=()) -> None:
    # CLEAR drops every segment committed before: the rebuilt index replaces the old in one TOC write.
    policy = writing.CLEAR if clear else merge_small
    # The workers' finished segments join the list the merge policy keeps, so Whoosh's own commit names them
    # in the same TOC write as this writer's deletions and segment.
    writer.commit(mergetype=lambda w, committed: policy(w, committed) + list(segments))
    summary.commits += 1
    actual = committed_count(ix)
    if actual != expected:
        # Whoosh can drop documents and still return from commit() normally; never report success then.
        raise NewsSearchError(f"index holds {actual} articles after commit, expected {expected}; rerun with --rebuild")
