"""The cheap check every document gets: which sentences could hold indicator evidence at all?

Built from the same rule files as the spaCy components, so it cannot drift from them: the
inflected forms of every violent and patient verb, and, for every token or dependency-fallback
pattern, the words of its most specific required token. Only sentences containing one of these
words go through the tagger and parser; the rest of the text is never parsed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import LOWER as _LOWER_ATTR
from spacy.lang.en.stop_words import STOP_WORDS

from screening.screen.nlp.rules import RuleSet

_COMMON = frozenset(STOP_WORDS) | {"day", "time", "come", "go", "going", "want", "like", "get", "got", "make",
                                     "people", "know", "think", "good", "bad", "way", "better", "done", "left",
                                     "thing", "act", "back", "away", "home", "watch", "keep", "run", "dont",
                                     "don", "im", "ll", "ve", "re", "gon", "na", "wan", "ca", "u", "ur", "lol"}
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9\-]*$")
_WORDS = re.compile(r"[a-z0-9][a-z0-9\-]*", re.IGNORECASE)
_LOW_WORDS = re.compile(r"[a-z0-9][a-z0-9\-]*")
_IRREGULAR = {
    "shoot": ["shot", "shots"], "die": ["died", "dying", "dies", "dead"], "hang": ["hung", "hanged"],
    "beat": ["beaten", "beatin"], "blow": ["blew", "blown"], "burn": ["burnt"], "bring": ["brought"],
    "buy": ["bought"], "get": ["got", "gotten", "gettin"], "make": ["made"], "take": ["took", "taken"],
    "slay": ["slain", "slew"], "strike": ["struck"], "tear": ["tore", "torn"], "stab": ["stabbed", "stabbing"],
    "run": ["ran"], "put": ["puttin"], "cut": ["cuttin"], "hit": ["hittin"], "fight": ["fought"],
    "break": ["broke", "broken"], "lay": ["laid"], "light": ["lit"], "stick": ["stuck"], "drive": ["drove", "driven"],
    "think": ["thought"], "go": ["went", "gone", "goin"], "have": ["had", "has"], "be": ["is", "was", "were", "are", "am", "been"],
    "find": ["found"], "see": ["saw", "seen"], "give": ["gave", "given"], "bleed": ["bled"], "mean": ["meant"], "send": ["sent"],
    "swear": ["swore", "sworn"], "steal": ["stole", "stolen"], "hide": ["hid", "hidden"], "fantasize": ["fantasizing"],
    "murder": ["murderin"], "kill": ["killin"], "pay": ["paid", "payin"], "lose": ["lost", "losin"], "shoot-up": ["shootup"], "come": ["came", "comin"],
    # the irregular forms of the other lemmas the patterns name (a LEMMA token matches "threw" once
    # parsed, but only a sentence holding one of these forms is parsed; tests check the list against
    # the spaCy model's own exceptions)
    "begin": ["began", "begun"], "build": ["built"], "catch": ["caught"], "choose": ["chose", "chosen"],
    "dig": ["dug"], "do": ["did", "done"], "dream": ["dreamt"], "fall": ["fell", "fallen"], "feel": ["felt"], "gas": ["gasses"],
    "hold": ["held"], "keep": ["kept"], "know": ["knew", "known"], "learn": ["learnt"], "leave": ["left"], "meet": ["met"],
    "mow": ["mown"], "outdo": ["outdid", "outdone"], "ride": ["rode", "ridden"], "say": ["said"], "sell": ["sold"],
    "shit": ["shat"], "show": ["shown"], "sit": ["sat"], "sling": ["slung"], "sneak": ["snuck"], "spit": ["spat"], "stand": ["stood"],
    "string": ["strung"], "sweep": ["swept"], "teach": ["taught"], "tell": ["told"], "tie": ["tying"], "throw": ["threw", "thrown"],
    "understand": ["understood"], "wake": ["woke", "woken"], "wring": ["wrung"], "write": ["wrote", "written"],
}


def inflect(lemma: str) -> set[str]:
    w = lemma.lower()
    out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers", w + "in"}
    if w.endswith("e"):
        out |= {w[:-1] + "ing", w[:-1] + "in"}
    if w.endswith("y"):
        out |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out |= {w + w[-1] + "ed", w + w[-1] + "ing", w + w[-1] + "er", w + w[-1] + "ers"}
    out |= set(_IRREGULAR.get(w, []))
    return out


def _token_words(tok: dict) -> tuple[set[str], bool] | None:
    for key in ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA"):
        if key in tok:
            v = tok[key]
            vals = [v] if isinstance(v, str) else v.get("IN") if isinstance(v, dict) else None
            if not vals:
                return None
            return {x.lower() for x in vals}, key == "LEMMA"
    return None


# spaCy splits contractions ("ca" + "n't", "gon" + "na"); the prefilter reads whole words.
_ALIAS = {"ca": ["can"], "wo": ["won"], "gon": ["gonna"], "na": ["gonna", "wanna", "finna", "gotta", "tryna"],
          "wan": ["wanna"], "got": ["gotta"], "lem": ["lemme"], "me": ["lemme"], "ai": ["ain"]}


_NOT_WORD = re.compile(r"[^a-z0-9\-]+")


@lru_cache(maxsize=262144)
def _plain_value(v: str) -> tuple[str, ...]:
    """One value's plain words (its first piece and aliases); () for punctuation. Remembered: the
    same values recur across patterns (start-up ran the split some 100,000 times); bounded, as
    document words come through here too."""
    pieces = [p for p in _NOT_WORD.split(v) if p]
    return (pieces[0], *_ALIAS.get(v, ())) if pieces else ()


def _plainify(vals: set[str]) -> set[str]:
    """Each value as plain words the text splitter produces: "you're" -> "you", "'ll" -> "ll"."""
    out = set()
    for v in vals:
        words = _plain_value(v)
        if not words:
            return set()        # punctuation: cannot be checked on words, treat as satisfied
        out.update(words)
    return out


@lru_cache(maxsize=65536)
def _token_pieces(low: str) -> frozenset[str]:
    return frozenset(_plainify({low}) or {low})


def _optional(op: str | None) -> bool:
    """May the token be absent from a match? ("?", "*", "!", and quantifiers such as "{0,4}" or "{,2}")"""
    if op in ("?", "*", "!"):
        return True
    m = re.fullmatch(r"\{(\d*)(,\d*)?\}", op or "")
    return m is not None and (m.group(1) or "0") == "0"


def _required_sets(pattern: list[dict]) -> list[frozenset[str]]:
    """Word sets of the required tokens of a pattern that can be checked on plain words."""
    out = []
    for tok in pattern:
        if _optional(tok.get("OP")):
            continue
        tw = _token_words(tok)
        if tw is None:
            continue
        vals, is_lemma = tw
        vals = _plainify(vals)
        if not vals:
            continue
        if is_lemma:
            vals = set().union(*(inflect(v) for v in vals))
        out.append(frozenset(vals))
    return out


class PatternIndex:
    """Which patterns could match a document, from the words in it (cheaper than running them all).

    A pattern is a candidate when every checkable required token has one of its words among the
    document's words (tokens read the same way as the pattern values: ``_plainify``).
    """

    def __init__(self, patterns: dict[str, list[dict]]):
        self.required: dict[str, list[frozenset[str]]] = {}
        self.index: dict[str, list[str]] = {}
        self.always: list[str] = []
        # candidates come back in the patterns' own order: the document's words are a set, and set
        # order changes with PYTHONHASHSEED, which made ties between rules (same span, same weight)
        # resolve differently from run to run
        self.rank = {pid: i for i, pid in enumerate(patterns)}
        for pid, pat in patterns.items():
            req = _required_sets(pat)
            self.required[pid] = req
            if not req:
                self.always.append(pid)
                continue
            rarest = min(req, key=lambda v: 1000 * len(v & _COMMON) + len(v))
            for w in rarest:
                self.index.setdefault(w, []).append(pid)

    @staticmethod
    def doc_words(doc) -> set[str]:
        words: set[str] = set()
        for t in doc:
            words.update(_token_pieces(t.lower_))
            lem = t.lemma_
            if lem:
                words.add(lem.lower())
        return words

    def candidates(self, words: set[str]) -> list[str]:
        out = list(self.always)
        seen = set(out)
        for w in words & self.index.keys():
            for pid in self.index[w]:
                if pid not in seen and all(not words.isdisjoint(r) for r in self.required[pid]):
                    seen.add(pid)
                    out.append(pid)
        return sorted(out, key=self.rank.__getitem__)


class Prefilter:
    """Sentence-level superset of what the indicator components can match.

    A sentence is parsed if it holds a violent or patient verb form, or if, for some pattern, every
    checkable required token has one of its words in the sentence (indexed by the pattern's rarest
    token, so most patterns are never looked at).
    """

    def __init__(self, rules: RuleSet):
        verbs: set[str] = set()
        for lemma in rules.lexicons["violent_verbs"] + rules.lexicons["patient_verbs"]:
            verbs |= inflect(lemma)
        self.verb_words = frozenset(verbs - _COMMON)
        self.index: dict[str, list[list[frozenset[str]]]] = {}
        patterns = [e.pattern for e in rules.phrases] + [e.fallback for e in rules.dependency if e.fallback]
        self.unindexed: list[list[frozenset[str]]] = []
        for pat in patterns:
            req = _required_sets(pat)
            if not req:
                self.unindexed.append(req)
                continue
            rarest = min(req, key=lambda v: 1000 * len(v & _COMMON) + len(v))
            for w in rarest:
                self.index.setdefault(w, []).append(req)
        # a violent verb too common to index alone ("run") still counts with its particle: "run her over"
        pairs = [tuple(p.split()) for p in rules.lexicons.get("violent_phrasals", [])]
        self.common_phrasals = [(frozenset(inflect(v) & _COMMON), p) for v, p, *_ in pairs
                                if inflect(v) & _COMMON]
        self.words = frozenset(self.verb_words | set(self.index))

    def sentence_matches(self, words: set[str]) -> bool:
        if self.unindexed:
            return True
        if not words.isdisjoint(self.verb_words):
            return True
        for forms, particle in self.common_phrasals:
            if particle in words and not words.isdisjoint(forms):
                return True
        for w in words & self.index.keys():
            for req in self.index[w]:
                if all(not words.isdisjoint(r) for r in req):
                    return True
        return False

    def select(self, text: str, sentences: list[tuple[int, int]]) -> list[int]:
        """Indexes of the sentences worth parsing."""
        out = []
        for k, (a, b) in enumerate(sentences):
            words = {w.lower() for w in _WORDS.findall(text, a, b)}
            if self.sentence_matches(words):
                out.append(k)
        return out


# Token attributes the tokenizer alone fixes (the same before and after tagging and parsing).
# A pattern token's other attributes (POS, TAG, DEP, MORPH, LEMMA ...) are unknown before the parse.
_LEXICAL = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "SHAPE", "IS_ALPHA", "IS_ASCII", "IS_DIGIT",
                      "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM",
                      "LIKE_URL", "LIKE_EMAIL", "OP"})


class LemmaForms:
    """Every lowercase word form the pipeline can give a lemma, read from the model's own tables.

    spaCy's rule lemmatizer turns a form into its lowercase self, an exception from its tables,
    or the form with one suffix rule applied (``-ies`` -> ``-y``); the attribute ruler names the
    forms it gives its lemmas ("'s" -> "be"); the frame reader mends violent verbs
    (``FrameReader.fix_lemmas``). Running those in reverse gives, for a lemma, a finite set of forms
    outside which no token can carry it, with no inflection guessed. None: any token may carry it
    (an attribute-ruler lemma given by tag or by regex)."""

    def __init__(self, nlp, mended: dict[str, str]):
        self.rules: set[tuple[str, str]] = set()
        self.exceptions: dict[str, set[str]] = {}
        self.extra: dict[str, set[str] | None] = {}
        lem = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        if lem is not None and getattr(lem, "lookups", None) is not None:
            tables = lem.lookups
            if tables.has_table("lemma_rules"):
                for pairs in tables.get_table("lemma_rules").values():
                    self.rules.update((old, new) for old, new in pairs)
            if tables.has_table("lemma_exc"):
                for by_form in tables.get_table("lemma_exc").values():
                    for form, lemmas in by_form.items():
                        for lemma in lemmas:
                            self.exceptions.setdefault(lemma.lower(), set()).add(form.lower())
        if "attribute_ruler" in nlp.pipe_names:
            for entry in nlp.get_pipe("attribute_ruler").patterns:
                lemma = entry["attrs"].get("LEMMA")
                if lemma is None:
                    continue
                key = lemma.lower()
                for pat in entry["patterns"]:
                    spec = pat[entry.get("index", 0)] if pat else {}
                    words = _spec_words(spec)
                    if words is None or self.extra.get(key, set()) is None:
                        self.extra[key] = None
                    else:
                        self.extra.setdefault(key, set()).update(words)
        for form, lemma in mended.items():
            if self.extra.get(lemma.lower(), set()) is not None:
                self.extra.setdefault(lemma.lower(), set()).add(form.lower())

    def __call__(self, lemma: str) -> frozenset[str] | None:
        low = lemma.lower()
        extra = self.extra.get(low, set())
        if extra is None:
            return None
        out = {low} | extra | self.exceptions.get(low, set())
        # a suffix rule (old -> new) made the lemma from a form ending in ``old``
        out |= {low[:len(low) - len(new)] + old for old, new in self.rules if low.endswith(new)}
        return frozenset(out)


def _spec_words(spec: dict) -> set[str] | None:
    """The lowercase forms a one-token spec is limited to, or None when its form is not limited."""
    for key in ("LOWER", "ORTH", "TEXT"):
        v = spec.get(key)
        if isinstance(v, str):
            return {v.lower()}
        if isinstance(v, dict) and set(v) == {"IN"}:
            return {x.lower() for x in v["IN"]}
    return None


def _with_curly(words) -> set[str]:
    """The forms with a curly apostrophe as well, as the tokenizer leaves "’" in a token's form."""
    return set(words) | {w.replace("'", "\u2019") for w in words if "'" in w}


