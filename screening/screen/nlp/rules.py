"""Load and validate the rule data files in ``screening/screen/patterns/``.

Every pattern, lexicon and idiom list is data. A bad entry fails at load with a
:class:`~screening.errors.RulesError` naming the file and the entry, never half-way through a run.

Files:
- ``lexicons.yaml``   named word lists (``$name`` in patterns refers to them)
- ``phrases.jsonl``   token patterns (spaCy ``Matcher``) for indicators: one object per line with
  ``id``, ``indicator``, ``pattern`` and optional ``weight``, ``note``
- ``dependency.jsonl`` dependency patterns (spaCy ``DependencyMatcher``) with a token-pattern
  ``fallback`` used when the pipeline has no parser (``spacy.blank``)
- ``frames.yaml``     how a violent-act frame (who acts, how, against whom) maps to an indicator
- ``contexts.yaml``   context cues: idioms, counter-speech, frames (fiction, lyrics, gaming,
  sports, news), quotation and hypothetical markers
- ``targets.yaml``    semantic classes of target nouns (person, group, pronoun, place; food, drink,
  household object, task, game, body of work ...): who or what a violent verb is aimed at; the
  lists ``human_targets``, ``attack_places`` and ``nonhuman_targets`` are made from them
- ``normalize.yaml``  evasion tables (read by ``normalize.py``)
- ``emoji.yaml``      emoji and their roles (weapon, violence, target, thing, affect ...), read by
  ``normalize.py``
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from screening.errors import RulesError
from screening.types import Context, Indicator

PATTERNS_DIR = Path(__file__).resolve().parents[1] / "patterns"
FILES = ("lexicons.yaml", "phrases.jsonl", "dependency.jsonl", "frames.yaml", "contexts.yaml",
         "normalize.yaml", "targets.yaml", "emoji.yaml")
READINGS = ("human", "place", "nonhuman")
# the named lists patterns use, made from the classes of targets.yaml
TARGET_LISTS = {"human_targets": "human", "attack_places": "place", "nonhuman_targets": "nonhuman"}

_TOKEN_KEYS = {"ORTH", "TEXT", "LOWER", "LEMMA", "POS", "TAG", "DEP", "IS_PUNCT", "IS_DIGIT",
               "LIKE_NUM", "IS_ALPHA", "OP", "NORM", "SHAPE", "IS_SENT_START", "IS_TITLE",
               "IS_LOWER", "IS_UPPER", "IS_STOP", "LENGTH", "ENT_TYPE", "MORPH", "REGEX"}
_OPS = {"!", "?", "*", "+", "{1,2}", "{1,3}", "{0,2}", "{0,3}", "{0,4}", "{1,4}", "{0,5}"}
INDICATORS = {i.value for i in Indicator}
CONTEXTS = {c.value for c in Context}
FRAME_FIELDS = {"agent": {"speaker", "addressee", "other", "generic", "none"},
                "modality": {"future", "intent", "desire", "deontic", "imperative", "conditional",
                             "ability", "present", "past", "question", "plain"},
                "target": {"addressee", "human", "place", "self", "speaker", "nonhuman", "none"}}


@dataclass
class PatternEntry:
    id: str
    indicator: str
    pattern: list[dict[str, Any]]
    weight: float = 1.0
    kind: str = "token"                    # "token" or "dep"
    fallback: list[dict[str, Any]] | None = None   # token pattern for pipelines without a parser
    label_token: int | None = None         # dep patterns: which node is the evidence anchor


@dataclass
class FrameRule:
    id: str
    indicator: str
    agent: set[str]
    modality: set[str]
    target: set[str]
    weight: float = 1.0
    full_weight_with: tuple[str, ...] = ()   # contexts that lift the evidence to weight 1.0


@dataclass
class RuleSet:
    lexicons: dict[str, list[str]]
    phrases: list[PatternEntry]
    dependency: list[PatternEntry]
    frames: list[FrameRule]
    contexts: dict[str, Any]
    digest: str                            # sha256 of the data files, first 8 hex digits
    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_classes: dict[str, str] = field(default_factory=dict)     # word -> class (targets.yaml)
    class_reading: dict[str, str] = field(default_factory=dict)    # class -> human | place | nonhuman
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lex(self, name: str) -> frozenset[str]:
        return self.sets[name]

    def noun_class(self, word: str) -> tuple[str, str] | None:
        """(class, reading) of a target noun, or None when targets.yaml cannot tell: the word, its
        singular, the known word a compound ends with, then the word endings."""
        return _noun_class(self, word.lower().replace("\u2019", "'"))


def _noun_class(rs: RuleSet, w: str) -> tuple[str, str] | None:
    cache = rs.__dict__.setdefault("_nc_cache", {})
    if w in cache:
        return cache[w]
    out = None
    cands = [w]
    if w.endswith("ies") and len(w) > 4:
        cands.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 4:
        cands.append(w[:-2])
    if w.endswith("s") and len(w) > 3:
        cands.append(w[:-1])
    if w.endswith("ves") and len(w) > 4:
        cands += [w[:-3] + "f", w[:-3] + "fe"]   # "shelves" -> shelf, "knives" -> knife
    # a letter typed twice ("annts", "bartendder"): read the word with it once
    cands += [w[:k] + w[k + 1:] for k in range(1, len(w)) if w[k] == w[k - 1] and w[k].isalpha()]
    for c in cands:
        if c in rs.noun_classes:
            out = rs.noun_classes[c]
            break
    if out is None and len(w) >= 6 and w.isalpha():
        # "cheeseburger" -> burger, "playlist" -> list, "policewoman" -> woman
        # (before a thing, a word of four letters or more: "villager" is no kind of lager; a person
        # may follow a shorter one: "midwives", "cavemen")
        for k in range(2, len(w) - 3):
            tail = w[k:]
            for c in (tail, tail[:-1] if tail.endswith("s") else None):
                if c and len(c) >= 4 and c in rs.noun_classes and (
                        k >= 4 or rs.class_reading.get(rs.noun_classes[c]) == "human"):
                    out = rs.noun_classes[c]
                    break
            if out is not None:
                break
    if out is None and len(w) >= 5:
        for reading in ("nonhuman", "human"):
            if any(w.endswith(e) for e in rs.endings.get(reading, ())):
                out = reading
                break
    result = (out, rs.class_reading[out]) if out in rs.class_reading else ((f"ending:{out}", out) if out else None)
    if len(cache) < 50000:
        cache[w] = result
    return result


def _check_targets(path: Path, raw: Any) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("classes"), dict) or not raw["classes"]:
        raise _fail(path, "top level", "expected 'classes:' with at least one class")
    words: dict[str, str] = {}
    reading: dict[str, str] = {}
    for name, c in raw["classes"].items():
        if not isinstance(c, dict) or c.get("reads_as") not in READINGS:
            raise _fail(path, f"class {name}", f"needs reads_as: one of {', '.join(READINGS)}")
        ws = c.get("words")
        if not isinstance(ws, list) or not ws:
            raise _fail(path, f"class {name}", "needs a non-empty list of words")
        reading[str(name)] = c["reads_as"]
        for w in ws:
            if not isinstance(w, str) or not w.strip() or w != w.lower():
                raise _fail(path, f"class {name}: {w!r}", "words must be non-empty lowercase strings "
                                                       "(quote on/off/yes/no: YAML reads them as booleans)")
            if w in words and words[w] != name:
                raise _fail(path, f"class {name}: {w!r}", f"already in class {words[w]}; a word has one class")
            words[w] = str(name)
    for r in READINGS:
        if not any(v == r for v in reading.values()):
            raise _fail(path, "classes", f"no class reads as {r}")
    endings = raw.get("endings") or {}
    if not isinstance(endings, dict) or set(endings) - {"human", "nonhuman"}:
        raise _fail(path, "endings", "expected 'human' and/or 'nonhuman' lists of word endings")
    ends = {k: tuple(str(e).lower() for e in v) for k, v in endings.items()}
    return words, reading, ends


def _fail(path: Path, where: str, why: str) -> RulesError:
    return RulesError(f"{path.name}: {where}: {why}; fix the entry in {path}")


# libyaml's safe loader when PyYAML was built with it: the same data, several times faster
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except FileNotFoundError as exc:
        raise RulesError(f"rules file {path} is missing; restore it from the repository") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"{path.name}: not valid YAML ({exc}); fix {path}") from exc


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise RulesError(f"rules file {path} is missing; restore it from the repository") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, f"line {n}", f"invalid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise _fail(path, f"line {n}", "expected a JSON object")
        out.append((n, obj))
    return out


def _check_lexicons(path: Path, raw: Any) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        raise _fail(path, "top level", "expected a mapping of list names to word lists")
    lex: dict[str, list[str]] = {}
    for name, words in raw.items():
        if name == "violent_phrasals":
            if not isinstance(words, list):
                raise _fail(path, name, "expected a list of [verb, particle] pairs")
            for p in words:
                if not (isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p)):
                    raise _fail(path, f"{name}: {p!r}", "expected a [verb, particle] pair of strings "
                                "(quote on/off/yes/no: YAML reads them as booleans)")
            lex[name] = [f"{a} {b}" for a, b in words]
            continue
        if not isinstance(words, list) or not words:
            raise _fail(path, str(name), "expected a non-empty list of words")
        for w in words:
            if not isinstance(w, str) or not w.strip() or w != w.lower():
                raise _fail(path, f"{name}: {w!r}", "words must be non-empty lowercase strings")
        lex[name] = list(dict.fromkeys(words))
    return lex


def _expand(value: Any, lex: dict[str, list[str]], path: Path, where: str) -> Any:
    """Replace "$name" references with the named lexicon; check they exist."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in lex:
            raise _fail(path, where, f"refers to unknown lexicon ${name} (known: {', '.join(sorted(lex))})")
        return [w for w in lex[name] if " " not in w]
    if isinstance(value, dict):
        return {k: _expand(v, lex, path, where) for k, v in value.items()}
    if isinstance(value, list):
        out = []
        for v in value:
            e = _expand(v, lex, path, where)
            if isinstance(v, str) and v.startswith("$"):
                out.extend(e)
            else:
                out.append(e)
        return out
    return value


