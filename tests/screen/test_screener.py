"""The screener's contract: statuses, versions, evidence offsets, batches that never crash."""

from __future__ import annotations

import pytest

from screening.screen.base import Screener
from screening.screen.screener import load_screener
from screening.settings import Settings
from screening.types import Status


@pytest.fixture(scope="module")
def screener():
    return load_screener(Settings(), use_classifier=False)


def test_implements_protocol(screener):
    assert isinstance(screener, Screener)
    assert screener.model_version.startswith("screener-")
    assert "+clf-none" in screener.model_version
    assert "en_core_web_sm" in screener.rules_version


@pytest.mark.parametrize("text,status", [
    ("", Status.EMPTY),
    ("   \n\t ", Status.EMPTY),
    (None, Status.EMPTY),
    ("Voy a matar a todos en la escuela mañana porque me odian", Status.UNSUPPORTED_LANGUAGE),
    ("Я убью вас всех завтра", Status.UNSUPPORTED_LANGUAGE),
    ("lol ur so dead 💀💀", Status.SCREENED),
    ("I'm going to shoot up the school Friday", Status.SCREENED),
])
def test_status(screener, text, status):
    assert screener.screen(text).status is status


@pytest.mark.parametrize("text", [
    "I'm going to shoot up the school Friday",
    "I'm gonna sh00t up the sch00l on friday",
    "ok so. I am going to k i l l you tomorrow",
    "Ｉ ｗｉｌｌ ｋｉｌｌ ｙｏｕ",
])
def test_evidence_points_at_original(screener, text):
    r = screener.screen(text)
    assert r.flagged
    for e in r.evidence:
        assert e.text == text[e.start:e.end]
        assert e.text.strip()


def test_one_megabyte_text_is_screened_on_a_prefix():
    text = ("Ordinary notes about the garden and the weather. " * 21_000)[:1_000_000]
    text = text[:500_000] + " I'm going to shoot up the school Friday. " + text[500_000:]
    s = load_screener(Settings(max_score_chars=400_000), use_classifier=False)
    r = s.screen(text)
    assert r.status is Status.SCREENED and not r.flagged      # the threat lies past the prefix
    r2 = load_screener(Settings(), use_classifier=False).screen(text)
    assert r2.flagged
    e = next(e for e in r2.evidence if e.indicator == "direct_threat")
    assert text[e.start:e.end] == e.text and e.start > 500_000


def test_a_bad_text_becomes_an_error_record_not_a_crash(screener):
    results = list(screener.screen_many(["I will kill you", 42, "", "nice weather"]))
    assert [r.status for r in results] == [Status.SCREENED, Status.ERROR, Status.EMPTY, Status.SCREENED]
    assert "str" in results[1].detail or "string" in results[1].detail
    assert results[0].flagged and not results[3].flagged


def test_screen_many_is_lazy_and_in_order(screener):
    def gen():
        for i in range(600):
            yield "I will kill you" if i % 3 == 0 else f"post number {i} about bread"
    it = screener.screen_many(gen())
    first = next(it)
    assert first.flagged
    rest = list(it)
    assert len(rest) == 599
    assert [r.flagged for r in rest[:5]] == [False, False, True, False, False]


def test_repeated_texts_give_equal_results_that_do_not_share_lists(screener):
    a, b = list(screener.screen_many(["they should all be shot", "they should all be shot"]))
    assert a.to_record(1) == b.to_record(1)
    a.evidence.clear()
    assert b.evidence


def test_second_core_helper_gives_the_same_results():
    texts = [f"{w} ({i})" for i, w in enumerate(["I will kill you", "kill the printer",
                                                      "they should be shot", "lovely day"] * 400)]
    one = load_screener(Settings(screen_workers=1), use_classifier=False)
    two = load_screener(Settings(screen_workers=2), use_classifier=False)
    try:
        r1 = [r.to_record(i) for i, r in enumerate(one.screen_many(texts))]
        r2 = [r.to_record(i) for i, r in enumerate(two.screen_many(texts))]
        assert two._share > 0     # several batches: the helper parsed part of them
    finally:
        two.close()
    assert r1 == r2
    assert sum(r["flagged"] for r in r1) == 800


