"""`screening train`: fit the classifier on the project's own data and write it with its cards.

Trains ONLY on ``data/train/train.jsonl`` (written by this project). The regularization
strength C is chosen by average precision on ``dev.jsonl`` (phrasings and slot values that no
training row uses), or by cross-validation on train when no dev set is given; the hand-written
probes in ``data/probes`` are never used here, so they stay the honest held-out measure
(``scripts/probe_eval.py``). The public sets in ``../shared/data`` are never read here.

Cross-validation on train is grouped by ``frame`` (the template family a row was written
from) when rows carry one, so that figures measure new phrasings rather than re-worded copies
of rows the model has seen. Folds run in up to ``CV_JOBS`` processes; results do not depend on
how many.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from screening.errors import InputFormatError
from screening.screen.classifier import MODEL_CARD_MD, ConcernClassifier

C_GRID = (1.0, 4.0, 16.0)
SELECTION_TOLERANCE = 0.005
CV_FOLDS = 5
CV_JOBS = 2


@dataclass
class Table:
    path: Path
    texts: list[str]
    labels: list[int]
    groups: list[str] | None
    sha256: str

    @property
    def counts(self) -> dict[str, int]:
        pos = int(sum(self.labels))
        return {"rows": len(self.labels), "positive": pos, "negative": len(self.labels) - pos}


def read_table(path: str | Path) -> Table:
    """Read a JSON Lines table with ``text`` and ``label`` (0/1); say which line is wrong."""
    p = Path(path)
    if not p.is_file():
        raise InputFormatError(f"training table {p} does not exist; build it (data/train/build.py) "
                               "or pass --data.")
    raw = p.read_bytes()
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    for n, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text, label = rec["text"], int(rec["label"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputFormatError(f"{p}:{n}: need a JSON object with text and label ({exc})") from exc
        if not isinstance(text, str) or label not in (0, 1):
            raise InputFormatError(f"{p}:{n}: text must be a string and label 0 or 1")
        texts.append(text)
        labels.append(label)
        groups.append(str(rec.get("frame") or ""))
    if len(set(labels)) < 2:
        raise InputFormatError(f"{p}: needs rows of both labels, found only {set(labels) or 'none'}")
    has_groups = all(groups) and len(set(groups)) >= CV_FOLDS
    return Table(p, texts, labels, groups if has_groups else None, hashlib.sha256(raw).hexdigest())


def figures(y_true, scores, threshold: float = 0.5) -> dict[str, float]:
    """ROC AUC, average precision, and precision/recall/F1 at ``threshold``."""
    from sklearn.metrics import (
        average_precision_score,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    y = np.asarray(y_true)
    pred = (np.asarray(scores) >= threshold).astype(int)
    return {
        "roc_auc": round(float(roc_auc_score(y, scores)), 4),
        "average_precision": round(float(average_precision_score(y, scores)), 4),
        "precision@0.5": round(float(precision_score(y, pred, zero_division=0)), 4),
        "recall@0.5": round(float(recall_score(y, pred, zero_division=0)), 4),
        "f1@0.5": round(float(f1_score(y, pred, zero_division=0)), 4),
        "n": int(len(y)),
    }


def _fold_scores(texts: list[str], y, tr, te, params: dict[str, Any]):
    clf = ConcernClassifier(**params).fit([texts[i] for i in tr], y[tr])
    return clf.predict_proba([texts[i] for i in te])


def cross_validate(table: Table, params: dict[str, Any], seed: int) -> dict[str, Any]:
    """Out-of-fold scores for every train row, grouped by frame when available."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    y = np.asarray(table.labels)
    scores = np.zeros(len(y))
    if table.groups:
        splitter = StratifiedGroupKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)
        splits = splitter.split(table.texts, y, table.groups)
    else:
        splits = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed).split(table.texts, y)
    from joblib import Parallel, delayed

    folds = list(splits)
    parts = Parallel(n_jobs=min(CV_JOBS, len(folds)))(
        delayed(_fold_scores)(table.texts, y, tr, te, params) for tr, te in folds)
    for (_, te), part in zip(folds, parts, strict=True):
        scores[te] = part
    out = figures(y, scores)
    out["folds"] = CV_FOLDS
    out["grouped_by"] = "frame" if table.groups else None
    return out


