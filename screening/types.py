"""The domain records shared by every layer: words from DESIGN.md as types."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

DISCLAIMER = (
    "Screening lead for human review. Not a prediction of violence, "
    "not a finding about any person."
)


class ConsentBasis(str, enum.Enum):
    PUBLIC_POST = "public_post"
    CONSENTED_SUBMISSION = "consented_submission"
    PLATFORM_AGREEMENT = "platform_agreement"


class Indicator(str, enum.Enum):
    # pathway to violence
    GRIEVANCE = "grievance"
    VIOLENT_IDEATION = "violent_ideation"
    PLANNING = "planning"
    PREPARATION = "preparation"
    # warning behaviours
    LEAKAGE = "leakage"
    DIRECT_THREAT = "direct_threat"
    IDENTIFICATION = "identification"
    FIXATION = "fixation"
    LAST_RESORT = "last_resort"
    # welfare: routed as a welfare concern, never as a threat
    SELF_HARM = "self_harm"

    @property
    def is_welfare(self) -> bool:
        return self is Indicator.SELF_HARM


class Context(str, enum.Enum):
    """What changes a surface hit's meaning."""

    NEGATION = "negation"
    HYPOTHETICAL = "hypothetical"
    QUOTATION = "quotation"
    REPORTED_SPEECH = "reported_speech"
    COUNTER_SPEECH = "counter_speech"
    FICTION = "fiction"
    LYRICS = "lyrics"
    GAMING = "gaming"
    SPORTS = "sports"
    IDIOM = "idiom"
    HYPERBOLE = "hyperbole"
    NEWS = "news"
    NON_HUMAN_TARGET = "non_human_target"


class Status(str, enum.Enum):
    SCREENED = "screened"
    EMPTY = "empty"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    ERROR = "error"


class LeadStatus(str, enum.Enum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"
    NEEDS_INFO = "needs_info"


class Decision(str, enum.Enum):
    DISMISSED = "dismissed"
    ESCALATED = "escalated"
    NEEDS_INFO = "needs_info"


class DismissReason(str, enum.Enum):
    HYPERBOLE = "hyperbole"          # hyperbole or idiom
    QUOTE = "quote"                  # quote or counter-speech
    FICTION = "fiction"              # fiction, gaming or sports
    NEWS = "news"
    NOT_CONCERNING = "not_concerning"
    OTHER = "other"                  # needs a note


# Contexts that take a hit out of the count: the span stays in the evidence (a reviewer sees
# what was considered) but does not raise a lead. Reported speech alone does not discount:
# "my classmate said he is going to shoot us" is exactly what a tip line exists for.
DISCOUNTING_CONTEXTS = frozenset({
    "negation", "hypothetical", "quotation", "counter_speech", "fiction", "lyrics", "gaming",
    "sports", "idiom", "hyperbole", "news", "non_human_target",
})


@dataclass(frozen=True)
class Evidence:
    """A character span of the text and why it counts."""

    start: int
    end: int
    text: str
    indicator: str
    detector: str
    rule: str
    context: tuple[str, ...] = ()   # contexts considered around the hit
    weight: float = 1.0

    @property
    def discounted(self) -> bool:
        """Does a context take this hit out of the count (see DISCOUNTING_CONTEXTS)?"""
        return bool(DISCOUNTING_CONTEXTS.intersection(self.context))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["context"] = list(self.context)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(
            start=int(d["start"]), end=int(d["end"]), text=str(d["text"]),
            indicator=str(d["indicator"]), detector=str(d["detector"]), rule=str(d["rule"]),
            context=tuple(d.get("context") or ()), weight=float(d.get("weight", 1.0)),
        )


@dataclass
class ScreenResult:
    """What the screener says of one text."""

    status: Status
    flagged: bool = False
    score: float = 0.0
    indicators: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    context: list[str] = field(default_factory=list)   # contexts found anywhere in the text
    model_version: str = ""
    detail: str = ""   # for status error / unsupported_language: why

    def to_record(self, doc_id: Any) -> dict[str, Any]:
        """The `screening score` output line (DESIGN.md contract)."""
        rec: dict[str, Any] = {
            "id": doc_id,
            "flagged": self.flagged,
            "score": round(float(self.score), 4),
            "indicators": list(self.indicators),
            "evidence": [
                {"start": e.start, "end": e.end, "text": e.text, "indicator": e.indicator,
                 "detector": e.detector, "rule": e.rule, "context": list(e.context)}
                for e in self.evidence
            ],
            "status": self.status.value,
            "model_version": self.model_version,
            "disclaimer": DISCLAIMER,
        }
        if self.context:
            rec["context"] = list(self.context)
        if self.detail:
            rec["detail"] = self.detail
        return rec


@dataclass
class IncomingDocument:
    """A record a source yields, before validation and storage."""

    source: str
    external_id: str
    text: str | None
    consent_basis: str | None
    url: str | None = None
    author: str | None = None          # raw author handle; pseudonymized before storage
    title: str | None = None
    thread_id: str | None = None
    posted_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    raw: Any = None                    # the payload as received, for quarantine
