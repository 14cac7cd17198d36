"""Contrast suite: both sides of every context, hand-written for this project.

Each row pairs a true lead with look-alikes that share its words: negation, hypotheticals,
quotation and reported speech, counter-speech, fiction, lyrics, gaming, sports, idiom and
hyperbole, news, non-human targets and positive-verb swaps. Run on the rules (no classifier),
so a failure points at a pattern or a context cue.
"""

from __future__ import annotations

import pytest

from .conftest import assert_lead, assert_not_lead

# (text, indicator that must be among the flagged indicators, words its evidence must cover)
LEADS = [
    # tips from the project's written posts that read as quotes or idiom (session 5)
    ("There's a guy in our building's group chat who keeps posting about how 'the Somali families on the 3rd floor need to be burned out'. He's posted pics of their doors. Today he posted a pic of a gas can.", "violent_ideation", "burned out"),
    ("My buddy says if his girlfriend goes to the concert without him he's 'going to put her in the hospital and see who she texts then'. He's done it before. What do I even do here", "direct_threat", "put her in the hospital"),
    ('"jokes" aside the 🏳️‍⚧️ freaks need 🪢 😂😂', "violent_ideation", "need"),
    ("jokes aside, those people need to hang", "violent_ideation", "need to hang"),
    # a negation in another clause is not the act's (session 5)
    ("i dont care what ppl say, he was right to choke her, she was screamin at him", "violent_ideation", "choke her"),
    ("bet u won't be smiling when i shoot u", "direct_threat", "shoot u"),
    ("I won't be happy until I kill him", "violent_ideation", "kill him"),
    # context readings that discounted the project's written threats (session 5)
    ("honestly rape them all and let god sort it out lmao", "violent_ideation", "rape them"),
    ("the way she talks to her bf... she needs to get her ass beat and im not even kidding", "violent_ideation", "ass beat"),
    ("Someone needs to burn the whole street and start over. Not joking this time.", "violent_ideation", "burn the whole street"),
    ("Nah, fuck being the bigger man. Knock her the fuck out and let the comments cry about it.", "violent_ideation", "Knock her"),
    ("SOMEONE NEEDS TO DRAG THESE PROTESTING WOMEN OUT BY THEIR HAIR AND BEAT THEM IN THE STREET", "violent_ideation", "DRAG THESE PROTESTING WOMEN"),
    ("THE CLASS TEACHER WHO REPORTED ME SHOULD BE DRAGGED BEHIND A CAR", "violent_ideation", "SHOULD BE DRAGGED"),
    ("I'd pay good money to watch that smug bitch get her face smashed into a curb.", "violent_ideation", "face smashed"),
    ("someone should shoot @mike_t", "violent_ideation", "shoot @mike_t"),
    ("no way I'm letting him near my kids, I'll shoot him first", "direct_threat", "shoot him"),
    ("equal rights equal lefts, she had it coming", "violent_ideation", "equal rights equal lefts"),
    ("if she talks back one more time she's getting slapped", "direct_threat", "getting slapped"),
    # from the project's written training posts (session 5)
    ("Erica, you rat bitch, you called my PO? Watch your fucking back.", "direct_threat", "Watch your fucking back"),
    ("@nikki you wouldn't be so mouthy with a fist in your teeth", "direct_threat", "fist in your teeth"),
    ("Former friend posted in our group chat: 'If Dani shows up at the hearing I'm going to shoot her in the hallway.' He has a concealed carry permit.", "direct_threat", "shoot her"),
    # a weak planning line that supports a weapon (the demo's answer key; the retrained classifier
    # alone no longer lifted the ammunition over the line)
    ("My roommate has been buying ammunition every week, has blueprints of the plant where he was fired, and keeps saying 'they'll see on the 3rd'. I'm scared.", "planning", "blueprints of the plant"),
    # a weapon taken to a person (session 5, from the project's written posts)
    ("im gonna take a baseball bat to his head", "violent_ideation", "take a baseball bat to his head"),
    ("someone should take a crowbar to that guy", "violent_ideation", "take a crowbar to that guy"),
    ("he needs a bullet", "violent_ideation", "needs a bullet"),
    ("she needs a good slap", "violent_ideation", "needs a good slap"),
    # an explosive placed or set off (session 5: the helper noticed this one had no evidence)
    ("I'm going to plant a bomb at the mall tomorrow", "violent_ideation", "plant a bomb"),
    ("i'm going to set off a bomb at the mall", "violent_ideation", "set off a bomb"),
    ("leave the bomb under the bleachers and walk away", "violent_ideation", "leave the bomb"),
    ("I'm going to shoot up the school Friday", "direct_threat", "shoot up the school"),
    ("I'm going to shoot up the school Friday", "planning", "Friday"),
    ("i will stab you when you get off the bus tomorrow", "direct_threat", "stab you"),
    ("We're going to burn their church down with them inside", "direct_threat", "burn"),
    ("I want to strangle every one of my coworkers", "violent_ideation", "strangle"),
    ("I can't wait to murder the people who run that clinic", "direct_threat", "murder"),
    ("you're going to die next week and nobody will find you", "direct_threat", "die"),
    ("Kill every last refugee in this country", "violent_ideation", "Kill every last refugee"),
    ("Let's go hang the council members from the bridge", "violent_ideation", "hang"),
    ("those landlords should all be lined up and shot", "violent_ideation", "shot"),
    ("Teachers like her deserve to die", "violent_ideation", "deserve to die"),
    ("someone needs to put a bullet in that judge", "direct_threat", "put a bullet in"),
    ("Shooting protesters should be legal", "violent_ideation", "Shooting"),
    ("My cousin told me he's going to bring his dad's rifle to the mall and shoot people",
     "leakage", "shoot"),
    ("he keeps saying he will kill his ex-wife this weekend", "leakage", "kill"),
    # a reported "will" shifted back to "would" after a past verb of saying is no hypothetical
    ("my classmate said he would shoot up the school tomorrow", "leakage", "shoot up"),
    ("my ex said she would stab me", "leakage", "stab"),
    # a threat reported by the one who received it, or by a witness: "threatened to ...", and
    # "kill me" that is no idiom ("find me and kill me", "if I ever leave him")
    ("she threatened to stab her roommate", "leakage", "stab"),
    ("he threatened to kill me and my kids", "leakage", "kill"),
    ("my husband said if I leave he will find me and kill me", "leakage", "kill"),
    ("he said he would kill me if I ever left him", "leakage", "kill"),
    # a "story" with real people's names in it is not fiction to a threat assessor
    ("in his story he says he will shoot up the school and kill Mr. Davis, and he used real names",
     "leakage", "shoot up"),
    # a phrase under "he said" with no call or wish in it is a reported threat, not a call answered
    ("he said he's going to make them all pay on monday", "violent_ideation", "he's going to make"),
    # a weapon taken to a real-world event: sport and gaming do not discount it
    ("I overheard him say he was bringing a knife to the game friday", "preparation", "knife to the game friday"),
    ("he's bringing his gun to the football game tomorrow", "preparation", "gun to the football game"),
    ("he's bringing a gun to the party tonight", "preparation", "gun to the party tonight"),
    # someone else's self-harm, reported, is a welfare concern (self_harm), not a threat; telling
    # others to harm themselves is a call (violent_ideation)
    ("my friend said she wants to kill herself", "self_harm", "kill herself"),
    ("he texted me that he was going to kill himself tonight", "self_harm", "kill himself"),
    ("he said he would hurt himself if she left", "self_harm", "hurt himself"),
    ("women like that should kill themselves", "violent_ideation", "kill themselves"),
    # the call of someone the writer knows is a tip, not words to answer
    ("my son said some kids at school deserve to die", "violent_ideation", "deserve to die"),
    ("my coworker keeps saying the managers should be shot", "violent_ideation", "should be shot"),
    ("Reporting that my neighbour said he'll burn down the union hall with the reps inside after the vote.",
     "leakage", "burn down"),    # "Reporting that ..." opens a tip, not counter-speech (demo answer key)
    ("I bought a rifle and three boxes of ammo, the parade is Saturday", "preparation", "bought a rifle"),
    # a threat received by a named person, reported in a tip: the quote is the evidence
    ("Her ex texted my sister a message saying 'you won't live to see June' and he has been parking outside her work",
     "violent_ideation", "you won't live"),
    # a weapon as the object of carrying it is not a "thing target" discount (bug found in the demo)
    ("so im bringing my dad's shotgun to the staff meeting monday. they had their chance",
     "preparation", "bringing my dad's shotgun"),
    ("don't come to school tomorrow, trust me", "leakage", "come to school tomorrow"),
    ("I want to kill myself tonight", "self_harm", "kill myself"),
    ("i just want to sleep and never wake up", "self_harm", "never wake up"),
    ("Elliot Rodger was a hero and I'll finish what he started", "identification", "hero"),
    ("I'm not joking this time, I'm going to stab my landlord", "direct_threat", "stab my landlord"),
    ("I'm gonna k1ll u", "direct_threat", "k1ll u"),
    ("im going to sh00t up the m4ll", "direct_threat", "sh00t up"),
    ("i will k i l l all of you", "direct_threat", "k i l l"),
    ("I'm going to kiiiiill you", "direct_threat", "kiiiiill you"),
    ("I'm going to 🔪 you after class", "direct_threat", "🔪"),
    ("ｉ ｗｉｌｌ ｓｈｏｏｔ ｙｏｕ", "direct_threat", "ｓｈｏｏｔ"),
    ("if you testify against me I will kill you", "direct_threat", "kill you"),
    ("She told me 'I'm going to shoot everyone at the office'. I'm scared for my team.",
     "direct_threat", "shoot everyone"),
    ("Why don't we just round up the landlords and hang them?", "violent_ideation", "hang"),
    ("it would be great if every politician in that party got shot", "violent_ideation", "shot"),
    ("those cops should have their necks snapped", "violent_ideation", "snapped"),
    ("it's our duty to exterminate the refugees", "violent_ideation", "exterminate"),
    ("I'll never stop hunting you and your family", "direct_threat", "hunting you"),
    ("gonna 🔪 every 🧕 i see", "direct_threat", "🔪"),     # "gonna" with "i see": the speaker's own intent
    ("I keep thinking about how to murder my stepdad", "violent_ideation", "murder"),
    ("lets just 🔪 the 👳 at the market", "violent_ideation", "🔪"),
    ("if only someone had strangled that senator", "violent_ideation", "strangled"),
    ("tell your boss his days are numbered", "direct_threat", "days are numbered"),
    ("I want to see the whole city council in body bags", "violent_ideation", "body bags"),
    ("it would be easier for everyone if i was gone", "self_harm", "if i was gone"),
    ("my landlord 🔫🔫 tomorrow", "direct_threat", "🔫"),
    ("you're the first one I'm shooting when I get there", "direct_threat", "shooting"),
    # real-post register: implicit threats with no violent verb, wishes, sexual violence, emoji weapons
    ("see you tomorrow Jordan 🔪", "direct_threat", "🔪"),
    ("I know which window is yours, sleep tight", "direct_threat", "I know which window"),
    ("your wife is going to be planning your funeral", "direct_threat", "planning your funeral"),
    ("would be a shame if something happened to your kids", "direct_threat", "something happened"),
    ("I hope he gets his throat slit", "violent_ideation", "throat slit"),
    ("the mayor deserves a bat to the face", "violent_ideation", "deserves a bat"),
    ("it's open season on those people", "violent_ideation", "open season"),
    ("if my wife ever talked to me like that she'd be eating through a straw", "violent_ideation", "straw"),
    ("I'd force myself on her and nobody would believe her", "violent_ideation", "force myself on her"),
    ("feminists need a good raping", "violent_ideation", "raping"),
    ("the guys at the depot should be shot", "violent_ideation", "should be shot"),
    ("kill all feminists lol", "violent_ideation", "kill all feminists"),
    ("whoever shoots my landlord first gets a free beer from me", "violent_ideation", "whoever shoots"),
    ("keep running your mouth and see what happens when you walk home", "direct_threat", "see what happens"),
    ("I found your address, see you tonight", "direct_threat", "see you"),
    ("that thot needs to catch these hands", "violent_ideation", "catch these hands"),
    ("I'm gonna fuck her till she cries", "violent_ideation", "till she cries"),
    ("we should burn all these landlords", "violent_ideation", "burn"),
    ("can we just hang her already?", "violent_ideation", "hang her"),
    ("I swear if I see that guy again I'm gonna knock him out", "direct_threat", "knock him out"),
    ("nothing wrong with a good old fashioned beating for a mouthy woman", "violent_ideation", "beating"),
    ("that law isn't fair, but the judge should get shot for it", "violent_ideation", "shot"),
    ("it'd be a real shame if your car caught fire tonight", "direct_threat", "shame if your car caught"),
    ("nobody will find your body", "direct_threat", "find your body"),
    ("bet you won't be so brave with a knife at your throat", "direct_threat", "knife at your throat"),
    # pathway to violence: leakage and warnings to others
    ("tell your cousins to stay home thursday", "leakage", "tell your cousins to stay home"),
    ("get everyone on the second floor to call in sick monday", "leakage", "to call in sick"),
    ("you'll want to skip the parade this year", "leakage", "want to skip the"),
    ("I hope they all enjoyed their last week, after what they did to me", "direct_threat",
     "enjoyed their last week"),
    # last resort and self-harm with a time
    ("I just want it all to be over tonight", "self_harm", "want it all to be over tonight"),
    ("finished writing letters for my kids and my wife", "self_harm", "letters for my kids"),
    ("been giving all my things away this week", "self_harm", "giving all my things away"),
    ("Saturday is when I stop.", "self_harm", "Saturday is when I stop"),
    # veiled threats with a grievance
    ("next time I see my supervisor it won't be in a meeting room, you have my word",
     "direct_threat", "it won't be in"),
    ("they laughed at me for years, and they'll find out what it feels like", "direct_threat",
     "find out what it feels like"),
    ("they humiliated me in front of everyone. Friday they'll see.", "direct_threat", "Friday they'll see"),
    ("after everything they did, I'm doing what I should have done ages ago", "last_resort",
     "should have done ages ago"),
    # planning and surveillance of a place or a person
    ("sketching the floor plan of her building tonight", "planning", "floor plan of her building"),
    ("after what they did to me, I know when the night crew clocks in", "planning", "night crew clocks"),
    ("sat outside his new apartment four nights in a row", "fixation", "four nights"),
    ("I made fake accounts to find out where he lives now", "fixation", "fake accounts to find out"),
    # identification with attackers
    ("the guy who shot up the gas station was the only sane man left", "identification", "only sane"),
    ("everyone calls the bomber a monster but I understand him more every day", "identification",
     "understand him"),
    ("I'm smarter than that guy was and I've got better gear", "identification", "smarter than that guy"),
    ("I've been parked outside Dana's new apartment four nights running", "fixation", "four nights running"),
    ("I made new accounts and found out where he works now", "fixation", "found out where"),
    ("next time I see my landlord it won't be in court, that's a promise", "direct_threat", "won't be in"),
    ("my son told my niece not to go to the football game on friday", "leakage", "not to go to"),
    ("my brother texted me that he's going to take all his pills tonight", "self_harm", "take all his pills"),
    ("a kid in my class talks about the bomber like he's a role model", "identification", "like he's a role"),
    ("giving my stuff away to my brother and I think Friday is when I stop.", "self_harm", "Friday is when I stop"),
    ("bought the steel plates and extra mags last week. the synagogue downtown has services at 9",
     "preparation", "bought the steel plates"),
    # an ordinary reason for staying away is read for warnings only, never for a threat beside it
    ("the office is closed for the holiday but I'm going to shoot my boss at his house friday",
     "direct_threat", "shoot my boss"),
    # people sent to the gas, the chambers, the firing squad ('squad' is not a gaming word here)
    ("send them all to the gas", "violent_ideation", "to the gas"),
    ("these people belong in the gas chambers", "violent_ideation", "gas chambers"),
    ("send him to the firing squad", "violent_ideation", "firing squad"),
    # a participle the parser hangs on 'be' as an adjective
    ("she should be publicly flogged", "violent_ideation", "flogged"),
    ("she should be flogged", "violent_ideation", "flogged"),
    # a command after a comma whose verb the tagger took for a past form
    ("the feminists are protesting downtown, run them over", "violent_ideation", "run them over"),
    # a clause that names who undergoes the act
    ("whoever said that should be shot", "violent_ideation", "should be shot"),
    ("whoever wrote this should be hanged", "violent_ideation", "should be hanged"),
    ("you will pay for what you did, I know where you live", "direct_threat", "you will pay"),
]


