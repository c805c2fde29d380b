"""Result sets of every kind of query against a brute-force scan of the same stored texts, on real news:
1,000 Reuters-21578 stories and the BBC business and tech folders (911 stories)."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from newssearch import Index
from newssearch.extract.places import country_names
from newssearch.spelling import edit_distance
from newssearch.analysis import PARAGRAPH_GAP
from newssearch.schema import ANALYZER, TEXT_FIELDS


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, reuters_000, bbc):
    ix = Index.create(tmp_path_factory.mktemp("real") / "index")
    # In this process: with workers, which segment a story lands in depends on which worker took its file, and
    # the Whoosh miscount pinned below shows only in some layouts (it failed 2 runs in 8).
    ix.add([reuters_000, bbc / "business", bbc / "tech"], jobs=0)
    yield ix
    ix.close()


@pytest.fixture(scope="module")
def docs(real_index):
    """id -> stored fields plus token positions per text field, read back once."""
    out = {}
    with real_index._ix.searcher() as s:
        for stored in s.all_stored_fields():
            stored["positions"] = {f: [(t.text, t.pos) for t in ANALYZER(stored.get(f) or "", positions=True)]
                                   for f in TEXT_FIELDS}
            stored["tokens"] = {f: [w for w, _ in stored["positions"][f]] for f in TEXT_FIELDS}
            out[stored["id"]] = stored
    assert len(out) == 1000 + 510 + 401
    return out


def stem(word):
    return next(iter(ANALYZER(word))).text


def has(doc, word, fields=TEXT_FIELDS):
    w = stem(word)
    return any(w in doc["tokens"][f] for f in fields)


def phrase(doc, words, between=0, fields=TEXT_FIELDS):
    """The words in order, each followed by the next with at most `between` other words in between (counted
    in positions: a sentence end is a wide gap no phrase spans)."""
    ws = [stem(w) for w in words]
    for f in fields:
        pos = {}
        for t, p in doc["positions"][f]:
            pos.setdefault(t, []).append(p)
        def chain(k, at):
            if k == len(ws):
                return True
            return any(at < p <= at + between + 1 and chain(k + 1, p) for p in pos.get(ws[k], []))
        if any(chain(1, p) for p in pos.get(ws[0], [])):
            return True
    return False


def in_place(doc, name):
    names = country_names()
    return name.lower() in {p.lower() for p in doc["places"]} | {names[c].lower() for c in doc["place_countries"]}


def within(doc, lo, hi):
    d = doc.get("date")
    return d is not None and (lo is None or d >= lo) and (hi is None or d <= hi)


DAY_END = (23, 59, 59, 999999)
CASES = {
    "oil": lambda d: has(d, "oil"),
    "oil prices": lambda d: has(d, "oil") and has(d, "prices"),
    "oil OR gas": lambda d: has(d, "oil") or has(d, "gas"),
    "oil NOT opec": lambda d: has(d, "oil") and not has(d, "opec"),
    "oil -opec": lambda d: has(d, "oil") and not has(d, "opec"),
    '(oil -"crude oil") OR broadband': lambda d: (has(d, "oil") and not phrase(d, ["crude", "oil"]))
                                               or has(d, "broadband"),
    # A word the analyzer splits is the phrase of its parts (it was their AND, anywhere in the story).
    "+oil non-OPEC": lambda d: has(d, "oil") and phrase(d, ["non", "opec"]),
    "AT&T OR e-mail": lambda d: phrase(d, ["at", "t"]) or phrase(d, ["e", "mail"]),
    "(wheat OR corn) AND export": lambda d: (has(d, "wheat") or has(d, "corn")) and has(d, "export"),
    "NOT (oil OR the)": lambda d: not (has(d, "oil") or has(d, "the")),
    '"interest rates"': lambda d: phrase(d, ["interest", "rates"]),
    '"bank of england"': lambda d: phrase(d, ["bank", "of", "england"]),
    '"oil prices"~3': lambda d: phrase(d, ["oil", "prices"], between=3),
    '"mobile phone"~1 OR broadband': lambda d: phrase(d, ["mobile", "phone"], between=1) or has(d, "broadband"),
    "title:oil": lambda d: has(d, "oil", ["title"]),
    "headline:oil body:opec": lambda d: has(d, "oil", ["title"]) and has(d, "opec", ["body"]),
    "byline:gabbett": lambda d: has(d, "gabbett", ["byline"]),
    "source:reuters AND opec": lambda d: d.get("source") == "Reuters" and has(d, "opec"),
    "oil NOT source:reuters": lambda d: has(d, "oil") and d.get("source") != "Reuters",
    "place:japan": lambda d: in_place(d, "Japan"),
    'place:"United Kingdom" oil': lambda d: in_place(d, "United Kingdom") and has(d, "oil"),
    "country:BR": lambda d: "BR" in d["countries"],
    "date:1987-02-26": lambda d: within(d, datetime(1987, 2, 26), datetime(1987, 2, 26, *DAY_END)),
    "date:[1987-02-26 TO 1987-03-01]": lambda d: within(d, datetime(1987, 2, 26), datetime(1987, 3, 1, *DAY_END)),
    "date:[1987-03-02 TO] trade": lambda d: within(d, datetime(1987, 3, 2), None) and has(d, "trade"),
    "date:[TO 1987-02-26] OR title:broadband": lambda d: within(d, None, datetime(1987, 2, 26, *DAY_END))
                                                    or has(d, "broadband", ["title"]),
    "*": lambda d: True,
}


@pytest.mark.parametrize("query", list(CASES))
def test_result_set_equals_brute_force(real_index, docs, query):
    expected = {i for i, d in docs.items() if CASES[query](d)}
    results = real_index.search(query, limit=0)
    assert results.total == len(expected)
    assert {h.id for h in results.hits} == expected
    assert expected, f"{query!r} should match something in this data, or the case proves nothing"


def test_since_and_until_combine_with_the_query(real_index, docs):
    got = real_index.search("oil", since="1987-02-27", until="1987-03-02", limit=0)
    expected = {i for i, d in docs.items()
                if has(d, "oil") and within(d, datetime(1987, 2, 27), datetime(1987, 3, 2, *DAY_END))}
    assert {h.id for h in got.hits} == expected and expected


def test_limit_and_exact_total(real_index):
    r = real_index.search("oil", limit=3)
    assert len(r.hits) == 3 and r.total > 3
    assert [h.rank for h in r.hits] == [1, 2, 3]
    assert r.hits[0].score >= r.hits[1].score >= r.hits[2].score


def test_title_match_outranks_body_match(real_index, docs):
    # BM25F with the title boosted: stories about oil (oil in the headline) come before passing mentions.
    hits = real_index.search("oil", limit=0).hits
    in_title = [has(docs[h.id], "oil", ["title"]) for h in hits]
    n = sum(in_title)
    assert 3 <= n < len(hits)
    assert sum(in_title[:n]) >= 0.8 * n


@pytest.mark.parametrize("city", ["chicago", "tokyo", "london", "washington", "houston"])
def test_a_word_only_in_the_dateline_is_found_but_ranks_after_the_text(real_index, docs, city):
    # A dateline says where a story was filed (schema.DATELINE_BOOST): stories that name the city in their
    # title, byline or body come first, those that only carry it in the dateline after them, still found.
    # With the dateline counted in full, a dateline-only story came before text matches for each city here.
    hits = real_index.search(city, limit=0).hits
    in_text = [has(docs[h.id], city, ["title", "byline", "body"]) for h in hits]
    assert all(text or has(docs[h.id], city, ["dateline"]) for h, text in zip(hits, in_text))
    n = sum(in_text)
    assert 0 < n < len(hits)
    assert in_text == [True] * n + [False] * (len(hits) - n)


def test_sort_by_date_newest_first_undated_last(real_index):
    hits = real_index.search("oil", sort="date", limit=0).hits
    dated = [h.date for h in hits if h.date]
    assert dated == sorted(dated, reverse=True)
    first_undated = next(i for i, h in enumerate(hits) if h.date is None)   # BBC stories state no date
    assert all(h.date is None for h in hits[first_undated:])


def test_date_star_finds_the_dated_articles(real_index):
    everything = real_index.search("oil", limit=0).hits
    dated = {h.id for h in everything if h.date}
    assert 0 < len(dated) < len(everything)              # Reuters stories are dated, BBC ones are not
    assert {h.id for h in real_index.search("oil AND date:*", limit=0).hits} == dated
    assert {h.id for h in real_index.search("oil NOT date:*", limit=0).hits} == {h.id for h in everything} - dated


def test_snippets_mark_matches_and_escape_html(real_index):
    hit = real_index.search('title:bankamerica "equity offering"', limit=1).hits[0]
    assert hit.snippets and any("<b>" in s for s in hit.snippets)
    for s in hit.snippets:
        text = re.sub(r"</?b>", "", s)
        assert "<" not in text and ">" not in text
    assert re.search(r"<b>equity</b>\s*<b>offering</b>", " ".join(hit.snippets), re.I)


def test_reuters_fields_against_the_collection_tags(real_index, reuters_000):
    from newssearch.readers._io import read_text

    raw = read_text(reuters_000)
    by_id = {h.id: h for h in real_index.search("*", limit=0).hits}
    checked = authors = 0
    for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
        hit = by_id[f"reuters21578/reut2-000.sgm#{m.group(1)}"]   # ids relative to the roots' shared folder
        block = m.group(2)
        date = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d+)\s+(\d+):(\d+):(\d+)", block)  # some have two spaces
        assert hit.date.strftime("%d-%b-%Y %H:%M:%S").upper() == "{:0>2}-{}-{} {}:{}:{}".format(*date.groups())
        title = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
        if title:
            assert hit.title == " ".join(title.group(1).replace("&lt;", "<").replace("&amp;", "&").split())
        author = re.search(r"<AUTHOR>\s*(?:by|By|BY)\s+(.*?),\s*Reuters\s*</AUTHOR>", block, re.S)
        if author:
            assert hit.byline == " ".join(author.group(1).split())
            authors += 1
        checked += 1
    assert checked == 1000 and authors >= 20


def test_whoosh_miscounts_top_n_results_with_not_inside_or(real_index):
    """The Whoosh bug that search.run counts around: if this fails, len(results) became exact."""
    from newssearch.query import parse_query

    s = real_index.searcher()
    q = parse_query("NOT oil OR gas")
    collector = s.collector(limit=10, terms=True)
    s.search_with_collector(q, collector)
    assert len(collector.results()) != sum(1 for _ in s.docs_for_query(q))


@pytest.mark.parametrize("query", ["NOT oil OR gas", "oil", "NOT 0 OR cocoa", "(oil OR NOT gas) AND title:crude"])
@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_total_is_exact_with_a_limit(real_index, query, sort):
    assert real_index.search(query, limit=3, sort=sort).total == real_index.search(query, limit=0).total


@pytest.mark.parametrize("query", ["oil prices", "brazil debt", "federal reserve", "(coffee OR cocoa) AND brazil",
                                   '"interest rates" OR inflation', "grain NOT wheat"])
def test_top_ten_are_the_ten_best_scores(real_index, query):
    """Whoosh's default top-N collector skips by block quality and was measured leaving better-scoring stories
    out of the top 10 (20,000 Reuters, "oil prices"); the top 10 must be the 10 best of every match."""
    top = [h.score for h in real_index.search(query, limit=10).hits]
    every = sorted((h.score for h in real_index.search(query, limit=0).hits), reverse=True)
    assert top == pytest.approx(every[:10])


def lexicon(docs):
    return {t for d in docs.values() for f in TEXT_FIELDS for t in d["tokens"][f]}


@pytest.mark.parametrize("query, matches", [
    ("sanction*", lambda t: t.startswith("sanction")),
    ("wom?n", lambda t: re.fullmatch(r"wom.n", t) is not None),
    ("brazil~1", lambda t: edit_distance(t, "brazil") <= 1),
])
def test_wildcards_and_fuzzy_against_brute_force(real_index, docs, query, matches):
    words = {t for t in lexicon(docs) if matches(t)}
    expected = {i for i, d in docs.items() if any(t in words for f in TEXT_FIELDS for t in d["tokens"][f])}
    got = real_index.search(query, limit=0)
    assert {h.id for h in got.hits} == expected and expected


def test_boost_changes_ranking_not_the_set(real_index):
    plain = real_index.search("oil OR wheat", limit=0)
    boosted = real_index.search("oil OR wheat^5", limit=0)
    assert {h.id for h in plain.hits} == {h.id for h in boosted.hits}
    assert [h.id for h in plain.hits[:10]] != [h.id for h in boosted.hits[:10]]


def test_a_boosted_proximity_scores_its_boost_times_more(real_index):
    """"(oil w/3 price)^3 OR wheat": a story the proximity alone finds scores 3 times what "oil w/3 price"
    gives it (the boost was dropped when the OR flattened the proximity's per-field spans into itself)."""
    plain = {h.id: h.score for h in real_index.search("oil w/3 price", limit=0).hits}
    wheat = {h.id for h in real_index.search("wheat", limit=0).hits}
    boosted = {h.id: h.score for h in real_index.search("(oil w/3 price)^3 OR wheat", limit=0).hits}
    alone = [i for i in plain if i not in wheat]
    assert len(alone) > 20
    assert [boosted[i] for i in alone] == pytest.approx([3 * plain[i] for i in alone], rel=1e-9)


def test_pages_are_stable_and_cover_the_list(real_index):
    everything = [h.id for h in real_index.search("oil", limit=0).hits]
    pages = [h.id for p in (1, 2, 3) for h in real_index.search("oil", limit=7, page=p).hits]
    assert pages == everything[:21]
    assert [h.rank for h in real_index.search("oil", limit=7, page=3).hits] == list(range(15, 22))


def test_oldest_first_undated_last(real_index):
    hits = real_index.search("oil", sort="oldest", limit=0).hits
    dated = [h.date for h in hits if h.date]
    assert [h.date for h in hits[:len(dated)]] == sorted(dated)
    assert all(h.date is None for h in hits[len(dated):]) and len(dated) < len(hits)


def test_facets_count_every_match(real_index, docs):
    got = real_index.search("oil", limit=2, facets="country,month,byline")
    matching = [d for d in docs.values() if has(d, "oil")]
    for c in got.facets["country"]:
        assert c.count == sum(c.code in d["countries"] for d in matching)
    months = {c.name: c.count for c in got.facets["month"]}
    assert sum(months.values()) == sum(1 for d in matching if d.get("date"))
    assert list(months) == sorted(months, reverse=True)


def near(doc, a, b, between=None, ordered=False, unit=None, fields=TEXT_FIELDS):
    """a and b (words, or lists of words for a phrase) in one field, at most `between` words apart, or in the
    same sentence or paragraph (unit): brute force over (position, ordinal) pairs. A position runs ahead of
    the ordinal by the gaps before it, so two words share a sentence when those gaps are equal."""
    def spans(doc_field, words):
        ws = [stem(w) for w in (words if isinstance(words, list) else [words])]
        toks = doc["positions"][doc_field]
        out = []
        for i in range(len(toks) - len(ws) + 1):
            if [t for t, _ in toks[i:i + len(ws)]] == ws and all(
                    toks[i + k + 1][1] - toks[i + k][1] == 1 for k in range(len(ws) - 1)):
                out.append((toks[i][1], toks[i + len(ws) - 1][1], i, i + len(ws) - 1))
        return out
    for f in fields:
        for sa, ea, ia, _ in spans(f, a):
            for sb, eb, ib, _ in spans(f, b):
                if (sa, ea) == (sb, eb) or (ordered and sb <= sa):
                    continue
                if unit == "s":
                    if sa - ia == sb - ib:                       # no gap between them
                        return True
                elif unit == "p":
                    if (sa - ia) // 100000 == (sb - ib) // 100000:   # no paragraph gap between them
                        return True
                else:
                    dist = sb - ea if sb > ea else sa - eb
                    if 1 <= dist <= between + 1:
                        return True
    return False


PROXIMITY = {
    "oil w/5 prices": lambda d: near(d, "oil", "prices", 5),
    "prices pre/3 oil": lambda d: near(d, "prices", "oil", 3, ordered=True),
    "oil pre/3 prices": lambda d: near(d, "oil", "prices", 3, ordered=True),
    "opec w/s output": lambda d: near(d, "opec", "output", unit="s"),
    "opec w/p output": lambda d: near(d, "opec", "output", unit="p"),
    '"interest rates" w/10 cut': lambda d: near(d, ["interest", "rates"], "cut", 10),
    "(wheat OR corn) w/4 export": lambda d: near(d, "wheat", "export", 4) or near(d, "corn", "export", 4),
    '("oil prices" OR opec) w/5 (rise OR fall)': lambda d: any(near(d, a, b, 5) for a in (["oil", "prices"], "opec")
                                                               for b in ("rise", "fall")),
    "title:oil w/2 price": lambda d: near(d, "oil", "price", 2, fields=["title"]),
    "oil w/5 prices AND opec": lambda d: near(d, "oil", "prices", 5) and has(d, "opec"),
    "oil w/5 prices OR wheat w/3 export": lambda d: near(d, "oil", "prices", 5) or near(d, "wheat", "export", 3),
    "oil w/5 prices NOT opec": lambda d: near(d, "oil", "prices", 5) and not has(d, "opec"),
}


def near_terms(doc, a, b, between):
    """Some indexed term for which a(term) holds within `between` words of one for which b(term) holds, in one
    field (terms are stems: a truncated word matches the stems that start with it)."""
    for f in TEXT_FIELDS:
        ps = doc["positions"][f]
        left, right = [p for t, p in ps if a(t)], [p for t, p in ps if b(t)]
        if any(1 <= abs(q - p) <= between + 1 for p in left for q in right):
            return True
    return False


PROXIMITY.update({
    # Truncated words inside a proximity: the words of the index they stand for (proximity.spell_out).
    "export* w/4 wheat": lambda d: near_terms(d, lambda t: t.startswith("export"), lambda t: t == "wheat", 4),
    "(export* OR sale*) w/3 wheat": lambda d: near_terms(d, lambda t: t.startswith(("export", "sale")),
                                                         lambda t: t == "wheat", 3),
    "wh?at w/4 export*": lambda d: near_terms(d, lambda t: re.fullmatch("wh.at", t),
                                              lambda t: t.startswith("export"), 4),
})


@pytest.mark.parametrize("query", list(PROXIMITY))
def test_proximity_against_brute_force(real_index, docs, query):
    expected = {i for i, d in docs.items() if PROXIMITY[query](d)}
    got = real_index.search(query, limit=0)
    assert {h.id for h in got.hits} == expected and expected


def test_a_truncated_word_standing_for_no_word_makes_a_proximity_match_nothing(real_index):
    assert real_index.search("zzqx* w/3 wheat").total == 0
    either = real_index.search("zzqx* w/3 wheat OR export* w/4 wheat")
    assert either.total == real_index.search("export* w/4 wheat").total > 0


def test_whoosh_span_or_cannot_estimate_its_size(real_index):
    """Whoosh's SpanOr raises in estimate_size; query/proximity.py's SpanOr adds it."""
    from whoosh.query import Term, spans

    with pytest.raises(NotImplementedError):
        spans.SpanOr([Term("body", "oil"), Term("body", "gas")]).estimate_size(real_index.searcher().reader())


def test_phrase_highlights_only_the_phrase(real_index):
    lone_seen = 0
    for hit in real_index.search('"interest rates"', limit=40).hits:
        text = " ".join(hit.snippets)
        marked = re.findall(r"<b>(.*?)</b>", text)
        assert marked and len(marked) % 2 == 0
        assert re.fullmatch(r"(?:\s*<b>interest</b>\s*<b>rates?</b>\s*)+", "".join(re.findall(r"<b>.*?</b>\s*", text)),
                            re.I), text
        plain = re.sub(r"<b>interest</b>\s*<b>rates?</b>", "", text, flags=re.I)
        lone_seen += bool(re.search(r"\b(interest|rates)\b", plain, re.I))
    assert lone_seen, "no snippet had a lone word of the phrase: the test did not test"


def test_proximity_highlights_the_pair_that_matched(real_index):
    for hit in real_index.search("oil w/2 prices", limit=20).hits:
        text = " ".join(hit.snippets)
        if "<b>" not in text:
            continue                                        # matched in the title only
        for m in re.finditer(r"<b>([^<]*)</b>", text):
            assert m.group(1).lower() in ("oil", "prices", "price"), text


def test_truncated_proximity_highlights_the_words_it_stood_for(real_index):
    marked = set()
    for hit in real_index.search("export* w/4 wheat", limit=20).hits:
        marked |= {m.lower() for m in re.findall(r"<b>([^<]*)</b>", " ".join(hit.snippets))}
    assert "wheat" in marked and len(marked) > 2
    assert all(m == "wheat" or m.startswith("export") for m in marked), marked


def count(doc, word, fields=TEXT_FIELDS):
    w = stem(word)
    return sum(doc["tokens"][f].count(w) for f in fields)


def headline_and_lead(doc):
    """The title and the body's first paragraph (of a paragraph of 100+ sentences, the first 99 or so:
    query/lead.py) as the fields "title" and "lead"."""
    first = re.split(r"\n\s*\n", doc.get("body") or "", maxsplit=1)[0]
    lead = [(t.text, t.pos) for t in ANALYZER(first, positions=True) if t.pos < PARAGRAPH_GAP]
    return {"positions": {"title": doc["positions"]["title"], "lead": lead},
            "tokens": {"title": doc["tokens"]["title"], "lead": [w for w, _ in lead]}}


def lead_has(doc, word):
    return has(headline_and_lead(doc), word, ["title", "lead"])


MORE = {
    "atleast3(oil)": lambda d: count(d, "oil") >= 3,
    "atleast5(bank) NOT title:bank": lambda d: count(d, "bank") >= 5 and not has(d, "bank", ["title"]),
    "body:atleast4(oil)": lambda d: count(d, "oil", ["body"]) >= 4,
    "hlead:opec": lambda d: lead_has(d, "opec"),
    "hlead:wheat OR atleast4(corn)": lambda d: lead_has(d, "wheat") or count(d, "corn") >= 4,
    "hlead:sugar*": lambda d: any(w.startswith("sugar") for f in ("title", "lead")
                                  for w in headline_and_lead(d)["tokens"][f]),
    'hlead:"trade deficit"': lambda d: phrase(headline_and_lead(d), ["trade", "deficit"], fields=["title", "lead"]),
    "hlead:(bank w/3 rates)": lambda d: near(headline_and_lead(d), "bank", "rates", 3, fields=["title", "lead"]),
    # Whoosh's SpanOr had no children: its words stayed in hlead and this matched nothing.
    "hlead:((wheat OR corn) w/4 export)": lambda d: any(near(headline_and_lead(d), w, "export", 4,
                                                             fields=["title", "lead"]) for w in ("wheat", "corn")),
}


@pytest.mark.parametrize("query", list(MORE))
def test_atleast_and_hlead_against_brute_force(real_index, docs, query):
    expected = {i for i, d in docs.items() if MORE[query](d)}
    got = real_index.search(query, limit=0)
    assert {h.id for h in got.hits} == expected and expected


def test_relative_dates_against_brute_force(real_index, docs, monkeypatch):
    import newssearch.query.dates as dates

    monkeypatch.setattr(dates, "now", lambda: datetime(1987, 3, 3, 12, 0))
    got = {h.id for h in real_index.search("date:[now-2d TO now] oil", limit=0).hits}
    expected = {i for i, d in docs.items() if within(d, datetime(1987, 3, 1, 12, 0), datetime(1987, 3, 3, 12, 0))
                and has(d, "oil")}
    assert got == expected and expected
    yesterday = {h.id for h in real_index.search("*", since="yesterday", until="yesterday", limit=0).hits}
    assert yesterday == {i for i, d in docs.items() if within(d, datetime(1987, 3, 2), datetime(1987, 3, 2, *DAY_END))}


@pytest.mark.parametrize("query, lo, hi", [          # reut2-000's stories are of 26 February to 3 March 1987
    ("date:>1987-03-02", datetime(1987, 3, 3), None),
    ("date:>=1987-03-02", datetime(1987, 3, 2), None),
    ('date:<"2 March 1987"', None, datetime(1987, 3, 1, *DAY_END)),
    ("date:<=1987-03-01", None, datetime(1987, 3, 1, *DAY_END)),
    ("date:{1987-02-26 TO 1987-03-02}", datetime(1987, 2, 27), datetime(1987, 3, 1, *DAY_END)),
    ("date:>1987-02", datetime(1987, 3, 1), None),
])
def test_date_comparisons_against_brute_force(real_index, docs, query, lo, hi):
    got = {h.id for h in real_index.search(query, limit=0).hits}
    expected = {i for i, d in docs.items() if within(d, lo, hi)}
    assert got == expected and expected and len(expected) < sum(1 for d in docs.values() if d.get("date"))


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorted_by_date_each_hit_keeps_its_relevance_score(real_index, sort):
    by_score = {h.id: h.score for h in real_index.search("oil prices", limit=0).hits}
    by_date = real_index.search("oil prices", limit=0, sort=sort).hits
    assert {h.id: h.score for h in by_date} == pytest.approx(by_score) and min(by_score.values()) > 0


def pattern_phrase(doc, patterns, between=0, fields=TEXT_FIELDS):
    """Brute force for a phrase with truncated words: each pattern ("rat*") a prefix of the term at its place,
    the others the word's stem; in order, at most `between` positions apart."""
    import fnmatch

    def fits(pattern, term):
        return fnmatch.fnmatchcase(term, pattern.lower()) if "*" in pattern or "?" in pattern else term == stem(pattern)

    for f in fields:
        found = doc["positions"][f]
        def chain(k, at):
            if k == len(patterns):
                return True
            return any(at < p <= at + between + 1 and fits(patterns[k], t) and chain(k + 1, p) for t, p in found)
        if any(fits(patterns[0], t) and chain(1, p) for t, p in found):
            return True
    return False


@pytest.mark.parametrize("query, patterns, between", [
    ('"interest rat*"', ["interest", "rat*"], 0),
    ('"oil pric*"', ["oil", "pric*"], 0),
    ('"pr?me rate"', ["pr?me", "rate"], 0),
    ('"comput* industr*"', ["comput*", "industr*"], 0),
    ('"crude oil pric*"~2', ["crude", "oil", "pric*"], 2),
])
def test_truncated_words_in_phrases_against_brute_force(real_index, docs, query, patterns, between):
    """Whoosh's phrase dropped the "*" and looked for "rat"; a phrase with a pattern is a span of its words."""
    got = {h.id for h in real_index.search(query, limit=0).hits}
    expected = {i for i, d in docs.items() if pattern_phrase(d, patterns, between)}
    assert got == expected and expected
    plain = {h.id for h in real_index.search(" ".join(f'"{p}"' if "*" not in p else p for p in patterns),
                                             limit=0).hits}
    assert got < plain                                   # the words in order and together, not anywhere


def test_a_truncated_phrase_in_a_proximity_and_its_snippets(real_index, docs):
    got = real_index.search('"interest rat*" w/10 cut', limit=0, snippets=1)
    assert got.total and all(pattern_phrase(docs[h.id], ["interest", "rat*"]) and has(docs[h.id], "cut")
                             for h in got.hits)
    assert all("<b>interest</b> <b>rat" in h.snippets[0].lower() for h in got.hits if h.snippets)


def test_a_pattern_of_too_many_words_is_a_clear_error(real_index):
    from newssearch.errors import QueryError

    with pytest.raises(QueryError, match=r"^'\*' stands for more than 4,096 words in body; make it more specific"):
        real_index.search('"the *"')
    assert real_index.search("rat*").total                     # a bounded one is searched


@pytest.mark.parametrize("n", [0, 7, 500, 1400])
def test_similar_ranks_as_whoosh_more_like_scores(real_index, n):
    """`similar` scores Whoosh's more_like query (the story's 25 key terms, ORed, each boosted by its weight)
    with matching.py instead of Whoosh's matchers (6 s at 1M): every other article sharing a word, the same
    scores, best first with ties by article number, the story itself left out."""
    s = real_index.searcher()
    docnum = sorted(s.document_numbers())[n]
    stored = s.stored_fields(docnum)
    whoosh = s.more_like(docnum, "body", text=f"{stored.get('title', '')}\n{stored.get('body', '')}", top=None,
                         numterms=25)
    expected = sorted(((hit.score, hit.docnum) for hit in whoosh), key=lambda x: (-x[0], x[1]))
    got = real_index.similar(stored["id"], limit=10, snippets=0)
    assert got.total == len(expected) > 10
    assert [h.id for h in got.hits] == [s.stored_fields(d)["id"] for _, d in expected[:10]]
    assert [h.score for h in got.hits] == pytest.approx([score for score, _ in expected[:10]], rel=1e-9)
    assert stored["id"] not in {h.id for h in real_index.similar(stored["id"], limit=0, snippets=0).hits}
