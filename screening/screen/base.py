"""The stable interface between the screener and everything that uses it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

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
