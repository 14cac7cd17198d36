"""Undo what people do to slip past keyword filters, keeping a map back to the original text.

``normalize(text)`` returns a :class:`Normalized` whose ``text`` is what the detectors read and
whose :meth:`Normalized.span` turns a span of that text into a span of the ORIGINAL text, so
that evidence always quotes what the author wrote (``original[start:end]``).

What it undoes (the tables live in ``patterns/normalize.yaml``):
- unicode look-alikes: NFKC (fullwidth, ligatures, styled letters), Cyrillic/Greek letters mixed
  into Latin words, zero-width characters and variation selectors;
- emoji, read by their role and slot (``patterns/emoji.yaml``): "I'll 🔪 you" → "I'll stab you",
  "bring the 🔫" → "bring the gun", "kill all 🏳️‍🌈" → "kill all gay people"; laughter and
  love (💀 😂 ❤️) never become violent words. A whole cluster (ZWJ sequence, variation selector,
  skin tone, flag) becomes one word whose span covers all of its characters;
- letters split by spaces or punctuation (``k i l l``, ``k.i.l.l``) when the joined word is one
  of the evasion targets (so ordinary single letters such as "u r a" stay as they are);
- punctuation inside a word (``sh.oot``, ``k-ill``) under the same condition;
- leetspeak inside words (``k1ll``, ``sh00t``, ``d13``, ``$hoot``; a bare number or "$5" is left
  alone), keeping the word's case (``K1LL`` → ``KILL``);
- accented letters in a word that spells a target without them (``kíll``, ``shóót``; "café" keeps
  its accent);
- asterisks standing for letters (``k*ll``, ``sh**t``, ``m*rder``) when exactly one target fits the
  mask and no ordinary word does (``sh*t``, ``s**t``, ``f*ck`` stay as they are: ``masked_ordinary``);
- letters repeated for emphasis (``kiiiill`` → ``kill``), keeping real doubles (``shoot``);
- slips of the keyboard one edit from a ``typo_targets`` verb (``kil``, ``kilk``, ``kiill``,
  ``shoto``, ``murdr``, ``stabb``), read only in a verb slot (after will/gonna/to ..., before an
  object or the end: "i will kil you") and never when the word is ordinary (``skill``, ``kiln``,
  ``shoo``, ``bill``: ``ordinary_near_targets``, made by ``scripts/ordinary_near_targets.py``);
- a typo target split in two by a space in a verb slot (``sh oot``, ``k ill``) and glued to its
  neighbours (``killthem``, ``iwillshoot``) when the word splits wholly into ``glue_words`` and a
  target.

Most texts need none of this; they take a fast path with an identity map.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from screening.errors import RulesError
from screening.screen.nlp.rules import SAFE_LOADER  # libyaml's safe loader, as the rules are read

VERSION = "1.2.0"
TABLES = Path(__file__).parent / "patterns" / "normalize.yaml"
EMOJI_FILE = "emoji.yaml"   # next to the normalize tables
TARGETS_FILE = "targets.yaml"   # likewise; its place class names homes and meeting places

_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0e", "\ufe0f"}
_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "er", "ers", "in", "n")


_ZWJ = "\u200d"
_VS = {"\ufe0e", "\ufe0f"}
_TONES_RANGE = ("\U0001f3fb", "\U0001f3ff")
_KEYCAP = "\u20e3"
ROLES = ("weapon", "violence", "death", "blood", "group", "person", "place", "thing", "pest", "affect", "time")
TARGET_ROLES = ("group", "person")


@dataclass(frozen=True)
class EmojiEntry:
    role: str
    noun: str = ""       # the word read in a noun slot ('' = leave the emoji as it is)
    verb: str = ""       # the word read in a verb slot ('' = no verb reading)
    strict: bool = False  # a verb only after a subject, a modal or "to", never opening a clause
    past: str = ""       # the participle read after "be" / "get" ("should be 🔫" -> shot)
    wished: str = ""     # the verb read when the act is wished on a subject ("hope they all 💀" -> die)
    equated: str = ""    # the noun read when a target is set equal to it ("muslims = 🎯" -> target)
    wished_before: tuple[str, ...] = ()   # words the wished reading needs right after it ('' = none)
    past_before: tuple[str, ...] = ()     # words the participle reading needs right after it ('' = none)


@dataclass(frozen=True)
class _Tables:
    emoji: dict[str, EmojiEntry]
    confusables: dict[str, str]
    leet: dict[str, tuple[str, ...]]
    targets: frozenset[str]
    tones: dict[str, str]
    joined_signs: frozenset[str]
    people_together: str
    flags: dict[str, str]
    flag_default: str
    subdivisions: dict[str, str]
    typo_targets: frozenset[str] = frozenset()
    variants: dict[str, str] | None = None        # a word one edit off a typo target -> that target
    masked_ordinary: frozenset[str] = frozenset()
    star_words: tuple[str, ...] = ()             # what a masked word ("k*ll") may stand for
    glue_words: frozenset[str] = frozenset()
    glue_violent: tuple[str, ...] = ()           # typo targets and their forms, longest first
    ordinary: frozenset[str] = frozenset()
    split_heads: frozenset[str] = frozenset()    # the first part of a typo target split by a space ("sh" oot)
    variant_words: frozenset[str] = frozenset()  # the keys of ``variants``
    glue_violent_set: frozenset[str] = frozenset()
    people_words: frozenset[str] = frozenset()   # the words people emoji read as ("women", "gay", "muslims")
    places: frozenset[str] = frozenset()         # targets.yaml's places where people are ("church", "house")
    groups: frozenset[str] = frozenset()         # targets.yaml's group words ("catholic", "arabs")
    persons: frozenset[str] = frozenset()        # targets.yaml's person words ("priest", "kid")
    driven: tuple[frozenset[str], str, str, str] | None = None   # vehicles, speed sign, verb, participle


@lru_cache(maxsize=4)
def load_tables(path: Path = TABLES) -> _Tables:
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read normalization tables ({exc})") from exc
    for key in ("confusables", "leet", "targets"):
        if key not in raw:
            raise RulesError(f"{path}: missing section '{key}'")
    em = load_emoji(Path(path).parent / EMOJI_FILE)
    conf = {}
    for k, v in raw["confusables"].items():
        if len(str(k)) != 1 or not isinstance(v, str) or len(v) != 1:
            raise RulesError(f"{path}: confusable entry {k!r} must map one character to one letter")
        conf[str(k)] = v
    leet = {}
    for k, v in raw["leet"].items():
        vals = tuple(v) if isinstance(v, list) else (v,)
        if len(str(k)) != 1 or not all(isinstance(x, str) and len(x) == 1 for x in vals):
            raise RulesError(f"{path}: leet entry {k!r} must map one character to letters")
        leet[str(k)] = vals
    targets = frozenset(str(t).lower() for t in raw["targets"])
    if not targets:
        raise RulesError(f"{path}: 'targets' must list the words people disguise")
    for key in ("typo_targets", "ordinary_near_targets", "masked_ordinary", "glue_words"):
        if not isinstance(raw.get(key), list):
            raise RulesError(f"{path}: '{key}' must be a list of words")
    typo = frozenset(str(w).lower() for w in raw["typo_targets"])
    ordinary = frozenset(str(w).lower() for w in raw["ordinary_near_targets"])
    bad = typo - targets
    if bad:
        raise RulesError(f"{path}: typo targets {sorted(bad)} must also be in 'targets'")
    forms = {f for w in typo for f in _forms(w)}
    variants: dict[str, str] = {}
    clash: set[str] = set()
    for w in sorted(typo):
        for v in edit_variants(w):
            if v in ordinary or v in forms or _in_targets(v, targets) or len(v) < 3:
                continue
            if v in variants and variants[v] != w:
                clash.add(v)
            variants[v] = w
    for v in clash:
        del variants[v]
    masked = frozenset(str(w).lower() for w in raw["masked_ordinary"])
    star_words = tuple(sorted({f for w in targets for f in _forms(w)} | masked))
    glue = frozenset(str(w).lower() for w in raw["glue_words"])
    people = {w for e in em["emoji"].values() if e.role in TARGET_ROLES for w in e.noun.split()}
    people |= {w for v in list(em["flags"].values()) + list(em["subdivisions"].values()) for w in v.split()}
    people |= {w for v in em["tones"].values() for w in v.split()}
    people -= {"you"}
    classes = _classes(Path(path).parent / TARGETS_FILE)
    places = frozenset(w for c in classes.values() if c[0] == "place" for w in c[1])
    return _Tables(em["emoji"], conf, leet, targets, em["tones"], em["joined_signs"], em["people_together"],
                   em["flags"], em["flag_default"], em["subdivisions"], typo, variants, masked, star_words,
                   glue, tuple(sorted(forms, key=len, reverse=True)), ordinary,
                   frozenset(f[:i] for f in forms for i in range(1, len(f))), frozenset(variants), frozenset(forms),
                   people_words=frozenset(people), places=places, groups=classes.get("group", ("", frozenset()))[1],
                   persons=classes.get("person", ("", frozenset()))[1], driven=em["driven"])


def _classes(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """targets.yaml's classes: name -> (what it reads as, its words) (validated with the rules)."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
        classes = (raw or {}).get("classes") or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read the target classes ({exc})") from exc
    return {str(n): (str(c.get("reads_as")), frozenset(str(w).lower() for w in c.get("words") or ()))
            for n, c in classes.items() if isinstance(c, dict)}


