"""Contrast suite for threats, justification and incitement of violence against women, in the
register of misogynist forums (foid, roastie, thot; "equal rights equal lefts"; "catch these hands").

Both sides, hand-written for this project (not from any public evaluation set, and not the rows of
data/probes/misogyny_probe.jsonl): violence against women approved as an institution, justified,
named as the only thing women understand, wished as an injury, urged on "that" woman by a slur;
beside crude sexual slang, insults without harm, reports and statistics of abuse, victims'
accounts, advice, condemnation, sports and gaming with the same words. Run on the rules (no
classifier), so a failure points at a pattern, a lexicon or a context cue.
"""

from __future__ import annotations

import pytest

from .conftest import assert_lead, assert_not_lead

# (text, indicator that must be among the flagged indicators, words its evidence must cover)
LEADS = [
    # justification and slogans
    ("and that's why men hit women, they never shut up", "violent_ideation", "why men hit women"),
    ("equal rights equal lefts ladies, remember that", "violent_ideation", "equal lefts"),
    ("equal rights = equal fights, she swung first", "violent_ideation", "equal fights"),
    # violence against women approved as an institution
    ("marital rape should be legal, she's your wife", "violent_ideation", "rape should be legal"),
    ("domestic violence needs to be normalized again", "violent_ideation", "violence needs to be normalized"),
    ("bring back public stoning for cheaters", "violent_ideation", "bring back public stoning"),
    ("legalize wife beating and watch divorce rates drop", "violent_ideation", "legalize wife beating"),
    # violence as the only thing women understand
    ("a backhand is the only language these hoes understand", "violent_ideation", "only language"),
    ("the only thing foids respect is force", "violent_ideation", "only thing foids respect is force"),
    ("women deserve violence, every last one", "violent_ideation", "deserve violence"),
    ("a couple slaps never hurt anybody, she'll be fine", "violent_ideation", "slaps never hurt anybody"),
    # threats in slang
    ("she's so lucky i haven't choked her yet", "direct_threat", "lucky i haven't choked"),
    ("my gf about to catch these hands when i get home", "violent_ideation", "catch these hands"),
    ("that thot finna catch these hands", "violent_ideation", "catch these hands"),
    ("gonna put hands on that mouthy broad", "violent_ideation", "put hands on that mouthy broad"),
    ("gonna put my hands on her if she does it again", "violent_ideation", "put my hands on her"),
    # urged on 'that' woman by a slur, commands the parser misreads
    ("knock that bitch out already", "violent_ideation", "knock that bitch"),
    ("somebody deck that skank", "violent_ideation", "deck that skank"),
    ("curb stomp those roasties", "violent_ideation", "curb stomp those roasties"),
    ("stone the whores, all of them", "violent_ideation", "stone the whores"),
    ("cheating wives should all be stoned", "violent_ideation", "stoned"),
    ("grab that foid by the hair and drag her out", "violent_ideation", "by the hair"),
    ("gonna put that hag in the ground", "violent_ideation", "in the ground"),
    # injuries named as deserved or as improvement, lessons with a weapon
    ("that feminist needs a busted lip", "violent_ideation", "needs a busted lip"),
    ("she'd look so much better with a black eye", "violent_ideation", "better with a black eye"),
    ("teach the wife a lesson with the belt", "violent_ideation", "lesson with the belt"),
    ("show her what my fists feel like", "violent_ideation", "what my fists feel like"),
    ("put the bitch in her place with a backhand", "violent_ideation", "in her place with a backhand"),
    ("women should be scared of men again", "violent_ideation", "scared of"),
    # dehumanising outcomes and the verbs they use
    ("femoids belong in cages", "violent_ideation", "belong in cages"),
    ("thots should be sterilized", "violent_ideation", "sterilized"),
    # blows asked for, deserved, too soft, approved; incel calls
    ("she's begging to get smacked", "violent_ideation", "begging to get smacked"),
    ("that bitch deserved every slap", "violent_ideation", "deserved every slap"),
    ("that backhand was long overdue", "violent_ideation", "backhand was long overdue"),
    ("if she hits you, hit the bitch back harder", "violent_ideation", "hit the bitch back"),   # the imperative frame (weight 1) outranks the "back harder" phrase
    ("he should have choked her longer", "violent_ideation", "choked her"),
    ("he did not hit that hoe hard enough", "violent_ideation", "hit that hoe hard enough"),
    ("nothing wrong with smacking your wife when she mouths off", "violent_ideation", "nothing wrong with smacking your"),
    ("marital rape is fine, she's your wife", "violent_ideation", "rape is fine"),
    ("somebody give that feminist a concussion", "violent_ideation", "concussion"),
    ("the beta uprising can't come soon enough", "identification", "beta uprising"),
    # suicide urged on a woman in shorthand, pain wished, fear and force urged, a phrasal blow
    ("kys roastie", "violent_ideation", "kys roastie"),
    ("just drink bleach already you fat cunt", "violent_ideation", "drink bleach"),
    ("wishing that thot a slow painful death", "violent_ideation", "slow painful death"),
    ("females need to fear men again", "violent_ideation", "fear men"),
    ("wives must be disciplined physically when they disobey", "violent_ideation", "disciplined physically"),
    ("keep her in her place with fists", "violent_ideation", "place with fists"),
    ("i'm gonna rough her up when she gets back", "direct_threat", "rough her up"),
    # session 5, our own sentences: killing someone already hurt, praise for the next blow, a
    # chokehold urged, the outcome of a blow
    ("honestly he should have finished her off", "violent_ideation", "finished her off"),
    ("whoever hits her next deserves a medal", "violent_ideation", "deserves a medal"),
    ("thats why you choke them out before they get mouthy", "violent_ideation", "choke them out"),
    ("if my wife talked to me like that she'd be picking her teeth up off the floor", "violent_ideation", "teeth up off the floor"),
    # session 6: shapes from the written training posts that no rule read
    ("that girl needs a good choking to shut her up", "violent_ideation", "needs a good choking"),
    ("ur ex needs a proper thrashing ngl", "violent_ideation", "needs a proper thrashing"),
    ("one more word and I'll rearrange her face", "violent_ideation", "rearrange her face"),
    ("somebody should ram a truck into that march", "violent_ideation", "ram a truck into that march"),
    ("plow right through the protesters, they're blocking the road", "violent_ideation", "plow right through the protesters"),
    ("run those feminists off the road", "violent_ideation", "run those feminists off the road"),
    ("dump her in a ditch and nobody would miss her", "violent_ideation", "dump her in a ditch"),
    ("toss them into the river when you're done", "violent_ideation", "toss them into the river"),
    ("im gonna throw hands with that girl after school", "violent_ideation", "throw hands with that girl"),
    ("some women are just asking for the back of a hand", "violent_ideation", "back of a hand"),
    ("those stacies should all be lined up against a wall", "violent_ideation", "lined up against a wall"),
    ("he knocked his lying gf into next week, absolute king", "violent_ideation", "into next week"),
    ("she'd be a lot quieter with a few less teeth", "violent_ideation", "few less teeth"),
    ("a couple teeth on the pavement and she'd shut up", "violent_ideation", "teeth on the pavement"),
    ("kneecap her so she can't walk out on you", "violent_ideation", "kneecap her"),
    ("a woman who talks to her man like that deserves a headbutt", "violent_ideation", "deserves a headbutt"),
    # session 7: a verbless opener before an imperative; a particle the parser hung elsewhere;
    # harm shrugged off; a blunt weapon put to a body; a blow named as the answer
    ("Honest to god, punch every fucking woman who says that", "violent_ideation", "punch every fucking woman"),
    ("For real though, kill them all", "violent_ideation", "kill them"),
    ("bruise her up so she stays home", "violent_ideation", "bruise her"),
    ("idc if they get hurt, hope alot of them do", "violent_ideation", "idc if they get hurt"),
    ("i couldn't care less if those feminists got raped", "violent_ideation", "care less if those feminists got raped"),
    ("i wont lose sleep if they get shot", "violent_ideation", "lose sleep if they get shot"),
    ("she got slapped, serves her right", "violent_ideation", "serves her right"),
    ("a brick to her face would fix that attitude", "violent_ideation", "a brick to her face"),
    ("the only appropriate response to such a woman is a closed fist", "violent_ideation", "closed fist"),    ("Every female journalist in this country deserves a pistol-whipping.", "violent_ideation", "deserves a pistol-whipping"),
    ("Public hanging for the feminist judge. Sell tickets.", "violent_ideation", "Public hanging for the feminist judge"),
    ("you need a cricket bat across the kneecaps", "violent_ideation", "cricket bat across the kneecaps"),
    ("feminists look their best with a bullet hole between the eyes", "violent_ideation", "bullet hole between the eyes"),
    ("she asked for space so i gave her 6 feet of it", "violent_ideation", "gave her 6 feet of"),
]


