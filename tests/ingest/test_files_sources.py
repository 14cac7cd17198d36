"""Tips drop folder and forum exports: mapping, malformed lines quarantined, reruns duplicate."""

from __future__ import annotations

import json

import pytest
from conftest_helpers import write_sources
from sqlalchemy import select

from screening.ingest.run import ingest_source
from screening.store.db import session_scope
from screening.store.models import Document, Quarantine


def stored(settings):
    with session_scope(settings) as s:
        docs = {d.external_id: d for d in s.execute(select(Document)).scalars()}
        quarantine = s.execute(select(Quarantine).order_by(Quarantine.id)).scalars().all()
        return docs, [(q.reason, q.payload) for q in quarantine]


FORUM_CSV = (
    "post_id,body,username,created,topic\n"
    "101,First post about the weekend,alice,2026-10-01T10:00:00Z,7\n"
    '102,"A post, with a comma",bob,1759312800,7\n'
    "103,,carol,2026-10-01T11:00:00Z,8\n"                      # no text
    "104,Too,many,fields,here,2026-10-01T11:00:00Z,8\n"         # malformed line
    ",No id at all,dave,2026-10-01T12:00:00Z,9\n"              # no id
    "105,Bad time,erin,yesterday-ish,9\n"                       # bad timestamp
)
FORUM_JSONL = "\n".join([
    json.dumps({"post_id": 201, "body": "Hello from jsonl", "username": "zed", "created": "2026-10-02T09:00:00Z"}),
    "{broken json",
    json.dumps(["not", "an", "object"]),
    json.dumps({"post_id": 202, "body": "Second", "username": None, "created": None}),
])
MAPPING = {"id": "post_id", "text": "body", "author": "username", "posted_at": "created", "thread_id": "topic"}


@pytest.mark.parametrize("filename, content, accepted, reasons", [
    ("dump.csv", FORUM_CSV, {"101", "102"},
     {"missing_text": 1, "malformed": 1, "missing_id": 1, "bad_timestamp": 1}),
    ("dump.jsonl", FORUM_JSONL, {"201", "202"}, {"malformed": 2}),
])
def test_forum_export_with_mapping(store_settings, tmp_path, filename, content, accepted, reasons):
    (tmp_path / filename).write_text(content)
    cfg = write_sources(tmp_path / "sources.yaml", [{
        "name": "partner", "kind": "forum_export",
        "options": {"path": filename, "consent_basis": "platform_agreement", "mapping": MAPPING}}])
    settings = store_settings.model_copy(update={"sources_config": cfg})
    summary = ingest_source("partner", settings)
    assert summary.accepted == len(accepted)
    assert summary.reasons == reasons and summary.quarantined == sum(reasons.values())
    docs, quarantine = stored(settings)
    assert set(docs) == accepted
    assert all(d.consent_basis == "platform_agreement" for d in docs.values())
    assert len(quarantine) == sum(reasons.values())
    # rerun: everything already known; nothing new in quarantine either
    again = ingest_source("partner", settings)
    assert (again.accepted, again.duplicate) == (0, len(accepted))
    assert stored(settings)[1] == quarantine


def test_forum_export_fields(store_settings, tmp_path):
    (tmp_path / "dump.csv").write_text(FORUM_CSV)
    cfg = write_sources(tmp_path / "sources.yaml", [{
        "name": "partner", "kind": "forum_export",
        "options": {"path": "dump.csv", "consent_basis": "platform_agreement", "mapping": MAPPING}}])
    settings = store_settings.model_copy(update={"sources_config": cfg})
    ingest_source("partner", settings)
    docs, _ = stored(settings)
    assert docs["101"].thread_id == "7" and docs["101"].posted_at.year == 2026
    assert docs["102"].text == "A post, with a comma" and docs["102"].posted_at.timestamp() == 1759312800
    assert docs["101"].author_pseudonym.startswith("p_") and docs["101"].author_pseudonym != docs["102"].author_pseudonym


def test_tips_drop_folder(store_settings, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.json").write_text(json.dumps([
        {"id": "t1", "text": "He said he'd bring a knife tomorrow.", "consent": True, "contact": "x@y.z"},
        {"id": "t2", "text": "No consent given here", "consent": False},
        "not an object",
    ]))
    (inbox / "b.jsonl").write_text(json.dumps({"text": "Tip without id", "consent": True}) + "\n{oops\n")
    (inbox / "c.csv").write_text("id,text,consent,about\nt3,Worried about my neighbour,yes,home\nt4,x,yes\n")
    (inbox / "d.txt").write_text("ignored: not a matching pattern")
    cfg = write_sources(tmp_path / "sources.yaml", [{"name": "inbox", "kind": "tips",
                                                     "options": {"folder": "inbox"}}])
    settings = store_settings.model_copy(update={"sources_config": cfg})
    summary = ingest_source("inbox", settings)
    assert summary.accepted == 3
    assert summary.reasons == {"no_consent_basis": 1, "malformed": 3}
    docs, quarantine = stored(settings)
    assert {"t1", "t3"} <= set(docs) and all(d.consent_basis == "consented_submission" for d in docs.values())
    assert "x@y.z" not in json.dumps([q[1] for q in quarantine])
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == ["a.json", "b.jsonl", "c.csv"]
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == ["d.txt"]
    # the same file dropped again (new name) adds nothing new
    (inbox / "a2.json").write_text((inbox / "processed" / "a.json").read_text())
    again = ingest_source("inbox", settings)
    assert again.accepted == 0 and again.duplicate == 1
    assert (inbox / "processed" / "a2.json").exists()


@pytest.mark.parametrize("name, content, reason", [
    ("latin1.csv", "id,text,consent\n1,caf\xe9 talk,yes\n".encode("latin-1"), "unreadable_file"),
    ("binary.jsonl", b"\x00\xff\xfe\x00garbage", "unreadable_file"),
    ("notes.json", b"{\"text\": \"unterminated", "malformed"),
])
def test_unreadable_drop_files_are_quarantined_and_moved(store_settings, tmp_path, name, content, reason):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(content)
    cfg = write_sources(tmp_path / "sources.yaml", [{"name": "inbox", "kind": "tips", "options": {"folder": "inbox"}}])
    settings = store_settings.model_copy(update={"sources_config": cfg})
    summary = ingest_source("inbox", settings)
    assert (summary.accepted, summary.quarantined) == (0, 1) and summary.reasons == {reason: 1}
    assert (inbox / "processed" / name).exists() and not (inbox / name).exists()