def _forms(w: str) -> set[str]:
    """A verb with its common endings: kill, kills, killed, killing; stab, stabbed, stabbing."""
    out = {w, w + "s", w + "ed", w + "ing"}
    if w.endswith("e"):
        out |= {w + "d", w[:-1] + "ing"}
    if len(w) >= 3 and w[-1] in "bdgmnpt" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return out


def edit_variants(word: str) -> set[str]:
    """Every word one edit from ``word``: a letter missing, doubled, swapped with its neighbour,
    replaced or added ("kil", "kiill", "shoto", "kilk")."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def _emoji_key(s: str) -> str:
    """The lookup key of an emoji: without variation selectors and joiners."""
    return "".join(ch for ch in s if ch not in _DROP)


def load_emoji(path: Path) -> dict:
    """Read and check emoji.yaml: every emoji has a known role and the words its role needs."""
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read the emoji table ({exc})") from exc
    for key in ("emoji", "skin_tones", "joined_signs", "people_together", "flags", "flag_default"):
        if key not in (raw or {}):
            raise RulesError(f"{path}: missing section '{key}'")
    emoji: dict[str, EmojiEntry] = {}
    for k, v in raw["emoji"].items():
        key = _emoji_key(str(k))
        where = f"{path.name}: emoji {k!r}"
        if not key or key.isascii():
            raise RulesError(f"{where}: the key must be an emoji")
        if not isinstance(v, dict) or v.get("role") not in ROLES:
            raise RulesError(f"{where}: needs a role, one of {', '.join(ROLES)}")
        bad = set(v) - {"role", "noun", "verb", "strict", "past", "wished", "equated",
                        "wished_before", "past_before"}
        if bad:
            raise RulesError(f"{where}: unknown field(s) {sorted(bad)}")
        noun, verb = str(v.get("noun") or "").strip(), str(v.get("verb") or "").strip()
        if v["role"] != "affect" and not noun:
            raise RulesError(f"{where}: a {v['role']} emoji needs the noun it reads as")
        if v["role"] == "affect" and noun:
            raise RulesError(f"{where}: affect emoji (laughter, love, praise) never become nouns")
        if v["role"] in ("weapon",) and not verb:
            raise RulesError(f"{where}: a weapon emoji needs the verb it stands for ('🔫' -> shoot)")
        if key in emoji:
            raise RulesError(f"{where}: listed twice")
        past, wished, equated = (str(v.get(f) or "").strip().lower() for f in ("past", "wished", "equated"))
        wb = v.get("wished_before") or []
        if not isinstance(wb, list) or not all(isinstance(x, str) and x.strip() for x in wb) or (wb and not wished):
            raise RulesError(f"{where}: 'wished_before' must list words, and needs a 'wished' reading")
        if past and not verb and v["role"] != "death":
            raise RulesError(f"{where}: a participle ('past') needs the verb it comes from")
        pb = v.get("past_before") or []
        if not isinstance(pb, list) or not all(isinstance(x, str) and x.strip() for x in pb) or (pb and not past):
            raise RulesError(f"{where}: 'past_before' must list words, and needs a 'past' reading")
        emoji[key] = EmojiEntry(v["role"], noun.lower(), verb.lower(), bool(v.get("strict", False)),
                                past, wished, equated, tuple(x.strip().lower() for x in wb),
                                tuple(x.strip().lower() for x in pb))
    tones = {}
    for k, v in raw["skin_tones"].items():
        if len(str(k)) != 1 or not _TONES_RANGE[0] <= str(k) <= _TONES_RANGE[1] or not isinstance(v, str):
            raise RulesError(f"{path.name}: skin tone {k!r} must map one modifier to a word or ''")
        tones[str(k)] = v.strip()
    flags = {}
    for k, v in raw["flags"].items():
        if not (isinstance(k, str) and re.fullmatch(r"[A-Z]{2}", k)) or not isinstance(v, str) or not v.strip():
            raise RulesError(f"{path.name}: flag {k!r} must map a two-letter country code to its people")
        flags[k] = v.strip().lower()
    subs = {str(k).lower(): str(v).strip().lower() for k, v in (raw.get("subdivisions") or {}).items()}
    driven = None
    if raw.get("driven") is not None:
        d = raw["driven"]
        vehicles = [_emoji_key(str(v)) for v in (d.get("vehicles") or [])] if isinstance(d, dict) else []
        if not vehicles or not all(v in emoji for v in vehicles) or not all(
                isinstance(d.get(f), str) and d[f].strip() for f in ("sign", "verb", "past")):
            raise RulesError(f"{path.name}: 'driven' needs vehicles listed under emoji, a sign, a verb and a past")
        driven = (frozenset(vehicles), _emoji_key(d["sign"]), d["verb"].strip().lower(), d["past"].strip().lower())
    return {"emoji": emoji, "tones": tones, "joined_signs": frozenset(str(x) for x in raw["joined_signs"]),
            "people_together": str(raw["people_together"]).strip(), "flags": flags,
            "flag_default": str(raw["flag_default"]).strip(), "subdivisions": subs, "driven": driven}


def _is_pictograph(ch: str) -> bool:
    o = ord(ch)
    return (0x1F000 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF or 0x2300 <= o <= 0x23FF
            or 0x2B00 <= o <= 0x2BFF or o in (0x3030, 0x303D, 0x3297, 0x3299, 0x00A9, 0x00AE, 0x203C,
                                              0x2049, 0x2122, 0x2139, 0x2934, 0x2935))


def _is_tone(ch: str) -> bool:
    return _TONES_RANGE[0] <= ch <= _TONES_RANGE[1]


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _cluster_end(text: str, i: int) -> int:
    """End of the emoji cluster starting at ``i``: the pictograph with its variation selectors,
    skin tone, keycap, flag tags and everything joined to it by ZWJ; a flag is a pair of regional
    indicators."""
    n = len(text)
    if _is_regional(text[i]):
        return i + 2 if i + 1 < n and _is_regional(text[i + 1]) else i + 1
    j = i + 1
    while j < n:
        c = text[j]
        if c in _VS or _is_tone(c) or c == _KEYCAP or 0xE0020 <= ord(c) <= 0xE007F:
            j += 1
        elif c == _ZWJ and j + 1 < n and (_is_pictograph(text[j + 1]) or text[j + 1] in "♂♀⚕⚖✈"):
            j += 2
        else:
            break
    return j


def _cluster_entry(cluster: str, t: _Tables) -> tuple[EmojiEntry, str] | None:
    """The entry for an emoji cluster and the word it reads as in a noun slot, most specific
    reading first: the whole sequence, then without its skin tone, then a sequence of people
    (a family), then its first part ("👳‍♂️" is 👳, "👮‍♀️" is 👮, "🧑‍🍳" is 🧑)."""
    if _is_regional(cluster[0]):
        if len(cluster) == 2:
            code = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in cluster)
            return EmojiEntry("group", t.flags.get(code, t.flag_default)), t.flags.get(code, t.flag_default)
        return None
    tags = "".join(chr(ord(c) - 0xE0000) for c in cluster if 0xE0020 < ord(c) < 0xE007F)
    if tags:
        word = t.subdivisions.get(tags)
        return (EmojiEntry("group", word), word) if word else None
    key = _emoji_key(cluster)
    tone = next((t.tones.get(c, "") for c in key if _is_tone(c)), "")
    bare = "".join(c for c in key if not _is_tone(c))
    parts = [p for p in ("".join(c for c in part if c not in _VS and not _is_tone(c))
                         for part in cluster.split(_ZWJ)) if p and p not in t.joined_signs]
    e = t.emoji.get(key) or t.emoji.get(bare) or t.emoji.get("".join(parts))
    if e is None and len(parts) > 1 and all(t.emoji.get(p) is not None and t.emoji[p].role == "person"
                                            or p == "🤝" for p in parts):
        e = EmojiEntry("group", t.people_together)
    if e is None and parts:
        e = t.emoji.get(parts[0])
    if e is None:
        return None
    word = e.noun
    if tone and e.role in TARGET_ROLES and word:
        word = f"{tone} {word}"
    return e, word


# words after which an emoji stands where a verb goes ("I'll 🔪 you", "gonna 🔫 them")
_VERB_BEFORE = {"to", "will", "'ll", "ll", "gonna", "gon", "finna", "wanna", "gotta", "tryna", "should", "must",
                "shall", "would", "could", "'d", "might", "can", "cant", "can't", "wont", "won't", "lets",
                "let's", "i", "we", "you", "u", "they", "he", "she", "imma", "ima", "please", "pls", "and",
                "then", "just", "go", "gonn", "na", "ta", "never", "finally", "really", "all", "dont",
                "don't", "didn't", "didnt", "'m", "m", "im", "i'm", "we'll", "i'll", "ill", "you'll", "they'll",
                "we're", "i'd", "id", "we'd", "youre", "you're", "u'll", "i'ma", "ama", "somebody", "someone",
                "anyone", "anybody", "who",
                # why: "RT if you'd 🔪 a ☪️" read "you'd knife a muslim"; "'d" after any pronoun is a modal
                "you'd", "youd", "u'd", "they'd", "he'd", "she'd"}
# modals and "to": the only words after which a `strict` emoji can be a verb
_MODAL_BEFORE = {"to", "will", "'ll", "ll", "gonna", "gon", "finna", "wanna", "gotta", "tryna", "should", "must",
                 "shall", "would", "could", "'d", "might", "can", "lets", "let's", "imma", "ima", "please", "pls",
                 "na", "ta", "i'll", "we'll", "you'll", "they'll", "u'll", "ill", "i'd", "we'd", "i'ma",
                 "you'd", "youd", "u'd", "they'd", "he'd", "she'd"}
# words after which an emoji that opens a clause is the verb ("💣 the mosque", "🔪 them all")
_OBJECT_AFTER = {"the", "a", "an", "all", "every", "them", "him", "her", "you", "u", "those", "these", "that",
                 "this", "my", "your", "ur", "their", "his", "our", "some", "em", "'em", "everyone", "everybody",
                 "ya", "yall", "y'all", "each", "any", "me", "us", "it", "up", "themselves", "himself", "herself",
                 "yourself", "urself", "yourselves", "anyone", "anybody"}
_CLAUSE_END = re.compile(r"(?:^|[.!?;:,\n]\s*)$")


class Normalized:
    """The normalized text and, per character, the original span it came from."""

    __slots__ = ("original", "text", "_starts", "_ends")

    def __init__(self, original: str, text: str, starts: list[int] | None, ends: list[int] | None):
        self.original, self.text = original, text
        self._starts, self._ends = starts, ends

    @property
    def changed(self) -> bool:
        return self._starts is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalized span [start, end)."""
        if self._starts is None:
            return start, end
        if end <= start:
            p = self._starts[start] if start < len(self._starts) else len(self.original)
            return p, p
        return self._starts[start], self._ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]


