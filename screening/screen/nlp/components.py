"""The spaCy components of the screener: ``indicator_ruler`` and ``context_reader``.

Both are registered with ``@Language.factory``; their knobs are config keys and their data (the
pattern, lexicon and idiom files of ``screen/patterns/``) is saved with ``to_disk`` and read back
with ``from_disk``, so a saved pipeline carries the exact rules it ran with.

``indicator_ruler`` writes candidate evidence to ``doc.spans["indicators"]``: each span's label is
an indicator, and ``span._.rule``, ``span._.weight``, ``span._.detector``, ``span._.frame`` say why.
It uses token patterns (Matcher), dependency patterns (DependencyMatcher, or their token
fallbacks when the pipeline has no parser) and the violent-act frame reader (``frames.py``).

``context_reader`` fills ``span._.context`` with what changes the hit's meaning: negation,
hypotheticals and questions, quotation and reported speech, counter-speech, fiction, lyrics,
gaming, sports, news, idiom and hyperbole, non-human targets.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from screening.errors import RulesError
from screening.screen.nlp.frames import _NEG, NAMED_RULE, FrameReader, _raw_emoji
from screening.screen.nlp.prefilter import PatternIndex
from screening.screen.nlp.rules import FILES, PATTERNS_DIR, RuleSet, load_rules

SPANS_KEY = "indicators"

for _name, _default in (("rule", ""), ("weight", 1.0), ("detector", ""), ("frame", None), ("context", None),
                        ("exempt", ())):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)
for _name, _default in (("full_text", None), ("offset", 0), ("sentences", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _add(matcher, key: str, pattern, where: str) -> None:
    try:
        matcher.add(key, [pattern])
    except Exception as exc:  # spaCy's own validation: name the entry to fix
        raise RulesError(f"{where}: entry {key!r} is not a valid spaCy pattern ({exc}); fix it") from exc


def _copy_rules(src: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if (src / name).exists():
            shutil.copyfile(src / name, dest / name)


class _RulesHolder:
    """Shared by both components: rules come from a directory and are saved as that directory."""

    rules: RuleSet
    patterns_dir: Path

    def _load(self, directory: Path) -> None:
        self.patterns_dir = Path(directory)
        self.rules = load_rules(self.patterns_dir)
        self._build()

    def _build(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_disk(self, path, *, exclude=tuple()) -> None:
        _copy_rules(self.patterns_dir, ensure_path(path))

    def from_disk(self, path, *, exclude=tuple()):
        self._load(ensure_path(path))
        return self

    @property
    def rules_digest(self) -> str:
        return self.rules.digest


class IndicatorRuler(_RulesHolder):
    def __init__(self, nlp: Language, name: str, patterns_dir: str | None, use_dependency: bool, spans_key: str):
        self.nlp, self.name = nlp, name
        self.use_dependency = use_dependency
        self.spans_key = spans_key
        self._load(Path(patterns_dir) if patterns_dir else PATTERNS_DIR)

    def _build(self) -> None:
        vocab = self.nlp.vocab
        self.fallback = Matcher(vocab, validate=True)
        self.dep_matcher = DependencyMatcher(vocab, validate=True)
        self.entries: dict[str, Any] = {}
        # one small matcher per phrase pattern, run only when the document holds the pattern's
        # required words (PatternIndex): far cheaper than one big matcher on every document
        self.phrase_matchers: dict[str, Matcher] = {}
        for e in self.rules.phrases:
            m = Matcher(vocab, validate=True)
            _add(m, e.id, e.pattern, "phrases.jsonl")
            self.phrase_matchers[e.id] = m
            self.entries[e.id] = e
        self.phrase_index = PatternIndex({e.id: e.pattern for e in self.rules.phrases})
        # the dependency matcher is slow even when nothing matches: run it only when the document
        # holds the words its patterns' nodes require
        self.dep_index = PatternIndex({e.id: [n.get("RIGHT_ATTRS", {}) for n in e.pattern] for e in self.rules.dependency})
        for e in self.rules.dependency:
            _add(self.dep_matcher, e.id, e.pattern, "dependency.jsonl")
            _add(self.fallback, e.id, e.fallback, "dependency.jsonl (fallback)")
            self.entries[e.id] = e
        self.frames = FrameReader(self.rules)
        self._exempt = {}
        self._clause_end: set[str] = set()   # patterns that must end their clause ("at_clause_end": true)
        import json
        for line in (self.patterns_dir / "phrases.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("{"):
                obj = json.loads(line)
                self._exempt[obj["id"]] = tuple(obj.get("exempt", ()))
                if obj.get("at_clause_end"):
                    self._clause_end.add(obj["id"])

    def __call__(self, doc: Doc) -> Doc:
        # (spans come from phrases, dependency patterns and frames only: prefilter.ParseGate skips the
        # parse of snippets none of them can match, and must be taught any new source of spans)
        parsed = doc.has_annotation("DEP")
        if not doc.has_annotation("LEMMA"):
            for t in doc:        # no lemmatizer in this pipeline: lowercase forms stand in for lemmas
                t.lemma_ = t.lower_
        self.frames.fix_lemmas(doc)
        spans: list[Span] = []
        # token patterns: keep the longest match per pattern and start
        best: dict[tuple[str, int], tuple[int, int]] = {}
        matches = []
        words = PatternIndex.doc_words(doc)
        doc.user_data["screening_words"] = words     # the context reader reads the same words
        for pid in self.phrase_index.candidates(words):
            matches.extend(self.phrase_matchers[pid](doc))
        for mid, s, e in matches:
            key = (self.nlp.vocab.strings[mid], s)
            if key not in best or e > best[key][1]:
                best[key] = (s, e)
        taken: dict[str, list[tuple[int, int]]] = {}
        for (pid, _), (s, e) in sorted(best.items(), key=lambda kv: (kv[1][0], -kv[1][1])):
            if any(s < b and a < e for a, b in taken.get(pid, [])):
                continue
            if pid in self._clause_end and e < len(doc) and (doc[e].is_alpha or doc[e].like_num) and (
                    not parsed or not _has_sign(doc[s:e])
                    or doc[e].pos_ in ("NOUN", "PROPN", "NUM", "VERB", "AUX", "ADJ", "PRON")
                    and doc[e].lower_ not in _AFTER_CLAUSE):
                continue     # "🏳️‍🌈 = ⚰️" ends there; "gay blood donors" goes on: a compound noun, and
                #              "refugees dead is ..." a clause (parsed, with an arrow or sign in the match,
                #              "➡️ 🔥 like grandpa said" and "➡️ 🔥 no mercy" end there: a preposition or
                #              determiner starts anew)
            taken.setdefault(pid, []).append((s, e))
            spans.append(self._span(doc, s, e, pid, "phrase", s))
        # dependency patterns, or their token fallbacks without a parser
        if parsed and self.use_dependency:
            for mid, toks in (self.dep_matcher(doc) if self.dep_index.candidates(words) else ()):
                pid = self.nlp.vocab.strings[mid]
                spans.append(self._span(doc, min(toks), max(toks) + 1, pid, "dependency", toks[0]))
        else:
            for mid, s, e in self.fallback(doc):
                pid = self.nlp.vocab.strings[mid]
                spans.append(self._span(doc, s, e, pid, "dependency-fallback", s))
        # violent-act frames (the count of predicates read tells the screener the rules looked)
        frames = self.frames.frames(doc, parsed)
        doc.user_data["violent_predicates"] = self.frames.last_read
        for fr in frames:
            if fr.rule is NAMED_RULE and spans:
                continue     # for the classifier only where the rules found nothing (a span's extensions are shared by its offsets)
            span = Span(doc, fr.start, fr.end, label=fr.rule.indicator)
            span._.rule = fr.rule.id
            span._.weight = fr.rule.weight
            span._.detector = "frame" if parsed else "frame-window"
            span._.frame = {"agent": fr.agent, "modality": fr.modality, "target": fr.target,
                            "negated": fr.negated, "in_condition": fr.in_condition, "question": fr.question,
                            "anchor": fr.anchor, "full_weight_with": list(fr.rule.full_weight_with)}
            spans.append(span)
            if fr.rule.weight > 0 and fr.rule.indicator in ("direct_threat", "violent_ideation", "leakage") and fr.modality in (
                    "future", "intent") and (fr.time_tokens or fr.target == "place"):
                if fr.time_tokens:
                    t0 = fr.time_tokens[0]
                    s = t0 - 1 if t0 > 0 and doc[t0 - 1].lower_ in ("on", "at", "next", "this", "by", "before",
                                                                     "after", "during") else t0
                    e = fr.time_tokens[0] + 1
                    rule = "planning.time_of_act"
                else:
                    s, e, rule = fr.target_token, fr.target_token + 1, "planning.place_of_act"
                    while s > fr.anchor + 1 and doc[s - 1].lower_ in ("the", "my", "our", "his", "her", "their", "that"):
                        s -= 1
                p = Span(doc, s, e, label="planning")
                p._.rule, p._.weight, p._.detector = rule, 0.6, span._.detector
                p._.frame = span._.frame
                spans.append(p)
        seen: set[tuple[str, str, int, int]] = set()
        unique = []
        for sp in spans:
            key = (sp.label_, sp._.rule, sp.start, sp.end)
            if key not in seen:
                seen.add(key)
                unique.append(sp)
        doc.spans[self.spans_key] = unique
        return doc

    def _span(self, doc: Doc, s: int, e: int, pid: str, detector: str, anchor: int) -> Span:
        entry = self.entries[pid]
        span = Span(doc, s, e, label=entry.indicator)
        span._.rule = pid
        span._.weight = entry.weight
        span._.detector = detector
        span._.exempt = self._exempt.get(pid, ())
        span._.frame = {"anchor": anchor}
        return span


@Language.factory(
    "indicator_ruler",
    default_config={"patterns_dir": None, "use_dependency": True, "spans_key": SPANS_KEY},
)
def make_indicator_ruler(nlp: Language, name: str, patterns_dir: str | None, use_dependency: bool,
                         spans_key: str) -> IndicatorRuler:
    return IndicatorRuler(nlp, name, patterns_dir, use_dependency, spans_key)


# ------------------------------------------------------------------------------ context
# a title's period ("Ms. Okafor", "Dr. Lee") does not end a sentence: the negation before it still reaches
_SENT_SPLIT = re.compile(r"(?<=[.!?])(?<!\bmr\.)(?<!\bms\.)(?<!\bmrs\.)(?<!\bdr\.)(?<!\bst\.)(?<!\bprof\.)"
                         r"(?<!\bvs\.)[\"'\u201d\u2019)]*\s+|\n+", re.IGNORECASE)
_DQUOTE = re.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb]([^\"\u201c\u201d\u201e\u00ab\u00bb]{2,400})[\"\u201c\u201d\u201e\u00ab\u00bb]")
_SQUOTE = re.compile(r"(?:(?<=^)|(?<=[\s:(\[]))['\u2018]([^'\u2018\u2019]*?(?:\w'\w[^'\u2018\u2019]*?)*)['\u2019](?=$|[\s.,!?;:)\]])")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENT_SPLIT.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out or [(0, len(text))]


# verbs that pass a negation on to the verb after them ("I would never want to hurt her")
_CATENATIVE = frozenset({"want", "wish", "try", "plan", "mean", "intend", "go", "need", "like", "love", "hope",
                         "dare", "get", "have", "wanna", "gonna", "gotta", "let", "make", "see", "bother"})


# a forum reply quotes the post it answers on a line of its own opened by ">" (Reddit, 4chan);
# only with the writer's own words on the lines after it: a text that is all quote is the writer's
_REPLY_QUOTE = re.compile(r"(?m)^[ \t]*(?:>|&gt;)(?![>\d])[ \t]*(\S[^\n]*)\n(?=[^\n]*\S)")


def quote_regions(text: str) -> list[tuple[int, int]]:
    regions = [(m.start(1), m.end(1)) for m in _DQUOTE.finditer(text)]
    if ">" in text:
        regions += [(m.start(1), m.end(1)) for m in _REPLY_QUOTE.finditer(text)]
    regions += [(m.start(1), m.end(1)) for m in _SQUOTE.finditer(text) if len(m.group(1)) >= 6]
    return regions


def cue_window(scope: str, sents: list[tuple[int, int]], k: int, n: int) -> tuple[int, int]:
    """The characters a cue is looked for in: the whole text, the sentence ``k`` with its
    neighbours ("near"), or sentence ``k`` alone."""
    if scope == "document":
        return 0, n
    if scope == "near":
        return sents[max(0, k - 1)][0], sents[min(len(sents) - 1, k + 1)][1]
    return sents[k]

_CASE_ESCAPE = re.compile(r"\\(?:[xuUN0-7]|[A-Z](?<![SWDBAZ]))")


def lowercase_twin(regex: re.Pattern) -> re.Pattern | None:
    """The same cue without IGNORECASE, for ASCII text that has been lowercased (about twice as fast:
    scripts/speed_parts.py).

    Only where that cannot change an answer: no uppercase letter and no character escape in the
    pattern, no inline flag turning case back on, and no non-ASCII character that has a case (a Kelvin sign or a long s would match
    ASCII letters case-insensitively)."""
    pat = regex.pattern
    if not regex.flags & re.IGNORECASE or _CASE_ESCAPE.search(pat) or "(?-" in pat:
        return None
    plain = re.sub(r"\\.", "", pat)
    if any(c.isupper() or (not c.isascii() and (c.lower() != c or c.upper() != c or c.casefold() != c))
           for c in plain):
        return None
    return re.compile(pat, regex.flags & ~re.IGNORECASE)


# someone else's call for violence, named by the writer: the call sits under a verb or noun of
# saying (or of reading and hearing it) whose speaker is not the writer
# where a negation before classifier evidence stops reaching it: a clause break, and a few words
_CLAUSE_BREAK = re.compile(r"[,;:\u2014\u2013]|\s-\s|\b(?:if|but|when|whenever|because|cuz|coz|cause|so|until|unless|"
                           r"though|although|while|then|till|after|before)\b")
_NEG_REACH = 6
_SAY = {"say", "think", "believe", "claim", "suggest", "post", "tweet", "write", "call", "yell", "shout", "scream",
        "preach", "teach", "argue", "insist", "imply", "declare", "chant", "comment", "reply", "tell", "joke",
        "demand", "advocate", "spread", "promote"}
# talking about an act ("talk about killing X", "joke about shooting X"): read through "about" only
_TALK = {"talk", "joke", "brag", "boast", "fantasize", "fantasise", "dream", "rant", "think"}
_HEARD = {"read", "hear"}
_SAY_NOUNS = {"comment", "post", "tweet", "message", "idea", "opinion", "notion", "view", "claim", "belief", "rhetoric",
              "talk", "call", "threat", "suggestion", "narrative", "video", "sermon", "speech", "statement", "remark",
              "reply", "caption", "argument", "desire", "wish", "fantasy", "joke"}
_FIRST = {"i", "we", "me", "us", "myself", "ourselves", "my", "our"}
# sayers told to their face or named as a crowd ("you said you want ...", "people say they want ..."),
# not one person whose wish a tip reports ("my brother says he wants to kill ...")
_MANY = {"you", "u", "y'all", "yall", "ya", "people", "ppl", "folks", "anyone", "anybody", "everyone", "everybody",
         "those", "men", "guys", "some", "many", "most", "others", "users", "accounts", "commenters", "whoever"}


_FUTURE_WORDS = frozenset({"going", "gonna", "will", "'ll", "ll", "finna", "wo", "shall"})
_WISH_WORDS = frozenset({"want", "wants", "wanted", "wanting", "wish", "wishes", "wished", "wishing", "hope", "hopes"})


# the readings of an act named under talk that are kept as leads (ContextReader._talked_of)
TALKED_OF_BY_KNOWN = "leakage.act_talked_of_by_known"
TALKED_OF_AND_WILL = "violent_ideation.act_talked_of_will_do"
_WILL_DO_IT = re.compile(r"\b(?:i|we)\s*(?:'ll|will|shall|am going to|'m going to|are going to|'re going to|"
                         r"are gonna|'re gonna|gonna|am gonna|'m gonna)\s+(?:actually\s+|really\s+|finally\s+)?"
                         r"do (?:it|this|that|them)\b", re.IGNORECASE)


# nouns that end a clause rather than extend a compound ("all of them ➡️ 🔥 tonight")
_AFTER_CLAUSE = frozenset({"tonight", "today", "tomorrow", "now", "lol", "lmao", "asap", "pls", "plz", "please",
                           "mercy", "sir", "bro", "lads", "boys"})


def _has_sign(span: Span) -> bool:
    """An arrow, equals sign or other symbol among the tokens ("✡️ ➡️ 🔥"), not only words."""
    return any(_raw_emoji(t) or t.text in ("->", "=>", "=") for t in span)


def _phrase_mood(doc: Doc, span: Span) -> str:
    """The mood of a phrase hit, which has no frame: from the words in it or just before it."""
    near = {t.lower_ for t in doc[max(0, span.start - 3):span.end]}
    return "future" if near & _FUTURE_WORDS else "desire" if near & _WISH_WORDS else "deontic"


class ContextReader(_RulesHolder):
    def __init__(self, nlp: Language, name: str, patterns_dir: str | None, spans_key: str):
        self.nlp, self.name, self.spans_key = nlp, name, spans_key
        self._load(Path(patterns_dir) if patterns_dir else PATTERNS_DIR)

    def _build(self) -> None:
        # one small matcher per idiom, run only when the document holds the idiom's required words
        # (as for phrases): one matcher of all idioms on every document cost more than the rest
        self.idiom_context: dict[str, str] = {}
        self.idiom_matchers: list[tuple[str, Matcher]] = []
        for idiom in self.rules.contexts["idioms"]:
            m = Matcher(self.nlp.vocab, validate=True)
            _add(m, idiom["id"], idiom["pattern"], "contexts.yaml (idioms)")
            self.idiom_matchers.append((idiom["id"], m))
            self.idiom_context[idiom["id"]] = idiom["context"]
        self.idiom_index = PatternIndex({str(n): i["pattern"] for n, i in enumerate(self.rules.contexts["idioms"])})
        self.cues = [(name, c.get("context"), c.get("scope", "sentence"), c["compiled"], tuple(c.get("cancels", ())))
                     for name, c in self.rules.contexts["cues"].items()]
        self.twins = {name: lowercase_twin(c["compiled"]) for name, c in self.rules.contexts["cues"].items()}
        # a cue may read only some indicators ("the office is closed" explains "don't come in",
        # not a threat beside it)
        self.cue_only = {name: frozenset(c.get("indicators", ())) for name, c in self.rules.contexts["cues"].items()}
        self.nonhuman = self.rules.lex("nonhuman_targets")
        self.body_parts = self.rules.lex("body_parts")
        self.people = self.rules.lex("human_targets") | self.rules.lex("close_relations")
        self.places = self.rules.lex("attack_places")
        self.weapons = self.rules.lex("weapons")
        self.frames_reader = FrameReader(self.rules)

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(self.spans_key, []))
        if not spans:
            return doc
        full = doc._.full_text if doc._.full_text is not None else doc.text
        off = doc._.offset if doc._.full_text is not None else 0
        sents = doc._.sentences or sentence_bounds(full)
        quotes = quote_regions(full)
        # pest and thing words this text calls people ("immigrants are rats") are not things here
        self.frames_reader.aliases = doc.user_data.get("screening_aliases", frozenset())
        idioms = []
        words = doc.user_data.get("screening_words")
        for n in self.idiom_index.candidates(PatternIndex.doc_words(doc) if words is None else words):
            iid, matcher = self.idiom_matchers[int(n)]
            idioms.extend((s, e, self.idiom_context[iid]) for _, s, e in matcher(doc))
        cue_cache: dict[tuple[str, int, int], bool] = {}
        low = full.lower() if full.isascii() else None    # same offsets (see lowercase_twin)

        dropped: set[int] = set()
        replaced = False
        for n, span in enumerate(spans):
            ctx: set[str] = set()
            fr = span._.frame or {}
            if fr.get("negated"):
                ctx.add("negation")
            if fr.get("in_condition") or fr.get("question"):
                ctx.add("hypothetical")
            if fr.get("target") == "nonhuman":
                ctx.add("non_human_target")
            if "agent" not in fr and (self._negated_phrase(doc, span) or any(
                    t.lower_ in ("not", "n't", "never", "nt") for t in span[1:])):
                ctx.add("negation")
            anchor = fr.get("anchor", span.start)
            for s, e, c in idioms:
                if s <= anchor < e or (s < span.end and span.start < e and "agent" not in fr):
                    ctx.add(c)
            # "the comments calling for X to be hanged", "some of you think X deserve to be shot": a call
            # put in someone else's mouth is answered or reported; the writer's own endorsement or
            # violence cancel it (cues), it yields to a report of concern as a quote does (below), and
            # someone's own intent ("he said he's going to shoot ...") is no call: it stays a lead
            # (a wish, or an act named as a topic, is read so only when said by "you" or a crowd: "you
            # said you want to kill X", "when you talk about killing X")
            # (a phrase has no frame: it is a reported threat when a future form is in it or just
            # before it, "he said he's going to make them all pay", a wish with "want", else a call)
            mood = "named" if span._.rule == NAMED_RULE.id else fr.get("modality") or _phrase_mood(doc, span)
            sayer = (self._sayer(doc[fr["anchor"]] if "anchor" in fr else span.root)
                     if doc.has_annotation("DEP") and span.label_ == "violent_ideation"
                     and mood in ("deontic", "desire", "named") else None)
            # (the call of someone the writer knows, "my son said some kids at school deserve to
            # die", is a tip: it names a person to worry about, not words to answer)
            someone_elses = sayer is not None and sayer not in ("writer", "known") and (
                mood == "deontic" or sayer in ("topic", "many") and fr.get("agent") != "speaker")
            a = off + span.start_char
            b = off + span.end_char
            if any(qa <= a and b <= qb + 1 for qa, qb in quotes):
                ctx.add("quotation")
            k = next((i for i, (sa, sb) in enumerate(sents) if sa <= a < sb + 1), 0)
            cancelled: set[str] = set()
            for name, context, scope, regex, cancels in self.cues:
                if self.cue_only[name] and span.label_ not in self.cue_only[name]:
                    continue
                lo, hi = cue_window(scope, sents, k, len(full))
                if self._cue_hit(cue_cache, name, regex, full, low, lo, hi):
                    if context:
                        ctx.add(context)
                    cancelled.update(cancels)
            if "agent" not in fr and span.label_ != "self_harm" and self._aimed_at_thing(
                    doc, span, before=span.label_ != "preparation"):
                # (self-harm is aimed at the speaker by construction: "I want to die in my car"; a
                # weapon got or readied is about the thing after it, "a knife to cut the cake", not
                # the thing before it: "a video of him loading a pistol")
                ctx.add("non_human_target")
            if someone_elses and "quotation" not in cancelled:
                ctx.add("counter_speech")
            ctx -= cancelled
            ctx -= set(span._.exempt or ())
            if span._.rule == NAMED_RULE.id and "counter_speech" not in ctx:
                talked = self._talked_of(doc, span, sayer, full)
                if talked is None:
                    dropped.add(n)     # kept only as counter-speech, unless a tip or the writer's own plan
                else:
                    spans[n] = span = talked
                    replaced = True
            span._.context = sorted(ctx)
            if set(fr.get("full_weight_with") or ()) & ctx:
                span._.weight = 1.0      # e.g. someone else's attack plan, reported in a tip
        if dropped or replaced:
            doc.spans[self.spans_key] = [sp for n, sp in enumerate(spans) if n not in dropped]
        return doc

    @staticmethod
    def _talked_of(doc: Doc, span: Span, sayer: str | None, full: str) -> Span | None:
        """An act on people named under talk, and not answered as counter-speech, is a lead in two
        cases: someone the writer knows keeps talking of it ("my cousin keeps talking about shooting
        people at his school": leakage, what tip lines are for), or the writer says they will do it
        ("We talked about killing them all and we will do it saturday"). Anything else stays out."""
        if sayer == "known":
            label, rule, weight = "leakage", TALKED_OF_BY_KNOWN, 0.6
        elif sayer == "writer" and _WILL_DO_IT.search(full):
            label, rule, weight = "violent_ideation", TALKED_OF_AND_WILL, 0.85
        else:
            return None
        new = Span(doc, span.start, span.end, label=label)   # same offsets: the same extension values
        new._.rule, new._.weight = rule, weight
        return new

    def _cue_hit(self, cache: dict, name: str, regex: re.Pattern, full: str, low: str | None, lo: int, hi: int) -> bool:
        """Does cue ``name`` match in ``full[lo:hi]``? Answered once per text and window (``cache``);
        ``low`` is the text lowercased when it is ASCII, searched with the cue's lowercase twin."""
        key = (name, lo, hi)
        if key not in cache:
            twin = self.twins[name] if low is not None else None
            cache[key] = (twin.search(low, lo, hi) if twin is not None else regex.search(full, lo, hi)) is not None
        return cache[key]

    def text_contexts(self, full: str, a: int, b: int) -> set[str]:
        """Contexts around a character span read without a parse (for classifier evidence, which
        has no frame): quotation, the cue patterns of contexts.yaml, a negation word earlier in its
        sentence, and a question."""
        return self.text_contexts_many(full, [(a, b)])[0]

    def text_contexts_many(self, full: str, spans: list[tuple[int, int]]) -> list[set[str]]:
        """:meth:`text_contexts` for several spans of one text (sentences, quotes and cue answers
        are found once for all of them)."""
        sents = sentence_bounds(full)
        quotes = quote_regions(full)
        low = full.lower() if full.isascii() else None    # same offsets (see lowercase_twin)
        hits: dict[tuple[str, int, int], bool] = {}
        out = []
        for a, b in spans:
            out.append(self._span_contexts(full, low, sents, quotes, hits, a, b))
        return out

    def _span_contexts(self, full, low, sents, quotes, hits, a: int, b: int) -> set[str]:
        k = next((i for i, (sa, sb) in enumerate(sents) if sa <= a < sb + 1), 0)
        ctx: set[str] = set()
        if any(qa <= a and b <= qb + 1 for qa, qb in quotes):
            ctx.add("quotation")
        cancelled: set[str] = set()
        for name, context, scope, regex, cancels in self.cues:
            if self.cue_only[name]:
                continue     # classifier evidence names violence, not a leakage or welfare cue
            lo, hi = cue_window(scope, sents, k, len(full))
            if self._cue_hit(hits, name, regex, full, low, lo, hi):
                if context:
                    ctx.add(context)
                cancelled.update(cancels)
        lo, hi = sents[k]
        # a negation reaches the evidence from its own clause and a few words back only: "I don't
        # own a gun" is denied, "those people dont belong here 🔫🔫" and "wouldnt cry if someone
        # stabbed her" are not (the parse-free twin of the frame reader's per-clause negation)
        clause = _CLAUSE_BREAK.split(full[lo:a].lower())[-1]
        before = re.findall(r"[a-z']+", clause)[-_NEG_REACH:]
        if any(w in _NEG for w in before):
            ctx.add("negation")
        if full[lo:hi].rstrip().endswith("?") or (hi < len(full) and full[hi:hi + 1] == "?"):
            ctx.add("hypothetical")
        return ctx - cancelled

    @staticmethod
    def _sayer(tok) -> str | None:
        """Who says what ``tok`` (a call's predicate) sits in: None when it sits under no saying;
        "writer"; "known" (someone the writer knows: "my son said ..."); "topic" (a saying with no one
        saying it: "Saying X should be shot is ..."); "heard"
        (what the writer read or heard); "many" (you, people, anyone ...); "someone"."""
        for _ in range(6):
            if tok.dep_ in ("conj", "parataxis", "ROOT"):
                return None     # "X is vile, and they should all be shot": the writer's own clause
            dep, tok = tok.dep_, tok.head
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_ in _SAY | _HEARD and dep in ("ccomp", "xcomp", "advcl", "prep", "pcomp"):
                break    # what is said, not whom it is said to ("teach him a lesson")
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_ in _TALK and dep == "prep" and tok.i + 1 < len(tok.doc) and (
                    tok.doc[tok.i + 1].lower_ in ("about", "of")):
                break    # "talk about killing X", not "if she talked to me like that, she'd ..."
            if tok.pos_ == "NOUN" and tok.lemma_ in _SAY_NOUNS and dep in ("acl", "prep"):
                break    # "your opinion that ...", "calls for ..." (not a clause about them: "tell the comments that")
        else:
            return None
        said = tok
        if tok.lemma_ in _HEARD and tok.pos_ != "NOUN":
            return "heard"
        # who says it: the first subject (or owner) met going up from the saying
        for _ in range(6):
            who = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "poss")), None)
            if who is not None:
                if who.lower_ in ("who", "that") and who.head.dep_ == "relcl":
                    who = who.head.head      # "people who say ...": the people
                words = {who.lower_} | {g.lower_ for c in who.children if c.dep_ == "prep" for g in c.children}
                if words & _FIRST:
                    return "writer"     # "I think ...", "many of us think ...", but "some of you think ..."
                if who.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" and c.lower_ in ("my", "our")
                                                        for c in who.children):
                    return "known"      # "my son", "our neighbour": someone the writer knows
                return "many" if who.lower_ in _MANY or who.lemma_ in _MANY or "you" in words else "someone"
            if tok.dep_ in ("csubj", "csubjpass") or tok.pos_ == "NOUN" and tok.dep_ == "ROOT":
                return "topic"      # "Saying X should be shot is ...": a saying put as a topic
            if tok.dep_ == "ROOT":
                # a bare command to say it ("tell them X should be shot") is the writer's own; an
                # imperative about someone's words ("stop spreading the idea that ...") is not
                return "topic" if tok.tag_ == "VBG" or said.pos_ == "NOUN" else "writer"
            tok = tok.head
        return "someone"

    def _aimed_at_thing(self, doc: Doc, span: Span, before: bool = True) -> bool:
        """"take an axe to the couch": a phrase hit followed by to/at + a thing; "this printer
        deserves a bullet": a known thing just before it is what it is about (unless not ``before``)."""
        k = span.start - 1 if before else -1
        while k >= 0 and span.start - k <= 3 and doc[k].lower_ in ("all", "really", "honestly", "just", "so"):
            k -= 1
        if k >= 0 and span.start - k <= 3:
            noun = doc[k]
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
                noun = noun.head.head   # "that woman in the video": the woman, not where she was seen
            # (a compound names its head, "THE CLASS TEACHER WHO ..." is a teacher; a place a verb
            # passes through is not the subject: "every last 🇲🇽 sneaking over that border deserves ...")
            if self._thing(noun.lower_) and not (noun.dep_ == "compound" and noun.head.i >= span.start) and not (
                    noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX")):
                return True
        if any(t.lower_ in self.body_parts for t in span) and any(
                t.lower_ in self.people or t.lower_ in ("her", "his", "their", "your", "ur", "my") for t in span):
            return False    # "get her face smashed into a curb", "smash ur skull in 🔨": the body is theirs
        # "we should burn all these old letters": a known thing as the object right after it
        j = span.end
        has_object = doc[span.end - 1].pos_ in ("NOUN", "PROPN", "PRON") or doc[span.end - 1].lower_ in self.people
        while not has_object and j < len(doc) and j <= span.end + 4 and not doc[j].is_punct and (
                doc[j].pos_ not in ("VERB", "AUX")) and doc[j].lower_ not in (
                "and", "but", "because", "if", "when", "to", "into", "with", "at", "for", "against", "on", "onto",
                "in", "through", "across", "by", "like", "until", "till", "behind", "under", "over", "near",
                "from", "off", "around", "after", "before", "beside", "past", "along", "outside", "inside",
                "toward", "towards"):
            # (a preposition starts a place or an instrument: "her head smashed against a wall"; a
            # weapon after the verb is its instrument: "thots must hang 🪢" reads "hang noose")
            if self._thing(doc[j].lower_) and doc[j].lower_ not in self.weapons:
                return True
            j += 1
        j = span.end
        if j < len(doc) and doc[j].lower_ in ("to", "into"):
            j += 1
            last = None
            while j < len(doc) and j <= span.end + 5:
                if doc[j].is_punct or doc[j].lower_ in ("and", "but", "because", "if", "when"):
                    break
                if self._thing(doc[j].lower_):
                    return True
                if doc[j].lower_ in self.body_parts or doc[j].lower_ in self.people:
                    return False    # "a bat to the face", "goodbye to your mom": aimed at a person
                if doc[j].lower_ in self.places:
                    return False    # "his gun to the team meeting": a place where people are
                if not doc[j].pos_ or doc[j].pos_ in ("NOUN", "PROPN", "PRON"):
                    last = doc[j]
                j += 1
            if last is not None:
                return self.frames_reader._target_class(last, doc.has_annotation("DEP")) == "nonhuman"
        return False

    def _thing(self, word: str) -> bool:
        """A noun targets.yaml reads as a thing (food, drink, objects, tasks, games, works ...)."""
        if word in self.frames_reader.aliases:
            return False
        if word in self.nonhuman:
            return True
        if word in self.people or word in self.places or not word.isalpha():
            return False
        nc = self.rules.noun_class(word)
        return nc is not None and nc[1] == "nonhuman"

    def _negated_phrase(self, doc: Doc, span: Span) -> bool:
        j = span.start - 1
        while j >= 0 and span.start - j <= 3:
            t = doc[j]
            if t.is_punct or t.lower_ in ("and", "but", "because", "so"):
                return False
            if t.lower_ in _NEG:
                return True
            if t.pos_ == "VERB" and t.lemma_ not in _CATENATIVE:
                return False   # the negation is that verb's: "he won't be streaming with a broken jaw"
            j -= 1
        return False


@Language.factory("context_reader", default_config={"patterns_dir": None, "spans_key": SPANS_KEY})
def make_context_reader(nlp: Language, name: str, patterns_dir: str | None, spans_key: str) -> ContextReader:
    return ContextReader(nlp, name, patterns_dir, spans_key)