def test_with_the_classifier_the_helper_gives_the_same_results():
    settings = Settings(screen_workers=1)
    if not (settings.model_dir / "classifier").exists():
        pytest.skip("no trained classifier under models/ (run `screening train`)")
    texts = [f"{w} ({i})" for i, w in enumerate([
        "I will kill you", "they ruined my life", "lovely day at the beach", "bought a rifle for the range",
        "nobody would notice if I was gone", "kill the printer"] * 30)]
    one = load_screener(settings)
    two = load_screener(Settings(screen_workers=2))
    try:
        r1 = [r.to_record(i) for i, r in enumerate(one.screen_many(texts))]
        r2 = [r.to_record(i) for i, r in enumerate(two.screen_many(texts))]
    finally:
        two.close()
    assert "+clf-none" not in one.model_version
    assert r1 == r2
    for rec in r1:
        for e in rec["evidence"]:
            assert texts[rec["id"]][e["start"]:e["end"]] == e["text"]


# A classifier-only lead must show a word that names violence, death, a weapon or self-harm;
# generic words that fill ordinary posts (plan, news, safe, hate, take) do not explain a lead.
@pytest.mark.parametrize("piece, anchored", [
    ("stabbed", True), ("shoot", True), ("gunned", True), ("🔫", True), ("rifle", True),
    ("bullet", True), ("raped", True), ("suicide", True), ("k1ll", True),
    ("plan", False), ("news", False), ("safe", False), ("hate", False), ("take", False),
    ("remember", False), ("alone", False), ("break", False), ("you're getting", False),
    # emoji that stand for a weapon, an act, death or blood (emoji.yaml roles); not laughter or love
    ("🔥", True), ("🔥🔥", True), ("💥", True), ("🪦", True), ("☠️", True), ("🩸", True), ("☣️", True),
    ("💀", False), ("😂", False), ("❤️", False), ("🏳️‍🌈", False), ("🕌", False),
    # blunt means, injuries, and the blow's past and -ing forms (classifier_anchors); not bare weak verbs
    ("bat", True), ("kneecaps", True), ("kicked", True), ("choking", True), ("ditch", True),
    ("kick", False), ("broken", False), ("hospital", False),
])
def test_classifier_only_evidence_needs_words_that_name_violence(screener, piece, anchored):
    assert screener._anchored(piece) is anchored


# The classifier cannot see context, so its evidence is read like rule evidence (with the
# classifier on: these texts carry no rule evidence, so only a classifier lead could flag them).
@pytest.mark.parametrize("text, context", [
    ("I don't own a gun and I never will", "negation"),
    ("what makes someone like that shooter do what they did?", "hypothetical"),
])
def test_classifier_evidence_is_read_for_context(text, context):
    s = load_screener(Settings())
    if s.classifier is None:
        pytest.skip("no trained classifier in models/classifier")
    reader = s.nlp.get_pipe("context_reader")
    start = max(text.find("gun"), text.find("shooter"))
    assert context in reader.text_contexts(text, start, start + 3)
    assert not s.screen(text).flagged


# A negation reaches classifier evidence from its own clause and a few words back only.
@pytest.mark.parametrize("text, word, negated", [
    ("I don't own a gun and I never will", "gun", True),
    ("I would never want to shoot anyone", "shoot", True),
    ("i'm not going to stab anyone", "stab", True),
    ("wouldnt cry if someone stabbed that lady in the garage", "stabbed", False),
    ("nobody would miss them, when they get shot it's a good day", "shot", False),
    ("I don't care what anyone says, they all deserve a bullet", "bullet", False),
    ("no one listened to me at the meeting so the knife comes out tomorrow", "knife", False),
])
def test_a_negation_reaches_classifier_evidence_from_its_own_clause(screener, text, word, negated):
    reader = screener.nlp.get_pipe("context_reader")
    start = text.find(word)
    assert ("negation" in reader.text_contexts(text, start, start + len(word))) is negated


# `screening score` loads the classifier lazily (in its helper process): same version, same results.
@pytest.mark.parametrize("workers", [1, 2])
def test_a_lazily_loaded_classifier_gives_the_same_results(workers):
    from screening.screen.screener import LazyClassifier

    settings = Settings(screen_workers=workers)
    if not (settings.model_dir / "classifier").exists():
        pytest.skip("no trained classifier under models/ (run `screening train`)")
    texts = [f"{w} ({i})" for i, w in enumerate([
        "I will kill you", "they ruined my life", "lovely day at the beach", "bought a rifle for the range",
        "nobody would notice if I was gone", "kill the printer", "", "guns guns guns"] * 150)]
    eager = load_screener(Settings(screen_workers=1))
    lazy = load_screener(settings, lazy_classifier=True)
    try:
        assert isinstance(lazy.classifier, LazyClassifier)
        assert lazy.classifier.version == eager.classifier.version
        assert lazy.model_version == eager.model_version
        r1 = [r.to_record(i) for i, r in enumerate(eager.screen_many(texts))]
        r2 = [r.to_record(i) for i, r in enumerate(lazy.screen_many(texts))]
        assert workers == 1 or lazy._share > 0     # several batches: the helper parsed part of them
    finally:
        lazy.close()
    assert r1 == r2


