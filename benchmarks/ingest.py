"""Extraction quality on saved news pages and feeds with gold answers (../shared/corpora/html_gold, rss_feeds).

    python benchmarks/ingest.py

Per set: title exact-match rate, byline match rate, date accuracy (same day), body token-level F1 (mean over
pages), each beside trafilatura used bare on the same pages; for feeds, the items whose title, link and date
match the expected JSON. Definitions: titles and bylines compare after collapsing whitespace (bylines also
case-folded, without "By" and punctuation); body F1 is over bags of lower-case word tokens."""
from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import warnings
from collections import Counter
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
GOLD = REPO.parent / "shared" / "corpora" / "html_gold"
FEEDS = REPO.parent / "shared" / "corpora" / "rss_feeds"

from newssearch.extract.html import extract_html  # noqa: E402
from newssearch.readers import feed  # noqa: E402
from newssearch.readers._io import decode  # noqa: E402


def tokens(text: str | None) -> Counter:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def body_f1(pred: str | None, gold: str) -> float:
    p, g = tokens(pred), tokens(gold)
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def same_title(pred: str | None, gold: str) -> bool:
    return " ".join((pred or "").split()) == " ".join(gold.split())


def same_feed_title(pred: str, gold: str) -> bool:
    """rss-parser's snapshot of a latin-1 feed has U+FFFD for each accented letter: let it stand for any one."""
    pattern = "".join("." if c == "\ufffd" else re.escape(c) for c in " ".join(gold.split()))
    return re.fullmatch(pattern, " ".join(pred.split())) is not None


def same_byline(pred: str | None, gold: str | None) -> bool:
    """The same names; readability's gold often runs on into a date or an affiliation ("By Brenda Goodman,
    MA WebMD Health News"), so ours may stop where the names do: a non-empty prefix of the gold counts."""
    def norm(s):
        return [w for w in re.findall(r"\w+", (s or "").lower()) if w not in ("by", "and", "par", "por", "von")]
    ours, theirs = norm(pred), norm(gold)
    return bool(ours) and theirs[:len(ours)] == ours


def same_day(pred: datetime | None, gold: str | None) -> bool:
    if not gold or gold == "NaN" or (isinstance(gold, float)):
        return pred is None
    return pred is not None and pred.strftime("%Y-%m-%d") == gold[:10]


def bare(html: str) -> dict:
    import trafilatura
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    date = doc.get("date")
    return {"title": doc.get("title"), "byline": doc.get("author"), "body": doc.get("text"),
            "date": datetime.strptime(date[:10], "%Y-%m-%d") if date else None}


def ours(html: str) -> dict:
    page = extract_html(html)
    return {"title": page.title, "byline": page.byline, "body": page.body, "date": page.date}


def pages():
    """(set name, html, gold dict with any of title/byline/date/body)."""
    for d in sorted((GOLD / "readability").iterdir()):
        meta = json.loads((d / "expected-metadata.json").read_text())
        from lxml import html as lxml_html
        # Decoded first: expected.html is UTF-8 without a charset, and lxml given bytes would read latin-1.
        body = lxml_html.fromstring(decode((d / "expected.html").read_bytes())).text_content()
        gold = {"title": meta.get("title"), "byline": meta.get("byline"), "body": body}
        if meta.get("publishedTime"):
            gold["date"] = meta["publishedTime"]
        yield "readability", decode((d / "source.html").read_bytes()), gold
    truth = json.loads((GOLD / "article_extraction_benchmark" / "ground-truth.shared.json").read_text())
    for sha, item in sorted(truth.items()):
        raw = gzip.decompress((GOLD / "article_extraction_benchmark" / "html" / f"{sha}.html.gz").read_bytes())
        yield "article_extraction_benchmark", decode(raw), {"body": item["articleBody"]}
    dates = json.loads((GOLD / "htmldate_mediacloud2020" / "eval_mediacloud_2020.shared.json").read_text())
    for url, item in sorted(dates.items()):
        raw = (GOLD / "htmldate_mediacloud2020" / "test_set" / item["file"]).read_bytes()
        yield "htmldate_mediacloud2020", decode(raw), {"date": item["date"]}


def main() -> None:
    scores: dict[tuple[str, str, str], list[float]] = {}
    for name, html, gold in pages():
        for system, fn in (("newssearch", ours), ("trafilatura bare", bare)):
            got = fn(html)
            checks = {
                "title": lambda: same_title(got["title"], gold["title"]),
                "byline": lambda: same_byline(got["byline"], gold["byline"]),
                "date": lambda: same_day(got["date"], gold["date"]),
                "body F1": lambda: body_f1(got["body"], gold["body"]),
            }
            for field, check in checks.items():
                key = "body" if field == "body F1" else field
                if key in gold and (key != "byline" or gold[key]):
                    scores.setdefault((name, field, system), []).append(float(check()))
    print("| set | measure | pages | newssearch | trafilatura bare |\n|---|---|---|---|---|")
    for (name, field, system), values in scores.items():
        if system == "newssearch":
            other = scores[(name, field, "trafilatura bare")]
            print(f"| {name} | {field} | {len(values)} | {statistics.mean(values):.3f} | {statistics.mean(other):.3f} |")

    print("\n| feed | items expected | title | link | date |\n|---|---|---|---|---|")
    for path in sorted((FEEDS / "input").iterdir()):
        expected = json.loads(decode((FEEDS / "expected" / f"{path.stem}.json").read_bytes()))["feed"]["items"]
        got = list(feed.read(str(path), lambda p: None))
        t = sum(1 for e, g in zip(expected, got) if same_feed_title(g.title, e.get("title") or ""))
        link = sum(1 for e, g in zip(expected, got) if (g.url or "") == (e.get("link") or ""))
        dated = [(e, g) for e, g in zip(expected, got) if e.get("isoDate")]
        d = sum(1 for e, g in dated if g.date and _utc(g) == e["isoDate"][:19])
        print(f"| {path.name} | {len(expected)} (found {len(got)}) | {t} | {link} | {d} of {len(dated)} dated |")


def _utc(article) -> str:
    from datetime import timedelta
    stamp = article.date
    if article.tz:
        sign = -1 if article.tz[0] == "-" else 1
        hours, minutes = map(int, article.tz[1:].split(":"))
        stamp = stamp - sign * timedelta(hours=hours, minutes=minutes)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


if __name__ == "__main__":
    main()