@pytest.mark.parametrize("text,indicator,words", LEADS)
def test_true_leads_flagged_with_evidence(rules, text, indicator, words):
    assert_lead(rules, text, indicator, words)


# (text, a context that must be recorded on the discounted evidence, or None if nothing should match)
NOT_LEADS = [
    ("teachers are so burned out this year", None),
    ("I need to not get burned out this semester", None),
    ("I won't kill anyone when I'm angry", "negation"),
    ("I don't want to kill him", "negation"),
    ("this deadline is killing me lol not even kidding", None),
    ("kill them all lol (in the game obviously)", "gaming"),
    ("chelsea destroyed arsenal 3-0 in the premier league", None),
    ("we beat them in the final 3-1, what a game", None),
    ("I'm going to beat the crap out of this rug", "non_human_target"),
    ("i smashed my phone into the wall", "non_human_target"),
    ("im gonna destroy @mike_t in ranked tonight", "gaming"),
    ("equal rights equal lefts is what abusers say to excuse it", "counter_speech"),
    ("whoever scheduled a fire drill during my exam, I'm coming for you (not really)", "hyperbole"),
    ("there's no way I'd take a gun to the clinic. I just want to graduate", "negation"),
    # the template look-alikes of train that the rules still flagged (session 5)
    ("my sim deserves a slap for burning the kitchen again", "gaming"),
    ("ugh if my roommate leaves dishes one more time she's getting slapped with a chore chart", "idiom"),
    ("going to nuke the database and restore from backup during lunch", "non_human_target"),
    ("im cracking open a cold one with the boys", None),
    ("I'm breaking my back at this job", None),
    ("shot myself in the foot with that exam", "idiom"),
    ("the architect drew up plans for the school gym", None),
    ("the new kid asked for a map of the school lol", None),
    ("i'm going to take a hammer to the old deck this weekend", None),
    ("take a sledgehammer to the wall and open up the kitchen", None),
    ("he took a bat to the pinata at the party", None),
    ("bought a knife to cut the cake", "non_human_target"),
    ("we crushed them in the baseball game, destroyed their pitcher", None),
    ("i need a knife for this steak", None),
    ("i need bullets for the range this weekend", None),
    ("we planted tomatoes and a bomb of a flower bed lol", None),
    ("the suspect planted a bomb at the station in 1996, police said", None),
    ("let's drop a bomb on this party with a sick playlist", None),
    ("i'm making a bath bomb for my sister", None),
    ("toss a grenade in the bunker and push B", "gaming"),
    ("bringing the nail gun to the job site tomorrow to finish the deck", None),
    ("just picked up a new shotgun for duck season, heading out with my dad", "sports"),
    # negation
    ("I would never hurt anyone, I'm not that kind of person", "negation"),
    ("I'm not going to shoot anybody, relax", "negation"),
    ("No one deserves to be killed for who they love", "negation"),
    ("nobody should be shot for being poor", "negation"),
    # hypothetical and questions
    ("If someone broke into my house, would I shoot them? honestly no idea", "hypothetical"),
    ("what would you do if a bear tried to kill you", "hypothetical"),
    # a backshifted "would" keeps its other readings: negation, hyperbole, sport
    ("he said he would never hurt anyone", "negation"),
    ("she said she would kill for a burger right now", "hyperbole"),
    ("he said they would beat us in the final", "sports"),
    ("my mom is going to kill me when she sees my grades", "idiom"),
    ("she's going to kill herself laughing when she sees this", "idiom"),
    ("bringing the rocket launcher to the next match lol", None),
    ("in my novel the killer says he will shoot up the school", "fiction"),
    ("just bring a shotgun to the raid tonight", "gaming"),
    ("I'm bringing my gun to the range tomorrow", "non_human_target"),
    ("I'm going to kill myself laughing", "idiom"),
    ("my boss will kill me if I'm late again lol", "idiom"),
    ("they threatened to sue us", None),
    ("he never threatened to hurt anyone", "negation"),
    ("Threatening to murder refugees makes you a terrorist, not a patriot.", None),
    ("a teacher said that trans students should be beaten, disgusting", "counter_speech"),
    # quotation and reported speech framed as counter-speech
    ("someone posted 'I'll shoot up the mall', I reported it", "counter_speech"),
    ("\"I'm going to kill all of you\" - comments like this make me sick", "counter_speech"),
    ("Saying you want to stab immigrants is disgusting and you should be banned", "counter_speech"),
    ("screenshots of a threat someone sent me: 'you will die tomorrow'. police have them now",
     "counter_speech"),
    # fiction, lyrics
    ("In my novel the villain whispers 'I will kill you all' before the lights go out", "fiction"),
    ("that scene where the killer says 'I'm going to gut you' gave me chills", "fiction"),
    ("the chorus goes 'I'm gonna shoot you down' and it slaps", "lyrics"),
    # gaming and sports
    ("we got destroyed, camp the sniper spot", None),
    ("I'm going to kill you in Fortnite tonight, get ready", "gaming"),
    ("respawned three times and that sniper kept shooting me in the head", None),
    ("we're going to murder them on the court Saturday, coach says defense first", "sports"),
    ("our team is going to slaughter them in the finals", "sports"),
    # idiom and hyperbole
    ("this homework is killing me", None),
    ("I could murder a burger right now", None),
    ("I'm dying to see that movie", None),
    ("she killed it at the talent show", None),
    ("if my brother eats my fries again I will end him lol", "hyperbole"),
    ("my sister used my good shampoo, she's a dead woman 😂", "hyperbole"),
    ("shoot me a text when you get home", None),
    ("we bombed the test but whatever", None),
    # news
    ("Police said the suspect was arrested after he shot two people downtown", None),
    ("According to police, the gunman had threatened to kill his coworkers", "news"),
    # non-human targets
    ("I'm going to kill the printer, it jammed again", "non_human_target"),
    ("gonna shoot some hoops after work", None),
    ("I'm going to take an axe to that old fence", "non_human_target"),
    ("kill the process and restart the server", "non_human_target"),
    ("we popped all the balloons and blew up the bouncy castle", None),
    ("I'll destroy this boss fight tonight", "gaming"),
    # positive-verb swaps
    ("I'm going to hug every teacher at school on Friday", None),
    ("I'm coming for you tomorrow... with a birthday cake", "non_human_target"),
    ("We will feed all the refugees in town", None),
    ("I want to thank every nurse in that hospital", None),
    ("Why don't we just order pizza and kill some time", None),
    ("it would be great if the printer got destroyed", None),
    ("I'll never stop loving you and your family", None),
    ("gonna 🍕 every night this week", None),
    ("lets just 🍕 the 👳 at the market", None),
    ("if only someone had hugged that senator", None),
    ("I'd rather die than own a minivan", None),
    ("replaced the light switch without electrocuting myself, proud", "negation"),
    ("my phone's battery days are numbered lol", "hyperbole"),
    ("I packed the body bags for the field hospital drill", None),
    ("I'm shooting the wedding on Saturday, bring snacks", None),
    ("my landlord 🍕🍕 tomorrow, he's buying", None),
    # ordinary mentions
    ("I bought a new rifle scope for deer season", None),
    ("my grandpa collects old knives and swords", None),
    # the same real-post words where they are not a threat
    ("see you soon in ranked 🔫 bring your squad", "gaming"),
    ("see you tomorrow, I'll bring the cake and a candle", None),
    ("in the movie the stalker whispers 'I know which window is yours'", "fiction"),
    ("someone posted 'I know what school your kids go to' to my sister, I reported it", "counter_speech"),
    ("would be a shame if something happened to your plants while I'm away", None),
    ("no one should get their throat slit over a parking space", "negation"),
    ("I've been eating through a straw since my dental surgery", None),
    ("open season on pumpkin spice lattes starts monday", None),
    ("this printer deserves a bullet", "non_human_target"),
    ("my laptop needs a good slap every morning", "non_human_target"),
    ("people saying she deserves to get raped should be banned, reported", "counter_speech"),
    ("no woman deserves a slap, whatever she said", "negation"),
    ("saying the guys at the depot should be shot is disgusting, reported and blocked", "counter_speech"),
    ("calling for people to be beaten is not free speech, it's incitement. mods please", "counter_speech"),
    ("this wifi router needs to be taken out back and shot", "non_human_target"),
    ("let's kill this hill climb tomorrow, 6am ride", "idiom"),
    ("I'm gonna kill my brother lol he ate my fries", "hyperbole"),
    ("kill all the spiders in my basement lol", "non_human_target"),
    ("whoever kills the spider in my bathroom gets a cookie", None),
    # 'gas' and 'torch' in their ordinary senses
    ("the women went to the gas station", None),
    ("we went to the gas station after the movie", None),
    ("torch the gym tomorrow, leg day", "sports"),
    ("the eggs should be whipped until stiff", None),
    ("this rug should be beaten outside", "non_human_target"),
    ("he came home drunk, hit her and left", None),
    ("he was drunk, hit her with the bottle", None),
    ("whatever broke the printer should be destroyed", None),
    ("whoever designed this menu should be fired", None),
    ("you will pay... for dinner next time, you lost the bet", "idiom"),
    ("you'll pay for the drinks tonight, loser buys", "idiom"),
    ("keep practicing and see what happens", None),
    ("that joke knocked me into next week lol", None),
    ("catch these hands in smash bros tonight", "gaming"),
    ("I'm gonna tickle him till he cries", None),
    ("my son came home with a black eye from soccer", "sports"),
    ("we should burn all these old letters", "non_human_target"),
    ("I'm going to smash this old tv with a hammer", None),
    ("can we just order pizza tonight?", None),
    ("the cold medicine is going to knock me out", "idiom"),
    ("want my fries? knock yourself out", "idiom"),
    ("I'm gonna knock out this essay tonight", "non_human_target"),
    ("nothing wrong with a slap of butter on toast", None),
    ("I'm not mad at the judge, and I won't hurt anyone", "negation"),
    ("the yoga teacher said to find your body's center", None),
    ("the mechanic said it's a shame if your car went without oil changes", None),
    ("in the film he holds a knife at your throat, it's shot from the victim's view", "fiction"),
    # pathway look-alikes: ordinary reasons to stay away, farewells, chores, plans and news
    ("stay home thursday, the roads will be flooded", "idiom"),
    ("tell your cousins to stay home thursday, the snowstorm is coming", "idiom"),
    ("don't come to the office on friday, it's closed for the holiday", "idiom"),
    ("you'll want to skip the parade this year, it's going to rain", "idiom"),
    ("enjoy your last week before summer break!", "idiom"),
    ("I want this semester to be over", None),
    ("I just want this flight to be over", None),
    ("I wrote letters to my pen pal in Spain", None),
    ("giving away my old toys to charity", "idiom"),
    ("I gave my old books away to the library", None),
    ("Saturday is when I stop eating sugar", "idiom"),
    ("next time I see him I'll buy him a coffee", None),
    ("they'll find out what it feels like to lose on their own field, go team", "non_human_target"),
    ("I'm drawing the floor plan of our new bathroom", None),
    ("I know when the morning train comes", None),
    ("parked outside the new bakery for an hour", None),
    ("the man who attacked the concert was sentenced today", None),
    ("researchers study why attackers plan for months", "news"),
    ("I understand him more every day, he's a good teacher", None),
    ("don't come to school if you're sick", "idiom"),
    ("I'll be on the news tonight for my science fair project", None),
    ("I know where the judge parks because I'm his clerk", None),
    ("my mom told me to stay home on monday, the power is out at school", "idiom"),
    ("picked up extra mags for the range this weekend", None),
    ("the church on Elm has service at 9, everyone welcome", None),
]