# ... and in a process of its own (`screening score` with two workers): same results, also when
# that process dies (its batches are then classified in-process)
@pytest.mark.parametrize("workers, kill", [(1, False), (2, False), (2, True)])
def test_a_classifier_process_gives_the_same_results(workers, kill):
    from screening.screen.clfproc import lazy_classifier

    settings = Settings(screen_workers=workers)
    if not (settings.model_dir / "classifier").exists():
        pytest.skip("no trained classifier under models/ (run `screening train`)")
    texts = [f"{w} ({i})" for i, w in enumerate([
        "I will kill you", "they ruined my life", "lovely day at the beach", "bought a rifle for the range",
        "nobody would notice if I was gone", "kill the printer", "", "guns guns guns",
        "1 more word out of u 🔪🔪", "@jake_m 🔫🔫 see you monday"] * 110)]
    eager = load_screener(Settings(screen_workers=1))
    clf = lazy_classifier(settings, None)
    assert clf.start_process()
    if kill:
        clf.process._proc.kill()
    remote = load_screener(settings, classifier=clf)
    try:
        assert remote._remote_mode and remote.model_version == eager.model_version
        r1 = [r.to_record(i) for i, r in enumerate(eager.screen_many(texts))]
        r2 = [r.to_record(i) for i, r in enumerate(remote.screen_many(texts))]
        assert (clf.process is None) is kill
    finally:
        remote.close()
    assert clf.process is None
    assert r1 == r2
    assert any(e["detector"] == "classifier" for r in r2 for e in r["evidence"]), "no classifier-only lead tried"


def test_a_classifier_process_that_dies_says_so():
    from screening.screen.clfproc import lazy_classifier

    clf = lazy_classifier(Settings(), None)
    if clf is None:
        pytest.skip("no trained classifier under models/ (run `screening train`)")
    assert clf.start_process()
    proc = clf.process
    try:
        ticket = proc.submit(["I will kill you"], 0.85)
        proc._proc.kill()
        proc._proc.join()
        assert proc.ready(ticket)        # so that the screener goes on to collect the batch ...
        with pytest.raises((EOFError, OSError)):
            proc.result(ticket, 5)       # ... and classifies it in-process
    finally:
        clf.stop_process()


@pytest.mark.parametrize("damage", ["no_card", "tampered", "bad_card"])
def test_a_lazy_classifier_is_checked_before_screening(tmp_path, damage):
    import json
    import shutil

    from screening.errors import ModelNotFoundError

    src = Settings().model_dir / "classifier"
    if not src.exists():
        pytest.skip("no trained classifier under models/ (run `screening train`)")
    folder = tmp_path / "classifier"
    shutil.copytree(src, folder)
    if damage == "no_card":
        (folder / "card.json").unlink()
    elif damage == "tampered":
        with open(folder / "model.skops", "ab") as fh:
            fh.write(b"\0")
    else:
        (folder / "card.json").write_text(json.dumps({"artifact_sha256": "x"}))
    with pytest.raises(ModelNotFoundError):
        load_screener(Settings(), model_path=folder, lazy_classifier=True)
    # at the default location a broken classifier means rules only, as with the eager loader
    s = load_screener(Settings(model_dir=tmp_path), lazy_classifier=True)
    assert s.classifier is None
    assert s.model_version.endswith("+clf-none")


# Veiled leads (no word names violence) are off by default; an operator who sets
# classifier_veiled_threshold below 1.0 gets them, with the heaviest words as evidence.
@pytest.mark.parametrize("text", [
    "that councilwoman has no idea what's coming for her. soon",
    "she thinks the restraining order protects her. it won't",
])
def test_veiled_leads_are_off_by_default_and_shown_when_turned_on(text):
    default = load_screener(Settings())
    if default.classifier is None:
        pytest.skip("no trained classifier in models/classifier")
    clf = default.classifier.get() if hasattr(default.classifier, "get") else default.classifier
    p = float(clf.predict_proba([text])[0])
    assert p >= default.settings.classifier_only_threshold, "pick a text the classifier is sure of"
    r = default.screen(text)
    assert not r.flagged and not r.evidence
    on = load_screener(Settings(classifier_veiled_threshold=min(p, 0.95)))
    r = on.screen(text)
    assert r.flagged
    assert r.evidence and all(e.detector == "classifier" and e.rule.startswith("veiled:") for e in r.evidence)
    assert all(text[e.start:e.end] == e.text for e in r.evidence)
