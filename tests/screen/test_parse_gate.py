"""The parse gate (prefilter.ParseGate): a snippet the prefilter chose is parsed only when some
rule could still match it. It may only ever skip snippets whose parse would give no evidence.

The sentences are the ones written for the suites of tests/screen (their string literals) and the
rows below: every one is parsed with the gate out of the way and checked against what the gate says.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

from screening.screen.nlp.components import SPANS_KEY
from screening.screen.screener import _parse_gate

HERE = Path(__file__).resolve().parent

# (text, may it match?): a lead the gate must let through, and beside it a text holding the same
# prefilter words that no rule can read (word order, a weapon or an -ing form missing)
ROWS = [
    ("it is time for action now", True), ("over time the pain went away", False),
    ("your time is almost up", True), ("I have time, we are almost up the hill", False),
    ("i finally bought a glock", True), ("i finally got a new phone", False),
    ("just picked up my new rifle", True), ("just picked up my new car", False),
    ("killing them should be legal", True), ("fishing should be legal here", False),
    ("go run her over", True), ("time to get it over with", False),
]


@lru_cache(maxsize=1)
def _written() -> tuple[str, ...]:
    texts = {t for t, _ in ROWS}
    for path in sorted(HERE.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value.strip() and (
                    len(node.value) <= 300):     # rows, not docstrings
                texts.add(node.value)
    return tuple(sorted(texts))


@pytest.fixture(scope="module")
def parsed(rules):
    """The snippets the screener would parse without the gate, parsed as it parses them."""
    docs = []
    for t in _written():
        p = rules._prepare(0, t)
        for a, b in p.snippets or []:
            doc = rules.nlp.make_doc(p.normalized.text[a:b])
            doc._.full_text, doc._.offset, doc._.sentences = p.normalized.text, a, p.sentences
            docs.append(doc)
    return list(rules.nlp.pipe(docs))


@pytest.mark.parametrize("text, may", ROWS)
def test_gate_rows(rules, text, may):
    assert _parse_gate(rules.nlp).may_match(text) is may


def test_gate_skips_only_snippets_without_evidence(rules, parsed):
    gate = _parse_gate(rules.nlp)
    skipped = [doc for doc in parsed if not gate.may_match(doc.text)]
    wrong = [(doc.text, [sp._.rule for sp in doc.spans[SPANS_KEY]]) for doc in skipped if doc.spans.get(SPANS_KEY)]
    assert wrong == []
    assert len(parsed) > 1000 and len(skipped) > 50     # it was asked, and it does skip some


def test_every_lemma_comes_from_a_form_the_gate_knows(rules, parsed):
    # the gate's reading of LEMMA tokens: the forms that can carry a lemma, from the model's tables
    gate = _parse_gate(rules.nlp)
    missing = set()
    for doc in parsed:
        for t in doc:
            forms = gate._forms(t.lemma_)
            if forms is not None and t.lower_ not in forms:
                missing.add((t.lower_, t.lemma_))
    assert missing == set()


@pytest.mark.parametrize("spec, loosened", [
    ({"LOWER": "time"}, {"LOWER": "time"}),
    ({"POS": "VERB", "LOWER": {"IN": ["a", "b"]}, "OP": "?"}, {"LOWER": {"IN": ["a", "b"]}, "OP": "?"}),
    ({"POS": "VERB", "OP": "!"}, {}),             # "not a verb" is unknown before the parse: any one token
    ({"LOWER": "not", "OP": "!"}, {"LOWER": "not", "OP": "!"}),
    ({"TAG": "VBN"}, {}),
])
def test_loosened_specs(rules, spec, loosened):
    assert _parse_gate(rules.nlp)._relax(spec) == loosened


def test_a_lemma_becomes_its_forms(rules):
    got = _parse_gate(rules.nlp)._relax({"LEMMA": "knife"})["LOWER"]["IN"]
    assert {"knife", "knives", "knifes", "knifing"} <= set(got)
