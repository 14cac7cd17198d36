"""The main job on the embedded default: bundled samples -> SQLite store -> screening -> leads.

Idempotent: a second run finds every sample already stored and screened and adds nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from screening.audit.controls import sample_after_screening
from screening.errors import InputFormatError
from screening.ingest.pipeline import IngestSummary, ingest_records
from screening.ingest.sources.base import ParseFailure
from screening.ingest.sources.files import read_records
from screening.screen.run import RunSummary, screen_pending
from screening.settings import Settings
from screening.store.db import migrate, safe_url, session_scope
from screening.store.models import Document, Lead, Quarantine
from screening.types import Evidence

# (file in data/samples, source name, source kind)
SAMPLE_SOURCES = (
    ("forum.jsonl", "sample_forum", "forum_export"),
    ("reddit.jsonl", "sample_reddit", "reddit"),
    ("tips.jsonl", "sample_tips", "tips"),
)


def read_jsonl(path: Path):
    """Records of a sample file; unreadable lines come out as failures to quarantine."""
    for item in read_records(path, "jsonl"):
        yield item if isinstance(item, ParseFailure) else item[1]


@dataclass
class DemoReport:
    database: str
    ingested: list[IngestSummary] = field(default_factory=list)
    run: RunSummary | None = None
    controls: int = 0
    totals: dict[str, Any] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)
    answer_key: dict[str, int] | None = None


def run_demo(settings: Settings, samples_dir: Path | None = None) -> DemoReport:
    samples_dir = samples_dir or settings.data_dir / "samples"
    migrate(settings)
    report = DemoReport(database=safe_url(settings.database_url))
    for filename, name, kind in SAMPLE_SOURCES:
        path = samples_dir / filename
        if not path.is_file():
            raise InputFormatError(f"sample file {path} is missing; is this a full checkout?")
        report.ingested.append(
            ingest_records(read_jsonl(path), name, kind, settings, actor="demo",
                           source_config={"file": str(path.name)})
        )
    report.run = screen_pending(settings, trigger="demo", actor="demo")
    # blind controls: a small random share of unflagged items joins the queue, so analysts'
    # decisions on them estimate what the screener misses (screening.audit.controls)
    report.controls = sample_after_screening(settings, report.run.run_id, actor="demo").created
    with session_scope(settings) as s:
        report.totals = {
            "documents": s.execute(select(func.count()).select_from(Document)).scalar_one(),
            "quarantined": s.execute(select(func.count()).select_from(Quarantine)).scalar_one(),
            "leads": s.execute(select(func.count()).select_from(Lead)
                               .where(Lead.is_control.is_(False))).scalar_one(),
            "controls": s.execute(select(func.count()).select_from(Lead)
                                  .where(Lead.is_control.is_(True))).scalar_one(),
            "blind_leads": s.execute(select(func.count()).select_from(Lead)
                                     .where(Lead.is_control.is_(False), Lead.blind_first_read.is_(True))
                                     ).scalar_one(),
        }
        by_ind: Counter = Counter()
        leads = s.execute(select(Lead).where(Lead.is_control.is_(False))
                          .order_by(Lead.score.desc(), Lead.id)).scalars().all()
        for lead in leads:
            by_ind.update(lead.indicators)
        report.totals["leads_by_indicator"] = dict(by_ind.most_common())
        seen_ind: set[str] = set()
        for lead in leads:   # three examples with different lead indicators
            key = lead.indicators[0] if lead.indicators else ""
            if key in seen_ind:
                continue
            seen_ind.add(key)
            report.examples.append({
                "ref": lead.ref, "score": lead.score, "indicators": lead.indicators,
                "source": lead.document.source.name, "text": lead.document.text,
                "evidence": [e for e in lead.evidence
                             if not Evidence.from_dict(e).discounted][:3],
            })
            if len(report.examples) == 3:
                break
        report.answer_key = compare_with_answer_key(s, samples_dir / "answer_key.csv")
    return report


def compare_with_answer_key(session, path: Path) -> dict[str, int] | None:
    """How the leads line up with the samples' hand-written answer key (a sanity figure,
    not an evaluation: the public benchmark is `screening bench`)."""
    import csv

    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8") as fh:
        expected = {(f"sample_{r['source']}", r["external_id"]): r["expected"] == "1"
                    for r in csv.DictReader(fh)}
    from screening.store.models import Source

    flagged = set(session.execute(
        select(Source.name, Document.external_id).join(Document, Document.source_id == Source.id)
        .join(Lead, Lead.document_id == Document.id).where(Lead.is_control.is_(False))).all())
    out = {"expected": sum(expected.values()), "raised_expected": 0, "raised_unexpected": 0}
    for key, exp in expected.items():
        if key in flagged:
            out["raised_expected" if exp else "raised_unexpected"] += 1
    return out


def format_report(r: DemoReport) -> str:
    lines = [f"Store: {r.database}", "", "Ingested:"]
    lines += [f"  {s}" for s in r.ingested]
    if r.run:
        lines += ["", f"Screening run {r.run.run_id} ({r.run.model_version}): "
                      f"{r.run.documents} newly screened, {r.run.leads} new leads"]
    t = r.totals
    lines += ["", f"In the store: {t['documents']} documents, {t['quarantined']} quarantined "
                  f"records, {t['leads']} leads for human review "
                  f"(+{t['controls']} blind control items in the queue)",
              f"Blind first reads: the {t['controls']} controls and {t.get('blind_leads', 0)} of the leads "
              "open without evidence, score or indicators until the analyst records a first judgment"]
    if r.answer_key:
        a = r.answer_key
        lines.append(f"Against the samples' answer key: {a['raised_expected']} of {a['expected']} "
                     f"expected leads raised, {a['raised_unexpected']} raised that were not expected")
    if t.get("leads_by_indicator"):
        lines.append("Leads by indicator: " + ", ".join(
            f"{k} {v}" for k, v in t["leads_by_indicator"].items()))
    for ex in r.examples:
        text = " ".join(ex["text"].split())
        lines += ["", f"Lead {ex['ref']} [{ex['source']}] score {ex['score']:.2f} "
                      f"({', '.join(ex['indicators'])})",
                  f"  \"{text[:220]}{'…' if len(text) > 220 else ''}\""]
        for e in ex["evidence"]:
            lines.append(f"    evidence: \"{e['text']}\" -> {e['indicator']} "
                         f"({e['detector']}: {e['rule']})")
    lines += [
        "",
        "Screening leads for human review. Not a prediction of violence, not a finding about any person.",
        "",
        "Next:",
        "  review the leads:   .venv/bin/screening users add YOURNAME --role analyst",
        "                      .venv/bin/screening review serve   (then open http://127.0.0.1:8080/login)",
        "  audit the screener: .venv/bin/screening bench   |   .venv/bin/screening audit report --since 2026-01-01 --out var/report.html",
        "  score a file:       .venv/bin/screening score data/samples/tips.jsonl",
        "  check the log:      .venv/bin/screening audit verify",
    ]
    return "\n".join(lines)
