"""Contrast suite for counter-speech that refers to a threat without quoting it, against threats in
the same shapes.

Hand-written for this project (branch `counterref`), not from any public evaluation set. The other
half of the first batch of these sentences is the frozen probe `data/probes/counterref_probe.jsonl`,
which no rule here was written from. Every counter-speech row runs on the rules and with the
classifier loaded (the classifier cannot see stance: its evidence is read for the same cues).
"""

from __future__ import annotations

import pytest

from .conftest import assert_not_lead

COUNTER = [
    "Reported that comment. Saying gay people should be shot is vile.",
    # judged in the same sentence: condemned, named as hate or a crime, an excuse denied
    "Saying you want to hurt gay people is disgusting.",
    "Your post saying trans women should be beaten up was hateful.",
    "That comment about wanting to strangle the new teacher was completely out of line.",
    "Posting that you'd like to stab your ex-wife is not a personality.",
    "Cheering for the murder of aid workers is grotesque.",
    "Threatening to kill the referee because your team lost is insane.",
    "Teaching kids that gay people deserve to be killed is child abuse.",
    "Wishing death on disabled kids is about as low as a person can go.",
    "Calling for refugees to be drowned is monstrous.",
    "Yelling that Asians should be shot at an old lady in the grocery store is a hate crime.",
    "Your friend saying all Jews should be shot isn't just banter.",
    "Jews are not to blame for anything, and calling for their deaths is antisemitism.",
    "Disabled people have every right to live; talk of culling them is eugenics.",
    "All this talk of hanging traitors is making my skin crawl.",
    "Talk of killing Muslims should shock every decent person.",
    "Advocating for the murder of gay people should get you banned.",
    "Fantasizing about shooting Black people is not politics, it is hatred.",
    "Claiming that women deserve to be killed for cheating is misogyny, plain and simple.",
    "Saying disabled people should be killed off is eugenics and you should be ashamed.",
    "Your wish to see women raped is disgusting.",
    "Your desire to see immigrants dead is the most un-Christian thing I have ever read.",
    "Death threats against trans people are not an opinion, they are a crime.",
    "Your violent fantasies about murdering women are disturbing and you need help.",
    "Threats of violence against Muslims will not be tolerated on this server.",
    "Threatening to murder refugees makes you a terrorist, not a patriot.",
    "All these death threats against the journalist are horrifying.",
    "Rape threats are not jokes and you are not funny.",
    "Threats to kill immigrants are hate speech and should be removed.",
    "Saying all Muslims should be shot because of a few extremists is the definition of bigotry.",
    "Let's be clear: suggesting that gay people be shot is incitement to violence.",
    "It's not okay to say that women should be beaten, not even as a joke.",
    "Threatening to kill your ex is abuse, and I'm glad she went to the police.",
    "Murder fantasies about your ex are a warning sign, please talk to someone.",
    "It's sickening that you think immigrants deserve to be shot.",
    "I'm appalled that a sitting senator said protesters should be shot.",
    "It is deeply upsetting to see so many people saying gay men should be hanged.",
    # what the words led to
    "Threats like wanting to kill immigrants are why people are scared to go out.",
    "You saying trans people should be shot is exactly why we need hate crime laws.",
    "Hearing classmates say gay people should be shot is why I stayed in the closet for years.",
    "When people online say Muslims should be killed, kids at my school get harassed the next day.",
    "Words like all Mexicans should be shot have consequences for real families.",
    "Joking about shooting up a mosque isn't funny, it's terrifying for the people who pray there.",
    "Your comment wishing that all trans people die is the reason I left this forum.",
    "Talk like that about killing Jews is why synagogues need armed guards.",
    "Making death threats against Black people is how you end up in prison.",
    "These calls to massacre refugees are exactly what came before every genocide.",
    "People like you, who say refugees deserve to die, are why I volunteer at the shelter.",
    # correcting
    "Women are not property and no woman deserves to be hit.",
    "Refugees aren't invaders and they shouldn't be shot at the border.",
    "Trans people do not deserve to be killed for existing.",
    "Immigrants don't deserve to die for trying to find work.",
    "No one deserves to be shot for their religion.",
    "It is never acceptable to threaten to kill women, no matter how angry you are.",
    "Nobody with a heart says refugees should be shot.",
    # questions put to the one who said it
    "Who raised you to think gay people should be thrown off roofs?",
    "What kind of person says immigrants should be gunned down?",
    "Why would you say women should be beaten?",
    "Since when is wishing rape on a woman an acceptable way to argue?",
    "I lost all respect for you when you said you wanted to kill Jews.",
    "I can't believe you said gay people deserve to be murdered.",
    "I don't understand how anyone can say Black people should be lynched and sleep at night.",
    "Anyone else sick of people saying immigrants should be hanged?",
    "Can we not have people in the comments saying refugees should be drowned?",
    # reporting, blocking, walking out
    "I've reported the account that keeps saying Jews should be gassed.",
    "Flagged the comment about wanting to shoot Mexicans, hope the mods act fast.",
    "Reporting every post in this thread that calls for killing gay people.",
    "Mods, there's a user here calling for immigrants to be hanged, please remove it.",
    "I emailed the school about the student who posted that trans kids should be beaten.",
    "Blocking everyone who says refugees should be shot. Life's too short.",
    "not me seeing another post about how immigrants should be drowned. why is this allowed",
    "Whoever keeps telling my sister she should be raped, I hope you get caught.",
    "My uncle said at dinner that immigrants should be shot and I walked out.",
    "The sermon said apostates should be killed, and I left that mosque for good.",
    "anyone wishing violence on black folks can unfollow me right now",
    "Every comment saying immigrants should be killed has been deleted.",
    "Whoever said Jews should be burned needs to be banned immediately.",
    "Reminder that saying trans people should be killed violates the rules and will get you banned.",
    "Please stop threatening to kill disabled people in my replies.",
    "The man who said women should be stoned was rightly removed from the debate.",
    "Politicians calling for migrants to be shot should be voted out.",
    # sarcasm and dismissal
    "Wow, calling for gay people to be killed, so edgy, so brave.",
    "Oh great, another brave keyboard warrior who wants to shoot refugees. How original.",
    "Ah yes, the classic kill all immigrants take, truly the pinnacle of political thought.",
    "Imagine wanting to shoot people just because they pray differently.",
    "Wanting to hurt gay people does not make you a man.",
    "You keep talking about wanting immigrants dead and nobody is laughing.",
    "Nobody is impressed by your talk of killing gay people.",
    "It's 2024 and people still think women should be beaten for talking back. Unreal.",
    "People who joke about shooting Black people are not joking.",
    "Y'all really out here saying trans kids should be beaten, get help.",
    "Grow up. Saying Mexicans should be shot does not make you a patriot.",
    "Nobody asked for your opinion that gay people should be executed.",
    "Hate to break it to you, but wanting Muslims dead makes you the extremist.",
    "Anyone who fantasizes about killing immigrants needs therapy, not an audience.",
    "ppl saying muslims should be killed in the replies need to log off forever",
    "If you think shooting protesters is fine, you are part of the problem.",
    # second person, and the people who say it
    "You posting that Muslims should be executed says more about you than about them.",
    "You don't get to say Jews should die and call it free speech.",
    "Some of you think immigrants deserve to be shot and it really shows.",
    "Shame on anyone who says women deserve to be raped.",
    "Shame on you for saying refugees should be drowned.",
    "You should be ashamed of yourself for saying gay people should be killed.",
    "I'm disgusted by people who say Jews should be gassed.",
    "I hate that people think it's fine to say Muslims should be bombed.",
    "It breaks my heart when people say disabled kids should be put down.",
    "The number of people in this thread saying trans people should die is alarming.",
    "This sub has become a cesspool of people calling for immigrants to be executed.",
    "I used to follow him until he started saying Jews should be killed.",
    "Stop spreading the idea that Muslims should be killed.",
    "I'm begging people to stop saying trans people should be killed.",
    "I will never understand why anyone would want to murder Muslims.",
    "The calls for the execution of gay men in that country must be condemned by every government.",
    # the targets' side, and content others saw
    "As a Muslim, reading that we should all be executed is exhausting.",
    "As a trans woman I'm used to people saying I should be killed, but it still hurts.",
    "Grandpa fled a country where people said his kind should be exterminated; he'd be horrified by these "
    "comments.",
    "I'm sorry you had to read all those comments saying you should be killed.",
    "To the person who said all immigrants should be shot: I am an immigrant and I'm a nurse.",
    "Your dad saying women should be beaten is not normal and it's not your fault.",
    "Honestly the comments calling for Black people to be hanged made me cry.",
    "Just saw someone say disabled people should be gassed, and I feel sick.",
    "Sad to see a teacher say that trans students should be beaten.",
    "The video calling for Black people to be lynched got millions of views and that scares me.",
    "The amount of rape threats women get online is staggering.",
    "I'm horrified by the number of comments wishing death on Muslims.",
    # death wished, cheered or wanted, named without the words of a call (several raised by the
    # classifier alone)
    "Your obsession with wanting women dead is creepy.",
    "The death wishes in these replies say everything about this community.",
    "Bragging about wanting to murder your wife is not a flex.",
    "You keep saying Muslims need to die and then act surprised when you get banned.",
    "Every time you wish death on immigrants you prove you are the dangerous one.",
    "The guy screaming that refugees must die got escorted out by security.",
    "Don't act shocked when you get banned for saying trans people must die.",
    "He lost his job after tweeting that Jews must die, good.",
    "Calling for dead immigrants on a Christian forum is wild.",
    "We won't let people who want us dead scare us off the streets.",
    "They want us dead, and we are still here, still proud.",
    "Imagine being so miserable you want Black people dead.",
    "My grandma survived people who wanted her dead, she won't be scared by you.",
    "If you want women dead you have no business near children.",
    "Anyone who cheers when migrants drown needs to take a long look in the mirror.",
    "Celebrating dead refugees is sick.",
    "Posting memes about dead gay people isn't a sense of humour.",
    "The comments cheering the deaths of those protesters were disgusting.",
    "Men who joke about killing their wives aren't joking.",
    "She got death threats for saying trans women are women, and that's terrifying.",
    "The hate mail saying Jews deserve death has been handed to the police.",
    "Nobody deserves death threats for a tweet.",
    "Praying for the death of your political opponents is not Christian.",
    "You want all Muslims dead? Then you're no different from the terrorists you claim to hate.",
    "People wanting immigrants to die in the desert is the most depressing thing about this country.",
    "Telling a disabled person they should have been killed at birth is vile.",
    "All the people wishing the refugees had drowned should volunteer at a shelter for a day.",
    "Rooting for the death of gay people because of your religion says a lot about your religion.",
    "The way you talk about wanting Black people gone, permanently, is chilling.",
    # a wish told back to whoever said it, or to a crowd ("you said you want ...", "people say they
    # want ..."); some were raised by the classifier alone
    "You have no right to say you want to kill women.",
    "If you say you want Muslims dead, you are a terrible person.",
    "I can't stand people who talk about murdering gay people.",
    "Saying you would like to see trans people dead is hateful.",
    "When you talk about killing immigrants, you sound like a monster.",
    "Your posts about wanting to murder disabled people are sickening.",
    "Stop talking about how much you want to kill Black people.",
    "Your constant talk about the death of Jews is unacceptable.",
    "It's wrong to say you would murder women if you could.",
    "You keep saying refugees should die, and it makes me sick.",
    "The murder of Muslims is nothing to joke about.",
    "Talking about exterminating gay people is never okay.",
    "Don't tell me you want trans people to die and expect me to stay friends with you.",
    "Every time you say you want to kill immigrants, I lose more respect for you.",
    "You said you wanted to murder all the Jews, that is unforgivable.",
    "I hate it when people say they want to kill disabled people.",
    "Your desire to kill women is disgusting and dangerous.",
    "Dreaming about the death of Black people makes you a racist.",
    "I am shocked you said you want gay people dead.",
    "Suggesting we should kill refugees is vile.",
    "Your fantasy of killing Muslims is deeply troubling.",
    "If you want to kill trans people, you need help.",
    "Saying women deserve death is never acceptable.",
    "Your wish for the death of immigrants says a lot about you.",
    "Posting that Jews deserve to die is hate speech.",
    "Killing gay people is never justified, so stop saying it is.",
    "You cannot say you want Black people dead and call yourself a Christian.",
    "There is no excuse for talking about murdering disabled people.",
    "Threatening women with death is a crime.",
    "Wanting all refugees dead is the opposite of patriotism.",
    "Why do you keep talking about shooting Muslims?",
    # session 5, new shapes: what the wish makes of the one who wants it, an excuse denied with
    # "nothing ... about", "stop telling people that ..."
    "Wanting to hang black people makes you a monster.",
    "Wanting to hang black people is what a monster would say.",
    "Dreaming of bombing a mosque makes you a terrorist.",
    "There's nothing funny about wanting Muslims dead.",
    "There's nothing okay about wanting to hurt disabled people.",
    "Stop telling people that refugees deserve to be shot.",
    "Quit telling your kids that gay people should be killed.",
    # ... and judged by what it does: it has to stop, it broke my heart
    "Talk of hanging immigrants has to stop.",
    "Hearing someone say they want to shoot black people broke my heart.",
    # branch counter2: the writer's sanction on the sayers (a moderator's bans and deletions, a word to
    # the mods, sent on to an employer or school, a ban for saying a call, not speaking to them)
    "We removed two users this morning for posting that gay men should be hanged.",
    "I've banned four members this week who kept saying Roma families should be burned out.",
    "Deleted another comment saying nurses should be shot. Third one today.",
    "Hi mods, someone in the pinned thread says disabled kids should be gassed. Please take a look.",
    "Screenshotted his comment that Jews should be gassed and sent it to his school.",
    "Her boss has the screenshots of her saying migrants should be shot.",
    "A streamer got banned from the site for saying immigrants should be shot. Good riddance.",
    "The parent who kept posting that the teacher should be hanged got banned from the school page.",
    "Not talking to my uncle until he apologises for saying refugees should be shot.",
    "Calling for gay people to be hanged is a bannable offense here.",
    "Describing refugees as vermin to be exterminated should cost you your job.",
    "Everyone who liked that post about lynching the mayor should be reported too.",
    # ... an excuse denied and the thing named for what it is
    "Saying gay kids should be beaten isn't discipline, it's abuse.",
    "wanting refugees to be drowned at sea is not \"border policy\", it's cruelty.",
    "If your whole worldview comes down to wanting Muslims dead, you have a hate problem.",
    "To everyone saying the clinic staff deserve to be burned alive: that's terrorism, plain and simple.",
    "Wishing rape on a journalist is not criticism; it's harassment.",
    "If your faith tells you Jews should be killed, you don't have a faith, you have a hate problem.",
    "anyone saying this is advocating for killing kids",
    "I read the thread last night. Anyone saying the refugees should be drowned is advocating murder.",
    # ... the way people talk, a generic sayer, sarcasm, a rebuke, refusing to debate it
    "The way some men talk about wanting their ex-wives dead is genuinely chilling.",
    "The way folks online talk about the homeless like they should be set on fire is genuinely chilling.",
    "A man who says women should be beaten is not joking.",
    "how very Christian of you to say refugees should be drowned",
    "real mature of you to post that every striking nurse should get shot. the hospital must be so proud",
    "> burn the mosque down\nimagine tweeting that with your real name",
    "Oh sure, let's shoot every protester, that'll fix democracy. Do you even hear yourself?",
    "Telling a widow her husband deserved to be shot. Then laughing. What kind of person does that?",
    "The fact that 'gas the Roma' got 5k likes says so much about this platform.",
    "I won't argue about whether trans people should be allowed to live.",
    "A customer told me my whole family should be shot. I smiled and served him. Still doesn't make it okay.",
    # ... and a judgement after a comma that names a saying ("however angry you are, saying X ...")
    "i don't care how angry you are, posting that cops should be shot is disgusting",
]

