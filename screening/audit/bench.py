"""The public benchmark: published test sets read by the recipes in ``../shared/data/README.md``.

Each set becomes named *slices* of texts that should reach review (expected 1), should not
(expected 0, "contrasts"), or are only reported (expected ``None``: hate without a threat, whose
flag rate is shown but never counted as a threat positive). :func:`run_benchmark` runs several
screeners side by side over the same slices and returns a :class:`BenchTable`: recall per
positive slice, false-positive rate per contrast slice, pooled figures, and the issue-3 targets.

The sets are for measuring only: nothing here trains or tunes anything, and nothing of them is
copied into the project. Every output credits each set by name and license.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening.errors import BenchDataMissing
from screening.screen.combine import rule_strength
from screening.types import DISCOUNTING_CONTEXTS

CREDITS: dict[str, dict[str, str]] = {
    "hatecheck": {
        "name": "HateCheck", "license": "CC BY 4.0",
        "citation": "Röttger, Vidgen, Nguyen, Waseem, Margetts & Pierrehumbert, "
                    "HateCheck: Functional Tests for Hate Speech Detection Models, ACL 2021",
        "files": "hatecheck/test_suite_cases.csv"},
    "hatemoji_build": {
        "name": "HatemojiBuild", "license": "CC BY 4.0",
        "citation": "Kirk, Vidgen, Röttger, Thrush & Hale, Hatemoji, NAACL 2022",
        "files": "hatemoji/HatemojiBuild_{train,validation,test}.csv"},
    "hatemoji_check": {
        "name": "HatemojiCheck", "license": "CC BY 4.0",
        "citation": "Kirk, Vidgen, Röttger, Thrush & Hale, Hatemoji, NAACL 2022",
        "files": "hatemoji/HatemojiCheck_test.csv"},
    "edos": {
        "name": "EDOS (SemEval-2023 Task 10), train split", "license": "CC0 1.0",
        "citation": "Kirk, Yin, Vidgen & Röttger, SemEval-2023 Task 10: Explainable Detection "
                    "of Online Sexism, SemEval 2023",
        "files": "edos_train/edos_train.csv"},
    "grievance_dictionary": {
        "name": "Grievance Dictionary (keyword baseline)", "license": "MIT",
        "citation": "van der Vegt, Mozes, Kleinberg & Gill, The Grievance Dictionary: "
                    "Understanding Threatening Language Use, Behavior Research Methods 2021",
        "files": "grievance_dictionary/dictionary_7plus.csv"},
}

HATECHECK_THREATS = ("threat_dir_h", "threat_norm_h")
HATECHECK_CONTRASTS = ("negate_neg_nh", "counter_quote_nh", "counter_ref_nh", "ident_pos_nh")
# Threats against non-protected targets (labelled non-hateful) and violent verbs at objects,
# by case_id, as the data README lists them.
HATECHECK_NONPROTECTED_IDS = (*range(3005, 3030), *range(3076, 3081), *range(3083, 3096), 3097)
HATECHECK_TARGET_OBJ_IDS = tuple(range(2947, 2962))
HATEMOJI_CHECK_FUNCTIONALITIES = ("verb_swap", "double_swap", "positive_confounder")
EDOS_THREAT_CATEGORY = "1. threats, plans to harm and incitement"


@dataclass
class BenchSlice:
    """Texts that share one expected outcome, from one set, by one recipe."""

    name: str
    dataset: str
    expected: int | None      # 1 should reach review, 0 should not, None reported only
    description: str
    ids: list[str]
    texts: list[str]
    tags: list[str] = field(default_factory=list)   # per-text sub-group, for breakdowns

    def __len__(self) -> int:
        return len(self.texts)

    def head(self, limit: int | None) -> BenchSlice:
        if limit is None or limit >= len(self):
            return self
        return BenchSlice(self.name, self.dataset, self.expected, self.description,
                          self.ids[:limit], self.texts[:limit], self.tags[:limit])


@dataclass(frozen=True)
class Target:
    name: str
    slice: str
    metric: str        # "recall" (positive slice) or "fpr" (contrast slice)
    op: str            # ">=" or "<="
    threshold: float


TARGETS: tuple[Target, ...] = (
    Target("HateCheck threat_dir_h recall", "hatecheck/threat_dir_h", "recall", ">=", 0.95),
    Target("HateCheck threat_norm_h recall", "hatecheck/threat_norm_h", "recall", ">=", 0.95),
    Target("HateCheck negate_neg_nh FPR", "hatecheck/negate_neg_nh", "fpr", "<=", 0.10),
    Target("HateCheck counter_quote_nh FPR", "hatecheck/counter_quote_nh", "fpr", "<=", 0.10),
    Target("HateCheck counter_ref_nh FPR", "hatecheck/counter_ref_nh", "fpr", "<=", 0.10),
    Target("HateCheck ident_pos_nh FPR", "hatecheck/ident_pos_nh", "fpr", "<=", 0.10),
    Target("HateCheck target_obj (2947-2961) FPR", "hatecheck/target_obj", "fpr", "<=", 0.10),
    Target("HatemojiBuild threats recall", "hatemoji_build/threats", "recall", ">=", 0.80),
    Target("HatemojiBuild contrasts FPR", "hatemoji_build/contrasts", "fpr", "<=", 0.15),
    Target("EDOS threats recall", "edos/threats", "recall", ">=", 0.75),
    Target("EDOS not-sexist FPR", "edos/not_sexist", "fpr", "<=", 0.05),
)


# --- loading the sets by their recipes ---------------------------------------------------------
def _need(root: Path, rel: str) -> Path:
    p = root / rel
    if not p.is_file():
        raise BenchDataMissing(
            f"benchmark file {p} is missing; point SCREENING_BENCH_DATA at the folder holding "
            "hatecheck/, hatemoji/, edos_train/ and grievance_dictionary/ (see ../shared/data/README.md).")
    return p


def _read_csv(path: Path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _slice(name, dataset, expected, description, df, id_col, text_col="text", tag_col=None) -> BenchSlice:
    return BenchSlice(name, dataset, expected, description,
                      [str(v) for v in df[id_col]], [str(v) for v in df[text_col]],
                      [str(v) for v in df[tag_col]] if tag_col else [])


def load_hatecheck(root: Path) -> list[BenchSlice]:
    df = _read_csv(_need(root, "hatecheck/test_suite_cases.csv"))
    df["text"] = df["test_case"]
    df["cid"] = df["case_id"].astype(int)
    df["ref"] = df["ref_case_id"].map(lambda v: int(float(v)) if v else -1)
    threat = df[df.functionality.isin(HATECHECK_THREATS)]
    threat_ids = set(threat.cid)
    hateful = df.label_gold == "hateful"
    refs_threat = df.ref.isin(threat_ids)
    variants = df[hateful & refs_threat & ~df.functionality.isin(HATECHECK_THREATS)]
    out = [
        _slice(f"hatecheck/{f}", "hatecheck", 1, f"HateCheck {f}: threats against protected groups",
               df[df.functionality == f], "case_id") for f in HATECHECK_THREATS
    ]
    out.append(_slice("hatecheck/threat_variants", "hatecheck", 1,
                      "hateful rows whose ref_case_id is a threat case (spelling/phrasing variants)",
                      variants, "case_id", tag_col="functionality"))
    out.append(_slice("hatecheck/threat_nonprotected", "hatecheck", 1,
                      "threats against individuals and non-protected groups (labelled non-hateful), "
                      "case_id 3005-3029, 3076-3080, 3083-3095, 3097",
                      df[df.cid.isin(HATECHECK_NONPROTECTED_IDS)], "case_id", tag_col="functionality"))
    for f in HATECHECK_CONTRASTS:
        out.append(_slice(f"hatecheck/{f}", "hatecheck", 0,
                          f"HateCheck {f} rows whose ref_case_id is a threat case",
                          df[(df.functionality == f) & refs_threat], "case_id"))
    out.append(_slice("hatecheck/target_obj", "hatecheck", 0,
                      "target_obj_nh case_id 2947-2961: violent verbs aimed at objects",
                      df[df.cid.isin(HATECHECK_TARGET_OBJ_IDS)], "case_id"))
    no_threat = df[hateful & ~df.functionality.isin(HATECHECK_THREATS) & ~refs_threat]
    out.append(_slice("hatecheck/hate_without_threat", "hatecheck", None,
                      "every other hateful row: hate without a threat (flag rate only, not a positive)",
                      no_threat, "case_id", tag_col="functionality"))
    return out


def load_hatemoji_build(root: Path) -> list[BenchSlice]:
    """All three split files together (the benchmark trains nothing), de-duplicated by text."""
    import pandas as pd

    parts = [_read_csv(_need(root, f"hatemoji/HatemojiBuild_{s}.csv")) for s in ("train", "validation", "test")]
    df = pd.concat(parts, ignore_index=True).drop_duplicates("entry_id")
    threats = df[df["type"] == "threateninglanguage"].drop_duplicates("text")
    contrasts = df[df.entry_id.isin(set(threats.matched_id)) & (df.label_gold == "0")]
    contrasts = contrasts[~contrasts.text.isin(set(threats.text))].drop_duplicates("text")
    return [
        _slice("hatemoji_build/threats", "hatemoji_build", 1,
               "type == threateninglanguage (all splits, de-duplicated)", threats, "entry_id", tag_col="split"),
        _slice("hatemoji_build/contrasts", "hatemoji_build", 0,
               "matched_id perturbations of the threats labelled 0", contrasts, "entry_id", tag_col="split"),
    ]


def load_hatemoji_check(root: Path) -> list[BenchSlice]:
    df = _read_csv(_need(root, "hatemoji/HatemojiCheck_test.csv"))
    out = []
    for f in HATEMOJI_CHECK_FUNCTIONALITIES:
        sub = df[df.functionality == f]
        out.append(_slice(f"hatemoji_check/{f}", "hatemoji_check", 1,
                          f"HatemojiCheck {f}, label_gold 1: emoji threats", sub[sub.label_gold == "1"],
                          "case_id", tag_col="set"))
        out.append(_slice(f"hatemoji_check/{f}_nh", "hatemoji_check", 0,
                          f"HatemojiCheck {f}, label_gold 0: benign swaps", sub[sub.label_gold == "0"],
                          "case_id", tag_col="set"))
    return out


def load_edos(root: Path) -> list[BenchSlice]:
    df = _read_csv(_need(root, "edos_train/edos_train.csv"))
    return [
        _slice("edos/threats", "edos", 1, f"label_category == '{EDOS_THREAT_CATEGORY}'",
               df[df.label_category == EDOS_THREAT_CATEGORY], "rewire_id"),
        _slice("edos/not_sexist", "edos", 0, "label_sexist == 'not sexist': ordinary posts",
               df[df.label_sexist == "not sexist"], "rewire_id"),
    ]


LOADERS: dict[str, Callable[[Path], list[BenchSlice]]] = {
    "hatecheck": load_hatecheck,
    "hatemoji_build": load_hatemoji_build,
    "hatemoji_check": load_hatemoji_check,
    "edos": load_edos,
}


def bench_root(settings) -> Path:
    root = Path(settings.bench_data)
    if not root.is_dir():
        raise BenchDataMissing(
            f"public evaluation data not found at {root}; set SCREENING_BENCH_DATA to the folder "
            "described in ../shared/data/README.md (hatecheck/, hatemoji/, edos_train/, grievance_dictionary/).")
    return root


def load_slices(settings) -> list[BenchSlice]:
    root = bench_root(settings)
    return [s for load in LOADERS.values() for s in load(root)]


# --- the table -------------------------------------------------------------------------------
@dataclass
class SliceRow:
    name: str
    dataset: str
    expected: int | None
    description: str
    n: int
    flagged: dict[str, int]
    rate: dict[str, float]
    statuses: dict[str, dict[str, int]]
    breakdown: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # tag -> screener -> n/flagged
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)       # misses / false alarms
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)             # screener -> outcome -> n
    discounts: dict[str, dict[str, int]] = field(default_factory=dict)            # screener -> context -> texts

    @property
    def metric(self) -> str:
        return {1: "recall", 0: "fpr", None: "flag rate"}[self.expected]


@dataclass
class TargetRow:
    name: str
    slice: str
    metric: str
    op: str
    threshold: float
    value: dict[str, float | None]
    met: dict[str, bool | None]


@dataclass
class BenchTable:
    screeners: list[str]
    model_versions: dict[str, str]
    rules_versions: dict[str, str]
    slices: list[SliceRow]
    pooled: dict[str, dict[str, dict[str, float]]]   # group -> screener -> {n, flagged, rate}
    targets: list[TargetRow]
    credits: dict[str, dict[str, str]]
    data_path: str
    limit: int | None
    created: str
    seconds: dict[str, float]

    def row(self, name: str) -> SliceRow:
        for r in self.slices:
            if r.name == name:
                return r
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        names = self.screeners
        lines = ["# Public benchmark", "",
                 f"Created {self.created}; data `{self.data_path}`"
                 + (f"; **first {self.limit} rows per slice only**" if self.limit else "") + ".",
                 "Screeners: " + ", ".join(f"`{n}` = `{self.model_versions[n]}`" for n in names) + ".", "",
                 "| slice | n | expected | " + " | ".join(f"{n} rate" for n in names) + " | measures |",
                 "|---|---:|:---:|" + "---:|" * len(names) + "---|"]
        for r in self.slices:
            exp = "-" if r.expected is None else str(r.expected)
            lines.append(f"| {r.name} | {r.n} | {exp} | "
                         + " | ".join(f"{r.rate[n]:.3f}" for n in names) + f" | {r.metric} |")
        lines += ["", "## Pooled", "", "| group | n | " + " | ".join(names) + " |",
                  "|---|---:|" + "---:|" * len(names)]
        for group, per in self.pooled.items():
            n = int(next(iter(per.values()))["n"])
            lines.append(f"| {group} | {n} | " + " | ".join(f"{per[s]['rate']:.3f}" for s in names) + " |")
        lines += ["", "## Targets (issue 3)", "",
                  "| target | goal | " + " | ".join(names) + f" | {names[0]} met |",
                  "|---|---|" + "---:|" * len(names) + ":---:|"]
        for t in self.targets:
            vals = " | ".join("n/a" if t.value[s] is None else f"{t.value[s]:.3f}" for s in names)
            met = t.met[names[0]]
            lines.append(f"| {t.name} | {t.metric} {t.op} {t.threshold:.2f} | {vals} | "
                         + ("n/a" if met is None else ("met" if met else "NOT met")) + " |")
        first = names[0]
        lines += ["", f"## Why `{first}` flagged or not, per slice", "",
                  "Counts per outcome: which detector raised a flag, or what stopped one (no rule or "
                  "classifier evidence at all, every piece of evidence discounted by context, or "
                  "evidence too weak for the flag line).", "",
                  "| slice | n | " + " | ".join(o.replace("not flagged: ", "missed/cleared: ")
                                                    for o in OUTCOMES) + " |",
                  "|---|---:|" + "---:|" * len(OUTCOMES)]
        for r in self.slices:
            got = r.outcomes.get(first, {})
            lines.append(f"| {r.name} | {r.n} | " + " | ".join(str(got.get(o, 0)) for o in OUTCOMES) + " |")
        counted = [r for r in self.slices if r.discounts.get(first)]
        if counted:
            lines += ["", "Contexts that discounted all the evidence of an unflagged text (texts per context; "
                      "a text with two such contexts counts under both):", "",
                      "| slice | contexts |", "|---|---|"]
            lines += [f"| {r.name} | " + ", ".join(f"{c} {n}" for c, n in r.discounts[first].items()) + " |"
                      for r in counted]
        lines += ["", "## Data credits", ""]
        for c in self.credits.values():
            lines.append(f"- **{c['name']}** ({c['license']}): {c['citation']}. File(s): `{c['files']}`.")
        lines.append("")
        lines.append("Figures are measurements only: no model, rule or threshold was tuned on these sets.")
        return "\n".join(lines) + "\n"

    def console(self) -> str:
        """A plain-text table for the terminal."""
        names = self.screeners
        w = max(len(r.name) for r in self.slices) + 1
        head = f"{'slice':<{w}} {'n':>6} {'exp':>3} " + " ".join(f"{n[:12]:>12}" for n in names) + "  measures"
        out = [head, "-" * len(head)]
        for r in self.slices:
            exp = "-" if r.expected is None else str(r.expected)
            out.append(f"{r.name:<{w}} {r.n:>6} {exp:>3} " + " ".join(f"{r.rate[n]:>12.3f}" for n in names)
                       + f"  {r.metric}")
        out.append("")
        for group, per in self.pooled.items():
            n = int(next(iter(per.values()))["n"])
            out.append(f"pooled {group:<{w - 7}} {n:>6}     " + " ".join(f"{per[s]['rate']:>12.3f}" for s in names))
        out.append("")
        for t in self.targets:
            vals = "  ".join(f"{s}={'n/a' if t.value[s] is None else f'{t.value[s]:.3f}'}" for s in names)
            met = t.met[names[0]]
            flag = "n/a" if met is None else ("met" if met else "NOT MET")
            out.append(f"[{flag:^7}] {t.name}: {t.metric} {t.op} {t.threshold:.2f}  ({vals})")
        out.append("")
        first = names[0]
        out.append(f"why {first}, on the target slices (misses of recall slices, flags of FPR slices):")
        for t in self.targets:
            r = next((x for x in self.slices if x.name == t.slice), None)
            if r is None or not r.outcomes.get(first):
                continue
            want = "not flagged" if t.metric == "recall" else "flagged"
            parts = [f"{k.split(': ', 1)[1]} {v}" for k, v in r.outcomes[first].items() if k.startswith(want + ":")]
            out.append(f"  {r.name:<{w}} " + ("; ".join(parts) or "none"))
            if r.discounts.get(first):
                out.append(f"  {'':<{w}}   discounted by (texts, a text may count twice): "
                           + "; ".join(f"{c} {n}" for c, n in r.discounts[first].items()))
        out.append("")
        docs = sum(r.n for r in self.slices)
        out.append("time: " + ", ".join(
            f"{s} {self.seconds[s]:.1f} s ({docs / self.seconds[s]:,.0f} texts/s)" if self.seconds.get(s)
            else f"{s} -" for s in names))
        out.append("Data: " + "; ".join(f"{c['name']} ({c['license']})" for c in self.credits.values()))
        return "\n".join(out)


OUTCOMES = (
    "flagged: rules alone", "flagged: rules lifted by classifier", "flagged: classifier alone",
    "not flagged: no evidence", "not flagged: evidence discounted by context",
    "not flagged: evidence below the flag line", "not flagged: not screened",
    "flagged: without evidence",
)


def outcome(result, flag_threshold: float) -> str:
    """Why one text came out as it did: which detector raised it, or what stopped it.

    Counts of these per slice tell an evaluator where misses and false alarms come from (no
    rule fired, context took it out, the rules were too weak) without reading any row.
    """
    if result.status.value != "screened":
        return "not flagged: not screened"
    rule = [e for e in result.evidence if e.detector != "classifier"]
    counting = [e for e in rule if not e.discounted]
    if result.flagged:
        if not counting:
            if any(e.detector == "classifier" for e in result.evidence):
                return "flagged: classifier alone"
            return "flagged: without evidence"   # never for our screener: no lead without evidence
        return ("flagged: rules alone" if rule_strength(counting) >= flag_threshold
                else "flagged: rules lifted by classifier")
    if counting:
        return "not flagged: evidence below the flag line"
    if rule:
        return "not flagged: evidence discounted by context"
    return "not flagged: no evidence"


def discounting(result) -> set[str]:
    """The contexts that took a text's rule evidence out of the count (for an unflagged text whose
    every piece of evidence was discounted); tallied per slice, they say which context readings
    cost recall or saved a false alarm, again without reading any row."""
    rule = [e for e in result.evidence if e.detector != "classifier"]
    return {c for e in rule for c in e.context if c in DISCOUNTING_CONTEXTS}


def _rate(flagged: int, n: int) -> float:
    return round(flagged / n, 4) if n else 0.0


def score_slices(slices: list[BenchSlice], screeners: Mapping[str, Any], limit: int | None = None,
                 examples: int = 5, flag_threshold: float = 0.5) -> tuple[list[SliceRow], dict[str, float]]:
    """Run every screener over every slice; flag rates, statuses, per-tag breakdowns, outcomes, examples."""
    rows: list[SliceRow] = []
    seconds = dict.fromkeys(screeners, 0.0)
    for sl in (s.head(limit) for s in slices):
        flagged: dict[str, int] = {}
        statuses: dict[str, dict[str, int]] = {}
        breakdown: dict[str, dict[str, dict[str, int]]] = {}
        ex: dict[str, list[dict[str, str]]] = {}
        outcomes: dict[str, dict[str, int]] = {}
        discounts: dict[str, dict[str, int]] = {}
        for name, screener in screeners.items():
            t0 = time.perf_counter()
            results = list(screener.screen_many(sl.texts))
            seconds[name] += time.perf_counter() - t0
            flags = [bool(r.flagged) for r in results]
            flagged[name] = sum(flags)
            statuses[name] = dict(Counter(r.status.value for r in results))
            said = [outcome(r, flag_threshold) for r in results]
            counted = Counter(said)
            outcomes[name] = {k: counted[k] for k in OUTCOMES if counted[k]}
            by_context = Counter(c for r, o in zip(results, said, strict=True)
                                 if o == "not flagged: evidence discounted by context" for c in discounting(r))
            discounts[name] = dict(sorted(by_context.items(), key=lambda kv: (-kv[1], kv[0])))
            for tag, f in zip(sl.tags, flags, strict=False):
                cell = breakdown.setdefault(tag, {}).setdefault(name, {"n": 0, "flagged": 0})
                cell["n"] += 1
                cell["flagged"] += f
            if sl.expected is not None:
                wrong = [i for i, f in enumerate(flags) if f != bool(sl.expected)]
                ex[name] = [{"id": sl.ids[i], "text": sl.texts[i]} for i in wrong[:examples]]
        rows.append(SliceRow(sl.name, sl.dataset, sl.expected, sl.description, len(sl),
                             flagged, {n: _rate(flagged[n], len(sl)) for n in screeners},
                             statuses, breakdown, ex, outcomes, discounts))
    return rows, {k: round(v, 3) for k, v in seconds.items()}


def pool(rows: list[SliceRow], screeners: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Recall over all positives and FPR over all contrasts, overall and per dataset."""
    groups: dict[str, list[SliceRow]] = {}
    for r in rows:
        if r.expected is None:
            continue
        kind = "recall (all positives)" if r.expected == 1 else "FPR (all contrasts)"
        groups.setdefault(kind, []).append(r)
        groups.setdefault(f"{r.dataset} {kind.split(' ')[0]}", []).append(r)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for g, members in groups.items():
        n = sum(m.n for m in members)
        out[g] = {s: {"n": n, "flagged": sum(m.flagged[s] for m in members),
                      "rate": _rate(sum(m.flagged[s] for m in members), n)} for s in screeners}
    return out


