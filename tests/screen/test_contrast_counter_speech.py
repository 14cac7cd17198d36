"""Contrast suite for counter-speech and reports of a threat, against tips that say it is meant.

Hand-written for this project (not from any public evaluation set). People condemn, moderate and
report threats in words that contain the threat; that is not a lead. But a report that says the
threat is meant (fear, weapons, "he wasn't joking", a plea for help) is what a tip line is for,
even when the writer has already reported it. Run on the rules (no classifier).
"""

from __future__ import annotations

import pytest

from .conftest import assert_lead, assert_not_lead

# (text, a context that must be recorded on the discounted evidence, or None)
NOT_LEADS = [
    ("Saying you want to kill all immigrants is disgusting and you should be ashamed.", "counter_speech"),
    ("Anyone who says they want to shoot up a school needs to be reported to the police.", "counter_speech"),
    ("I can't believe someone would say they want to burn down a synagogue.", "counter_speech"),
    ("Stop posting that you want to slit their throats, it's sick.", "counter_speech"),
    ("Threats like \"I'll kill you all\" get you banned here.", None),
    # the content was taken down: moderation, not intent
    ("Your comment about wanting to beat up disabled people got flagged, good.", "counter_speech"),
    ("that post about wanting to stab his coworkers was removed within an hour", "counter_speech"),
    # the saying judged as a kind of hate or a crime
    ("Saying women deserve to be beaten is domestic violence apologism.", "counter_speech"),
    ("saying refugees should be shot is racist, full stop", "counter_speech"),
    ("saying gay men should be hanged is a crime in this country", "counter_speech"),
    # advocating violence is sanctioned
    ("Anyone advocating murdering immigrants should lose their account.", "counter_speech"),
    ("people calling for the protesters to be shot should be banned", "counter_speech"),
    # an arrest for a threat is news of it
    ("He got arrested for threatening to bomb the town hall, as he should.", "news"),
    # a bare 'reported' closing the post
    ("this guy says he'll stab every woman who rejects him. reported.", "counter_speech"),
    ("someone posted 'I'll shoot up the mall', I reported it", "counter_speech"),
    # judging the words or the sayer, tiredness of seeing it, sanctions, rejection
    ("Comments saying we should shoot protesters have no place here.", "counter_speech"),
    ("Your tweet about wanting to murder gay people was disgusting.", "counter_speech"),
    ("I'm so tired of seeing posts about how women should be raped.", "counter_speech"),
    ("Whoever wrote that Jews should be exterminated needs help.", "counter_speech"),
    ("People calling for Muslims to be killed should face consequences.", "counter_speech"),
    ("To everyone saying women deserve to be beaten: you are the problem.", "counter_speech"),
    ("It's terrifying how many people think refugees should be gassed.", "counter_speech"),
    ("I grew up hearing that gay people should be stoned. I reject all of it.", "counter_speech"),
    ("When you say all gay men should be hanged, you're showing everyone who you are.", "counter_speech"),
    ("comments like 'she deserves to get raped' r vile. reported every single one", "counter_speech"),
    # dismissing or diagnosing the people who want it
    ("You can't say that trans people should die and expect no pushback.", "counter_speech"),
    ("Anyone who thinks Muslims deserve death has never met one.", "counter_speech"),
    ("Death to immigrants? Get a grip.", "counter_speech"),
    ("People who want to kill Jews are the real threat to this country.", "counter_speech"),
    ("Wanting to murder disabled people isn't edgy, it's just cruel.", "counter_speech"),
    ("If you want Muslims dead, you are what's wrong with this world.", "counter_speech"),
    ("I'm done arguing with people who want trans people dead.", "counter_speech"),
]

# (text, indicator, words its evidence must cover): the same reports, but the writer says it is meant
LEADS = [
    ("my classmate said he's going to shoot up the school tomorrow. I reported it to the principal "
     "but I'm scared", "leakage", "going to shoot up the school"),
    ("someone posted that he is going to shoot up the mall on friday. I reported it but he wasn't "
     "joking, he has guns", "leakage", "going to shoot up the mall"),
    ("my ex texted 'I'm going to kill you tonight'. I blocked him but he means it, please help",
     "direct_threat", "kill you"),
    ("reported his post saying he's going to stab his boss on monday, he keeps saying it",
     "leakage", "going to stab his boss"),
    # the same shapes that are not counter-speech
    ("immigrants have no place in our country, shoot them all", "violent_ideation", "shoot them"),
    ("To everyone who laughed at me: you're all going to die friday", "direct_threat", "going to die"),
    ("I'm tired of seeing his face, I'm going to end him", "direct_threat", "going to end him"),
    ("You think I won't do it? Seriously, I'm bringing the gun to school tomorrow", "preparation", "gun"),
    ("anyone who wants to kill jews should join us on saturday, bring your rifles", "violent_ideation", "kill jews"),
    # a command after a comma is its own clause, not the first clause's subject doing it
    ("immigrants are ruining everything, shoot them all", "violent_ideation", "shoot them"),
]


@pytest.mark.parametrize("text,context", NOT_LEADS)
def test_counter_speech_is_not_a_lead(rules, text, context):
    assert_not_lead(rules, text, context)


@pytest.mark.parametrize("text", [t for t, _ in NOT_LEADS])
def test_counter_speech_is_not_a_lead_with_the_classifier_either(full, text):
    # the classifier cannot see stance; its evidence is read for the same cues
    r = full.screen(text)
    assert not r.flagged, [(e.text, e.detector, e.context) for e in r.evidence]


@pytest.mark.parametrize("text,indicator,words", LEADS)
def test_a_report_that_says_it_is_meant_is_a_lead(rules, text, indicator, words):
    assert_lead(rules, text, indicator, words, words_inside=True)


# With the classifier: prevalence statistics are reporting, and sparring is sport. The classifier
# alone raised the statistics (its words name violence), so these rows need it loaded.
WITH_CLASSIFIER = [
    ("A QUARTER OF ALL WOMEN REPORT DOMESTIC VIOLENCE IN THEIR LIFETIME", False),
    ("one in three women will experience domestic violence in their lifetime", False),
    ("studies show most domestic violence victims are attacked at home", False),
    ("dude you're gonna catch these hands at the gym saturday", False),
    ("Your hatred of women and your talk about killing them scares nobody.", False),
    # 'gas' names no violence for the classifier alone (the rules still read 'gas them')
    ("the women went to the gas station", False),
    # the same numbers do not excuse a threat beside them
    ("I'm going to beat my wife tonight, one in three women deserve it", True),
    ("that hoe finna catch these hands when i see her tomorrow", True),
]


@pytest.mark.parametrize("text,flagged", WITH_CLASSIFIER)
def test_statistics_and_sparring_with_the_classifier(full, text, flagged):
    r = full.screen(text)
    assert r.flagged is flagged, [(e.text, e.detector, e.context) for e in r.evidence]
