"""The one rule that turns evidence, context and the classifier score into a screening result.

The screening score says how much a trained reviewer would want to read an item. It is NOT a
probability of violence and must never be shown as one; a flag is a non-determinative lead.

The rule (also in docs/indicators.md):

1. **Discounting.** Every piece of rule evidence keeps its place in ``evidence`` with the contexts
   found around it. Evidence whose contexts include any of :data:`DISCOUNTING` (negation,
   hypothetical, quotation, counter-speech, fiction, lyrics, gaming, sports, idiom, hyperbole,
   news, non-human target) does not count. Words inside quotation marks are someone else's, so a
   quote is discounted, except when the text reads as a report of concern (a tip: "I'm scared",
   "he wasn't joking", "he has guns", "told me"), where the context reader does not mark it.
   Reported speech without quotation marks does not discount: "my classmate said he is going to
   shoot up the school" is what tip lines are for. A call for violence against someone put in
   another's mouth ("the comments calling for X to be hanged") is counter-speech, unless the post
   owns or endorses the violence or reads as a report of concern (docs/indicators.md). Counter-speech ("I reported it") yields the
   same way to alarm in the text ("but I'm scared", "he wasn't joking", "he has guns") and to a threat aimed at the
   writer ("he's going to stab me"); a sanction on the sayer ("got banned for saying ...") answers a call, not
   someone's own intent ("the kid who said he'd stab his teacher got suspended" stays a lead).
2. **Rule strength.** For each indicator, take the largest weight among its counting evidence;
   ``R = 1 - prod(1 - w_indicator)`` (noisy-or over indicators). Weights are in the pattern files:
   direct threats and incitement near 0.85-1.0; grievance, fixation, last resort 0.2-0.5, so
   that they need support.
3. **Score.** With counting evidence and a classifier probability ``p``:
   ``score = max(R, (R + p) / 2)`` (strong rule evidence stands on its own; weak evidence is
   lifted over the flag line only when the classifier leans the same way); without a
   classifier, ``score = R``.
   Without counting evidence: ``score = p`` if ``p >= classifier_only_threshold`` (the classifier
   raises the lead alone, with its feature contributions as evidence, detector ``classifier``;
   only contributions whose words name violence — a strong violent verb form (not the weak
   verbs such as take, put, break that are ordinary without a particle), a weapon, or a word
   from ``concern_words`` or ``classifier_anchors`` in lexicons.yaml (death, blood, rape, suicide,
   kicked, kneecaps ...; no generic words such as plan, news, safe, hate), or an emoji whose role in
   emoji.yaml is a weapon, an act of violence, death or blood — count, so that a reviewer can see
   why; without one the classifier cannot raise the lead, unless an operator sets
   ``classifier_veiled_threshold`` below 1.0 (off by default): then at that score it raises a
   veiled lead whose evidence is the words that weighed most, rule ``veiled:<feature>`` ("she
   won't regret what happens to her either" names no violence); the classifier cannot see
   context, so its evidence is read for context like rule evidence and discounted the same way),
   else ``score = p * flag_threshold / classifier_only_threshold`` (kept below the flag line, so
   the number never contradicts the flag).
   If the rules found evidence and all of it was discounted by context, the classifier cannot
   raise the lead on its own: the rules read the context the classifier cannot see.
   Violent verbs aimed at things fall under this: when every violent verb of a parsed text is aimed
   at a thing the target lists know ("I smashed my phone", "i want to kick it across the room",
   "punch my laptop") and no rule takes it as a threat, the frame reader keeps that reading as
   evidence (rule ``context.aimed_at_thing``, weight 0, discounted as ``non_human_target``). The
   classifier weighs the verb ("kick", "punch", "smash") without seeing its object, so it must
   not raise such a text alone. (Considered: discounting only the classifier's evidence that lies
   on the verb aimed at a thing; not done, as that needs the parse's spans carried to the
   combining step and the classifier's top features are mostly the verb itself.) An object the lists cannot read ("whoever shoots danny first") is
   not shown to be a thing, so there the classifier may still raise the lead alone. An act on people
   that no rule takes, named under someone else's saying ("when you talk about killing X"), is kept
   the same way (rule ``context.act_named``, weight 0) only where it reads as counter-speech (a
   known person's talk of it, or the writer's promise to do it, is a lead: docs/indicators.md).
4. **Flag.** ``flagged = score >= flag_threshold`` and there is evidence for it. No lead without
   evidence.
5. **Indicators** are those of the counting evidence (plus ``classifier`` evidence's indicator
   when the classifier raised the lead), ordered threat-first; ``self_harm`` is a welfare
   indicator and reported as such by consumers, never as a threat.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from screening.types import DISCOUNTING_CONTEXTS, Evidence, Indicator

VERSION = "1.0.0"

DISCOUNTING = DISCOUNTING_CONTEXTS   # one definition, shared with the review app
VEILED = "veiled:"     # rule prefix of a classifier lead's evidence when no word in it names violence
_ORDER = [i.value for i in (
    Indicator.DIRECT_THREAT, Indicator.VIOLENT_IDEATION, Indicator.PLANNING, Indicator.PREPARATION,
    Indicator.LEAKAGE, Indicator.IDENTIFICATION, Indicator.LAST_RESORT, Indicator.FIXATION,
    Indicator.GRIEVANCE, Indicator.SELF_HARM)]


@dataclass
class Combined:
    flagged: bool
    score: float
    indicators: list[str]
    evidence: list[Evidence]


def counts(ev: Evidence) -> bool:
    """Does this evidence count toward flagging (no discounting context)?"""
    return not ev.discounted


def rule_strength(counting: list[Evidence]) -> float:
    """Step 2: the largest weight per indicator, noisy-or over indicators."""
    best: dict[str, float] = {}
    for e in counting:
        best[e.indicator] = max(best.get(e.indicator, 0.0), min(max(e.weight, 0.0), 1.0))
    r = 1.0
    for w in best.values():
        r *= 1.0 - w
    return 1.0 - r


def combine(
    rule_evidence: list[Evidence],
    p: float | None,
    classifier_evidence: list[Evidence] | None,
    *,
    flag_threshold: float,
    classifier_only_threshold: float,
) -> Combined:
    counting = [e for e in rule_evidence if counts(e)]
    r = rule_strength(counting)
    evidence = list(rule_evidence)
    indicators = {e.indicator for e in counting}
    if counting:
        score = max(r, (r + p) / 2.0) if p is not None else r
    elif (p is not None and p >= classifier_only_threshold and not rule_evidence
          and any(counts(c) for c in classifier_evidence or ())):
        score = p
        evidence += classifier_evidence
        indicators |= {c.indicator for c in classifier_evidence if counts(c)}
    else:
        p = p or 0.0
        score = min(p, classifier_only_threshold) * flag_threshold / max(classifier_only_threshold, 1e-9) * 0.999
    score = max(0.0, min(1.0, score))
    flagged = score >= flag_threshold and bool(indicators)
    ordered = sorted(indicators, key=lambda i: _ORDER.index(i) if i in _ORDER else len(_ORDER))
    evidence.sort(key=lambda e: (e.start, e.end))
    return Combined(flagged=flagged, score=score, indicators=ordered if flagged else [], evidence=evidence)


def classifier_evidence(contributions, indicator: str = Indicator.VIOLENT_IDEATION.value) -> list[Evidence]:
    """Turn the classifier's top feature contributions (objects with feature, weight, start, end,
    or such tuples) into evidence (detector ``classifier``; text filled by ``with_text``)."""
    out = []
    for c in contributions:
        feature, weight, start, end = (c if isinstance(c, tuple) else (c.feature, c.weight, c.start, c.end))
        if weight <= 0 or end <= start:
            continue
        out.append(Evidence(start=int(start), end=int(end), text="", indicator=indicator,
                            detector="classifier", rule=str(feature), weight=float(weight)))
    return out


def with_text(ev: Evidence, original: str) -> Evidence:
    return replace(ev, text=original[ev.start:ev.end])
