"""Contrast suite for harm aimed at a person in irrealis or volitional mood, read from the parse.

Both sides, hand-written for this project (not from any public evaluation set): intent, desire,
incitement, rhetorical questions that urge, calls on "someone", acts set in time to come, acts
whose grammatical object is not the victim ("beat her senseless", "choke the life out of her"),
injuries to a person's body part; beside past narratives, victims' accounts, negation, idioms,
elections, sports and chores with the same words. Run on the rules (no classifier), so a failure
points at the frame reader, a lexicon or a context cue.
"""

from __future__ import annotations

import pytest

from .conftest import assert_lead, assert_not_lead

# (text, indicator that must be among the flagged indicators, words its evidence must cover)
LEADS = [
    # a question asking why nobody has done it urges it
    ("why hasn't anyone smacked her yet", "violent_ideation", "smacked"),
    ("why is nobody punching these women in the mouth", "violent_ideation", "punching"),
    # a call on someone: generic subject, bare verb, or an interjected please
    ("someone kick her in the teeth", "violent_ideation", "kick"),
    ("someone please kick her in the teeth", "violent_ideation", "kick"),
    # the bare verb after a comma splice, tagged as a past by the parser (session 5)
    ("she is so annoying, someone slap her", "violent_ideation", "slap"),
    ("this guy is a creep, somebody punch him", "violent_ideation", "punch"),
    ("somebody go beat up that girl from the video", "violent_ideation", "beat up"),
    # a passive 'getting' act set in time to come
    ("my stepmom is getting hit with a chair tonight", "violent_ideation", "hit"),
    ("the next guy who touches my car is getting punched", "violent_ideation", "punched"),
    # the victim is not the grammatical object
    ("i'm about to go over there and beat her senseless", "direct_threat", "beat"),
    ("hope her husband beats her senseless", "violent_ideation", "beats"),
    ("im gonna choke the life out of my sister", "direct_threat", "choke"),
    ("somebody should rape some sense into her", "violent_ideation", "rape"),
    ("i'm going to slap the shit out of her tomorrow", "direct_threat", "slap"),
    ("someone should throw acid on her", "violent_ideation", "throw"),
    # a weak verb injuring a person's body part
    ("i'm going to smash his face", "direct_threat", "smash"),
    ("i'll snap his neck", "direct_threat", "snap"),
    ("fuck her up next time she shows her face", "violent_ideation", "fuck her up"),
    ("next time she opens her mouth im knocking her out", "direct_threat", "knocking"),
    # commands the tagger misreads, adverbs before the verb
    ("stab her", "violent_ideation", "stab her"),
    ("honestly just slap her", "violent_ideation", "slap her"),
    ("let's go rape some feminists", "violent_ideation", "rape"),
    # remedies, support and approval of the act
    ("the solution is to beat them", "violent_ideation", "beat"),
    ("i support hitting women who hit men", "violent_ideation", "hitting"),
    ("hitting your wife should be legal again", "violent_ideation", "hitting"),
    # "not going to lie" denies nothing
    ("she deserves to be hit, not going to lie", "violent_ideation", "hit"),
    # approval of the act under "be", and known phrasals before "of"
    ("they would be better off if they were all hanged", "violent_ideation", "hanged"),
    ("we'd be better off if someone shot them", "violent_ideation", "shot"),
    ("I'd be happy to kill them", "violent_ideation", "kill"),
    ("hurting them is acceptable", "violent_ideation", "hurting"),
    ("we should wipe them out of existence", "violent_ideation", "wipe"),
    # insults naming the target
    ("beat the roasties", "violent_ideation", "beat"),
    ("slap those hags until they learn", "violent_ideation", "slap"),
    # a violent verb too common for the prefilter alone, with its particle ("run" + "over")
    ("I'd run her over", "violent_ideation", "run"),
    ("why has nobody run her over yet", "violent_ideation", "run"),
    ("I'm going to run him over with my truck", "direct_threat", "run"),
    # a reporter as the target is no news report
    ("go find that reporter and kick the shit out of her", "violent_ideation", "kick"),
    # harm named by a noun; a person set on fire
    ("what she needs is a backhand", "violent_ideation", "backhand"),
    ("a few slaps would sort her out", "violent_ideation", "slaps"),
    ("set her on fire", "violent_ideation", "set her on"),
]


@pytest.mark.parametrize("text,indicator,words", LEADS)
def test_person_harm_flagged_with_evidence(rules, text, indicator, words):
    assert_lead(rules, text, indicator, words, words_inside=True)


# (text, a context that must be recorded on the discounted evidence, or None if nothing should match)
NOT_LEADS = [
    # approval speaks of a person, not the act
    ("my grandmother was hit by a car last year, she's fine now", None),
    # a past act in a when-clause is not what the question urges
    ("why didn't anyone help her when he hit her", None),
    ("why hasn't anyone fixed this bug yet", None),
    ("someone slapped her yesterday and nobody helped", None),
    ("he was drunk, someone punched him and ran", None),
    ("why has nobody called her back yet", None),
    ("someone hit me up later", None),
    # 'getting' without harm, or without a time to come
    ("she's getting married tomorrow", None),
    ("my next door neighbour is getting evicted", None),
    ("the next episode is getting released tomorrow", None),
    # moved objects that are things or the speaker
    ("he knocked the wind out of me", None),
    ("pour water on the plants", None),
    # body parts: hearts, lives, accidents, sport
    ("she'll break my heart", None),
    ("he broke her heart", None),
    ("you'll fuck up your life if you drop out", None),
    ("i broke my arm skiing", None),
    ("he broke his nose playing rugby", None),
    ("the boxer broke his jaw in the first round", None),
    ("i hit her up yesterday lol", None),
    ("take her hand", None),
    # negation, the past, things
    ("hitting women should never be legal", "negation"),
    ("hitting your wife was never legal", None),
    ("killing him was justified, the jury said", None),
    ("i don't support hitting women", "negation"),
    ("i support hitting the books before exams", None),
    ("the solution is to beat the traffic by leaving early", "non_human_target"),
    ("i'm not going to hurt her", "negation"),
    # the thing a phrase is about, read past the place it is in
    ("the printer in my office deserves a bullet", "non_human_target"),
    # idioms: punishments that are not violence, elections are contests
    ("she deserves a slap on the wrist at most", "idiom"),
    ("she should be dragged on twitter for this take", "idiom"),
    ("she needs to get her ass kicked in the elections", "idiom"),
    ("she needs to be put in her place by the voters", None),
    # the phrasal verbs the prefilter now lets through, in their ordinary senses
    ("I'll take her out to dinner", "idiom"),
    ("gonna take my girl out for drinks friday", "idiom"),
    ("I'm going to take out my anger at the gym", "idiom"),
    ("I'll take out the trash", "non_human_target"),
    ("I almost ran over a cat", None),
    ("we ran over our budget", None),
    # a reporter who reports it is news
    ("the reporter said he will shoot the mayor", "news"),
    # the same surfaces, harmless
    ("what that team needs is a good beating in the final", None),
    ("what she needs is a hug", None),
    ("a few drinks would sort her out", None),
    ("this song sets me on fire", None),
    ("I would never set her on fire", "negation"),
    ("I need a good kick in the pants to start studying", None),
    ("he needs a kick up the backside to get a job", None),
    ("someone posted 'a few slaps would sort her out' and I reported it", "counter_speech"),
]


@pytest.mark.parametrize("text,context", NOT_LEADS)
def test_person_harm_look_alikes_not_flagged(rules, text, context):
    assert_not_lead(rules, text, context)
