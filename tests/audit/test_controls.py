"""The blind control sample: only unflagged screened documents, stable, once per model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from screening.audit.controls import LEAD_SAMPLER_VERSION, _draw, sample_controls
from screening.audit.outcomes import Period
from screening.store import repository
from screening.store.db import session_scope
from screening.store.models import AuditEvent, DocumentScreening, Lead
from screening.types import DISCLAIMER, Evidence, ScreenResult, Status

from .conftest import ts


def _screened_store(settings, n_unflagged=200, n_flagged=5, n_empty=4, model="m1"):
    """One real screening run recorded through the repository; returns its id."""
    with session_scope(settings) as s:
        src = repository.get_or_create_source(s, "forum", "cli")
        run = repository.start_run(s, model, "r1", "h", "test")
        for i in range(n_unflagged + n_flagged + n_empty):
            doc_id, _ = repository.upsert_document(s, src, external_id=f"d{i}", text=f"text {i}",
                                                   consent_basis="public_post")
            doc = repository.documents_by_ids(s, [doc_id])[0]
            if i < n_unflagged:
                res = ScreenResult(Status.SCREENED, flagged=False, score=(i % 50) / 100,
                                   model_version=model)
            elif i < n_unflagged + n_flagged:
                res = ScreenResult(Status.SCREENED, flagged=True, score=0.9, model_version=model,
                                   indicators=["direct_threat"],
                                   evidence=[Evidence(0, 4, "text", "direct_threat", "rules", "t1")])
            else:
                res = ScreenResult(Status.EMPTY, model_version=model)
            repository.record_screening(s, run, doc, res, "r1")
        repository.finish_run(s, run)
        return run.id


def _controls(settings):
    with session_scope(settings) as s:
        rows = s.execute(select(Lead, DocumentScreening.score, DocumentScreening.flagged,
                                DocumentScreening.status, DocumentScreening.screened_at)
                         .join(DocumentScreening, (DocumentScreening.document_id == Lead.document_id)
                               & (DocumentScreening.model_version == Lead.model_version))
                         .where(Lead.is_control.is_(True))).all()
        return [(lead, score, flagged, status, screened_at)
                for lead, score, flagged, status, screened_at in rows]


def test_controls_look_like_leads_and_come_only_from_unflagged_screened(store_settings):
    run_id = _screened_store(store_settings)
    result = sample_controls(store_settings, run_id=run_id, fraction=0.1, seed=7)
    controls = _controls(store_settings)
    assert result.candidates == 200              # flagged and empty documents are not candidates
    assert result.created == len(controls)
    # 200 Bernoulli(0.1) draws: 20 expected, sd 4.2; this range is > 4 sd wide
    assert 3 <= result.created <= 40
    for lead, score, flagged, status, screened_at in controls:
        assert (flagged, status) == (False, "screened")
        assert lead.created_at == screened_at      # raised when screened, like the run's leads
        assert lead.score == score
        assert (lead.evidence, lead.indicators, lead.status) == ([], [], "open")
        assert lead.disclaimer == DISCLAIMER
        assert lead.run_id == run_id


def test_sampling_twice_adds_nothing(store_settings):
    run_id = _screened_store(store_settings)
    first = sample_controls(store_settings, run_id=run_id, fraction=0.2, seed=1)
    again = sample_controls(store_settings, run_id=run_id, fraction=0.2, seed=1)
    assert again.created == 0 and again.already == first.created
    # the same documents, whether sampled by run or by period
    now = datetime.now(UTC)
    by_period = sample_controls(store_settings, period=Period(now - timedelta(days=1), now),
                                fraction=0.2, seed=1)
    assert by_period.created == 0 and by_period.already == first.created
    assert len(_controls(store_settings)) == first.created


@pytest.mark.parametrize("fraction, expected", [(0.0, 0), (1.0, 200)])
def test_fraction_bounds(store_settings, fraction, expected):
    run_id = _screened_store(store_settings)
    assert sample_controls(store_settings, run_id=run_id, fraction=fraction).created == expected


def test_fraction_defaults_to_setting(store_settings):
    run_id = _screened_store(store_settings)
    settings = store_settings.model_copy(update={"control_fraction": 1.0})
    assert sample_controls(settings, run_id=run_id).created == 200


def test_seed_changes_the_choice(store_settings):
    run_id = _screened_store(store_settings)
    a = sample_controls(store_settings, run_id=run_id, fraction=0.1, seed=1)
    ids_a = {lead.document_id for lead, *_ in _controls(store_settings)}
    b = sample_controls(store_settings, run_id=run_id, fraction=0.1, seed=2)
    ids_all = {lead.document_id for lead, *_ in _controls(store_settings)}
    # a second seed selects other documents; the ones already chosen are not chosen twice
    assert a.created == len(ids_a) and len(ids_all) == a.created + b.created
    assert b.created + b.already > 0 and ids_all != ids_a


def test_audit_event_records_counts_not_lead_ids(store_settings):
    run_id = _screened_store(store_settings)
    sample_controls(store_settings, run_id=run_id, fraction=0.5)
    with session_scope(store_settings) as s:
        ev = s.execute(select(AuditEvent).where(AuditEvent.action == "controls.sample")).scalar_one()
        assert set(ev.details) == {"fraction", "seed", "candidates", "created", "already",
                                   "blind_leads", "blind_short", "run_ids", "sampler", "lead_sampler"}


@pytest.mark.parametrize("kwargs", [{}, {"run_id": 1, "period": Period(ts(1), ts(2))},
                                    {"run_id": 1, "fraction": 1.5}])
def test_bad_arguments(sqlite_settings, kwargs):
    with pytest.raises(ValueError):
        sample_controls(sqlite_settings, **kwargs)


def _blind(settings):
    with session_scope(settings) as s:
        rows = s.execute(select(Lead.id, Lead.is_control, Lead.document_id, Lead.model_version)
                         .where(Lead.blind_first_read.is_(True)).order_by(Lead.id)).all()
    return [r for r in rows if r.is_control], [r for r in rows if not r.is_control]


def test_every_control_and_an_equal_number_of_leads_are_read_blind(store_settings):
    run_id = _screened_store(store_settings, n_unflagged=200, n_flagged=40)
    result = sample_controls(store_settings, run_id=run_id, fraction=0.1, seed=3)
    controls, leads = _blind(store_settings)
    assert len(controls) == result.created == len(_controls(store_settings))   # every control
    assert len(leads) == result.blind_leads == len(controls) and result.blind_short == 0
    # the lowest keyed draws (own purpose tag) among the run's leads: reproducible by anyone with the key
    key = store_settings.pseudonym_key.get_secret_value().encode()
    with session_scope(store_settings) as s:
        all_leads = s.execute(select(Lead.id, Lead.document_id, Lead.model_version)
                              .where(Lead.is_control.is_(False))).all()
    ranked = sorted(all_leads, key=lambda r: (_draw(key, 3, r.model_version, r.document_id,
                                                    LEAD_SAMPLER_VERSION), r.id))
    assert {r.id for r in leads} == {r.id for r in ranked[:len(controls)]}


def test_blind_lead_sample_is_stable_and_tops_up(store_settings):
    run_id = _screened_store(store_settings, n_unflagged=200, n_flagged=40)
    first = sample_controls(store_settings, run_id=run_id, fraction=0.05, seed=1)
    again = sample_controls(store_settings, run_id=run_id, fraction=0.05, seed=1)
    now = datetime.now(UTC)
    by_period = sample_controls(store_settings, period=Period(now - timedelta(days=1), now),
                                fraction=0.05, seed=1)
    assert first.blind_leads == first.created and again.blind_leads == 0 and by_period.blind_leads == 0
    more = sample_controls(store_settings, run_id=run_id, fraction=0.15, seed=1)   # more controls
    controls, leads = _blind(store_settings)
    assert more.blind_leads == more.created and len(leads) == len(controls)


@pytest.mark.parametrize("touch", ["claimed", "viewed", "decided"])
def test_a_lead_someone_has_seen_is_never_made_blind(store_settings, touch):
    from screening.store import audit

    run_id = _screened_store(store_settings, n_unflagged=200, n_flagged=6)
    with session_scope(store_settings) as s:
        seen = s.execute(select(Lead.id).where(Lead.is_control.is_(False)).order_by(Lead.id)).scalars().all()[:4]
        for lid in seen:
            lead = s.get(Lead, lid)
            if touch == "claimed":
                lead.claimed_by, lead.claimed_at = "ana", datetime.now(UTC)
            elif touch == "viewed":
                audit.record(s, "ana", "lead.view", "lead", lid, {})
            else:
                lead.status = "dismissed"
    result = sample_controls(store_settings, run_id=run_id, fraction=1.0)
    _, leads = _blind(store_settings)
    assert {r.id for r in leads}.isdisjoint(seen)
    assert result.blind_leads == 2 and result.blind_short == 200 - 2   # only 2 unseen leads left