def _in_targets(word: str, targets: frozenset[str]) -> bool:
    w = word.lower()
    for suf in _SUFFIXES:
        if suf and not w.endswith(suf):
            continue
        stem = w[: len(w) - len(suf)] if suf else w
        if stem in targets or (suf in ("ing", "ed", "er", "ers", "in", "n") and stem + "e" in targets):
            return True
        # shooting -> shoot, stabbed -> stab (doubled consonant)
        if suf in ("ing", "ed", "er", "ers") and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in targets:
            return True
    return False


# Candidate evasions; each is checked further before anything changes.
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TRIPLE = re.compile(r"(\w)\1\1")
_NEEDS_WORK = re.compile(
    r"(\w)\1\1"                                  # a letter three times
    r"|[a-z][0-9@$!|][a-z0-9@$!|]*[a-z]|[a-z][0-9@$|]+\b|\b[0-9@$|]+[a-z]"  # leet inside a word
    r"|(?<![\w$])\$[a-z]{2}"                     # a word opened by a dollar sign ("$hoot")
    r"|\b\w[ .\-_*'·]\w[ .\-_*'·]\w\b"           # spaced / dotted letters
    r"|[a-z][.\-_·][a-z]|[a-z]\*+[a-z]",          # punctuation or asterisks inside a word (not apostrophes)
    re.IGNORECASE,
)
_TOKENS = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
# a slip of the keyboard is read as a violent verb only where a verb goes: after these ...
_SLOT_BEFORE = frozenset({"will", "'ll", "ll", "i'll", "ill", "we'll", "you'll", "u'll", "he'll", "she'll", "they'll",
                          "gonna", "finna", "wanna", "gotta", "tryna", "imma", "ima", "to", "should", "must", "shall",
                          "would", "could", "lets", "let's", "please", "pls", "just", "go", "i'd", "we'd", "and",
                          "wont", "won't", "can", "cant", "can't", "might", "gon", "na"})