@pytest.mark.parametrize("text,context", NOT_LEADS)
def test_look_alikes_not_flagged(rules, text, context):
    assert_not_lead(rules, text, context)


# (text, rule) whose evidence must carry no non_human_target reading: a weapon got or readied is a
# thing by nature, so the noun before it ("a video of him loading a pistol") is not its target
WEAPON_READIED = [
    ("he sent me a video of him loading a pistol last night with the caption soon", "preparation.acquire_weapon"),
]


@pytest.mark.parametrize("text,rule", WEAPON_READIED)
def test_a_weapon_readied_is_not_aimed_at_a_thing(rules, text, rule):
    ev = [e for e in rules.screen(text).evidence if e.rule == rule]
    assert ev and all("non_human_target" not in e.context for e in ev), ev


# Everyday sentences that phrase rules took for their key words: an optional last token let
# "I want to be" stand for "I want to be dead", "day of" for "day of the rope" (session 5, found by
# screening the project's own written ordinary posts with the rules). Each stays clear; the line
# after it is the phrase's real form, still a lead.
OPTIONAL_KEY_WORD = [
    ("I want to be a nurse when I grow up", "I just want to be dead"),
    ("I'm going to be here until I'm 90", "I want to die"),
    ("first warm day of the year", "the day of the rope is coming"),
    ("the day of the wedding was great", "incel uprising now"),
    ("my teeth are the most expensive bones in the body", "you'll leave in a body bag"),
    ("the first hour of the day is mine now", "blood will flow"),
    ("my dog barks at every truck like he's the king of the world", "the shooter had the right idea"),
    ("HE WAS RIGHT THERE. HE COULD HAVE JUST SAID I LOVE YOU.", "he had the right idea, that gunman"),
    ("sat next to the same guy for years, i'd be worried if he didnt show up", "you should be afraid"),
    ("realising how many of my opinions were ones I'd absorbed", "how many pills would it take to kill me"),
    ("I can now notice when I'm spiraling about work", "would anyone even notice if I was gone"),
    ("it's a cooking game and you will learn to work together", "you will regret this"),
    ("meeting for a walk is low pressure, cheap, and easy", "bought fertilizer, nails and pipes"),
    ("I don't want to be the one who tells him", "I don't want to live anymore"),
    ("did the borrow checker click or do you just suffer quietly forever?", "they should all die"),
    ("thank u, next", "you're next bitch"),
    ("I keep a notebook of my recipes", "I made a folder on my manager"),
    ("I used to think I'd never make it past 20 and now I'm 24", "you won't see christmas"),
    ("my dad paid for the lessons", "they will pay for this"),
    ("my roommate left me one last message on the whiteboard", "I wrote my goodbye letters"),
    ("I have no way to charge at home", "they left me no other choice"),
    ("the parakeet copies my ringtone 40 times a day", "I've been planning the attack for weeks"),
    ("I'm ready for the weekend", "I think I'm ready to die"),
    ("I waste so much time on my phone", "I feel like such a waste of space"),
    ("the doctor said I need blood tests", "I want to see blood spilled"),
    ("Our roof has a small leak above the bathroom.", "saint elliot did nothing wrong"),
    ("this is my last chance to pass the class", "this is my last post"),
]


