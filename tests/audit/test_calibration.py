"""Threshold and reliability tables against hand counts; plots are real PNGs."""

from __future__ import annotations

import pytest

from screening.audit.calibration import (
    calibration_summary,
    calibration_view,
    plot_reliability,
    plot_thresholds,
    reliability_table,
    threshold_table,
)

# six items: labels and scores
Y = [1, 1, 0, 1, 0, 0]
S = [0.95, 0.70, 0.65, 0.40, 0.30, 0.05]


@pytest.mark.parametrize("t, tp, fp, fn, tn, precision, recall, fpr", [
    (0.5, 2, 1, 1, 2, 2 / 3, 2 / 3, 1 / 3),      # flagged: .95 .70 .65
    (0.7, 2, 0, 1, 3, 1.0, 2 / 3, 0.0),          # at or above: .95 .70
    (0.2, 3, 2, 0, 1, 3 / 5, 1.0, 2 / 3),
    (0.99, 0, 0, 3, 3, None, 0.0, 0.0),          # nothing flagged: precision undefined
])
def test_threshold_rows(t, tp, fp, fn, tn, precision, recall, fpr):
    (row,) = threshold_table(Y, S, [t])
    assert (row["tp"], row["fp"], row["fn"], row["tn"]) == (tp, fp, fn, tn)
    assert row["precision"] == (None if precision is None else pytest.approx(precision))
    assert row["recall"] == pytest.approx(recall)
    assert row["fpr"] == pytest.approx(fpr)


def test_reliability_bins():
    rows = {r["bin"]: r for r in reliability_table(Y, S, bins=2)}
    # low half: .40(1) .30(0) .05(0) -> 1/3, mean .25; high half: .95(1) .70(1) .65(0) -> 2/3, mean .7667
    assert rows["0.00-0.50"]["n"] == 3 and rows["0.00-0.50"]["observed"] == pytest.approx(1 / 3)
    assert rows["0.00-0.50"]["mean_score"] == pytest.approx(0.25)
    assert rows["0.50-1.00"]["observed"] == pytest.approx(2 / 3)
    assert rows["0.50-1.00"]["mean_score"] == pytest.approx(2.3 / 3)


def test_score_of_one_lands_in_the_last_bin():
    assert reliability_table([1], [1.0], bins=10)[-1]["n"] == 1


def test_summary():
    # Brier: (.05² + .3² + .65² + .6² + .3² + .05²)/6 = (.0025+.09+.4225+.36+.09+.0025)/6 = .9675/6 = 0.16125
    # ECE with 2 bins: 3/6·|1/3 - .25| + 3/6·|2/3 - .76667| = .041667 + .05 = 0.091667
    s = calibration_summary(Y, S, bins=2)
    assert s["brier"] == pytest.approx(0.16125, abs=1e-6)
    assert s["ece"] == pytest.approx(0.091667, abs=1e-6)
    assert calibration_summary([], []) == {"n": 0, "brier": None, "ece": None}


def test_mismatched_lengths():
    with pytest.raises(ValueError):
        threshold_table([1, 0], [0.5])


@pytest.mark.parametrize("y, s", [(Y, S), ([], [])])
def test_plots_are_png(y, s):
    view = calibration_view(y, s, threshold=0.5)
    for png in (plot_thresholds(view, "t"), plot_reliability(view, "r")):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