# ... and before an object or the end of the clause
_SLOT_AFTER = frozenset({"you", "u", "ya", "yall", "y'all", "him", "her", "them", "em", "'em", "everyone", "everybody",
                         "all", "the", "that", "this", "those", "these", "up", "my", "his", "your", "ur", "their",
                         "us", "me", "every", "some", "yourself", "myself", "each", "any", "whoever", "anyone", "a",
                         "an", "our", "ppl", "people"})


def _maybe_variant(text: str, t: _Tables) -> bool:
    """Could the text hold a slipped, split or glued typo target? (a cheap test before the pass)"""
    if not t.variants:
        return False
    low = text.lower()
    words = _TOKENS.findall(low)
    seen = set(words)
    if not seen.isdisjoint(t.variant_words):      # (two sets: the smaller one is walked)
        return True
    if not seen.isdisjoint(t.split_heads):
        forms = t.glue_violent
        if any(a + b in forms for a, b in zip(words, words[1:], strict=False) if a in t.split_heads):
            return True
    bases = [b for b in t.typo_targets if b in low]
    return bool(bases) and any(len(w) >= 6 and w not in t.ordinary and w not in t.glue_violent_set
                               and any(b in w for b in bases) for w in seen)


def _variant_pass(chars, starts, ends, t: _Tables):
    """Read slips of the keyboard ("kil", "kilk", "shoto", "kiill"), spaces put inside a word
    ("sh oot") and spaces taken out ("killthem", "iwillshoot") as the typo targets they stand for.
    A slip or a split word is read only in a verb slot (after will/gonna/to, before an object or the
    end) and never when it is an ordinary word (``ordinary_near_targets``); a glued word only
    when it splits wholly into ``glue_words`` and at least one typo target."""
    s = "".join(chars)
    toks = list(_TOKENS.finditer(s))
    low = [m.group().lower() for m in toks]
    drops: dict[int, int] = {}                   # index dropped -> the index whose span takes it
    repl: dict[int, str] = {}
    inserts: dict[int, list[tuple[str, int, int]]] = {}

    def gap(a: int, b: int) -> str:
        return s[toks[a].end():toks[b].start()]

    def slot(first: int, last: int) -> bool:
        if first == 0 or low[first - 1] not in _SLOT_BEFORE or gap(first - 1, first).strip():
            return False
        if last + 1 >= len(toks):
            return True
        g = gap(last, last + 1)
        return bool(g.strip()) or low[last + 1] in _SLOT_AFTER

    def cased(word: str, letter: str) -> str:
        return letter.upper() if word.isupper() else letter

    forms = t.glue_violent_set
    k = 0
    while k < len(toks):
        w, m = low[k], toks[k]
        if w in t.variants and slot(k, k):
            target = t.variants[w]
            pos = list(range(m.start(), m.end()))
            word = m.group()
            if len(w) == len(target):
                for j, c in enumerate(target):
                    if w[j] != c:
                        repl[pos[j]] = cased(word, c)
            elif len(w) == len(target) + 1:
                j = next(j for j in range(len(w)) if w[:j] + w[j + 1:] == target)
                drops[pos[j]] = pos[j - 1] if j > 0 else pos[j + 1]
            else:
                j = next(j for j in range(len(target)) if w[:j] + target[j] + w[j:] == target)
                at = pos[j] if j < len(pos) else pos[-1] + 1
                near = pos[j - 1] if j > 0 else pos[0]
                inserts.setdefault(at, []).append((cased(word, target[j]), starts[near], ends[near]))
        elif k + 1 < len(toks) and w + low[k + 1] in forms and len(w) + len(low[k + 1]) >= 4 \
                and w not in forms and low[k + 1] not in forms \
                and gap(k, k + 1) in (" ", "  ") and slot(k, k + 1):
            a = toks[k].end() - 1
            for j in range(toks[k].end(), toks[k + 1].start()):
                drops[j] = a                     # "sh oot" -> "shoot"
            k += 2
            continue
        elif len(w) >= 6 and w not in t.ordinary and w not in forms and any(f in w for f in forms):
            cuts = _segment(w, t.glue_words, forms)
            if cuts:
                for c in cuts:                   # "killthem" -> "kill them"
                    p = m.start() + c
                    inserts.setdefault(p, []).append((" ", starts[p - 1], ends[p - 1]))
        k += 1
    if not (drops or repl or inserts):
        return chars, starts, ends
    out_c, out_s, out_e = [], [], []
    keep_s, keep_e = list(starts), list(ends)
    for i, into in drops.items():
        keep_s[into] = min(keep_s[into], starts[i])
        keep_e[into] = max(keep_e[into], ends[i])
    for i in range(len(chars) + 1):
        for c, a, b in inserts.get(i, ()):
            out_c.append(c)
            out_s.append(a)
            out_e.append(b)
        if i < len(chars) and i not in drops:
            out_c.append(repl.get(i, chars[i]))
            out_s.append(keep_s[i])
            out_e.append(keep_e[i])
    return out_c, out_s, out_e


def _segment(word: str, glue: frozenset[str], violent: set[str]) -> list[int] | None:
    """Cut points that split ``word`` wholly into glue words and at least one violent form
    ("iwillshoot" -> i|will|shoot), fewest pieces first; None when it does not split so."""
    n = len(word)
    best: list[tuple[int, list[int], bool] | None] = [None] * (n + 1)
    best[0] = (0, [], False)
    for i in range(n):
        if best[i] is None:
            continue
        pieces, cuts, hit = best[i]
        for j in range(i + 1, min(n, i + 12) + 1):
            piece = word[i:j]
            v = piece in violent
            if v or piece in glue:
                cand = (pieces + 1, cuts + ([i] if i else []), hit or v)
                cur = best[j]
                if cur is None or (cand[2], -cand[0]) > (cur[2], -cur[0]):
                    best[j] = cand
    end = best[n]
    if end is None or not end[2] or end[0] < 2:
        return None
    return end[1]


