"""The web app over real HTTP on 127.0.0.1: access, CSRF, sessions, lock-out, page safety, audit."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from fastapi.routing import APIRoute
from sqlalchemy import select, text, update

from screening.store.db import get_engine, session_scope
from screening.store.models import AuditEvent, Lead, User

from .conftest import (
    PASSWORDS,
    at,
    client,
    csrf_of,
    ev,
    live_server,
    make_lead,
    make_users,
    page_token,
    ref_of,
    sign_in,
)

POST_TEXT = "They laughed at me at work. I will make them pay, I know when the shift changes."
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)> I will make them pay"
PSEUDONYM = "p-9c1e77ab"


@pytest.fixture
def lead_id(people):
    with session_scope(people) as s:
        return make_lead(s, POST_TEXT, [ev(POST_TEXT, "I will make them pay", "violent_ideation"),
                                        ev(POST_TEXT, "when the shift changes", "planning")],
                         author=PSEUDONYM, thread_id="t1", posted_at=at())


@pytest.fixture
def ref(people, lead_id):
    return ref_of(people, lead_id)


def fill(path: str, ref: str) -> str:
    return path.replace("{ref}", ref).replace("{referral_id}", "1").replace("{username}", "bo")


def api_routes(app):
    return [(r.name, m, r.path) for r in app.routes if isinstance(r, APIRoute) for m in sorted(r.methods)]


def test_access_table_names_every_route_and_nothing_else(people):
    from screening.review.web.app import create_app
    from screening.review.web.security import ACCESS

    names = {name for name, _, _ in api_routes(create_app(people))}
    assert names == set(ACCESS)


def test_every_route_refuses_anonymous_requests(server, people, ref):
    from screening.review.web.app import create_app
    from screening.review.web.security import ACCESS, PUBLIC

    c = client(server)
    anon_token = csrf_of(c.get("/login").text)   # an anonymous session: CSRF passes, sign-in does not
    checked = 0
    for name, method, path in api_routes(create_app(people)):
        if ACCESS[name] == PUBLIC:
            continue
        url = fill(path, ref)
        if method == "GET":
            r = c.get(url)
            assert (r.status_code, r.headers.get("location")) == (303, "/login"), (name, r.status_code)
        else:
            bare = client(server).post(url, data={})
            assert bare.status_code == 403, name                  # no session, no token
            r = c.post(url, data={"csrf_token": anon_token})
            assert r.status_code == 401, (name, r.status_code)
        assert "make them pay" not in r.text
        checked += 1
    assert checked >= 14


# (method, path, analyst, evaluator, admin): who may open what. Logout goes last.
ROLE_MATRIX = [
    ("GET", "/", True, True, True),
    ("GET", "/queue", True, False, False),
    ("POST", "/next", True, False, False),
    ("GET", "/leads/{ref}", True, False, False),
    ("POST", "/leads/{ref}/claim", True, False, False),
    ("POST", "/leads/{ref}/decision", True, False, False),
    ("POST", "/leads/{ref}/release", True, False, False),
    ("POST", "/leads/{ref}/first-read", True, False, False),
    ("GET", "/referrals", True, False, False),
    ("POST", "/referrals/{referral_id}/export", True, False, False),
    ("GET", "/figures", False, True, True),                    # redirects to /evaluator
    ("GET", "/audit", False, True, True),
    ("GET", "/evaluator", False, True, True),                  # false-positive audit (web/evaluator.py)
    ("GET", "/evaluator/plots/{name}.png", False, True, True),
    ("GET", "/evaluator/figures.json", False, True, True),
    ("GET", "/admin/users", False, False, True),
    ("POST", "/admin/users", False, False, True),
    ("POST", "/admin/users/{username}/status", False, False, True),
    ("GET", "/admin/retention", False, False, True),
    ("POST", "/logout", True, True, True),
]


def test_role_matrix(server, people, ref):
    from screening.review.web.app import create_app
    from screening.review.web.security import ACCESS, PUBLIC

    routes = {(m, p) for name, m, p in api_routes(create_app(people)) if ACCESS[name] != PUBLIC}
    assert routes == {(m, p) for m, p, *_ in ROLE_MATRIX}, "every route needs a row here"
    for col, name in enumerate(["ana", "eve", "adm"], start=2):
        c = client(server)
        assert sign_in(c, name).status_code == 303
        token = page_token(c)
        for row in ROLE_MATRIX:
            method, path, allowed = row[0], fill(row[1], ref), row[col]
            r = c.get(path) if method == "GET" else c.post(path, data={"csrf_token": token})
            # a refused GET sends an anonymous caller to /login; logout itself ends there too
            refused = r.status_code in (401, 403) or (method == "GET" and r.headers.get("location") == "/login")
            assert refused is not allowed, (name, method, path, r.status_code)


@pytest.mark.parametrize("token", ["", "wrong-token", "other-session"])
def test_form_posts_need_this_sessions_csrf_token(server, ref, token):
    c, other = client(server), client(server)
    sign_in(c, "ana")
    sign_in(other, "bo")
    if token == "other-session":
        token = page_token(other)
    data = {"csrf_token": token} if token else {}
    assert c.post(f"/leads/{ref}/claim", data=data).status_code == 403
    assert c.post(f"/leads/{ref}/claim", data={"csrf_token": page_token(c)}).status_code == 303


def test_sign_in_form_needs_its_csrf_token(server):
    c = client(server)
    c.get("/login")
    r = c.post("/login", data={"username": "ana", "password": PASSWORDS["ana"]})
    assert r.status_code == 403 and "screening_session" not in r.headers.get("set-cookie", "")


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_flags(people, secure):
    settings = people.model_copy(update={"session_cookie_secure": secure})
    with live_server(settings) as url:
        cookie = client(url).get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert ("; secure" in cookie) is secure


def test_a_tampered_session_cookie_is_worth_nothing(server):
    c = client(server)
    sign_in(c, "ana")
    assert c.get("/queue").status_code == 200
    value = c.cookies["screening_session"]
    c.cookies.set("screening_session", value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert c.get("/queue").headers.get("location") == "/login"


def test_lockout_over_http(people):
    settings = people.model_copy(update={"max_failed_logins": 3, "lockout_minutes": 15})
    with live_server(settings) as url:
        c = client(url)
        codes = [sign_in(c, "ana", pw).status_code for pw in ["nope-1", "nope-2", "nope-3"]]
        locked = sign_in(c, "ana")   # the right password, during the lock
        assert codes == [401, 401, 401] and locked.status_code == 401
        assert "locked for 15 minutes" in locked.text
        with session_scope(settings) as s:
            s.execute(update(User).where(User.username == "ana").values(locked_until=at(year=2020)))
        assert sign_in(c, "ana").status_code == 303
    with session_scope(settings) as s:
        acts = s.execute(select(AuditEvent.action).where(AuditEvent.actor == "ana")
                         .order_by(AuditEvent.id)).scalars().all()
    assert acts == ["auth.login_failed"] * 3 + ["auth.lockout", "auth.login_failed", "auth.login"]


def test_disabling_a_user_ends_their_session(server):
    ana, adm = client(server), client(server)
    sign_in(ana, "ana")
    sign_in(adm, "adm")
    assert ana.get("/queue").status_code == 200
    r = adm.post("/admin/users/ana/status", data={"csrf_token": page_token(adm), "disabled": "1"})
    assert r.status_code == 200 and "User ana disabled" in r.text
    assert ana.get("/queue").headers.get("location") == "/login"


def test_admin_adds_a_user_who_can_then_sign_in(server, people):
    adm = client(server)
    sign_in(adm, "adm")
    bad = adm.post("/admin/users", data={"csrf_token": page_token(adm), "username": "cy",
                                         "role": "analyst", "password": "short"})
    assert bad.status_code == 400 and "at least 12 characters" in bad.text
    ok = adm.post("/admin/users", data={"csrf_token": page_token(adm), "username": "cy",
                                        "role": "evaluator", "password": "a-long-password-9"})
    assert ok.status_code == 200 and "cy" in ok.text
    assert sign_in(client(server), "cy", "a-long-password-9").headers["location"] == "/"
    with session_scope(people) as s:
        ev_ = s.execute(select(AuditEvent).where(AuditEvent.action == "admin.user_add",
                                                 AuditEvent.actor == "adm")).scalar_one()
        assert ev_.details == {"username": "cy", "role": "evaluator"}


def test_security_headers_on_every_kind_of_response(server, ref):
    c = client(server)
    responses = [c.get("/login"), c.get("/static/style.css"), c.get("/no-such-page")]
    sign_in(c, "ana")
    responses += [c.get("/queue"), c.get(f"/leads/{ref}"), c.get("/leads/999999"), c.get("/admin/users")]
    assert [r.status_code for r in responses] == [200, 200, 404, 200, 200, 404, 403]
    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "script-src 'none'" in csp and "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_templates_hold_no_script_and_no_inline_handlers():
    from pathlib import Path

    import screening.review.web as web

    for path in (Path(web.__file__).parent / "templates").glob("*.html"):
        body = path.read_text()
        assert "<script" not in body.lower(), path
        assert not re.search(r"\son[a-z]+\s*=", body, re.IGNORECASE), path
        assert "|safe" not in body.replace(" ", ""), path


def test_errors_render_a_generic_page(server, people):
    c = client(server)
    sign_in(c, "ana")
    with get_engine(people).begin() as conn:   # break the store under the running app
        conn.execute(text("ALTER TABLE leads RENAME TO leads_gone"))
    r = c.get("/queue")
    assert r.status_code == 500 and "Something went wrong" in r.text
    for leak in ("Traceback", "leads", "sqlite", "OperationalError", people.secret_key.get_secret_value(),
                 str(people.var_dir)):
        assert leak not in r.text
    assert "script-src 'none'" in r.headers["content-security-policy"]
    bad = c.get("/leads/not-a-ref")
    assert bad.status_code == 404 and "not-a-ref" not in bad.text


def test_hostile_post_text_is_escaped(server, people):
    with session_scope(people) as s:
        xid = make_lead(s, XSS, [ev(XSS, "<img src=x onerror=alert(1)>", "direct_threat"),
                                 ev(XSS, "make them pay", "violent_ideation")],
                        url="javascript:alert(document.cookie)", author='"><b>author</b>')
    c = client(server)
    sign_in(c, "ana")
    html = c.get(f"/leads/{ref_of(people, xid)}").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>author" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    queue_html = c.get("/queue").text
    assert "<script>alert" not in queue_html and "&lt;script&gt;" in queue_html


@pytest.mark.parametrize("claimed", [False, True])
def test_control_flag_changes_nothing_before_the_first_read(server, people, lead_id, ref, claimed):
    """A blind item's first-read page and the queue are byte-identical with the flag on and off."""
    c = client(server)
    sign_in(c, "ana")
    with session_scope(people) as s:
        s.get(Lead, lead_id).blind_first_read = True
    if claimed:
        c.post(f"/leads/{ref}/claim", data={"csrf_token": page_token(c)})
    pages = []
    for flag in (False, True):
        with session_scope(people) as s:
            s.get(Lead, lead_id).is_control = flag
        pages.append((c.get(f"/leads/{ref}").text, c.get("/queue").text))
    assert pages[0] == pages[1]
    first_read, queue_html = pages[1]
    assert "control" not in first_read.lower() and "control" not in queue_html.lower()
    assert "blind first read" in first_read and "blind first read" in queue_html


