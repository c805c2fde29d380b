"""Words, stems and the position gaps that make w/s and w/p exact."""
from newssearch.analysis import ANALYZER, PARAGRAPH_GAP, SENTENCE_GAP, term_positions


def positions(text):
    return [(t.text, t.pos) for t in ANALYZER(text, positions=True)]


def test_stems_lower_case_and_accents():
    assert [w for w, _ in positions("Sanctions on Zürich BANKS")] == ["sanction", "on", "zurich", "bank"]


def test_sentence_and_paragraph_gaps():
    got = positions("Putin met Kim. Talks went on.\n\nNew paragraph here.")
    assert got == [("putin", 0), ("met", 1), ("kim", 2), ("talk", 3 + SENTENCE_GAP), ("went", 4 + SENTENCE_GAP),
                   ("on", 5 + SENTENCE_GAP), ("new", 6 + SENTENCE_GAP + PARAGRAPH_GAP),
                   ("paragraph", 7 + SENTENCE_GAP + PARAGRAPH_GAP), ("here", 8 + SENTENCE_GAP + PARAGRAPH_GAP)]


def test_abbreviations_do_not_end_sentences():
    for text in ("The U.S. officials met", "Mr. Kim arrived", "On Jan. 5 they met", "Acme Inc. Chief said",
                 "and so. it went on"):
        got = [p for _, p in positions(text)]
        assert got == list(range(len(got))), text


def test_chars_for_highlighting_are_offsets_into_the_text():
    text = "Markets. Prices"
    assert [text[t.startchar:t.endchar] for t in ANALYZER(text, chars=True)] == ["Markets", "Prices"]


def _by_token_chain(text):
    """What Whoosh's own TEXT field would index: the analyzer's tokens, grouped by term."""
    out = {}
    for t in ANALYZER(text, positions=True, mode="index"):
        out.setdefault(t.text, []).append(t.pos)
    return out


def test_fast_path_equals_the_analyzer_on_real_stories(bbc, reuters_000):
    """schema.NewsText indexes with term_positions; a query is analysed by ANALYZER. They must agree term for
    term and position for position, or phrases and w/N would silently miss: every BBC business story and the
    first 300 Reuters stories, plus accents, other scripts, numbers and odd spacing."""
    from newssearch.readers import sgml

    texts = [p.read_text(encoding="latin-1") for p in sorted((bbc / "business").glob("*.txt"))]
    texts += [a.body for a in list(sgml.read(str(reuters_000), lambda p: None))[:300]]
    texts += ["Zürich’s Straße — 3.5% of U.S. G.D.P.!\n\n\tNeue Absätze... «Ça va?» 東京 ١٢٣ _x_ 1,000.00", "", " "]
    for text in texts:
        assert term_positions(text) == _by_token_chain(text)


def test_fast_path_in_the_index_matches_the_field_it_replaces(bbc):
    from whoosh.fields import TEXT

    from newssearch.analysis import UNCOUNTED
    from newssearch.schema import SCHEMA

    texts = [p.read_text(encoding="latin-1") for p in sorted((bbc / "politics").glob("*.txt"))[:30]]
    for text in ["Putin met Kim in Pyongyang. Kim met Putin.\n\nTalks went on.", *texts]:
        for name in ("title", "body"):
            field = SCHEMA[name]
            plain = TEXT(analyzer=ANALYZER, field_boost=field.format.field_boost)
            # The same terms, counts, weights and positions (the positions encoded as NewsPositions encodes them);
            # the counts Whoosh sums into the field's length are 0 for the stop words (analysis.UNCOUNTED).
            ours = sorted((t, n, w, field.format.decode_positions(v)) for t, n, w, v in field.index(text))
            assert ours == sorted((t, 0 if t.decode() in UNCOUNTED else n, w, plain.format.decode_positions(v))
                                  for t, n, w, v in plain.index(text))
            assert any(t.decode() in UNCOUNTED for t, *_ in ours)


def test_spans_and_terms_are_the_analyzers_positions_and_offsets(bbc):
    from newssearch.analysis import spans_and_terms

    texts = [p.read_text(encoding="latin-1") for p in sorted((bbc / "tech").glob("*.txt"))[:100]]
    for text in texts + ["Zürich’s Straße — 3.5% of U.S. G.D.P.!\n\n\tNeue Absätze... «Ça va?» 東京", ""]:
        spans, terms = spans_and_terms(text)
        expected = term_positions(text)
        assert {term: terms.get(term) for term in expected} == expected
        assert terms.get("notaword") is None and terms.get("notaword", ()) == ()
        assert list(zip(*spans)) == [(t.pos, t.startchar, t.endchar)
                                     for t in ANALYZER(text, positions=True, chars=True)]


def test_term_lookup_stays_right_when_its_word_cache_is_cleared(monkeypatch):
    from newssearch import analysis

    monkeypatch.setattr(analysis, "SURFACES_LIMIT", 5)
    texts = ["Oil prices rose as oil exporters met.", "Exporting nations export oil; prices fell.", ""]
    for text in texts * 2:
        _, terms = analysis.spans_and_terms(text)
        expected = term_positions(text)
        assert {term: terms.get(term) for term in expected} == expected
        assert len(analysis._SURFACED) <= 7            # one text's words at most: 12 without clearing


def test_spellings_are_the_words_the_analyzer_gives_a_term(bbc):
    """spelling.py reads how stories write a stem with `spellings`; the analyzer's token chain, which it
    replaced (0.2 s over one long Usenet FAQ), gives the same words for every term of real stories."""
    from newssearch.analysis import spellings

    texts = [p.read_text(encoding="latin-1") for p in sorted((bbc / "politics").glob("*.txt"))[:40]]
    for text in texts + ["Zürich’s Straße — ZURICH zurich's «Ça va?» Elections, elected, ELECT!"]:
        by_chain: dict[str, set[str]] = {}
        for t in ANALYZER(text, chars=True):
            by_chain.setdefault(t.text, set()).add(text[t.startchar:t.endchar].lower())
        assert {term: spellings(text, term) for term in by_chain} == by_chain
        assert spellings(text, "notaword") == set()
    assert spellings("Elections, elected, ELECT! electoral", "elect") == {"elections", "elected", "elect"}
