"""The tip-line endpoint: ``POST /tips`` with the submitter's consent, answered with a receipt.

Thin over ``ingest_records``: a tip is one document with consent basis
``consented_submission``, source ``tips_api``. The contact, if given, is kept only as the
keyed pseudonym. Bodies over ``tips_max_body_bytes`` are refused with 413 before they are
read whole. Run it with ``screening ingest serve-tips`` (127.0.0.1 by default).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from screening.ingest.pipeline import ingest_records
from screening.ingest.sources.drop_folder import tip_document
from screening.settings import Settings

SOURCE_NAME = "tips_api"


class TipIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "A classmate said he is bringing a gun on Friday.", "consent": True,
         "contact": "optional way to reach you", "about": "school"}]})

    text: str = Field(min_length=1, description="What you want to tell us.")
    consent: bool | None = Field(
        default=None,
        description="Must be true: you agree that this tip is stored and read by the review team.")
    contact: str | None = Field(default=None, max_length=500,
                                description="Optional; stored only as a keyed pseudonym.")
    about: str | None = Field(default=None, max_length=200, description="Optional topic or place.")


class Receipt(BaseModel):
    receipt_id: str
    status: str = "received"
    message: str = "Thank you. A trained person will read this tip."


class ErrorOut(BaseModel):
    error: str
    detail: Any


class BodyLimit:
    """ASGI middleware: 413 when a body is over the limit, by header or while streaming."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await self._too_large(send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # raised inside the route's body read; FastAPI passes HTTPException through
                    raise HTTPException(413, detail=f"request body is over {self.limit} bytes")
            return message

        await self.app(scope, limited_receive, send)

    async def _too_large(self, send):
        response = JSONResponse(status_code=413, content={
            "error": "too_large", "detail": f"request body is over {self.limit} bytes"})
        await response({"type": "http"}, None, send)


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="Screening tip line",
        version="1.0",
        description="Submit a tip with your consent. Tips are read by trained people; a tip is "
                    "a lead for human review, never a finding about anyone.",
    )

    @app.post("/tips", status_code=201, response_model=Receipt,
              responses={400: {"model": ErrorOut, "description": "consent missing or false"},
                         413: {"model": ErrorOut, "description": "body too large"},
                         422: {"model": ErrorOut, "description": "malformed or invalid tip"}},
              summary="Submit a tip (consent required)")
    def submit_tip(tip: TipIn) -> Any:
        if tip.consent is not True:
            return JSONResponse(status_code=400, content={
                "error": "consent_required",
                "detail": "set \"consent\": true to agree that this tip is stored and read by the "
                          "review team; without consent nothing is stored"})
        receipt = "tip_" + uuid.uuid4().hex
        doc = tip_document(SOURCE_NAME, tip.model_dump(), external_id=receipt)
        summary = ingest_records([doc], SOURCE_NAME, "tips", settings, actor="tips_api")
        if summary.quarantined:
            reason = next(iter(summary.reasons))
            return JSONResponse(status_code=422, content={
                "error": reason, "receipt_id": receipt,
                "detail": "the tip could not be accepted as it is and was set aside for a "
                          f"person to check ({reason})"})
        return Receipt(receipt_id=receipt)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        kind = {400: "malformed_body", 413: "too_large", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(status_code=exc.status_code, content={"error": kind, "detail": exc.detail})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        kind = "malformed_json" if any(e.get("type") == "json_invalid" for e in exc.errors()) else "invalid_tip"
        return JSONResponse(status_code=422, content={"error": kind, "detail": errors})

    app.add_middleware(BodyLimit, limit=settings.tips_max_body_bytes)
    return app
