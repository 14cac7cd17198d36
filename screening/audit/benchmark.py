"""The benchmark audit: the public benchmark's per-slice table for the current model, beside
the keyword screener and the previous model version when there is one, with subgroup
false-positive rates by HateCheck target identity and threshold/calibration views.

The benchmark itself (slices by the data README's recipes, flag rates, targets) is
``screening.audit.bench``. This module runs it once and keeps every result it produced
(through :class:`Recorder`), so scores for the calibration views and per-case flags for the
subgroup breakdown cost no second pass over the sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.audit import calibration
from screening.settings import Settings, get_settings
from screening.types import ScreenResult

SUBGROUP_COLUMN = "target_ident"
NO_IDENTITY = "(no target identity)"


class Recorder:
    """A screener that passes every call through and keeps the results, one list per call."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.model_version = getattr(inner, "model_version", "")
        self.rules_version = getattr(inner, "rules_version", "")
        self.calls: list[list[ScreenResult]] = []

    def screen(self, text: str | None) -> ScreenResult:
        return self.inner.screen(text)

    def screen_many(self, texts: Iterable[str | None]) -> Iterator[ScreenResult]:
        kept: list[ScreenResult] = []
        self.calls.append(kept)
        for r in self.inner.screen_many(texts):
            kept.append(r)
            yield r


@dataclass
class CaseResults:
    """Per case of one slice: id, expected label, flag and score, for each screener."""

    slice: str
    dataset: str
    expected: int | None
    ids: list[str]
    flags: dict[str, list[bool]] = field(default_factory=dict)
    scores: dict[str, list[float]] = field(default_factory=dict)


def _case_results(slices, recorders: Mapping[str, Recorder], limit: int | None) -> list[CaseResults]:
    """Line up each recorder's calls with the slices they scored (one call per slice, in order)."""
    heads = [s.head(limit) for s in slices]
    out = [CaseResults(h.name, h.dataset, h.expected, list(h.ids)) for h in heads]
    for name, rec in recorders.items():
        if len(rec.calls) != len(heads) or any(len(c) != len(h) for c, h in zip(rec.calls, heads, strict=True)):
            raise RuntimeError(f"benchmark calls of {name!r} do not line up with the slices; "
                               "screening.audit.bench changed how it calls screeners")
        for case, results in zip(out, rec.calls, strict=True):
            case.flags[name] = [bool(r.flagged) for r in results]
            case.scores[name] = [float(r.score) for r in results]
    return out


def subgroup_fpr(cases: list[CaseResults], identities: Mapping[str, str], screeners: list[str],
                 *, expected: int | None = 0, dataset: str = "hatecheck") -> dict[str, Any]:
    """False-positive (flag) rate per target identity with fairlearn's ``MetricFrame``, over
    the HateCheck cases with the given expected label (0: contrast slices; None: hate without
    a threat, which is not a threat either).
    """
    import numpy as np
    from fairlearn.metrics import MetricFrame, count, false_positive_rate

    chosen = [c for c in cases if c.dataset == dataset and c.expected == expected]
    ids = [i for c in chosen for i in c.ids]
    groups = [identities.get(i) or NO_IDENTITY for i in ids]
    out: dict[str, Any] = {"cases": len(ids), "slices": [c.slice for c in chosen], "by_screener": {}}
    if not ids:
        return out
    y_true = np.zeros(len(ids), dtype=int)
    for name in screeners:
        y_pred = np.array([int(f) for c in chosen for f in c.flags[name]])
        mf = MetricFrame(metrics={"fpr": false_positive_rate, "n": count}, y_true=y_true,
                         y_pred=y_pred, sensitive_features=groups)
        by = mf.by_group
        out["by_screener"][name] = {
            "overall": float(mf.overall["fpr"]),
            "max_gap": float(mf.difference()["fpr"]),
            "groups": {str(g): {"n": int(by.loc[g, "n"]), "fpr": float(by.loc[g, "fpr"])} for g in by.index},
        }
    return out


def hatecheck_identities(root: Path) -> dict[str, str]:
    """case_id -> target_ident, read from the HateCheck file the benchmark reads."""
    import pandas as pd

    df = pd.read_csv(Path(root) / "hatecheck" / "test_suite_cases.csv", dtype=str, keep_default_na=False)
    return dict(zip(df["case_id"], df[SUBGROUP_COLUMN], strict=True))


