"""docs/indicators.md is tested: its examples are leads with that indicator, its counter-examples
and context examples are not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screening.screen.combine import counts
from screening.types import Context, Indicator

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def _rows(columns: int) -> list[list[str]]:
    out = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `") and line.count("|") == columns + 1:
            out.append([c.strip() for c in line.strip().strip("|").split("|")])
    return out


def _quotes(cell: str) -> list[str]:
    return re.findall(r'"([^"]+)"', cell.replace("**", ""))


INDICATOR_ROWS = _rows(4)
CONTEXT_ROWS = _rows(3)
LEADS = [(r[0].strip("`"), q) for r in INDICATOR_ROWS for q in _quotes(r[2])]
COUNTERS = [(r[0].strip("`"), q) for r in INDICATOR_ROWS for q in _quotes(r[3])]
CONTEXT_EXAMPLES = [(r[0].strip("`"), q) for r in CONTEXT_ROWS for q in _quotes(r[2])]



def test_every_indicator_and_context_is_documented():
    assert {r[0].strip("`") for r in INDICATOR_ROWS} == {i.value for i in Indicator}
    assert {r[0].strip("`") for r in CONTEXT_ROWS} == {c.value for c in Context}
    assert len(LEADS) >= 20 and len(COUNTERS) >= 10 and len(CONTEXT_EXAMPLES) >= 10


@pytest.mark.parametrize("indicator,text", LEADS)
def test_documented_examples_give_counting_evidence(rules, indicator, text):
    """Each example yields undiscounted evidence for its indicator (weak indicators such as
    grievance or fixation need support to become a lead on their own; see the weights)."""
    r = rules.screen(text)
    hits = [e for e in r.evidence if e.indicator == indicator and counts(e)]
    assert hits, (text, [(e.indicator, e.context) for e in r.evidence])
    if max(e.weight for e in hits) >= 0.5:
        assert r.flagged and indicator in r.indicators


@pytest.mark.parametrize("indicator,text", COUNTERS)
def test_documented_counter_examples_are_not_leads_for_that_indicator(rules, indicator, text):
    r = rules.screen(text)
    assert not (r.flagged and indicator in r.indicators), (text, r.indicators)


@pytest.mark.parametrize("context,text", CONTEXT_EXAMPLES)
def test_documented_context_examples_are_not_leads(rules, context, text):
    assert not rules.screen(text).flagged, text
