"""Normalization undoes filter evasion and keeps every span pointing at the original text."""

from __future__ import annotations

import re

import pytest

from screening.screen.normalize import normalize


@pytest.mark.parametrize("text,expected", [
    ("I will k1ll you", "I will kill you"),
    ("sh00t them all", "shoot them all"),
    ("d13 already", "die already"),
    ("kiiiiiill", "kill"),
    ("killlll them", "kill them"),
    ("shoooooot", "shoot"),
    ("I'm gonna k i l l you", "I'm gonna kill you"),
    ("k.i.l.l", "kill"),
    ("s-h-o-o-t up", "shoot up"),
    ("sh.oot", "shoot"),
    ("ｋｉｌｌ ｙｏｕ", "kill you"),
    ("kіll", "kill"),                         # Cyrillic і inside a Latin word
    ("k\u200bill", "kill"),                    # zero-width space
    ("🔫 you", "shoot you"),            # an emoji where the verb goes reads as the verb
    ("I'll 🔪 u", "I'll stab u"),
    ("a💣b", "a bomb b"),
    ("kill all 🏳️‍🌈", "kill all gay people"),
    ("🔪🔪🔪 them", "stab them"),
    ("🔫 🔫 lol", "gun lol"),
    ("gonna 👊 some 👨🏿", "gonna punch some black man"),
])
def test_evasions_undone(text, expected):
    assert normalize(text).text == expected


@pytest.mark.parametrize("text", [
    "u r a loser",            # single letters that spell nothing we look for
    "e.g. don't re-enter",    # ordinary punctuation inside words
    "I have 3 guns",          # a bare number is not leetspeak
    "mp3 player and b4 class",
    "she's sooo good",        # elongation of an ordinary word: squeezed, not rewritten into a target
    "Я убью вас",             # real Cyrillic text stays Cyrillic
    "shoot the moon",
])
def test_ordinary_text_keeps_its_words(text):
    out = normalize(text).text
    for w in re.findall(r"[^\W\d_]{3,}", text):
        if not re.search(r"(\w)\1\1", w):
            assert w in out


@pytest.mark.parametrize("text", [
    "I will k1ll you", "I'm gonna k i l l you", "kiiiiill them", "🔫🔫 lol", "ｋｉｌｌ ｙｏｕ",
    "s.h.o.o.t up the sch00l", "k\u200bill", "I'll 🔪 every 🏳️‍⚧️ person", "plain text",
])
def test_every_span_maps_back_to_the_original(text):
    n = normalize(text)
    for m in re.finditer(r"\S+", n.text):
        a, b = n.span(m.start(), m.end())
        assert 0 <= a < b <= len(text)
        piece = text[a:b]
        assert piece == piece.strip() or not piece.strip()
        assert n.original_text(m.start(), m.end()) == piece


def test_plain_text_takes_the_fast_path():
    n = normalize("this is an ordinary sentence about gardening.")
    assert not n.changed
    assert n.span(5, 7) == (5, 7)
