"""Fixtures for ingestion tests: a fake Reddit server with a few items, sources configs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

_spec = importlib.util.spec_from_file_location("fake_reddit", Path(__file__).with_name("fake_reddit.py"))
fake_reddit = importlib.util.module_from_spec(_spec)
sys.modules["fake_reddit"] = fake_reddit
_spec.loader.exec_module(fake_reddit)
_hspec = importlib.util.spec_from_file_location("conftest_helpers", Path(__file__).with_name("conftest_helpers.py"))
conftest_helpers = importlib.util.module_from_spec(_hspec)
sys.modules["conftest_helpers"] = conftest_helpers
_hspec.loader.exec_module(conftest_helpers)
write_sources = conftest_helpers.write_sources


def seed(fake, base: float) -> None:
    """Three posts and two comments in r/testsub, a minute apart, newest last."""
    fake.add(fake_reddit.post("testsub", "p1", base - 600, "Weekend plans", "Going hiking with the dog."))
    fake.add(fake_reddit.post("testsub", "p2", base - 540, "Rant", "This homework is killing me lol"))
    fake.add(fake_reddit.post("testsub", "p3", base - 480, "Question", "Which trail is best in spring?"))
    fake.add(fake_reddit.comment("testsub", "c1", base - 420, "Try the ridge loop.", "p3"))
    fake.add(fake_reddit.comment("testsub", "c2", base - 360, "Agreed, great views.", "p3"))


@pytest.fixture
def fake_server():
    with fake_reddit.FakeReddit(page_size=2) as fake:
        seed(fake, fake_reddit.now())
        yield fake


@pytest.fixture
def reddit_settings(store_settings, fake_server, tmp_path):
    """Store settings pointed at the fake server, with one reddit source 'testreddit'."""
    cfg = write_sources(tmp_path / "sources.yaml", [{
        "name": "testreddit", "kind": "reddit", "schedule": "@hourly",
        "options": {"subreddits": ["testsub"], "backoff_base_seconds": 0.01, "overlap_seconds": 30,
                    "backoff_max_seconds": 0.05, "max_retries": 3},
    }])
    return store_settings.model_copy(update={
        "sources_config": cfg,
        "reddit_client_id": SecretStr(fake_reddit.CLIENT_ID),
        "reddit_client_secret": SecretStr(fake_reddit.CLIENT_SECRET),
        "reddit_oauth_url": fake_server.url,
        "reddit_reddit_url": fake_server.url,
        "reddit_short_url": fake_server.url,
    })
