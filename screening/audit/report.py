"""The false-positive audit report: one dict of every figure, rendered to self-contained HTML.

``build_report`` gathers the figures (live dispositions, blind controls, threshold and
calibration views from reviewed leads, and the benchmark audit when its data is there) into a
plain JSON-able dict. The renderers work from that dict only, so the HTML file, the JSON file
and the review app's evaluator page always show the same numbers.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from screening.audit import calibration
from screening.audit.figures import compute_live_figures
from screening.audit.outcomes import Period, load_outcomes
from screening.errors import BenchDataMissing
from screening.settings import Settings, get_settings
from screening.types import DISCLAIMER

REPORT_VERSION = "audit-report/1"
TEMPLATES = Path(__file__).parent / "templates"


# --- figures -------------------------------------------------------------------------------

def leads_calibration(session, period: Period, settings: Settings) -> dict[str, Any]:
    """Threshold view from reviewed screener leads; reliability from leads and controls."""
    outcomes = [o for o in load_outcomes(session, period) if o.reviewed]
    leads = [o for o in outcomes if not o.is_control]
    view = calibration.calibration_view([int(o.positive) for o in leads], [o.score for o in leads],
                                        threshold=settings.flag_threshold)
    view["reliability"] = calibration.reliability_table([int(o.positive) for o in outcomes],
                                                        [o.score for o in outcomes])
    view["summary"] = calibration.calibration_summary([int(o.positive) for o in outcomes],
                                                      [o.score for o in outcomes])
    view["note"] = ("Threshold rows count reviewed screener leads only, so they show what raising "
                    "the threshold would keep or drop among leads already raised; recall here is "
                    "relative to those leads. The reliability diagram also uses reviewed controls.")
    view["n_controls"] = sum(o.is_control for o in outcomes)
    return view


def build_report(settings: Settings | None = None, period: Period | None = None, *,
                 bench: bool = True, bench_limit: int | None = None,
                 previous_model: Path | None = None, as_of: datetime | None = None,
                 confidence: float = 0.95) -> dict[str, Any]:
    """Every figure of the audit for ``period`` as one JSON-able dict."""
    from screening.store.db import ensure_schema, safe_url, session_scope

    settings = settings or get_settings()
    if period is None:
        raise ValueError("build_report needs a period")
    ensure_schema(settings)
    with session_scope(settings) as session:
        live = compute_live_figures(session, period, as_of=as_of, confidence=confidence)
        leads_view = leads_calibration(session, period, settings)
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "generated_at": datetime.now(UTC).isoformat(),
        "store": safe_url(settings.database_url),
        "period": period.to_dict(),
        "flag_threshold": settings.flag_threshold,
        "disclaimer": DISCLAIMER,
        "live": live.to_dict(),
        "calibration": {"leads": leads_view},
        "benchmark": None,
        "benchmark_note": None,
    }
    if not bench:
        report["benchmark_note"] = "Benchmark audit skipped (--no-bench)."
    else:
        try:
            from screening.audit.benchmark import benchmark_audit

            report["benchmark"] = benchmark_audit(settings, previous_model=previous_model,
                                                  limit=bench_limit).to_dict()
        except BenchDataMissing as exc:
            report["benchmark_note"] = f"Benchmark audit skipped: {exc.message}"
        except ImportError as exc:
            report["benchmark_note"] = f"Benchmark audit unavailable: {exc}"
    report["summary"] = summary_rows(report)
    return report


def saved_benchmark(settings: Settings) -> tuple[dict[str, Any], Path, str] | None:
    """The benchmark section of the newest report saved under ``var/reports/`` (by the weekly
    DAG or ``screening audit report --out var/reports/...``), with its file and time."""
    folder = Path(settings.var_dir) / "reports"
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("report_version") == REPORT_VERSION and data.get("benchmark"):
            return data["benchmark"], path, str(data.get("generated_at", ""))
    return None


def build_live_report(settings: Settings | None = None, period: Period | None = None,
                      **kwargs: Any) -> dict[str, Any]:
    """The report without running the benchmark, for pages that must answer at once: live
    figures from the store, and the benchmark section of the newest saved report, named."""
    settings = settings or get_settings()
    report = build_report(settings, period, bench=False, **kwargs)
    saved = saved_benchmark(settings)
    if saved is None:
        report["benchmark_note"] = ("No saved benchmark audit yet: the weekly audit_report DAG or "
                                    "`screening audit report --out var/reports/NAME.html` writes one.")
    else:
        report["benchmark"], path, generated = saved
        report["benchmark_note"] = (f"Benchmark audit from the saved report {path.name} "
                                    f"(generated {generated}).")
    report["summary"] = summary_rows(report)
    return report


def _pct(p: dict[str, Any] | None, none: str = "none reviewed") -> str:
    if not p or p.get("estimate") is None:
        return f"n/a ({none})"
    return f"{p['estimate']:.1%} [{p['low']:.1%}, {p['high']:.1%}] ({p['k']}/{p['n']})"


def summary_rows(report: dict[str, Any]) -> list[list[str]]:
    """The headline table: label, value."""
    o = report["live"]["overall"]
    c = report["live"]["controls"]["overall"]
    b = report["live"]["controls"]["blind_leads"]
    e = c["estimated_missed"]
    conf = f"{report['live']['confidence']:.0%}"
    missed = ("n/a (no controls read blind)" if e["estimate"] is None else
              f"{e['estimate']:.1f} [{e['low']:.1f}, {e['high']:.1f}] of {c['unflagged']}")
    p = report["period"]
    rows = [
        ["period", f"{p['since'][:10]} to {p['until'][:10]} (exclusive)"],
        ["leads raised", str(o["raised"])],
        ["leads reviewed", f"{o['reviewed']} ({o['open']} open)"],
        ["escalated", str(o["escalated"])],
        ["needs more information", str(o["needs_info"])],
        ["dismissed", str(o["dismissed"]) + (" (" + ", ".join(
            f"{k} {v}" for k, v in o["dismissed_by_reason"].items() if v) + ")" if o["dismissed"] else "")],
        [f"observed precision, Wilson {conf}", _pct(o["precision"])],
        ["blind controls sampled / read blind / decided",
         f"{c['sampled']} / {c['first_read']} / {c['reviewed']}"],
        [f"miss rate among unflagged (blind first reads of controls), Wilson {conf}",
         _pct(c["miss_rate"], "none read blind")],
        ["estimated missed among unflagged documents", missed],
        [f"sampled leads: blind first read agrees with the decision, Wilson {conf}",
         _pct(b["agreement"], "no lead both read blind and decided")
         + ("" if b["kappa"] is None else f"; kappa {b['kappa']:.2f}")],
    ]
    bench = report.get("benchmark")
    if bench:
        for row in bench.get("headline", []):
            rows.append([row[0], row[1]])
    return rows


def summary_markdown(report: dict[str, Any]) -> str:
    lines = ["| figure | value |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in report["summary"]]
    return "\n".join(lines)


# --- rendering -----------------------------------------------------------------------------

def _b64(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")


def plot_names(report: dict[str, Any]) -> list[str]:
    """The names of the report's plots, in page order."""
    names = ["weekly", "leads_thresholds", "leads_reliability"]
    for name in (report.get("benchmark") or {}).get("calibration") or {}:
        names += [f"bench_thresholds_{name}", f"bench_reliability_{name}"]
    return names


