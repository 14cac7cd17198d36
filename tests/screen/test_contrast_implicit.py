"""Contrast suite for implicit threats, incitement and wishes of harm in everyday online register.

Both sides, hand-written for this project: a conditional or veiled threat, a wish of harm, or
incitement in slang, beside insults, anger, profanity, punishments, safety advice, idioms and
games with the same words. Run on the rules (no classifier), so a failure points at a pattern
or a context cue.
"""

from __future__ import annotations

import pytest

from .conftest import assert_lead, assert_not_lead

# (text, indicator that must be among the flagged indicators, words its evidence must cover)
LEADS = [
    # conditional threats without a violent verb
    ("if I see him again he's done", "direct_threat", "if I see him again he's done"),
    ("if i catch u around my sister again ur a dead man", "direct_threat", "dead"),
    ("next time I see that guy near my house he's finished", "direct_threat", "he's finished"),
    ("keep talking and you'll find out", "direct_threat", "keep talking and you'll find out"),
    ("say that again and see what happens", "direct_threat", "see what happens"),
    ("you better hope I never find you", "direct_threat", "hope I never find you"),
    ("if she talks to me like that again she's getting slapped", "direct_threat", "getting slapped"),
    # slang for a beating, said by the speaker or urged on others
    ("gonna fuck him up when he gets off his shift", "direct_threat", "fuck him up"),
    ("imma mess u up", "direct_threat", "mess u up"),
    ("someone needs to fuck her up honestly", "violent_ideation", "fuck her up"),
    ("he needs his ass beat", "violent_ideation", "ass beat"),
    ("that dude deserves his face smashed", "violent_ideation", "face smashed"),
    ("women like her deserve to get smacked around", "violent_ideation", "smacked around"),
    ("somebody needs to shut her up for good", "violent_ideation", "shut her up for good"),
    # incitement: a lesson urged, not learnt
    ("somebody should teach him a lesson he won't forget", "violent_ideation", "lesson he won't forget"),
    ("we gotta teach that snitch a lesson he won't survive", "violent_ideation", "won't survive"),
    # wishes of harm
    ("can't wait till someone stabs them", "violent_ideation", "stabs them"),
    ("cant wait for the day somebody finally shoots him", "violent_ideation", "shoots him"),
    ("I hope she gets raped", "violent_ideation", "raped"),
    ("hope that guy gets jumped on his way home", "violent_ideation", "jumped"),
    ("i hope u get stabbed", "violent_ideation", "stabbed"),
    ("the day someone shoots my supervisor I'm throwing a party", "violent_ideation", "shoots"),
    ("that judge needs a crowbar to the skull", "violent_ideation", "crowbar to the skull"),
    ("someone oughta break the jaw of that landlord", "violent_ideation", "break the jaw"),
    ("gonna bust his head open when I see him", "violent_ideation", "bust his head open"),
    # a rape wished or called deserved: a joke marker does not defuse it
    ("she needs to get raped lol", "violent_ideation", "get raped"),
    ("If that prick comes near my daughter again he won't be walking out of here", "direct_threat", "won't be walking"),
    ("keep posting about me and see what happens to your pretty little face", "direct_threat", "see what happens"),
    ("go find that snitch and make sure he never talks again", "violent_ideation", "never talks again"),
    ("you're lucky there's a screen between us, I'd break every bone in your face", "violent_ideation", "every bone"),
    ("if she keeps ignoring me she's going to end up raped", "violent_ideation", "end up raped"),
]


@pytest.mark.parametrize("text,indicator,words", LEADS)
def test_implicit_leads_flagged_with_evidence(rules, text, indicator, words):
    assert_lead(rules, text, indicator, words)


# (text, a context that must be recorded on the discounted evidence, or None if nothing should match)
NOT_LEADS = [
    # insults, anger and profanity without harm
    ("she's an idiot and I'm done with her", None),
    ("I'm done with this job, I'm handing in my notice", None),
    ("fuck this guy, what a clown", None),
    ("I really fucked up the interview today", None),
    ("don't mess this up for us, we only get one chance", None),
    ("go to hell you piece of shit", None),
    # punishments, politics and bans
    ("politicians like that should be thrown out of office", "idiom"),
    ("men who hit women should rot in jail", "idiom"),
    ("she needs to get slapped with a lawsuit", "idiom"),
    ("I hope he chokes on his own words at the debate", "idiom"),
    ("he should be fired and banned from the sub", None),
    ("I hope he gets fired", None),
    ("someone should teach him how to cook", None),
    ("my grandma taught me a lesson I'll never forget", None),
    # the same shapes with ordinary endings
    ("keep talking and you'll find out how wrong you are", "idiom"),
    ("if I see him again I'm telling him exactly what I think", None),
    ("if he calls again he's getting blocked", None),
    ("if you show up late again you're getting the early shift", None),
    ("watch your back on those stairs, they're icy", "idiom"),
    ("I hope nobody gets hurt on the ice this weekend", None),
    ("hope they don't get hurt in the storm", None),
    ("I can't wait till someone finally fixes the printer", None),
    ("can't wait until they kill off that character, she's so annoying", None),
    ("the day someone kills it at karaoke I'm buying drinks", "idiom"),
    ("she's going to end up in a good school", None),
    ("next time you visit you won't be able to recognize the place", None),
    ("if it rains tomorrow we won't be leaving early", None),
    ("make sure she never walks home alone at night, it's not safe", None),
    ("I broke every bone in my hand as a kid", None),
    ("he broke his leg skiing and I'm driving him to work", None),
    ("gonna break my back carrying this couch up the stairs", None),
    ("I need to break the news to her gently", None),
    ("I know what time you get off work, I'll pick you up", None),
    ("you'll never see it coming, the plot twist is wild", "fiction"),
    # idioms, hyperbole, games and sports
    ("I'm gonna murder my brother, he spoiled the finale again", "hyperbole"),
    ("he's dead to me", None),
    ("they deserve to be crushed in the final", "sports"),
    ("if I see that boss again in the raid he's done", None),
    ("he needs to be knocked down a peg", None),
    ("I'll kill you if you spoil the ending lol", "hyperbole"),
    # news and reported speech
    ("Police said the man texted 'if I see you again you're dead' before the arrest", "news"),
]


@pytest.mark.parametrize("text,context", NOT_LEADS)
def test_implicit_look_alikes_not_flagged(rules, text, context):
    assert_not_lead(rules, text, context)
