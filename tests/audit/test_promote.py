"""The promotion gate: refuse a model whose contrast-slice FPR rises or whose recall falls
beyond the tolerance; name the slices."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from screening.audit.bench import SliceRow
from screening.audit.promote import judge


def _row(name, expected, old, new, n=100):
    return SliceRow(name=name, dataset=name.split("/")[0], expected=expected, description="", n=n,
                    flagged={"old": round(old * n), "new": round(new * n)},
                    rate={"old": old, "new": new}, statuses={})


@pytest.mark.parametrize("expected, old, new, tolerance, regression, worse_by", [
    (0, 0.10, 0.12, 0.02, False, 0.02),     # FPR up by exactly the tolerance: allowed
    (0, 0.10, 0.1201, 0.02, True, 0.0201),  # ... a hair beyond: refused
    (0, 0.10, 0.05, 0.02, False, -0.05),    # FPR down: better
    (1, 0.90, 0.88, 0.02, False, 0.02),     # recall down by the tolerance: allowed
    (1, 0.90, 0.85, 0.02, True, 0.05),      # recall down beyond it: refused
    (1, 0.90, 0.99, 0.00, False, -0.09),    # recall up
    (0, 0.10, 0.11, 0.00, True, 0.01),      # zero tolerance: any rise refuses
])
def test_slice_judgement(expected, old, new, tolerance, regression, worse_by):
    (change,) = judge(SimpleNamespace(slices=[_row("hatecheck/x", expected, old, new)]), "old", "new", tolerance)
    assert change.regression is regression
    assert change.worse_by == pytest.approx(worse_by)
    assert change.metric == ("fpr" if expected == 0 else "recall")


def test_report_only_and_empty_slices_do_not_gate():
    table = SimpleNamespace(slices=[_row("hatecheck/hate_without_threat", None, 0.1, 0.9),
                                    _row("edos/threats", 1, 0.0, 0.0, n=0)])
    assert judge(table, "old", "new", 0.02) == []
