"""The screener: normalize -> language check -> prefilter -> spaCy rules with context -> classifier
-> combine. ``load_screener(settings)`` is the one way in for the CLI, the DAGs and the web app.

Every result says which versions made it: ``model_version`` is
``screener-<semver>+rules-<hash8>+nlp-<sm|blank>+clf-<classifier version or none>`` and
``rules_version`` is ``<hash of the pattern files>+<pipeline name>``.

A flag is a non-determinative lead for a trained human reviewer, and the score is a screening
score, not a probability of violence (see ``combine.py``).
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import gc
import hashlib
import logging
import os
import re
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from screening.errors import ModelNotFoundError
from screening.screen import combine as comb
from screening.screen import normalize as norm
from screening.screen.clfproc import LazyClassifier, classify, contributions
from screening.screen.clfproc import lazy_classifier as _lazy_classifier
from screening.screen.lang import check_language
from screening.screen.nlp.components import SPANS_KEY, sentence_bounds
from screening.screen.nlp.pipeline import build_pipeline, one_blas_thread
from screening.screen.nlp.prefilter import ParseGate, Prefilter, inflect
from screening.screen.nlp.rules import PATTERNS_DIR, load_rules
from screening.settings import Settings, get_settings
from screening.types import Evidence, ScreenResult, Status

VERSION = "1.0.0"
CHUNK = 256          # texts normalized and parsed together
SNIPPET_MAX = 2000   # characters per parsed snippet; longer sentences are cut (the parser is O(n))
CACHE_SIZE = 20_000  # screened texts remembered per process (identical texts are screened once)
CACHE_MAX_CHARS = 5_000
HELPER_MIN_BATCH = 48    # snippets in a batch before the second core is used
HELPER_TIMEOUT = 120     # seconds to wait for the helper's half of a batch
HELPER_SHARE_START = 0.0     # share of a batch's documents the helper parses: none while it loads the classifier,
#                              then adjusted batch by batch (see _balance)
HELPER_SHARE_REMOTE = 0.5   # the share to start from when a classifier process classifies (the helper only parses)
HELPER_SHARE_STEP = 0.1
AHEAD = 8                # batches the parent may run ahead of the helper (each waits for its helper part)
log = logging.getLogger(__name__)


@dataclass
class _Prepared:
    index: int
    original: str
    normalized: norm.Normalized | None = None
    sentences: list[tuple[int, int]] | None = None
    snippets: list[tuple[int, int]] | None = None
    result: ScreenResult | None = None


@dataclass
class _Batch:
    chunk: list[str | None]
    keys: list[str | None]
    cached: dict[int, ScreenResult]
    prepared: list[_Prepared]
    jobs: list[tuple[int, int]]
    todo: list[_Prepared]
    args: tuple = ()
    mine: list = dataclasses.field(default_factory=list)
    pending: Any = None        # the helper's part (an AsyncResult)
    result: tuple | None = None
    remote: Any = None         # the classifier process this batch was sent to, and its ticket there
    ticket: int | None = None

    def ready(self) -> bool:
        return self.result is not None or ((self.pending is None or self.pending.ready())
                                           and (self.ticket is None or self.remote.ready(self.ticket)))


class RuleScreener:
    """Implements :class:`screening.screen.base.Screener`. Safe to reuse across batches."""

    def __init__(self, settings: Settings, classifier: Any | None = None, patterns_dir: Path | None = None):
        self.settings = settings
        self.rules = load_rules(Path(patterns_dir) if patterns_dir else PATTERNS_DIR)
        self.nlp, self.pipeline_name = build_pipeline(settings.spacy_model,
                                                      str(patterns_dir) if patterns_dir else None)
        self.parsed = "parser" in self.nlp.pipe_names
        self.prefilter = Prefilter(self.rules)
        # snippets the prefilter chose that no rule could match even so are not parsed (ParseGate)
        self.gate = _parse_gate(self.nlp) if self.parsed and "indicator_ruler" in self.nlp.pipe_names else None
        self.classifier = classifier
        self.rules_version = f"{self.rules.digest}+{self.pipeline_name}"
        code = f"{VERSION}|{norm.VERSION}|{comb.VERSION}|{self.rules_version}|{_code_digest()}"
        rules_hash = hashlib.sha256(code.encode()).hexdigest()[:8]
        nlp_tag = "sm" if self.parsed else "blank"
        clf = str(getattr(classifier, "version", "") or "unknown") if classifier is not None else "none"
        clf = clf[4:] if clf.startswith("clf-") else clf
        self.model_version = f"screener-{VERSION}+rules-{rules_hash}+nlp-{nlp_tag}+clf-{clf}"
        # identical texts (reposts, boilerplate, retries) are screened once per process
        self._cache: OrderedDict[str, ScreenResult] = OrderedDict()
        self.workers = max(1, min(int(getattr(settings, "screen_workers", 2) or 1), os.cpu_count() or 1))
        self._pool = None
        self._share = HELPER_SHARE_START
        # with a classifier process (`screening score`) every batch is classified there and the
        # helper only parses; otherwise the helper classifies every batch
        self._remote_mode = getattr(classifier, "process", None) is not None
        self._helper_key = id(self)
        # classifier-only leads must show words that name violence itself: a strong violent verb form
        # (not the weak ones like take/put/break that are ordinary without a particle), a weapon,
        # or a concern word (death, blood, rape, suicide ...); generic words do not explain a lead
        lex = self.rules.lex
        strong = (set(lex("violent_verbs")) - set(lex("weak_violent_verbs"))) | set(lex("strong_violent_verbs"))
        self._anchor_words = (frozenset(w for v in strong for w in inflect(v)) | lex("weapons")
                              | lex("concern_words") | lex("classifier_anchors")) - lex("not_classifier_anchors")
        # and emoji that stand for a weapon, an act of violence, death or blood (emoji.yaml roles):
        # "every mosque should be 🔥🔥" shows its 🔥 the way a text shows "burned"; the classifier's
        # score says the reading is not praise, the context reader still reads the text around it
        # (each such emoji is one code point, so a feature span is checked character by character)
        self._anchor_emoji = frozenset(k for k, e in norm.load_tables().emoji.items()
                                       if e.role in _ANCHOR_EMOJI_ROLES)
        self._context_reader = self.nlp.get_pipe("context_reader") if "context_reader" in self.nlp.pipe_names else None
        atexit.register(self.close)

    # ------------------------------------------------------------------ public
    def screen(self, text: str | None) -> ScreenResult:
        return next(self.screen_many([text]))

    def screen_many(self, texts: Iterable[str | None]) -> Iterator[ScreenResult]:
        """Results in input order. With a helper process, batches overlap: while the helper parses
        its part of one batch and classifies it, this process parses its part of the next ones, and
        a batch's results come out once its helper part is back (at most ``AHEAD`` batches wait)."""
        it = iter(texts)
        waiting: deque[_Batch] = deque()
        while True:
            chunk = list(islice(it, CHUNK))
            if chunk:
                try:
                    waiting.append(self._start(chunk))
                except Exception:  # noqa: BLE001 - fall back to one at a time, isolating the bad text
                    log.exception("batch screening failed; retrying text by text")
                    while waiting:
                        yield from self._end_safely(waiting.popleft())
                    yield from self._one_by_one(chunk)
            while waiting and (not chunk or len(waiting) > AHEAD or waiting[0].ready()):
                yield from self._end_safely(waiting.popleft())
            self._balance(waiting)
            if not chunk:
                return

    def _end_safely(self, batch: _Batch) -> Iterator[ScreenResult]:
        try:
            results = list(self._end(batch))
        except Exception:  # noqa: BLE001 - fall back to one at a time, isolating the bad text
            log.exception("batch screening failed; retrying text by text")
            results = list(self._one_by_one(batch.chunk))
        yield from results

    def _one_by_one(self, chunk: list[str | None]) -> Iterator[ScreenResult]:
        for t in chunk:
            try:
                yield from self._end(self._start([t], helper=False))
            except Exception as exc:  # noqa: BLE001
                yield self._error(f"{type(exc).__name__}: {exc}")

    def _balance(self, waiting: deque[_Batch]) -> None:
        """Give the helper more of the parsing while it keeps up, less when batches wait for it
        (it also classifies every document, and at first it is still loading the classifier)."""
        # the newest batch has only just been handed over; one older batch not back yet keeps the
        # helper busy (hold), none means it waits for work (more), two or more that it lags (less)
        behind = sum(1 for b in list(waiting)[:-1] if b.pending is not None and not b.pending.ready())
        if behind >= 2:
            self._share = max(0.0, self._share - HELPER_SHARE_STEP)
        elif behind == 0:
            self._share = min(0.9, self._share + HELPER_SHARE_STEP)

    # ------------------------------------------------------------------ steps
    def _error(self, why: str) -> ScreenResult:
        return ScreenResult(status=Status.ERROR, model_version=self.model_version, detail=why)

    def _prepare(self, i: int, text: str | None) -> _Prepared:
        p = _Prepared(i, text or "")
        try:
            if text is None or not text.strip():
                p.result = ScreenResult(status=Status.EMPTY, model_version=self.model_version,
                                        detail="no text to screen")
                return p
            if not isinstance(text, str):
                raise TypeError(f"text must be a string, got {type(text).__name__}")
            original = text[: self.settings.max_score_chars]
            p.original = original
            lang = check_language(unicodedata.normalize("NFKC", original) if not original.isascii() else original)
            if not lang.english:
                p.result = ScreenResult(status=Status.UNSUPPORTED_LANGUAGE, model_version=self.model_version,
                                        detail=f"not screened: {lang.reason}; only English is supported")
                return p
            p.normalized = norm.normalize(original)
            ntext = p.normalized.text
            p.sentences = sentence_bounds(ntext)
            keep = self.prefilter.select(ntext, p.sentences)
            snippets: list[tuple[int, int]] = []
            for k in keep:
                a, b = p.sentences[k]
                while b - a > SNIPPET_MAX:       # a giant "sentence": parse it in pieces
                    cut = ntext.rfind(" ", a, a + SNIPPET_MAX)
                    cut = cut if cut > a else a + SNIPPET_MAX
                    snippets.append((a, cut))
                    a = cut
                if snippets and snippets[-1][1] >= a - 2 and b - snippets[-1][0] <= SNIPPET_MAX:
                    snippets[-1] = (snippets[-1][0], b)   # neighbouring sentences parse together
                else:
                    snippets.append((a, b))
            p.snippets = snippets
        except Exception as exc:  # noqa: BLE001 - one bad text must not sink the batch
            p.result = self._error(f"{type(exc).__name__}: {exc}")
        return p

    def _start(self, chunk: list[str | None], helper: bool = True) -> _Batch:
        """Prepare a batch, parse this process's part of it and hand the rest to the helper."""
        keys = [_cache_key(t) for t in chunk]
        cached = {i: self._cache.get(k) for i, k in enumerate(keys) if k is not None and k in self._cache}
        prepared = [self._prepare(i, t) if i not in cached else _Prepared(i, "") for i, t in enumerate(chunk)]
        jobs: list[tuple[int, int]] = []
        payload: list[tuple[str, str, int, list[tuple[int, int]]]] = []
        ranges: list[tuple[int, int]] = []      # per document to screen: its snippets in payload
        for p in prepared:
            if p.result is None and p.index not in cached:
                first = len(payload)
                for a, b in p.snippets or []:
                    snippet = p.normalized.text[a:b]
                    letters = 0 if snippet.islower() else sum(map(str.isalpha, snippet))   # (no capitals)
                    if letters > 8 and sum(map(str.isupper, snippet)) > 0.6 * letters:
                        low = snippet.lower()   # the tagger reads ALL CAPS as proper nouns
                        snippet = low if len(low) == len(snippet) else snippet
                    if self.gate is not None and not self.gate.may_match(snippet):
                        continue        # its parse could give no evidence
                    jobs.append((p.index, a))
                    payload.append((snippet, p.normalized.text, a, p.sentences))
                ranges.append((first, len(payload)))
        todo = [p for p in prepared if p.result is None and p.index not in cached]
        batch = _Batch(chunk, keys, cached, prepared, jobs, todo)
        self._submit(batch, payload, [p.original for p in todo], ranges, helper)
        return batch

    def _end(self, batch: _Batch) -> Iterator[ScreenResult]:
        """Wait for the batch's helper part, then combine evidence and score into results."""
        keys, cached, prepared, jobs, todo = batch.keys, batch.cached, batch.prepared, batch.jobs, batch.todo
        records, probs_list, explained, clf_error = self._collect(batch)
        evidence: dict[int, list[Evidence]] = {p.index: [] for p in prepared}
        contexts: dict[int, set[str]] = {p.index: set() for p in prepared}
        explanations = {p.index: e for p, e in zip(todo, explained, strict=True) if e is not None}
        for (idx, a0), recs in zip(jobs, records, strict=True):
            p = prepared[idx]
            for label, sa, sb, rule, detector, weight, ctx in recs:
                a, b = p.normalized.span(a0 + sa, a0 + sb)
                contexts[idx].update(ctx)
                evidence[idx].append(Evidence(
                    start=a, end=b, text=p.original[a:b], indicator=label,
                    detector=f"rules:{detector}", rule=rule, context=ctx, weight=weight))
        probs: dict[int, float] = {}
        if clf_error:
            for p in todo:
                p.result = self._error(clf_error)
        elif probs_list is not None:
            probs = {p.index: float(v) for p, v in zip(todo, probs_list, strict=True)}
        for i, res in cached.items():
            prepared[i].result = _copy_result(res)
        for p in prepared:
            if p.result is None:
                try:
                    p.result = self._finish(p, _dedupe(evidence[p.index]), probs.get(p.index), contexts[p.index],
                                            explanations.get(p.index))
                except Exception as exc:  # noqa: BLE001
                    p.result = self._error(f"{type(exc).__name__}: {exc}")
            k = keys[p.index]
            if k is not None and p.index not in cached and p.result.status is not Status.ERROR:
                self._cache[k] = p.result
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            yield p.result

    def _anchored(self, piece: str) -> bool:
        """Does a classifier feature's span show concerning words (so a reviewer sees why)?"""
        if any(w in self._anchor_words for w in _piece_words(piece)):
            return True
        return not piece.isascii() and any(ch in self._anchor_emoji for ch in piece)

    # ------------------------------------------------------------------ parsing
    def _submit(self, batch: _Batch, payload, texts: list[str], ranges: list[tuple[int, int]], helper: bool) -> None:
        """Large batches are split by document: this process parses the first part now; the helper
        (forked, so that both cores work) parses the rest. The classifier process, when there is
        one (`screening score`), classifies every document of the batch; else the helper does, so
        the classifier is loaded and run in the helper only. Small batches, or any trouble with
        the helper, are done here."""
        thr = self.settings.classifier_only_threshold
        batch.args = (payload, texts, ranges)
        remote = self._remote() if helper and texts else None
        if remote is not None:
            try:
                batch.remote, batch.ticket = remote, remote.submit(texts, thr)
            except Exception:  # noqa: BLE001 - a broken classifier process must not lose the batch
                log.exception("the classifier process failed; classifying in-process")
                self._drop_remote()
        # a helper is started for a large batch; once it runs, small batches go to it too (it holds
        # the classifier, which this process then never loads)
        pool = self._helper() if helper and texts and (
            self._pool is not None or len(payload) + len(texts) // 4 >= HELPER_MIN_BATCH) else None
        if pool is None:
            if self._remote_mode:
                batch.mine = _parse_records(self.nlp, payload) if payload else []
            else:
                batch.result = _work(self.nlp, self.classifier, payload, texts, ranges, thr)
            return
        k = len(texts) - round(len(texts) * self._share)     # documents parsed here
        cut = ranges[k][0] if k < len(ranges) else len(payload)
        mine = _parse_records(self.nlp, payload[:cut]) if cut else []
        try:
            if self._remote_mode:
                batch.pending = pool.apply_async(_helper_parse, (self._helper_key, payload[cut:]))
            else:
                # which of this process's documents have rule evidence: the helper explains a sure
                # classifier call only where the rules found nothing
                has_evidence = [any(mine[a:b]) for a, b in ranges[:k]]
                theirs = [(a - cut, b - cut) for a, b in ranges[k:]]
                batch.pending = pool.apply_async(_helper_work, (self._helper_key, payload[cut:], texts,
                                                                has_evidence, theirs, thr))
            batch.mine = mine
        except Exception:  # noqa: BLE001 - a broken helper must not lose the batch
            log.exception("screening helper process failed; working in-process")
            self._close_helper()
            if self._remote_mode:
                batch.mine = mine + (_parse_records(self.nlp, payload[cut:]) if cut < len(payload) else [])
            else:
                batch.result = _work(self.nlp, self.classifier, payload, texts, ranges, thr)

    def _collect(self, batch: _Batch):
        if batch.result is None and self._remote_mode:
            return self._collect_remote(batch)
        if batch.result is None:
            try:
                records, probs, explained, err = batch.pending.get(timeout=HELPER_TIMEOUT)
                batch.result = (batch.mine + records, probs, explained, err)
            except Exception:  # noqa: BLE001 - a broken or slow helper must not lose the batch
                log.exception("screening helper process failed; working in-process")
                self._close_helper()
                batch.result = _work(self.nlp, self.classifier, *batch.args, self.settings.classifier_only_threshold)
        return batch.result

    def _collect_remote(self, batch: _Batch):
        """A batch's records (this process's part, then the helper's) and its classification (from
        the classifier process, or made here if that process is gone)."""
        payload, texts, ranges = batch.args
        records = batch.mine
        if batch.pending is not None:
            try:
                records = batch.mine + batch.pending.get(timeout=HELPER_TIMEOUT)
            except Exception:  # noqa: BLE001 - a broken or slow helper must not lose the batch
                log.exception("screening helper process failed; working in-process")
                self._close_helper()
                records = _parse_records(self.nlp, payload) if payload else []
        has_evidence = [any(records[a:b]) for a, b in ranges]
        clf = None
        if batch.ticket is not None:
            try:
                probs, explained, err = batch.remote.result(batch.ticket, HELPER_TIMEOUT)
                # it explained every sure call: those of texts with rule evidence are not wanted
                clf = (probs, [None if h else e for e, h in zip(explained, has_evidence, strict=True)], err)
            except Exception:  # noqa: BLE001 - a broken or slow classifier process must not lose the batch
                log.exception("the classifier process failed; classifying in-process")
                self._drop_remote()
        if clf is None:
            clf = classify(self.classifier, texts, has_evidence, self.settings.classifier_only_threshold)
        batch.result = (records, *clf)
        return batch.result

    def _remote(self):
        """The classifier process, while it works."""
        return getattr(self.classifier, "process", None) if self._remote_mode else None

    def _drop_remote(self) -> None:
        stop = getattr(self.classifier, "stop_process", None)
        if stop is not None:
            try:
                stop()
            except Exception:  # noqa: BLE001
                log.exception("could not stop the classifier process")

    def _helper(self):
        if self.workers < 2:
            return None
        if self._pool is None:
            import multiprocessing as mp

            try:
                ctx = mp.get_context("fork")
            except ValueError:
                self.workers = 1
                return None
            # inherited by the fork (with a classifier process, the helper never sees the classifier)
            _HELPER_STATE[self._helper_key] = (self.nlp, None if self._remote_mode else self.classifier)
            # what is loaded so far (spaCy, the rules) stays for the life of the process: frozen, the
            # collector no longer walks it, so neither process copies those shared pages by touching
            # them, and collections are cheaper (about 0.5 s less CPU per 10,000 posts here)
            gc.freeze()
            # the helper loads the classifier as soon as it starts, while this process parses
            self._pool = ctx.Pool(processes=self.workers - 1, initializer=_helper_start, initargs=(self._helper_key,))
            if self._remote_mode:
                self._share = HELPER_SHARE_REMOTE     # it loads nothing: it can parse at once
        return self._pool

    def _close_helper(self) -> None:
        self._stop_helper()
        self.workers = 1

    def _stop_helper(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def close(self) -> None:
        """Stop the helper process and the classifier process, if started (also done at interpreter exit)."""
        self._stop_helper()
        if self._remote() is not None:
            self._drop_remote()

    def _finish(self, p: _Prepared, ev: list[Evidence], prob: float | None, ctx: set[str],
                contribs: list[tuple] | None = None) -> ScreenResult:
        """``contribs``: the classifier's explanation when the helper already made it."""
        s = self.settings
        clf_ev = None
        # the classifier may raise a lead alone only where the rules found no evidence at all
        if prob is not None and prob >= s.classifier_only_threshold and not ev:
            if contribs is None:
                contribs = contributions(self.classifier, p.original)
            # (the text of a span is filled in only for those shown: most of the sixty are not anchored)
            shown = comb.classifier_evidence(contribs)
            orig = p.original
            clf_ev = [comb.with_text(e, orig) for e in shown if self._anchored(orig[e.start:e.end])]
            if not clf_ev and s.classifier_veiled_threshold < 1.0 and prob >= s.classifier_veiled_threshold:
                # a veiled threat ("she won't regret what happens to her either"): no word names
                # violence, so the words that weighed most are the evidence (rule veiled:<feature>)
                clf_ev = [dataclasses.replace(comb.with_text(e, orig), rule=f"{comb.VEILED}{e.rule}")
                          for e in shown[:VEILED_K]]
            # the classifier cannot see context: read it around its evidence like around rule evidence
            reader = self._context_reader
            if reader is not None:
                found = reader.text_contexts_many(p.original, [(e.start, e.end) for e in clf_ev])
                clf_ev = [dataclasses.replace(e, context=tuple(sorted(c))) for e, c in zip(clf_ev, found, strict=True)]
        c = comb.combine(ev, prob, clf_ev, flag_threshold=s.flag_threshold,
                         classifier_only_threshold=s.classifier_only_threshold)
        return ScreenResult(status=Status.SCREENED, flagged=c.flagged, score=round(c.score, 6),
                            indicators=c.indicators, evidence=c.evidence, context=sorted(ctx),
                            model_version=self.model_version)


_HELPER_STATE: dict[int, Any] = {}


def _parse_gate(nlp) -> ParseGate:
    """The pipeline's parse gate, built once per pipeline (kept on its indicator ruler)."""
    ruler = nlp.get_pipe("indicator_ruler")
    gate = getattr(ruler, "_parse_gate", None)
    if gate is None:
        gate = ruler._parse_gate = ParseGate(nlp)
    return gate


@functools.lru_cache(maxsize=50_000)
def _piece_words(piece: str) -> tuple[str, ...]:
    """The normalized words of a classifier feature's span (the same few spans recur: "kill", "shoot")."""
    return tuple(re.findall(r"[a-z0-9]+", norm.normalize(piece).text.lower()))


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """Hash of the screening code itself, so a logic change is a new model version too."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *(here / "nlp").glob("*.py")]):
        if path.name in ("run.py", "batch.py", "base.py", "classifier.py", "train.py", "__init__.py"):
            continue
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _parse_records(nlp, payload) -> list[list[tuple]]:
    """Run the spaCy pipeline over snippets; return plain, picklable span records."""
    docs = []
    for snippet, full, offset, sentences in payload:
        doc = nlp.make_doc(snippet)
        doc._.full_text = full
        doc._.offset = offset
        doc._.sentences = sentences
        docs.append(doc)
    out = []
    with one_blas_thread():
        # each component over the whole list: the same annotations as nlp.pipe (the tagger and parser
        # read tok2vec's output from doc.tensor), without its per-document generator chain, which
        # cost about a fifth of the parsing time here
        for _, proc in nlp.pipeline:
            pipe = getattr(proc, "pipe", None)
            docs = list(pipe(docs, batch_size=128)) if pipe is not None else [proc(doc) for doc in docs]
    for doc in docs:
        out.append([(sp.label_, sp.start_char, sp.end_char, sp._.rule, sp._.detector, float(sp._.weight),
                     tuple(sp._.context or ())) for sp in doc.spans.get(SPANS_KEY, [])])
    return out


_ANCHOR_EMOJI_ROLES = frozenset({"weapon", "violence", "death", "blood"})
VEILED_K = 6     # the words shown for a veiled classifier lead

def _work(nlp, classifier, payload, texts, ranges, threshold):
    """Parse snippets, score texts, explain sure classifier calls on texts without rule evidence."""
    records = _parse_records(nlp, payload) if payload else []
    return (records, *classify(classifier, texts, [any(records[a:b]) for a, b in ranges], threshold))


def _helper_start(key: int) -> None:
    classifier = _HELPER_STATE[key][1]
    if isinstance(classifier, LazyClassifier):
        try:
            classifier.get()
        except Exception:  # noqa: BLE001 - reported by the first batch that needs it
            log.exception("the helper could not load the classifier")


def _helper_parse(key: int, payload):
    """Parse the helper's part of a batch (the last documents), when a classifier process classifies."""
    return _parse_records(_HELPER_STATE[key][0], payload) if payload else []


def _helper_work(key: int, payload, texts, has_evidence, ranges, threshold):
    """Parse the helper's part of a batch (the last documents) and classify the whole batch."""
    nlp, classifier = _HELPER_STATE[key]
    records = _parse_records(nlp, payload) if payload else []
    has = list(has_evidence) + [any(records[a:b]) for a, b in ranges]
    return (records, *classify(classifier, texts, has, threshold))


def _cache_key(text: str | None) -> str | None:
    if not isinstance(text, str) or len(text) > CACHE_MAX_CHARS:
        return None
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _copy_result(r: ScreenResult) -> ScreenResult:
    return dataclasses.replace(r, indicators=list(r.indicators), evidence=list(r.evidence), context=list(r.context))


def _dedupe(ev: list[Evidence]) -> list[Evidence]:
    """One piece of evidence per (indicator, span); among overlapping same-indicator spans keep the
    counting one with the larger weight, so reviewers are not shown the same words twice."""
    ev = sorted(ev, key=lambda e: (not comb.counts(e), -e.weight, e.start))
    kept: list[Evidence] = []
    for e in ev:
        if any(k.indicator == e.indicator and k.start < e.end and e.start < k.end
               and (comb.counts(k) or not comb.counts(e)) for k in kept):
            continue
        kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))


