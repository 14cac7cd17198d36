"""The benchmark audit: subgroup false-positive rates by target identity (fairlearn), and one
benchmark pass whose recorded results line up with the benchmark's own table."""

from __future__ import annotations

import pytest

from screening.audit.benchmark import CaseResults, Recorder, run_audit, subgroup_fpr
from screening.types import ScreenResult, Status

IDENT = {"1": "women", "2": "women", "3": "women", "4": "Muslims", "5": "Muslims", "6": "", "7": "women"}


def _cases():
    return [
        CaseResults("hatecheck/negate_neg_nh", "hatecheck", 0, ["1", "2", "4"],
                    flags={"a": [True, False, True], "b": [False, False, False]}),
        CaseResults("hatecheck/counter_quote_nh", "hatecheck", 0, ["3", "5", "6"],
                    flags={"a": [True, False, False], "b": [False, True, False]}),
        CaseResults("hatecheck/threat_dir_h", "hatecheck", 1, ["7"], flags={"a": [True], "b": [True]}),
        CaseResults("edos/not_sexist", "edos", 0, ["1"], flags={"a": [True], "b": [True]}),
    ]


@pytest.mark.parametrize("screener, group, n, fpr", [
    # contrast cases only (threat_dir_h is positive, edos is another set):
    # women = 1, 2, 3; Muslims = 4, 5; none = 6
    ("a", "women", 3, 2 / 3),      # 1 and 3 flagged
    ("a", "Muslims", 2, 1 / 2),    # 4 flagged
    ("a", "(no target identity)", 1, 0.0),
    ("b", "women", 3, 0.0),
    ("b", "Muslims", 2, 1 / 2),    # 5 flagged
])
def test_subgroup_fpr_by_target_identity(screener, group, n, fpr):
    out = subgroup_fpr(_cases(), IDENT, ["a", "b"])
    cell = out["by_screener"][screener]["groups"][group]
    assert (cell["n"], cell["fpr"]) == (n, pytest.approx(fpr))


def test_subgroup_overall_and_gap():
    out = subgroup_fpr(_cases(), IDENT, ["a", "b"])
    assert out["cases"] == 6
    assert out["by_screener"]["a"]["overall"] == pytest.approx(3 / 6)
    assert out["by_screener"]["a"]["max_gap"] == pytest.approx(2 / 3)     # women 2/3 - none 0
    assert out["by_screener"]["b"]["max_gap"] == pytest.approx(1 / 2)


def test_no_cases_no_groups():
    assert subgroup_fpr([], IDENT, ["a"]) == {"cases": 0, "slices": [], "by_screener": {}}


class _Echo:
    model_version, rules_version = "echo-1", "r"

    def screen(self, text):
        return ScreenResult(Status.SCREENED, flagged="kill" in text, score=0.9 if "kill" in text else 0.1)

    def screen_many(self, texts):
        return (self.screen(t) for t in texts)


def test_recorder_passes_results_through_and_keeps_them():
    rec = Recorder(_Echo())
    out = list(rec.screen_many(["I will kill", "hello"]))
    assert [r.flagged for r in out] == [True, False]
    assert rec.calls == [out] and rec.model_version == "echo-1"


@pytest.mark.bench
def test_audit_lines_up_with_the_benchmark_table(sqlite_settings):
    from screening.audit.bench import bench_root
    from screening.audit.keyword_baseline import KeywordScreener
    from screening.errors import BenchDataMissing

    try:
        bench_root(sqlite_settings)
        keyword = KeywordScreener.from_settings(sqlite_settings)
    except BenchDataMissing as exc:
        pytest.skip(str(exc))
    audit = run_audit({"keyword": keyword}, sqlite_settings, limit=25, calibrate=["keyword"])
    by_slice = {c.slice: c for c in audit.cases}
    for row in audit.table.slices:      # recorded flags agree with the benchmark's own counts
        assert sum(by_slice[row.name].flags["keyword"]) == row.flagged["keyword"]
    contrast_cases = sum(r.n for r in audit.table.slices if r.dataset == "hatecheck" and r.expected == 0)
    assert audit.subgroups["contrast"]["cases"] == contrast_cases
    groups = audit.subgroups["contrast"]["by_screener"]["keyword"]["groups"]
    assert sum(g["n"] for g in groups.values()) == contrast_cases
    d = audit.to_dict()
    assert len(d["slices"]["rows"]) == len(audit.table.slices)
    assert any("HateCheck (CC BY 4.0)" in c for c in d["credits"])
    view = d["calibration"]["keyword"]
    assert view["n"] == sum(r.n for r in audit.table.slices if r.expected is not None)