def plot_png(report: dict[str, Any], name: str) -> bytes:
    """One plot of the report as PNG bytes; KeyError for a name the report does not have."""
    if name not in plot_names(report):
        raise KeyError(name)
    live = report["live"]
    if name == "weekly":
        weeks = list(live["by_week"].values())
        return calibration.plot_weekly(list(live["by_week"]), [w["precision"] for w in weeks],
                                       [w["raised"] for w in weeks], "Leads raised and observed precision by week")
    if name == "leads_thresholds":
        return calibration.plot_thresholds(report["calibration"]["leads"],
                                           "Reviewed leads: figures against the threshold")
    if name == "leads_reliability":
        return calibration.plot_reliability(report["calibration"]["leads"],
                                            "Reviewed leads and controls: reliability")
    kind, screener = name.removeprefix("bench_").split("_", 1)
    view = report["benchmark"]["calibration"][screener]
    if kind == "thresholds":
        return calibration.plot_thresholds(view, f"Benchmark ({screener}): figures against the threshold")
    return calibration.plot_reliability(view, f"Benchmark ({screener}): reliability")


def plots(report: dict[str, Any]) -> dict[str, str]:
    """Every plot of the report as a data: URI (base64 PNG), keyed by name."""
    return {n: "data:image/png;base64," + _b64(plot_png(report, n)) for n in plot_names(report)}


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"], default_for_string=True, default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = _pct
    env.filters["share"] = lambda p: "n/a" if p["estimate"] is None else f"{p['estimate']:.1%} ({p['k']}/{p['n']})"
    env.filters["interval"] = lambda p: "" if p["estimate"] is None else f"{p['low']:.1%} to {p['high']:.1%}"
    env.filters["reasons"] = lambda d: ", ".join(f"{k} {v}" for k, v in d.items() if v)
    env.filters["num"] = lambda v, d=3: "n/a" if v is None else (
        f"{v:.{d}f}" if isinstance(v, float) else str(v))
    return env