def normalize(text: str, tables: _Tables | None = None) -> Normalized:
    t = tables or load_tables()
    if text.isascii() and not _NEEDS_WORK.search(text):
        if not _maybe_variant(text, t):
            return Normalized(text, text, None, None)
        chars, starts, ends = _variant_pass(list(text), list(range(len(text))), list(range(1, len(text) + 1)), t)
    else:
        chars, starts, ends = _char_pass(text, t)
        chars, starts, ends = _word_pass(chars, starts, ends, t)
        if _maybe_variant("".join(chars), t):
            chars, starts, ends = _variant_pass(chars, starts, ends, t)
    out = "".join(chars)
    if out == text:
        return Normalized(text, text, None, None)
    return Normalized(text, out, starts, ends)


def _char_pass(text: str, t: _Tables):
    """NFKC, emoji to words, drop invisible characters; each output char keeps its source span."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    # look-alike letters are only Latinized inside words that already hold Latin letters ("kіll"),
    # so that real Cyrillic or Greek text stays what it is
    mixed = bytearray(len(text))
    for m in re.finditer(r"\S+", text):
        w = m.group()
        if not w.isascii() and re.search(r"[A-Za-z]", w):
            # accented letters are read bare only where that spells a target ("kíll", "shóót");
            # "café" and "naïve" keep their accents
            bare = "".join(_bare(c) for c in w if c.isalpha())
            flag = b"\x02" if _in_targets(bare, t.targets) else b"\x01"
            mixed[m.start():m.end()] = flag * (m.end() - m.start())
    i, n = 0, len(text)
    decor = _decoration(text)
    # the last emoji read as a word: its key, where it ended, its first char, read as a verb?
    emitted: tuple[str, int, int, bool] | None = None
    while i < n:
        ch = text[i]
        if ch.isascii():
            # a run of ASCII characters is copied as it is, each char its own source (every
            # special case below starts at a non-ASCII character: emoji, invisible characters,
            # tones, joined signs, look-alikes); a char other than a space ends an emoji run
            j = _ASCII_RUN.match(text, i).end()
            chars.extend(text[i:j])
            starts.extend(range(i, j))
            ends.extend(range(i + 1, j + 1))
            if not text[i:j].isspace():
                emitted = None
            i = j
            continue
        if i in decor:
            # why: the same emoji put between every word ("kill 🔪 every 🔪 single 🔪 jew") is
            # emphasis; read as a word it broke the sentence ("kill stab every knife single")
            j = decor[i] + (1 if decor[i] < n and text[decor[i]].isspace() else 0)
            if ends:
                ends[-1] = j
            i = j
            continue
        if ch in _DROP:
            if ends:
                ends[-1] = i + 1
            i += 1
            continue
        if _is_tone(ch) or ch in t.joined_signs and chars and not chars[-1].isspace() and starts[-1] < i and ends[-1] == i:
            if ends:       # a stray modifier or sign: part of whatever it follows
                ends[-1] = i + 1
            i += 1
            continue
        found = None
        if not ch.isascii() and (_is_pictograph(ch) or ch in "✡☪✝☸⚧♥♿⚰☠⚔⛪☕⚽⚾⏰"):
            width = _cluster_end(text, i) - i
            found = _cluster_entry(text[i:i + width], t)
        if found is not None:
            entry, noun = found
            key = _emoji_key(text[i:i + width])
            if emitted is not None and (emitted[0] == key or emitted[3] and entry.role in _HARM_ROLES) \
                    and all(c.isspace() for c in text[emitted[1]:i]):
                # the same emoji again ("🔪🔪🔪"), or more harm after a verb ("💣💥 the parliament"):
                # one word whose span covers the run
                for k in range(emitted[2], len(ends)):
                    ends[k] = i + width
                i += width
                if (i >= n or text[i].isspace()) and chars and chars[-1] == " " and starts[-1] < i - width:
                    chars.pop(), starts.pop(), ends.pop()     # the run ends at a space: no extra one
                emitted = (emitted[0], i, emitted[2], emitted[3])
                continue
            word = _slot_word(entry, noun, chars, text, i, i + width, t)
            if t.driven and key in t.driven[0] and text.startswith(t.driven[1], i + width):
                # "🚗💨 the homeless", "gets 🚗💨": a vehicle driven at speed is the act where a verb
                # goes; elsewhere ("🚗💨 leaving work", "🚗💨 into the parade") it stays "car 💨"
                end = i + width
                while text.startswith(t.driven[1], end) or end < n and text[end] in _VS:
                    end += len(t.driven[1]) if text.startswith(t.driven[1], end) else 1
                nxt = re.match(r"\s*([A-Za-z']+)", text[end:end + 30])
                if not (nxt and nxt.group(1).lower() in ("into", "through", "thru", "at")):
                    act = EmojiEntry("violence", noun, t.driven[2], False, t.driven[3])
                    w2 = _slot_word(act, noun, chars, text, i, end, t)
                    # the act only before a determiner, a pronoun or a people emoji ("🚗💨 the homeless",
                    # "🚗💨 🏳️‍⚧️"): before a bare word it is as often a convoy ("🚗💨 trans drivers convoy")
                    if w2 == act.past or w2 == act.verb and (not nxt or nxt.group(1).lower() in _OBJECT_AFTER):
                        entry, word, width = act, w2, end - i
            suffix = re.match(r"(?:ing|in|ed|d)(?![A-Za-z])", text[i + width:i + width + 4]) if entry.verb else None
            if suffix and entry.role != "affect" and not entry.strict:
                # why: people inflect an emoji verb like a word ("🔫ing every one", "all getting 🪓ed");
                # read apart, "axe ed" named a weapon and no act ("🔥ing it up" stays praise: strict)
                word = _inflect(entry, suffix.group())
                width += suffix.end()
        if found is not None and word:
            before = "" if not chars or chars[-1].isspace() else " "
            after = "" if i + width >= n or text[i + width].isspace() else " "
            rep = f"{before}{word}{after}"
            emitted = (key, i + width, len(chars) + len(before),
                       word.lstrip(", ") in (entry.verb, entry.wished, entry.past) and entry.role != "affect")
            chars.extend(rep)
            starts.extend([i] * len(rep))
            ends.extend([i + width] * len(rep))
            i += width
            continue
        if not ch.isspace():
            emitted = None
        if not ch.isascii():
            ch2 = t.confusables.get(ch) if mixed[i] else None
            if ch2 is None and mixed[i] == 2:
                ch2 = _bare(ch) if _bare(ch).isascii() else None
            if ch2 is None:
                ch2 = unicodedata.normalize("NFKC", ch)
                if len(ch2) == 1 and not ch2.isascii() and mixed[i]:
                    ch2 = t.confusables.get(ch2, ch2)
            for c in ch2:
                chars.append(c)
                starts.append(i)
                ends.append(i + 1)
        else:
            chars.append(ch)
            starts.append(i)
            ends.append(i + 1)
        i += 1
    return chars, starts, ends


def _decoration(text: str) -> dict[int, int]:
    """Where the same emoji stands between single words three times or more ("kill 🔪 every 🔪
    single 🔪 jew"): start -> end of each such emoji, which is emphasis, not a word."""
    if len(text) < 9 or text.isascii():
        return {}     # (no emoji in it: the normaliser also reads ASCII texts that need other work)
    seen: dict[str, list[tuple[int, int]]] = {}
    i = 0
    while (m := _NON_ASCII.search(text, i)) is not None:     # (ASCII characters are no emoji)
        i = m.start()
        if _is_pictograph(text[i]):
            j = _cluster_end(text, i)
            seen.setdefault(_emoji_key(text[i:j]), []).append((i, j))
            i = j
        else:
            i += 1
    out: dict[int, int] = {}
    for spans in seen.values():
        if len(spans) < 3:
            continue
        run = [spans[0]]
        for a, b in zip(spans, spans[1:], strict=False):
            if re.fullmatch(r"\s+[A-Za-z'@#_\-]+\s+", text[a[1]:b[0]]):
                run.append(b)
                continue
            if len(run) >= 3:
                out.update(run)
            run = [b]
        if len(run) >= 3:
            out.update(run)
    return out


def _inflect(entry: EmojiEntry, suffix: str) -> str:
    """An emoji verb with the ending written after it: 🔫ing -> shooting, 🪓ed -> axed."""
    v = entry.verb
    if suffix in ("ed", "d"):
        return entry.past or (v + "d" if v.endswith("e") else v + "ed")
    if v.endswith("e") and not v.endswith("ee"):
        return v[:-1] + "ing"
    if len(v) >= 3 and v[-1] in "bdgmnpt" and v[-2] in "aeiou" and v[-3] not in "aeiou":
        return v + v[-1] + "ing"
    return v + "ing"


def _bare(ch: str) -> str:
    """A Latin letter without its accents ("í" -> "i"); other characters as they are."""
    d = unicodedata.normalize("NFKD", ch)
    return d[0] if d and d[0].isascii() and d[0].isalpha() else ch


def _slot_word(entry: EmojiEntry, noun: str, chars: list[str], text: str, start: int, after: int, t: _Tables) -> str:
    """The word an emoji reads as where it stands: its verb reading in a verb slot, else its noun.

    A verb slot: after a subject, a modal or "to" ("I'll 🔪 you"), between a subject and its object
    ("somebody 💣 that 🏥", "hope they 🪢 themselves"), or opening a clause before an object or a
    target emoji ("💣 the 🕌"). After "be" or "get" a weapon is the act done ("should be 🔫" ->
    shot, "she's getting 🔪" -> stabbed). A `strict` emoji (🔥 💥 💀 ❤️, mostly praise, laughter
    or love) is a verb only between a modal or "to" and its object ("I'm going to 💀 you"),
    so "I'm 💀", "you 🔥🔥" and "gonna 🔥 up the grill" keep their ordinary sense. Its `wished`
    reading needs a wish with its own subject before it ("hope they all 💀 slowly" -> die), and
    the word `wished_before` names after it when it does ("may they 🔥 in hell").
    An `equated` reading stands right after "=" or an arrow ("muslims = 🎯" -> target)."""
    prev = "".join(chars[-40:])
    if entry.equated and _EQUATED.search(prev):
        return entry.equated
    words = re.findall(r"[a-z']+|[^\sa-z']", prev.lower())
    last = words[-1] if words else ""
    state = words[-2] if last == "all" and len(words) > 1 else last
    if entry.past and not entry.verb and state in _PARTICIPLE_BEFORE | {"were", "are"} | _YOU_ARE:
        return entry.past             # a state: "if they were all 🪦" -> dead; "ur 🪦" -> you're dead
    if (entry.role == "death" or entry.wished == "die") and _CLAUSE_END.search(prev) and \
            re.match(r"\s*to\s+(?:all|the|every|them|you|ur|those|these|[^\x00-\x7f])", text[_past_harm_run(text, after, t, text[start:after]):]):
        return "death"                # "💀 to all ✡️", "☠️ to the 🇮🇱": death to them
    if not entry.verb and not entry.wished:
        return noun
    after = _past_harm_run(text, after, t, text[start:after])
    nxt = re.match(r"\s*([A-Za-z']+)", text[after:after + 30])
    nxtw = nxt.group(1).lower() if nxt else ""
    follow = text[after:after + 12].lstrip()
    target_next = False
    if follow and not follow[0].isascii():
        k = _cluster_end(follow, 0)
        e2 = _cluster_entry(follow[:k], t)
        target_next = e2 is not None and e2[0].role in ("group", "person", "place")
    object_next = target_next or nxtw in _OBJECT_AFTER
    people_next = nxtw in t.people_words or nxtw.rstrip("s") in t.people_words   # "👊 women", "🔪 gays"
    if entry.wished and not object_next and last.isalpha() and last not in (_NOT_SUBJECT - {"all"}) | _WISH \
            and nxtw not in _NOT_AFTER_WISH and (not entry.wished_before or nxtw in entry.wished_before):
        clause = re.split(r"[.!?;,\n]", prev.lower())[-1]
        if set(re.findall(r"[a-z']+", clause)) & _WISH:
            return entry.wished       # "hope they all 💀", "they should all 🔥 in hell"
    if entry.wished and not entry.wished_before and not object_next and nxtw not in _NOT_AFTER_WISH and (
            last in ("should", "must") or last == "to" and len(words) > 1 and words[-2] in _OWED):
        clause = set(re.findall(r"[a-z']+", re.split(r"[.!?;,\n]", prev.lower())[-1]))
        if not clause & {"i", "i'm", "im", "we", "me", "my"}:
            return entry.wished       # "all ✡️ must 💀", "they deserve to 💀" (not "I need to 💀")
    if entry.wished == "die" and state == "be" and set(words[-6:]) & _DEONTIC_BE and \
            _deontic_subject(words[-6:]) not in {"i", "i'm", "im", "we", "me", "this", "it", "that", ""}:
        return "dead"                 # "they should all be 💀", "women deserve to be 💀" (not "I'll be 💀")
    if not entry.verb:
        return noun
    if entry.past and last in _PARTICIPLE_BEFORE and (not entry.past_before or nxtw in entry.past_before):
        return entry.past             # "should be 🔫", "she's getting 🔪"; "should be 🔥 alive"
    if entry.strict:
        if last in _MODAL_BEFORE and (object_next or nxtw == "to") and nxtw != "up":
            return entry.verb         # ("gonna 🔥 up the grill": fire up)
        if last in ("someone", "somebody") and (target_next or people_next or nxtw in ("all", "every", "them", "him", "her")):
            return entry.verb         # "I hope someone 💀 all women"
        if nxtw in ("every", "all") and _counts_targets(text[after:], t):
            # why: "🔥 every 🕌" read "fire every mosque"; before a quantifier over people or
            # places the emoji is the act, while "🔥 this track" and "🔥 every song" stay praise
            if _CLAUSE_END.search(prev) or last in _CLAUSE_OPENERS:
                return entry.verb
            if re.search(rf"\b{entry.verb}\b", prev):
                # the act again with no stop between ("🔥 every 🕌 🔥 every 🕍"): the emoji was
                # the stop, so a new clause opens (unbroken, the parser lost both commands)
                return ", " + entry.verb
        if (_CLAUSE_END.search(prev) or last in _CLAUSE_OPENERS) and nxtw in _OWNER_WORDS and \
                _dwelling_after(text[after:], t):
            # why: "flag on ur porch? 🔥 ur porch then", "🔥 their church": opening a clause before
            # someone's home or meeting place, the emoji is the act ("🔥 the new track" stays praise)
            return entry.verb
        return noun
    if last in _VERB_BEFORE:
        return entry.verb
    if (_CLAUSE_END.search(prev) or last in _CLAUSE_OPENERS) and (object_next or people_next):
        return entry.verb      # "💣 the 🕌", "🔪 🏳️‍🌈": opening a clause before its object
    if object_next and last.isalpha() and last not in _NOT_SUBJECT:
        return entry.verb      # "somebody 💣 that 🏥": between its subject and its object
    return noun


def _deontic_subject(words: list[str]) -> str:
    """The word before the first "should / deserve ..." of ``words``, past "all" and adverbs: the
    one who should be dead ("every doctor in this hospital should be 💀" -> hospital; "this
    should be 💀" -> this). '' when the clause starts with it."""
    k = next(j for j, w in enumerate(words) if w in _DEONTIC_BE)
    before = [w for w in words[:k] if w not in ("all", "really", "just", "honestly", "literally")]
    return before[-1] if before else ""


_OWNER_WORDS = frozenset({"ur", "your", "their", "his", "her", "that", "those", "these"})


def _dwelling_after(rest: str, t: _Tables) -> bool:
    """Whether an owner word at the start of ``rest`` owns a home or meeting place ("ur porch"): a
    place word of targets.yaml."""
    words = re.findall(r"[a-z']+", rest[:40].lower())[1:3]     # the owned noun, or an adjective and it
    return any(w in t.places or w.rstrip("s") in t.places for w in words)


def _counts_targets(rest: str, t: _Tables) -> bool:
    """Whether "every"/"all" at the start of ``rest`` counts people or places: an emoji of a group,
    a person or a place, a word a people emoji reads as ("every 🕌", "all women"), or a group word
    of targets.yaml that names the people themselves ("every catholic priest", "all arabs"; not
    "all white sneakers", where the group word describes a thing)."""
    m = re.match(r"\s*(?:every|all)\s+(?:the\s+)?", rest, re.I)
    if not m:
        return False
    follow = rest[m.end():m.end() + 40]
    if follow and not follow[0].isascii():
        e = _cluster_entry(follow[:_cluster_end(follow, 0)], t)
        return e is not None and e[0].role in ("group", "person", "place")
    w = re.match(r"([a-z]+)\s*([a-z']*)", follow.lower())
    if not w:
        return False
    word, nxt = w.group(1), w.group(2)
    if word in t.people_words or word.rstrip("s") in t.people_words:
        return True
    # a group word stands for its people when a person, a place, a joint or nothing follows it
    return word in t.groups and (not nxt or nxt in t.persons or nxt in t.places or nxt in _GROUP_ENDS)


# words after a group word that leave it naming people ("every muslim and ...", "all arabs in europe")
_GROUP_ENDS = frozenset({"and", "or", "in", "on", "at", "from", "who", "that", "of", "out", "here", "there"})


# "ur 🪦", "u r ⚰️": a death emoji after a "you are" is the state ("you're dead")
_YOU_ARE = {"ur", "you're", "youre", "r"}
_CLITICS = frozenset({"s", "re", "ll", "d", "m", "ve", "t"})
_HARM_ROLES = ("weapon", "violence", "blood", "death")


def _past_harm_run(text: str, i: int, t: _Tables, same: str) -> int:
    """Past spaces, repeats of the emoji ``same`` and the harm emoji that follow it ("🔪🔪🔪 them",
    "💣💥 the parliament")."""
    n = len(text)
    while i < n:
        if text[i].isspace() or text[i] in _DROP:
            i += 1
            continue
        if text.startswith(same, i):
            i += len(same)
            continue
        if text[i].isascii():
            break
        k = _cluster_end(text, i)
        e = _cluster_entry(text[i:k], t)
        if e is None or e[0].role not in _HARM_ROLES:
            break
        i = k
    return i


# an act done to someone: "should be 🔫" -> shot, "getting 🔪" -> stabbed ("got 🔫" is often "have a gun")
_PARTICIPLE_BEFORE = {"be", "been", "being", "get", "gets", "getting", "gettin", "gotten"}
_DEONTIC_BE = {"should", "must", "deserve", "deserves", "need", "needs", "ought", "gotta"}
_OWED = {"deserve", "deserves", "need", "needs", "ought", "have", "has", "got"}
# words that open a clause, after which an emoji before its object is the verb ("so 🔫 them first")
_CLAUSE_OPENERS = {"so", "or", "but", "now", "then", "just", "and"}
_EQUATED = re.compile(r"(?:=|➡|→|->|=>|👉)\s*$")   # 👉 points like an arrow ("feminists 👉 🎯")
# words that put an act as wished on someone ("hope they all 💀", "may they 🔥 in hell")
_WISH = {"hope", "hoping", "hopefully", "wish", "pray", "praying", "may", "should", "must", "deserve", "deserves"}
# words that are no subject for the emoji after them: "I'm 💀", "this is 💀", "the 🔪", "with a 🔫"
_NOT_SUBJECT = {"i'm", "im", "'m", "m", "is", "are", "was", "were", "be", "been", "being", "am", "'s", "s", "it", "this",
                "that", "them", "him", "me", "us", "em", "'em", "the", "a", "an", "my", "your", "ur", "his", "her", "their", "our", "its", "of", "with", "in",
                "on", "at", "by", "for", "from", "into", "like", "than", "as", "about", "so", "very", "too", "lol",
                "lmao", "lmfao", "omg", "bro", "bruh", "literally", "actually", "fr", "rn", "no", "yes", "got",
                "have", "has", "had", "need", "needs", "want", "wants", "love", "bring", "grab", "get", "use",
                "pass", "hand", "these", "those", "some", "any", "every", "all", "what", "when", "while"}
_NOT_AFTER_WISH = {"at", "of", "when", "laughing", "lol", "lmao", "reading", "watching", "from", "inside", "over",
                   "peacefully", "painlessly", "happy", "old", "rip"}


_SPACED = re.compile(r"(?<![\w])(?:[^\W_][ .\-_*'·]{1,2}){2,}[^\W_](?![\w])")
_WORD = re.compile(r"[^\s,;:!?\"()\[\]{}<>/]+")
_INNER_PUNCT = re.compile(r"[.\-_*'·]")


def _word_pass(chars, starts, ends, t: _Tables):
    s = "".join(chars)
    keep = [True] * len(chars)
    repl: dict[int, str] = {}

    def drop(idx: int, into: int) -> None:
        keep[idx] = False
        if idx > into:
            ends[into] = max(ends[into], ends[idx])
        else:
            starts[into] = min(starts[into], starts[idx])

    # letters split by spaces or punctuation: k i l l, k.i.l.l
    for m in _SPACED.finditer(s):
        letters = [(m.start() + j) for j, c in enumerate(m.group()) if c.isalnum()]
        joined = _deleet("".join(s[j] for j in letters), t)
        if joined and _in_targets(_squeeze(joined, t), t.targets):
            last = letters[0]
            for j in range(m.start(), m.end()):
                if j in letters:
                    last = j
                else:
                    drop(j, last)
    if all(keep):       # (nothing dropped: the same text, each char its own index)
        s2, idx_map = s, range(len(chars))
    else:
        s2 = "".join(c for c, k in zip(chars, keep, strict=True) if k)
        idx_map = [i for i, k in enumerate(keep) if k]

    # per word: punctuation inside, leetspeak, repeated letters
    for m in _WORD.finditer(s2):
        w = m.group()
        if w.isalpha() and w.isascii() and not _TRIPLE.search(w):
            continue
        core = w.strip(".-_*'·!$@|")
        if not core or not any(c.isalnum() for c in core):
            continue    # emoji and symbols: nothing to squeeze or de-leet
        lead = w[:w.find(core)]
        if lead[-1:] in ("$", "@") and core[0].isalpha():
            core = lead[-1] + core          # "$hoot": a leet sign opening the word
        off = m.start() + w.find(core)
        if "*" in core and sum(c.isalpha() for c in core) >= 2:
            filled = _unmask(core, t)
            if filled is not None:          # "k*ll" -> "kill", "sh**t" -> "shoot"; "sh*t" stays
                for j, c in enumerate(core):
                    if c == "*":
                        repl[idx_map[off + j]] = filled[j].upper() if core.replace("*", "").isupper() else filled[j]
                continue
            # else the asterisks may separate the letters ("s*h*o*o*t"): read below as punctuation
        positions = [idx_map[off + j] for j in range(len(core))]
        inner = [j for j, c in enumerate(core) if _INNER_PUNCT.fullmatch(c)]
        if inner and all(core[j] == "'" for j in inner) and core[inner[-1] + 1:].lower() in _CLITICS:
            inner = inner[:-1]               # "shooter's", "killer'll": a clitic, not a disguise
        letters_only = "".join(c for j, c in enumerate(core) if j not in inner)
        cand = _deleet(letters_only, t)
        if cand is None:
            continue
        squeezed = _squeeze(cand, t)
        if inner and not _in_targets(squeezed, t.targets):
            continue   # "e.g.", "don't", "re-enter": leave punctuation alone
        if cand != letters_only and not _in_targets(squeezed, t.targets):
            continue   # "mp3", "b4", "covid19": leet is only undone when it spells a target
        if inner:
            prev = positions[0]
            for j, p in enumerate(positions):
                if j in inner:
                    drop(p, prev)
                else:
                    prev = p
            positions = [p for j, p in enumerate(positions) if j not in inner]
        upper = any(c.isalpha() for c in letters_only) and all(c.isupper() for c in letters_only if c.isalpha())
        for p, c in zip(positions, cand, strict=True):
            if chars[p] != c:
                repl[p] = c.upper() if chars[p].isupper() or (upper and not chars[p].isalpha()) else c
        # squeeze repeats: drop the extra letters, the kept one covers their span
        kept = _squeeze_positions(cand, squeezed)
        last = positions[0]
        for j, p in enumerate(positions):
            if j in kept:
                last = p
            else:
                drop(p, last)

    if not repl and all(keep):
        return list(chars), list(starts), list(ends)     # (the loop below would copy them)
    out_c, out_s, out_e = [], [], []
    for i, c in enumerate(chars):
        if keep[i]:
            out_c.append(repl.get(i, c))
            out_s.append(starts[i])
            out_e.append(ends[i])
    return out_c, out_s, out_e


def _unmask(word: str, t: _Tables) -> str | None:
    """The one target a word masked with asterisks spells, one letter per asterisk ("k*ll" ->
    "kill", "m*rder" -> "murder"); None when an ordinary word fits the mask too ("sh*t", "s**t")
    or no single target does."""
    mask = re.compile("".join("[a-z]" if c == "*" else re.escape(c) for c in word.lower()))
    fits = {w for w in t.star_words if len(w) == len(word) and mask.fullmatch(w)}
    if not fits or fits & t.masked_ordinary or len(fits) > 1:
        return None
    return fits.pop()


def _deleet(word: str, t: _Tables) -> str | None:
    """Replace leet characters inside a word that has letters; prefer a reading that is a target."""
    if not any(c in t.leet for c in word):
        return word
    if not any(c.isalpha() for c in word):
        return None
    options = [""]
    for c in word:
        subs = t.leet.get(c, (c,))
        options = [o + s for o in options for s in subs][:16]
    for o in options:
        if _in_targets(_squeeze(o, t), t.targets):
            return o
    return options[0]


def _squeeze(word: str, t: _Tables) -> str:
    """Collapse letters repeated for emphasis: runs of 3+ become 2, or 1 when that is a target."""
    runs = re.findall(r"((.)\2*)", word, re.S)     # every character, so "D&D" keeps its "&"
    two = "".join(r[1] * min(len(r[0]), 2) for r in runs)
    if _in_targets(two, t.targets):
        return two
    if not any(len(r[0]) >= 2 for r in runs):
        return two
    # try single letters in each run that was long (3+) or doubled, preferring targets
    candidates = [""]
    for r, ch in runs:
        opts = (ch * 2, ch) if len(r) >= 2 else (ch,)
        candidates = [c + o for c in candidates for o in opts][:64]
    for c in candidates:
        if _in_targets(c, t.targets):
            return c
    return two if any(len(r[0]) >= 3 for r in runs) else word


def _squeeze_positions(word: str, squeezed: str) -> set[int]:
    """Indices of ``word`` kept when it becomes ``squeezed`` (greedy, left to right)."""
    kept, j = set(), 0
    for i, c in enumerate(word):
        if j < len(squeezed) and squeezed[j] == c:
            # skip this char if the rest of word still needs the same run and squeezed is shorter
            kept.add(i)
            j += 1
    return kept
