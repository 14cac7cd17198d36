"""People called vermin or rubbish, then attacked; a command after a comma splice; people wished
set alight in the passive. Both sides: the same shapes about real pests and things stay clear.

Found by tallying which contexts discounted the benchmark's missed threats (`screening bench`
prints the counts, never the rows): "non_human_target" led. These rows are our own sentences.
"""

from __future__ import annotations

import pytest

from .conftest import assert_lead, assert_not_lead

# (text, indicator, words the counting evidence covers)
LEADS = [
    # a pest or thing word the text calls people names those people
    ("immigrants are rats, kill them all", "violent_ideation", "kill them"),
    ("muslims are cockroaches and we should exterminate them", "violent_ideation", "exterminate them"),
    ("muslims are cockroaches. exterminate the cockroaches", "violent_ideation", "exterminate the cockroaches"),
    ("feminists are vermin. shoot them", "violent_ideation", "shoot them"),
    ("refugees are nothing but parasites, drown them all", "violent_ideation", "drown them"),
    # a command after a comma splice that closes a clause with its own subject
    ("those women are trash, burn them", "violent_ideation", "burn them"),
    ("the jews are the problem, gas them", "violent_ideation", "gas them"),
    ("women are ruining this country, beat them", "violent_ideation", "beat them"),
    # people wished set alight, in the passive
    ("women should be set on fire", "violent_ideation", "set on fire"),
    ("those people deserve to be set on fire", "violent_ideation", "set on fire"),
    ("immigrants need to be set alight", "violent_ideation", "set alight"),
]

# (text, context that must be recorded on the evidence, or None)
NOT_LEADS = [
    ("the mice are pests, kill them", "non_human_target"),
    ("these boxes are trash, burn them", "non_human_target"),
    ("the old photos are garbage, burn them", None),
    ("the rats in my garage need to be killed", "non_human_target"),
    ("we need to exterminate the cockroaches in the kitchen", "non_human_target"),
    ("I'm going to kill the rats in the attic with poison", "non_human_target"),
    ("they are trash, take them out to the curb", None),           # "they" may be bags: no people named
    ("the kids are bored, take them to the park", None),
    ("he came home drunk, hit her and left", None),                # a past narrative, not a command
    ("the car was set on fire last night", None),
    ("she was set on fire by her husband, the police said", None),
    ("I would never say women should be set on fire", "negation"),
]


@pytest.mark.parametrize("text, indicator, words", LEADS)
def test_leads(rules, full, text, indicator, words):
    assert_lead(rules, text, indicator, words)
    assert full.screen(text).flagged


@pytest.mark.parametrize("text, context", NOT_LEADS)
def test_not_leads(rules, full, text, context):
    assert_not_lead(rules, text, context)
    assert_not_lead(full, text, None)