_CLASSIFIERS: dict[tuple[str, float], Any] = {}


def _load_classifier(settings: Settings, model_path: Path | None) -> Any | None:
    path = Path(model_path) if model_path else Path(settings.model_dir) / "classifier"
    try:
        from screening.screen.classifier import ConcernClassifier
    except ImportError:
        if model_path:
            raise ModelNotFoundError("a classifier path was given but screening.screen.classifier is missing") from None
        return None
    if not path.exists():
        if model_path:
            raise ModelNotFoundError(f"no classifier at {path}; run `screening train` or fix the path")
        log.info("no classifier at %s; screening with rules only (clf-none)", path)
        return None
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _CLASSIFIERS:
        try:
            _CLASSIFIERS[key] = ConcernClassifier.load(path)
        except Exception as exc:
            if model_path:
                raise
            log.warning("classifier at %s could not be loaded (%s); screening with rules only", path, exc)
            return None
    return _CLASSIFIERS[key]


def load_screener(settings: Settings | None = None, model_path: Path | str | None = None, *,
                  use_classifier: bool = True, patterns_dir: Path | None = None,
                  lazy_classifier: bool = False, classifier: Any = None) -> RuleScreener:
    """The screener for these settings: the spaCy rules pipeline (cached per process) plus the
    trained classifier at ``model_path`` or ``settings.model_dir / "classifier"`` when there is one.
    Without a classifier it screens with rules only and says so (``+clf-none``).

    With ``lazy_classifier`` the classifier is loaded on first use (by the helper process, for
    large batches): start-up does not wait for it. A model whose card and file agree but which
    cannot be loaded then fails its batches instead of falling back to rules only.

    ``classifier``: one already made (`screening score` makes its ``LazyClassifier`` and starts its
    process before this module is imported); ``model_path``, ``use_classifier`` and
    ``lazy_classifier`` are then not read."""
    settings = settings or get_settings()
    if classifier is not None:
        return RuleScreener(settings, classifier, patterns_dir)
    path = Path(model_path) if model_path else None
    load = _lazy_classifier if lazy_classifier else _load_classifier
    clf = load(settings, path) if use_classifier else None
    return RuleScreener(settings, clf, patterns_dir)
