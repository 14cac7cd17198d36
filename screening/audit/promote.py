"""The promotion gate: a model is promoted only when its benchmark audit is no worse.

Both models run over the same public benchmark slices in one pass. The new model is refused
when, on any slice, beyond the tolerance (an absolute difference in rates):

* its false-positive rate is higher on a contrast slice (text that should not reach review), or
* its recall is lower on a positive slice (text that should).

Slices reported only (hate without a threat) do not gate. The verdict names every slice that
failed, with both figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from screening.settings import Settings, get_settings

GATE_VERSION = "promotion-gate/1"
_EPS = 1e-9   # rates are rounded to 4 places by the benchmark; do not refuse on float noise


@dataclass(frozen=True)
class SliceChange:
    slice: str
    metric: str          # "fpr" (contrast slice) or "recall" (positive slice)
    n: int
    old: float
    new: float
    worse_by: float      # how much worse the new model is (negative: better)
    regression: bool

    def __str__(self) -> str:
        return (f"{self.slice}: {self.metric} {self.old:.3f} -> {self.new:.3f} "
                f"({'worse' if self.worse_by > 0 else 'better' if self.worse_by < 0 else 'same'} by "
                f"{abs(self.worse_by):.3f}, n={self.n})")


@dataclass
class Verdict:
    promote: bool
    tolerance: float
    old: dict[str, Any]
    new: dict[str, Any]
    changes: list[SliceChange]
    limit: int | None = None
    table: dict[str, Any] = field(default_factory=dict)
    version: str = GATE_VERSION

    @property
    def regressions(self) -> list[SliceChange]:
        return [c for c in self.changes if c.regression]

    def message(self) -> str:
        head = (f"{self.new['model_version']} vs {self.old['model_version']} "
                f"(tolerance {self.tolerance:.3f}"
                + (f", first {self.limit} cases per slice" if self.limit else "") + ")")
        if self.promote:
            return f"PROMOTE: {head}: no contrast slice has a higher false-positive rate and no " \
                   f"positive slice a lower recall beyond the tolerance."
        lines = [f"REFUSED: {head}: {len(self.regressions)} slice(s) worse beyond the tolerance:"]
        lines += [f"  - {c}" for c in self.regressions]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "promote": self.promote, "tolerance": self.tolerance,
                "old": self.old, "new": self.new, "limit": self.limit,
                "regressions": [asdict(c) for c in self.regressions],
                "changes": [asdict(c) for c in self.changes], "table": self.table}


def judge(table: Any, old: str, new: str, tolerance: float) -> list[SliceChange]:
    """Slice-by-slice comparison of two screeners in one benchmark table."""
    out = []
    for row in table.slices:
        if row.expected is None or row.n == 0:
            continue
        o, n = float(row.rate[old]), float(row.rate[new])
        worse_by = (n - o) if row.expected == 0 else (o - n)
        out.append(SliceChange(row.name, "fpr" if row.expected == 0 else "recall", row.n, o, n,
                               round(worse_by, 4), worse_by > tolerance + _EPS))
    return out


def compare_screeners(old: Any, new: Any, settings: Settings | None = None, *, tolerance: float = 0.02,
                      limit: int | None = None, old_path: str | None = None,
                      new_path: str | None = None) -> Verdict:
    """Run the benchmark over both screeners and judge the new one against the old."""
    from screening.audit.bench import run_benchmark

    if not 0.0 <= tolerance < 1.0:
        raise ValueError(f"tolerance must be in [0, 1), got {tolerance}")
    settings = settings or get_settings()
    table = run_benchmark({"old": old, "new": new}, settings, limit=limit)
    changes = judge(table, "old", "new", tolerance)
    return Verdict(
        promote=not any(c.regression for c in changes), tolerance=tolerance,
        old={"model_version": table.model_versions["old"], "path": old_path},
        new={"model_version": table.model_versions["new"], "path": new_path},
        changes=changes, limit=limit, table=table.to_dict())


def compare_models(old_path: Path | str, new_path: Path | str, settings: Settings | None = None, *,
                   tolerance: float = 0.02, limit: int | None = None) -> Verdict:
    """``screening models compare OLD NEW``: load both model folders and run the gate."""
    from screening.audit.bench import bench_root
    from screening.screen.screener import load_screener

    settings = settings or get_settings()
    bench_root(settings)
    old = load_screener(settings, model_path=Path(old_path))
    new = load_screener(settings, model_path=Path(new_path))
    return compare_screeners(old, new, settings, tolerance=tolerance, limit=limit,
                             old_path=str(old_path), new_path=str(new_path))
