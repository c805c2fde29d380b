"""Walking, incremental updates, bad files, locks, and Whoosh's writer traps."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import time

import pytest

from conftest import SAMPLE
from newssearch import Index, IndexLockedError, NewsSearchError
from newssearch import indexer


def write(path, text, mtime_shift=0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime_shift:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + mtime_shift))


def titles(ix, q="*"):
    return sorted(h.title for h in ix.search(q, limit=0).hits)


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "news"
    shutil.copytree(SAMPLE, src)
    return src


@pytest.mark.parametrize("jobs", [0, 2])
def test_incremental_add_change_delete(folder, tmp_path, jobs):
    ix = Index.create(tmp_path / "ix")
    first = ix.add([folder], jobs=jobs)
    assert (first.added, first.updated, first.removed, first.unchanged) == (12, 0, 0, 0)
    assert first.unsupported == 0 and len(ix) == 20

    again = ix.add([folder], jobs=0)
    assert (again.added, again.updated, again.removed, again.unchanged, again.articles) == (0, 0, 0, 12, 0)
    assert again.commits == 0 and ix._ix.latest_generation() == 1      # no new generation for nothing

    write(folder / "plain" / "rail-strike.txt", "Rail strike called off after late-night deal\n\nUnions and "
          "ministers agreed a deal in Paris overnight, ending the walkout.", mtime_shift=10**9)
    write(folder / "plain" / "new-story.txt", "Glacier retreat measured in the Alps\n\nScientists in Switzerland "
          "said the glacier lost a record share of its ice.")
    (folder / "wire" / "sample-wire.sgm").unlink()
    third = ix.add([folder], jobs=jobs)
    assert (third.added, third.updated, third.removed, third.unchanged) == (1, 1, 1, 10)
    assert len(ix) == 20 - 3 + 1
    assert ix.search("walkout deal").hits[0].title == "Rail strike called off after late-night deal"
    assert ix.search('"three-day strike"').total == 0              # the old version is gone
    assert ix.search("glacier place:Switzerland").total == 1
    assert ix.search("title:kremlin").total == 1 and ix.search("title:saudi").total == 0
    # The removed file's signature stays in its segment's lexicon until a merge: it was removed again at every
    # run after, and counted among the index's files.
    fourth = ix.add([folder], jobs=0)
    assert (fourth.added, fourth.updated, fourth.removed, fourth.unchanged) == (0, 0, 0, 12)
    assert ix.stats()["files"] == 12
    ix.close()


def test_workers_write_segments_committed_in_batches(bbc, tmp_path, monkeypatch):
    """Two workers, batches of 100 articles: each commit names both workers' segments, an update of changed
    files replaces their articles, and the folder holds nothing but the committed segments' files."""
    monkeypatch.setattr(indexer, "BATCH_ARTICLES", 100)
    src = tmp_path / "politics"
    shutil.copytree(bbc / "politics", src)
    ix = Index.create(tmp_path / "ix")
    first = ix.add([src], jobs=2)
    assert first.added == first.articles == len(ix) == 417 and first.commits >= 2
    segments = ix._ix._segments()
    assert len(segments) >= 2 * first.commits - 1 and sum(s.doc_count() for s in segments) == 417
    for name in ("001.txt", "002.txt"):
        write(src / name, "Harbour tax vote delayed\n\nMinisters delayed the harbour tax vote.", mtime_shift=10**9)
    (src / "003.txt").unlink()
    again = ix.add([src], jobs=2)
    assert (again.updated, again.removed, again.unchanged) == (2, 1, 414) and len(ix) == 416
    assert ix.search('"harbour tax vote"').total == 2
    names = {p.name for p in (tmp_path / "ix").iterdir()}
    assert names == {f"_MAIN_{ix._ix.latest_generation()}.toc", "MAIN_WRITELOCK", "newssearch.json"} | {
        n for n in names if n.split(".")[0] in {s.segment_id() for s in ix._ix._segments()}}
    rebuilt = ix.add([src], jobs=2, rebuild=True)
    assert rebuilt.commits == 1 and len(ix) == 416 and ix.search('"harbour tax vote"').total == 2
    assert len(ix._ix._segments()) == 2                       # one per worker, the old ones gone
    ix.close()


@pytest.mark.parametrize(("files", "commits"), [(130, 1), (160, 2)])
def test_a_rest_under_half_a_batch_joins_the_last_batch(tmp_path, monkeypatch, files, commits):
    """Batches of 100 articles, files of one article each, all the same size: 30 left after a batch join it
    (one commit); 60 left are a batch of their own."""
    monkeypatch.setattr(indexer, "BATCH_ARTICLES", 100)
    for i in range(files):
        write(tmp_path / "news" / f"{i:03d}.txt", f"Harbour story {i:03d}\n\nThe harbour reopened on day {i:03d}.")
    ix = Index.create(tmp_path / "ix")
    summary = ix.add([tmp_path / "news"], jobs=0)
    assert summary.articles == len(ix) == files and summary.commits == commits
    ix.close()