# What a first-read page must never show: evidence, score, indicators, screener context.
TELLS = ["<mark", "ev-label", "Evidence", "Screening score", "Indicators", "not a probability",
         "violent ideation", "planning", "0.70", "Context found", "Model", "Flagged"]


def _skeleton(html: str, ref: str, text: str, external_id: str) -> str:
    """The page with what differs between two items by nature (ref, text, item, thread) blanked."""
    return html.replace(text, "TEXT").replace(external_id, "ITEM").replace(ref, "REF")


def test_first_read_pages_of_a_control_and_a_sampled_lead_are_indistinguishable(server, people):
    """Same template, same fields, same wording: only the post itself differs."""
    from screening.store.models import DocumentScreening

    a_text = "They laughed at me at work. I will make them pay, I know when the shift changes."
    b_text = "Went fishing with my brother on Sunday, caught nothing, ate pie."
    with session_scope(people) as s:
        lead = make_lead(s, a_text, [ev(a_text, "I will make them pay", "violent_ideation"),
                                     ev(a_text, "when the shift changes", "planning")],
                         external_id="item-a", author=PSEUDONYM, thread_id="item-a-thread", posted_at=at())
        control = make_lead(s, b_text, [], external_id="item-b", author=PSEUDONYM, thread_id="item-b-thread",
                            posted_at=at(), score=0.04, indicators=[], is_control=True)
        for lid in (lead, control):
            s.get(Lead, lid).blind_first_read = True
        # the control's document was screened unflagged, as the sampler requires
        s.execute(update(DocumentScreening).where(DocumentScreening.document_id == s.get(Lead, control).document_id)
                  .values(flagged=False))
        s.execute(update(Lead).where(Lead.id.in_([lead, control])).values(created_at=at()))
    c = client(server)
    sign_in(c, "ana")
    token = page_token(c)
    pages = {}
    for lid, post, item in ((lead, a_text, "item-a"), (control, b_text, "item-b")):
        r = ref_of(people, lid)
        c.post(f"/leads/{r}/claim", data={"csrf_token": token})
        html = c.get(f"/leads/{r}").text
        for tell in TELLS:
            assert tell not in html, (lid, tell)
        assert f'action="/leads/{r}/first-read"' in html
        pages[lid] = _skeleton(html, r, post, item)
        c.post(f"/leads/{r}/release", data={"csrf_token": token})
    assert re.findall(r"<dt>([^<]+)</dt>", pages[lead]) == re.findall(r"<dt>([^<]+)</dt>", pages[control])
    assert pages[lead] == pages[control]


