"""Bytes to text for every reader: gzip, BOMs, UTF-8, then the Windows/Latin-1 code pages news files use."""
from __future__ import annotations

import gzip
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


def decode(data: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(path: str | Path) -> str:
    return decode(read_bytes(path))