class ParseGate:
    """Can the indicator components find anything in a snippet the prefilter chose? Asked of its
    tokens alone, before the tagger and parser, which are most of the screener's time.

    The prefilter reads plain words, and about three snippets in five it sends on come back with
    no evidence: "time" and "over" in one sentence, or "get" and "a", are enough for it. Here each
    source of evidence is asked with what is known before the parse, loosened so that it can only
    say yes more often than the components themselves:

    - a violent-act frame needs a token whose lemma is a violent or patient verb (or a phrasal
      base with its particle in the text): one of the forms that lemma can have (:class:`LemmaForms`);
    - a token pattern must match the snippet's tokens with each of its token specs loosened:
      what only the parse knows (POS, TAG, DEP, MORPH) dropped, a lemma turned into its forms, and
      a negated spec ("OP": "!") that reads the parse turned into any one token;
    - a dependency pattern needs, for each of its nodes, a token that can fill it (in any order).

    A snippet none of them can answer is not parsed: it would have given no spans. The parse of
    the other snippets is untouched (each is its own document), so every result stays the same.
    """

    def __init__(self, nlp):
        ruler = nlp.get_pipe("indicator_ruler")
        fr = ruler.frames
        self.tokenizer = nlp.tokenizer
        forms = LemmaForms(nlp, fr.form_lemma)
        # a lemma any token may carry, or token fallbacks run instead of dependency patterns (not
        # read here): the gate lets everything through
        self.open = not ruler.use_dependency
        frame_words = set(fr.violent)
        for verb in fr.violent | fr.patient_verbs:
            f = forms(verb)
            if f is None:
                self.open = True
                f = frozenset()
            frame_words |= f
        self.frame_words = frozenset(_with_curly(frame_words))
        # most snippets hold a violent verb form as a plain word: a yes without tokenizing
        self.sure_words = frozenset(w for w in frame_words if _PLAIN.match(w))
        self.phrasals = []
        for base, *rest in fr.phrasals:
            f = forms(base)
            if f is None:
                self.open = True
            elif len(rest) == 1:
                self.phrasals.append((frozenset(_with_curly(f)), frozenset(_with_curly({rest[0]}))))
        self._forms = forms
        self.relaxed = {e.id: [self._relax(t) for t in e.pattern] for e in ruler.rules.phrases}
        self.vocab = nlp.vocab
        self.matchers: dict = {}      # pattern id -> Matcher, built when first asked (most never are)
        self.phrase_index = PatternIndex(self.relaxed)
        self.dep_index = PatternIndex({e.id: [self._relax(n.get("RIGHT_ATTRS", {})) for n in e.pattern]
                                       for e in ruler.rules.dependency})

    def _relax(self, spec: dict) -> dict:
        """A token spec that every token matching ``spec`` in the parsed document also matches."""
        if spec.get("OP") == "!":
            # "no token like this": loosening the inner test would tighten the whole
            return dict(spec) if set(spec) <= _LEXICAL else {}
        out = {k: v for k, v in spec.items() if k in _LEXICAL}
        lemma = spec.get("LEMMA")
        if lemma is not None and not {"LOWER", "ORTH", "TEXT"} & out.keys():
            lemmas = [lemma] if isinstance(lemma, str) else lemma.get("IN") if (
                isinstance(lemma, dict) and set(lemma) == {"IN"}) else None
            if lemmas is not None:
                words: set[str] | None = set()
                for lem in lemmas:
                    f = self._forms(lem)
                    if f is None:
                        words = None
                        break
                    words |= f
                if words is not None:
                    out["LOWER"] = {"IN": sorted(_with_curly(words))}
        return out

    def may_match(self, snippet: str) -> bool:
        if self.open:
            return True
        # (a yes here is always safe: any way of finding words will do)
        if not self.sure_words.isdisjoint(_LOW_WORDS.findall(snippet.lower())):
            return True
        doc = self.tokenizer(snippet)
        strings = doc.vocab.strings
        lows = {strings[k] for k in set(doc.to_array(_LOWER_ATTR).tolist())}
        if not lows.isdisjoint(self.frame_words):
            return True
        for bases, particles in self.phrasals:
            if not lows.isdisjoint(particles) and not lows.isdisjoint(bases):
                return True
        words: set[str] = set()
        for low in lows:
            words.update(_token_pieces(low))
        if self.dep_index.candidates(words):
            return True
        return any(self._matcher(pid)(doc) for pid in self.phrase_index.candidates(words))

    def _matcher(self, pid: str):
        m = self.matchers.get(pid)
        if m is None:
            from spacy.matcher import Matcher

            m = self.matchers[pid] = Matcher(self.vocab)
            m.add(pid, [self.relaxed[pid]])
        return m
