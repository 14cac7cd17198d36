"""One typed settings object: env vars, config file, clear errors."""

from __future__ import annotations

import pytest

from screening.errors import ConfigError
from screening.settings import Settings, get_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for key in ("SCREENING_CONFIG", "SCREENING_DATABASE_URL", "SCREENING_FLAG_THRESHOLD"):
        monkeypatch.delenv(key, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_defaults_put_sqlite_under_var():
    s = Settings()
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("var/screening.db")


@pytest.mark.parametrize("suffix, body", [
    (".yaml", "flag_threshold: 0.7\ndatabase_url: sqlite:////tmp/x.db\n"),
    (".toml", "[screening]\nflag_threshold = 0.7\ndatabase_url = 'sqlite:////tmp/x.db'\n"),
])
def test_config_file_then_env_wins(tmp_path, monkeypatch, suffix, body):
    cfg = tmp_path / f"conf{suffix}"
    cfg.write_text(body)
    monkeypatch.setenv("SCREENING_CONFIG", str(cfg))
    assert Settings().flag_threshold == 0.7
    monkeypatch.setenv("SCREENING_FLAG_THRESHOLD", "0.4")
    s = Settings()
    assert s.flag_threshold == 0.4 and s.database_url == "sqlite:////tmp/x.db"


@pytest.mark.parametrize("env, needle", [
    ({"SCREENING_CONFIG": "/nonexistent/conf.yaml"}, "not a file"),
    ({"SCREENING_FLAG_THRESHOLD": "1.5"}, "flag_threshold"),
    ({"SCREENING_DATABASE_URL": "mysql://x"}, "database_url"),
])
def test_bad_settings_say_what_to_fix(monkeypatch, env, needle):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(ConfigError) as err:
        get_settings()
    assert needle in str(err.value) and "E001" in str(err.value)


def test_unknown_keys_in_config_file_are_refused(tmp_path, monkeypatch):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("flag_treshold: 0.3\n")
    monkeypatch.setenv("SCREENING_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="flag_treshold"):
        get_settings()


def test_fingerprint_changes_with_screening_settings():
    assert Settings().fingerprint() == Settings().fingerprint()
    assert Settings(flag_threshold=0.6).fingerprint() != Settings().fingerprint()