def test_first_read_then_evidence_for_a_lead_and_not_flagged_for_a_control(server, people, lead_id):
    with session_scope(people) as s:
        control = make_lead(s, "Went fishing on Sunday.", [], external_id="ctl", score=0.04,
                            indicators=[], is_control=True)
        for lid in (lead_id, control):
            s.get(Lead, lid).blind_first_read = True
    c = client(server)
    sign_in(c, "ana")
    token = page_token(c)
    refs = {lid: ref_of(people, lid) for lid in (lead_id, control)}
    for lid, judgment, note in ((lead_id, "concerning", "pay + shift times"), (control, "not_concerning", "")):
        r_ = refs[lid]
        c.post(f"/leads/{r_}/claim", data={"csrf_token": token})
        early = c.post(f"/leads/{r_}/decision", data={"csrf_token": token, "decision": "escalated"})
        assert early.status_code == 409 and "first read" in early.text and "<mark" not in early.text
        assert c.post(f"/leads/{r_}/first-read", data={"csrf_token": token}).status_code == 400
        r = c.post(f"/leads/{r_}/first-read", data={"csrf_token": token, "judgment": judgment, "note": note})
        assert r.headers["location"] == f"/leads/{r_}?read=1"
        again = c.post(f"/leads/{r_}/first-read", data={"csrf_token": token, "judgment": "concerning"})
        assert again.status_code == 409
    full = c.get(f"/leads/{refs[lead_id]}").text
    assert full.count("<mark") == 2 and "Screening score" in full and 'id="unflagged"' not in full
    assert "Blind first read by ana" in full and "pay + shift times" in full
    shown = c.get(f"/leads/{refs[control]}").text
    assert 'id="unflagged"' in shown and "did not flag this item" in shown and "Not concerning" in shown
    r = c.post(f"/leads/{refs[control]}/decision", data={"csrf_token": token, "decision": "dismissed",
                                                  "reason": "not_concerning"})
    assert r.status_code == 303
    with session_scope(people) as s:
        acts = s.execute(select(AuditEvent.action, AuditEvent.details).where(
            AuditEvent.action == "lead.first_read").order_by(AuditEvent.id)).all()
    assert [d["judgment"] for _, d in acts] == ["concerning", "not_concerning"]
    assert all("control" not in str(d) for _, d in acts)


