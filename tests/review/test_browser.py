"""The review app in Debian's Chromium, driven by Playwright against a live server.

Also takes the lead-page screenshot; SCREENING_UPDATE_SCREENSHOT=1 copies it to
docs/img/lead-page.png (the copy in the repository comes from this test).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from screening.store.db import session_scope
from screening.store.models import Lead

from .conftest import PASSWORDS, at, ev, live_server, make_lead, ref_of

REF_URL = r"/leads/[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$"   # opaque references, never ids

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "lead-page.png"
FIRST_READ_SHOT = SCREENSHOT.with_name("first-read.png")

# Written for this test; not taken from any evaluation set.
REALISTIC = (
    "Three years on the line at the depot and they walked me out with a box in front of everyone "
    "over one complaint. HR laughed when I said my rent was due.\n\n"
    "Fine. They think it's over. I still know the badge code for the loading dock and I know "
    "the supervisor does the Friday close alone. They are going to find out what it feels like "
    "to lose everything."
)
XSS = ("<script>alert('x')</script><img src=x onerror=\"window.__xss=1;alert(2)\"> "
       "and I will make them pay")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def site(people):
    with live_server(people) as url:
        yield url, people


def sign_in(browser, url: str, name: str, **context):
    ctx = browser.new_context(viewport={"width": 1360, "height": 1000}, **context)
    page = ctx.new_page()
    page.goto(url + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return ctx, page


def realistic_lead(s) -> int:
    make_lead(s, "they fired me today after three years. unreal.",
              [ev("they fired me today after three years. unreal.", "they fired me", "grievance")],
              source="forum-export", thread_id="thread-4411", external_id="post-88120",
              posted_at=at(month=11, day=20, hour=9), collected_at=at(month=11, day=20, hour=10),
              score=0.58, author="p-3f9a0c21", url="https://forum.example/t/4411#p88120",
              model_version="concern-lr/0.3.0")
    return make_lead(
        s, REALISTIC,
        [ev(REALISTIC, "they walked me out with a box in front of everyone", "grievance",
            detector="rules", rule="grievance.humiliation_at_work"),
         ev(REALISTIC, "I still know the badge code for the loading dock", "planning",
            detector="rules", rule="planning.access_knowledge"),
         ev(REALISTIC, "They are going to find out what it feels like to lose everything", "violent_ideation",
            detector="classifier", rule="features: 'going to find out', 'lose everything'")],
        source="forum-export", thread_id="thread-4411", external_id="post-88217", score=0.87,
        posted_at=at(month=11, day=24, hour=22), collected_at=at(month=11, day=24, hour=23),
        author="p-3f9a0c21", url="https://forum.example/t/4411#p88217", model_version="concern-lr/0.3.0")


def test_sign_in_take_next_see_evidence_dismiss_and_find_the_audit_event(browser, site):
    url, settings = site
    with session_scope(settings) as s:
        lead_id = realistic_lead(s)
    ctx, page = sign_in(browser, url, "ana")
    assert page.url.endswith("/queue")
    page.select_option("select[name=band]", "high")       # the earlier, low-score lead waits
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"band=high"))
    page.get_by_role("button", name="Take the next lead matching these filters").click()
    page.wait_for_url(re.compile(REF_URL))
    assert page.url.endswith(f"/leads/{ref_of(settings, lead_id)}")
    assert "Claimed by you" in page.inner_text(".lead-head")
    assert page.inner_text("h1") == f"Lead {ref_of(settings, lead_id)}"
    assert re.search(r"#\d", page.inner_text("body")) is None   # no lead number anywhere
    marks = page.locator("#post-text mark")
    assert marks.count() == 3
    assert marks.nth(0).inner_text() == "they walked me out with a box in front of everyone"
    labels = page.locator("#post-text .ev-label").all_inner_texts()
    assert [re.sub(r"\d+$", "", x).strip() for x in labels] == ["grievance", "planning", "violent ideation"]
    assert "not a probability of violence" in page.inner_text("body")
    assert "Not a prediction of violence, not a finding about any person." in page.inner_text(".disclaimer")
    assert page.locator("ul.thread li").count() == 1   # the earlier lead from the same thread
    page.select_option("form.decision select[name=reason]", "hyperbole")
    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_url(re.compile(r"\?saved=1$"))
    assert "Decision recorded." in page.inner_text("body")
    assert "Hyperbole or idiom" in page.inner_text("ol.history")
    ctx.close()

    ctx, page = sign_in(browser, url, "eve")
    page.goto(url + "/audit?action=lead.decide")
    row = page.locator("table.audit tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[2:5] == ["ana", "lead.decide", f"lead {lead_id}"]
    assert '"reason": "hyperbole"' in cells[5]
    assert "audit chain intact" in page.inner_text("#chain-status")
    ctx.close()


@pytest.mark.parametrize("bypass_csp", [False, True])   # escaping alone must hold, CSP or not
def test_xss_payload_renders_inert(browser, site, bypass_csp):
    url, settings = site
    with session_scope(settings) as s:
        lead_id = make_lead(s, XSS, [ev(XSS, "make them pay", "violent_ideation"),
                                     ev(XSS, "<img src=x", "direct_threat")])
    ctx, page = sign_in(browser, url, "ana", bypass_csp=bypass_csp)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{url}/leads/{ref_of(settings, lead_id)}")
    page.goto(f"{url}/queue")
    page.goto(f"{url}/leads/{ref_of(settings, lead_id)}")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("#post-text img, #post-text script, table.queue img").count() == 0
    shown = page.inner_text("#post-text")
    assert "<script>alert('x')</script>" in shown and "onerror=" in shown
    ctx.close()


@pytest.mark.parametrize("path", ["/admin/users", "/admin/retention", "/audit", "/figures", "/evaluator"])
def test_an_analyst_cannot_open_admin_pages(browser, site, path):
    url, _ = site
    ctx, page = sign_in(browser, url, "ana")
    response = page.goto(url + path)
    assert response.status == 403
    assert "You do not have access" in page.inner_text("h1")
    assert page.locator("input[name=password]").count() == 0
    ctx.close()


def test_lead_page_screenshot(browser, site, tmp_path):
    url, settings = site
    with session_scope(settings) as s:
        lead_id = realistic_lead(s)
    ctx, page = sign_in(browser, url, "ana")
    page.goto(f"{url}/leads/{ref_of(settings, lead_id)}")
    page.get_by_role("button", name="Claim this lead to decide it").click()
    assert page.locator("#post-text mark").count() == 3
    shot = tmp_path / "lead-page.png"
    page.screenshot(path=str(shot), full_page=True)
    ctx.close()
    assert shot.stat().st_size > 20_000
    # The committed copy changes only when asked (times on the page differ on every run).
    if os.environ.get("SCREENING_UPDATE_SCREENSHOT") == "1" or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)



def test_blind_first_read_then_evidence_then_decision_and_the_evaluator_page(browser, site, tmp_path):
    url, settings = site
    with session_scope(settings) as s:
        lead_id = realistic_lead(s)
        s.get(Lead, lead_id).blind_first_read = True
    ctx, page = sign_in(browser, url, "ana")
    page.select_option("select[name=band]", "high")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"band=high"))
    ref = ref_of(settings, lead_id)
    row = page.locator(f"table.queue tr:has(a[href='/leads/{ref}'])")
    assert "blind first read" in row.inner_text() and "0.87" not in row.inner_text()
    page.get_by_role("button", name="Take the next lead matching these filters").click()
    page.wait_for_url(re.compile(rf"/leads/{ref}$"))
    assert page.inner_text("h1") == f"Lead {ref}"
    body = page.inner_text("body")
    assert page.locator("mark, .ev-label, table.evidence").count() == 0
    assert "Screening score" not in body and "planning" not in body and "0.87" not in body
    assert "I still know the badge code" in page.inner_text("#post-text")
    assert "Not a prediction of violence" in page.inner_text(".disclaimer")
    shot = tmp_path / "first-read.png"
    page.screenshot(path=str(shot), full_page=True)
    page.get_by_label("Concerning: a reviewer should look at this closely").check()
    page.fill("form.first-read textarea[name=note]", "badge code + Friday close alone")
    page.get_by_role("button", name="Record my first read and open the full page").click()
    page.wait_for_url(re.compile(r"\?read=1$"))
    assert page.locator("#post-text mark").count() == 3
    assert "Concerning" in page.inner_text("#first-read") and "badge code" in page.inner_text("#first-read")
    page.select_option("form.decision select[name=reason]", "hyperbole")
    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_url(re.compile(r"\?saved=1$"))
    ctx.close()

    ctx, page = sign_in(browser, url, "eve")
    assert page.url.endswith("/evaluator")
    page.goto(url + "/figures")                    # the old address still works
    assert page.url.endswith("/evaluator")
    assert "Blind first reads: 1 recorded, 0 waiting." in page.inner_text("body")
    assert page.locator("h2#audit").count() == 1 and page.locator("h2#now").count() == 1
    ctx.close()
    if os.environ.get("SCREENING_UPDATE_SCREENSHOT") == "1" or not FIRST_READ_SHOT.exists():
        shutil.copyfile(shot, FIRST_READ_SHOT)
