"""Live figures from analysts' dispositions: how often a lead was worth a reviewer's time.

For a period (leads *raised* in it, with the decision that counts for each now), per source,
indicator, score band and model version, and week by week: leads raised, reviewed, dismissed
(by reason), escalated, needs-info, and the observed precision — (escalated + needs-info) /
reviewed — with a Wilson interval. Blind controls are not leads the screener raised, so they
never enter these figures; they have their own estimate (``controls.control_figures``).

A lead with several indicators counts once under each, so indicator rows can sum to more
than the total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from screening.audit.controls import ControlFigures, control_figures
from screening.audit.outcomes import LeadOutcome, Period, load_outcomes, week_of
from screening.audit.stats import Proportion, wilson
from screening.types import DismissReason

FIGURES_VERSION = "live-figures/1"
SCORE_BANDS: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
NO_INDICATOR = "(none)"


@dataclass
class Tally:
    """Counts for one group of leads."""

    raised: int = 0
    reviewed: int = 0
    dismissed: int = 0
    escalated: int = 0
    needs_info: int = 0
    dismissed_by_reason: dict[str, int] = field(
        default_factory=lambda: {r.value: 0 for r in DismissReason})
    confidence: float = 0.95

    def add(self, o: LeadOutcome) -> None:
        self.raised += 1
        if not o.reviewed:
            return
        self.reviewed += 1
        if o.decision == "dismissed":
            self.dismissed += 1
            reason = o.reason_code or "other"
            self.dismissed_by_reason[reason] = self.dismissed_by_reason.get(reason, 0) + 1
        elif o.decision == "escalated":
            self.escalated += 1
        elif o.decision == "needs_info":
            self.needs_info += 1

    @property
    def open(self) -> int:
        return self.raised - self.reviewed

    @property
    def precision(self) -> Proportion:
        return wilson(self.escalated + self.needs_info, self.reviewed, self.confidence)

    def to_dict(self) -> dict[str, Any]:
        return {"raised": self.raised, "reviewed": self.reviewed, "open": self.open,
                "dismissed": self.dismissed, "escalated": self.escalated,
                "needs_info": self.needs_info, "dismissed_by_reason": dict(self.dismissed_by_reason),
                "precision": self.precision.to_dict()}


def band_label(score: float, bands: tuple[float, ...] = SCORE_BANDS) -> str:
    """``"0.60-0.70"``: the half-open band holding ``score`` (the last band is closed)."""
    for lo, hi in zip(bands, bands[1:], strict=False):
        if lo <= score < hi or (hi == bands[-1] and score == hi):
            return f"{lo:.2f}-{hi:.2f}"
    raise ValueError(f"score {score} is outside the bands {bands}")


def _group(outcomes: Iterable[LeadOutcome], keys: Callable[[LeadOutcome], Iterable[str]],
           confidence: float, order: Iterable[str] = ()) -> dict[str, Tally]:
    groups: dict[str, Tally] = {k: Tally(confidence=confidence) for k in order}
    for o in outcomes:
        for k in keys(o):
            groups.setdefault(k, Tally(confidence=confidence)).add(o)
    return dict(sorted(groups.items())) if not order else groups


@dataclass
class LiveFigures:
    period: Period
    generated_at: datetime
    as_of: datetime | None
    confidence: float
    overall: Tally
    by_source: dict[str, Tally]
    by_indicator: dict[str, Tally]
    by_score_band: dict[str, Tally]
    by_model_version: dict[str, Tally]
    weekly: dict[str, Tally]          # ISO date of the week's Monday -> tally
    controls: ControlFigures
    version: str = FIGURES_VERSION

    def tables(self) -> dict[str, dict[str, Tally]]:
        return {"source": self.by_source, "indicator": self.by_indicator,
                "score_band": self.by_score_band, "model_version": self.by_model_version,
                "week": self.weekly}

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "period": self.period.to_dict(),
            "generated_at": self.generated_at.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "confidence": self.confidence,
            "overall": self.overall.to_dict(),
            **{f"by_{name}": {k: t.to_dict() for k, t in table.items()}
               for name, table in self.tables().items()},
            "controls": self.controls.to_dict(),
        }


def compute_live_figures(session: Session, period: Period, *, as_of: datetime | None = None,
                         confidence: float = 0.95,
                         bands: tuple[float, ...] = SCORE_BANDS) -> LiveFigures:
    """Every live figure for ``period``, in one pass over its leads."""
    outcomes = load_outcomes(session, period, as_of=as_of, controls=False)
    overall = Tally(confidence=confidence)
    for o in outcomes:
        overall.add(o)
    band_order = [band_label(lo, bands) for lo in bands[:-1]]
    weeks = [w.isoformat() for w in period.weeks()]
    return LiveFigures(
        period=period,
        generated_at=datetime.now(UTC),
        as_of=as_of,
        confidence=confidence,
        overall=overall,
        by_source=_group(outcomes, lambda o: [o.source], confidence),
        by_indicator=_group(outcomes, lambda o: list(o.indicators) or [NO_INDICATOR], confidence),
        by_score_band=_group(outcomes, lambda o: [band_label(o.score, bands)], confidence, band_order),
        by_model_version=_group(outcomes, lambda o: [o.model_version], confidence),
        weekly=_group(outcomes, lambda o: [week_of(o.created_at).isoformat()], confidence, weeks),
        controls=control_figures(session, period, as_of=as_of, confidence=confidence),
    )


def live_figures(settings=None, period: Period | None = None, **kwargs: Any) -> LiveFigures:
    """``compute_live_figures`` in its own read-only session (for the CLI, DAG and web app)."""
    from screening.store.db import session_scope

    if period is None:
        raise ValueError("live_figures needs a period")
    with session_scope(settings) as session:
        return compute_live_figures(session, period, **kwargs)
