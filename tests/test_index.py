"""The Index object: opening, versions, and the searcher it keeps."""
import pytest

from newssearch import Index, IndexMissingError, IndexVersionError


def test_whoosh_refresh_fails_on_an_empty_index(tmp_path):
    """The Whoosh bug Index.searcher() avoids: if this stops raising, refresh() could be used again."""
    from whoosh import fields, index

    ix = index.create_in(str(tmp_path), fields.Schema(t=fields.TEXT))
    searcher = ix.searcher()
    ix.writer().commit()
    with pytest.raises(TypeError):
        searcher.refresh()


def test_empty_index_searches_twice_and_sees_new_commits(tmp_path):
    ix = Index.create(tmp_path / "ix")
    assert ix.search("*").total == 0 and ix.search("*").total == 0
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Harbour reopens after the storm\n\nThe harbour reopened.")
    other = Index.open(tmp_path / "ix")
    other.add([tmp_path / "news"], jobs=0)             # another writer commits
    assert ix.search("harbour").total == 1             # the first sees it on its next search
    for n, word in enumerate(["ferry", "ferry", "tug"]):
        (tmp_path / "news" / f"{word}{n}.txt").write_text(f"The {word} sails\n\nA {word} left port.")
        other.add([tmp_path / "news"], jobs=0)
        assert ix.search("sails").total == n + 1       # one commit, and then two between searches
        if n == 1:
            (tmp_path / "news" / "extra.txt").write_text("The barge sails\n\nA barge left port.")
            other.add([tmp_path / "news"], jobs=0)
            (tmp_path / "news" / "extra.txt").unlink()
            other.add([tmp_path / "news"], jobs=0)
    assert ix.search("tug").total == 1 and ix.search("barge").total == 0
    other.close(), ix.close()


def test_missing_and_old_indexes(tmp_path):
    with pytest.raises(IndexMissingError, match="run `newssearch index"):
        Index.open(tmp_path / "none")
    Index.create(tmp_path / "ix").close()
    (tmp_path / "ix" / "newssearch.json").write_text('{"schema_version": 0}')
    with pytest.raises(IndexVersionError, match="--rebuild"):
        Index.open(tmp_path / "ix")
