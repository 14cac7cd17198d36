"""The trained classifier: fit, calibrated scores, explanations with spans, safe persistence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from screening.errors import InputFormatError, ModelNotFoundError, UntrustedModelError
from screening.screen.classifier import (
    TOKEN_PATTERN,
    ConcernClassifier,
    _char_wb_span,
    _first_bounded,
    _informative,
    _padded_words,
    _tokens,
    _word_spans,
    preprocess,
)

# A tiny hand-written table: concerning statements (1) and look-alikes or ordinary text (0).
POSITIVE = [
    "I am going to shoot up the school on friday",
    "i will kill my boss tomorrow, he deserves it",
    "bringing my gun to work monday, they will all pay",
    "I'm going to stab him when he walks out",
    "they will regret it when i burn their house down",
    "i will make them suffer, every one of them",
    "tomorrow i kill the people who laughed at me",
    "i bought the rifle, the plan is set for monday",
    "going to hurt her bad when she gets home",
    "I'll shoot everyone in that office",
    "he is dead when i find him, i have the knife ready",
    "i want to kill them all at the meeting",
]
NEGATIVE = [
    "this homework is killing me",
    "we got destroyed, camp the sniper spot next round",
    "someone posted that they would shoot up the mall, I reported it",
    "I would never hurt anyone",
    "the movie ends with the hero stabbing the villain",
    "I could murder a burger right now",
    "lovely weather for a walk in the park",
    "the team killed it last night, what a game",
    "news: police arrest man after shooting downtown",
    "my cat knocked the plant off the shelf again",
    "that joke killed me, so funny",
    "let's kill some time before the bus comes",
]
TEXTS = POSITIVE + NEGATIVE
LABELS = [1] * len(POSITIVE) + [0] * len(NEGATIVE)


@pytest.fixture(scope="module")
def fitted() -> ConcernClassifier:
    return ConcernClassifier(seed=13, word_min_df=1, char_min_df=1).fit(TEXTS, LABELS)


def test_fit_returns_self_and_scores_in_unit_interval(fitted):
    probs = fitted.predict_proba(TEXTS)
    assert probs.shape == (len(TEXTS),)
    assert ((probs >= 0) & (probs <= 1)).all()
    # Even on a tiny table the learned ranking must put concerning rows above look-alikes.
    assert probs[: len(POSITIVE)].mean() > probs[len(POSITIVE):].mean()
    assert fitted.predict_proba([]).shape == (0,)


def test_init_only_stores_params_and_learned_attrs_end_in_underscore():
    clf = ConcernClassifier(seed=7, C=2.0)
    assert clf.get_params()["seed"] == 7 and clf.get_params()["C"] == 2.0
    assert not hasattr(clf, "model_")
    with pytest.raises(ModelNotFoundError, match="screening train"):
        clf.predict_proba(["x"])


def test_version_names_data_hash_settings_and_seed(fitted):
    assert re.fullmatch(r"clf-[0-9a-f]{8}-[0-9a-f]{6}-13", fitted.version)


@pytest.mark.parametrize("change", [{"C": 2.0}, {"word_min_df": 3}, {"char_max_features": 100}, {"calibration_folds": 3}])
def test_models_with_other_settings_never_share_an_id(change):
    # a helper trained two models on the same data with different settings: both were clf-81224607-13
    base = ConcernClassifier(seed=13)
    other = ConcernClassifier(seed=13, **change)
    assert base.feature_config() != other.feature_config()
    from screening.screen.base import model_id
    assert model_id("ab" * 32, base.feature_config(), 13) != model_id("ab" * 32, other.feature_config(), 13)


def test_same_seed_gives_same_coefficients_and_scores():
    a = ConcernClassifier(seed=5, word_min_df=1, char_min_df=1).fit(TEXTS, LABELS)
    b = ConcernClassifier(seed=5, word_min_df=1, char_min_df=1).fit(TEXTS, LABELS)
    assert np.array_equal(a._coef, b._coef)
    assert np.array_equal(a.predict_proba(TEXTS), b.predict_proba(TEXTS))
    assert a.version == b.version


def test_save_load_round_trip_gives_identical_probabilities(fitted, tmp_path):
    fitted.save(tmp_path / "clf", card={"note": "test"})
    loaded = ConcernClassifier.load(tmp_path / "clf")
    probe = TEXTS + ["a sentence it never saw 🔪", ""]
    assert np.array_equal(fitted.predict_proba(probe), loaded.predict_proba(probe))
    assert loaded.version == fitted.version
    assert loaded.card_["note"] == "test"
    assert fitted.explain(POSITIVE[0]) == loaded.explain(POSITIVE[0])


@pytest.mark.parametrize("damage, error, message", [
    ("no_card", ModelNotFoundError, "run `screening train`"),
    ("no_model", ModelNotFoundError, "run `screening train`"),
    ("tampered", ModelNotFoundError, "does not match its card"),
    ("untrusted_type", UntrustedModelError, "test_classifier._evil"),
])
def test_load_refuses_missing_mismatched_or_untrusted_artifacts(fitted, tmp_path, damage, error, message):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    from screening.screen.classifier import _sha256_file

    folder = fitted.save(tmp_path / "clf")
    if damage == "no_card":
        (folder / "card.json").unlink()
    elif damage == "no_model":
        (folder / "model.skops").unlink()
    elif damage == "tampered":
        with open(folder / "model.skops", "ab") as fh:
            fh.write(b"\0")
    elif damage == "untrusted_type":
        # A well-formed artifact whose card matches, but which holds a function nobody trusted.
        sio.dump(FunctionTransformer(func=_evil), folder / "model.skops")
        card = json.loads((folder / "card.json").read_text())
        card["artifact_sha256"] = _sha256_file(folder / "model.skops")
        (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(error, match=re.escape(message)):
        ConcernClassifier.load(folder)


# Vocabularies are saved as arrays of terms (one skops node, not one per term); the fitted model
# keeps its dicts, and an artifact saved with dicts (before this) still loads to the same scores.
@pytest.mark.parametrize("stored_as", ["arrays", "dicts"])
def test_vocabularies_round_trip_in_either_form(fitted, tmp_path, stored_as):
    import skops.io as sio

    from screening.screen.classifier import _sha256_file, _vectorisers

    before = [dict(v.vocabulary_) for v in _vectorisers(fitted.model_)]
    folder = fitted.save(tmp_path / "clf")
    assert [v.vocabulary_ for v in _vectorisers(fitted.model_)] == before
    assert not any(hasattr(v, "terms_") for v in _vectorisers(fitted.model_))
    if stored_as == "dicts":
        sio.dump(fitted.model_, folder / "model.skops")
        card = json.loads((folder / "card.json").read_text())
        card["artifact_sha256"] = _sha256_file(folder / "model.skops")
        (folder / "card.json").write_text(json.dumps(card))
    loaded = ConcernClassifier.load(folder)
    assert [v.vocabulary_ for v in _vectorisers(loaded.model_)] == before
    assert np.array_equal(loaded.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def _evil(x):  # pragma: no cover - must never be called
    raise AssertionError("an untrusted function was loaded")


@pytest.mark.parametrize("text", [
    "I am going to SHOOT up the school on Friday",
    "İ will kill my boss tomorrow",            # 'İ'.lower() is two characters long
    "   i'll   stab   him  🔪 when he walks out",
    "Bringing my GUN to work Monday.",
    "they WILL regret it",
])
def test_explain_spans_point_at_the_feature_in_the_original_text(fitted, text):
    contributions = fitted.explain(text, k=8)
    assert contributions, "a concerning text must have positive contributions"
    assert [c.weight for c in contributions] == sorted((c.weight for c in contributions), reverse=True)
    for c in contributions:
        assert c.weight > 0 and 0 <= c.start < c.end <= len(text)
        kind, _, ngram = c.feature.partition(":")
        found = preprocess(text[c.start:c.end])
        if kind == "word":
            assert " ".join(re.findall(TOKEN_PATTERN, found)) == ngram
        else:
            assert found == ngram.strip()


@pytest.mark.parametrize("text, ngram, span", [
    ("go kill", " kil", (3, 6)),      # word start: leading pad maps to the word's first char
    ("go kill", "ill ", (4, 7)),      # word end
    ("go kill", " go ", (0, 2)),      # a whole short word
    ("a  kill kill", "kil", (3, 6)),  # first occurrence, double space
    ("go kill", "xyz", None),
])
def test_char_wb_span_table(text, ngram, span):
    assert _char_wb_span(text, ngram) == span


def test_explain_ranks_the_word_seen_only_in_concerning_rows_first(fitted):
    # "knife" occurs only in a positive row; "bag" never occurs in training.
    top = fitted.explain("the knife is in my bag", k=3)[0]
    assert (top.feature, top.start, top.end) == ("word:knife", 4, 9)


def test_preprocess_keeps_length_and_offsets():
    for text in ["ABC Def", "İstanbul", "ẞ straße", "🔫 Gun"]:
        assert len(preprocess(text)) == len(text)


def _write_table(path, texts, labels, frames=None):
    with open(path, "w", encoding="utf-8") as fh:
        for i, (t, y) in enumerate(zip(texts, labels, strict=True)):
            rec = {"id": f"r{i}", "text": t, "label": y}
            if frames:
                rec["frame"] = frames[i]
            fh.write(json.dumps(rec) + "\n")


def test_train_cli_writes_artifact_and_cards(tmp_path):
    from screening.cli import cli
    from screening.screen.train import read_table

    train, dev, out = tmp_path / "train.jsonl", tmp_path / "dev.jsonl", tmp_path / "model"
    _write_table(train, TEXTS * 2, LABELS * 2, frames=[f"f{i % 6}" for i in range(len(TEXTS) * 2)])
    _write_table(dev, TEXTS[::3], LABELS[::3])
    result = CliRunner().invoke(cli, ["train", "--data", str(train), "--dev", str(dev),
                                      "--out", str(out), "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "5-fold CV on train, grouped by frame" in result.output and "dev (" in result.output
    card = json.loads((out / "card.json").read_text())
    sha = read_table(train).sha256
    assert card["train"]["sha256"] == sha and card["train"]["rows"] == len(TEXTS) * 2
    assert re.fullmatch(rf"clf-{sha[:8]}-[0-9a-f]{{6}}-3", card["model_version"])
    assert set(card["library_versions"]) >= {"sklearn", "skops", "numpy", "spacy"}
    assert set(card["metrics"]["cv_train"]) >= {"roc_auc", "average_precision", "precision@0.5",
                                                "recall@0.5", "f1@0.5"}
    assert "dev" in card["metrics"]
    md = (out / "MODEL_CARD.md").read_text()
    assert card["model_version"] in md and "Intended use" in md and "Limitations" in md
    loaded = ConcernClassifier.load(out)
    assert loaded.version == card["model_version"]
    # with a dev set, C is the smallest within tolerance of the best dev average precision
    from screening.screen.train import SELECTION_TOLERANCE

    sel = card["model_selection"]
    assert sel["selected_on"] == "dev" and "on dev" in sel["criterion"]
    best = max(r["dev_average_precision"] for r in sel["results"])
    assert sel["chosen_C"] == min(r["C"] for r in sel["results"]
                                  if r["dev_average_precision"] >= best - SELECTION_TOLERANCE)
    assert "dev chose C" in md


@pytest.mark.parametrize("lines, message", [
    (['{"text": "a", "label": 1}', "not json"], ":2:"),
    (['{"text": "a", "label": 1}', '{"text": "b"}'], ":2:"),
    (['{"text": "a", "label": 3}'], ":1:"),
    (['{"text": "a", "label": 1}', '{"text": "b", "label": 1}'], "both labels"),
])
def test_read_table_names_the_bad_line(tmp_path, lines, message):
    from screening.screen.train import read_table

    p = tmp_path / "t.jsonl"
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputFormatError, match=re.escape(message)):
        read_table(p)


def test_missing_training_file_says_what_to_do(tmp_path):
    from screening.screen.train import read_table

    with pytest.raises(InputFormatError, match="does not exist"):
        read_table(tmp_path / "nope.jsonl")


def test_train_without_dev_selects_c_by_cv_on_train_and_reports_cv_only(tmp_path):
    from screening.cli import cli
    from screening.screen.train import C_GRID

    train, out = tmp_path / "train.jsonl", tmp_path / "model"
    _write_table(train, TEXTS * 2, LABELS * 2)
    result = CliRunner().invoke(cli, ["train", "--data", str(train), "--dev", "", "--out", str(out)])
    assert result.exit_code == 0, result.output
    card = json.loads((out / "card.json").read_text())
    assert "dev" not in card["metrics"] and "dev" not in card
    # C comes from cross-validation on train alone, never from a dev or public set
    results = card["model_selection"]["results"]
    assert [r["C"] for r in results] == sorted(C_GRID)
    assert all(0.0 <= r["cv_average_precision"] <= 1.0 for r in results)
    assert card["params"]["C"] == card["model_selection"]["chosen_C"] and card["params"]["C"] in C_GRID
    assert card["model_selection"]["selected_on"] == "cv_train"
    assert card["metrics"]["cv_train"]["grouped_by"] is None          # no frame field: plain folds
    chosen = next(r for r in results if r["C"] == card["params"]["C"])
    assert card["metrics"]["cv_train"]["average_precision"] == chosen["cv_average_precision"]


@pytest.mark.parametrize("kind, ngram, shown", [
    ("word", "and", False),
    ("word", "they ll", False),
    ("word", "knife", True),
    ("word", "the knife", True),
    ("word", "never", True),        # negation is content for a reviewer
    ("char", " i", False),
    ("char", "kni", True),
    ("char", " gun ", True),
    ("char", "kn", False),
])
def test_informative_features_table(kind, ngram, shown):
    from screening.screen.classifier import _informative

    assert _informative(kind, ngram) is shown


def test_explain_can_show_every_contribution(fitted):
    text = "they will make them suffer and i have the knife ready"
    everything = fitted.explain(text, k=10_000, informative_only=False)
    shown = fitted.explain(text, k=10_000)
    assert {c.feature for c in shown} < {c.feature for c in everything}
    assert any(c.feature == "word:and" or c.feature == "word:they" for c in everything)
    assert not any(c.feature in ("word:and", "word:they") for c in shown)


# The remembered-words char_wb rows must be sklearn's rows, number for number, for the shipped
# model and for a freshly fitted one (odd whitespace, non-ASCII, repeats, empty text).
ROW_TEXTS = ["", " ", "a", "i will i will i will", "tab\there\x1cx\u2003y  double  space", "İstanbul kill",
             "😀🔪 you", "x" * 300, "new\nline\r\nwindows", "ünïcödé wörds and plain words"]


@pytest.mark.parametrize("which", ["fitted", "shipped"])
def test_fast_rows_equal_the_vectorisers_rows(fitted, which):
    from screening.screen.classifier import preprocess

    clf = fitted if which == "fitted" else ConcernClassifier.load(Path(__file__).parents[2] / "models" / "classifier")
    assert clf._char_rows is not None
    lows = [preprocess(t) for t in ROW_TEXTS + TEXTS]
    for _ in range(2):    # the second pass reads every word from the memo
        fast, slow = clf._rows(lows), clf._features.transform(lows).tocsr()
        assert fast.shape == slow.shape
        assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
        assert np.array_equal(fast.data, slow.data)


# Scoring and explaining from one vectorisation must give exactly what the two calls give.
@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.9, 1.01])
def test_score_and_explain_equals_predict_proba_and_explain(fitted, threshold):
    probe = TEXTS + ["", "I will stab him tomorrow 🔪", "lovely day at the beach", "İstanbul kill"]
    probs, explained = fitted.score_and_explain(probe, lambda i, p: p >= threshold, k=12)
    assert np.array_equal(probs, fitted.predict_proba(probe))
    assert explained == [fitted.explain(t, k=12) if p >= threshold else None for t, p in zip(probe, probs, strict=True)]


# An explanation finds each feature's first span in one pass over the text's words; it must be the
# span found by searching the text feature by feature (_word_spans, _char_wb_span), for the
# shipped model and a freshly fitted one.
def _explain_row_by_search(clf, low, row, k, informative_only):
    contrib = row.data * clf._coef[row.indices]
    out = []
    for idx in np.argsort(-contrib, kind="stable"):
        if contrib[idx] <= 0 or len(out) >= k:
            break
        kind, _, ngram = str(clf._names[row.indices[idx]]).partition("__")
        if informative_only and not _informative(kind, ngram):
            continue
        span = (_word_spans(low, ngram, _tokens(low)) if kind == "word"
                else _char_wb_span(low, ngram, _padded_words(low)))
        if span is not None:
            out.append((f"{kind}:{ngram}", float(contrib[idx]), *span))
    return out


@pytest.mark.parametrize("which", ["fitted", "shipped"])
def test_explanations_find_the_spans_a_search_finds(fitted, which):
    clf = fitted if which == "fitted" else ConcernClassifier.load(Path(__file__).parents[2] / "models" / "classifier")
    lows = [preprocess(t) for t in ROW_TEXTS + TEXTS + ["kill kill skill killer", "i'll  stab\u2003him\x1c stab"]]
    rows = clf._rows(lows)
    for i, low in enumerate(lows):
        for k, informative_only in ((60, True), (500, False)):
            got = [(c.feature, c.weight, c.start, c.end) for c in clf._explain_row(low, rows[i], k, informative_only)]
            assert got == _explain_row_by_search(clf, low, rows[i], k, informative_only)


@pytest.mark.parametrize("text, ngram", [
    ("go kill", " kil"), ("go kill", "ill "), ("go kill", " go "), ("a  kill kill", "kil"),
    ("skill kill", " kil"), ("killer kill", "kill "), ("kill\u2003kill", " kill "), ("xkill\x1ckill", " kil"),
    ("go kill", " xyz"), ("", " a "),
])
def test_first_bounded_is_char_wb_span(text, ngram):
    core = ngram.strip(" ")
    assert _first_bounded(text, core, ngram.startswith(" "), ngram.endswith(" ")) == _char_wb_span(text, ngram)
