"""place: and country: values as people type them: `place:UK`, `place:"New York"`, `place:"Sao Paulo"`,
`country:germany`. The index holds the gazetteer's names (lower case) and ISO codes, so those found nothing:
"New York" in a story is New York City, "UK" the United Kingdom. A value the index does not hold is read, at
search time, as the gazetteer reads the same words in a story; a value it holds is left alone, so the usual
query never loads the gazetteer (0.7 s)."""
from __future__ import annotations

from whoosh import query as wq

from ..errors import QueryError


def read_places(q: wq.Query, reader) -> wq.Query:
    """q with each place: or country: value the index lacks replaced by what the gazetteer reads it as."""
    def unread(sub: wq.Query) -> bool:
        return (type(sub) is wq.Term and sub.fieldname in ("place", "country")
                and (sub.fieldname, sub.text) not in reader)

    if not any(map(unread, [q] if q.is_leaf() else q.leaves())):
        return q                                     # most queries: nothing to read, no tree rebuilt
    return q.accept(lambda sub: (_country(sub) if sub.fieldname == "country" else _place(sub)) if unread(sub)
                    else sub)


def _place(term: wq.Term) -> wq.Query:
    from ..extract.gazetteer import fold, readings_of

    names = dict.fromkeys([term.text] + [p.name.lower() for p in readings_of(fold(term.text))])
    if len(names) == 1:
        return term
    return wq.Or([wq.Term("place", name) for name in names], boost=term.boost)


def _country(term: wq.Term) -> wq.Query:
    from ..extract.gazetteer import country_names, fold, named_readings_of, readings_of

    if term.text.upper() in country_names():
        return term                                  # a code no article here is about
    # A country's readings are never GeoNames cities: read without building the gazetteer (~0.3 s), which only
    # the error needs, to say what else the name is.
    codes = list(dict.fromkeys(p.country.lower() for p in named_readings_of(fold(term.text)) if p.kind == "country"))
    if not codes:
        places = readings_of(fold(term.text))
        raise QueryError(f"country:{term.text}: " + (
            f"{places[0].name} is a {places[0].kind}; place:{term.text} finds the articles that name it" if places
            else "not a country's ISO code or name" + _closest_country(term.text)))
    if len(codes) == 1:
        return wq.Term("country", codes[0], boost=term.boost)
    return wq.Or([wq.Term("country", code) for code in codes], boost=term.boost)


def _closest_country(typed: str) -> str:
    """" (did you mean country:germany?)" for a country's name within two edits of what was typed."""
    from ..extract.gazetteer import country_names, fold
    from ..spelling import edit_distance

    typed = fold(typed)
    distance, name = min((edit_distance(typed, fold(n)), n) for n in country_names().values())
    return f' (did you mean country:"{name.lower()}"?)' if distance <= 2 else ""
