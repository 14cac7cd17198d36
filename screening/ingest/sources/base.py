"""One small interface for every source, and a registry of source kinds.

A source only *reads*: it yields ``IncomingDocument`` records (or an ``Exception`` carrying
``.raw`` and ``.reason`` for an item it could not parse) and, once its feed is exhausted,
says what its new watermark is. Validation, consent checks, pseudonymization and storage
happen once, in ``screening.ingest.pipeline``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from screening.errors import ConfigError, ValidationError
from screening.settings import Settings
from screening.types import IncomingDocument


class ParseFailure(ValidationError):
    """An item a source could not parse; the pipeline quarantines it with ``raw``."""

    def __init__(self, reason: str, message: str, raw: Any):
        super().__init__(reason, message)
        self.raw = raw


@dataclass
class FetchWindow:
    """What to read: after the stored watermark, optionally bounded by a data interval.

    ``start``/``end`` come from an Airflow data interval; a rerun of an old interval reads
    from its start again (upserts make that harmless), a run after a gap reads from the
    watermark.
    """

    watermark: str | None = None
    start: datetime | None = None
    end: datetime | None = None


class Source:
    """Base of every source kind. Subclasses set ``kind``/``version`` and implement ``fetch``."""

    kind: ClassVar[str] = ""
    version: ClassVar[str] = "0"
    consent_basis: ClassVar[str | None] = None

    def __init__(self, name: str, options: dict[str, Any], settings: Settings):
        self.name = name
        self.options = dict(options)
        self.settings = settings
        self.new_watermark: str | None = None
        self.check_options()

    def check_options(self) -> None:
        """Raise ConfigError naming the source when an option is missing or wrong."""

    def option(self, key: str, default: Any = ..., types: type | tuple[type, ...] | None = None) -> Any:
        if key not in self.options:
            if default is ...:
                raise ConfigError(f"source {self.name!r} ({self.kind}): option {key!r} is required")
            return default
        value = self.options[key]
        if types is not None and not isinstance(value, types):
            raise ConfigError(f"source {self.name!r} ({self.kind}): option {key!r} has the wrong type "
                              f"({type(value).__name__})")
        return value

    def fetch(self, window: FetchWindow) -> Iterator[IncomingDocument | Exception]:
        raise NotImplementedError

    def after_ingest(self) -> None:
        """Called once the fetched records are safely stored (e.g. to move drop files)."""

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "version": self.version}


_REGISTRY: dict[str, type[Source]] = {}


def register(cls: type[Source]) -> type[Source]:
    if not cls.kind:
        raise TypeError(f"{cls.__name__} has no kind")
    _REGISTRY[cls.kind] = cls
    return cls


def source_class(kind: str) -> type[Source]:
    # import the built-in kinds lazily, so importing the base stays cheap
    from screening.ingest.sources import drop_folder, forum_export, reddit  # noqa: F401

    try:
        return _REGISTRY[kind]
    except KeyError:
        raise ConfigError(f"unknown source kind {kind!r}; known kinds: {sorted(_REGISTRY)}") from None


def known_kinds() -> list[str]:
    source_class("reddit")
    return sorted(_REGISTRY)


@dataclass
class SourceSpec:
    """One entry of the sources config file."""

    name: str
    kind: str
    schedule: str | None = None
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)

    def build(self, settings: Settings) -> Source:
        return source_class(self.kind)(self.name, self.options, settings)