def render_fragment(report: dict[str, Any], *, with_plots: bool = True,
                    plot_url: Callable[[str], str] | None = None) -> str:
    """The figures as an HTML fragment (no <html>/<head>), for the review app's evaluator page.

    Plots are embedded as data: URIs, or, with ``plot_url``, referenced by URL (for a page
    whose Content-Security-Policy allows images from itself only); ``with_plots=False`` leaves
    them out.
    """
    if plot_url is not None:
        srcs = {n: plot_url(n) for n in plot_names(report)}
    else:
        srcs = plots(report) if with_plots else {}
    return _env().get_template("audit_figures.html").render(r=report, plots=srcs)


def render_html(report: dict[str, Any]) -> str:
    """A self-contained HTML page: styles inline, plots as data: URIs, every value escaped."""
    from markupsafe import Markup

    # the fragment was rendered with autoescape on; mark it so it is not escaped twice
    return _env().get_template("audit_report.html").render(
        r=report, fragment=Markup(render_fragment(report)))


@dataclass
class Written:
    html: Path
    json: Path
    report: dict[str, Any]


def write_report(settings: Settings | None = None, period: Period | None = None, out: Path | str = "report.html",
                 json_out: Path | str | None = None, *, actor: str = "system", **kwargs: Any) -> Written:
    """Build the report and write ``out`` (HTML) and ``json_out`` (default: same name, .json).
    The export is an audit event (who, which period, where; figures only, no text)."""
    from screening.store import audit
    from screening.store.db import session_scope

    settings = settings or get_settings()
    report = build_report(settings, period, **kwargs)
    out = Path(out)
    json_path = Path(json_out) if json_out else out.with_suffix(".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(report), encoding="utf-8")
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n",
                         encoding="utf-8")
    with session_scope(settings) as session:
        audit.record(session, actor, "audit.report", "report", out.name,
                     {"period": report["period"], "html": str(out), "json": str(json_path),
                      "benchmark": report["benchmark"] is not None})
    return Written(out, json_path, report)


def scheduled_report(settings: Settings | None, since: datetime | None, until: datetime | None, *,
                     out_dir: Path | None = None, bench: bool = True, actor: str = "airflow") -> dict[str, str]:
    """The weekly DAG's task: the report for the data interval ``[since, until)``, written
    under ``var/reports/`` with the interval in the file name (a rerun overwrites the same
    files). A manual run without an interval (or an empty one) reports the 7 days before
    ``until`` (default: now). Returns the paths, for XCom.
    """
    from datetime import timedelta

    settings = settings or get_settings()
    until = (until or datetime.now(UTC)).astimezone(UTC)
    if since is None or since >= until:
        since = until - timedelta(days=7)
    since = since.astimezone(UTC)
    out_dir = Path(out_dir) if out_dir else settings.var_dir / "reports"
    stem = f"audit-{since:%Y%m%d}-{until:%Y%m%d}"
    written = write_report(settings, Period(since, until), out_dir / f"{stem}.html", bench=bench, actor=actor)
    return {"html": str(written.html), "json": str(written.json)}