def test_deletions_only_under_the_folders_being_indexed(folder, tmp_path):
    other = tmp_path / "other"
    write(other / "story.txt", "Harbour reopens after storm\n\nThe harbour reopened on Monday.")
    ix = Index.create(tmp_path / "ix")
    ix.add([folder], jobs=0)
    ix.add([other], jobs=0)
    assert len(ix) == 21
    summary = ix.add([folder], jobs=0)                    # other/ is not walked, so not "deleted"
    assert summary.removed == 0 and len(ix) == 21
    ix.close()


def test_bad_files_are_reported_and_what_was_indexed_stays(tmp_path):
    news = tmp_path / "news"
    good = news / "export.jsonl.gz"
    good.parent.mkdir()
    good.write_bytes(gzip.compress(json.dumps({"id": "a", "title": "Ferry service resumes", "text": "Ferries run "
                                                "again."}).encode()))
    ix = Index.create(tmp_path / "ix")
    ix.add([news], jobs=0)
    assert titles(ix) == ["Ferry service resumes"]

    good.write_bytes(gzip.compress(b"x" * 500)[:15])          # truncated gzip
    os.utime(good, ns=(0, 10**18))
    (news / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (news / "empty.txt").write_bytes(b"")
    (news / "lines.jsonl").write_text('{"title": "Good line", "text": "kept"}\n{oops\n', encoding="utf-8")
    (news / ".hidden.txt").write_text("Hidden story\n\nnot indexed", encoding="utf-8")
    summary = ix.add([news], jobs=0)
    skipped = dict((os.path.basename(p), r) for p, r in summary.skipped)
    assert set(skipped) == {"export.jsonl.gz", "photo.txt", "empty.txt"}
    assert "binary" in skipped["photo.txt"] and skipped["empty.txt"] == "empty file"
    assert not summary.ok
    assert [os.path.basename(p) for p, _ in summary.problems] == ["lines.jsonl"]
    assert titles(ix) == ["Ferry service resumes", "Good line"]   # the old version of the broken file stays
    ix.close()


def test_indexing_collects_garbage_less_often_and_puts_the_callers_setting_back(folder, tmp_path, monkeypatch):
    """The library's caller keeps its own garbage collector settings, after a run and after a failed one."""
    import gc

    seen = []
    load = indexer.load
    monkeypatch.setattr(indexer, "load", lambda *a, **kw: (seen.append(gc.get_threshold()), load(*a, **kw))[1])
    before = gc.get_threshold()
    try:
        gc.set_threshold(900, 9, 8)
        ix = Index.create(tmp_path / "ix")
        ix.add([folder], jobs=0)
        assert seen and set(seen) == {indexer.GC_THRESHOLDS} and gc.get_threshold() == (900, 9, 8)
        monkeypatch.setattr(indexer, "load", lambda *a, **kw: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            ix.add([folder], jobs=0, rebuild=True)
        assert gc.get_threshold() == (900, 9, 8)
    finally:
        gc.set_threshold(*before)


def test_the_index_folder_is_never_read_and_empty_records_are_noted(tmp_path):
    news = tmp_path / "news"
    write(news / "story.txt", "Bridge opens to traffic\n\nThe bridge opened on Friday.")
    write(news / "export.jsonl", '{"id": "x", "url": "https://example.org/empty"}\n{"id": "y", "title": "Kept"}\n'
          '{"id": "y", "title": "Same id again"}\n')
    ix = Index.create(news / "index")                       # `newssearch index .` with the index inside
    summary = ix.add([news], jobs=0)
    assert summary.added == 2 and summary.articles == 2 and len(ix) == 2
    assert [r for _, r in summary.problems] == ["record x has no title and no text",
                                                "duplicate id 'y'; kept the first"]
    assert ix.add([news], jobs=0).unchanged == 2
    ix.close()


def test_symlink_loop_does_not_hang(tmp_path):
    news = tmp_path / "news"
    write(news / "a" / "story.txt", "Bridge opens to traffic\n\nThe bridge opened on Friday.")
    os.symlink(news, news / "a" / "loop")
    ix = Index.create(tmp_path / "ix")
    assert ix.add([news], jobs=0).added == 1
    ix.close()


def test_missing_path_is_an_error(tmp_path):
    ix = Index.create(tmp_path / "ix")
    with pytest.raises(NewsSearchError, match="no such file or folder"):
        ix.add([tmp_path / "nope"])
    ix.close()


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_reading_gives_the_same_index(bbc, tmp_path, jobs):
    """jobs worker processes, each writing its own segment, or none (0: the indexer writes)."""
    folders = [bbc / "politics"]
    one, two = Index.create(tmp_path / "one"), Index.create(tmp_path / "two")
    one.add(folders, jobs=0)
    two.add(folders, jobs=jobs)
    for q in ("election", '"general election"', "place:Iraq", "*"):
        a, b = one.search(q, limit=0), two.search(q, limit=0)
        # The same articles with the same scores; equal scores come in index order, which with several
        # workers depends on which took which file.
        assert a.total and sorted((-round(h.score, 9), h.id, h.places) for h in a.hits) == sorted(
            (-round(h.score, 9), h.id, h.places) for h in b.hits)
        assert [round(h.score, 9) for h in a.hits] == [round(h.score, 9) for h in b.hits]
    one.close(), two.close()


def test_a_worker_per_core(monkeypatch):
    for cores, workers in ((1, 0), (2, 2), (4, 4), (32, indexer.MAX_WORKERS), (None, 0)):
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        assert indexer.worker_processes() == workers


def test_second_writer_gets_a_clear_error_not_lockerror(folder, tmp_path):
    ix = Index.create(tmp_path / "ix")
    held = ix._ix.writer()
    try:
        with pytest.raises(IndexLockedError, match="another process is writing"):
            ix.add([folder], jobs=0)
        started = time.monotonic()
        with pytest.raises(IndexLockedError, match=r"waited 0.3 s"):
            ix.add([folder], jobs=0, wait=0.3)
        assert time.monotonic() - started >= 0.3
    finally:
        held.cancel()
    assert ix.add([folder], jobs=0).added == 12
    ix.close()


def test_whoosh_multiprocess_writer_drops_documents_silently(tmp_path):
    """The trap, pinned: one bad field in a procs>1 writer loses a worker's documents and commit() returns."""
    from datetime import datetime

    from whoosh import fields, index

    ix = index.create_in(str(tmp_path), fields.Schema(id=fields.ID(stored=True), date=fields.DATETIME))
    w = ix.writer(procs=2, limitmb=16)
    for i in range(200):
        w.add_document(id=str(i), date="not a date" if i == 150 else datetime(2024, 1, 1))
    w.commit()
    assert ix.doc_count() < 199


def test_commit_check_catches_lost_documents(folder, tmp_path, monkeypatch):
    """Our guard against that trap: after every commit the count must be what was written."""
    ix = Index.create(tmp_path / "ix")
    real_to_fields = indexer.to_fields

    def one_bad(article, sig):
        doc = real_to_fields(article, sig)
        if article.key == "9002":
            doc["title"] = 12345                # what validation in to_fields exists to prevent
        return doc

    monkeypatch.setattr(indexer, "to_fields", one_bad)
    monkeypatch.setattr(indexer, "_writer", lambda ix, wait, on_wait=None: ix.writer(procs=2, limitmb=16))
    with pytest.raises(NewsSearchError, match="expected"):
        ix.add([folder], jobs=0)
    ix.close()


def test_interrupted_run_leaves_the_last_committed_index(folder, tmp_path, monkeypatch):
    ix = Index.create(tmp_path / "ix")
    ix.add([folder / "pages"], jobs=0)
    before = titles(ix)
    calls = []

    def dies(path, shard):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_load(path, shard)

    real_load = indexer.load
    monkeypatch.setattr(indexer, "load", dies)
    with pytest.raises(KeyboardInterrupt):
        ix.add([folder], jobs=0)
    ix.close()
    reopened = Index.open(tmp_path / "ix")
    assert titles(reopened) == before
    monkeypatch.setattr(indexer, "load", real_load)
    assert reopened.add([folder], jobs=0).added == 12 - 4        # the next run completes the work
    assert len(reopened) == 20
    reopened.close()


def test_articles_carry_ids_relative_to_the_indexed_folder(sample_index):
    ids = {h.id for h in sample_index.search("*", limit=0).hits}
    assert "pages/putin-pyongyang-visit.txt" in ids
    assert "wire/sample-wire.sgm#9003" in ids                 # Reuters NEWID
    assert "exports/wire-archive.jsonl#wa-101" in ids          # JSON id
    assert len(ids) == 20


def test_ids_stay_unique_across_separate_runs(tmp_path):
    """Two runs over sibling folders both make "001.txt" and "wire.jsonl#1": the second run's articles take
    their absolute paths, the first run's keep theirs, and re-indexing either changes nothing."""
    import json

    from newssearch import Index

    for name in ("business", "tech"):
        folder = tmp_path / "bbc" / name
        folder.mkdir(parents=True)
        (folder / "001.txt").write_text(f"{name.title()} story one\n\nThe {name} desk filed this story.")
        (folder / "002.txt").write_text(f"{name.title()} story two\n\nOnly {name} has a second story here.")
        (folder / "wire.jsonl").write_text(json.dumps({"title": f"{name} wire", "text": f"Wire copy about {name}."}) + "\n")
    (tmp_path / "bbc" / "tech" / "003.txt").write_text("Tech story three\n\nNo other folder has a third story.")
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "bbc" / "business"], jobs=0)
    ix.add([tmp_path / "bbc" / "tech"], jobs=0)
    tech = str(tmp_path / "bbc" / "tech")
    assert ix.get("001.txt")["title"] == "Business story one"
    assert ix.get(f"{tech}/001.txt")["title"] == "Tech story one"
    assert ix.get("wire.jsonl#1")["title"] == "business wire"
    assert ix.get(f"{tech}/wire.jsonl#1")["title"] == "tech wire"
    assert ix.get("003.txt")["title"] == "Tech story three"          # no clash: stays relative
    ids = [h.id for h in ix.search("story OR wire", limit=0).hits]
    assert len(ids) == len(set(ids)) == 7
    again = ix.add([tmp_path / "bbc" / "business"], jobs=0), ix.add([tmp_path / "bbc" / "tech"], jobs=0)
    assert [s.unchanged for s in again] == [3, 4]
    (tmp_path / "bbc" / "tech" / "001.txt").write_text("Tech story one, revised\n\nThe tech desk filed it again.")
    ix.add([tmp_path / "bbc" / "tech"], jobs=0)
    assert ix.get(f"{tech}/001.txt")["title"] == "Tech story one, revised"
    assert ix.get("001.txt")["title"] == "Business story one" and len(ix) == 7


