"""The evaluator page: the review counts now, and the false-positive audit figures, the same as
`screening audit report` (``/figures``, the old counts page, redirects here).

Thin routes over ``screening.review.figures`` (counts over every lead, as the queue stands) and
``screening.audit.report``: the page shows ``render_fragment`` of the report
for the chosen period; plots are separate PNG responses (the app's Content-Security-Policy
allows images from the site itself only, not data: URIs); the JSON is every figure. The
benchmark is not rerun per request: the page shows the newest saved report's benchmark section.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup

from screening.audit.outcomes import Period
from screening.audit.report import build_live_report, plot_png, render_fragment
from screening.review import decisions
from screening.review.figures import review_figures
from screening.review.web.routes import render
from screening.store.db import session_scope

router = APIRouter()
DEFAULT_WEEKS = 12


def _period(since: str, until: str) -> Period:
    """``YYYY-MM-DD`` bounds, ``until`` inclusive; default the last 12 weeks. 400 if unusable."""
    try:
        end = date.fromisoformat(until) if until else datetime.now(UTC).date()
        start = date.fromisoformat(since) if since else end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
        return Period.from_dates(start, end)
    except ValueError as exc:
        raise HTTPException(status_code=400) from exc


def _report(request: Request, since: str, until: str) -> tuple[Period, dict]:
    period = _period(since, until)
    return period, build_live_report(request.app.state.settings, period)


@router.get("/evaluator", name="evaluator")
def evaluator_page(request: Request, since: str = "", until: str = ""):
    period, report = _report(request, since, until)
    first, last = period.since.date(), (period.until - timedelta(days=1)).date()
    query = f"since={first.isoformat()}&until={last.isoformat()}"
    fragment = render_fragment(report, plot_url=lambda name: f"/evaluator/plots/{name}.png?{query}")
    with session_scope(request.app.state.settings) as s:
        fig = review_figures(s)
    return render(request, "evaluator.html", fragment=Markup(fragment), since=first.isoformat(),
                  until=last.isoformat(), json_url=f"/evaluator/figures.json?{query}",
                  fig=fig, reasons=decisions.DISMISS_REASONS)


@router.get("/evaluator/plots/{name}.png", name="evaluator_plot")
def evaluator_plot(request: Request, name: str, since: str = "", until: str = ""):
    _, report = _report(request, since, until)
    try:
        png = plot_png(report, name)
    except KeyError as exc:
        raise HTTPException(status_code=404) from exc
    return Response(png, media_type="image/png")


@router.get("/evaluator/figures.json", name="evaluator_json")
def evaluator_json(request: Request, since: str = "", until: str = ""):
    period, report = _report(request, since, until)
    name = f"audit-{period.since:%Y%m%d}-{period.until:%Y%m%d}.json"
    return Response(json.dumps(report, indent=2, ensure_ascii=False, default=str), media_type="application/json",
                    headers={"content-disposition": f'attachment; filename="{name}"'})
