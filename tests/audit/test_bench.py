"""The public benchmark: recipe loaders, slice metrics, the keyword baseline, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.audit.bench import (
    TARGETS,
    BenchSlice,
    Target,
    check_targets,
    load_edos,
    load_hatecheck,
    load_hatemoji_build,
    load_hatemoji_check,
    load_slices,
    pool,
    run_benchmark,
    score_slices,
)
from screening.audit.keyword_baseline import KeywordScreener, stem
from screening.errors import BenchDataMissing
from screening.settings import Settings
from screening.types import ScreenResult, Status

DATA = Settings().bench_data
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"public evaluation data not found at {DATA} "
                                "(set SCREENING_BENCH_DATA); benchmark tests that read it are skipped")


# --- recipe loaders: the counts the data README documents -------------------------------------
@needs_data
@pytest.mark.bench
@pytest.mark.parametrize("loader, name, expected, n", [
    (load_hatecheck, "hatecheck/threat_dir_h", 1, 133),
    (load_hatecheck, "hatecheck/threat_norm_h", 1, 140),          # 133 + 140 = 273 threat cases
    (load_hatecheck, "hatecheck/threat_variants", 1, 364),
    (load_hatecheck, "hatecheck/threat_nonprotected", 1, 44),
    (load_hatecheck, "hatecheck/negate_neg_nh", 0, 77),
    (load_hatecheck, "hatecheck/counter_quote_nh", 0, 35),
    (load_hatecheck, "hatecheck/counter_ref_nh", 0, 21),
    (load_hatecheck, "hatecheck/ident_pos_nh", 0, 63),
    (load_hatecheck, "hatecheck/target_obj", 0, 15),
    (load_hatecheck, "hatecheck/hate_without_threat", None, 2563 - 273 - 364),
    (load_hatemoji_build, "hatemoji_build/threats", 1, 203),
    (load_hatemoji_build, "hatemoji_build/contrasts", 0, 200),
    (load_hatemoji_check, "hatemoji_check/verb_swap", 1, 360),
    (load_hatemoji_check, "hatemoji_check/verb_swap_nh", 0, 110),
    (load_hatemoji_check, "hatemoji_check/double_swap_nh", 0, 106),
    (load_hatemoji_check, "hatemoji_check/positive_confounder", 1, 528),
    (load_edos, "edos/threats", 1, 310),
    (load_edos, "edos/not_sexist", 0, 10602),
])
def test_recipes_give_documented_counts(loader, name, expected, n):
    slices = {s.name: s for s in loader(DATA)}
    s = slices[name]
    assert (s.expected, len(s), len(s.ids)) == (expected, n, n)
    assert all(t.strip() for t in s.texts)


@needs_data
@pytest.mark.bench
def test_positives_and_contrasts_never_share_a_text():
    by_set: dict[str, dict[int, set[str]]] = {}
    for s in load_slices(Settings()):
        if s.expected is not None:
            by_set.setdefault(s.dataset, {}).setdefault(s.expected, set()).update(s.texts)
    for dataset, sides in by_set.items():
        assert not sides[0] & sides[1], dataset
    # every target names a slice that exists
    names = {s.name for s in load_slices(Settings())}
    assert {t.slice for t in TARGETS} <= names


def test_missing_data_is_a_clear_domain_error(tmp_path):
    with pytest.raises(BenchDataMissing, match="SCREENING_BENCH_DATA"):
        load_slices(Settings(bench_data=tmp_path / "absent"))
    (tmp_path / "partial" / "hatecheck").mkdir(parents=True)
    with pytest.raises(BenchDataMissing, match="test_suite_cases.csv is missing"):
        load_slices(Settings(bench_data=tmp_path / "partial"))


# --- slice metrics on a hand-made table --------------------------------------------------------
class SetScreener:
    """A real (tiny) screener: flags exactly the texts it was given."""

    rules_version = "test"

    def __init__(self, flag: set[str], version: str):
        self.flag, self.model_version = flag, version

    def screen_many(self, texts):
        for t in texts:
            yield ScreenResult(status=Status.SCREENED, flagged=t in self.flag, model_version=self.model_version)


SLICES = [
    BenchSlice("a/pos", "a", 1, "", ["1", "2", "3", "4"], ["p1", "p2", "p3", "p4"], ["x", "x", "y", "y"]),
    BenchSlice("a/neg", "a", 0, "", ["5", "6"], ["n1", "n2"]),
    BenchSlice("b/pos", "b", 1, "", ["7"], ["q1"]),
    BenchSlice("b/neg", "b", 0, "", ["8", "9", "10", "11"], ["m1", "m2", "m3", "m4"]),
    BenchSlice("b/info", "b", None, "", ["12", "13"], ["i1", "i2"]),
]
SCREENERS = {"one": SetScreener({"p1", "p2", "p3", "n1", "q1", "i1"}, "v1"),
             "two": SetScreener({"p4", "m1", "m2"}, "v2")}


@pytest.mark.parametrize("slice_name, screener, flagged, rate", [
    ("a/pos", "one", 3, 0.75),
    ("a/pos", "two", 1, 0.25),
    ("a/neg", "one", 1, 0.5),
    ("b/pos", "two", 0, 0.0),
    ("b/neg", "two", 2, 0.5),
    ("b/info", "one", 1, 0.5),
])
def test_slice_rates(slice_name, screener, flagged, rate):
    rows, _ = score_slices(SLICES, SCREENERS)
    row = {r.name: r for r in rows}[slice_name]
    assert (row.flagged[screener], row.rate[screener]) == (flagged, rate)


def test_breakdown_examples_and_limit():
    rows, _ = score_slices(SLICES, SCREENERS, limit=3)
    pos = rows[0]
    assert pos.n == 3
    assert pos.breakdown == {"x": {"one": {"n": 2, "flagged": 2}, "two": {"n": 2, "flagged": 0}},
                             "y": {"one": {"n": 1, "flagged": 1}, "two": {"n": 1, "flagged": 0}}}
    assert [e["id"] for e in pos.examples["two"]] == ["1", "2", "3"]       # misses
    assert [e["id"] for e in rows[1].examples["one"]] == ["5"]              # false alarms
    assert "one" not in rows[4].examples                                     # report-only slice


@pytest.mark.parametrize("group, screener, n, rate", [
    ("recall (all positives)", "one", 5, 0.8),
    ("FPR (all contrasts)", "one", 6, 1 / 6),
    ("FPR (all contrasts)", "two", 6, 2 / 6),
    ("a recall", "two", 4, 0.25),
    ("b FPR", "one", 4, 0.0),
])
def test_pooled_figures(group, screener, n, rate):
    rows, _ = score_slices(SLICES, SCREENERS)
    cell = pool(rows, list(SCREENERS))[group][screener]
    assert cell["n"] == n and cell["rate"] == pytest.approx(rate, abs=1e-4)


@pytest.mark.parametrize("target, one_met, two_met", [
    (Target("r", "a/pos", "recall", ">=", 0.75), True, False),
    (Target("f", "a/neg", "fpr", "<=", 0.10), False, True),
    (Target("f", "b/neg", "fpr", "<=", 0.50), True, True),
    (Target("missing", "c/none", "fpr", "<=", 0.1), None, None),
])
def test_targets_met(target, one_met, two_met):
    rows, _ = score_slices(SLICES, SCREENERS)
    (t,) = check_targets(rows, list(SCREENERS), (target,))
    assert (t.met["one"], t.met["two"]) == (one_met, two_met)


def test_table_serializes_to_json_and_markdown(tmp_path):
    table = run_benchmark(SCREENERS, Settings(bench_data=tmp_path), slices=SLICES)
    data = json.loads(table.to_json())
    assert data["model_versions"] == {"one": "v1", "two": "v2"}
    assert {c["license"] for c in data["credits"].values()} >= {"CC BY 4.0", "CC0 1.0", "MIT"}
    md = table.to_markdown()
    assert "| a/pos | 4 | 1 | 0.750 | 0.250 | recall |" in md
    assert "HateCheck" in md and "CC BY 4.0" in md
    assert "a/pos" in table.console()


# --- the keyword baseline -----------------------------------------------------------------
@pytest.mark.parametrize("word, expected", [
    ("killing", "kill"), ("killed", "kill"), ("threatening", "threaten"), ("explosives", "explos"),
    ("weaponry", "weaponri"), ("bullying", "bulli"), ("general", "general"),  # Porter2, not Porter
    ("generously", "generous"), ("hopping", "hop"), ("hoping", "hope"), ("cried", "cri"),
    ("ties", "tie"), ("gaps", "gap"), ("gas", "gas"), ("knives", "knive"), ("dying", "die"),
    ("communication", "communic"), ("consolingly", "consol"), ("conspiracy", "conspiraci"),
])
def test_porter2_stemmer(word, expected):
    assert stem(word) == expected


@needs_data
@pytest.mark.bench
@pytest.mark.parametrize("text, flagged, rule_part", [
    ("I will KILL you", True, "kill"),
    ("They keep bombing the city", True, "bomb"),
    ("that was an act of terror", True, "act of terror"),      # multi-word entry
    ("this homework is killing me", True, "kill"),             # a keyword screener cannot tell
    ("what a skillful move", False, None),                      # tokens, not substrings
    ("lovely weather for a picnic", False, None),
    ("I'll bring the rifle", True, "rifl"),
])
def test_keyword_baseline_table(text, flagged, rule_part):
    kw = KeywordScreener.from_settings(Settings())
    (res,) = list(kw.screen_many([text]))
    assert res.flagged is flagged
    if flagged:
        assert any(rule_part in e.rule for e in res.evidence)
        for e in res.evidence:
            assert text[e.start:e.end] == e.text and e.detector == "keyword_baseline"
    else:
        assert res.evidence == []


@needs_data
@pytest.mark.bench
def test_keyword_baseline_empty_text():
    kw = KeywordScreener.from_settings(Settings())
    assert [r.status for r in kw.screen_many(["", None, "  "])] == [Status.EMPTY] * 3


# --- the CLI --------------------------------------------------------------------------------
def _invoke(args, monkeypatch, **env):
    from screening.cli import cli
    from screening.settings import get_settings

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, args)
    finally:
        get_settings.cache_clear()


def test_cli_bench_without_data_exits_2(tmp_path, monkeypatch):
    result = _invoke(["bench", "--out", str(tmp_path / "o")], monkeypatch,
                     SCREENING_BENCH_DATA=str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert "SCREENING_BENCH_DATA" in result.output
    assert not (tmp_path / "o").exists()


@needs_data
@pytest.mark.bench
def test_cli_bench_prints_table_and_writes_both_files(tmp_path, monkeypatch):
    out = tmp_path / "bench"
    result = _invoke(["bench", "--out", str(out), "--limit", "5"], monkeypatch,
                     SCREENING_VAR_DIR=str(tmp_path / "var"))
    assert result.exit_code == 0, result.output
    assert "hatecheck/threat_dir_h" in result.output and "EDOS threats recall" in result.output
    data = json.loads((out / "bench.json").read_text())
    assert data["limit"] == 5 and data["screeners"] == ["screener", "keyword"]
    assert all(r["n"] == 5 for r in data["slices"])
    assert data["model_versions"]["screener"]
    md = Path(out / "bench.md").read_text()
    assert "| hatecheck/threat_dir_h | 5 |" in md and "Grievance Dictionary" in md


# --- why a text came out as it did (outcome counts per slice) ---------------------------------
def _ev(detector="rule", weight=0.9, context=(), indicator="direct_threat"):
    from screening.types import Evidence
    return Evidence(start=0, end=4, text="kill", indicator=indicator, detector=detector, rule="r",
                    context=tuple(context), weight=weight)


@pytest.mark.parametrize("flagged, status, evidence, expected", [
    (True, Status.SCREENED, [_ev(weight=0.9)], "flagged: rules alone"),
    (True, Status.SCREENED, [_ev(weight=0.3), _ev(weight=0.3, indicator="planning")],
     "flagged: rules alone"),                                      # noisy-or 0.51 >= 0.5
    (True, Status.SCREENED, [_ev(weight=0.3), _ev(weight=0.3)],
     "flagged: rules lifted by classifier"),                       # one indicator: its best, 0.3
    (True, Status.SCREENED, [_ev(weight=0.45)], "flagged: rules lifted by classifier"),
    (True, Status.SCREENED, [_ev(detector="classifier", weight=0.2)], "flagged: classifier alone"),
    (True, Status.SCREENED, [_ev(context=("negation",)), _ev(detector="classifier")], "flagged: classifier alone"),
    (False, Status.SCREENED, [], "not flagged: no evidence"),
    (False, Status.SCREENED, [_ev(context=("idiom",))], "not flagged: evidence discounted by context"),
    (False, Status.SCREENED, [_ev(context=("reported_speech",), weight=0.3)],
     "not flagged: evidence below the flag line"),                 # reported speech counts in full
    (True, Status.SCREENED, [], "flagged: without evidence"),
    (False, Status.EMPTY, [], "not flagged: not screened"),
    (False, Status.UNSUPPORTED_LANGUAGE, [], "not flagged: not screened"),
])
def test_outcome(flagged, status, evidence, expected):
    from screening.audit.bench import outcome
    r = ScreenResult(status=status, flagged=flagged, evidence=evidence)
    assert outcome(r, 0.5) == expected


def test_outcomes_are_counted_per_slice_and_written():
    rows, _ = score_slices(SLICES, SCREENERS)
    pos = {r.name: r for r in rows}["a/pos"]
    # SetScreener's flags carry no evidence, which our screener never does: it shows as such
    assert pos.outcomes["one"] == {"flagged: without evidence": 3, "not flagged: no evidence": 1}
    assert sum(pos.outcomes["two"].values()) == pos.n


# which contexts discounted an unflagged text's evidence: one count per text and context, classifier
# evidence and contexts that do not discount left out
@pytest.mark.parametrize("evidence, expected", [
    ([_ev(context=("idiom",))], {"idiom"}),
    ([_ev(context=("idiom", "negation")), _ev(context=("idiom",))], {"idiom", "negation"}),
    ([_ev(context=("joke", "gaming"))], {"gaming"}),               # "joke" alone does not discount
    ([_ev(detector="classifier", context=("news",))], set()),
    ([], set()),
])
def test_discounting_contexts_of_a_result(evidence, expected):
    from screening.audit.bench import discounting
    assert discounting(ScreenResult(status=Status.SCREENED, flagged=False, evidence=evidence)) == expected


def test_discounts_are_tallied_per_slice_and_written(tmp_path):
    class Discounting:
        """Clears every text; texts with a "1" in them were also negated."""
        model_version, rules_version = "disc-1", "d"

        def screen_many(self, texts):
            for t in texts:
                ctx = ("idiom", "negation") if "1" in t else ("idiom",)
                yield ScreenResult(status=Status.SCREENED, flagged=False, evidence=[_ev(context=ctx)])

    rows, _ = score_slices(SLICES, {"disc": Discounting()})
    by = {r.name: r.discounts["disc"] for r in rows}
    assert by["a/pos"] == {"idiom": 4, "negation": 1}        # p1 only
    assert by["b/neg"] == {"idiom": 4, "negation": 1}        # m1 only
    table = run_benchmark({"disc": Discounting()}, Settings(bench_data=tmp_path), slices=SLICES)
    assert "| a/pos | idiom 4, negation 1 |" in table.to_markdown()
    assert json.loads(table.to_json())["slices"][0]["discounts"] == {"disc": {"idiom": 4, "negation": 1}}
