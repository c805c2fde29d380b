"""Usenet posts and e-mails: real posts of 20 Newsgroups (read out of its tarball), a project-written MIME e-mail."""
import tarfile
from datetime import datetime

import pytest

from conftest import corpus
from newssearch.readers import message, reader_for

TOP = "20_newsgroups"


@pytest.fixture(scope="module")
def posts(tmp_path_factory):
    """Some real posts, and all 1,000 of sci.space, unpacked under their own names (numbers, no suffix)."""
    wanted = {"alt.atheism/49960", "comp.graphics/37261", "misc.forsale/76548", "alt.atheism/53120"}
    folder = tmp_path_factory.mktemp("20ng")
    with tarfile.open(corpus("20newsgroups", "20news-19997.tar.gz")) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and (m.name.split("/", 1)[1] in wanted
                                                                   or m.name.startswith(f"{TOP}/sci.space/"))]
        tar.extractall(folder, members=members, filter="data")
    return folder / TOP


def read(path):
    return list(message.read(str(path), lambda p: None))


def test_a_post_gives_subject_author_date_and_group(posts):
    [post] = read(posts / "alt.atheism" / "49960")
    assert (post.title, post.byline, post.source) == ("Alt.Atheism FAQ: Atheist Resources", "mathew", "alt.atheism")
    assert (post.date, post.tz) == (datetime(1993, 3, 29, 11, 57, 19), "+00:00")
    assert post.body.startswith("Archive-name: atheism/resources")
    assert "Message-ID" not in post.body                    # headers are not text


def test_what_real_posts_hold(posts):
    # "Article-I.D.:", a header name with dots, and a two-digit year ("19 Mar 93").
    [graphics] = read(posts / "comp.graphics" / "37261")
    assert graphics.date == datetime(1993, 3, 19, 20, 10, 23) and graphics.byline == "Robert Lipman"
    # A References header of binary garbage, holding characters str.splitlines() breaks lines at.
    [modem] = read(posts / "misc.forsale" / "76548")
    assert modem.title == "14.4k Modem ZOOM" and modem.tz == "-06:00"
    # "From:  (Rashid)": no address, the name only as a comment.
    assert read(posts / "alt.atheism" / "53120")[0].byline == "Rashid"


def test_posts_are_known_by_their_start_not_their_name(posts, tmp_path):
    for path in [posts / "alt.atheism" / "49960", posts / "misc.forsale" / "76548"]:
        assert reader_for(str(path)) is message
    (tmp_path / "LICENSE").write_text("Copyright: nobody\n\nPermission is granted to use this.\n")
    (tmp_path / "notes").write_text("From: the field trip\nwe met at ten\n")      # not headers
    (tmp_path / "Makefile").write_bytes(b"all:\n\tpython -m pytest\n")
    assert [reader_for(str(tmp_path / n)) for n in ("LICENSE", "notes", "Makefile")] == [None, None, None]


def test_a_whole_newsgroup(posts):
    files = sorted((posts / "sci.space").iterdir())
    assert len(files) == 1000
    assert all(reader_for(str(f)) is message for f in files)
    got = [a for f in files for a in read(f)]
    assert len(got) == 1000
    assert all(a.title and a.date and a.tz for a in got)
    assert sum(bool(a.byline) for a in got) >= 995
    assert {a.source for a in got} >= {"sci.space"}
    assert all(datetime(1993, 1, 1) < a.date < datetime(1993, 7, 1) for a in got)


def test_a_mime_email(tmp_path):
    path = tmp_path / "budget.eml"
    path.write_text(
        "From: =?utf-8?q?Jos=C3=A9_Volta?= <jose@example.org>\n"
        "To: desk@example.org\n"
        "Subject: =?utf-8?q?Caf=C3=A9_prices_rise?=\n"
        "Date: Tue, 18 Jun 2024 09:30:00 +0200\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="XX"\n\n'
        "--XX\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "Coffee in S=C3=A3o Paulo costs more this week.\n"
        "--XX\nContent-Type: text/html\n\n<p>Coffee in <b>Sao Paulo</b></p>\n"
        "--XX\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"prices.csv\"\n\n"
        "item,price\n"
        "--XX--\n")
    [mail] = read(path)
    assert (mail.title, mail.byline) == ("Café prices rise", "José Volta")
    assert (mail.date, mail.tz, mail.source) == (datetime(2024, 6, 18, 9, 30), "+02:00", None)
    assert mail.body == "Coffee in São Paulo costs more this week."     # no HTML twin, no attachment


def test_uuencoded_attachments_are_not_text(tmp_path):
    path = tmp_path / "61234"
    path.write_text("From: a@b.edu (A B)\nNewsgroups: comp.graphics\nSubject: GIF\n\nHere it is.\n\n"
                    "begin 644 face.gif\nM1TE&.#EA(``@`/```````/___R'Y!`$`````+``````@`\"```\n`\nend\n\nEnjoy.\n")
    [post] = read(path)
    assert post.body == "Here it is.\n\n\n\nEnjoy." and reader_for(str(path)) is message


def test_posts_are_indexed_and_found(posts, tmp_path):
    from newssearch import Index

    ix = Index.create(tmp_path / "index")
    summary = ix.add([posts / "alt.atheism", posts / "comp.graphics"], jobs=0)
    assert summary.articles == 3
    assert [h.id for h in ix.search("byline:mathew AND date:1993-03-29").hits] == ["alt.atheism/49960"]
    assert [h.title for h in ix.search('"virtual reality" AND date:1993-03').hits] == \
        ["CALL FOR PRESENTATIONS: Navy SciViz/VR Seminar"]


def test_an_html_only_email_gives_its_text(tmp_path):
    path = tmp_path / "alert.eml"
    path.write_text("From: desk@example.org\nSubject: Alert\nDate: 18 Jun 2024 10:00:00 +0000\n"
                    "Content-Type: text/html; charset=utf-8\n\n"
                    "<p>Floods in <b>Porto Alegre</b>.</p><p>More soon.</p>\n")
    [mail] = read(path)
    assert mail.body == "Floods in Porto Alegre.\n\nMore soon." and mail.byline == "desk@example.org"


@pytest.mark.parametrize("sender, byline", [
    ('wcm@eng.example.edu ("William F. Maton")', "William F. Maton"),    # 20 Newsgroups: a quoted comment
    ('jd@example.edu ("")', "jd@example.edu"),                           # an empty one: the address
    ("wcs@anchor.example.com (Bill Stewart +1-908-949-0705)", "Bill Stewart"),
])
def test_the_byline_is_the_posters_name(tmp_path, sender, byline):
    from newssearch.extract import enrich

    path = tmp_path / "61000"
    path.write_text(f"From: {sender}\nNewsgroups: sci.space\nSubject: Orbits\n\nA post about orbits.\n")
    (article,) = [enrich(a) for a in message.read(str(path), lambda _: None)]
    assert article.byline == byline
