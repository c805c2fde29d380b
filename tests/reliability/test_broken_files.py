"""A corpus of broken files: each is reported once with its reason, the rest is indexed, nothing aborts."""
from __future__ import annotations

import gzip
import json
import os
import shutil

from click.testing import CliRunner

from conftest import SAMPLE
from newssearch import Index
from newssearch.cli import main

def make_broken_corpus(root):
    """Fifteen kinds of broken input beside two good files; returns the names expected to be skipped."""
    root.mkdir()
    shutil.copy(SAMPLE / "pages" / "putin-pyongyang-visit.txt", root / "good.txt")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (root / "empty.txt").write_bytes(b"")
    (root / "invalid-utf8.txt").write_bytes("Gr\u00fc\u00dfe aus K\u00f6ln\n\nDer Dom in K\u00f6ln ist offen."
                                            .encode("latin-1") + b"\xff\xfe\x81")
    (root / "truncated.jsonl.gz").write_bytes(gzip.compress(b'{"title": "x", "text": "y"}\n' * 100)[:40])
    (root / "lines.jsonl").write_text(json.dumps({"title": "Good line one", "text": "First."}) + "\n{broken\n"
                                      + json.dumps({"title": "Good line two", "text": "Second."}) + "\n",
                                      encoding="utf-8")
    (root / "unclosed.sgm").write_bytes(b'<REUTERS NEWID="1"><DATE>2-MAR-1987 10:00:00.00</DATE><TEXT>'
                                        b'<TITLE>GOLD FALLS<BODY>Gold fell in London.\n<REUTERS NEWID="2"><TEXT>'
                                        b'<TITLE>SILVER RISES</TITLE><BODY>Silver rose.')
    with open(root / "huge.txt", "wb") as f:
        f.truncate(200 * 2**20)                       # 200 MB, sparse: cheap to make, too large to read
    deep = root.joinpath(*["d"] * 120)
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("Deep story headline here\n\nA story at the bottom of many folders.")
    os.symlink(root, root / "d" / "loop")
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "bad.json").write_text("{not json at all", encoding="utf-8")
    (root / "bad.warc").write_bytes(b"GET / HTTP/1.1\r\n\r\n" * 5)
    (root / "bad.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    (root / "bad.xml").write_text("<config><a>1</a></config>", encoding="utf-8")
    skipped = {"binary.txt", "empty.txt", "truncated.jsonl.gz", "huge.txt", "dangling.txt", "pipe.txt", "bad.json",
               "bad.warc", "bad.md", "bad.xml"}
    return skipped


def test_each_broken_file_reported_once_and_the_rest_indexed(tmp_path):
    skipped = make_broken_corpus(tmp_path / "news")
    with Index.create(tmp_path / "ix") as ix:
        summary = ix.add([tmp_path / "news"], jobs=0)
        names = [os.path.basename(p) for p, _ in summary.skipped]
        assert sorted(names) == sorted(skipped)                          # each once
        reasons = {os.path.basename(p): r for p, r in summary.skipped}
        assert "binary" in reasons["binary.txt"] and "too large" in reasons["huge.txt"]
        assert reasons["pipe.txt"] == "not a regular file" and "WARC" in reasons["bad.warc"]
        assert [os.path.basename(p) for p, _ in summary.problems] == ["lines.jsonl"]
        titles = {h.title for h in ix.search("*", limit=0).hits}
        assert titles == {"Putin and Kim sign mutual defense pact during rare visit to Pyongyang",
                          "Gr\u00fc\u00dfe aus K\u00f6ln", "Good line one", "Good line two", "GOLD FALLS",
                          "SILVER RISES", "Deep story headline here"}
        assert ix.search("gold london").total == 1                       # the unclosed SGML element's body


def test_cli_exit_status_says_some_were_skipped(tmp_path):
    make_broken_corpus(tmp_path / "news")
    result = CliRunner().invoke(main, ["index", str(tmp_path / "news"), "--index", str(tmp_path / "ix"),
                                       "--jobs", "2"])
    assert result.exit_code == 1
    assert result.output.count("skipped ") == 10 and "Traceback" not in result.output
    assert "holds 7 articles" in result.output
