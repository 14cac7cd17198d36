"""Sessions, CSRF, the role table and the safety headers.

* The session is a signed cookie (itsdangerous, HttpOnly, SameSite=Lax, Secure when
  configured) holding the user id, a CSRF token and a fingerprint of the password hash; the
  user is re-read on every request, so disabling an account or changing its password ends
  its sessions at once.
* ``guard`` is the single dependency on every route: it looks the route up in ``ACCESS``
  (a route that is not listed is refused: deny by default), checks the CSRF token on every
  POST, and checks the signed-in user's role.
* ``SafetyMiddleware`` adds the security headers to every response and turns any unhandled
  exception into a generic 500 page (the traceback goes to the server log only).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Any

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders

from screening.review.users import ROLES, Principal, load_principal
from screening.settings import Settings
from screening.store.db import session_scope

log = logging.getLogger("screening.review.web")

SESSION_COOKIE = "screening_session"
CSRF_FIELD = "csrf_token"
PUBLIC = "public"
SIGNED_IN = frozenset(ROLES)
ANALYST = frozenset({"analyst"})
OVERSIGHT = frozenset({"evaluator", "admin"})
ADMIN = frozenset({"admin"})

# Route name -> who may use it. A route missing here is refused for everyone.
ACCESS: dict[str, Any] = {
    "login_form": PUBLIC,
    "login": PUBLIC,
    "logout": SIGNED_IN,
    "home": SIGNED_IN,
    "queue": ANALYST,
    "next_lead": ANALYST,
    "lead_page": ANALYST,
    "claim_lead": ANALYST,
    "release_lead": ANALYST,
    "decide_lead": ANALYST,
    "first_read_lead": ANALYST,
    "referrals": ANALYST,
    "export_referral": ANALYST,
    "figures": OVERSIGHT,            # redirects to /evaluator
    "audit_log": OVERSIGHT,
    "evaluator": OVERSIGHT,          # false-positive audit (web/evaluator.py)
    "evaluator_plot": OVERSIGHT,
    "evaluator_json": OVERSIGHT,
    "admin_users": ADMIN,
    "admin_add_user": ADMIN,
    "admin_user_status": ADMIN,
    "admin_retention": ADMIN,
}

CSP = ("default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self'; "
       "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}


class NotSignedIn(Exception):
    """Raised by ``guard``; GETs go to the sign-in page, anything else gets 401."""


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key.get_secret_value(), salt="screening.review.session")


def new_session(uid: int | None = None, binding: str = "") -> dict[str, Any]:
    return {"uid": uid, "b": binding, "csrf": secrets.token_urlsafe(32)}


def read_session(request: Request) -> dict[str, Any] | None:
    settings: Settings = request.app.state.settings
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(settings).loads(raw, max_age=settings.session_max_age_minutes * 60)
    except BadSignature:   # also covers SignatureExpired
        return None
    return data if isinstance(data, dict) and isinstance(data.get("csrf"), str) else None


def set_session_cookie(response, settings: Settings, data: dict[str, Any]) -> None:
    response.set_cookie(
        SESSION_COOKIE, _serializer(settings).dumps(data),
        max_age=settings.session_max_age_minutes * 60, path="/", httponly=True,
        samesite="lax", secure=settings.session_cookie_secure,
    )


def clear_session_cookie(response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=settings.session_cookie_secure)


def _load(settings: Settings, sess: dict[str, Any]) -> Principal | None:
    uid = sess.get("uid")
    if not isinstance(uid, int):
        return None
    with session_scope(settings) as s:
        return load_principal(s, uid, str(sess.get("b", "")))


async def guard(request: Request) -> None:
    """Deny by default: route must be listed, POSTs must carry the CSRF token, role must fit."""
    route = request.scope.get("route")
    rule = ACCESS.get(getattr(route, "name", None))
    if rule is None:
        raise HTTPException(status_code=403)
    sess = read_session(request)
    request.state.session = sess
    request.state.principal = None
    if request.method not in ("GET", "HEAD"):
        form = await request.form()
        token = form.get(CSRF_FIELD)
        if (not sess or not isinstance(token, str)
                or not hmac.compare_digest(token.encode(), sess["csrf"].encode())):
            raise HTTPException(status_code=403, detail="csrf")
    if rule == PUBLIC:
        return
    principal = await run_in_threadpool(_load, request.app.state.settings, sess) if sess else None
    if principal is None:
        raise NotSignedIn()
    if principal.role not in rule:
        raise HTTPException(status_code=403)
    request.state.principal = principal


class SafetyMiddleware:
    """Security headers on every response; unhandled errors become a generic page."""

    def __init__(self, app, error_body: bytes):
        self.app = app
        self.error_body = error_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers[key] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await send_with_headers({
                "type": "http.response.start", "status": 500,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(self.error_body)).encode())],
            })
            await send_with_headers({"type": "http.response.body", "body": self.error_body})
