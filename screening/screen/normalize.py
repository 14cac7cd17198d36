"""Undo what people do to slip past keyword filters, keeping a map back to the original text.

``normalize(text)`` returns a :class:`Normalized` whose ``text`` is what the detectors read and
whose :meth:`Normalized.span` turns a span of that text into a span of the ORIGINAL text, so
that evidence always quotes what the author wrote (``original[start:end]``).

What it undoes (the tables live in ``patterns/normalize.yaml``):
- unicode look-alikes: NFKC (fullwidth, ligatures, styled letters), Cyrillic/Greek letters mixed
  into Latin words, zero-width characters and variation selectors;
- emoji weapons and violence (🔫 → " gun ");
- letters split by spaces or punctuation (``k i l l``, ``k.i.l.l``) when the joined word is one
  of the evasion targets (so ordinary single letters such as "u r a" stay as they are);
- punctuation inside a word (``sh.oot``, ``k-ill``) under the same condition;
- leetspeak inside words (``k1ll``, ``sh00t``, ``d13``; a bare number is left alone);
- letters repeated for emphasis (``kiiiill`` → ``kill``), keeping real doubles (``shoot``).

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

VERSION = "1.0.0"
TABLES = Path(__file__).parent / "patterns" / "normalize.yaml"

_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0e", "\ufe0f"}
_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "er", "ers", "in", "n")


@dataclass(frozen=True)
class _Tables:
    emoji: dict[str, str]
    confusables: dict[str, str]
    leet: dict[str, tuple[str, ...]]
    targets: frozenset[str]
    emoji_max: int = 1
    emoji_first: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_tables(path: Path = TABLES) -> _Tables:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read normalization tables ({exc})") from exc
    for key in ("emoji", "confusables", "leet", "targets"):
        if key not in raw:
            raise RulesError(f"{path}: missing section '{key}'")
    emoji = {}
    for k, v in raw["emoji"].items():
        k = "".join(ch for ch in str(k) if ch not in _DROP)
        if not k or not isinstance(v, str):
            raise RulesError(f"{path}: emoji entry {k!r} must map one emoji to a word (or '' to drop it)")
        emoji[k] = v.strip()
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
    return _Tables(emoji, conf, leet, targets, max(len(k) for k in emoji), frozenset(k[0] for k in emoji))


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
_NEEDS_WORK = re.compile(
    r"(\w)\1\1"                                  # a letter three times
    r"|[a-z][0-9@$!|][a-z0-9@$!|]*[a-z]|[a-z][0-9@$|]+\b|\b[0-9@$|]+[a-z]"  # leet inside a word
    r"|\b\w[ .\-_*'·]\w[ .\-_*'·]\w\b"           # spaced / dotted letters
    r"|[a-z][.\-_*·][a-z]",                      # punctuation inside a word (not apostrophes)
    re.IGNORECASE,
)


def normalize(text: str, tables: _Tables | None = None) -> Normalized:
    t = tables or load_tables()
    if text.isascii() and not _NEEDS_WORK.search(text):
        return Normalized(text, text, None, None)
    chars, starts, ends = _char_pass(text, t)
    chars, starts, ends = _word_pass(chars, starts, ends, t)
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
            mixed[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    i, n = 0, len(text)
    emitted: tuple[str, int, int] | None = None    # last emoji word, where it ended, its first char
    while i < n:
        ch = text[i]
        if emitted is not None and not ch.isspace() and ch not in _DROP and ch not in t.emoji_first:
            emitted = None
        if ch in _DROP:
            if ends:
                ends[-1] = i + 1
            i += 1
            continue
        # emoji, longest sequence first, ignoring joiners and variation selectors (🏳️‍🌈 = 🏳 + 🌈)
        word, width = None, 1
        if not ch.isascii():
            seq, ends_at, j = "", [], i
            while j < n and len(seq) < t.emoji_max:
                if text[j] not in _DROP:
                    seq += text[j]
                    ends_at.append(j + 1)
                elif seq:
                    ends_at[-1] = j + 1
                j += 1
            for k in range(len(seq), 0, -1):
                if seq[:k] in t.emoji:
                    word, width = t.emoji[seq[:k]], ends_at[k - 1] - i
                    break
        if word == "":        # a skin-tone modifier on its own: drop it
            if ends:
                ends[-1] = i + width
            i += width
            continue
        if word and emitted is not None and emitted[0] == word and all(c.isspace() for c in text[emitted[1]:i]):
            # the same emoji again ("🔪🔪🔪"): one word whose span covers the run
            for k in range(emitted[2], len(ends)):
                ends[k] = i + width
            i += width
            while i < n and text[i] in _DROP:
                i += 1
            if (i >= n or text[i].isspace()) and chars and chars[-1] == " " and starts[-1] < i - width:
                chars.pop(), starts.pop(), ends.pop()     # the run ends at a space: no extra one
            emitted = (word, i, emitted[2])
            continue
        if word:
            before = "" if not chars or chars[-1].isspace() else " "
            while i + width < n and text[i + width] in _DROP:
                width += 1
            after = "" if i + width >= n or text[i + width].isspace() else " "
            rep = f"{before}{word}{after}"
            emitted = (word, i + width, len(chars) + len(before))
            chars.extend(rep)
            starts.extend([i] * len(rep))
            ends.extend([i + width] * len(rep))
            i += width
            continue
        if not ch.isascii():
            ch2 = t.confusables.get(ch) if mixed[i] else None
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
    s2 = "".join(c for c, k in zip(chars, keep, strict=True) if k)
    idx_map = [i for i, k in enumerate(keep) if k]

    # per word: punctuation inside, leetspeak, repeated letters
    for m in _WORD.finditer(s2):
        w = m.group()
        if w.isalpha() and w.isascii() and not re.search(r"(\w)\1\1", w):
            continue
        core = w.strip(".-_*'·!$@|")
        if not core:
            continue
        off = m.start() + w.find(core)
        positions = [idx_map[off + j] for j in range(len(core))]
        inner = [j for j, c in enumerate(core) if _INNER_PUNCT.fullmatch(c)]
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
        for p, c in zip(positions, cand, strict=True):
            if chars[p] != c:
                repl[p] = c.upper() if chars[p].isupper() else c
        # squeeze repeats: drop the extra letters, the kept one covers their span
        kept = _squeeze_positions(cand, squeezed)
        last = positions[0]
        for j, p in enumerate(positions):
            if j in kept:
                last = p
            else:
                drop(p, last)

    out_c, out_s, out_e = [], [], []
    for i, c in enumerate(chars):
        if keep[i]:
            out_c.append(repl.get(i, c))
            out_s.append(starts[i])
            out_e.append(ends[i])
    return out_c, out_s, out_e


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
    runs = re.findall(r"((\w)\2*)", word)
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