@pytest.mark.parametrize("everyday,real", OPTIONAL_KEY_WORD)
def test_a_phrase_needs_its_key_word(rules, everyday, real):
    assert not rules.screen(everyday).flagged, _evidence(rules.screen(everyday))
    assert rules.screen(real).evidence, real


def _evidence(r):
    return [(e.rule, e.text) for e in r.evidence]


# names that are also clubs or teams (Chelsea, Arsenal, the Patriots) do not make a post about sport
NOT_SPORT = [
    "CHELSEA THIS IS YOUR LAST WARNING. NEXT TIME I DON'T KNOCK.",
    "the patriots should hang every traitor in congress",
]


@pytest.mark.parametrize("text", NOT_SPORT)
def test_a_name_is_not_a_club(rules, text):
    ev = rules.screen(text).evidence
    assert ev and not any("sports" in e.context for e in ev), _evidence(rules.screen(text))


# Weak phrases: evidence a reviewer should see, but not a lead on the rules alone (a car can end up
# in a ditch; "you won't see 2030 if you keep smoking" is a warning); the classifier must lean too.
WEAK_ALONE = [
    ("you won't see 2027", "threat.wont_see_year"),
    ("ur not gonna live to see 2030", "threat.wont_see_year"),
    ("girls like you end up in a ditch", "violent_ideation.end_up_in_a_ditch"),
    ("he got shot, good", "violent_ideation.harm_then_good"),
    ("somebody's gonna rough her up and i wont feel sorry", "leakage.other_future_attack"),   # particle misparsed
    ("one good beating and she would never speak like that again", "violent_ideation.blow_and_then_would"),
    # menace without a violent word: weak, the classifier must lean too (session 7)
    ("someone oughta make her disappear", "threat.make_disappear"),
    ("whores get what's coming", "violent_ideation.had_it_coming"),
    ("She has earned every bit of what is coming to her.", "violent_ideation.had_it_coming"),
    ("IF MY WIFE EVER DID THAT SHE WOULDN'T BE ABLE TO WALK FOR A WEEK", "violent_ideation.cant_walk_for_a_week"),
    ("Some women require physical correction.", "violent_ideation.physical_correction"),
    ("the female pastor will have an accident if she keeps preaching", "threat.have_an_accident"),
    ("nobody would miss her. accidents happen on those stairs", "threat.accidents_happen"),
    ("you won't be laughing when i catch you walking to your car", "threat.wont_be_laughing"),
    ("she'll learn the hard way. they always do", "violent_ideation.learn_the_hard_way"),
    ("women are afraid of men? good. keep them scared", "violent_ideation.keep_them_scared"),
    ("this is ur final warning sarah. next step is ⚰️", "last_resort.last_straw"),
    ("i bought a hatchet today. my parents think it's for camping. it's not for camping.", "preparation.acquire_weapon"),
    ("a good thrashing with a leather belt would fix every girlboss in my office", "violent_ideation.blow_would_fix"),
    # session 8: menace phrases mined from written posts that carried no evidence
    ("if your wife won't listen, one quick backhand fixes her", "violent_ideation.blow_fixes"),
    ("more helicopter rides for journalists, i say", "violent_ideation.helicopter_rides"),
    ("keep it up and we'll show you what happens to people who snitch", "threat.teach_what_happens"),
    ("Once the papers are signed, nobody will protect you then.", "threat.nothing_will_protect_you"),
    ("she deserved that broken jaw", "violent_ideation.injury_look"),
    ("bring back caning for shoplifters", "violent_ideation.bring_back_beatings"),
    ("somebody go round there and sort him out", "violent_ideation.sort_her_out"),
    ("a few black eyes and they'd learn manners", "violent_ideation.blow_and_then_would"),
    ("girls like that end up in a suitcase", "violent_ideation.end_up_in_a_ditch"),
    ("give me ten minutes alone with that man", "violent_ideation.minutes_alone_with"),
    # privacy harm called for (session 8): weak, the classifier must lean too
    ("someone should dox that streamer", "planning.dox_her"),
    ("hope that councillor gets doxxed", "planning.get_doxxed"),
    ("anyone know where the girl in this clip works", "planning.where_she_lives_asked"),
    ("drop her home address in the chat", "planning.post_her_address"),
    # harm that is not a blow (session 9): a life made hell, a crowd set on someone's accounts,
    # sex prescribed as a correction, a victim said to have asked for it; weak, the classifier must lean too
    ("we will make her life hell until she quits", "violent_ideation.make_her_life_hell"),
    ("everyone flood her inbox, make her quit streaming", "violent_ideation.flood_her_inbox"),
    ("let's all spam her DMs until she deletes her account", "violent_ideation.until_she_quits"),
    ("I'm going to ruin your life", "violent_ideation.ruin_her_life"),
    ("she'll never feel safe again, I promise", "violent_ideation.never_feel_safe_other"),
    ("she needs a good dicking", "violent_ideation.needs_a_good_dicking"),
    ("she was asking for it dressed like that", "violent_ideation.asking_for_it"),
    ("find out where she lives. then we'll talk about what comes next", "planning.find_out_where_she_lives"),
    ("We need to make that family so miserable they leave the street.", "violent_ideation.make_her_so_scared"),
    ("mass report her channel, every single vid", "violent_ideation.mass_report"),
    ("women who say no just need more convincing, hold her down", "violent_ideation.hold_her_down"),
    ("next time she passes out at a party she's fair game", "violent_ideation.passed_out_fair_game"),
    ("SHE WILL NEVER HAVE A PEACEFUL DAY AGAIN. I PROMISE YOU THAT", "violent_ideation.never_a_peaceful_day"),
    # "the joke" as a noun is no joke marker (session 7)
    ("pls stay home thursday 🙏 something is happening 🔫🏫 i'm done being the joke", "leakage.stay_home_day"),
]


