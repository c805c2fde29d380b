"""One module per file format. Each declares SUFFIXES, MANY (whether a file holds several articles) and
read(path, warn) -> Iterator[Article]; warn(reason) reports a record it had to skip. A new format is a new module here: the registry finds it by itself."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType


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
    """The reader for a file name, by its longest known suffix ("a.jsonl.gz" before "a.gz")."""
    name = path.lower()
    matches = [s for s in registry() if name.endswith(s)]
    return registry()[max(matches, key=len)] if matches else None
