"""The one place where newssearch changes Whoosh's behaviour; each change has a regression test in
tests/test_whoosh_fixes.py pinning the behaviour we rely on.

Segment files are written once and never change, so what a segment reader learns about them stays true.
"""
from __future__ import annotations

from whoosh.codec import whoosh3


def _cached_reader(self, fieldname, column):
    # Whoosh remembers a field's length column only when it exists; for fields without one (ID, KEYWORD,
    # dates) it asked the file system again for every posting written at commit: a stat() call per posting,
    # a quarter of commit time on 20,000 Reuters stories (pyinstrument). The answer "no column" is kept too.
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader


apply()