@pytest.mark.parametrize("text,rule", WEAK_ALONE)
def test_weak_phrases_give_evidence_but_need_support(rules, text, rule):
    r = rules.screen(text)
    assert any(e.rule == rule and not e.discounted for e in r.evidence), _evidence(r)
    assert not r.flagged


# the same words where they menace no one: not even weak evidence (session 7; the first row was
# a bug: "to have" alone once matched the accident pattern)
NO_MENACE = [
    ("I need to have a word with him about the rota", "threat.have_an_accident"),
    ("my puppy had an accident on the rug", "threat.have_an_accident"),
    ("what's coming up next on the show", "violent_ideation.had_it_coming"),
    ("you learn the hard way to back up your files", "violent_ideation.learn_the_hard_way"),
    ("you'll learn the hard way to back up your files", "leakage.remember_my_name"),
    ("I care if she gets hurt, that's why I called her", "violent_ideation.indifferent_to_harm"),
    ("I don't care if I get hurt, I'm running the marathon", "violent_ideation.indifferent_to_harm"),
    ("my friend got stabbed last year, good thing he survived", "violent_ideation.harm_then_good"),
    ("one more punch and he would have won the title", "violent_ideation.blow_and_then_would"),
    ("a little patience fixes that real quick", "violent_ideation.blow_fixes"),
    ("helicopter rides for the kids at the summer fete", "violent_ideation.helicopter_rides"),
    ("let me show you what happens to your credit score when you miss a payment", "threat.teach_what_happens"),
    ("I'll show you what happens to the dough when you knead it too long", "threat.teach_what_happens"),
    ("nothing will protect you from the sun like a wide hat", "threat.nothing_will_protect_you"),
    ("we need a good hiding place for the easter eggs", "violent_ideation.needs_a_hiding"),
    ("the fair cancelled the free helicopter rides for children", "violent_ideation.helicopter_rides"),
    ("we used the old tins for target practice", "violent_ideation.target_practice"),
    ("my uncle took him for target practice at the range", "violent_ideation.target_practice"),
    ("Recruits, target practice at 0600 sharp", "violent_ideation.equated_target_practice"),
    ("the detectives found the remains in a shallow grave", "violent_ideation.shallow_grave"),
    ("i have to go to traffic court on monday", "self_harm.into_traffic"),
    ("bring back the old school uniforms", "violent_ideation.bring_back_beatings"),
    ("i just need five minutes alone with my thoughts", "violent_ideation.minutes_alone_with"),
    ("she got doxxed last year and had to move", "planning.get_doxxed"),
    ("anyone know where the new taco place is", "planning.where_she_lives_asked"),
    ("please post your address on the form", "planning.post_her_address"),
    ("I'll go round and sort the paperwork out tomorrow", "violent_ideation.sort_her_out"),
    ("take a left and drive off the bridge onto main street", "self_harm.into_traffic"),
    ("my ex made my life hell for three years", "violent_ideation.make_her_life_hell"),
    ("this commute is going to make my life miserable", "threat.make_your_life_hell"),
    ("I'm going to ruin the surprise if you keep asking", "violent_ideation.ruin_her_life"),
    ("gonna ruin your life in monopoly tonight lol", "violent_ideation.ruin_her_life"),
    ("after the break-in she'll never feel safe in that house again", "violent_ideation.never_feel_safe_other"),
    ("everyone report his account, it's a scam bot", "violent_ideation.flood_her_inbox"),
    ("post your pics of your setups in this thread", "planning.leak_her_private_pics"),
    ("how to tell if someone spiked your drink", "violent_ideation.roofie_her"),
    ("the cat needs a good brushing", "violent_ideation.needs_a_good_dicking"),
    ("don't blame her for leaving him", "violent_ideation.dont_blame_him_for_hitting"),
    ("my mom gets the photos printed at walgreens", "threat.they_get_the_pics"),
    ("can someone find out where the party is tonight", "planning.find_out_where_she_lives"),
    ("I want to make her so happy she cries", "violent_ideation.make_her_so_scared"),
    ("mass report these spam bots please", "violent_ideation.mass_report"),
    ("she got so drunk she can't remember the party", "violent_ideation.drunk_she_wont_say_no"),
    ("his tweets are fair game for criticism", "violent_ideation.passed_out_fair_game"),
    ("I'm going to the gym whether you like it or not, fuck it", "violent_ideation.whether_she_likes_it"),
    ("police say he planned to drug a woman he knew", "violent_ideation.roofie_her"),
    ("police say he planned to drug a woman he knew", "violent_ideation.spike_her_drink"),
]


