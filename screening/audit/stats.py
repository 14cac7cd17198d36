"""Proportions with honest intervals.

Review counts are small (a handful of reviewed leads per source and week), where the usual
``p ± z·se`` interval collapses to zero width or leaves [0, 1]. The Wilson score interval
stays inside [0, 1] and keeps close to its nominal coverage at small n, so every rate the
audit reports carries one.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any


@dataclass(frozen=True)
class Proportion:
    """``k`` of ``n`` with a Wilson interval; estimate and bounds are None when n is 0."""

    k: int
    n: int
    estimate: float | None
    low: float | None
    high: float | None
    confidence: float = 0.95

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def scaled(self, population: int) -> dict[str, float | int | None]:
        """The estimate and interval as counts in a population of ``population`` items."""
        if self.estimate is None:
            return {"population": population, "estimate": None, "low": None, "high": None}
        return {"population": population, "estimate": self.estimate * population,
                "low": self.low * population, "high": self.high * population}

    def __str__(self) -> str:
        if self.estimate is None:
            return f"{self.k}/{self.n} (no reviewed items)"
        return (f"{self.k}/{self.n} = {self.estimate:.3f} "
                f"[{self.low:.3f}, {self.high:.3f}] at {self.confidence:.0%}")


def wilson(k: int, n: int, confidence: float = 0.95) -> Proportion:
    """Wilson score interval for ``k`` successes in ``n`` trials."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if n == 0:
        return Proportion(k, n, None, None, None, confidence)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # k == 0 and k == n put a bound exactly at 0 or 1; float noise must not move it inside
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Proportion(k, n, p, low, high, confidence)
