"""The trained classifier: word and character n-grams into a calibrated linear model.

`ConcernClassifier` follows scikit-learn's estimator conventions (``__init__`` stores
parameters, ``fit`` returns ``self``, learned attributes end in ``_``). Its score is a
calibrated number for "a reviewer would want to see this item", never a probability of
violence. Linear contributions (coefficient x tf-idf value) give evidence: ``explain`` maps
each top feature back to a character span of the ORIGINAL text, which is possible because
preprocessing (:func:`preprocess`) keeps the text's length and offsets unchanged.

Persistence is ``skops.io`` with an explicit trusted-types list (:data:`TRUSTED_TYPES`);
nothing is pickled. An artifact is a folder: ``model.skops``, ``card.json`` (what made it,
with the sha256 of ``model.skops``) and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline

from screening.errors import ModelNotFoundError, UntrustedModelError
from screening.screen.base import model_id

MODEL_FILE = "model.skops"
CARD_FILE = "card.json"
MODEL_CARD_MD = "MODEL_CARD.md"
FEATURE_CONFIG_VERSION = "ngrams-v1"

# Words (including one-letter words such as "i", which carry first-person intent) and every
# single non-ASCII symbol (emoji weapons such as a knife or a bomb) are word tokens.
TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s\x00-\x7f]"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
# Evidence a reviewer can read: n-grams made only of these words ("and", "they", "ll") still
# count in the score but are not shown as evidence by default (see ``explain``).
_CONTENT_WORDS = frozenset({"fire", "find", "cry", "kill", "never", "no", "not", "nothing", "nobody",
                            "none", "cannot", "cant", "without", "serious", "alone", "last", "show",
                            "take", "give", "get", "keep", "put", "call", "move"})
FUNCTION_WORDS = (frozenset(ENGLISH_STOP_WORDS) - _CONTENT_WORDS) | frozenset(
    {"ll", "m", "s", "t", "re", "ve", "d", "im", "ive", "its", "dont", "just", "like", "really"})
_WORD_SPLIT_RE = re.compile(r"\S+")
_WHITESPACE_RE = re.compile(r"\s")

# Every type that may appear in model.skops. Loading refuses anything else.
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.dict",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.float64",
    "numpy.ndarray",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
)


def preprocess(text: str) -> str:
    """Lowercase without changing length, so offsets in the result are offsets in ``text``.

    A character whose lowercase form is longer than one character (e.g. 'İ') is kept as is.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


@dataclass(frozen=True)
class FeatureContribution:
    """One n-gram's push towards "review-worthy", located in the original text."""

    feature: str     # "word:<n-gram>" or "char:<n-gram>"
    weight: float    # coefficient x tf-idf value (log-odds units of the uncalibrated model)
    start: int
    end: int


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _word_spans(text: str, ngram: str, toks: list[tuple[str, int, int]] | None = None) -> tuple[int, int] | None:
    """First span of a word n-gram (tokens joined by one space) in a preprocessed text
    (``toks``: the text's tokens, when the caller already has them)."""
    want = ngram.split(" ")
    toks = _tokens(text) if toks is None else toks
    n = len(want)
    for i in range(len(toks) - n + 1):
        if all(toks[i + j][0] == want[j] for j in range(n)):
            return toks[i][1], toks[i + n - 1][2]
    return None


def _first_word_spans(toks: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    """The first span of each one-word and two-word n-gram of a text's tokens: what _word_spans
    finds for each, found in one pass."""
    first: dict[str, tuple[int, int]] = {}
    prev = None
    for tok, a, b in toks:
        if tok not in first:
            first[tok] = (a, b)
        if prev is not None:
            pair = f"{prev[0]} {tok}"
            if pair not in first:
                first[pair] = (prev[1], b)
        prev = (tok, a)
    return first


def _first_bounded(text: str, core: str, lead: bool, trail: bool) -> tuple[int, int] | None:
    """``_char_wb_span`` of a char_wb n-gram whose core (the n-gram without its padding) holds no
    whitespace: the core's first place in the text that starts a word when the n-gram starts with
    the padding space (``lead``) and ends one when it ends with it (``trail``). Such a place lies
    inside one word, and the first such place is in the first word where the padded n-gram occurs."""
    n, at = len(text), text.find(core)
    while at >= 0:
        end = at + len(core)
        if (not lead or at == 0 or text[at - 1].isspace()) and (not trail or end == n or text[end].isspace()):
            return at, end
        at = text.find(core, at + 1)
    return None


def _char_wb_span(text: str, ngram: str,
                  words: list[tuple[int, str]] | None = None) -> tuple[int, int] | None:
    """First span of a char_wb n-gram: sklearn pads each whitespace-split word with spaces
    (``words``: the text's padded words and their starts, when the caller already has them)."""
    for start0, padded in _padded_words(text) if words is None else words:
        i = padded.find(ngram)
        if i >= 0:
            start = start0 + max(i, 1) - 1
            end = start0 + min(i + len(ngram), len(padded) - 1) - 1
            return start, end
    return None


def _padded_words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), f" {m.group()} ") for m in _WORD_SPLIT_RE.finditer(text)]


