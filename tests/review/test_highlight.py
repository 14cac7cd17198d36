"""Evidence highlighting: escaped pieces, labelled marks, overlaps, spans that no longer fit."""

from __future__ import annotations

import re

import pytest

from screening.review.leads import evidence_rows, highlight_html, safe_link
from screening.types import Evidence


def E(start, end, text, indicator="violent_ideation", context=()):
    return Evidence(start, end, text, indicator, "rules", "r", tuple(context))


def visible_text(html: str) -> str:
    """What a reader sees in the post, labels removed."""
    html = re.sub(r'<span class="ev-label[^"]*">.*?</span>', "", html)
    html = re.sub(r"<[^>]+>", "", html)
    return (html.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
            .replace("&#39;", "'").replace("&amp;", "&"))


CASES = [
    # (text, evidence, marked pieces in order, number of labels)
    ("I will hurt them", [E(7, 11, "hurt")], ["hurt"], 1),
    ("no evidence here", [], [], 0),
    # nested: the inner piece is one mark covered by both spans
    ("I will kill them all", [E(2, 20, "will kill them all"), E(7, 11, "kill", "direct_threat")],
     ["will ", "kill", " them all"], 2),
    # partial overlap: three pieces, the middle one covered twice
    ("make them pay now", [E(0, 9, "make them"), E(5, 13, "them pay", "grievance")],
     ["make ", "them", " pay"], 2),
    # adjacent spans stay two marks
    ("abcdef", [E(0, 3, "abc"), E(3, 6, "def")], ["abc", "def"], 2),
    # a span outside the text (text edited upstream) is not highlighted
    ("short", [E(3, 40, "xx")], [], 0),
    ("short", [E(4, 2, "bad")], [], 0),
]


@pytest.mark.parametrize("text, evidence, marked, labels", CASES)
def test_marks_cover_the_evidence_and_keep_the_text(text, evidence, marked, labels):
    html = str(highlight_html(text, evidence))
    assert re.findall(r"<mark[^>]*>(.*?)</mark>", html) == marked
    assert html.count('class="ev-label') == labels
    assert visible_text(html) == text


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "&lt;already escaped&gt; & more",
])
def test_hostile_text_is_escaped_inside_and_outside_marks(payload):
    text = f"before {payload} after"
    inside = E(7, 7 + len(payload), payload)
    for evidence in ([], [inside], [E(0, 10, text[:10])]):
        html = str(highlight_html(text, evidence))
        assert "<script" not in html and "<img" not in html and "<svg" not in html
        assert visible_text(html) == text


def test_labels_and_titles_cannot_inject_markup():
    text = "make them pay"
    html = str(highlight_html(text, [E(0, 4, "make", indicator='x" onmouseover="alert(1)')]))
    assert 'onmouseover="' not in html
    assert 'class="ev ind-xonmouseoveralert"' in html


@pytest.mark.parametrize("evidence, discounted_class", [
    ([E(0, 4, "make", context=["hyperbole"])], True),
    ([E(0, 4, "make")], False),
    # a piece is shown as discounted only when every span over it was discounted
    ([E(0, 4, "make", context=["gaming"]), E(0, 9, "make them")], False),
    # reported speech is considered but does not discount (a tip reporting a threat counts)
    ([E(0, 4, "make", context=["reported_speech"])], False),
])
def test_discounted_evidence_is_marked_as_such(evidence, discounted_class):
    html = str(highlight_html("make them pay", evidence))
    first = re.search(r'<mark class="([^"]*)"', html).group(1)
    assert ("discounted" in first.split()) is discounted_class


def test_evidence_rows_notice_a_span_that_no_longer_matches():
    rows = evidence_rows("they fired me", [E(5, 10, "fired"), E(5, 10, "hired"), E(50, 60, "gone")])
    assert [(r.matches, r.in_text) for r in rows] == [(True, True), (False, True), (False, False)]


@pytest.mark.parametrize("url, shown", [
    ("https://forum.example/t/1", True),
    ("http://forum.example/t/1?a=1&b=2", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ('https://x.example/"onmouseover="alert(1)', False),
    (None, False),
])
def test_only_plain_web_links_become_links(url, shown):
    assert (safe_link(url) is not None) is shown


@pytest.mark.parametrize("raw, n_ok, n_bad", [
    ([{"start": 0, "end": 4, "text": "make", "indicator": "planning", "detector": "d", "rule": "r"}], 1, 0),
    ([{"start": 0}, {"start": "x", "end": 2, "text": "", "indicator": "", "detector": "", "rule": ""}], 0, 2),
    ([None, "junk"], 0, 2),
    (None, 0, 0),
    ({"not": "a list"}, 0, 0),
])
def test_stored_evidence_that_does_not_parse_is_counted_not_fatal(raw, n_ok, n_bad):
    from screening.review.leads import read_evidence

    ok, bad = read_evidence(raw)
    assert (len(ok), bad) == (n_ok, n_bad)
