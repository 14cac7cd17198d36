"""Dispositions: reasons and notes, revisions that never erase, referrals and their export."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from screening.errors import ConflictError, ReviewError
from screening.review import decisions, queue, referrals
from screening.review.users import Principal
from screening.store.db import session_scope
from screening.store.models import AuditEvent, Disposition, Lead, Referral
from screening.types import DISCLAIMER

from .conftest import at, ev, make_lead, ref_of

ANA = Principal(1, "ana", "analyst")
BO = Principal(2, "bo", "analyst")
TEXT = "They fired me for nothing. I know when the shift changes and I will make them pay."


@pytest.fixture
def claimed(store_settings):
    with session_scope(store_settings) as s:
        lead_id = make_lead(s, TEXT, [ev(TEXT, "They fired me", "grievance"),
                                      ev(TEXT, "when the shift changes", "planning"),
                                      ev(TEXT, "I will make them pay", "violent_ideation")],
                            score=0.91, thread_id="t9", posted_at=at(day=2), author="p-55aa")
        queue.claim_lead(s, store_settings, ANA, lead_id)
    return store_settings, lead_id


@pytest.mark.parametrize("decision, reason, note, error", [
    ("dismissed", "hyperbole", "", None),
    ("dismissed", "other", "a song lyric the author quoted", None),
    ("escalated", "", "specific time and target", None),
    ("needs_info", "", "", None),
    ("dismissed", "", "", ReviewError),                 # no reason
    ("dismissed", "other", "  ", ReviewError),          # other needs a note
    ("dismissed", "because", "", ReviewError),          # unknown reason
    ("escalated", "hyperbole", "", ReviewError),        # reasons are for dismissals
    ("closed", "", "", ReviewError),                    # unknown decision
    ("needs_info", "", "x" * 4001, ReviewError),
])
def test_decision_rules(claimed, decision, reason, note, error):
    settings, lead_id = claimed
    if error:
        with pytest.raises(error), session_scope(settings) as s:
            decisions.decide(s, ANA, lead_id, decision, reason, note)
        with session_scope(settings) as s:
            assert s.get(Lead, lead_id).status == "open"
        return
    with session_scope(settings) as s:
        decisions.decide(s, ANA, lead_id, decision, reason, note)
    with session_scope(settings) as s:
        lead = s.get(Lead, lead_id)
        assert (lead.status, lead.claimed_by) == (decision, None)
        assert s.execute(select(AuditEvent.action).order_by(AuditEvent.id.desc())).scalars().first() in (
            "lead.decide", "referral.create")


def test_deciding_needs_your_own_claim(claimed):
    settings, lead_id = claimed
    with pytest.raises(ConflictError), session_scope(settings) as s:
        decisions.decide(s, BO, lead_id, "dismissed", "news")


def test_revisions_add_rows_and_status_follows_the_latest(claimed):
    settings, lead_id = claimed
    with session_scope(settings) as s:
        first = decisions.decide(s, ANA, lead_id, "needs_info", note="who is 'them'?").disposition.id
    with session_scope(settings) as s:
        second = decisions.revise(s, BO, lead_id, "escalated", note="named the site",
                                  supersedes_id=first).disposition.id
    with pytest.raises(ConflictError), session_scope(settings) as s:   # stale page
        decisions.revise(s, ANA, lead_id, "dismissed", "news", supersedes_id=first)
    with session_scope(settings) as s:
        decisions.revise(s, ANA, lead_id, "dismissed", "fiction", supersedes_id=second)
    with session_scope(settings) as s:
        rows = s.execute(select(Disposition).order_by(Disposition.id)).scalars().all()
        assert [(d.decision, d.supersedes_id) for d in rows] == [
            ("needs_info", None), ("escalated", first), ("dismissed", second)]
        assert s.get(Lead, lead_id).status == "dismissed"
        ref = s.execute(select(Referral)).scalar_one()
        assert referrals.referral_status(s, ref) == "withdrawn"
        actions = s.execute(select(AuditEvent.action).where(AuditEvent.entity_type == "lead")).scalars().all()
        assert actions.count("lead.revise") == 2 and actions.count("lead.decide") == 1


def test_escalation_makes_a_referral_with_the_whole_record(claimed):
    settings, lead_id = claimed
    with session_scope(settings) as s:
        out = decisions.decide(s, ANA, lead_id, "escalated", note="specific time and target")
        payload = out.referral.payload
    assert payload["analyst"] == "ana" and payload["decision"]["note"] == "specific time and target"
    assert payload["schema"] == "screening.referral/2" and "id" not in payload["lead"]
    assert payload["lead"]["ref"] == ref_of(settings, lead_id) and payload["lead"]["score"] == pytest.approx(0.91)
    assert payload["lead"]["model_version"] == "test-model/1" and payload["lead"]["rules_version"] == "test-rules/1"
    assert payload["document"]["text"] == TEXT and payload["document"]["author_pseudonym"] == "p-55aa"
    assert payload["document"]["consent_basis"] == "public_post"
    assert payload["document"]["posted_at"].startswith("2026-03-02T12:00:00")
    assert [e["indicator"] for e in payload["evidence"]] == ["grievance", "planning", "violent_ideation"]
    assert payload["disclaimer"] == DISCLAIMER and "not a probability of violence" in payload["score_explanation"]
    json.dumps(payload)   # JSON-ready as stored


def test_referrals_export_cli(claimed, tmp_path):
    from screening.cli import cli
    from screening.settings import get_settings

    settings, lead_id = claimed
    with session_scope(settings) as s:
        ref_id = decisions.decide(s, ANA, lead_id, "escalated", note="n").referral.id
    env = {"SCREENING_DATABASE_URL": settings.database_url}
    out = tmp_path / "refs.json"
    runner = CliRunner()
    get_settings.cache_clear()
    try:
        first = runner.invoke(cli, ["referrals", "export", "--out", str(out)], env=env)
        again = runner.invoke(cli, ["referrals", "export"], env=env)
        everything = runner.invoke(cli, ["referrals", "export", "--all"], env=env)
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0, first.output
    data = json.loads(out.read_text())
    assert [(d["referral_id"], d["status"], d["lead"]["ref"]) for d in data] == [
        (ref_id, "active", ref_of(settings, lead_id))]
    assert json.loads(again.output) == []
    assert [d["referral_id"] for d in json.loads(everything.output)] == [ref_id]
    with session_scope(settings) as s:
        assert s.get(Referral, ref_id).exported_at is not None
        exports = s.execute(select(AuditEvent).where(AuditEvent.action == "referral.export")).scalars().all()
        assert [e.details["referral_ids"] for e in exports] == [[ref_id], [], [ref_id]]


# (who reads, judgment, note, lead is blind, already read, error)
FIRST_READ_RULES = [
    (ANA, "concerning", "", True, False, None),
    (ANA, "not_concerning", "ordinary complaint", True, False, None),
    (ANA, "", "", True, False, ReviewError),                # no judgment
    (ANA, "maybe", "", True, False, ReviewError),           # unknown judgment
    (ANA, "concerning", "x" * 4001, True, False, ReviewError),
    (BO, "concerning", "", True, False, ConflictError),     # not BO's claim
    (ANA, "concerning", "", False, False, ConflictError),   # not read blind
    (ANA, "concerning", "", True, True, ConflictError),     # one first read per lead
]


@pytest.mark.parametrize("who, judgment, note, blind, already, error", FIRST_READ_RULES)
def test_first_read_rules(claimed, who, judgment, note, blind, already, error):
    from screening.review.first_read import record_first_read
    from screening.store.models import FirstRead

    settings, lead_id = claimed
    with session_scope(settings) as s:
        s.get(Lead, lead_id).blind_first_read = blind
        if already:
            s.add(FirstRead(lead_id=lead_id, concerning=False, read_by="bo"))
    if error:
        with pytest.raises(error), session_scope(settings) as s:
            record_first_read(s, who, lead_id, judgment, note)
        return
    with session_scope(settings) as s:
        record_first_read(s, who, lead_id, judgment, note)
    with session_scope(settings) as s:
        fr = s.execute(select(FirstRead).where(FirstRead.lead_id == lead_id)).scalar_one()
        assert (fr.concerning, fr.note, fr.read_by) == (judgment == "concerning", note or None, "ana")
        event = s.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
        assert (event.action, event.details["judgment"]) == ("lead.first_read", judgment)


@pytest.mark.parametrize("blind, read_first, allowed", [
    (False, False, True),     # an ordinary lead is decided at once
    (True, False, False),     # a blind item needs its first read first
    (True, True, True),
])
def test_a_blind_item_is_decided_only_after_its_first_read(claimed, blind, read_first, allowed):
    from screening.review.first_read import record_first_read

    settings, lead_id = claimed
    with session_scope(settings) as s:
        s.get(Lead, lead_id).blind_first_read = blind
    if read_first:
        with session_scope(settings) as s:
            record_first_read(s, ANA, lead_id, "concerning")
    if not allowed:
        with pytest.raises(ConflictError, match="first read"), session_scope(settings) as s:
            decisions.decide(s, ANA, lead_id, "escalated")
        return
    with session_scope(settings) as s:
        decisions.decide(s, ANA, lead_id, "escalated")
        assert s.get(Lead, lead_id).status == "escalated"
