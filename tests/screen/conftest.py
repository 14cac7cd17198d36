"""The rule screener (no classifier) shared by the contrast suites, the full screener, and two assertions.

The contrast suites run on the rules alone, so a failing row points at a pattern, a lexicon or a context cue;
`full` is for the rows where the classifier alone could raise a lead.
"""

from __future__ import annotations

import pytest

from screening.screen.screener import load_screener
from screening.settings import Settings


@pytest.fixture(scope="session")
def rules():
    return load_screener(Settings(), use_classifier=False)


@pytest.fixture(scope="session")
def full():
    """The shipped screener, classifier included: for rows where the classifier alone could raise a lead."""
    return load_screener(Settings())


def _seen(evidence) -> list[tuple]:
    return [(e.text, e.indicator, e.context) for e in evidence]


def assert_lead(rules, text: str, indicator: str, words: str, *, words_inside: bool = False) -> None:
    """Flagged, with ``indicator`` raised by counting evidence that covers ``words`` (or lies inside
    them, unless ``words_inside``), and every span pointing at the original characters."""
    r = rules.screen(text)
    assert r.flagged, f"missed: {text!r} -> {_seen(r.evidence)}"
    assert indicator in r.indicators
    hits = [e for e in r.evidence if e.indicator == indicator and not e.discounted]
    assert hits, r.evidence
    assert any(words in e.text or (not words_inside and e.text in words) for e in hits), [e.text for e in hits]
    for e in r.evidence:
        assert text[e.start:e.end] == e.text


def assert_not_lead(rules, text: str, context: str | None) -> None:
    """Not flagged, scored under the line, and (when given) ``context`` recorded on the evidence."""
    r = rules.screen(text)
    assert not r.flagged, f"false alarm: {text!r} -> {_seen(r.evidence)}"
    assert r.score < 0.5
    if context is not None:
        assert any(context in e.context for e in r.evidence), [(e.text, e.context) for e in r.evidence]
