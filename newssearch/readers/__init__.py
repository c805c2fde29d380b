"""One module per file format. Each declares SUFFIXES, MANY (whether a file holds several articles) and
read(path, warn) -> Iterator[Article]; warn(reason) reports a record it had to skip; claims(head), where a
format is known by its content, says whether a file without a suffix is one. A new format is a new module
here: the registry finds it by itself."""
from __future__ import annotations

import importlib
import os
import pkgutil
from functools import lru_cache
from types import ModuleType

from ._io import read_head


@lru_cache(maxsize=1)
def registry() -> dict[str, ModuleType]:
    """Lower-case suffix (".jsonl.gz") -> reader module."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for suffix in module.SUFFIXES:
                found[suffix] = module
    return found


def reader_for(path: str) -> ModuleType | None:
    """The reader for a file, by its longest known suffix ("a.jsonl.gz" before "a.gz"); for a file whose name
    has no suffix at all (but perhaps .gz), by how it starts (a reader with `claims(head)` says whether it can
    read it)."""
    name = path.lower()
    matches = [s for s in registry() if name.endswith(s)]
    if matches:
        return registry()[max(matches, key=len)]
    base = os.path.basename(name)
    if "." in base.removesuffix(".gz"):              # LDC ships Gigaword as afp_eng_199405.gz
        return None
    try:
        head = read_head(path, 4096).decode("latin-1")
    except (OSError, EOFError):
        return None
    return next((m for m in set(registry().values()) if hasattr(m, "claims") and m.claims(head)), None)
