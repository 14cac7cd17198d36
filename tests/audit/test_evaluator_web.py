"""The review app's evaluator page shows the report's figures, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import re
from datetime import date

import httpx
import pytest

from screening.audit.outcomes import Period
from screening.audit.report import build_report, plot_names

from ..review.conftest import client, live_server, sign_in
from .conftest import build_fixture_store

PASSWORDS = {"eve": "evaluator-pass-01", "ana": "analyst-pass-0001", "adm": "admin-pass-000001"}
ROLES = {"eve": "evaluator", "ana": "analyst", "adm": "admin"}
QUERY = "since=2026-11-02&until=2026-11-15"


def signed_in(base: str, name: str) -> httpx.Client:
    c = client(base)
    r = sign_in(c, name, PASSWORDS[name])
    assert r.status_code == 303, r.text
    return c


@pytest.fixture
def site(sqlite_settings):
    from screening.review.users import create_user
    from screening.store.db import session_scope

    build_fixture_store(sqlite_settings)
    with session_scope(sqlite_settings) as s:
        for name, role in ROLES.items():
            create_user(s, name, role, PASSWORDS[name], actor="test")
    with live_server(sqlite_settings) as base:
        yield sqlite_settings, base


@pytest.mark.parametrize("who", ["eve", "adm"])
def test_evaluator_page_shows_the_report_figures(site, who):
    settings, base = site
    c = signed_in(base, who)
    r = c.get(f"/evaluator?{QUERY}")
    assert r.status_code == 200
    report = build_report(settings, Period.from_dates(date(2026, 11, 2), date(2026, 11, 15)), bench=False)
    for label, value in report["summary"]:
        assert f"<th scope=\"row\">{label}</th><td>{value}</td>" in r.text
    imgs = re.findall(r'<img alt="[^"]*" src="([^"]+)"', r.text)
    assert [i.replace("&amp;", "&") for i in imgs] == [f"/evaluator/plots/{n}.png?{QUERY}"
                                                        for n in plot_names(report)]
    for src in imgs:       # each plot is served by the app itself (the CSP allows only 'self')
        png = c.get(src.replace("&amp;", "&"))
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        assert png.content[:4] == b"\x89PNG"
    assert "img-src 'self'" in r.headers["content-security-policy"]
    figures = c.get(f"/evaluator/figures.json?{QUERY}")
    assert figures.status_code == 200
    assert json.loads(figures.text)["live"]["by_source"] == report["live"]["by_source"]


@pytest.mark.parametrize("path, status", [
    ("/evaluator?since=2026-13-01", 400),
    ("/evaluator?since=2026-11-20&until=2026-11-01", 400),
    (f"/evaluator/plots/nothing.png?{QUERY}", 404),
])
def test_bad_requests(site, path, status):
    _, base = site
    assert signed_in(base, "eve").get(path).status_code == status


@pytest.mark.parametrize("path", ["/evaluator", f"/evaluator/plots/weekly.png?{QUERY}", "/evaluator/figures.json"])
def test_analysts_and_strangers_are_refused(site, path):
    _, base = site
    assert signed_in(base, "ana").get(path).status_code == 403
    anonymous = httpx.Client(base_url=base, follow_redirects=False, timeout=30).get(path)
    assert (anonymous.status_code, anonymous.headers.get("location")) == (303, "/login")


@pytest.mark.parametrize("who", ["eve", "adm"])
def test_one_evaluator_page_with_the_queue_counts_and_the_old_url_redirects(site, who):
    _, base = site
    c = signed_in(base, who)
    old = c.get("/figures")
    assert (old.status_code, old.headers["location"]) == (301, "/evaluator")
    if who == "eve":   # an evaluator's start page is the evaluator page
        assert c.get("/").headers["location"] == "/evaluator"
    html = c.get(f"/evaluator?{QUERY}").text
    assert html.count("<h1>") == 1 and "<h1>Evaluator figures</h1>" in html
    # the queue as it stands: the fixture writes dispositions, not lead statuses, so all 8 leads
    # (controls apart) still read "open"; 7 blind first reads recorded, C4 waiting
    assert "<th>open</th><td>8</td>" in html
    assert "Blind first reads: 7 recorded, 1 waiting." in html
    assert 'id="blind-leads"' in html and 'href="/figures"' not in html