# threats and incitement in the same shapes: the writer's own violence, endorsement, violence called
# down on the sayers, the writer's own voice saying it, and tips
LEADS = [
    # a tip that opens "Reporting that ...": "that" opens what was said, not the post reported
    # (the demo's answer key caught this one)
    "Reporting that my neighbour said he'll burn down the union hall with the reps inside after the vote.",
    "Reported that he said he would shoot up the school tomorrow.",
    # endorsed, or more than wished
    "It's not hate speech to say Black people should be lynched, it's what they deserve.",
    "wanting to kill feminists isn't edgy, it's just common sense. kill them all",
    "Saying gay people should be killed isn't hate, it's the truth. Kill them all.",
    "Your friend saying Jews should be shot isn't banter, it's the truth.",
    "Wishing death on them isn't enough, we need to actually kill them.",
    "Calling for it isn't enough anymore. Grab your guns and hunt down the immigrants.",
    "I don't care if it's a crime, Jews should be exterminated.",
    "Flag this post if you like, women like her deserve to be raped.",
    "People say immigrants should be shot and they're right.",
    "I agree with everyone saying Muslims should be executed.",
    "Someone said immigrants should be shot and honestly I agree.",
    "Like my dad always said, women should be beaten.",
    # violence called down on the people who say or do something
    "people who talk about hurting animals should be shot",
    "People who say Muslims are peaceful should be executed with them.",
    "Everyone calling for calm should be shot along with them.",
    "People who defend pedophiles deserve a bullet.",
    "Anyone who defends immigrants should be hanged next to them.",
    "Everyone saying trans people are valid should be shot first.",
    "Teaching kids about gay people is child abuse and the teachers should be shot.",
    # a judgement, a question or a report beside the writer's own threat
    "Your posts are pathetic, you're dead tomorrow.",
    "Your comment was disgusting and I'm going to find you and kill you.",
    "Why would you say that? I'm going to kill you.",
    "So brave of you to report me. You're dead.",
    "Nobody is laughing now. I will shoot every one of you.",
    "I'm not kidding, I will kill every one of you.",
    "Reported? Good. Now I'll burn your house down.",
    "Hope you get arrested, because when you get out I'll kill you.",
    "What kind of person says that? The kind who deserves a bullet.",
    "My uncle said immigrants should be shot and I walked out to get my rifle.",
    "Whoever reported my post, I know where you live and I'll break your legs.",
    "Immigrants deserve to be shot, and I'll be the one to do it.",
    "No more talk. Tomorrow I bring the rifle and end those immigrants.",
    # the writer's own voice saying it
    "I think immigrants should be shot.",
    "Many of us think Jews should be gassed.",
    "Tell everyone in the comments that refugees should be drowned.",
    "We need to tell people that gay men should be hanged.",
    "Why would I hide it? Muslims should be executed.",
    "Why should refugees be allowed to live? Drown them all.",
    "shoot every refugee who crosses the border, no exceptions",
    "Imagine being an immigrant here next week, we're going to kill them all.",
    "You just proved you're a traitor, and I will shoot you myself.",
    "Killing them isn't a flex, it's a duty. We will kill them all.",
    "You keep saying I won't do it. I will stab you tomorrow.",
    "Death threats are all you deserve, and tomorrow I will kill you.",
    "Wanting to kill them all is why I bought a rifle.",
    "Their comments are disgusting. I want every one of them dead.",
    "Their comments are disgusting and they all deserve to die.",
    # session 5: the same new shapes, owned
    "Wanting to hang traitors makes you a patriot.",
    "There's nothing funny about it, those women should be shot.",
    "There's nothing wrong with wanting them dead, they deserve to die.",
    "Stop telling me to calm down, I'm going to kill all of them tomorrow.",
    "Stop posting and start shooting them.",
    "my brother keeps saying he wants to shoot the neighbours and it scares me",
    # tips: someone else's words with concern, or someone's own intent
    "My coworker keeps saying immigrants should be shot and I'm worried he'll do something.",
    "My brother keeps saying Jews should be gassed and he just bought a rifle.",
    "My brother says he wants to kill all the Jews.",
    "my neighbor keeps saying he wants to shoot the Muslims at the mosque",
    "Everyone says they want to kill the immigrants, let's do it.",
    "You said you want to kill Jews and I agree.",
    "my classmate said he is going to shoot up the school on monday",
    # branch counter2: the same shapes, endorsed, owned, or someone's own intent (a tip)
    "Saying it isn't a crime, it's justice: immigrants should be shot.",
    "Migrants should be exterminated. That thread had it right.",
    "He said he'll stab the next Muslim he sees. I'd do it too.",
    "My brother's right, disabled people should be gassed.",
    "That guy said he'd burn down the mosque. Hope he follows through.",
    "Very brave of you to say it. They should all be shot.",
    "We removed the filter. Gay men should be hanged.",
    "My classmate who said he's going to shoot up the school got suspended and now he's back.",
    "He got fired for saying he's gonna shoot his boss.",
    "Hey mods, a user says he's going to stab me at the meetup.",
]

