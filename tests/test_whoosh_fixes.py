"""Whoosh behaviour newssearch changes (whoosh_fixes.py), pinned."""
from whoosh.filedb.filestore import FileStorage

from newssearch import Index


def test_commit_asks_the_file_system_per_field_not_per_posting(tmp_path, monkeypatch):
    """Before the fix, committing wrote each posting of a field without a length column (ids, keywords,
    dates) after a stat() of that column's file: thousands of calls for 300 documents."""
    (tmp_path / "docs").mkdir()
    for n in range(300):
        (tmp_path / "docs" / f"{n}.txt").write_text(f"Story {n}\n\nWords of story number {n} about grain and oil.")
    calls = []
    original = FileStorage.file_exists
    monkeypatch.setattr(FileStorage, "file_exists", lambda self, name: calls.append(name) or original(self, name))
    ix = Index.create(tmp_path / "index")
    ix.add([tmp_path / "docs"], jobs=1)
    assert ix.search("grain").total == 300
    assert len(calls) < 200, f"{len(calls)} file_exists calls"
