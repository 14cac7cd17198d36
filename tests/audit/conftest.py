"""A small store whose live figures are worked out by hand in the tests.

Two weeks (Mon 2026-11-02 .. Sun 2026-11-15), two sources, two model versions:

  lead  source  indicators                   score  model  created  latest decision
  L1    forum   violent_ideation             0.55   m1     11-02    dismissed/hyperbole
  L2    forum   violent_ideation, planning   0.72   m1     11-03    escalated
  L3    forum   grievance                    0.65   m1     11-04    dismissed/quote -> needs_info (revised 11-20)
  L4    tips    direct_threat                0.93   m1     11-05    escalated
  L5    tips    grievance                    0.51   m2     11-10    dismissed/not_concerning
  L6    tips    violent_ideation             0.88   m2     11-11    (open)
  L7    forum   leakage                      0.99   m2     11-12    escalated -> dismissed/news (revised 11-13)
  L8    forum   direct_threat                0.97   m1     11-20    escalated   (outside the period)
  C1    forum   control                      0.10   m1     11-03    dismissed/not_concerning
  C2    tips    control                      0.20   m1     11-05    escalated
  C3    forum   control                      0.05   m2     11-10    dismissed/other
  C4    forum   control                      0.30   m2     11-11    (open)

Blind first reads (made before the evidence was shown; every control is read blind, and so is a
sample of leads):

  L1 not concerning   L2 concerning   L5 concerning   L6 concerning (still open)
  C1 not concerning   C2 concerning   C3 concerning (then dismissed once shown it was unflagged)
  C4 not read yet

Unflagged screened documents in the period: 40 by m1, 60 by m2; plus 3 by m1 with status
``empty`` (not screenable, so not in the control population) and 5 unflagged by m1 on 11-25
(outside the period).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from screening.store import repository
from screening.store.db import session_scope
from screening.store.models import Disposition, DocumentScreening, FirstRead, Lead, ScreeningRun
from screening.types import DISCLAIMER


def ts(day: int, month: int = 11, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


LEADS = [
    # name, source, indicators, score, model, created day, dispositions [(decision, reason, day)]
    ("L1", "forum", ["violent_ideation"], 0.55, "m1", 2, [("dismissed", "hyperbole", 3)]),
    ("L2", "forum", ["violent_ideation", "planning"], 0.72, "m1", 3, [("escalated", None, 3)]),
    ("L3", "forum", ["grievance"], 0.65, "m1", 4, [("dismissed", "quote", 5), ("needs_info", None, 20)]),
    ("L4", "tips", ["direct_threat"], 0.93, "m1", 5, [("escalated", None, 6)]),
    ("L5", "tips", ["grievance"], 0.51, "m2", 10, [("dismissed", "not_concerning", 10)]),
    ("L6", "tips", ["violent_ideation"], 0.88, "m2", 11, []),
    ("L7", "forum", ["leakage"], 0.99, "m2", 12, [("escalated", None, 12), ("dismissed", "news", 13)]),
    ("L8", "forum", ["direct_threat"], 0.97, "m1", 20, [("escalated", None, 21)]),
]
# name -> concerning at the blind first read (read the day the item was raised)
FIRST_READS = {"L1": False, "L2": True, "L5": True, "L6": True, "C1": False, "C2": True, "C3": True}
BLIND = set(FIRST_READS) | {"C4"}
CONTROLS = [
    ("C1", "forum", 0.10, "m1", 3, [("dismissed", "not_concerning", 4)]),
    ("C2", "tips", 0.20, "m1", 5, [("escalated", None, 6)]),
    ("C3", "forum", 0.05, "m2", 10, [("dismissed", "other", 11)]),
    ("C4", "forum", 0.30, "m2", 11, []),
]


def _doc(session, source, ext):
    return repository.upsert_document(session, source, external_id=ext, text=f"text {ext}",
                                      consent_basis="public_post")[0]


def _decide(session, lead_id, dispositions):
    prev = None
    for decision, reason, day in dispositions:
        d = Disposition(lead_id=lead_id, decision=decision, reason_code=reason,
                        decided_by="analyst1", decided_at=ts(day), supersedes_id=prev)
        session.add(d)
        session.flush()
        prev = d.id


def _first_read(session, lead_id, name, day):
    if name in FIRST_READS:
        session.add(FirstRead(lead_id=lead_id, concerning=FIRST_READS[name], read_by="analyst1",
                              read_at=ts(day, hour=13)))
        session.flush()


def build_fixture_store(settings) -> dict[str, int]:
    """Write the table above into the store; returns lead ids by name."""
    ids: dict[str, int] = {}
    with session_scope(settings) as s:
        sources = {n: repository.get_or_create_source(s, n, "cli") for n in ("forum", "tips")}
        runs = {}
        for mv in ("m1", "m2"):
            runs[mv] = ScreeningRun(model_version=mv, rules_version="r1", settings_hash="x",
                                    trigger="test", status="done", started_at=ts(1))
            s.add(runs[mv])
        s.flush()
        for name, src, indicators, score, mv, day, disps in LEADS:
            doc_id = _doc(s, sources[src], name)
            s.add(DocumentScreening(document_id=doc_id, run_id=runs[mv].id, model_version=mv,
                                    status="screened", flagged=True, score=score, screened_at=ts(day)))
            lead = Lead(document_id=doc_id, run_id=runs[mv].id, score=score, indicators=indicators,
                        evidence=[], context=[], model_version=mv, rules_version="r1",
                        disclaimer=DISCLAIMER, status="open", is_control=False, created_at=ts(day),
                        blind_first_read=name in BLIND)
            s.add(lead)
            s.flush()
            ids[name] = lead.id
            _first_read(s, lead.id, name, day)
            _decide(s, lead.id, disps)
        for name, src, score, mv, day, disps in CONTROLS:
            doc_id = _doc(s, sources[src], name)
            s.add(DocumentScreening(document_id=doc_id, run_id=runs[mv].id, model_version=mv,
                                    status="screened", flagged=False, score=score, screened_at=ts(day)))
            lead = Lead(document_id=doc_id, run_id=runs[mv].id, score=score, indicators=[],
                        evidence=[], context=[], model_version=mv, rules_version="r1",
                        disclaimer=DISCLAIMER, status="open", is_control=True, created_at=ts(day),
                        blind_first_read=True)
            s.add(lead)
            s.flush()
            ids[name] = lead.id
            _first_read(s, lead.id, name, day)
            _decide(s, lead.id, disps)
        # the rest of the unflagged population: 40 - 2 controls by m1, 60 - 2 by m2, in the period
        extra = [("m1", 38, "screened", 6), ("m2", 58, "screened", 12),
                 ("m1", 3, "empty", 6), ("m1", 5, "screened", 25)]
        for mv, n, status, day in extra:
            for i in range(n):
                doc_id = _doc(s, sources["forum"], f"u-{mv}-{status}-{day}-{i}")
                s.add(DocumentScreening(document_id=doc_id, run_id=runs[mv].id, model_version=mv,
                                        status=status, flagged=False, score=0.01 * (i % 40),
                                        screened_at=ts(day)))
    return ids


@pytest.fixture
def fixture_store(store_settings):
    ids = build_fixture_store(store_settings)
    return store_settings, ids
