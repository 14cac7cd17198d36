"""The language check declares clearly non-English text unsupported, and nothing else."""

from __future__ import annotations

import pytest

from screening.screen.lang import check_language


@pytest.mark.parametrize("text", [
    "Voy a matar a todos en la escuela mañana porque me odian",
    "Ich werde sie alle umbringen, das ist nicht mehr lustig",
    "je vais tous les tuer demain dans le bureau",
    "Eu vou matar todos eles amanhã, não aguento mais",
    "Я убью вас всех завтра",
    "我明天要去学校",
    "سأقتلكم جميعا",
    "אני אהרוג את כולכם",
])
def test_clearly_not_english(text):
    guess = check_language(text)
    assert not guess.english, guess


@pytest.mark.parametrize("text", [
    "k",
    "lol ur so dead 💀💀",
    "🔫🔫🔫",
    "die die die",
    "I'm going to shoot up the school Friday",
    "ngl that set was fire fr fr",
    "no way bro, el jefe es loco lol",
    "My friend from Madrid said el que no trabaja no come, and I think he is right about that",
    "ｉ ｗｉｌｌ ｓｈｏｏｔ ｙｏｕ",
])
def test_english_short_slang_and_emoji_are_screened(text):
    guess = check_language(text)
    assert guess.english, guess