def test_blind_items_match_every_filter_and_hide_their_score_in_the_queue(server, people, lead_id, ref):
    with session_scope(people) as s:
        s.get(Lead, lead_id).blind_first_read = True
    c = client(server)
    sign_in(c, "ana")
    for params in ({}, {"indicator": "self_harm"}, {"band": "low"}, {"sort": "score"}):
        html = c.get("/queue", params=params).text
        row = html[html.index(f'href="/leads/{ref}"'):]
        row = row[:row.index("</tr>")]
        assert "blind first read" in row and "0.70" not in row and "violent" not in row, params


def test_evaluators_never_see_author_pseudonyms(server, people, ref):
    ana, eve = client(server), client(server)
    sign_in(ana, "ana")
    assert PSEUDONYM in ana.get(f"/leads/{ref}").text     # analysts do
    ana.post(f"/leads/{ref}/claim", data={"csrf_token": page_token(ana)})
    ana.post(f"/leads/{ref}/decision", data={"csrf_token": page_token(ana), "decision": "escalated",
                                                 "note": "n"})
    sign_in(eve, "eve")
    for path in ("/figures", "/evaluator", "/audit", "/"):
        r = eve.get(path, follow_redirects=True)
        assert r.status_code == 200 and PSEUDONYM not in r.text
    assert eve.get(f"/leads/{ref}").status_code == 403
    assert eve.get("/referrals").status_code == 403