class _CharWbRows:
    """The char_wb vectoriser's ``transform``, with each distinct word's n-gram ids remembered.

    char_wb n-grams never cross a word (sklearn pads each whitespace-split word with spaces), so a
    text's counts are the sum of its words' counts; words repeat across posts, and building their
    n-grams in Python was most of the classifier's time. The count matrix is built as sklearn
    builds it and goes through the vectoriser's own tf-idf step, so the rows are the same numbers
    (tests/screen/test_classifier.py compares them).
    """

    MAX_WORDS = 200_000     # words remembered (a long stream of novel tokens must not grow memory)

    def __init__(self, vec: TfidfVectorizer):
        self.vec = vec
        self.vocab = vec.vocabulary_
        self.memo: dict[str, tuple[int, ...]] = {}

    def ids(self, word: str) -> tuple[int, ...]:
        got = self.memo.get(word)
        if got is None:
            vocab = self.vocab
            got = tuple(vocab[g] for g in self.vec._char_wb_ngrams(word) if g in vocab)
            if len(self.memo) < self.MAX_WORDS:
                self.memo[word] = got
        return got

    def transform(self, lows: list[str]):
        indptr, indices = [0], []
        ids, extend = self.ids, indices.extend
        for text in lows:
            for w in text.split():
                extend(ids(w))
            indptr.append(len(indices))
        # one entry per n-gram occurrence; summing the duplicates gives the counts, sorted
        X = sp.csr_array((np.ones(len(indices), dtype=self.vec.dtype), np.asarray(indices, dtype=np.int32),
                          np.asarray(indptr, dtype=np.int32)), shape=(len(lows), len(self.vocab)))
        X.sum_duplicates()
        return self.vec._tfidf.transform(X, copy=False)


class _WordRows:
    """The word vectoriser's ``transform`` for one- and two-word n-grams without stop words: the
    text's tokens and each pair of neighbouring tokens (joined by a space, as sklearn joins them)
    looked up in the vocabulary, counted and put through the vectoriser's own tf-idf step, as
    ``_CharWbRows`` does; sklearn's analyser chain per text cost about twice as much."""

    def __init__(self, vec: TfidfVectorizer):
        self.vec = vec
        self.vocab = vec.vocabulary_
        self.findall = re.compile(vec.token_pattern).findall

    @staticmethod
    def plain(vec) -> bool:
        """Is ``vec`` a vectoriser this class reproduces?"""
        return (vec is not None and getattr(vec, "analyzer", None) == "word" and not vec.lowercase
                and vec.preprocessor is None and vec.tokenizer is None and not vec.strip_accents
                and vec.stop_words is None and not vec.binary and vec.input == "content"
                and tuple(vec.ngram_range) == (1, 2) and isinstance(vec.token_pattern, str)
                and re.compile(vec.token_pattern).groups == 0)

    def transform(self, lows: list[str]):
        indptr, indices = [0], []
        get, findall, append = self.vocab.get, self.findall, indices.append
        for text in lows:
            toks = findall(text)
            for tok in toks:
                col = get(tok)
                if col is not None:
                    append(col)
            for pair in map(" ".join, zip(toks, toks[1:], strict=False)):
                col = get(pair)
                if col is not None:
                    append(col)
            indptr.append(len(indices))
        X = sp.csr_array((np.ones(len(indices), dtype=self.vec.dtype), np.asarray(indices, dtype=np.int32),
                          np.asarray(indptr, dtype=np.int32)), shape=(len(lows), len(self.vocab)))
        X.sum_duplicates()
        return self.vec._tfidf.transform(X, copy=False)


def _informative(kind: str, ngram: str) -> bool:
    if kind == "word":
        return any(tok not in FUNCTION_WORDS for tok in ngram.split(" "))
    return len(ngram.strip()) >= 3


def data_fingerprint(texts: list[str], labels: list[int]) -> str:
    """sha256 of an in-memory training table (used when no file hash is given)."""
    h = hashlib.sha256()
    for t, y in zip(texts, labels, strict=True):
        h.update(f"{int(y)}\t{t}\n".encode())
    return h.hexdigest()


