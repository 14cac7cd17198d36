"""Shared fixtures: settings pointing at a fresh SQLite file or a fresh PostgreSQL schema.

PostgreSQL tests use the server on 127.0.0.1:5432 (user postgres, database test), each test
in its own schema so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("SCREENING_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}; .ci/run should start it")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
    return PG_ADMIN_URL


def make_settings(database_url: str, tmp_path: Path, **overrides):
    from screening.settings import Settings

    return Settings(database_url=database_url, var_dir=tmp_path / "var", **overrides)


@pytest.fixture
def sqlite_settings(tmp_path):
    from screening.store.db import migrate

    s = make_settings(f"sqlite:///{tmp_path / 'screening.db'}", tmp_path)
    migrate(s)
    return s


@pytest.fixture
def pg_settings(pg_admin_url, tmp_path):
    import psycopg

    from screening.store.db import _engine_for, migrate

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{pg_admin_url}?options=-csearch_path%3D{schema}"
    s = make_settings(url, tmp_path)
    migrate(s)
    yield s
    _engine_for(s.database_url.replace("postgresql://", "postgresql://", 1)).dispose()
    _engine_for.cache_clear()
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_settings(request):
    """The same test on both backends."""
    name = "sqlite_settings" if request.param == "sqlite" else "pg_settings"
    return request.getfixturevalue(name)