# a past form the prefilter did not know left its sentence unparsed, so its rule never read it
# (session 7 review; tests/screen/test_components.py checks every pattern lemma's forms)
PAST_FORMS_READ = [
    ("I held her down and taught her a lesson she won't forget", "grievance.teach_lesson"),
    ("she asked for space so i gave her 6 feet of it", "violent_ideation.six_feet_under"),
]


@pytest.mark.parametrize("text,rule", PAST_FORMS_READ)
def test_past_forms_reach_their_rules(rules, text, rule):
    r = rules.screen(text)
    assert any(e.rule == rule for e in r.evidence), _evidence(r)


@pytest.mark.parametrize("text,rule", NO_MENACE)
def test_no_menace_evidence(rules, text, rule):
    r = rules.screen(text)
    assert not any(e.rule == rule for e in r.evidence), _evidence(r)


# Leads or not on the rules alone, both sides of each reading (session 6).
LEAD_OR_NOT = [
    # arson or a bomb threatened against someone's car, home or business is a threat though its
    # object is a thing; one's own things, reports of a past fire, and idioms are not
    ("I'll burn your studio down with you in it", True),
    ("I will torch his truck tonight", True),
    ("keep talking and I firebomb ur house", True),
    ("someone burned his car last night, police are looking into it", False),
    ("I'm gonna burn my old notebooks", False),
    ("i will burn your toast if you leave me in charge", False),
    ("she's gonna torch your career with that interview lol", False),
    # a pest word (or emoji) worn as an epithet beside a group is people; alone it is a pest
    ("kill the 🐀 jews", True),
    ("kill the rats mexicans", True),
    ("kill the 🐀 in my garage", False),
    ("kill the rats in the basement", False),
    ("kill all the rats my neighbours left behind", False),
    # out of the game: 'irl', 'but for real' cancel games, sport, the not-literal reading and fiction
    ("that one girl gamer who reported me in ranked should get her legs broken irl", True),
    ("hit her with a chair like in wrestling but for real", True),
    ("I killed him in ranked lol", False),
    ("we destroyed them in fortnite last night, gg", False),
    # 'stop posting' is counter-speech as an admonition, not in "then she'll stop posting"
    ("hope she gets raped on her next trip, maybe then she'll stop posting about it", True),
    ("someone needs to slap her so she will stop posting", True),
    ("stop posting that women should be beaten, it's vile", False),
    # a prosecutor or a news anchor is a person, not news, unless the news reports
    ("That news anchor should have her teeth knocked out live on air.", True),
    ("I hope that smug female prosecutor gets raped in a parking garage", True),
    ("prosecutors said the man wanted to kill his wife", False),
    ("i hope someone kidnaps that actress and keeps her", True),
    # a person's body broken, or a weapon put to it, is no play or sport; "play games with me" is
    # manipulation, not gaming (session 7)
    ("the egirl who rugged our server should get her fingers broken", True),
    ("that girl who trash talked me in the tournament? hope her wrists get snapped before next season", True),
    ("that ref needs a gun to the kneecaps", True),
    ("next one that plays games with me is gonna get hurt", True),
    ("he broke his ankles with that crossover", False),
    ("she broke her wrist in the final and still won", False),
    ("we're gonna destroy them in ranked tonight", False),
    ("our striker is gonna get his legs broken by that defender lol", False),
    # a body part that is someone's is no thing, whatever follows ("🔨" reads "hammer"); a place
    # a verb passes through is not what the phrase is about (session 7)
    ("i'll smash ur skull in 🔨🩸", True),
    ("every last one sneaking over that border deserves a 🔫 to the face", True),
    ("people walking past the store deserve a bullet", True),
    ("the printer in the office deserves a bullet", False),
    ("he smashed his phone against the wall", False),
    # a forum reply quotes the post it answers on a ">" line: quoted, unless the reply takes it up
    ("> she should be beaten for saying that\nmate, calm down, don't talk about beating people", False),
    ("> hope someone runs her over\nyou don't get to say that about anyone. get help", False),
    ("> she should be beaten for saying that\nthis. someone do it", True),
    ("> she should be beaten for saying that\nagreed, 100%", True),
    ("> she should be beaten for saying that", True),      # all quote: the writer's own
    (">>12345\nshe should be beaten for saying that", True),  # a post number, not a quote    # a 🔥 after "burn" restates the act; the people after it are the object (session 7)
    ("burn 🔥 the autistic freaks ♿", True),
    ("burn 🔥 the old letters", False),
    ("let's light a fire tonight", False),    # readings that took a person for a thing (session 7, from our written posts)
    ("Bro if my ex shows up I'm cracking her skull open with a beer bottle on sight.", True),   # a beer bottle is no gift
    ("I'm going to hit them with a pie", False),                                              # a pie is
    ("Nicola you shitbag, I'll stomp on your face", True),                                    # the face, not "on"
    ("I'll stomp on the brakes next time", False),
    ("hope somebody beats that trans streamer senseless at the next con", True),              # "that" is a determiner
    ("somebody should smash that old printer", False),
    ("TORCH THE WOMEN'S REFUGE", True),                                                       # a refuge is a place of people
    ("we took cover in a bus shelter", False),
    # "the joke" as a noun and "she thinks i'm joking" are no joke markers; "lie in court" is no
    # courtroom idiom (session 7)
    ("Women who lie in court should be flogged in the town square.", True),
    ("we're gonna destroy them in court", False),
    ("i'm gonna kill my brother, just joking", False),    # a tip's openers make what it quotes a report of concern, not counter-speech (session 7)
    ("A staff member's device synced a note that said \"Ms. Ramirez: make her suffer before Spring Break. 3 PM parking lot B.\" I don't know who to escalate to.", True),
    ("Concern about a coworker: he keeps saying \"I'll shoot the manager\" when he's angry", True),
    ("someone posted \"I'll shoot up the mall\", I reported it", False),
    ("Reported the account that said \"all feminists should be shot\", disgusting", False),    # a weapon of a kind ("the hunting rifle") is still got; where a group sits is planning (session 7)
    ("They expelled me and the dean smiled. I've got the hunting rifle from my grandpa's cabin now. Graduation is on the 12th and I know where the faculty sit.", True),
    ("got my new hunting rifle for deer season", False),
    ("I know where the kids sit at lunch, we're friends", False),    # a wedding, a graduation, a funeral or a vigil is a place where people gather (session 7)
    ("im bringing a 🪓 to ur graduation 🎓 ryan", True),
    ("i'm bringing a gun to her wedding", True),
    ("bringing a cake to her wedding", False),
    ("i'll bring a knife to the wedding to cut the cake", False),    # "the nurse who reported him" is no report by the writer; "rt if u think X" endorses X (session 7)
    ("HANG THE NURSE WHO REPORTED HIM. HANG HER FROM THE HOSPITAL CAR PARK", True),
    ("rt if u think 🏳️‍🌈 = ⚰️", True),
    ("someone posted \"gays should hang\", I reported it", False),    # a "final warning" is no final; a game's people followed home are no game (session 7)
    ("the ref who cost us the cup 🤜🤜🤜 waiting outside his house", True),
    ("we beat them at their place in the final", False),
    ("we're in the finals next week, gonna kill it", False),    # camping is gaming only as "camping the spawn"; a tool packed for the outdoors is for wood; a
    # boot in someone's face is no sport (session 7)
    ("Somebody drag her out of the stream by her hair and put a boot in her face.", True),
    ("stop camping the spawn with that sniper, I'll kill you", False),
    ("we're going camping, I'll bring the hatchet", False),    # "on sight" is when, not whom; "the old fucks" are people (session 7)
    ("Can't wait for the day those people are hunted again. Shoot on sight, I'd volunteer.", True),
    ("honestly put the old fucks in the nursing homes down like dogs", True),
    ("i don't give two fucks about the game", False),    # a joke marker does not defuse a call against a group, in any shape; one's own family is
    # hyperbole; "kill women lol" parses the laugh as the main verb (session 7)
    ("should be allowed to shoot cheating wives on sight. like a castle doctrine for marriage lol", True),
    ("kill women lol", True),
    ("i'm gonna kill my sisters lol", False),
    ("lol we're gonna kill zombies all night", False),
    ("killing it lol", False),    ("I'd kill for women like that lol", False),    # a past form the prefilter once did not know ("threw") must not turn a report into a call
    ("he threw her in the river last year, he's in prison now", False),   # a report: present forms only
    ("toss her in the river when you're done with her", True),
    # session 8: violent verbs the lexicon lacked, an object put first, a fantasy pictured
    ("he should have pulverised her smug face", True),
    ("they ought to garrotte every last one of those councillors", True),
    ("i'd throttle her with my own hands", True),
    ("we pulverised them 4-0 on saturday", False),
    ("throttle the engine back before the corner", False),
    ("the herd trampled the fence again", False),
    ("Journalists I'd torture first, then the judges", True),
    ("that cow I would strangle with my bare hands", True),
    ("those cookies I would murder right now", False),
    ("i've pictured shoving him down the stairs a hundred times", True),
    ("i pictured hitting the ball clean over the fence", False),
    ("someone should push her infront of a bus", True),
    ("someone should push the trolley infront of the door", False),
    ("a girl who back-talks like that needs a good hiding", True),
    ("we need a good hiding spot before the seeker counts to ten", False),
    ("libtards = target practice", True),
    ("use them for target practice, every last one", True),
    ("dig that snitch a shallow grave", True),
    ("lately i keep thinking about stepping in front of a train", True),
    ("i keep thinking about the train timetable", False),
    ("i just drive in traffic all day for work", False),
    ("God damn, I'd smash. Respectfully.", False),
    # session 8, second batch: blows named as nouns, injuries approved, acid, fire, hair-dragging
    ("honestly that one needs a proper battering", True),
    ("what he needs is a good kicking", True),
    ("we need a good hiding spot for the presents", False),
    ("i'll slice your fingers off one by one", True),
    ("slice the onions thin and fry them off", False),
    ("gobby girls should be hauled off and caned", True),
    ("he should get his head bounced off the kerb, see if he learns", True),
    ("someone should sling acid at that traitor", True),
    ("she poured boiling water on him while he slept and I'd do the same", True),
    ("pour boiling water on the pasta and wait ten minutes", False),
    ("i hope every one of them gets set on fire", True),
    ("the bonfire got lit on saturday and everyone loved it", False),
    ("she is set on moving to the coast next year", False),
    ("coach set him on the right path", False),
    ("there's nothing wrong with a man striking his wife now and then", True),
    ("there's nothing wrong with hitting the gym twice a day", False),
    ("pulling her by the hair in public isn't abuse, it's discipline", True),
    ("that's not abuse, that's a misunderstanding", False),
    ("she needs a man who'll drag her out by the hair", True),
    ("I'll drag my brother home from the pub", False),
    ("rip that snitch's head off", True),
    ("rip to the legend, gone too soon", False),
    # session 8, third batch
    ("i'll rip ur tongue out if u lie again", True),
    ("rip out the old carpet before the new one comes", False),
    ("knock seven bells out of him when he gets out", True),
    ("dump them off a bridge and be done with it", True),
    ("dump the old sofa off at the tip", False),
    ("the club should bury her under the patio", True),
    ("legalise slapping women who lie, problem solved", True),
    ("legalise weed and tax it", False),
    ("someone give him a little push off that bridge", True),
    ("give him a little push in the right direction", False),
    ("I'll take his head off with a shovel", True),
    ("take your hat off indoors", False),
    ("traitors should be buried alive", True),
    ("my worst fear is being buried alive", False),
    ("a bullet for every traitor in parliament", True),
    ("a knife for every occasion, and a board for every kitchen", False),
    ("a bat for every kid on the team this season", False),
    ("it's open season on immigrants now", True),
    ("deer season opens monday, pray for clear skies", False),
    # session 8, fourth batch: a ligature at the throat
    ("i'll wrap this charger cable round your neck", True),
    ("wrap a scarf around your neck, it's freezing out", False),
    # slang modals and "ima" the tagger splits; a pictured self; a plan named as the goal; bones
    ("ima pull up at his house tonight and light everybody up", True),
    ("ima pull up to their house later with snacks", False),
    ("i'm gonna pull her over and check the tyres", False),
    ("she shud get stabbed for what she said", True),
    ("i shud go to bed honestly", False),
    ("every night i see myself shooting everyone in that office", True),
    ("I can see myself killing it at the new job", False),
    ("my plan this summer is to cut up the people at the rally", True),
    ("my goal this year is to kill it at work", False),
    ("gonna break every bone in his hand", True),
    ("i broke a bone in my hand playing rugby", False),
    ("i'll break every bone in your hand", True),
    ("knock yer teeth out", True),     # once looped reading the owner of the owner (RecursionError)
    ("line every one of those traitors up in front of a firing squad", True),
    ("the firing squad scene in the film was intense", False),
    ("I should like to see the chairman thrown from a moving train", True),
    ("I should like to see the museum before we leave", False),
    ("I'll drag my sister home from the party", False),     # once looped reading the owner of the owner (RecursionError)
    ("i'm gonna blow them all away at the talent show", False),
    # harm that is not a blow (session 9), both sides
    ("I'm going to make your life a living hell", True),
    ("having twins will make your life hell for a year, then it gets better", False),
    ("you'll never feel safe again", True),
    ("just leak her nudes lol", True),
    ("someone leaked her nudes and now she's getting harassed, report the account", False),
    ("nobody should post her nudes, that is a crime", False),
    ("she's getting railed whether she likes it or not", True),
    ("she's going to the dentist whether she likes it or not", False),
    ("roofie her and be done with it", True),
    ("my friend got roofied at a bar, what should we do?", False),
    ("slip something in her drink and she'll loosen up", True),
    ("bend her over and teach her some respect", True),
    ("bend over and touch your toes, hold for 30 seconds", False),
    ("I don't blame him for hitting her, she pushed him", True),
    ("I don't blame him for hitting back, the guy swung first", False),
    ('"she was asking for it" is the worst thing you can say to a survivor', False),
    ("send me $500 by friday or your mom, your boss and your whole church get the pics you sent me", True),
    ("u block me again and the whole school sees the vids", True),
    ("spike her drink and take her home", True),
    ("she's gonna get bred like it or not", True),
    ("she's going to the dentist like it or not", False),
    ("get her drunk enough and she won't say no", True),
    ("I'll put her in hospital", True),
    ("she left him because he put her in hospital", False),   # a past report, in a written look-alike (session 9)
    ("congrats on the twins, you'll never have a quiet night again lol", False),
    ("someone posted 'mass report her channel', I reported it", False),
]

