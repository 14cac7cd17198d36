"""Domain errors, in one place. Each message says what to fix.

Codes (``E0xx``) are stable so that logs and docs can refer to them.
"""

from __future__ import annotations


class ScreeningError(Exception):
    """Base of every error this project raises on purpose."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class ConfigError(ScreeningError):
    """A setting or a configuration file is wrong."""

    code = "E001"


class InputFormatError(ScreeningError):
    """An input file or record cannot be read."""

    code = "E002"


class ValidationError(ScreeningError):
    """A record breaks the ingestion contract; it belongs in quarantine with this reason."""

    code = "E003"

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


class ConsentError(ValidationError):
    """A record has no usable consent basis: no basis, no ingestion."""

    code = "E004"


class ModelNotFoundError(ScreeningError):
    """The trained classifier or its card is missing or does not match."""

    code = "E010"


class RulesError(ScreeningError):
    """A rules, pattern or lexicon data file is invalid."""

    code = "E011"


class StoreError(ScreeningError):
    """The database is unreachable, not migrated, or a record is missing."""

    code = "E020"


class NotFoundError(StoreError):
    code = "E021"


class AuditChainError(StoreError):
    """The hash chain of the audit log is broken."""

    code = "E022"


class ConflictError(StoreError):
    """A state change lost a race (for example a lead already claimed)."""

    code = "E023"


class AuthError(ScreeningError):
    """Sign-in or permission failure."""

    code = "E030"


class SourceError(ScreeningError):
    """An upstream source (Reddit, a drop folder, an export) failed."""

    code = "E040"


class BenchDataMissing(ScreeningError):
    """The public evaluation sets are not where the settings point."""

    code = "E050"


class UntrustedModelError(ModelNotFoundError):
    """A model artifact holds types outside the trusted list; it is not loaded."""

    code = "E012"


class ReviewError(ScreeningError):
    """A review action was asked in a form that cannot be accepted (reason, note, role, name)."""

    code = "E031"
