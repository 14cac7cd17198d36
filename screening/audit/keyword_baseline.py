"""The keyword screener every benchmark figure is compared against.

Built from the Grievance Dictionary (van der Vegt, Mozes, Kleinberg & Gill, 2021; MIT):
words rated >= 7 (``dictionary_7plus.csv``) in the categories threat, violence, murder and
weaponry. The dictionary's words are stemmed with the Snowball English ("Porter2") stemmer
(e.g. ``general`` stays ``general``, which the 1980 Porter stemmer would cut to ``gener``), so
text tokens are stemmed the same way and matched by stem; multi-word entries
(``act of terror``) match as consecutive stems. A text is flagged when any entry matches.

It implements the same ``screen`` / ``screen_many`` interface as the real screener, so both run
through the same benchmark code. It reads the lexicon from the evaluation data folder at run
time; nothing of it is copied into the project.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from screening.errors import BenchDataMissing
from screening.types import Evidence, Indicator, ScreenResult, Status

CATEGORIES = ("threat", "violence", "murder", "weaponry")
# A keyword hit says "violent word here"; map to the closest indicator for the evidence record.
CATEGORY_INDICATOR = {
    "threat": Indicator.DIRECT_THREAT.value,
    "violence": Indicator.VIOLENT_IDEATION.value,
    "murder": Indicator.VIOLENT_IDEATION.value,
    "weaponry": Indicator.VIOLENT_IDEATION.value,
}
DETECTOR = "keyword_baseline"
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


# --- Snowball English (Porter2) stemmer ------------------------------------------------------
_VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDING = frozenset("cdeghkmnrt")
_EXCEPTIONS = {
    "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
    "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
    "singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
    "cosmos": "cosmos", "bias": "bias", "andes": "andes",
}
_AFTER_1A = frozenset({"inning", "outing", "canning", "herring", "earring", "proceed", "exceed",
                       "succeed"})
_STEP2 = (
    ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"),
    ("iveness", "ive"), ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
    ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"),
    ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"),
    ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"), ("ogi", "og"), ("li", ""),
)
_STEP3 = (
    ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
    ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
)
_STEP4 = ("ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti",
          "ous", "ive", "ize", "ion", "al", "er", "ic")


def _is_vowel(word: str, i: int) -> bool:
    return word[i] in _VOWELS


def _regions(word: str) -> tuple[int, int]:
    def after_vc(start: int) -> int:
        for i in range(start + 1, len(word)):
            if not _is_vowel(word, i) and _is_vowel(word, i - 1):
                return i + 1
        return len(word)

    for prefix in ("gener", "commun", "arsen"):
        if word.startswith(prefix):
            r1 = len(prefix)
            break
    else:
        r1 = after_vc(0)
    return r1, after_vc(r1) if r1 < len(word) else len(word)


def _short_syllable_at_end(word: str) -> bool:
    n = len(word)
    if n == 2:
        return _is_vowel(word, 0) and not _is_vowel(word, 1)
    return (n >= 3 and not _is_vowel(word, n - 3) and _is_vowel(word, n - 2)
            and not _is_vowel(word, n - 1) and word[n - 1] not in "wxY")


def _is_short(word: str, r1: int) -> bool:
    return r1 >= len(word) and _short_syllable_at_end(word)


def _has_vowel(s: str) -> bool:
    return any(c in _VOWELS for c in s)


def stem(word: str) -> str:
    """Snowball English stemmer (Porter2) for one lowercase word."""
    if len(word) <= 2:
        return word
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    w = word.lstrip("'")
    if w.startswith("y"):
        w = "Y" + w[1:]
    w = "".join("Y" if c == "y" and i > 0 and w[i - 1] in _VOWELS else c for i, c in enumerate(w))
    r1, r2 = _regions(w)

    # step 0: possessives
    for suf in ("'s'", "'s", "'"):
        if w.endswith(suf):
            w = w[: -len(suf)]
            break
    # step 1a
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ied", "ies")):
        w = w[:-2] if len(w) > 4 else w[:-1]
    elif w.endswith(("us", "ss")):
        pass
    elif w.endswith("s") and _has_vowel(w[:-2]):
        w = w[:-1]
    if w in _AFTER_1A:
        return w
    # step 1b
    for suf in ("eedly", "ingly", "edly", "eed", "ing", "ed"):
        if w.endswith(suf):
            if suf in ("eed", "eedly"):
                if len(w) - len(suf) >= r1:
                    w = w[: -len(suf)] + "ee"
            elif _has_vowel(w[: -len(suf)]):
                w = w[: -len(suf)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif w.endswith(_DOUBLES):
                    w = w[:-1]
                elif _is_short(w, r1):
                    w += "e"
            break
    # step 1c
    if len(w) > 2 and w[-1] in "yY" and not _is_vowel(w, len(w) - 2):
        w = w[:-1] + "i"
    # step 2
    for suf, rep in _STEP2:
        if w.endswith(suf):
            if len(w) - len(suf) >= r1:
                if suf == "ogi":
                    if w[-4:-3] == "l":
                        w = w[:-3] + rep
                elif suf == "li":
                    if len(w) >= 3 and w[-3] in _LI_ENDING:
                        w = w[:-2]
                else:
                    w = w[: -len(suf)] + rep
            break
    # step 3
    for suf, rep in _STEP3:
        if w.endswith(suf):
            if len(w) - len(suf) >= r1:
                if suf == "ative":
                    if len(w) - len(suf) >= r2:
                        w = w[:-5]
                else:
                    w = w[: -len(suf)] + rep
            break
    # step 4
    for suf in _STEP4:
        if w.endswith(suf):
            if len(w) - len(suf) >= r2:
                if suf == "ion":
                    if len(w) >= 4 and w[-4] in "st":
                        w = w[:-3]
                else:
                    w = w[: -len(suf)]
            break
    # step 5
    if w.endswith("e"):
        if len(w) - 1 >= r2 or (len(w) - 1 >= r1 and not _short_syllable_at_end(w[:-1])):
            w = w[:-1]
    elif w.endswith("l") and len(w) - 1 >= r2 and w[-2:-1] == "l":
        w = w[:-1]
    return w.replace("Y", "y")


# --- the keyword screener ----------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    category: str
    word: str            # as in the dictionary (stems, space separated)
    stems: tuple[str, ...]


def load_entries(path: Path, categories: Iterable[str] = CATEGORIES) -> list[Entry]:
    if not path.is_file():
        raise BenchDataMissing(f"Grievance Dictionary not found at {path}; set SCREENING_BENCH_DATA "
                               "to the folder holding grievance_dictionary/.")
    wanted = set(categories)
    entries = []
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    found = {r["category"] for r in rows}
    if missing := wanted - found:
        raise BenchDataMissing(f"{path} has no categories {sorted(missing)} (has {sorted(found)})")
    for r in rows:
        if r["category"] in wanted:
            entries.append(Entry(r["category"], r["word"], tuple(r["word"].lower().split())))
    return entries


class KeywordScreener:
    """Flags a text when any Grievance Dictionary entry of the chosen categories matches."""

    rules_version = "grievance-7plus-stem-v1"

    def __init__(self, dictionary_path: Path, categories: Iterable[str] = CATEGORIES):
        self.categories = tuple(categories)
        self.entries = load_entries(dictionary_path, self.categories)
        digest = hashlib.sha256(dictionary_path.read_bytes()).hexdigest()[:8]
        self.model_version = f"keyword-{'+'.join(self.categories)}-{digest}"
        # first stem -> entries starting with it (longest first, so multi-word entries win)
        self._index: dict[str, list[Entry]] = {}
        for e in sorted(self.entries, key=lambda e: -len(e.stems)):
            self._index.setdefault(e.stems[0], []).append(e)
        self._stem_cache: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings) -> KeywordScreener:
        return cls(Path(settings.bench_data) / "grievance_dictionary" / "dictionary_7plus.csv")

    def _stem(self, token: str) -> str:
        s = self._stem_cache.get(token)
        if s is None:
            s = self._stem_cache[token] = stem(token)
        return s

    def matches(self, text: str) -> list[tuple[Entry, int, int]]:
        low = text.lower()
        if len(low) != len(text):  # keep offsets: leave characters whose lowercase is longer
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)]
        keys = [(t, self._stem(t)) for t, _, _ in toks]
        hits: list[tuple[Entry, int, int]] = []
        for i, (tok, st) in enumerate(keys):
            for e in self._index.get(st, []) + (self._index.get(tok, []) if tok != st else []):
                n = len(e.stems)
                if i + n <= len(keys) and all(
                        e.stems[j] in keys[i + j] for j in range(n)):
                    hits.append((e, toks[i][1], toks[i + n - 1][2]))
        return hits

    def screen(self, text: str | None) -> ScreenResult:
        if text is None or not text.strip():
            return ScreenResult(status=Status.EMPTY, model_version=self.model_version)
        hits = self.matches(text)
        seen: set[tuple[int, int, str]] = set()
        evidence = []
        for e, s, t in hits:
            if (s, t, e.category) in seen:
                continue
            seen.add((s, t, e.category))
            evidence.append(Evidence(start=s, end=t, text=text[s:t], indicator=CATEGORY_INDICATOR[e.category],
                                     detector=DETECTOR, rule=f"grievance_dictionary:{e.category}:{e.word}"))
        indicators = sorted({ev.indicator for ev in evidence})
        return ScreenResult(status=Status.SCREENED, flagged=bool(evidence), score=1.0 if evidence else 0.0,
                            indicators=indicators, evidence=evidence, model_version=self.model_version)

    def screen_many(self, texts: Iterable[str | None]) -> Iterator[ScreenResult]:
        for t in texts:
            yield self.screen(t)
