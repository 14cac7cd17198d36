"""The review web app: ``create_app(settings)`` builds a FastAPI app over the review library."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from screening.review.web.security import NotSignedIn, SafetyMiddleware, guard
from screening.settings import Settings, get_settings
from screening.store.db import ensure_schema

HERE = Path(__file__).parent
ERROR_TITLES = {
    400: "The request could not be used",
    401: "Please sign in",
    403: "You do not have access to this page or action",
    404: "Not found",
    405: "Not allowed",
    409: "Someone changed this meanwhile",
    500: "Something went wrong",
}


def make_templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,   # every {{ }} is escaped; only Markup built from escaped parts passes
        undefined=jinja2.StrictUndefined,
    )
    env.filters["when"] = lambda dt: dt.strftime("%Y-%m-%d %H:%M UTC") if dt else "—"
    env.filters["score"] = lambda x: f"{x:.2f}"
    return env


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    ensure_schema(settings)
    templates = make_templates()
    error_body = templates.get_template("error.html").render(
        title=ERROR_TITLES[500], status=500, user=None, csrf="",
        message="The error was logged. Try again, or tell your administrator the time it happened.",
    ).encode()

    app = FastAPI(title="screening review", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(guard)])
    app.state.settings = settings
    app.state.templates = templates

    def error_page(request: Request, status: int) -> HTMLResponse:
        sess = getattr(request.state, "session", None) or {}
        html = templates.get_template("error.html").render(
            title=ERROR_TITLES.get(status, "Something went wrong"), status=status,
            user=getattr(request.state, "principal", None), csrf=sess.get("csrf", ""), message="",
        )
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return error_page(request, exc.status_code if exc.status_code in ERROR_TITLES else 400)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError):
        return error_page(request, 400)

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, exc: NotSignedIn):
        if request.method in ("GET", "HEAD"):
            return RedirectResponse("/login", status_code=303)
        return error_page(request, 401)

    from screening.review.web.evaluator import router as evaluator_router
    from screening.review.web.routes import router

    app.include_router(router)
    app.include_router(evaluator_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SafetyMiddleware, error_body=error_body)
    return app
