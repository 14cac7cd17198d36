"""The audit report renders with no data, one week and many weeks; every value is escaped."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest

from screening.audit.figures import live_figures
from screening.audit.outcomes import Period
from screening.audit.report import build_report, render_fragment, render_html, write_report
from screening.store import repository
from screening.store.db import session_scope
from screening.store.models import Disposition, Lead, ScreeningRun
from screening.types import DISCLAIMER

from .conftest import build_fixture_store


class _Page(HTMLParser):
    """Collects what the checks need: images, external references, tables and their rows."""

    def __init__(self):
        super().__init__()
        self.imgs, self.external, self.tables, self.h3_rows = [], [], 0, {}
        self._h3, self._in_h3, self._tbody = None, False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if tag in ("script", "link", "iframe") or (a.get("src") or "").startswith("http"):
            self.external.append(tag)
        if tag == "table":
            self.tables += 1
        if tag == "h3":
            self._in_h3, self._h3 = True, ""
        if tag == "tbody":
            self._tbody = True
        if tag == "tr" and self._tbody and self._h3 is not None:
            self.h3_rows[self._h3] = self.h3_rows.get(self._h3, 0) + 1

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in_h3 = False
        if tag == "tbody":
            self._tbody = False

    def handle_data(self, data):
        if self._in_h3:
            self._h3 += data


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def _check_self_contained(html: str) -> _Page:
    page = _parse(html)
    assert page.external == []
    assert page.imgs and all(src.startswith("data:image/png;base64,") for src in page.imgs)
    for src in page.imgs:
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    return page


def _many_weeks_store(settings, weeks: int) -> None:
    """One lead a day for ``weeks`` weeks from Mon 2026-01-05; every other lead escalated."""
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with session_scope(settings) as s:
        src = repository.get_or_create_source(s, "forum", "cli")
        run = ScreeningRun(model_version="m1", rules_version="r1", settings_hash="x", trigger="t")
        s.add(run)
        s.flush()
        for i in range(weeks * 7):
            doc_id, _ = repository.upsert_document(s, src, external_id=str(i), text="t",
                                                   consent_basis="public_post")
            lead = Lead(document_id=doc_id, run_id=run.id, score=0.5 + (i % 50) / 100,
                        indicators=["grievance"], evidence=[], context=[], model_version="m1",
                        rules_version="r1", disclaimer=DISCLAIMER,
                        created_at=start + timedelta(days=i))
            s.add(lead)
            s.flush()
            s.add(Disposition(lead_id=lead.id, decided_by="a",
                              decision="escalated" if i % 2 else "dismissed",
                              reason_code=None if i % 2 else "hyperbole",
                              decided_at=start + timedelta(days=i, hours=1)))


def test_no_data(sqlite_settings):
    period = Period.from_dates(date(2026, 11, 2), date(2026, 11, 8))
    report = build_report(sqlite_settings, period, bench=False)
    html = render_html(report)
    page = _check_self_contained(html)
    assert "No leads in this period." in html
    assert report["live"]["overall"]["raised"] == 0
    assert dict(report["summary"])["observed precision, Wilson 95%"] == "n/a (none reviewed)"
    assert page.h3_rows["By week (Monday)"] == 1          # the one week, with zeros
    assert "Benchmark audit skipped (--no-bench)." in html


def test_one_week(store_settings):
    build_fixture_store(store_settings)
    period = Period.from_dates(date(2026, 11, 2), date(2026, 11, 8))
    report = build_report(store_settings, period, bench=False)
    # week of 11-02: L1..L4 raised, all reviewed; L2, L4 escalated, L3 needs info -> 3/4
    assert report["live"]["by_week"]["2026-11-02"]["precision"]["k"] == 3
    html = render_html(report)
    page = _check_self_contained(html)
    assert page.h3_rows["By week (Monday)"] == 1
    assert page.h3_rows["By source"] == 2
    summary = dict(report["summary"])
    assert summary["observed precision, Wilson 95%"] == "75.0% [30.1%, 95.4%] (3/4)"
    assert summary["blind controls sampled / read blind / decided"] == "2 / 2 / 2"
    # C1 not concerning, C2 concerning at their blind first reads
    assert summary["miss rate among unflagged (blind first reads of controls), Wilson 95%"].endswith("(1/2)")
    # L1 (not concerning, dismissed) and L2 (concerning, escalated): both agree
    assert summary["sampled leads: blind first read agrees with the decision, Wilson 95%"].startswith("100.0%")
    assert "75.0% [30.1%, 95.4%] (3/4)" in html


def test_many_weeks(sqlite_settings):
    _many_weeks_store(sqlite_settings, 26)
    period = Period.from_dates(date(2026, 1, 5), date(2026, 7, 5))
    report = build_report(sqlite_settings, period, bench=False)
    weeks = report["live"]["by_week"]
    assert len(weeks) == 26 and all(w["raised"] == 7 for w in weeks.values())
    assert sum(w["precision"]["k"] for w in weeks.values()) == 91   # odd days of 182
    page = _check_self_contained(render_html(report))
    assert page.h3_rows["By week (Monday)"] == 26


def test_values_are_escaped(sqlite_settings):
    with session_scope(sqlite_settings) as s:
        src = repository.get_or_create_source(s, "<script>alert(1)</script>", "cli")
        doc_id, _ = repository.upsert_document(s, src, external_id="x", text="t",
                                               consent_basis="public_post")
        run = ScreeningRun(model_version='m"<b>', rules_version="r", settings_hash="x", trigger="t")
        s.add(run)
        s.flush()
        s.add(Lead(document_id=doc_id, run_id=run.id, score=0.7, indicators=["<img src=x>"],
                   evidence=[], context=[], model_version='m"<b>', rules_version="r",
                   disclaimer=DISCLAIMER, created_at=datetime(2026, 3, 3, tzinfo=UTC)))
    report = build_report(sqlite_settings, Period.from_dates(date(2026, 3, 2), date(2026, 3, 8)),
                          bench=False)
    html = render_html(report)
    assert "<script>" not in html and "<img src=x>" not in html and 'm"<b>' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x&gt;" in html


def test_fragment_and_json_show_the_same_figures(fixture_store, tmp_path):
    settings, _ = fixture_store
    period = Period.from_dates(date(2026, 11, 2), date(2026, 11, 15))
    written = write_report(settings, period, tmp_path / "out" / "report.html", bench=False)
    data = json.loads(written.json.read_text())
    assert written.json == tmp_path / "out" / "report.json"
    expected = live_figures(settings, period).to_dict()
    for key in ("overall", "by_source", "by_indicator", "by_score_band", "by_model_version",
                "by_week", "controls"):
        assert data["live"][key] == expected[key]
    fragment = render_fragment(data, with_plots=False)
    assert "<html" not in fragment and "50.0% [18.8%, 81.2%] (3/6)" in fragment
    with session_scope(settings) as s:     # the export is in the audit log, and the chain holds
        from sqlalchemy import select

        from screening.store.audit import verify_chain
        from screening.store.models import AuditEvent

        ev = s.execute(select(AuditEvent).where(AuditEvent.action == "audit.report")).scalar_one()
        assert (ev.actor, ev.entity_id, ev.details["benchmark"]) == ("system", "report.html", False)
        assert ev.details["period"] == data["period"]
        assert verify_chain(s).ok


def test_cli_writes_html_and_json(sqlite_settings, tmp_path):
    settings = sqlite_settings
    build_fixture_store(settings)
    out = tmp_path / "r.html"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SCREENING_DATABASE_URL": settings.database_url,
           "SCREENING_VAR_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "screening.cli", "audit", "report", "--since",
                           "2026-11-02", "--until", "2026-11-15", "--out", str(out), "--no-bench"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "| observed precision, Wilson 95% | 50.0% [18.8%, 81.2%] (3/6) |" in proc.stdout
    assert json.loads(out.with_suffix(".json").read_text())["live"]["overall"]["raised"] == 7
    _check_self_contained(out.read_text())


@pytest.mark.parametrize("args, needle", [
    (["--since", "2026-11-10", "--until", "2026-11-01"], "empty period"),
    (["--since", "11/02/2026"], "does not match the format"),
])
def test_cli_rejects_bad_periods(tmp_path, args, needle):
    env = {"PATH": "/usr/bin:/bin", "SCREENING_DATABASE_URL": f"sqlite:///{tmp_path}/s.db"}
    proc = subprocess.run([sys.executable, "-m", "screening.cli", "audit", "report", *args, "--no-bench",
                           "--out", str(tmp_path / "r.html")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode != 0 and needle in proc.stderr


@pytest.mark.bench
def test_benchmark_section_when_the_data_is_there(sqlite_settings):
    pytest.importorskip("screening.screen.screener", reason="the screener is not committed yet")
    from screening.audit.bench import bench_root
    from screening.errors import BenchDataMissing

    try:
        bench_root(sqlite_settings)
    except BenchDataMissing as exc:
        pytest.skip(str(exc))
    build_fixture_store(sqlite_settings)
    report = build_report(sqlite_settings, Period.from_dates(date(2026, 11, 2), date(2026, 11, 15)),
                          bench=True, bench_limit=10)
    b = report["benchmark"]
    assert report["benchmark_note"] is None
    assert set(b["screeners"]) == {"current", "keyword"}
    assert [r[0] for r in b["slices"]["rows"]] == [r["name"] for r in b["table"]["slices"]]
    assert any(r[1] == "women" for r in b["subgroups"]["rows"])
    labels = dict(report["summary"])
    assert "benchmark FPR (all contrasts)" in labels
    page = _check_self_contained(render_html(report))
    assert "Per-slice figures" in page.h3_rows
    assert len(page.imgs) == 5      # weekly, 2 from reviewed leads, 2 from the benchmark


def test_missing_bench_data_is_a_clear_note(sqlite_settings, tmp_path):
    settings = sqlite_settings.model_copy(update={"bench_data": tmp_path / "nowhere"})
    report = build_report(settings, Period.from_dates(date(2026, 11, 2), date(2026, 11, 8)))
    assert report["benchmark"] is None
    assert report["benchmark_note"].startswith("Benchmark audit skipped: public evaluation data not found")
    assert "SCREENING_BENCH_DATA" in render_html(report)


def test_fragment_can_reference_plots_by_url(fixture_store):
    # for pages whose Content-Security-Policy allows images from the site itself only
    from screening.audit.report import plot_names, plot_png

    settings, _ = fixture_store
    report = build_report(settings, Period.from_dates(date(2026, 11, 2), date(2026, 11, 15)), bench=False)
    fragment = render_fragment(report, plot_url=lambda name: f"/plots/{name}.png?a=1&b=2")
    page = _parse(fragment)
    assert page.imgs == [f"/plots/{n}.png?a=1&b=2" for n in plot_names(report)]
    assert "data:image" not in fragment and "?a=1&amp;b=2" in fragment
    assert plot_png(report, "weekly")[:4] == b"\x89PNG"
    with pytest.raises(KeyError):
        plot_png(report, "bench_thresholds_current")    # no benchmark in this report


def test_live_report_takes_the_benchmark_of_the_newest_saved_report(fixture_store, tmp_path):
    from screening.audit.report import build_live_report

    settings, _ = fixture_store
    period = Period.from_dates(date(2026, 11, 2), date(2026, 11, 15))
    assert build_live_report(settings, period)["benchmark"] is None
    reports = settings.var_dir / "reports"
    reports.mkdir(parents=True)
    for i, name in enumerate(("older", "newer")):
        saved = build_report(settings, period, bench=False)
        saved["benchmark"] = {"description": name, "credits": [], "screeners": {}, "calibration": {},
                              "slices": {"columns": [], "rows": []}, "subgroups": None, "headline": []}
        (reports / f"{name}.json").write_text(json.dumps(saved))
        os.utime(reports / f"{name}.json", (1_800_000_000 + i, 1_800_000_000 + i))
    (reports / "broken.json").write_text("{not json")
    os.utime(reports / "broken.json", (1_800_000_010, 1_800_000_010))    # newest of all, but unreadable
    live = build_live_report(settings, period)
    assert live["benchmark"]["description"] == "newer"
    assert "newer.json" in live["benchmark_note"]
    assert live["live"]["overall"]["raised"] == 7