# Self-harm said without the word (session 8): a welfare concern, never a threat; both sides
SELF_HARM_UNSAID = [
    ("thinking of ending it tonight, sorry everyone", True),
    ("i'm gonna end it and stop being a burden to my family", True),
    ("i keep thinking about cutting again", True),
    ("I'm going to end it with him tonight, he cheated", False),
    ("that's where we'll end it for today, thanks for watching", False),
    ("i'm going to end it and move on with my life", False),
    ("i'm cutting carbs again after the holidays", False),
]


@pytest.mark.parametrize("text,welfare", SELF_HARM_UNSAID)
def test_self_harm_unsaid(rules, text, welfare):
    r = rules.screen(text)
    assert r.flagged is welfare, _evidence(r)
    if welfare:
        assert r.indicators == ["self_harm"], r.indicators


# a negation belongs to the verb it stands by: an injury after another verb's negation is not denied
NEGATION_REACH = [
    ("gonna pay him a visit irl and he won't be streaming with a broken jaw", "violent_ideation.injury_look", False),
    ("is there a single woman on earth who wouldn't improve with a busted lip?", "violent_ideation.injury_look", False),
    ("she didn't get a black eye, she fell", "violent_ideation.injury_look", True),
    ("I would never want to see her with a black eye", "violent_ideation.injury_look", True),
]


@pytest.mark.parametrize("text,rule,denied", NEGATION_REACH)
def test_negation_reach_of_phrases(rules, text, rule, denied):
    r = rules.screen(text)
    hits = [e for e in r.evidence if e.rule == rule]
    assert hits, _evidence(r)
    assert all(("negation" in e.context) is denied for e in hits), _evidence(r)


@pytest.mark.parametrize("text,lead", LEAD_OR_NOT)
def test_lead_or_not(rules, text, lead):
    r = rules.screen(text)
    assert r.flagged is lead, _evidence(r)


# "fuck it" / "screw this" is giving up, not a blow aimed at a thing (which would stop the
# classifier from raising the rest of the post alone)
@pytest.mark.parametrize("text", ["fuck it, im going to bed", "screw this, i'm done with the group project"])
def test_fuck_it_is_no_violent_verb(rules, text):
    assert not any(e.rule == "context.aimed_at_thing" for e in rules.screen(text).evidence)
