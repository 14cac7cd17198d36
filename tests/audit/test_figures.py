"""Live figures on the fixture store (see conftest.py), checked against values worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from screening.audit.figures import band_label, live_figures
from screening.audit.outcomes import Period
from screening.audit.stats import wilson

from .conftest import ts

PERIOD = Period.from_dates(date(2026, 11, 2), date(2026, 11, 15))


@pytest.fixture
def figures(fixture_store):
    settings, _ = fixture_store
    return live_figures(settings, PERIOD).to_dict()


def test_overall_counts(figures):
    # L1..L7 are in the period (L8 is not, controls never count); L6 is still open.
    # dismissed: L1 hyperbole, L5 not_concerning, L7 news (its revision); escalated L2, L4;
    # needs_info L3 (its revision).
    o = figures["overall"]
    assert (o["raised"], o["reviewed"], o["open"]) == (7, 6, 1)
    assert (o["dismissed"], o["escalated"], o["needs_info"]) == (3, 2, 1)
    assert o["dismissed_by_reason"] == {"hyperbole": 1, "quote": 0, "fiction": 0, "news": 1,
                                        "not_concerning": 1, "other": 0}


def test_overall_precision_with_wilson_interval(figures):
    # 3/6: z = 1.959964, z^2/n = 0.640243; centre = (0.5 + 0.320122)/1.640243 = 0.5;
    # half = (1.959964/1.640243) * sqrt(0.25/6 + 3.841459/144) = 1.194922 * 0.261426 = 0.312388
    p = figures["overall"]["precision"]
    assert (p["k"], p["n"], p["estimate"]) == (3, 6, 0.5)
    assert p["low"] == pytest.approx(0.18761, abs=1e-4)
    assert p["high"] == pytest.approx(0.81239, abs=1e-4)


@pytest.mark.parametrize("table, key, raised, reviewed, positive", [
    ("by_source", "forum", 4, 4, 2),          # L1 L2 L3 L7 -> L2 esc, L3 needs_info
    ("by_source", "tips", 3, 2, 1),           # L4 L5 L6 -> L4 esc
    ("by_indicator", "violent_ideation", 3, 2, 1),   # L1 L2 L6
    ("by_indicator", "planning", 1, 1, 1),    # L2 (also counted under violent_ideation)
    ("by_indicator", "grievance", 2, 2, 1),   # L3 L5
    ("by_indicator", "direct_threat", 1, 1, 1),  # L4 (L8 is outside the period)
    ("by_indicator", "leakage", 1, 1, 0),     # L7 revised to dismissed
    ("by_score_band", "0.00-0.50", 0, 0, 0),
    ("by_score_band", "0.50-0.60", 2, 2, 0),  # L1 0.55, L5 0.51
    ("by_score_band", "0.60-0.70", 1, 1, 1),  # L3
    ("by_score_band", "0.70-0.80", 1, 1, 1),  # L2
    ("by_score_band", "0.80-0.90", 1, 0, 0),  # L6 open
    ("by_score_band", "0.90-1.00", 2, 2, 1),  # L4 0.93, L7 0.99
    ("by_model_version", "m1", 4, 4, 3),
    ("by_model_version", "m2", 3, 2, 0),
    ("by_week", "2026-11-02", 4, 4, 3),
    ("by_week", "2026-11-09", 3, 2, 0),
])
def test_group_counts(figures, table, key, raised, reviewed, positive):
    t = figures[table][key]
    assert (t["raised"], t["reviewed"]) == (raised, reviewed)
    assert (t["precision"]["k"], t["precision"]["n"]) == (positive, reviewed)


def test_groups_hold_nothing_else(figures):
    assert list(figures["by_source"]) == ["forum", "tips"]
    assert sorted(figures["by_indicator"]) == ["direct_threat", "grievance", "leakage",
                                               "planning", "violent_ideation"]
    assert list(figures["by_week"]) == ["2026-11-02", "2026-11-09"]


def test_week_precision_interval(figures):
    # 3/4: centre = (0.75 + 0.480182)/1.960365 = 0.627527;
    # half = (1.959964/1.960365) * sqrt(0.1875/4 + 3.841459/64) = 0.999795 * 0.326952 = 0.326885
    p = figures["by_week"]["2026-11-02"]["precision"]
    assert p["low"] == pytest.approx(0.30064, abs=1e-4)
    assert p["high"] == pytest.approx(0.95441, abs=1e-4)


def test_as_of_ignores_later_revisions(fixture_store):
    # as of 11-16, L3's revision to needs_info (11-20) has not happened: it is dismissed/quote
    settings, _ = fixture_store
    o = live_figures(settings, PERIOD, as_of=ts(16)).to_dict()["overall"]
    assert (o["dismissed"], o["escalated"], o["needs_info"]) == (4, 2, 0)
    assert o["dismissed_by_reason"]["quote"] == 1


def test_control_miss_rate_estimate(figures):
    # controls C1..C4: C4 not read yet; of 3 read blind, C2 and C3 were judged concerning -> 2/3.
    # Wilson 2/3 is 1 - Wilson 1/3, which is: z^2/n = 1.280486;
    # centre = (0.333333 + 0.640243)/2.280486 = 0.426916;
    # half = (1.959964/2.280486) * sqrt((2/9)/3 + 3.841459/36) = 0.859451 * 0.425184 = 0.365425
    # -> 1/3 in [0.061491, 0.792341], so 2/3 in [0.207659, 0.938509].
    # unflagged screened documents in the period: 40 (m1) + 60 (m2) = 100 (empty and
    # out-of-period screenings do not count) -> about 67 missed, between 20.8 and 93.9.
    c = figures["controls"]["overall"]
    assert (c["sampled"], c["first_read"], c["first_read_concerning"]) == (4, 3, 2)
    assert c["unflagged"] == 100
    m = c["miss_rate"]
    assert (m["k"], m["n"]) == (2, 3)
    assert m["low"] == pytest.approx(0.207659, abs=1e-4)
    assert m["high"] == pytest.approx(0.938509, abs=1e-4)
    e = c["estimated_missed"]
    assert e["estimate"] == pytest.approx(200 / 3)
    assert (e["low"], e["high"]) == (pytest.approx(20.7659, abs=1e-2), pytest.approx(93.8509, abs=1e-2))
    # after disclosure (decisions made once the page said "not flagged"): C2 escalated of 3 -> 1/3
    assert (c["reviewed"], c["escalated"], c["dismissed"]) == (3, 1, 2)
    a = c["after_disclosure"]
    assert (a["k"], a["n"]) == (1, 3)
    assert (a["low"], a["high"]) == (pytest.approx(0.061491, abs=1e-4), pytest.approx(0.792341, abs=1e-4))


@pytest.mark.parametrize("version, sampled, first_read, k, reviewed, unflagged", [
    ("m1", 2, 2, 1, 2, 40),     # C1 not concerning, C2 concerning
    ("m2", 2, 1, 1, 1, 60),     # C3 concerning, C4 not read
])
def test_control_estimate_by_model(figures, version, sampled, first_read, k, reviewed, unflagged):
    c = figures["controls"]["by_model_version"][version]
    assert (c["sampled"], c["first_read"], c["miss_rate"]["k"], c["reviewed"], c["unflagged"]) == (
        sampled, first_read, k, reviewed, unflagged)


def test_blind_first_reads_of_sampled_leads_against_their_decisions(figures):
    # sampled leads in the period: L1, L2, L5, L6 (read blind; L6 still open, so no pair).
    #   L1 not concerning -> dismissed (agree); L2 concerning -> escalated (agree);
    #   L5 concerning -> dismissed (disagree).  Agreement 2/3.
    # Cohen's kappa: po = 2/3; pe = (2*1 + 1*2)/9 = 4/9; (2/3 - 4/9)/(1 - 4/9) = 0.4
    b = figures["controls"]["blind_leads"]
    assert (b["sampled"], b["first_read"], b["pairs"]) == (4, 4, 3)
    assert (b["concerning"]["k"], b["concerning"]["n"]) == (3, 4)
    assert b["table"] == {"concerning": {"positive": 1, "dismissed": 1},
                          "not_concerning": {"positive": 0, "dismissed": 1}}
    assert (b["agreement"]["k"], b["agreement"]["n"]) == (2, 3)
    assert b["kappa"] == pytest.approx(0.4)


@pytest.mark.parametrize("table, kappa", [
    # (a, b, c, d) = concerning/positive, concerning/dismissed, not/positive, not/dismissed
    ((5, 0, 0, 5), 1.0),          # perfect agreement
    ((0, 5, 5, 0), -1.0),         # perfect disagreement
    ((3, 3, 3, 3), 0.0),          # chance
    ((4, 0, 0, 0), None),         # one category only: kappa undefined
])
def test_kappa_cases(table, kappa):
    from screening.audit.controls import blind_lead_reads
    from screening.audit.outcomes import LeadOutcome

    outcomes = []
    for n, (first, decision) in zip(table, [(True, "escalated"), (True, "dismissed"),
                                            (False, "needs_info"), (False, "dismissed")], strict=True):
        outcomes += [LeadOutcome(len(outcomes), 0, "s", (), 0.9, "m", ts(2), False, decision, None,
                                 blind=True, first_read=first)] * n
    got = blind_lead_reads(outcomes).kappa
    assert got == (None if kappa is None else pytest.approx(kappa))


def test_empty_period_has_zero_counts_and_no_estimates(fixture_store):
    settings, _ = fixture_store
    f = live_figures(settings, Period.from_dates(date(2025, 1, 1), date(2025, 1, 31))).to_dict()
    assert f["overall"]["raised"] == 0
    assert f["overall"]["precision"]["estimate"] is None
    assert f["controls"]["overall"]["miss_rate"]["estimate"] is None
    assert len(f["by_week"]) == 5 and all(w["raised"] == 0 for w in f["by_week"].values())


@pytest.mark.parametrize("score, band", [
    (0.0, "0.00-0.50"), (0.4999, "0.00-0.50"), (0.5, "0.50-0.60"), (0.8999, "0.80-0.90"),
    (0.9, "0.90-1.00"), (1.0, "0.90-1.00"),
])
def test_band_label(score, band):
    assert band_label(score) == band


@pytest.mark.parametrize("k, n, low, high", [
    # 8/10: z^2/n = 0.384146; centre = (0.8 + 0.192073)/1.384146 = 0.716739;
    # half = (1.959964/1.384146) * sqrt(0.016 + 0.009604) = 1.416009 * 0.160012 = 0.226578
    (8, 10, 0.4902, 0.9433),
    # 0/5: centre = 0.384146/1.768292 = 0.217241 = half -> (0, 0.434482)
    (0, 5, 0.0, 0.4345),
    # 5/5 mirrors 0/5
    (5, 5, 0.5655, 1.0),
])
def test_wilson_hand_values(k, n, low, high):
    p = wilson(k, n)
    assert (round(p.low, 4), round(p.high, 4)) == (low, high)


@pytest.mark.parametrize("k, n", [(-1, 3), (4, 3), (0, -1)])
def test_wilson_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError):
        wilson(k, n)


def test_wilson_no_trials():
    p = wilson(0, 0)
    assert (p.estimate, p.low, p.high) == (None, None, None)


@pytest.mark.parametrize("n", range(1, 200))
def test_wilson_bounds_hold_the_estimate_exactly_at_the_edges(n):
    # a bug found by the notebook: float noise put the upper bound of 51/51 just below 1.0
    none, every = wilson(0, n), wilson(n, n)
    assert (none.low, none.estimate) == (0.0, 0.0) and none.high > 0
    assert (every.high, every.estimate) == (1.0, 1.0) and every.low < 1
    for k in range(n + 1):
        p = wilson(k, n)
        assert p.low <= p.estimate <= p.high