@pytest.mark.parametrize("text,indicator,words", LEADS)
def test_misogynist_violence_flagged_with_evidence(rules, text, indicator, words):
    assert_lead(rules, text, indicator, words)


# (text, context that must be recorded on the evidence, or None when no evidence is expected)
NOT_LEADS = [
    # crude sexual slang without violence ("smash", "bang", "pound" against a woman)
    ("i would smash that girl, no question", None),
    ("bro i'd bang that thot in a heartbeat", None),
    ("she's a knockout, i'd pound her", None),
    # insults and incel grievance without harm
    ("that hoe is a gold digger and everyone knows it", None),
    ("foids only want chad, it's over for us", None),
    ("she's a dumb broad who can't park", None),
    # reports, statistics, victims' accounts, advice
    ("why do men hit women? the research says it's about control", None),
    ("i will never understand why men hit women", None),
    ("men who hit women belong in prison", None),
    ("rape culture is everywhere on this app", None),
    ("i was raped at 19 and it took years to say it", None),
    ("domestic violence shelters are turning women away", None),
    ("if he ever puts his hands on you, leave and call the hotline", None),
    ("i would never put my hands on a woman", None),
    ("she came in with a black eye and a busted lip, her husband was arrested", None),
    # condemnation and the same surfaces, harmless
    ("bring back witch hunts? are you out of your mind", None),
    ("bring back the good old days when radio was good", None),
    ("stoning is still legal in a few countries and it's barbaric", None),
    ("equal rights, equal pay, equal say", None),
    ("money is the only thing she understands", None),
    ("domestic violence should be treated as a felony everywhere", None),
    ("she's lucky i didn't tell her mom", None),
    ("she deserved the promotion more than anyone", None),
    ("women should be able to jog at night without being scared", None),
    ("teach her a lesson in humility by beating her at chess", None),
    ("we put grandma in the ground last spring, still miss her", None),
    ("we got stoned and watched the game", None),
    # session 7, the same surfaces harmless
    ("After the match, kill time at the bar", "idiom"),
    ("Step one, beat the eggs", "non_human_target"),
    ("I don't care if I get hurt, I'm doing the marathon", None),
    ("I care if she gets hurt, that's why I called her", None),
    ("my friend got stabbed last year, good thing he survived", None),
    ("he put a towel on her face to cool her down", None),
    ("I kept the bat on my shoulder the whole inning", None),
    ("the best answer to a bad day is a good nap", None),
    ("one more punch and he would have won the title", None),
    ("I bruise easily", None),
    ("my grandad is six feet under now, miss him", None),
    ("a good thrashing would do this team good", "non_human_target"),
    ("she needs a good night's sleep more than anything", None),
    ("stone fruit is in season", None),
    # sports and banter
    ("you gonna catch these hands in the ring saturday, sparring at 10", "sports"),
    ("she knocked her opponent out in the second round of the boxing match", None),
    ("smash that like button ladies", None),
    # a touch, not a blow; the same surfaces of the newer phrases
    ("i want to put my hands on her waist and dance all night", "idiom"),
    ("gonna lay my hands on her belly to feel the baby kick", None),
    ("gonna put my hands on her belly to feel the baby kick", "idiom"),
    ("abuse is a serious problem in this country", None),
    ("domestic violence should be a felony", None),
    ("women should be afraid of this new law", None),
    ("the punch that bitch threw was insane", None),
    ("he got that kick in the 90th minute", None),
    ("we didn't hit them hard enough in the second half", None),
    ("she's asking to get kicked out of the bar", None),
    ("no woman deserves violence", None),
    ("researchers say incels talk about a beta uprising online", "news"),
    ("nothing wrong with a little spanking", None),
    ("that hit was well deserved, clean check", None),
    ("hit the ball back harder next time", None),
    ("nothing wrong with hitting the gym at 5am", None),
    ("we need to put women in more leadership roles", None),
    ("lol kys", None),
    ("she told me to go drink some water, mom knows best", None),
    ("i wish her nothing but the best in her new job", None),
    ("women fear men for good reason, look at the numbers", None),
    ("physical discipline of kids is still legal in some states", None),
    ("keep your spending in check with a budget", None),
    ("we roughed up the edges with sandpaper", None),
    ("going to put them in the ground this weekend, tomatoes need sun", "idiom"),
    ("i hope her pain goes away soon, she's been through a lot", None),
    ("i wish that the pain would stop", None),
    ("the pants stay in place with a belt", None),
    ("my mother was punished by the court for speeding", None),
    ("we need to lay hands on her and pray for healing", None),
    ("you're lucky i didn't hurt your feelings", None),
    ("you're lucky i didn't put you on blast", None),
    ("kick that girl out of the group chat", "idiom"),
    ("i'll finish off the pizza later", None),
    ("whoever fixes this printer deserves a medal", None),
    ("he choked him out in the second round, what a fight", None),
    ("the dentist said the kid's baby teeth were found on the floor", None),
    ("she finished her homework early", None),
    # session 6: the same words at things, in the writer's own face, in news and sport
    ("she needs a good hiding spot for the easter eggs", None),
    ("i always rearrange my face when my ex walks in lol", None),
    ("rearrange the furniture in her room before she gets back", None),
    ("I drove into the city this morning and parked by the march", None),
    ("we had to dump the old couch in the river, don't tell anyone", None),
    ("police say a man drove into the crowd at the market, three injured", None),
    ("a car ploughs into the church crowd, three hurt", None),     # a report: base forms only
    ("he drove into the parade yesterday and everyone's talking about it", None),
    ("my car ended up in a ditch after the ice storm", None),
    ("we throw hands at the gym every saturday, sparring is fun", None),
    ("I know this city like the back of my hand", None),
    ("lean your bike against the wall by the door", None),
    ("we pushed the meeting into next week", None),
    ("my kid lost a few teeth this year, the tooth fairy is broke", None),
]


@pytest.mark.parametrize("text,context", NOT_LEADS)
def test_misogynist_violence_look_alikes_not_flagged(rules, text, context):
    assert_not_lead(rules, text, context)