def _check_token_pattern(pattern: Any, path: Path, where: str) -> None:
    if not isinstance(pattern, list) or not pattern:
        raise _fail(path, where, "pattern must be a non-empty list of token specs")
    for i, tok in enumerate(pattern):
        if not isinstance(tok, dict):
            raise _fail(path, where, f"token {i} must be an object")
        bad = set(tok) - _TOKEN_KEYS
        if bad:
            raise _fail(path, where, f"token {i} has unknown attribute(s) {sorted(bad)}")
        if "OP" in tok and tok["OP"] not in _OPS and not re.fullmatch(r"\{\d+(,\d*)?\}|\{,\d+\}", str(tok["OP"])):
            raise _fail(path, where, f"token {i} has unknown OP {tok['OP']!r}")
        for k, v in tok.items():
            if k in ("LOWER", "LEMMA", "ORTH", "TEXT", "NORM", "POS", "TAG", "DEP") and not (
                    isinstance(v, str) or (isinstance(v, dict) and all(
                        isinstance(x, str) for vals in v.values() for x in (vals if isinstance(vals, list) else [vals])))):
                raise _fail(path, where, f"token {i} {k} values must be strings (YAML turns bare on/off/yes/no into "
                                         f"booleans; quote them): {v!r}")
            if isinstance(v, dict):
                for op in v:
                    if op not in {"IN", "NOT_IN", "REGEX", "==", ">=", "<=", ">", "<", "!="}:
                        raise _fail(path, where, f"token {i} {k} has unknown operator {op!r}")
                if "REGEX" in v:
                    try:
                        re.compile(v["REGEX"])
                    except re.error as exc:
                        raise _fail(path, where, f"token {i} has a bad REGEX ({exc})") from exc
    if all(t.get("OP") in ("?", "*") for t in pattern):
        raise _fail(path, where, "pattern would match nothing required (all tokens optional)")