class ConcernClassifier(ClassifierMixin, BaseEstimator):
    """Word (1-2) and char_wb (2-5) tf-idf n-grams -> LogisticRegression -> sigmoid calibration."""

    def __init__(self, seed: int = 13, C: float = 4.0, word_max_features: int = 20_000,
                 char_max_features: int = 40_000, word_min_df: int = 2, char_min_df: int = 3,
                 calibration_folds: int = 5):
        self.seed = seed
        self.C = C
        self.word_max_features = word_max_features
        self.char_max_features = char_max_features
        self.word_min_df = word_min_df
        self.char_min_df = char_min_df
        self.calibration_folds = calibration_folds

    # -- building ---------------------------------------------------------------------------
    def _pipeline(self) -> Pipeline:
        features = FeatureUnion([
            ("word", TfidfVectorizer(
                lowercase=False, token_pattern=TOKEN_PATTERN, ngram_range=(1, 2),
                sublinear_tf=True, min_df=self.word_min_df, max_features=self.word_max_features,
                dtype=np.float64)),
            ("char", TfidfVectorizer(
                lowercase=False, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                min_df=self.char_min_df, max_features=self.char_max_features, dtype=np.float64)),
        ])
        linear = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                                    random_state=self.seed)
        return Pipeline([("features", features), ("linear", linear)])

    def feature_config(self) -> dict[str, Any]:
        return {
            "version": FEATURE_CONFIG_VERSION,
            "preprocess": "lowercase, length-preserving",
            "word": {"ngram_range": [1, 2], "token_pattern": TOKEN_PATTERN, "sublinear_tf": True,
                     "min_df": self.word_min_df, "max_features": self.word_max_features},
            "char": {"analyzer": "char_wb", "ngram_range": [2, 5], "sublinear_tf": True,
                     "min_df": self.char_min_df, "max_features": self.char_max_features},
            "linear": {"model": "LogisticRegression", "C": self.C, "class_weight": "balanced"},
            "calibration": {"method": "sigmoid", "cv": self.calibration_folds, "ensemble": False},
        }

    def fit(self, X, y, data_sha256: str | None = None) -> ConcernClassifier:
        texts = [preprocess(t or "") for t in X]
        labels = np.asarray(y, dtype=np.int64)
        if set(np.unique(labels)) != {0, 1}:
            raise ValueError("training labels must contain both 0 and 1")
        cv = StratifiedKFold(n_splits=self.calibration_folds, shuffle=True, random_state=self.seed)
        # ensemble=False: one pipeline fit on all rows (its coefficients explain the score),
        # calibrated on out-of-fold predictions, so tf-idf never sees the calibration fold.
        model = CalibratedClassifierCV(self._pipeline(), method="sigmoid", cv=cv, ensemble=False)
        model.fit(texts, labels)
        for _, vec in model.calibrated_classifiers_[0].estimator.named_steps["features"].transformer_list:
            if hasattr(vec, "stop_words_"):  # terms cut by max_features/min_df: not needed, large
                vec.stop_words_ = None
            # Plain ints: skops stores every numpy scalar as its own file (20x the artifact size).
            vec.vocabulary_ = {term: int(i) for term, i in vec.vocabulary_.items()}
        self.model_ = model
        self.classes_ = np.array([0, 1])
        self.data_sha256_ = data_sha256 or data_fingerprint(list(X), list(labels))
        self.n_train_ = int(len(labels))
        self._cache_explainer()
        return self

    def _cache_explainer(self) -> None:
        pipe = self.model_.calibrated_classifiers_[0].estimator
        self._features = pipe.named_steps["features"]
        self._coef = pipe.named_steps["linear"].coef_.ravel()
        self._names = self._features.get_feature_names_out()
        parts = dict(self._features.transformer_list)
        plain = (self._features.transformer_weights is None and list(parts) == ["word", "char"]
                 and getattr(parts["char"], "analyzer", None) == "char_wb" and not parts["char"].lowercase
                 and parts["char"].preprocessor is None and not parts["char"].strip_accents
                 and not parts["char"].binary)
        self._char_rows = _CharWbRows(parts["char"]) if plain else None
        self._feature_info: dict[int, tuple] = {}     # per feature column, filled by _explain_row
        self._word_vec = parts.get("word")
        self._word_rows = _WordRows(self._word_vec) if plain and _WordRows.plain(self._word_vec) else None

    def _rows(self, lows: list[str]):
        """The feature rows of preprocessed texts: ``features.transform``, faster (see _CharWbRows)."""
        if self._char_rows is None:
            return self._features.transform(lows).tocsr()
        words = self._word_vec.transform(lows) if self._word_rows is None else self._word_rows.transform(lows)
        return sp.hstack([words, self._char_rows.transform(lows)]).tocsr()

    @property
    def version(self) -> str:
        self._check_fitted()
        return model_id(self.data_sha256_, self.feature_config(), self.seed)

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise ModelNotFoundError("the classifier is not trained; run `screening train`.")

    # -- scoring ----------------------------------------------------------------------------
    def predict_proba(self, texts) -> np.ndarray:
        """Calibrated P(review-worthy) for each text, shape (n,)."""
        self._check_fitted()
        texts = [preprocess(t or "") for t in texts]
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return self.model_.predict_proba(texts)[:, 1]

    def score_and_explain(self, texts, wanted, k: int = 5) -> tuple[np.ndarray, list[list[FeatureContribution] | None]]:
        """``predict_proba`` and, for each text where ``wanted(i, prob)`` is true, ``explain(text, k)``.

        The same numbers as calling both, with the text vectorised once: tf-idf rows do not depend on
        the other texts of the batch, so the rows computed for scoring are the rows ``explain`` needs.
        """
        self._check_fitted()
        lows = [preprocess(t or "") for t in texts]
        if not lows:
            return np.zeros(0, dtype=np.float64), []
        cal = self.model_.calibrated_classifiers_
        if len(cal) != 1 or cal[0].estimator.named_steps["features"] is not self._features:
            probs = self.model_.predict_proba(lows)[:, 1]     # an ensemble: one vectoriser per member
            return probs, [self.explain(t, k) if wanted(i, p) else None
                           for i, (t, p) in enumerate(zip(texts, probs, strict=True))]
        rows = self._rows(lows)
        # the calibrated pipeline's predict_proba, minus its (repeated) vectorising step
        member = copy.copy(cal[0])
        member.estimator = cal[0].estimator.named_steps["linear"]
        probs = member.predict_proba(rows)[:, 1]
        out: list[list[FeatureContribution] | None] = []
        for i, p in enumerate(probs):
            out.append(self._explain_row(lows[i], rows[i], k, True) if wanted(i, float(p)) else None)
        return probs, out

    def predict(self, texts, threshold: float = 0.5) -> np.ndarray:
        return (self.predict_proba(texts) >= threshold).astype(np.int64)

    def explain(self, text: str, k: int = 5, informative_only: bool = True) -> list[FeatureContribution]:
        """The ``k`` n-grams that push this text most towards review, with their spans.

        With ``informative_only`` (the default) n-grams a reviewer cannot read as evidence are
        skipped: word n-grams made only of function words and character n-grams shorter than
        three characters. They still count in the score; pass False to see every contribution.
        """
        self._check_fitted()
        low = preprocess(text or "")
        return self._explain_row(low, self._rows([low]), k, informative_only)

    def _explain_row(self, low: str, row, k: int, informative_only: bool) -> list[FeatureContribution]:
        contrib = row.data * self._coef[row.indices]
        order = np.argsort(-contrib, kind="stable")
        # plain Python numbers in the loop (numpy scalars cost a microsecond a read); the same values
        weights, cols = contrib[order].tolist(), row.indices[order].tolist()
        out: list[FeatureContribution] = []
        toks = words = None     # the text's tokens and padded words, split once for all its features
        firsts = None           # where each of its one- and two-word n-grams first occurs
        info, feature = self._feature_info, self._feature
        for weight, col in zip(weights, cols, strict=True):
            if weight <= 0 or len(out) >= k:
                break
            fi = info.get(col)
            if fi is None:
                fi = info[col] = feature(col)
            label, kind, ngram, informative, plan = fi
            if informative_only and not informative:
                continue
            if kind == "word":
                if plan:
                    firsts = _first_word_spans(_tokens(low)) if firsts is None else firsts
                    span = firsts.get(ngram)
                else:
                    toks = _tokens(low) if toks is None else toks
                    span = _word_spans(low, ngram, toks)
            elif plan is None:
                words = _padded_words(low) if words is None else words
                span = _char_wb_span(low, ngram, words)
            else:
                span = _first_bounded(low, *plan)
            if span is None:  # cannot happen for features of this text; skip rather than lie
                continue
            out.append(FeatureContribution(label, weight, *span))
        return out

    def _feature(self, col: int) -> tuple[str, str, str, bool, Any]:
        """What ``_explain_row`` needs of feature column ``col``: its label, kind, n-gram, whether
        it is informative, and how to find it (word: whether it has one or two words; char: its
        core and whether it must start / end a word, or None to search word by word)."""
        kind, _, ngram = str(self._names[col]).partition("__")
        if kind == "word":
            plan: Any = ngram.count(" ") <= 1
        else:
            lead, trail = ngram.startswith(" "), ngram.endswith(" ")
            core = ngram[1 if lead else 0: len(ngram) - 1 if trail else len(ngram)]
            plan = None if not core or _WHITESPACE_RE.search(core) else (core, lead, trail)
        return f"{kind}:{ngram}", kind, ngram, _informative(kind, ngram), plan

    # -- persistence ------------------------------------------------------------------------
    def save(self, path: str | Path, card: dict[str, Any] | None = None) -> Path:
        """Write ``model.skops`` and ``card.json`` (``card`` adds metrics etc.) into ``path``."""
        import skops.io as sio

        self._check_fitted()
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        with _compact_vocabularies(self.model_):
            sio.dump(self.model_, folder / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        full = dict(card or {})
        full.update({
            "model_version": self.version,
            "params": self.get_params(),
            "data_sha256": self.data_sha256_,
            "n_train": self.n_train_,
            "feature_config": self.feature_config(),
            "artifact_sha256": _sha256_file(folder / MODEL_FILE),
            "trusted_types": list(TRUSTED_TYPES),
        })
        (folder / CARD_FILE).write_text(json.dumps(full, indent=2, sort_keys=True, default=str) + "\n")
        return folder

    @classmethod
    def load(cls, path: str | Path) -> ConcernClassifier:
        """Load an artifact folder; refuses a missing card, a mismatched file or untrusted types."""
        import skops.io as sio

        folder = Path(path)
        card_path, model_path = folder / CARD_FILE, folder / MODEL_FILE
        if not card_path.is_file() or not model_path.is_file():
            raise ModelNotFoundError(
                f"no trained classifier at {folder} (need {MODEL_FILE} and {CARD_FILE}); "
                "run `screening train`.")
        card = json.loads(card_path.read_text())
        if card.get("artifact_sha256") != _sha256_file(model_path):
            raise ModelNotFoundError(
                f"{model_path} does not match its card (sha256 differs); run `screening train`.")
        from skops.io.exceptions import UntrustedTypesFoundException

        # load audits the whole file against skops' defaults plus TRUSTED_TYPES before it builds
        # anything, so one read both checks and loads (get_untrusted_types first read it twice)
        try:
            model = sio.load(model_path, trusted=list(TRUSTED_TYPES))
            _expand_vocabularies(model)
        except UntrustedTypesFoundException:
            untrusted = [t for t in sio.get_untrusted_types(file=model_path) if t not in TRUSTED_TYPES]
            raise UntrustedModelError(
                f"{model_path} holds types outside the trusted list: {', '.join(untrusted)}; "
                "refusing to load it. Retrain with `screening train`.") from None
        clf = cls(**card["params"])
        clf.model_ = model
        clf.classes_ = np.array([0, 1])
        clf.data_sha256_ = card["data_sha256"]
        clf.n_train_ = int(card["n_train"])
        clf.card_ = card
        clf._cache_explainer()
        return clf


def _vectorisers(model) -> list:
    return [vec for member in getattr(model, "calibrated_classifiers_", ())
            for _, vec in member.estimator.named_steps["features"].transformer_list]


@contextmanager
def _compact_vocabularies(model):
    """Save each vectoriser's vocabulary as one array of terms (position = column), not a dict.

    skops writes a dict entry by entry: the 60,000 terms were 60,000 nodes to audit and build,
    about 0.7 s of every load; an array is one node. The fitted model keeps its dicts."""
    saved = []
    try:
        for vec in _vectorisers(model):
            if isinstance(getattr(vec, "vocabulary_", None), dict):
                terms = [""] * len(vec.vocabulary_)
                for term, col in vec.vocabulary_.items():
                    terms[col] = term
                saved.append((vec, vec.vocabulary_))
                vec.terms_ = np.array(terms, dtype=str)
                vec.vocabulary_ = None
        yield
    finally:
        for vec, vocab in saved:
            vec.vocabulary_ = vocab
            del vec.terms_


def _expand_vocabularies(model) -> None:
    """The vocabulary dicts back from their arrays (artifacts saved with dicts load as they are)."""
    for vec in _vectorisers(model):
        terms = vec.__dict__.pop("terms_", None)
        if terms is not None:
            vec.vocabulary_ = {str(t): i for i, t in enumerate(terms.tolist())}


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_classifier(settings, model_path: str | Path | None = None) -> ConcernClassifier:
    """The classifier the settings point at (``settings.model_dir / "classifier"`` by default)."""
    return ConcernClassifier.load(Path(model_path) if model_path else settings.model_dir / "classifier")
