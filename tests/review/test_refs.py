"""Opaque lead references: no page, link or export an analyst sees carries a lead's integer id.

Blind controls are inserted after the run that screened them, so their ids sit above that run's
leads; an id anywhere in the analyst's view would give them away. Analysts see and address leads
by ``leads.ref`` only, integer URLs are 404, and ties in every order break on the reference.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text, update

from screening.audit.controls import sample_controls
from screening.review import first_read, leads, queue
from screening.review.users import Principal
from screening.store import repository
from screening.store.db import session_scope
from screening.store.models import LEAD_REF_RE, AuditEvent, Document, Lead, new_lead_ref
from screening.types import Evidence, ScreenResult, Status

from .conftest import at, client, ev, make_lead, page_token, ref_of, sign_in

ANA = Principal(1, "ana", "analyst")
ID_BASE = 97300   # lead ids are moved up here so that any id on a page is easy to spot


def _run_with_controls(settings, *, n_flagged=3, n_unflagged=3) -> dict[str, list[int]]:
    """One screening run recorded the real way, then its blind controls (fraction 1), which the
    sampler matches with as many real leads read blind. Everything in one thread."""
    with session_scope(settings) as s:
        src = repository.get_or_create_source(s, "forum", "forum_export")
        run = repository.start_run(s, "m1", "r1", "h", "test")
        for i in range(n_flagged + n_unflagged):
            body = f"They fired me for nothing and I will make them pay {i}"
            doc_id, _ = repository.upsert_document(s, src, external_id=f"post-{i}", text=body,
                                                   consent_basis="public_post", thread_id="t-run",
                                                   posted_at=at(day=1 + i))
            doc = s.get(Document, doc_id)
            if i < n_flagged:
                res = ScreenResult(Status.SCREENED, flagged=True, score=0.9, model_version="m1",
                                   indicators=["violent_ideation"],
                                   evidence=[Evidence(body.index("I will"), body.index(" pay") + 4,
                                                      "I will make them pay", "violent_ideation",
                                                      "rules", "t1")])
            else:
                res = ScreenResult(Status.SCREENED, flagged=False, score=0.04, model_version="m1")
            repository.record_screening(s, run, doc, res, "r1")
        repository.finish_run(s, run)
        run_id = run.id
    sample_controls(settings, run_id=run_id, fraction=1.0, seed=3)
    with session_scope(settings) as s:
        rows = s.execute(select(Lead.id, Lead.is_control, Lead.blind_first_read).order_by(Lead.id)).all()
    return {"leads": [r.id for r in rows if not r.is_control],
            "controls": [r.id for r in rows if r.is_control],
            "blind_leads": [r.id for r in rows if r.blind_first_read and not r.is_control]}


def test_new_leads_and_controls_get_unique_refs_and_controls_have_the_higher_ids(store_settings):
    made = _run_with_controls(store_settings, n_flagged=4, n_unflagged=6)
    with session_scope(store_settings) as s:
        refs = dict(s.execute(select(Lead.id, Lead.ref)).all())
    assert len(made["controls"]) == 6 and len(made["leads"]) == 4
    assert min(made["controls"]) > max(made["leads"])          # why ids must stay hidden
    assert all(LEAD_REF_RE.match(r) for r in refs.values()) and len(set(refs.values())) == 10


@pytest.mark.parametrize("ref", [new_lead_ref() for _ in range(5)])
def test_a_new_ref_has_the_published_shape(ref):
    assert LEAD_REF_RE.match(ref) and not ref.replace("-", "").isdigit()


# --- pages --------------------------------------------------------------------------------

@pytest.fixture
def site(people):
    """The run above, with every lead id moved to ID_BASE + n (no child rows yet)."""
    made = _run_with_controls(people, n_flagged=4, n_unflagged=3)   # one lead is not read blind
    with session_scope(people) as s:
        s.execute(update(Lead).values(id=Lead.id + ID_BASE))
    return people, {k: [i + ID_BASE for i in v] for k, v in made.items()}


def _first_read(c, token, ref):
    c.post(f"/leads/{ref}/claim", data={"csrf_token": token})
    c.post(f"/leads/{ref}/first-read", data={"csrf_token": token, "judgment": "not_concerning"})


def _page(name: str, c, settings, made) -> tuple[str, str]:
    """(what the analyst sees, the ref it is about)."""
    token = page_token(c, "/queue")
    control, blind = made["controls"][-1], made["blind_leads"][-1]
    plain = next(i for i in made["leads"] if i not in made["blind_leads"])
    ref = {lid: ref_of(settings, lid) for ids in made.values() for lid in ids}
    if name.startswith("queue"):
        sort = name.split(":")[1]
        return c.get("/queue", params={"sort": sort}).text, ref[made["controls"][0]]
    if name == "next":
        r = c.post("/next", data={"csrf_token": token})
        return r.headers["location"], r.headers["location"].rsplit("/", 1)[1]
    if name == "held notice":
        c.post(f"/leads/{ref[control]}/claim", data={"csrf_token": token})
        return c.get("/queue").text, ref[control]
    if name in ("first read: control", "first read: lead"):
        lid = control if name.endswith("control") else blind
        c.post(f"/leads/{ref[lid]}/claim", data={"csrf_token": token})
        return c.get(f"/leads/{ref[lid]}").text, ref[lid]
    if name in ("full page: control", "full page: blind lead"):
        lid = control if name.endswith("control") else blind
        _first_read(c, token, ref[lid])
        return c.get(f"/leads/{ref[lid]}").text, ref[lid]
    if name == "full page: lead":
        return c.get(f"/leads/{ref[plain]}").text, ref[plain]
    if name == "conflict message":
        c.post(f"/leads/{ref[control]}/claim", data={"csrf_token": token})
        r = c.post(f"/leads/{ref[control]}/decision", data={"csrf_token": token, "decision": "escalated"})
        assert r.status_code == 409
        return r.text, ref[control]
    if name in ("referrals page", "referral export"):
        _first_read(c, token, ref[control])
        c.post(f"/leads/{ref[control]}/decision", data={"csrf_token": token, "decision": "escalated"})
        if name == "referrals page":
            return c.get("/referrals").text, ref[control]
        return c.post("/referrals/1/export", data={"csrf_token": token}).text, ref[control]
    raise AssertionError(name)


PAGES = ["queue:oldest", "queue:newest", "queue:score", "next", "held notice",
         "first read: control", "first read: lead", "full page: control", "full page: blind lead",
         "full page: lead", "conflict message", "referrals page", "referral export"]


@pytest.mark.parametrize("name", PAGES)
def test_what_an_analyst_sees_carries_refs_and_no_lead_id(server, site, name):
    settings, made = site
    c = client(server)
    sign_in(c, "ana")
    body, ref = _page(name, c, settings, made)
    assert ref in body
    for lid in (i for ids in made.values() for i in ids):
        assert str(lid) not in body, (name, lid)
    linked = re.findall(r"/leads/([^\"'?#</\s]+)", body)
    assert all(LEAD_REF_RE.match(x) for x in linked), linked
    assert not re.search(r"(?i)\blead\s*#?\s*\d+(?![\w-])", body) and not re.search(r"#\d+</a>", body)
    if name == "referral export":
        assert '"ref"' in body and '"id"' not in body.split('"lead"')[1].split("}")[0]


# --- old integer URLs ---------------------------------------------------------------------

@pytest.mark.parametrize("user, method, path, status", [
    ("ana", "GET", "/leads/{id}", 404),
    ("ana", "GET", "/leads/{id}?saved=1", 404),
    ("ana", "POST", "/leads/{id}/claim", 404),
    ("ana", "POST", "/leads/{id}/first-read", 404),
    ("ana", "POST", "/leads/{id}/decision", 404),
    ("ana", "POST", "/leads/{id}/release", 404),
    ("ana", "GET", "/leads/{REF}", 404),          # refs are lower case; nothing is guessed
    ("ana", "GET", "/leads/{ref}-x", 404),
    ("ana", "GET", "/leads/{ref}", 200),
    ("eve", "GET", "/leads/{id}", 403),           # other roles: refused, as on every analyst page
    ("adm", "GET", "/leads/{id}", 403),
    ("eve", "GET", "/leads/{ref}", 403),
])
def test_integer_lead_urls_are_404_with_no_side_effect(server, site, user, method, path, status):
    settings, made = site
    lid = made["controls"][0]
    ref = ref_of(settings, lid)
    url = path.replace("{id}", str(lid)).replace("{ref}", ref).replace("{REF}", ref.upper())
    c = client(server)
    sign_in(c, user)
    token = page_token(c, "/")
    r = c.get(url) if method == "GET" else c.post(url, data={"csrf_token": token, "judgment": "concerning",
                                                             "decision": "escalated"})
    assert r.status_code == status and r.headers.get("location") is None
    assert str(lid) not in r.text
    with session_scope(settings) as s:
        lead = s.get(Lead, lid)
        assert (lead.claimed_by, lead.status) == (None, "open")
        views = s.execute(select(AuditEvent.action).where(AuditEvent.entity_type == "lead")).scalars().all()
    assert views == (["lead.view"] if status == 200 else [])


# --- orders the analyst can choose ----------------------------------------------------------

@pytest.fixture
def tied(store_settings):
    """Three leads, then two controls (higher ids), all flagged at the same moment, one thread."""
    ids = {}
    with session_scope(store_settings) as s:
        for name, score in (("L1", 0.95), ("L2", 0.85), ("L3", 0.75), ("C1", 0.05), ("C2", 0.02)):
            body = f"they ruined me {name}"
            ids[name] = make_lead(s, body, [] if name[0] == "C" else [ev(body, "ruined", "grievance")],
                                  score=score, is_control=name[0] == "C", external_id=name,
                                  thread_id="t-tie", indicators=[] if name[0] == "C" else None)
        s.execute(update(Lead).values(created_at=at(month=4)))
        s.execute(update(Lead).where(Lead.is_control.is_(True)).values(blind_first_read=True))
    return store_settings, ids


def _set_refs(settings, ids, first: str) -> None:
    """Refs that sort the ``first`` kind ("C" or "L") ahead of the other."""
    with session_scope(settings) as s:
        order = sorted(ids, key=lambda n: (n[0] != first, n))
        for n, name in enumerate(order):
            s.execute(update(Lead).where(Lead.id == ids[name]).values(ref=f"{'abcde'[n]}aaa-aaaa-aaaa"))


@pytest.mark.parametrize("sort, blind_leads, refs_first, expected", [
    ("oldest", [], "C", ["C1", "C2", "L1", "L2", "L3"]),
    ("oldest", [], "L", ["L1", "L2", "L3", "C1", "C2"]),
    ("newest", [], "C", ["C1", "C2", "L1", "L2", "L3"]),
    ("newest", [], "L", ["L1", "L2", "L3", "C1", "C2"]),
    # waiting blind items come first and their hidden scores take no part in the order
    ("score", [], "C", ["C1", "C2", "L1", "L2", "L3"]),
    ("score", [], "L", ["C1", "C2", "L1", "L2", "L3"]),
    ("score", ["L2", "L3"], "C", ["C1", "C2", "L2", "L3", "L1"]),
    ("score", ["L2", "L3"], "L", ["L2", "L3", "C1", "C2", "L1"]),
])
def test_ties_break_on_the_ref_never_on_the_id(tied, sort, blind_leads, refs_first, expected):
    settings, ids = tied
    _set_refs(settings, ids, refs_first)
    with session_scope(settings) as s:
        s.execute(update(Lead).where(Lead.id.in_([ids[n] for n in blind_leads])).values(blind_first_read=True))
    names = {v: k for k, v in ids.items()}
    with session_scope(settings) as s:
        rows, _ = queue.list_queue(s, settings, ANA, queue.QueueFilter(sort=sort))
        first = queue.claim_next(s, settings, ANA, queue.QueueFilter(sort=sort))
    assert [names[r.id] for r in rows] == expected
    assert names[first] == expected[0]


@pytest.mark.parametrize("refs_first, expected", [
    ("C", ["C1", "C2", "L1", "L2"]),
    ("L", ["L1", "L2", "C1", "C2"]),
])
def test_thread_lists_break_ties_on_the_ref(tied, refs_first, expected):
    settings, ids = tied
    _set_refs(settings, ids, refs_first)
    names = {v: k for k, v in ids.items()}
    with session_scope(settings) as s:
        lead = s.get(Lead, ids["L3"])
        full = leads.earlier_in_thread(s, lead, lead.document)
        blind = first_read.first_read_view(s, settings, lead, ANA, record_view=False).thread
    assert [names[t.lead_id] for t in full] == expected
    assert [names[t.lead_id] for t in blind] == expected
    assert [t.ref for t in full] == [t.ref for t in blind] == sorted(t.ref for t in full)


def test_ref_is_required_and_unique(store_settings):
    from sqlalchemy.exc import IntegrityError

    with session_scope(store_settings) as s:
        a = make_lead(s, "they ruined me a", [ev("they ruined me a", "ruined", "grievance")], external_id="a")
        make_lead(s, "they ruined me b", [ev("they ruined me b", "ruined", "grievance")], external_id="b")
    ref = ref_of(store_settings, a)
    for bad in (ref, None):
        with pytest.raises(IntegrityError), session_scope(store_settings) as s:
            s.execute(text("UPDATE leads SET ref = :r WHERE id <> :a"), {"r": bad, "a": a})