def _check_entry(path: Path, n: int, obj: dict[str, Any], lex, kind: str) -> PatternEntry:
    where = f"line {n} ({obj.get('id', 'no id')})"
    for key in ("id", "indicator", "pattern"):
        if key not in obj:
            raise _fail(path, where, f"missing '{key}'")
    if obj["indicator"] not in INDICATORS:
        raise _fail(path, where, f"unknown indicator {obj['indicator']!r} (known: {', '.join(sorted(INDICATORS))})")
    weight = obj.get("weight", 1.0)
    if not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise _fail(path, where, "weight must be a number in (0, 1]")
    pattern = _expand(obj["pattern"], lex, path, where)
    fallback = None
    label_token = None
    if kind == "token":
        _check_token_pattern(pattern, path, where)
    else:
        if not isinstance(pattern, list) or not pattern:
            raise _fail(path, where, "dependency pattern must be a non-empty list of nodes")
        names = set()
        for i, node in enumerate(pattern):
            if not isinstance(node, dict) or "RIGHT_ID" not in node or "RIGHT_ATTRS" not in node:
                raise _fail(path, where, f"node {i} needs RIGHT_ID and RIGHT_ATTRS")
            if i and ("LEFT_ID" not in node or "REL_OP" not in node):
                raise _fail(path, where, f"node {i} needs LEFT_ID and REL_OP")
            if i and node["LEFT_ID"] not in names:
                raise _fail(path, where, f"node {i} refers to unknown LEFT_ID {node['LEFT_ID']!r}")
            names.add(node["RIGHT_ID"])
            _check_token_pattern([node["RIGHT_ATTRS"]], path, where + f" node {i}")
        if "fallback" not in obj:
            raise _fail(path, where, "dependency patterns need a token-pattern 'fallback' for pipelines without a parser")
        fallback = _expand(obj["fallback"], lex, path, where + " fallback")
        _check_token_pattern(fallback, path, where + " fallback")
        label_token = 0
    return PatternEntry(id=str(obj["id"]), indicator=obj["indicator"], pattern=pattern,
                        weight=float(weight), kind=kind, fallback=fallback, label_token=label_token)


