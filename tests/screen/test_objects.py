"""Violent verbs aimed at things are not leads; the same verbs aimed at people are.

Rows written for the object-target work (branch ``objects``), not copied from any evaluation set.
Mechanisms under test: a plural noun the lists cannot read is not taken for people by default;
"them"/"they" read through the plural noun they refer back to; a body of people ("the board of
directors") is its members; a day is not the person an act is done to ("execute the plan on
monday"); and a text whose only violent verbs are aimed at known things keeps that reading as
discounted evidence, so the classifier cannot raise it alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from screening.screen.screener import RuleScreener
from screening.settings import Settings

from .conftest import assert_lead, assert_not_lead

THINGS = [
    # pronouns that refer back to things
    ("my shoes are falling apart, i'm going to burn them", "non_human_target"),
    ("the tomato plants are done, i'll rip them out and burn them", "non_human_target"),
    ("these stupid autocorrect errors, i want to kill them all", "non_human_target"),
    ("the rats in the basement need to be exterminated, shoot them with a pellet gun", "non_human_target"),
    ("my headphones broke again, i'm going to stomp on them", None),
    ("the moles dug up my yard again, i will kill them", "non_human_target"),
    ("this printer is broken again, i'm going to kill it", None),
    # nouns the lists now read, and plurals no longer taken for people
    ("i'm going to behead the dandelions with my weed whacker", "non_human_target"),
    ("i'm going to decapitate the tulips that wilted", "non_human_target"),
    ("drown the mosquito larvae in oil", "non_human_target"),
    ("the tumor has to be destroyed before it spreads", "non_human_target"),
    ("hang the flags before the parade", "non_human_target"),
    ("i'm going to beat the batter for two minutes", None),
    ("the wasps nest by the door needs to be destroyed tonight", "non_human_target"),
    ("the crabgrass must be destroyed", "non_human_target"),
    # a day is not a person; idioms
    ("i'm going to execute the plan on monday, the spreadsheet is ready", "non_human_target"),
    ("bury the hatchet with your brother already", "idiom"),
    ("kill your darlings: cut the scenes you love most", None),
]

PEOPLE = [
    ("my coworkers keep laughing at me, i'm going to kill them all", "direct_threat", "kill them"),
    ("my classmates bully me every day, i'm gonna shoot them", "direct_threat", "shoot them"),
    ("we will slaughter the villagers", "direct_threat", "slaughter the villagers"),
    ("i'm going to execute the entire board of directors", "direct_threat", "execute the entire board"),
    ("these vegans should be burned alive", "violent_ideation", "burned"),
    ("i'm going to behead the infidels", "direct_threat", "behead the infidels"),
    ("freaks like that need to be hung from a tree", "violent_ideation", "hung"),
    ("the midwives should be beaten", "violent_ideation", "beaten"),
    ("my landlord is a crook, i'm going to kill him", "direct_threat", "kill him"),
    ("the paramedics were late, i want to beat them until they bleed", "violent_ideation", "beat them"),
]


@pytest.mark.parametrize("text,context", THINGS)
def test_violent_verbs_aimed_at_things_are_not_leads(rules, text, context):
    assert_not_lead(rules, text, context)


@pytest.mark.parametrize("text,indicator,words", PEOPLE)
def test_the_same_verbs_aimed_at_people_are_leads(rules, text, indicator, words):
    assert_lead(rules, text, indicator, words)


@dataclass
class _Contribution:
    feature: str
    weight: float
    start: int
    end: int


class _SureClassifier:
    """Says 0.99 for every text and points at the first violent verb it knows."""

    version = "clf-stub"

    def predict_proba(self, texts):
        return [0.99 for _ in texts]

    def explain(self, text, k=12):
        for word in ("kick", "punch", "smash", "shoot", "kill"):
            i = text.find(word)
            if i >= 0:
                return [_Contribution(f"word:{word}", 2.0, i, i + len(word))]
        return []


@pytest.fixture(scope="module")
def sure():
    s = RuleScreener(Settings(screen_workers=1), classifier=_SureClassifier())
    yield s
    s.close()


@pytest.mark.parametrize("text,flagged", [
    # the only violent verb is aimed at a known thing: the classifier cannot raise it alone
    ("my roomba keeps getting stuck, i want to kick it across the room", False),
    ("i want to punch my laptop so bad right now", False),
    ("I smashed my phone yesterday", False),
    # an object the lists cannot read is not shown to be a thing: the classifier may still raise it
    ("whoever shoots danny first gets a free beer from me", True),
])
def test_classifier_alone_and_verbs_aimed_at_things(sure, text, flagged):
    r = sure.screen(text)
    assert r.flagged is flagged, r.evidence
    if not flagged:
        assert any(e.rule == "context.aimed_at_thing" and "non_human_target" in e.context for e in r.evidence)
