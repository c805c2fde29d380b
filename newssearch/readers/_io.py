"""Bytes to text for every reader: gzip, BOMs, UTF-8, then the Windows/Latin-1 code pages news files use."""
from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path

from ..errors import ReadError


def read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise ReadError(f"cannot read: {getattr(e, 'strerror', None) or e}") from None
    return data


def read_head(path: str | Path, size: int) -> bytes:
    """A file's first bytes, a .gz file's decompressed; OSError or EOFError when it cannot be read."""
    with (gzip.open if str(path).lower().endswith(".gz") else open)(path, "rb") as f:
        return f.read(size)


_DECLARED = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""", re.I)


def decode(data: bytes, declared: str | None = None) -> str:
    """BOM first, then UTF-8 if it is valid, then the charset the file (or its HTTP header) declares, then
    Windows-1252, which reads any byte."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8")      # valid UTF-8 is UTF-8, whatever the page claims
    except UnicodeDecodeError:
        pass
    if not declared:
        m = _DECLARED.search(data[:4096])
        declared = m.group(1).decode("ascii") if m else None
    if declared:
        try:
            codec = codecs.lookup(declared).name
            # Pages that say latin-1 are nearly always Windows-1252 (curly quotes in 0x80-0x9f): read them so.
            return data.decode("cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(path: str | Path) -> str:
    return decode(read_bytes(path))


def whole_file(path: str, warn, raw: str):
    """The one article of a single-article file, its text left for extraction to take apart."""
    from ..article import Article

    text = read_text(path)
    if text.strip():
        yield Article(path=path, body=text, raw=raw)
    else:
        warn("empty file")