def _check_frames(path: Path, raw: Any) -> list[FrameRule]:
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise _fail(path, "top level", "expected 'rules: [...]'")
    out = []
    for i, r in enumerate(raw["rules"]):
        where = f"rule {i} ({r.get('id', 'no id') if isinstance(r, dict) else r!r})"
        if not isinstance(r, dict) or "id" not in r or "indicator" not in r:
            raise _fail(path, where, "each rule needs id and indicator")
        if r["indicator"] not in INDICATORS:
            raise _fail(path, where, f"unknown indicator {r['indicator']!r}")
        sets = {}
        for f, allowed in FRAME_FIELDS.items():
            vals = r.get(f)
            if not isinstance(vals, list) or not vals:
                raise _fail(path, where, f"'{f}' must be a non-empty list")
            bad = set(vals) - allowed
            if bad:
                raise _fail(path, where, f"unknown {f} value(s) {sorted(bad)} (allowed: {sorted(allowed)})")
            sets[f] = set(vals)
        boost = r.get("full_weight_with", [])
        if not isinstance(boost, list) or set(boost) - CONTEXTS:
            raise _fail(path, where, f"full_weight_with must list known contexts, not {boost!r}")
        out.append(FrameRule(id=str(r["id"]), indicator=r["indicator"], weight=float(r.get("weight", 1.0)),
                             full_weight_with=tuple(boost), **sets))
    return out


