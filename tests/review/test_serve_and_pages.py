"""`screening review serve` as a real process, and what the lead page shows in special cases."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import update

from screening.errors import ConfigError
from screening.review import decisions, figures, queue
from screening.review.users import Principal
from screening.store.db import session_scope
from screening.store.models import Document

from .conftest import at, client, ev, make_lead, ref_of, sign_in


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_review_serve_runs_the_app(people):
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SCREENING_DATABASE_URL": people.database_url}
    proc = subprocess.Popen([sys.executable, "-m", "screening.cli", "review", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, r = time.monotonic() + 60, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert r is not None and r.status_code == 200 and 'name="password"' in r.text
        assert "server" not in r.headers   # no version banner
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.parametrize("host, secret, refused", [
    ("0.0.0.0", None, True),
    ("10.1.2.3", None, True),
])
def test_serve_refuses_to_listen_beyond_loopback_with_the_dev_secret(people, host, secret, refused):
    from screening.cli import cli
    from screening.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["review", "serve", "--host", host],
                                    env={"SCREENING_DATABASE_URL": people.database_url})
    finally:
        get_settings.cache_clear()
    assert isinstance(result.exception, ConfigError) is refused
    assert "SCREENING_SECRET_KEY" in str(result.exception)


@pytest.fixture
def signed_in(server):
    c = client(server)
    sign_in(c, "ana")
    return c


def test_self_harm_is_shown_as_a_welfare_concern(signed_in, people):
    text = "honestly nobody would even notice if I was gone"
    with session_scope(people) as s:
        lid = make_lead(s, text, [ev(text, "nobody would even notice if I was gone", "self_harm")])
    html = signed_in.get(f"/leads/{ref_of(people, lid)}").text
    assert "Welfare concern" in html and "it is not a threat indicator" in html
    assert "welfare: self harm" in html
    assert "welfare: self harm" in signed_in.get("/queue").text


def test_discounted_evidence_and_context_are_shown(signed_in, people):
    text = 'My brother said "I will kill you" when I took the last slice lol'
    with session_scope(people) as s:
        lid = make_lead(s, text, [ev(text, "I will kill you", "direct_threat", ["quotation", "hyperbole"])],
                        context=["quotation"])
    html = signed_in.get(f"/leads/{ref_of(people, lid)}").text
    assert 'class="ev ind-direct_threat discounted"' in html
    assert "Discounted:</strong> quotation, hyperbole" in html
    assert "Context found anywhere in the text: hyperbole, quotation." in html


@pytest.mark.parametrize("rule, said", [("veiled:word:what's coming", True), ("word:coming", False)])
def test_a_veiled_classifier_lead_says_no_word_names_violence(signed_in, people, rule, said):
    text = "that councilwoman has no idea what's coming for her. soon"
    with session_scope(people) as s:
        lid = make_lead(s, text, [ev(text, "what's coming", "violent_ideation", detector="classifier", rule=rule)])
    html = signed_in.get(f"/leads/{ref_of(people, lid)}").text
    assert ("Veiled: no word in this text names violence" in html) is said


def test_considered_but_counted_context_is_not_called_discounted(signed_in, people):
    text = "My neighbour said he'll burn down the hall with them inside"
    with session_scope(people) as s:
        lid = make_lead(s, text, [ev(text, "he'll burn down", "leakage", ["reported_speech"])])
    html = signed_in.get(f"/leads/{ref_of(people, lid)}").text
    assert "Discounted:" not in html and "discounted" not in html.split("<mark")[1].split(">")[0]
    assert "reported speech; counted in full" in html


def test_purged_text_is_said_plainly(signed_in, people):
    text = "I know where he parks every morning"
    with session_scope(people) as s:
        lid = make_lead(s, text, [ev(text, "I know where he parks", "planning")])
        s.execute(update(Document).values(text=None, purged_at=at(month=6), purge_reason="retention"))
    html = signed_in.get(f"/leads/{ref_of(people, lid)}").text
    assert "The text was purged on 2026-06-01 12:00 UTC (retention)." in html
    assert 'id="post-text"' not in html


def test_thread_history_is_same_source_same_thread_earlier_only(signed_in, people):
    with session_scope(people) as s:
        mk = lambda src, thread, n: make_lead(s, f"they ruined me {n}",  # noqa: E731
                                              [ev(f"they ruined me {n}", "ruined", "grievance")],
                                              source=src, thread_id=thread, external_id=f"h{n}")
        earlier = mk("forum", "t1", 1)
        mk("forum", "t2", 2)          # another thread
        mk("tips", "t1", 3)           # same thread id, another source
        current = mk("forum", "t1", 4)
        mk("forum", "t1", 5)          # later
    html = signed_in.get(f"/leads/{ref_of(people, current)}").text
    section = html[html.index("Earlier leads in this thread"):]
    assert section.count('href="/leads/') == 1 and f'href="/leads/{ref_of(people, earlier)}"' in section


def test_figures_count_decisions_and_keep_controls_apart(people):
    ana = Principal(1, "ana", "analyst")
    with session_scope(people) as s:
        ids = [make_lead(s, f"I will hurt them {i}", [ev(f"I will hurt them {i}", "hurt", ind)], external_id=f"f{i}",
                         is_control=(i == 3))
               for i, ind in enumerate(["violent_ideation", "violent_ideation", "planning", "planning"])]
    for lid, (decision, reason) in zip(ids, [("dismissed", "hyperbole"), ("escalated", ""),
                                             ("dismissed", "news"), ("dismissed", "news")], strict=True):
        with session_scope(people) as s:
            queue.claim_lead(s, people, ana, lid)
            decisions.decide(s, ana, lid, decision, reason)
    with session_scope(people) as s:
        fig = figures.review_figures(s)
    assert fig.by_status == {"dismissed": 2, "escalated": 1}
    assert fig.reasons == {"hyperbole": 1, "news": 1} and fig.controls_decided == 1
    assert {r["indicator"]: (r["decided"], r["dismissed"]) for r in fig.per_indicator} == {
        "planning": (1, 1), "violent_ideation": (2, 1)}


@pytest.mark.parametrize("blind, shown", [(False, "score 0.93"), (True, "blind first read")])
def test_thread_list_keeps_a_waiting_blind_item_blind(signed_in, people, blind, shown):
    """The full page of one lead must not show the score of an earlier item still read blind."""
    from screening.store.models import Lead

    with session_scope(people) as s:
        earlier = make_lead(s, "they ruined me once", [ev("they ruined me once", "ruined", "grievance")],
                            thread_id="tb", external_id="tb1", score=0.93)
        s.get(Lead, earlier).blind_first_read = blind
        later = make_lead(s, "they ruined me twice", [ev("they ruined me twice", "ruined", "grievance")],
                          thread_id="tb", external_id="tb2")
    html = signed_in.get(f"/leads/{ref_of(people, later)}").text
    section = html[html.index("Earlier leads in this thread"):]
    assert f'href="/leads/{ref_of(people, earlier)}"' in section and shown in section
    assert ("grievance" in section) is not blind
