from newssearch.readers import jsonl, reader_for, registry, sgml, text


def test_each_format_is_one_module_found_by_suffix():
    assert reader_for("a/b/story.txt") is text
    assert reader_for("export.JSONL") is jsonl
    assert reader_for("export.jsonl.gz") is jsonl
    assert reader_for("data.json") is jsonl
    assert reader_for("reut2-000.sgm") is sgml
    assert reader_for("notes.pdf") is None
    assert all(hasattr(m, "read") and m.SUFFIXES for m in registry().values())
