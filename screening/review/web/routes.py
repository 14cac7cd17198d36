"""Thin routes: read the form, call the review library in one transaction, render or redirect.

Access is checked by ``security.guard`` (an app-wide dependency) before any route runs; the
route names here are the keys of ``security.ACCESS``.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from screening.errors import ConflictError, NotFoundError, ReviewError
from screening.review import decisions, figures, first_read, leads, queue, referrals, users
from screening.review.web.security import (
    clear_session_cookie,
    new_session,
    set_session_cookie,
)
from screening.store import audit
from screening.store.db import session_scope
from screening.types import Indicator

router = APIRouter()
HOME = {"analyst": "/queue", "evaluator": "/evaluator", "admin": "/admin/users"}


def _settings(request: Request):
    return request.app.state.settings


def render(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    sess = request.state.session or {}
    html = request.app.state.templates.get_template(name).render(
        user=request.state.principal, csrf=sess.get("csrf", ""), **ctx)
    return HTMLResponse(html, status_code=status)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- sign-in ----------------------------------------------------------------------------

@router.get("/login", name="login_form")
def login_form(request: Request):
    sess = request.state.session or new_session()
    request.state.session = sess
    response = render(request, "login.html", error="")
    set_session_cookie(response, _settings(request), sess)
    return response


@router.post("/login", name="login")
def login(request: Request, username: str = Form(""), password: str = Form("")):
    settings = _settings(request)
    with session_scope(settings) as s:
        outcome = users.authenticate(s, settings, username, password)
    if not outcome.ok:
        return render(request, "login.html", status=401, error=(
            "Sign-in failed. Check the name and password. After "
            f"{settings.max_failed_logins} failures an account is locked for "
            f"{settings.lockout_minutes} minutes."))
    response = see_other("/")
    # A fresh session (and CSRF token) at sign-in, so a planted cookie is worth nothing.
    set_session_cookie(response, settings, new_session(outcome.principal.id, outcome.session_binding))
    return response


@router.post("/logout", name="logout")
def logout(request: Request):
    settings = _settings(request)
    with session_scope(settings) as s:
        audit.record(s, request.state.principal.username, "auth.logout", "user", request.state.principal.id)
    response = see_other("/login")
    clear_session_cookie(response, settings)
    return response


@router.get("/", name="home")
def home(request: Request):
    return see_other(HOME[request.state.principal.role])


# --- queue and claims -------------------------------------------------------------------

def _queue_context(request: Request, f: queue.QueueFilter | None, page: int, error: str = "",
                   notice: str = ""):
    settings, user = _settings(request), request.state.principal
    with session_scope(settings) as s:
        rows, total = queue.list_queue(s, settings, user, f or queue.QueueFilter(),
                                       limit=queue.PAGE_SIZE, offset=(page - 1) * queue.PAGE_SIZE)
        held = queue.ref_of(s, queue.held_claim(s, settings, user))
        sources = queue.source_names(s)
    params = (f or queue.QueueFilter()).as_params()
    return dict(rows=rows, total=total, page=page, pages=max(1, -(-total // queue.PAGE_SIZE)),
                f=f or queue.QueueFilter(), params=params, query=urlencode(params), held=held,
                sources=sources, indicators=[i.value for i in Indicator], bands=queue.SCORE_BANDS,
                statuses=queue.STATUSES, sorts=list(queue.SORTS), error=error, notice=notice,
                label=leads.indicator_label)


@router.get("/queue", name="queue")
def queue_page(request: Request, page: int = 1, empty: int = 0):
    try:
        f = queue.QueueFilter.from_params(dict(request.query_params))
    except ReviewError as exc:
        return render(request, "queue.html", status=400, **_queue_context(request, None, 1, exc.message))
    notice = "No open lead matches these filters right now." if empty else ""
    return render(request, "queue.html", **_queue_context(request, f, max(1, page), notice=notice))


@router.post("/next", name="next_lead")
async def next_lead(request: Request):
    form = await request.form()
    try:
        f = queue.QueueFilter.from_params({k: str(v) for k, v in form.items() if k != "csrf_token"})
    except ReviewError:
        f = queue.QueueFilter()
    settings = _settings(request)

    def claim():
        with session_scope(settings) as s:
            return queue.ref_of(s, queue.claim_next(s, settings, request.state.principal, f))

    ref = await run_in_threadpool(claim)
    if ref is None:
        return see_other("/queue?" + urlencode({**f.as_params(), "empty": 1}))
    return see_other(f"/leads/{ref}")


# --- the lead page ----------------------------------------------------------------------
# Analysts address a lead by its opaque reference (``leads.ref``) only; the integer id stays
# inside. ``/leads/<integer>`` is a 404 like any unknown reference (no redirect for anyone).

def _lead(request: Request, ref: str, status: int = 200, error: str = "", notice: str = "",
          record_view: bool = True):
    settings = _settings(request)
    try:
        with session_scope(settings) as s:
            lead = queue.lead_by_ref(s, ref)
            if first_read.is_pending(s, lead):
                # blind first read: the page is built without the score, evidence or control flag
                view = first_read.first_read_view(s, settings, lead, request.state.principal,
                                                  record_view=record_view)
                return render(request, "first_read.html", status=status, v=view, error=error,
                              notice=notice, judgments=first_read.JUDGMENTS)
            view = leads.lead_view(s, settings, lead.id, request.state.principal, record_view=record_view)
            return render(request, "lead.html", status=status, v=view, error=error, notice=notice,
                          reasons=decisions.DISMISS_REASONS, labels=decisions.DECISION_LABELS,
                          label=leads.indicator_label, judgments=first_read.JUDGMENTS)
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc


def _lead_id(s, ref: str) -> int:
    try:
        return queue.lead_by_ref(s, ref).id
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc


@router.get("/leads/{ref}", name="lead_page")
def lead_page(request: Request, ref: str, saved: int = 0, read: int = 0):
    notice = "Decision recorded." if saved else ("First read recorded." if read else "")
    return _lead(request, ref, notice=notice)


@router.post("/leads/{ref}/claim", name="claim_lead")
def claim_lead(request: Request, ref: str):
    settings = _settings(request)
    try:
        with session_scope(settings) as s:
            queue.claim_lead(s, settings, request.state.principal, _lead_id(s, ref))
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    except ConflictError as exc:
        return _lead(request, ref, 409, error=exc.message, record_view=False)
    return see_other(f"/leads/{ref}")


@router.post("/leads/{ref}/first-read", name="first_read_lead")
def first_read_lead(request: Request, ref: str, judgment: str = Form(""), note: str = Form("")):
    try:
        with session_scope(_settings(request)) as s:
            first_read.record_first_read(s, request.state.principal, _lead_id(s, ref), judgment, note)
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    except ReviewError as exc:
        return _lead(request, ref, 400, error=exc.message, record_view=False)
    except ConflictError as exc:
        return _lead(request, ref, 409, error=exc.message, record_view=False)
    return see_other(f"/leads/{ref}?read=1")


@router.post("/leads/{ref}/release", name="release_lead")
def release_lead(request: Request, ref: str):
    with session_scope(_settings(request)) as s:
        queue.release(s, request.state.principal, _lead_id(s, ref))
    return see_other("/queue")


@router.post("/leads/{ref}/decision", name="decide_lead")
def decide_lead(request: Request, ref: str, decision: str = Form(""), reason: str = Form(""),
                note: str = Form(""), supersedes_id: str = Form("")):
    supersedes = int(supersedes_id) if supersedes_id.strip().isdigit() else None
    try:
        with session_scope(_settings(request)) as s:
            decisions.decide(s, request.state.principal, _lead_id(s, ref), decision, reason, note,
                             supersedes_id=supersedes)
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    except ReviewError as exc:
        return _lead(request, ref, 400, error=exc.message, record_view=False)
    except ConflictError as exc:
        return _lead(request, ref, 409, error=exc.message, record_view=False)
    return see_other(f"/leads/{ref}?saved=1")


# --- referrals --------------------------------------------------------------------------

@router.get("/referrals", name="referrals")
def referrals_page(request: Request):
    with session_scope(_settings(request)) as s:
        rows = referrals.list_referrals(s)
        return render(request, "referrals.html", rows=rows)


@router.post("/referrals/{referral_id}/export", name="export_referral")
def export_referral(request: Request, referral_id: int):
    try:
        with session_scope(_settings(request)) as s:
            data = referrals.export_referrals(s, request.state.principal.username, [referral_id])
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    return Response(json.dumps(data[0], indent=2, ensure_ascii=False), media_type="application/json",
                    headers={"content-disposition": f'attachment; filename="referral-{referral_id}.json"'})


# --- oversight: figures and the audit trail ---------------------------------------------

@router.get("/figures", name="figures")
def figures_page(request: Request):
    """The old counts page is now part of the evaluator page."""
    return RedirectResponse("/evaluator", status_code=301)


@router.get("/audit", name="audit_log")
def audit_page(request: Request, action: str = ""):
    with session_scope(_settings(request)) as s:
        events = figures.recent_events(s, 200, action[:60])
        chain = figures.chain_status(s)
    return render(request, "audit.html", events=events, chain=chain, action=action[:60],
                  dumps=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False, default=str))


# --- admin ------------------------------------------------------------------------------

def _users_page(request: Request, status: int = 200, error: str = "", notice: str = ""):
    with session_scope(_settings(request)) as s:
        rows = users.list_users(s)
        return render(request, "admin_users.html", status=status, rows=rows, roles=users.ROLES,
                      error=error, notice=notice, min_chars=users.MIN_PASSWORD_CHARS)


@router.get("/admin/users", name="admin_users")
def admin_users(request: Request):
    return _users_page(request)


@router.post("/admin/users", name="admin_add_user")
def admin_add_user(request: Request, username: str = Form(""), role: str = Form(""),
                   password: str = Form("")):
    try:
        with session_scope(_settings(request)) as s:
            p = users.create_user(s, username, role, password, actor=request.state.principal.username)
    except (ReviewError, ConflictError) as exc:
        return _users_page(request, 400, error=exc.message)
    return _users_page(request, notice=f"User {p.username} added as {p.role}.")


@router.post("/admin/users/{username}/status", name="admin_user_status")
def admin_user_status(request: Request, username: str, disabled: str = Form("")):
    try:
        with session_scope(_settings(request)) as s:
            p = users.set_disabled(s, request.state.principal.username, username, disabled == "1")
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    except ReviewError as exc:
        return _users_page(request, 400, error=exc.message)
    return _users_page(request, notice=f"User {p.username} {'disabled' if disabled == '1' else 'enabled'}.")


@router.get("/admin/retention", name="admin_retention")
def admin_retention(request: Request):
    settings = _settings(request)
    with session_scope(settings) as s:
        ov = figures.retention_overview(s, settings.retention_days)
    return render(request, "admin_retention.html", ov=ov)