# written as threats, but the rules read no violence in them at all (recall, not context; left alone)
RULES_MISS = [
    "calling for their deaths is the only answer",
    "Those who talk about peace with them are fools; we kill them all on Saturday.",
    "Mods, ban him before I kill him.",
    "It's 2024 and people still let immigrants in, time to shoot them all.",
    "Wanting them dead is normal, and I'll be the one to do it.",
]


def _why(r) -> list[tuple]:
    return [(e.text, e.detector, e.context) for e in r.evidence]


@pytest.mark.parametrize("text", COUNTER)
def test_counter_speech_that_refers_to_a_threat_is_not_a_lead(rules, text):
    assert_not_lead(rules, text, None)


# the classifier alone raises these (no rule evidence, so no context to read); known, left
# (session 5's clf-1ca88a66 raised "My grandma survived people who wanted her dead, she won't be
# scared by you." on "dead"; session 6's classifier does not)
CLASSIFIER_ALONE: set[str] = set()


@pytest.mark.parametrize("text", [pytest.param(t, marks=pytest.mark.xfail(
    strict=True, reason="the classifier alone raises it")) if t in CLASSIFIER_ALONE else t for t in COUNTER])
def test_nor_with_the_classifier(full, text):
    r = full.screen(text)
    assert not r.flagged, _why(r)


