from datetime import datetime

import pytest

from conftest import SAMPLE
from newssearch.errors import ReadError
from newssearch.readers import markdown


def read(path):
    return list(markdown.read(str(path), lambda p: None))


def test_front_matter():
    (a,) = read(SAMPLE / "plain" / "editors-note.md")
    assert a.title == "Editors' note on the newssearch sample corpus"
    assert a.byline == "Sample Desk" and a.date == datetime(2024, 9, 1)
    assert a.body.startswith("Every article in this folder")


def test_heading_as_title_and_timestamp(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("---\nauthors: [Ana Lima, Joao Reis]\npublished: 2024-03-05T08:00:00-03:00\n---\n"
                    "# Floods close roads in Porto Alegre\n\nHeavy rain closed roads in the city.\n")
    (a,) = read(path)
    assert a.title == "Floods close roads in Porto Alegre" and a.body == "Heavy rain closed roads in the city."
    assert a.byline == "Ana Lima, Joao Reis"
    assert a.date == datetime(2024, 3, 5, 8, 0)


def test_bad_front_matter(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody\n")
    with pytest.raises(ReadError, match="bad front matter"):
        read(path)
