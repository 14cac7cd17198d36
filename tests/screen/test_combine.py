"""The combining rule, as a table: evidence, context and classifier score -> flag, score, indicators."""

from __future__ import annotations

import dataclasses

import pytest

from screening.screen.combine import classifier_evidence, combine
from screening.types import Evidence


def ev(indicator, weight=1.0, context=(), start=0, end=4):
    return Evidence(start=start, end=end, text="xxxx", indicator=indicator, detector="rules:frame",
                    rule="r", context=tuple(context), weight=weight)


class Contribution:
    def __init__(self, feature, weight, start, end):
        self.feature, self.weight, self.start, self.end = feature, weight, start, end


CLF = classifier_evidence([Contribution("kill", 0.9, 10, 14), Contribution("lovely", -0.3, 0, 6)])


@pytest.mark.parametrize("rules,p,clf,flagged,indicators", [
    ([ev("direct_threat")], None, None, True, ["direct_threat"]),
    ([ev("direct_threat", context=["negation"])], None, None, False, []),
    ([ev("direct_threat", context=["quotation", "counter_speech"])], None, None, False, []),
    ([ev("leakage", 0.7, context=["reported_speech"])], None, None, True, ["leakage"]),
    ([ev("grievance", 0.3)], None, None, False, []),
    ([ev("grievance", 0.3)], 0.4, None, False, []),       # weak evidence, classifier unconvinced
    ([ev("grievance", 0.3)], 0.75, None, True, ["grievance"]),
    ([ev("direct_threat")], 0.05, None, True, ["direct_threat"]),   # strong evidence stands alone
    ([ev("grievance", 0.3), ev("last_resort", 0.35)], None, None, True, ["last_resort", "grievance"]),
    ([ev("self_harm", 0.9)], None, None, True, ["self_harm"]),
    ([], 0.95, CLF, True, ["violent_ideation"]),
    ([], 0.80, CLF, False, []),
    ([], 0.95, [], False, []),          # no evidence, no lead
    ([ev("direct_threat", context=["gaming"])], 0.99, CLF, False, []),   # rules read the context
    # classifier evidence is read for context too: discounted, it cannot raise a lead
    ([], 0.95, [dataclasses.replace(c, context=("negation",)) for c in CLF], False, []),
    ([], 0.95, [dataclasses.replace(c, context=("reported_speech",)) for c in CLF], True, ["violent_ideation"]),
])
def test_combining_rule(rules, p, clf, flagged, indicators):
    c = combine(rules, p, clf, flag_threshold=0.5, classifier_only_threshold=0.85)
    assert c.flagged is flagged
    assert c.indicators == indicators
    assert 0.0 <= c.score <= 1.0
    assert (c.score >= 0.5) is flagged or (not c.evidence and not flagged)
    assert all(e in c.evidence for e in rules)           # discounted evidence keeps its place


def test_classifier_evidence_keeps_positive_features_only():
    assert [(e.rule, e.detector, e.start, e.end) for e in CLF] == [("kill", "classifier", 10, 14)]


def test_score_rises_with_the_classifier_and_with_more_indicators():
    base = combine([ev("grievance", 0.3)], 0.1, None, flag_threshold=0.5, classifier_only_threshold=0.85).score
    more = combine([ev("grievance", 0.3)], 0.6, None, flag_threshold=0.5, classifier_only_threshold=0.85).score
    both = combine([ev("grievance", 0.3), ev("fixation", 0.3)], 0.1, None, flag_threshold=0.5,
                   classifier_only_threshold=0.85).score
    assert base < more and base < both