@dataclass
class TrainReport:
    classifier: ConcernClassifier
    card: dict[str, Any]
    out: Path | None = None
    selection: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        c = self.card
        lines = [f"model {c['model_version']}  (train {c['train']['rows']} rows: "
                 f"{c['train']['positive']} positive / {c['train']['negative']} negative)"]
        for row in self.selection:
            dev = f"  dev average precision {row['dev_average_precision']:.4f}" if "dev_average_precision" in row else ""
            lines.append(f"  select C={row['C']:<5} CV average precision {row['cv_average_precision']:.4f}{dev}")
        cv = c["metrics"]["cv_train"]
        grouped = f", grouped by {cv['grouped_by']}" if cv.get("grouped_by") else ""
        lines.append(f"{cv['folds']}-fold CV on train{grouped}:  " + _fmt(cv))
        if c["metrics"].get("dev"):
            lines.append(f"dev ({c['dev']['rows']} rows):  " + _fmt(c["metrics"]["dev"]))
        if self.out:
            lines.append(f"wrote {self.out}/ (model.skops, card.json, {MODEL_CARD_MD})")
        return "\n".join(lines)


def _fmt(m: dict[str, Any]) -> str:
    keys = ("roc_auc", "average_precision", "precision@0.5", "recall@0.5", "f1@0.5")
    return "  ".join(f"{k} {m[k]:.3f}" for k in keys)


def _versions() -> dict[str, str]:
    import sklearn
    import skops

    out = {"python": platform.python_version(), "sklearn": sklearn.__version__,
           "skops": skops.__version__, "numpy": np.__version__}
    try:
        import spacy

        out["spacy"] = spacy.__version__
    except ImportError:  # pragma: no cover - spacy is a declared dependency
        out["spacy"] = "not installed"
    return out