def test_an_unchanged_run_does_not_read_the_start_of_files_again(tmp_path, monkeypatch):
    # Files without a suffix (Usenet posts) are known by their first lines; the index already knows its own.
    posts = tmp_path / "posts"
    posts.mkdir()
    for n in range(3):
        (posts / str(61000 + n)).write_text(f"From: a@b.edu (A B)\nSubject: Post {n}\n\nText of post {n}.\n")
    (posts / "LICENSE").write_text("Permission is granted.\n")
    ix = Index.create(tmp_path / "index")
    assert ix.add([posts], jobs=0).articles == 3
    asked = []
    monkeypatch.setattr(indexer, "reader_for", lambda p: asked.append(p) or None)
    summary = ix.add([posts], jobs=0)
    assert (summary.unchanged, summary.unsupported, asked) == (3, 1, [str(posts / "LICENSE")])


def test_one_big_file_is_shared_by_the_workers(tmp_path, reuters_000, monkeypatch):
    """A one-file corpus (an 18 MB JSON Lines export of the Reuters stories took 19.4 s in one process; 11.4 s
    shared) is read by both workers, each writing the articles whose key falls to it: the same articles as
    one process writes, the file's problems said once, a key given twice kept once."""
    from newssearch.readers import sgml

    stories = [{"id": a.key, "title": a.title, "text": a.body} for a in sgml.read(str(reuters_000), lambda p: None)]
    lines = [json.dumps(s) for s in stories] + ["{not json", json.dumps(stories[5] | {"title": "Second copy"})]
    export = tmp_path / "news" / "export.jsonl"
    export.parent.mkdir()
    export.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(indexer, "SHARD_MIN_BYTES", 1000)
    assert indexer._shards([(str(export), "export.jsonl", f"1:{export.stat().st_size}")], 2) == {str(export): 2}

    shared, alone = Index.create(tmp_path / "shared"), Index.create(tmp_path / "alone")
    summary = shared.add([export.parent], jobs=2)
    serial = alone.add([export.parent], jobs=0)
    assert len(shared._ix._segments()) == 2                        # both workers wrote
    assert summary.articles == serial.articles == len(shared) == 1000
    assert sorted(summary.problems) == sorted(serial.problems)
    assert [p for _, p in summary.problems].count("duplicate id '6'; kept the first") == 1
    assert sum(p.startswith("line 1001:") for _, p in summary.problems) == 1
    ids = lambda ix: sorted(h.id for h in ix.search("*", limit=0).hits)
    assert ids(shared) == ids(alone)
    assert shared.get("export.jsonl#6")["title"] == stories[5]["title"]
    shared.close()
    alone.close()
