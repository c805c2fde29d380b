"""The one record that every stage passes on: readers make it, extraction fills it in, the index stores it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    path: str                      # the file it came from, absolute
    key: str | None = None         # the record's key inside a multi-article file (Reuters NEWID, JSON id, position)
    id: str = ""                   # path relative to the indexed folder, plus "#key"; set by the indexer
    title: str = ""
    body: str = ""
    byline: str | None = None
    date: datetime | None = None   # naive, in the source's own time zone, so "18 June" stays 18 June
    tz: str | None = None          # that time zone's UTC offset ("+03:00") when the source states it
    dateline: str | None = None    # "MOSCOW" from "MOSCOW, June 18 (Reuters) -"
    places: list[str] = field(default_factory=list)     # canonical English names, e.g. "Pyongyang", "North Korea"
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2 codes of what the story is about
    place_countries: list[str] = field(default_factory=list)  # codes of every place named, for place: queries
    url: str | None = None
    source: str | None = None      # agency or publication where known ("Reuters", "VOA News")
    language: str | None = None    # as the page declares it ("en", "pt-BR"), where known
    dupkeys: list[str] = field(default_factory=list)  # near-duplicate band keys (duplicates.py)
    raw: str | None = None         # "text" or "html": body still holds the page, for extraction to take apart

    def record_id(self, relpath: str) -> str:
        return f"{relpath}#{self.key}" if self.key is not None else relpath
