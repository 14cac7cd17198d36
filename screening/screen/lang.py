"""A cheap language check: is this text English enough to screen? No models, no downloads.

Two signals, both from the text itself:
- script: if most letters are not Latin (Cyrillic, CJK, Arabic, Hebrew, Devanagari...), the text
  is not English;
- function words: among Latin-script words, common stopwords of Spanish, German, French,
  Portuguese, Italian, Dutch and Turkish that are NOT English words, against English ones.

Short texts, slang and emoji-heavy English have few stopwords of either kind, so the check only
declares "unsupported" when the foreign evidence is clear; otherwise the text is screened.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

VERSION = "1.0.0"

ENGLISH = frozenset("""
the a an and or but if of to in on at by for with from about as into over after before is are was
were be been being am do does did have has had i you he she it we they me him her us them my your
his its our their this that these those what which who whom when where why how not no never all
any some just so than too very can could will would shall should may might must there here then
up out off down again only also even still yet because while though im dont cant wont its youre
gonna wanna lol u ur
""".split())

# Frequent function words of other Latin-script languages that are not also English words.
FOREIGN = frozenset("""
el la los las del al y que en un una por para con es est esta este esto son como pero mas muy
ya yo tu su sus nos lo le se mi porque cuando donde todo todos nada hay ser estoy eres tengo
der das und ist nicht ein eine einen dem den zu mit sich auf für fur ich du er wir ihr sie es
auch noch wie aber oder wenn dass schon nur kein keine sehr mein dein sein bin bist sind
le les des et est une dans pour pas qui sur avec ce cette sont je tu il nous vous ils elle mais
ou donc très tres suis être etre fait plus moi toi lui leur
o os um uma não nao com muito você voce ele ela eles isso isto meu minha mas seu sua eu
il di che non per sono della delle gli questo questa anche molto io lui ci perché perche
het een en van niet dat ik je zijn wat voor met ook maar naar bij mijn jij wij hij zij
ve bir bu da de ne için icin ile çok cok ben sen o değil degil var yok
""".split()) - ENGLISH

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ASCII_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class LanguageGuess:
    english: bool
    reason: str


def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "other"
    return "latin" if name.startswith("LATIN") else name.split()[0].lower()


def check_language(text: str) -> LanguageGuess:
    """English enough to screen? Never False for short English, slang or emoji-heavy English."""
    text = text[:5000]
    if text.isascii():      # most posts: every letter is Latin, so only the word test remains
        if not _ASCII_LETTER.search(text):
            return LanguageGuess(True, "no letters (emoji or symbols only)")
        return _by_words(_WORD.findall(text.lower()))
    text = unicodedata.normalize("NFKC", text)   # fullwidth and styled Latin letters are Latin
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return LanguageGuess(True, "no letters (emoji or symbols only)")
    sample = letters[:2000]
    latin = sum(1 for c in sample if c.isascii() or _script(c) == "latin")
    if latin / len(sample) < 0.5 and len(sample) >= 4:
        scripts: dict[str, int] = {}
        for c in sample:
            if not c.isascii():
                s = _script(c)
                scripts[s] = scripts.get(s, 0) + 1
        main = max(scripts, key=scripts.get)
        return LanguageGuess(False, f"mostly {main} script")
    return _by_words([w.lower() for w in _WORD.findall(text[:5000])])


def _by_words(words: list[str]) -> LanguageGuess:
    en = sum(1 for w in words if w in ENGLISH)
    fo = sum(1 for w in words if w in FOREIGN)
    if fo >= 3 and fo >= en and len(words) >= 5:
        return LanguageGuess(False, f"{fo} non-English function words against {en} English ones")
    return LanguageGuess(True, "latin script, English or unclear")
