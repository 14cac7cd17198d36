"""The promotion gate: refuse a model whose contrast-slice FPR rises or whose recall falls
beyond the tolerance; name the slices."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from screening.audit.bench import SliceRow
from screening.audit.promote import judge


def _row(name, expected, old, new, n=100):
    return SliceRow(name=name, dataset=name.split("/")[0], expected=expected, description="", n=n,
                    flagged={"old": round(old * n), "new": round(new * n)},
                    rate={"old": old, "new": new}, statuses={})


@pytest.mark.parametrize("expected, old, new, tolerance, regression, worse_by", [
    (0, 0.10, 0.12, 0.02, False, 0.02),     # FPR up by exactly the tolerance: allowed
    (0, 0.10, 0.1201, 0.02, True, 0.0201),  # ... a hair beyond: refused
    (0, 0.10, 0.05, 0.02, False, -0.05),    # FPR down: better
    (1, 0.90, 0.88, 0.02, False, 0.02),     # recall down by the tolerance: allowed
    (1, 0.90, 0.85, 0.02, True, 0.05),      # recall down beyond it: refused
    (1, 0.90, 0.99, 0.00, False, -0.09),    # recall up
    (0, 0.10, 0.11, 0.00, True, 0.01),      # zero tolerance: any rise refuses
])
def test_slice_judgement(expected, old, new, tolerance, regression, worse_by):
    (change,) = judge(SimpleNamespace(slices=[_row("hatecheck/x", expected, old, new)]), "old", "new", tolerance)
    assert change.regression is regression
    assert change.worse_by == pytest.approx(worse_by)
    assert change.metric == ("fpr" if expected == 0 else "recall")


def test_report_only_and_empty_slices_do_not_gate():
    table = SimpleNamespace(slices=[_row("hatecheck/hate_without_threat", None, 0.1, 0.9),
                                    _row("edos/threats", 1, 0.0, 0.0, n=0)])
    assert judge(table, "old", "new", 0.02) == []


# --- the gate on real figures: the shipped model against a deliberately worse one ----------

@pytest.fixture(scope="module")
def worse_model(tmp_path_factory):
    """A classifier trained on the project's whole training table with every label inverted: an
    honest, deliberately worse model that goes through the real screener. (The rules carry most
    threats on their own, emoji ones included, so a weaker inverted model trained on 600 rows no
    longer shows on a small sample of each slice.)"""
    import json
    import random

    from screening.screen.classifier import ConcernClassifier
    from screening.settings import PROJECT_ROOT

    rows = [json.loads(line) for line in (PROJECT_ROOT / "data/train/train.jsonl").read_text().splitlines()
            if line.strip()]
    random.Random(0).shuffle(rows)
    folder = tmp_path_factory.mktemp("models") / "inverted"
    ConcernClassifier(seed=13).fit([r["text"] for r in rows], [1 - int(r["label"]) for r in rows]).save(folder)
    return folder


def _bench_ready(settings):
    pytest.importorskip("screening.screen.screener", reason="the screener is not committed yet")
    from screening.audit.bench import bench_root
    from screening.errors import BenchDataMissing

    try:
        bench_root(settings)
    except BenchDataMissing as exc:
        pytest.skip(str(exc))
    if not (settings.model_dir / "classifier" / "card.json").is_file():
        pytest.skip("no shipped classifier under models/classifier")


@pytest.mark.bench
def test_cli_refuses_a_deliberately_worse_model(worse_model, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from screening.settings import Settings

    settings = Settings()
    _bench_ready(settings)
    shipped = settings.model_dir / "classifier"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env["SCREENING_DATABASE_URL"] = f"sqlite:///{tmp_path}/unused.db"
    out = tmp_path / "verdict.json"
    proc = subprocess.run([sys.executable, "-m", "screening.cli", "models", "compare", str(shipped),
                           str(worse_model), "--limit", "80", "--json", str(out)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    verdict = json.loads(out.read_text())
    assert verdict["promote"] is False and verdict["regressions"]
    assert "REFUSED" in proc.stderr
    for r in verdict["regressions"]:       # the message names every failing slice, with figures
        assert r["worse_by"] > 0.02
        assert f"{r['slice']}: {r['metric']} {r['old']:.3f} -> {r['new']:.3f}" in proc.stderr
    # the figures are the benchmark's own, for the two models
    table = verdict["table"]
    assert table["model_versions"]["old"] != table["model_versions"]["new"]
    assert {r["slice"] for r in verdict["changes"]} == {r["name"] for r in table["slices"]
                                                         if r["expected"] is not None and r["n"]}


@pytest.mark.bench
def test_a_model_is_no_worse_than_itself():
    from screening.audit.promote import compare_screeners
    from screening.settings import Settings

    settings = Settings()
    _bench_ready(settings)
    from screening.screen.screener import load_screener

    screener = load_screener(settings)
    verdict = compare_screeners(screener, screener, settings, tolerance=0.0, limit=25)
    assert verdict.promote is True and verdict.regressions == []
    assert "PROMOTE" in verdict.message()
