"""The stable interface between the screener and everything that uses it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from screening.types import ScreenResult


@runtime_checkable
class Screener(Protocol):
    """Turns texts into screening results. Implementations must be safe to reuse."""

    model_version: str   # recorded on every lead and run
    rules_version: str

    def screen(self, text: str | None) -> ScreenResult: ...

    def screen_many(self, texts: Iterable[str | None]) -> Iterator[ScreenResult]:
        """Results in input order; lazily, so memory does not grow with the input."""
        ...


def model_id(data_sha256: str, feature_config: dict[str, Any], seed: int) -> str:
    """A classifier's id, ``clf-<training data>-<feature and estimator settings>-<seed>``: two models
    trained on the same data with different settings (C, n-grams, normalisation) never share an id.
    Here, not in classifier.py, so the screener can name a model before importing scikit-learn."""
    cfg = hashlib.sha256(json.dumps(feature_config, sort_keys=True).encode()).hexdigest()
    return f"clf-{data_sha256[:8]}-{cfg[:6]}-{seed}"
