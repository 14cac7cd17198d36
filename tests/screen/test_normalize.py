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


# Spelling variants people use to slip past filters (written for branch `objects`): slips of the
# keyboard in a verb slot, spaces put in or taken out, leet, punctuation, accents, asterisks.
VARIANTS = [
    ("i will kil you", "i will kill you", "kil"),
    ("im gonna kilk u", "im gonna kill u", "kilk"),
    ("i'm going to shoto them all", "i'm going to shoot them all", "shoto"),
    ("i will kiill you", "i will kill you", "kiill"),
    ("gonna stabb her", "gonna stab her", "stabb"),
    ("i want to murdr him", "i want to murder him", "murdr"),
    ("gonna shoott everyone", "gonna shoot everyone", "shoott"),
    ("i will sh oot them", "i will shoot them", "sh oot"),
    ("gonna k ill you", "gonna kill you", "k ill"),
    ("killthem all", "kill them all", "kill"),
    ("iwillshoot you", "i will shoot you", "shoot"),
    ("gonna killyou", "gonna kill you", "kill"),
    ("i'll $hoot you", "i'll shoot you", "$hoot"),
    ("i will murd3r you", "i will murder you", "murd3r"),
    ("i will kíll you", "i will kill you", "kíll"),
    ("i'll shóót them", "i'll shoot them", "shóót"),
    ("i will k*ll you", "i will kill you", "k*ll"),
    ("gonna sh**t them all", "gonna shoot them all", "sh**t"),
    ("i will m*rder you", "i will murder you", "m*rder"),
    ("i'll st*b you", "i'll stab you", "st*b"),
    ("i will K1LL you", "i will KILL you", "K1LL"),
    ("I WILL KIL YOU", "I WILL KILL YOU", "KIL"),
]


@pytest.mark.parametrize("text,expected,original", VARIANTS)
def test_spelling_variants_read_as_the_word(text, expected, original):
    n = normalize(text)
    assert n.text == expected
    word = re.search(r"kill|shoot|stab|murder", n.text, re.IGNORECASE)
    assert original in n.original_text(word.start(), word.end())   # evidence quotes what was written


@pytest.mark.parametrize("text", [
    "what a skill you have", "grab a shot glass", "the kiln is hot", "we flew to Killarney",
    "i will still love you", "shoo them away from the garden", "$5 shoot for headshots",
    "i will bill you tomorrow", "gonna fill them up", "i'll tape them to the wall", "i'll stay the night",
    "i'll kiss you", "i'll shoo them off", "i will kilt you out for the wedding", "gonna shout at them",
    "what the sh*t", "that's some bullsh*t", "f*ck this", "s**t happens", "the hangout was fun",
    "that shootout was epic", "don't be a killjoy", "overkill lol", "roadkill on the highway",
    "skilled workers", "i will be at you house at 5", "i'll sh ow you", "a ll good", "he is ill",
    "kill-switch is on", "naïve café", "José will stab the meat", "i'll hill you", "killall -9 chrome",
    "the kil is a unit", "i read kil and shoto in the logs",
])
def test_ordinary_words_near_targets_stay(text):
    assert normalize(text).text == text


@pytest.mark.parametrize("text,expected", [(t, e) for t, e, _ in VARIANTS])
def test_variants_map_every_span_back(text, expected):
    n = normalize(text)
    for m in re.finditer(r"\S+", n.text):
        a, b = n.span(m.start(), m.end())
        assert 0 <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()


@pytest.mark.parametrize("text,expected", [
    ("he'd s*h*o*o*t me", "he'd shoot me"),              # asterisks between letters, not a mask
    ("she's a d*e*a*d woman", "she's a dead woman"),
    ("my D&D rogue backstabbed the goblin, k1ll", "my D&D rogue backstabbed the goblin, kill"),
    ("the shooter's manifesto, k1ll", "the shooter's manifesto, kill"),   # a clitic is no disguise
    ("the school's website k1ll", "the school's website kill"),
])
def test_the_slow_path_keeps_ordinary_punctuation(text, expected):
    assert normalize(text).text == expected
