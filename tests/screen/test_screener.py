"""The screener's contract: statuses, versions, evidence offsets, batches that never crash."""

from __future__ import annotations

import pytest

from screening.screen.base import Screener
from screening.screen.screener import load_screener
from screening.settings import Settings
from screening.types import Status


@pytest.fixture(scope="module")
def screener():
    return load_screener(Settings(), use_classifier=False)


def test_implements_protocol(screener):
    assert isinstance(screener, Screener)
    assert screener.model_version.startswith("screener-")
    assert "+clf-none" in screener.model_version
    assert "en_core_web_sm" in screener.rules_version


@pytest.mark.parametrize("text,status", [
    ("", Status.EMPTY),
    ("   \n\t ", Status.EMPTY),
    (None, Status.EMPTY),
    ("Voy a matar a todos en la escuela mañana porque me odian", Status.UNSUPPORTED_LANGUAGE),
    ("Я убью вас всех завтра", Status.UNSUPPORTED_LANGUAGE),
    ("lol ur so dead 💀💀", Status.SCREENED),
    ("I'm going to shoot up the school Friday", Status.SCREENED),
])
def test_status(screener, text, status):
    assert screener.screen(text).status is status


@pytest.mark.parametrize("text", [
    "I'm going to shoot up the school Friday",
    "I'm gonna sh00t up the sch00l on friday",
    "ok so. I am going to k i l l you tomorrow",
    "Ｉ ｗｉｌｌ ｋｉｌｌ ｙｏｕ",
])
def test_evidence_points_at_original(screener, text):
    r = screener.screen(text)
    assert r.flagged
    for e in r.evidence:
        assert e.text == text[e.start:e.end]
        assert e.text.strip()