def test_review_actions_are_audited_and_tampering_is_caught(server, people, lead_id, ref):
    from screening.cli import cli
    from screening.settings import get_settings

    c = client(server)
    sign_in(c, "ana")
    token = page_token(c)
    assert c.post("/next", data={"csrf_token": token}).headers["location"] == f"/leads/{ref}"
    c.get(f"/leads/{ref}")
    r = c.post(f"/leads/{ref}/decision", data={"csrf_token": token, "decision": "dismissed",
                                                   "reason": "hyperbole", "note": ""})
    assert r.headers["location"] == f"/leads/{ref}?saved=1"
    export = None
    c.post(f"/leads/{ref}/decision", data={"csrf_token": token, "decision": "escalated",
                                               "supersedes_id": "1"})
    export = c.post("/referrals/1/export", data={"csrf_token": token})
    assert export.headers["content-type"].startswith("application/json")
    assert 'attachment; filename="referral-1.json"' == export.headers["content-disposition"]
    assert export.json()["lead"]["ref"] == ref and export.json()["status"] == "active"
    assert "id" not in export.json()["lead"]
    c.post("/logout", data={"csrf_token": token})
    with session_scope(people) as s:
        events = s.execute(select(AuditEvent).where(AuditEvent.actor == "ana").order_by(AuditEvent.id)).scalars().all()
        got = [(e.action, e.entity_id) for e in events]
    lid = str(lead_id)
    assert got == [("auth.login", got[0][1]), ("lead.claim", lid), ("lead.view", lid), ("lead.decide", lid),
                   ("lead.revise", lid), ("referral.create", "1"), ("referral.export", "1"),
                   ("auth.logout", got[0][1])]

    env = {"SCREENING_DATABASE_URL": people.database_url}
    runner = CliRunner()
    get_settings.cache_clear()
    try:
        assert runner.invoke(cli, ["audit", "verify"], env=env).exit_code == 0
        target = events[3].id
        with session_scope(people) as s:   # quietly rewrite a decision in the log
            s.execute(update(AuditEvent).where(AuditEvent.id == target)
                      .values(details={"decision": "escalated"}))
        result = runner.invoke(cli, ["audit", "verify"], env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert f"BROKEN at event {target}" in result.output


def test_audit_view_shows_events_and_chain_status(server, people, lead_id):
    eve = client(server)
    sign_in(eve, "eve")
    html = eve.get("/audit").text
    assert "audit chain intact" in html and "auth.login" in html
    filtered = eve.get("/audit", params={"action": "admin."}).text
    assert "admin.user_add" in filtered and "auth.login<" not in filtered


def test_users_fixture_sanity(review_settings):
    make_users(review_settings, ["ana"])
    with session_scope(review_settings) as s:
        assert s.execute(select(User.username)).scalars().all() == ["ana"]