def _check_contexts(path: Path, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(path, "top level", "expected a mapping")
    for key in ("idioms", "cues"):
        if key not in raw:
            raise _fail(path, "top level", f"missing section '{key}'")
    for i, idiom in enumerate(raw["idioms"]):
        if not isinstance(idiom, dict) or not {"id", "pattern", "context"} <= set(idiom):
            raise _fail(path, f"idiom {i}", "needs id, pattern and context")
        if idiom["context"] not in CONTEXTS:
            raise _fail(path, f"idiom {idiom['id']}", f"unknown context {idiom['context']!r}")
        _check_token_pattern(idiom["pattern"], path, f"idiom {idiom['id']}")
    for name, cue in raw["cues"].items():
        if not isinstance(cue, dict) or "regex" not in cue or ("context" in cue) == ("cancels" in cue):
            raise _fail(path, f"cue {name}", "needs a regex and either a context or a cancels list")
        if "context" in cue and cue["context"] not in CONTEXTS:
            raise _fail(path, f"cue {name}", f"unknown context {cue['context']!r}")
        if "cancels" in cue and (not isinstance(cue["cancels"], list) or set(cue["cancels"]) - CONTEXTS):
            raise _fail(path, f"cue {name}", f"cancels must list known contexts, not {cue['cancels']!r}")
        if set(cue.get("indicators", ())) - {i.value for i in Indicator}:
            raise _fail(path, f"cue {name}", f"indicators must list known indicators, not {cue['indicators']!r}")
        scope = cue.get("scope", "sentence")
        if scope not in ("sentence", "near", "document"):
            raise _fail(path, f"cue {name}", f"scope must be sentence, near or document, not {scope!r}")
        try:
            cue["compiled"] = re.compile(cue["regex"], re.IGNORECASE)
        except re.error as exc:
            raise _fail(path, f"cue {name}", f"bad regex ({exc})") from exc
    return raw


def digest_files(directory: Path = PATTERNS_DIR) -> str:
    h = hashlib.sha256()
    for name in FILES:
        p = directory / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.exists() else b"")
    return h.hexdigest()[:8]


@lru_cache(maxsize=4)
def load_rules(directory: Path = PATTERNS_DIR) -> RuleSet:
    directory = Path(directory)
    lex_path = directory / "lexicons.yaml"
    lex = _check_lexicons(lex_path, _read_yaml(lex_path))
    tg_path = directory / "targets.yaml"
    noun_classes, class_reading, endings = _check_targets(tg_path, _read_yaml(tg_path))
    for name, r in TARGET_LISTS.items():
        if name in lex:
            raise _fail(lex_path, name, "this list is made from the classes of targets.yaml; add words there")
        lex[name] = [w for w, c in noun_classes.items() if class_reading[c] == r]
    for cname in class_reading:       # each class as a list too: $class_group, $class_food ...
        lex[f"class_{cname}"] = [w for w, c in noun_classes.items() if c == cname]
    phrases_path = directory / "phrases.jsonl"
    phrases = [_check_entry(phrases_path, n, o, lex, "token") for n, o in _read_jsonl(phrases_path)]
    dep_path = directory / "dependency.jsonl"
    dependency = [_check_entry(dep_path, n, o, lex, "dep") for n, o in _read_jsonl(dep_path)]
    ids = [e.id for e in phrases + dependency]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise RulesError(f"pattern ids must be unique; repeated: {sorted(dup)} (in {phrases_path.name}/{dep_path.name})")
    frames = _check_frames(directory / "frames.yaml", _read_yaml(directory / "frames.yaml"))
    ctx_path = directory / "contexts.yaml"
    contexts = _check_contexts(ctx_path, _read_yaml(ctx_path))
    for idiom in contexts["idioms"]:
        idiom["pattern"] = _expand(idiom["pattern"], lex, ctx_path, f"idiom {idiom['id']}")
    rs = RuleSet(lexicons=lex, phrases=phrases, dependency=dependency, frames=frames,
                 contexts=contexts, digest=digest_files(directory))
    rs.sets = {k: frozenset(v) for k, v in lex.items()}
    rs.noun_classes, rs.class_reading, rs.endings = noun_classes, class_reading, endings
    return rs