@dataclass
class BenchAudit:
    table: Any                      # screening.audit.bench.BenchTable
    cases: list[CaseResults]
    subgroups: dict[str, Any]
    calibration: dict[str, dict[str, Any]]
    paths: dict[str, str]

    def slice_rows(self) -> tuple[list[str], list[list[Any]]]:
        names = self.table.screeners
        columns = ["slice", "n", "expected", "measures"] + list(names)
        rows = [[r.name, r.n, "-" if r.expected is None else r.expected, r.metric] + [r.rate[n] for n in names]
                for r in self.table.slices]
        return columns, rows

    def headline(self) -> list[list[str]]:
        out = []
        for group, per in self.table.pooled.items():
            if group in ("recall (all positives)", "FPR (all contrasts)"):
                out.append([f"benchmark {group}",
                            ", ".join(f"{n} {v['rate']:.3f}" for n, v in per.items())])
        return out

    def to_dict(self) -> dict[str, Any]:
        columns, rows = self.slice_rows()
        names = self.table.screeners
        sub_cols = ["cases", "target identity", "n"] + [f"{n} FPR" for n in names]
        sub_rows: list[list[Any]] = []
        for part, label in (("contrast", "contrast slices"), ("hate_without_threat", "hate without a threat")):
            per = (self.subgroups.get(part) or {}).get("by_screener", {})
            if not per:
                continue
            groups = per[names[0]]["groups"]
            for g, cell in groups.items():
                sub_rows.append([label, g, cell["n"]] + [per[n]["groups"][g]["fpr"] for n in names])
            sub_rows.append([label, "largest gap (max - min)", ""] + [per[n]["max_gap"] for n in names])
        return {
            "description": (f"Public benchmark over {len(self.table.slices)} slices"
                            + (f", first {self.table.limit} cases of each" if self.table.limit else "")
                            + ". Positive slices measure recall (higher is better), contrast slices the "
                              "false-positive rate (lower is better); hate without a threat is reported "
                              "only. Measurements only: nothing was trained or tuned on these sets."),
            "credits": [f"{c['name']} ({c['license']}): {c['citation']}" for c in self.table.credits.values()],
            "screeners": {n: {"model_version": self.table.model_versions[n], "path": self.paths.get(n)}
                          for n in self.table.screeners},
            "limit": self.table.limit,
            "slices": {"columns": columns, "rows": rows},
            "table": self.table.to_dict(),
            "subgroups": {"columns": sub_cols, "rows": sub_rows, "detail": self.subgroups,
                          "note": "HateCheck cases by target_ident; rate of cases flagged among cases "
                                  "that should not reach review (fairlearn MetricFrame)."},
            "calibration": self.calibration,
            "headline": self.headline(),
        }


def run_audit(screeners: Mapping[str, Any], settings: Settings, *, limit: int | None = None,
              paths: Mapping[str, str] | None = None, calibrate: Iterable[str] = ()) -> BenchAudit:
    """Run the benchmark over ``screeners`` once and derive the audit views from it."""
    from screening.audit.bench import bench_root, load_slices, run_benchmark

    slices = load_slices(settings)
    recorders = {n: Recorder(s) for n, s in screeners.items()}
    table = run_benchmark(recorders, settings, limit=limit, slices=slices)
    cases = _case_results(slices, recorders, limit)
    identities = hatecheck_identities(bench_root(settings))
    names = list(screeners)
    subgroups = {"contrast": subgroup_fpr(cases, identities, names, expected=0),
                 "hate_without_threat": subgroup_fpr(cases, identities, names, expected=None)}
    views = {}
    for name in calibrate:
        labelled = [c for c in cases if c.expected is not None]
        y = [c.expected for c in labelled for _ in c.ids]
        s = [v for c in labelled for v in c.scores[name]]
        views[name] = calibration.calibration_view(y, s, threshold=settings.flag_threshold)
    return BenchAudit(table, cases, subgroups, views, dict(paths or {}))


def benchmark_audit(settings: Settings | None = None, *, model_path: Path | None = None,
                    previous_model: Path | None = None, limit: int | None = None) -> BenchAudit:
    """The report's benchmark section: current model, keyword screener, previous model."""
    from screening.audit.bench import bench_root

    settings = settings or get_settings()
    bench_root(settings)                       # BenchDataMissing before any model is loaded
    from screening.audit.keyword_baseline import KeywordScreener
    from screening.screen.screener import load_screener

    screeners: dict[str, Any] = {"current": load_screener(settings, model_path=model_path)}
    paths = {"current": str(model_path or settings.model_dir / "classifier")}
    screeners["keyword"] = KeywordScreener.from_settings(settings)
    if previous_model is not None:
        screeners["previous"] = load_screener(settings, model_path=previous_model)
        paths["previous"] = str(previous_model)
    calibrate = [n for n in ("current", "previous") if n in screeners]
    return run_audit(screeners, settings, limit=limit, paths=paths, calibrate=calibrate)