def check_targets(rows: list[SliceRow], screeners: list[str],
                  targets: tuple[Target, ...] = TARGETS) -> list[TargetRow]:
    by_name = {r.name: r for r in rows}
    out = []
    for t in targets:
        r = by_name.get(t.slice)
        value: dict[str, float | None] = {}
        met: dict[str, bool | None] = {}
        for s in screeners:
            if r is None or r.n == 0:
                value[s], met[s] = None, None
                continue
            v = r.rate[s]
            value[s] = v
            met[s] = v >= t.threshold if t.op == ">=" else v <= t.threshold
        out.append(TargetRow(t.name, t.slice, t.metric, t.op, t.threshold, value, met))
    return out


def run_benchmark(screeners: Mapping[str, Any], settings, limit: int | None = None,
                  slices: list[BenchSlice] | None = None) -> BenchTable:
    """Every screener over every slice of the public sets, side by side, in one run.

    ``screeners`` maps a display name to anything with ``screen_many`` and ``model_version``
    (the first one is the screener the targets are reported for). ``limit`` keeps the first N
    rows of each slice (file order) for quick runs.
    """
    if not screeners:
        raise ValueError("run_benchmark needs at least one screener")
    if slices is None:
        slices = load_slices(settings)
    names = list(screeners)
    rows, seconds = score_slices(slices, screeners, limit, flag_threshold=settings.flag_threshold)
    return BenchTable(
        screeners=names,
        model_versions={n: str(getattr(s, "model_version", "")) for n, s in screeners.items()},
        rules_versions={n: str(getattr(s, "rules_version", "")) for n, s in screeners.items()},
        slices=rows, pooled=pool(rows, names), targets=check_targets(rows, names),
        credits=CREDITS, data_path=str(settings.bench_data), limit=limit,
        created=datetime.now(UTC).replace(microsecond=0).isoformat(), seconds=seconds,
    )


def write_outputs(table: BenchTable, out_dir: str | Path) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    j, m = out / "bench.json", out / "bench.md"
    j.write_text(table.to_json(), encoding="utf-8")
    m.write_text(table.to_markdown(), encoding="utf-8")
    return j, m
