"""Words, stems and the position gaps that make w/s and w/p exact."""
from newssearch.analysis import ANALYZER, PARAGRAPH_GAP, SENTENCE_GAP


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
