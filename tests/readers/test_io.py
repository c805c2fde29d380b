import gzip

import pytest

from newssearch.errors import ReadError
from newssearch.readers._io import decode, read_text


def test_utf8_bom_windows_1252_and_latin1():
    assert decode("\ufeffCaf\u00e9".encode("utf-8")) == "Caf\u00e9"
    assert decode("\u201cquoted\u201d \u00a35".encode("cp1252")) == "\u201cquoted\u201d \u00a35"
    assert decode(b"M\xfcnchen") == "M\u00fcnchen"        # the lone 0xFC byte of reut2-017.sgm


def test_binary_is_refused():
    with pytest.raises(ReadError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_gzip_and_truncated_gzip(tmp_path):
    good = tmp_path / "a.txt.gz"
    good.write_bytes(gzip.compress("Headline here\n\nBody text".encode()))
    assert read_text(good).startswith("Headline here")
    bad = tmp_path / "b.txt.gz"
    bad.write_bytes(gzip.compress(b"x" * 1000)[:20])
    with pytest.raises(ReadError):
        read_text(bad)