def _rel(p: Path) -> str:
    from screening.settings import PROJECT_ROOT

    try:
        return str(p.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(p)


def train_classifier(data: str | Path, dev: str | Path | None = None, out: str | Path | None = None,
                     seed: int = 13, c_grid: tuple[float, ...] = C_GRID) -> TrainReport:
    """Select C by average precision on dev (or CV on train without one), fit, write the artifact."""
    train = read_table(data)
    dev_table = read_table(dev) if dev else None
    selection: list[dict[str, Any]] = []
    cv_by_c: dict[float, dict[str, Any]] = {}
    best_c = ConcernClassifier().C
    fitted: dict[float, ConcernClassifier] = {}
    by = "dev_average_precision" if dev_table else "cv_average_precision"
    if len(c_grid) > 1:
        for c in sorted(c_grid):
            cv_by_c[c] = cross_validate(train, ConcernClassifier(seed=seed, C=c).get_params(), seed)
            row = {"C": c, "cv_average_precision": cv_by_c[c]["average_precision"]}
            if dev_table:
                # Dev holds phrasings and slot values no training row uses, so it asks the question
                # that matters (text unlike the training data); CV on train, whose folds share the
                # writers' templates, rewarded a less regularized model that was surer of itself on
                # every held-out set of ours (the probes in data/probes).
                fitted[c] = ConcernClassifier(seed=seed, C=c).fit(train.texts, train.labels, data_sha256=train.sha256)
                row[by] = figures(dev_table.labels, fitted[c].predict_proba(dev_table.texts))["average_precision"]
            selection.append(row)
        # The strongest regularization whose AP is within SELECTION_TOLERANCE of the best:
        # differences that small are noise, and the simpler model is less sure of itself on text
        # unlike its training data.
        best_ap = max(r[by] for r in selection)
        best_c = min(r["C"] for r in selection if r[by] >= best_ap - SELECTION_TOLERANCE)
    params = ConcernClassifier(seed=seed, C=best_c).get_params()
    cv = cv_by_c.get(best_c) or cross_validate(train, params, seed)
    clf = fitted.get(best_c) or ConcernClassifier(**params).fit(train.texts, train.labels, data_sha256=train.sha256)
    metrics: dict[str, Any] = {"cv_train": cv, "threshold": 0.5}
    card: dict[str, Any] = {
        "name": "concern-classifier",
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "seed": seed,
        "train": {"file": _rel(train.path), "sha256": train.sha256, **train.counts},
        "library_versions": _versions(),
        "model_selection": {"criterion": ("average precision on dev (held-out phrasings)" if dev_table else
                                          f"{CV_FOLDS}-fold CV on train (average precision)")
                                         + f"; smallest C within {SELECTION_TOLERANCE} of the best",
                            "selected_on": "dev" if dev_table and len(c_grid) > 1 else "cv_train",
                            "grid": list(c_grid),
                            "results": selection, "chosen_C": best_c},
        "metrics": metrics,
    }
    if dev_table:
        card["dev"] = {"file": _rel(dev_table.path), "sha256": dev_table.sha256, **dev_table.counts}
        metrics["dev"] = figures(dev_table.labels, clf.predict_proba(dev_table.texts))
    report = TrainReport(clf, card, selection=selection)
    if out is not None:
        folder = Path(out)
        clf.save(folder, card)
        report.card = json.loads((folder / "card.json").read_text())
        (folder / MODEL_CARD_MD).write_text(render_model_card(report.card))
        report.out = folder
    else:
        report.card = {**card, "model_version": clf.version, "n_train": clf.n_train_}
    return report


def _selection_note(card: dict[str, Any]) -> str:
    if card["model_selection"].get("selected_on") == "dev":
        return ("dev chose C, so its figures below lean optimistic; the probes in `data/probes` "
                "(`scripts/probe_eval.py`) are the held-out sets that are only reported.")
    return "the dev set is only reported."


def render_model_card(card: dict[str, Any]) -> str:
    """MODEL_CARD.md from card.json: what the model is for, what made it, how well it does."""
    m = card["metrics"]
    cv = m["cv_train"]
    lv = card["library_versions"]
    rows = [("5-fold CV on train" + (f" (grouped by {cv['grouped_by']})" if cv.get("grouped_by") else ""), cv)]
    if m.get("dev"):
        rows.append(("dev.jsonl (held-out phrasings)", m["dev"]))
    table = "\n".join(
        f"| {name} | {r['n']} | {r['roc_auc']:.3f} | {r['average_precision']:.3f} | "
        f"{r['precision@0.5']:.3f} | {r['recall@0.5']:.3f} | {r['f1@0.5']:.3f} |" for name, r in rows)
    fc = card["feature_config"]
    dev_line = (f"- Dev: `{card['dev']['file']}` (sha256 `{card['dev']['sha256']}`), "
                f"{card['dev']['rows']} rows ({card['dev']['positive']} positive)\n" if card.get("dev") else "")
    return f"""# Model card: concern classifier `{card['model_version']}`

Created {card['created']} by `screening train` (seed {card['seed']}).

## What it is
A linear text classifier: lowercase (length-preserving) text -> word 1-2-grams and character
(`char_wb`) 2-5-grams, tf-idf with sublinear term frequency (word vocabulary at most
{fc['word']['max_features']}, min_df {fc['word']['min_df']}; character vocabulary at most
{fc['char']['max_features']}, min_df {fc['char']['min_df']}) -> logistic regression
(C = {fc['linear']['C']}, balanced class weights) -> sigmoid calibration on {fc['calibration']['cv']}
out-of-fold predictions. Its output is a **screening score** in [0, 1]: how much the text
looks like language a trained reviewer would want to read. It is not a probability of
violence and is never shown as one. Each score can be explained by the n-grams that pushed it
up (coefficient x tf-idf value), mapped back to character spans of the text.

## Intended use
Screening leads for human review inside this project's screener, combined with rule evidence
and context (see the combining rule in the screener). Every flag is a non-determinative lead:
"a human should read this". Users are behavioral threat assessment teams reviewing public
posts and consented submissions.

## Out of scope
- Predicting violence, or any decision about a person (the unit is an item of text, never a
  person; nothing here scores, ranks or labels individuals).
- Automated moderation, enforcement, or action without human review.
- Languages other than English; images, audio and emoji-only meaning beyond what n-grams see.
- Hate speech or toxicity detection in general: abusive text without violent or concerning
  content is meant to score low.

## Training data
- Train: `{card['train']['file']}` (sha256 `{card['train']['sha256']}`), {card['train']['rows']} rows
  ({card['train']['positive']} positive, {card['train']['negative']} negative)
{dev_line}
Short English texts written by this project from hand-written phrase banks (every indicator,
and hard negatives for every kind of context: negation, hypotheticals, quotation, reported
speech, counter-speech, fiction, lyrics, games, sports, idiom, hyperbole, news, non-human
targets), and ordinary posts of the kind people write (opinions, politics, rants and insults
without harm, relationships, gendered talk, gaming, sports, tech help, crude jokes, the news) so
that heated, profane or gendered language alone does not raise the score; beside them, 12,604
whole posts written in the register of real forums and comment threads (3,799 ordinary and
heated posts; 3,850 of concern and 4,955 look-alikes, 400 each of them about harm that is not a
blow (emotional and privacy harm, sexual coercion, justification), about 2,000 each about women and girls and
about 950 each written with emoji, most with a contrast twin, and 1,124 comments using violent
words in harmless senses), which keep unfamiliar everyday words and long posts from raising the score
(`scripts/length_bias.py`). See
`data/DATA_CARD.md` for how it was written. No public benchmark set
(`../shared/data`) was used for training, model selection or thresholds.

## Metrics (threshold 0.5)
| data | n | ROC AUC | average precision | precision | recall | F1 |
|---|---|---|---|---|---|---|
{table}

Model selection: C chosen from {card['model_selection']['grid']} by {card['model_selection']['criterion']}
(chosen {card['model_selection']['chosen_C']}); {_selection_note(card)} Class weights stay balanced:
sigmoid calibration on out-of-fold scores absorbs the weighting, so it moves the figures little.
Calibration stays sigmoid rather than isotonic: isotonic steps fit on synthetic out-of-fold scores
reach 1.0 readily, which is the over-confidence on real posts this model must avoid.
Public-benchmark figures are measured separately by
`screening bench` and are reported in `docs/benchmark.md`, never used to tune this model.

## Limitations
- Trained on text written by the project, mostly template-generated: it learns the phrase
  banks' wording; real posts (slang, sarcasm, coded language, communities' own idiom) will be
  scored less well than the figures above suggest, though the written posts narrow the gap.
  Dev measures held-out phrasings from the banks and posts, not
  real-world performance.
- Bag-of-n-grams: it does not understand who does what to whom, scope of negation or quotes
  beyond nearby words; the rule-based context readers of the screener carry that load.
- Violent vocabulary in benign contexts (news, games, idiom) can still raise the score;
  unusual spellings and emoji only count as far as character n-grams capture them.
- Calibration is fit on the training distribution; scores on other distributions are not
  calibrated probabilities of anything. On real posts unlike the training text the classifier
  alone gives some ordinary posts high scores (measured, not tuned, by `screening bench`; see
  `docs/benchmark.md`), so on its own it should raise leads only at a high threshold.

## Ethical considerations
False positives put ordinary people's words in front of threat assessors; false negatives
miss leaks. Both are measured continuously (`screening bench`, live dispositions). Flags
must never be used as evidence about a person, and minority dialects and reclaimed or
quoted language may be scored unevenly; reviewers should read every lead in context.

## Reproduce
`screening train --data {card['train']['file']}{' --dev ' + card['dev']['file'] if card.get('dev') else ''} --seed {card['seed']}`

Libraries: scikit-learn {lv['sklearn']}, skops {lv['skops']}, numpy {lv['numpy']}, spaCy {lv['spacy']},
Python {lv['python']}. Artifact: `model.skops` (sha256 `{card['artifact_sha256']}`), loaded with an
explicit trusted-types list (see `card.json`).
"""
