"""Threshold and calibration views: what moving the threshold would do, and whether a score
of 0.8 means what it says.

Two kinds of evidence feed these views:

* the public benchmark: every case has a label ("should reach review" or not) and a score, so
  precision, recall and the false-positive rate can be drawn against the threshold;
* reviewed leads: only items above the threshold become leads, so from them alone precision
  can be drawn against the threshold (recall cannot). Reviewed blind controls add the
  unflagged range to the reliability diagram.

Plots are drawn with matplotlib's object API on the Agg canvas (no pyplot state, no display),
returned as PNG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from screening.audit.stats import wilson

THRESHOLDS: tuple[float, ...] = tuple(round(i / 20, 2) for i in range(1, 20))   # 0.05 .. 0.95


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def threshold_table(y_true: Sequence[int], scores: Sequence[float],
                    thresholds: Sequence[float] = THRESHOLDS) -> list[dict[str, Any]]:
    """Confusion counts, precision, recall and false-positive rate at each threshold
    (an item is flagged when its score is at or above the threshold).
    """
    if len(y_true) != len(scores):
        raise ValueError(f"{len(y_true)} labels but {len(scores)} scores")
    pairs = list(zip((int(y) for y in y_true), (float(s) for s in scores), strict=True))
    rows = []
    for t in thresholds:
        tp = sum(1 for y, s in pairs if s >= t and y == 1)
        fp = sum(1 for y, s in pairs if s >= t and y == 0)
        fn = sum(1 for y, s in pairs if s < t and y == 1)
        tn = sum(1 for y, s in pairs if s < t and y == 0)
        rows.append({"threshold": float(t), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                     "fpr": _ratio(fp, fp + tn)})
    return rows


def reliability_table(y_true: Sequence[int], scores: Sequence[float], bins: int = 10,
                      confidence: float = 0.95) -> list[dict[str, Any]]:
    """Per equal-width score bin: items, mean score, observed share of positives (Wilson)."""
    if len(y_true) != len(scores):
        raise ValueError(f"{len(y_true)} labels but {len(scores)} scores")
    groups: list[list[tuple[int, float]]] = [[] for _ in range(bins)]
    for y, s in zip(y_true, scores, strict=True):
        groups[min(int(float(s) * bins), bins - 1)].append((int(y), float(s)))
    rows = []
    for i, g in enumerate(groups):
        k = sum(y for y, _ in g)
        p = wilson(k, len(g), confidence)
        rows.append({"bin": f"{i / bins:.2f}-{(i + 1) / bins:.2f}", "n": len(g),
                     "mean_score": sum(s for _, s in g) / len(g) if g else None,
                     "observed": p.estimate, "low": p.low, "high": p.high, "positives": k})
    return rows


def calibration_summary(y_true: Sequence[int], scores: Sequence[float], bins: int = 10) -> dict[str, Any]:
    """Brier score and expected calibration error (bin-weighted |observed - mean score|)."""
    n = len(scores)
    if n == 0:
        return {"n": 0, "brier": None, "ece": None}
    brier = sum((float(s) - int(y)) ** 2 for y, s in zip(y_true, scores, strict=True)) / n
    ece = sum(r["n"] / n * abs(r["observed"] - r["mean_score"])
              for r in reliability_table(y_true, scores, bins) if r["n"])
    return {"n": n, "brier": brier, "ece": ece}


def calibration_view(y_true: Sequence[int], scores: Sequence[float], *, threshold: float | None = None,
                     thresholds: Sequence[float] = THRESHOLDS, bins: int = 10) -> dict[str, Any]:
    """Everything one source of labelled scores says about the threshold and calibration."""
    return {"n": len(scores), "positives": int(sum(int(y) for y in y_true)),
            "current_threshold": threshold,
            "thresholds": threshold_table(y_true, scores, thresholds),
            "reliability": reliability_table(y_true, scores, bins),
            "summary": calibration_summary(y_true, scores, bins)}


# --- plots ---------------------------------------------------------------------------------

def _png(fig) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return buf.getvalue()


def _figure(width: float = 5.2, height: float = 3.4):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def plot_thresholds(view: dict[str, Any], title: str) -> bytes:
    """Precision, recall and false-positive rate against the threshold."""
    fig = _figure()
    ax = fig.add_subplot()
    rows = view["thresholds"]
    xs = [r["threshold"] for r in rows]
    for key, label, style in (("precision", "precision", "-o"), ("recall", "recall", "-s"),
                              ("fpr", "false-positive rate", "-^")):
        pts = [(x, r[key]) for x, r in zip(xs, rows, strict=True) if r[key] is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], style, markersize=3, label=label)
    if view.get("current_threshold") is not None:
        ax.axvline(view["current_threshold"], color="grey", linestyle="--", linewidth=1,
                   label="current threshold")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("threshold (flag when score ≥ threshold)")
    ax.set_title(title, fontsize=10)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="best")
    else:
        ax.text(0.5, 0.5, "no labelled items", ha="center", va="center", transform=ax.transAxes)
    ax.grid(alpha=0.3)
    return _png(fig)


def plot_reliability(view: dict[str, Any], title: str) -> bytes:
    """Reliability diagram: observed share of positives per score bin against the mean score."""
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    rows = [r for r in view["reliability"] if r["n"]]
    if rows:
        xs = [r["mean_score"] for r in rows]
        ys = [r["observed"] for r in rows]
        err = [[max(0.0, y - r["low"]) for y, r in zip(ys, rows, strict=True)],
               [max(0.0, r["high"] - y) for y, r in zip(ys, rows, strict=True)]]
        ax.errorbar(xs, ys, yerr=err, fmt="o-", markersize=4, capsize=2, label="observed (Wilson 95%)")
        for x, y, r in zip(xs, ys, rows, strict=True):
            ax.annotate(str(r["n"]), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    else:
        ax.text(0.5, 0.5, "no labelled items", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("mean screening score in bin")
    ax.set_ylabel("share a reviewer wanted to see")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    return _png(fig)


def plot_weekly(weeks: list[str], precision: list[dict[str, Any]], raised: list[int], title: str) -> bytes:
    """Leads raised per week (bars) and observed precision with its interval (line)."""
    fig = _figure(6.4, 3.4)
    ax = fig.add_subplot()
    xs = list(range(len(weeks)))
    ax.bar(xs, raised, color="#c9d6e8", label="leads raised")
    ax.set_ylabel("leads raised")
    ax.set_xticks(xs)
    step = max(1, len(weeks) // 12)
    ax.set_xticklabels([w if i % step == 0 else "" for i, w in enumerate(weeks)], rotation=45,
                       ha="right", fontsize=7)
    ax2 = ax.twinx()
    pts = [(x, p) for x, p in zip(xs, precision, strict=True) if p["estimate"] is not None]
    if pts:
        ax2.errorbar([x for x, _ in pts], [p["estimate"] for _, p in pts],
                     yerr=[[max(0.0, p["estimate"] - p["low"]) for _, p in pts],
                           [max(0.0, p["high"] - p["estimate"]) for _, p in pts]],
                     fmt="o-", color="#b03a2e", markersize=4, capsize=2, label="observed precision")
    ax2.set_ylim(-0.02, 1.02)
    ax2.set_ylabel("observed precision")
    ax.set_title(title, fontsize=10)
    return _png(fig)