@pytest.mark.parametrize("text", LEADS + [pytest.param(t, marks=pytest.mark.xfail(strict=True, reason="rules read no violence"))
                                          for t in RULES_MISS])
def test_threats_in_the_same_shapes_stay_leads(rules, full, text):
    r = rules.screen(text)
    assert r.flagged, _why(r)
    assert any(not e.discounted for e in r.evidence)
    r = full.screen(text)
    assert r.flagged, _why(r)


# An act on people that no rule takes, named under a saying ("talk about killing X"), is kept as
# evidence (weight 0, rule context.act_named) only where it reads as counter-speech, so that the
# classifier, which cannot see stance, cannot raise it alone; elsewhere it is dropped and the
# classifier may still raise a tip.
# (text, the rule the named act is kept under, or None when it is dropped)
ACT_NAMED = [
    ("When you talk about killing immigrants, you sound like a monster.", "context.act_named"),
    ("Why do you keep talking about shooting Muslims?", "context.act_named"),
    ("Talking about exterminating gay people is never okay.", "context.act_named"),
    # a tip: someone the writer knows talks of it (session 5; dropped before, left to the classifier)
    ("My brother talked about killing his boss.", "leakage.act_talked_of_by_known"),
    ("my cousin keeps talking about shooting people at his school", "leakage.act_talked_of_by_known"),
    # the writer's own talk, and a promise to do it (the retrained classifier no longer caught it)
    ("We talked about killing them all and we will do it saturday.", "violent_ideation.act_talked_of_will_do"),
    # the writer's own talk alone, or a stranger's, stays out
    ("We talked about killing them all in history class.", None),
    ("some guy on the bus was talking about killing his landlord", None),
]


@pytest.mark.parametrize("text,kept", ACT_NAMED)
def test_an_act_named_under_talk_is_kept_as_counter_speech_or_a_tip(rules, text, kept):
    r = rules.screen(text)
    named = [e for e in r.evidence if e.rule in ("context.act_named", "leakage.act_talked_of_by_known",
                                                 "violent_ideation.act_talked_of_will_do")]
    assert [e.rule for e in named] == ([kept] if kept else []), named
    if kept == "context.act_named":
        assert "counter_speech" in named[0].context and named[0].weight == 0 and not r.flagged
    elif kept:
        assert r.flagged, named


def test_the_writers_own_talk_stays_open_to_the_classifier(full):
    r = full.screen("We talked about killing them all and we will do it saturday.")
    assert r.flagged, _why(r)
