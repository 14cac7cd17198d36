"""The trained classifier as `screening score` uses it: loaded on first use (``LazyClassifier``),
or loaded and run in a process of its own (``ClassifierProcess``) that is forked before the
parent loads spaCy and the rules.

Importing scikit-learn and skops takes a few seconds; in a process of its own that happens while
the parent is still starting, on the core that would otherwise wait for it. This module imports
neither scikit-learn nor spaCy, so the fork is cheap and the process holds only what it needs.

The classifying itself (``classify``) is the same function wherever it runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from pathlib import Path

from screening.errors import ModelNotFoundError
from screening.screen.base import model_id

log = logging.getLogger(__name__)

# sixty, not twelve: the concerning word that must anchor a classifier-only lead is often
# outweighed by function-word n-grams ("you're getting" before "stabbed"), and in a long post by
# dozens of them; only anchored contributions are shown, so a wider look shows no more noise
# (chosen on dev and the probes: women3 recall 0.138 -> 0.156, dev 0.549 -> 0.555, false alarms
# unchanged but one on dev; at 100 the ordinary2 probe gains a false alarm)
EXPLAIN_K = 60


class LazyClassifier:
    """The trained classifier at ``path``, loaded on first use; its version is read from its card
    at once. `screening score` hands all classifying to another process (``start_process``), so
    this process never loads the model."""

    def __init__(self, path: Path, version: str):
        self.path, self.version = path, version
        self._clf = None
        self.process: ClassifierProcess | None = None

    def get(self):
        if self._clf is None:
            from screening.screen.classifier import ConcernClassifier

            clf = ConcernClassifier.load(self.path)
            if clf.version != self.version:
                raise ModelNotFoundError(f"the classifier at {self.path} changed while screening; run again")
            self._clf = clf
        return self._clf

    def start_process(self) -> bool:
        """Fork the process that loads and runs this classifier; False where fork is unavailable."""
        if self.process is None:
            try:
                self.process = ClassifierProcess(self)
            except (ValueError, OSError):
                log.warning("no classifier process (fork unavailable); classifying in-process")
                return False
        return True

    def stop_process(self) -> None:
        if self.process is not None:
            self.process.close()
            self.process = None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.get(), name)


def lazy_classifier(settings, model_path: Path | None) -> LazyClassifier | None:
    """The classifier to load on first use, after the checks that need no scikit-learn: the
    artifact and its card are there and agree (``ConcernClassifier.load`` checks the types)."""
    path = Path(model_path) if model_path else Path(settings.model_dir) / "classifier"
    try:
        card = json.loads((path / "card.json").read_text())
        digest = hashlib.sha256((path / "model.skops").read_bytes()).hexdigest()
        if card.get("artifact_sha256") != digest:
            raise ModelNotFoundError(f"{path / 'model.skops'} does not match its card (sha256 differs); "
                                     "run `screening train`.")
        version = model_id(card["data_sha256"], card["feature_config"], card["params"]["seed"])
    except (OSError, ValueError, KeyError, TypeError, ModelNotFoundError) as exc:
        if model_path:
            if isinstance(exc, ModelNotFoundError):
                raise
            raise ModelNotFoundError(f"no usable classifier at {path} ({exc}); run `screening train` or fix the path") \
                from None
        if path.exists():
            log.warning("classifier at %s could not be loaded (%s); screening with rules only", path, exc)
        else:
            log.info("no classifier at %s; screening with rules only (clf-none)", path)
        return None
    return LazyClassifier(path, version)


def as_tuples(contribs) -> list[tuple[str, float, int, int]]:
    return [(str(c.feature), float(c.weight), int(c.start), int(c.end)) for c in contribs]


def contributions(classifier, text: str) -> list[tuple[str, float, int, int]]:
    return as_tuples(classifier.explain(text, k=EXPLAIN_K))


def classify(classifier, texts, has_evidence, threshold):
    """Probabilities, explanations of sure calls on texts without rule evidence, and an error."""
    explained: list[list[tuple] | None] = [None] * len(texts)
    if classifier is None or not texts:
        return None if classifier is None else [], explained, ""
    try:
        def wanted(i: int, p: float) -> bool:
            return p >= threshold and not has_evidence[i]

        if hasattr(classifier, "score_and_explain"):    # one vectorisation for score and explanation
            scored, contribs = classifier.score_and_explain(texts, wanted, k=EXPLAIN_K)
            probs = [float(v) for v in scored]
            explained = [None if c is None else as_tuples(c) for c in contribs]
            return probs, explained, ""
        probs = [float(v) for v in classifier.predict_proba(texts)]
        for i, (text, p) in enumerate(zip(texts, probs, strict=True)):
            if wanted(i, p):
                explained[i] = contributions(classifier, text)
        return probs, explained, ""
    except Exception as exc:  # noqa: BLE001 - reported on each text of the batch
        log.exception("classifier failed on a batch")
        return None, explained, f"classifier failed: {type(exc).__name__}: {exc}"


class ClassifierProcess:
    """A forked process that loads the classifier at once and then classifies batches in the
    order they are sent: ``submit`` returns a ticket, ``result(ticket)`` waits for that batch's
    ``classify`` answer. It explains every sure call (it cannot know which texts the rules will
    find evidence in); the caller drops the explanations of texts with evidence."""

    def __init__(self, classifier: LazyClassifier):
        import multiprocessing as mp

        ctx = mp.get_context("fork")     # ValueError where there is no fork
        requests_in, self._requests = ctx.Pipe(duplex=False)
        self._results, results_out = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_serve, args=(requests_in, results_out, classifier),
                                 name="screening-classifier", daemon=True)
        self._proc.start()
        requests_in.close()
        results_out.close()
        self._sent = self._got = 0
        self._done: dict[int, tuple] = {}

    def submit(self, texts: list[str], threshold: float) -> int:
        self._requests.send((texts, threshold))
        self._sent += 1
        return self._sent - 1

    def ready(self, ticket: int) -> bool:
        """Is that batch's answer here? Also true when the process is gone (``result`` then raises)."""
        try:
            while ticket not in self._done and self._got < self._sent and self._results.poll():
                self._take()
        except (EOFError, OSError):
            return True
        return ticket in self._done

    def result(self, ticket: int, timeout: float) -> tuple:
        while ticket not in self._done:
            if not self._results.poll(timeout):
                raise TimeoutError(f"the classifier process gave no answer in {timeout} s")
            self._take()
        return self._done.pop(ticket)

    def _take(self) -> None:
        self._done[self._got] = self._results.recv()    # EOFError if the process died
        self._got += 1

    def close(self) -> None:
        try:
            self._requests.close()
        finally:
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc.join(5)


def _serve(requests, results, classifier: LazyClassifier) -> None:
    """The classifier process: load the model, then answer each batch in order."""
    # requests are read by a thread as soon as they come, so the parent never waits to send one
    # while this process is busy (or is itself waiting to send an answer the parent has not read)
    waiting: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                waiting.put(requests.recv())
        except (EOFError, OSError):
            waiting.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        classifier.get()
    except Exception:  # noqa: BLE001 - reported by each batch (classify retries the load)
        log.exception("the classifier process could not load the classifier")
    while (item := waiting.get()) is not None:
        texts, threshold = item
        results.send(classify(classifier, texts, [False] * len(texts), threshold))
