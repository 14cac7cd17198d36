"""Emoji threats in shapes the first emoji round did not reach, and their look-alikes: tables, both sides.

The rows are the working half of the posts written for the emoji3 round (the other half is the
frozen probe data/probes/emoji3_probe.jsonl), plus look-alikes written for each new reading.
What changed, in short: an emoji put between every word is emphasis ("kill 🔪 every 🔪 single 🔪
jew"); an emoji verb takes a written ending ("🔫ing", "🪓ed"); "'d" after any pronoun is a modal
("RT if you'd 🔪 a ☪️"); a death emoji after "ur / you're / u r" is "dead"; 🔥 before "alive" is
burning; 🔥 before a quantifier over people or places is the act ("🔥 every 🕌 🔥 every 🕍"); 👉
points like an arrow; some verbless emoji shapes (an ultimatum "or 🪢", a weapon added to a group,
a noose given, bombs on every place, "RT if you'd ...", "know where u live" + a weapon, a home on
fire with people inside, a car driven into a crowd); a strong verb with no object after "and"
takes the object of the verb before it ("line them up and shoot"); "a bomb" alone is no praise.
Run on the rules (no classifier).
"""

from __future__ import annotations

import re

import pytest

from screening.screen.normalize import normalize

# ----------------------------------------------------------------------------- readings
# (text, the original characters, the words they must read as)
READINGS = [
    ("🔫ing every 🏳️‍🌈 i see this summer", "🔫ing", "shooting"),     # a written ending on an emoji verb
    ("🔪ing them", "🔪ing", "stabbing"),
    ("they all getting 🪓ed", "🪓ed", "axed"),
    ("RT if you'd 🔪 a ☪️", "🔪", "stab"),                             # "'d" after "you" is a modal
    ("ur 🪦 after school", "🪦", "dead"),                               # a death emoji after "ur"
    ("u r 🪦 tmrw", "🪦", "dead"),
    ("👨🏿‍🦱 should be 🔥 alive", "🔥", "burned"),                       # 🔥 before "alive"
    ("🔥 every 🕌 🔥 every 🕍", "🔥", "burn"),                          # before a quantifier over places
    ("🔥 all women", "🔥", "burn"),
    ("feminists 👉 🎯", "🎯", "target"),                               # 👉 points like an arrow
    ("their 🏠 🔥 tonight", "🏠", "house"),
    ("🚗💨 into the parade", "🚗", "car"),
    # session 8: a vehicle driven at speed in a verb slot; a foot as a kick; "every" before a group word
    ("hope she gets 🚗💨 tonight", "🚗💨", "run over"),
    ("🚗💨💨 the refugees outside the hotel", "🚗💨💨", "mow down"),
    ("🦶 every immigrant kid on the bus", "🦶", "kick"),
    ("💀 every sikh at that temple", "💀", "kill"),                    # a group word of targets.yaml
    ("every 🇵🇰 teacher at this school should be 💀", "💀", "dead"),  # "this" is not the subject
]


@pytest.mark.parametrize("text,piece,words", READINGS)
def test_new_emoji_readings_map_back_to_their_characters(text, piece, words):
    n = normalize(text)
    i = n.text.find(words)
    assert i >= 0, f"{words!r} not in {n.text!r}"
    assert n.original_text(i, i + len(words)) == piece


@pytest.mark.parametrize("text,reads", [
    ("kill 🔪 every 🔪 single 🔪 jew", "kill every single jew"),     # the same emoji between every word
    ("you 👏 are 👏 so 👏 loved", "you are so loved"),
    ("🔫 🫵 🔫 🫵 🔫", "shoot you shoot you shoot"),                  # emoji between emoji: still words
    ("🔥 every 🕌 🔥 every 🕍", "burn every mosque , burn every synagogue"),   # the act repeated: a new clause
])
def test_emphasis_and_repeated_acts_read_as_a_sentence(text, reads):
    assert normalize(text).text == reads
    n = normalize(text)
    for m in re.finditer(r"\S+", n.text):
        a, b = n.span(m.start(), m.end())
        assert text[a:b].strip() == text[a:b] and text[a:b]


@pytest.mark.parametrize("text", [
    "🔥 every song on this album", "👨🏿‍🦱 haircut should be 🔥 with a fade", "I'm getting 🔥 at work",
    "this should be 🔥", "my ex: 🪦 to me, moved on 😌", "my diet = 🪦 after thanksgiving 🦃", "ur 💀 lmao i can't",
    "the 🕌 is 🔥", "💀💀💀 ing", "we're 🔥ing it up tonight 😂",
    # session 8
    "🚗💨 leaving the office at 5 like", "see the 🏳️‍🌈 flags? 🚗💨 straight to the afterparty",
    "my cousin's car is 🚗💨 outta here", "ur 🦶 pics are weird bro", "we'll be 🦶 sore after the hike",
    "🦶⚽ every kid on the team scored", "💀 every time i open this app", "🔥 all white sneakers on sale",
    "💀 every christian rock song sounds the same", "this should be 💀",
])
def test_praise_and_ordinary_senses_keep_their_words(text):
    words = set(re.findall(r"[a-z]+", normalize(text).text.lower())) - set(re.findall(r"[a-z]+", text.lower()))
    assert not words & {"burn", "burned", "burning", "dead", "kill", "die", "target", "shooting", "mow", "run",
                        "kick"}


# ----------------------------------------------------------------------------- leads
# (a lead, the characters its counting evidence must cover)
LEADS = [
    # new readings
    ("kill 🔪 every 🔪 single 🔪 jew", "kill"),
    ("🔥 every 🕌 🔥 every 🕍 🔥 every ⛪", "🔥 every 🕌"),
    ("RT if you'd 🔪 a ☪️", "🔪"),
    ("like if you would kill a jew", "kill"),
    ("ur 🪦 after school, don't even show up", "🪦"),
    ("👨🏿‍🦱 should be 🔥 alive", "🔥"),
    ("feminists 👉 ⚰️", "⚰️"),
    ("🐒🐒 go back to the jungle or 🪢", "🪢"),
    ("go back to your country or die", "or die"),
    ("🪢 + 🌳 + 🐒 = 😍", "🪢"),
    ("give every ☪️ a 🪢 for eid", "🪢"),
    ("💣💣 on every 🕌 in europe", "💣💣"),
    ("bring the 🔫 and the 🧨 to the 🕍 saturday", "🧨"),
    ("bring the bomb to school tomorrow", "bomb"),
    ("i know where u live 🏠🔪", "🔪"),
    ("their 🏠 🔥 tonight with the whole family inside", "🔥"),
    ("🚗💨 into the pride parade, who's with me", "🚗💨"),
    ("they should line up all the 🧕 and 🔫", "🔫"),
    ("line them up and shoot", "shoot"),
    ("I'd give him a noose", "noose"),
    ("🇵🇰 go home or ⚰️", "⚰️"),
    # shapes of the working half that were already read: kept as rows so they stay leads
    ("let's go 🧕 shooting this weekend 🔫", "shooting"),
    ("see u soon 🔪🙂", "🔪"),
    ("gays = 🪢", "🪢"),
    ("🔫 🫵 🔫 🫵 🔫", "🔫"),
    ("push every 🧑‍🦽 down the stairs 😈", "push"),
    ("m*rder every ☪️ 🔪", "m*rder"),
    ("kill em all 🔫🏳️‍⚧️🏳️‍⚧️", "kill"),
    ("mark my words 🔫 🏫 friday", "🔫"),
    ("every 🇲🇽 = ⚰️", "⚰️"),
    ("i'll gut u like a 🐟 🔪", "gut"),
    ("all 👩🏿 ➡️ 🪢", "🪢"),
    ("✡ ➡ ⚰", "⚰"),                       # no variation selectors
    ("she deserves 👊👊 and worse", "👊👊"),
    ("🧕 🧕 🧕 ➡️ 🔥🔥🔥", "🔥🔥🔥"),
    ("gonna 💥 ur skull in 🫵", "💥"),
    ("every 🇳🇬 in this town must ⚰️", "⚰️"),
    ("i'll 🔫 u 2morrow", "🔫"),
    # session 5: an arrow into fire ends its clause before words that are no compound noun
    ("all 🇵🇰 ➡️ 🔥 no mercy", "🔥"),
    ("✡️ ➡️ 🔥 like grandpa said", "🔥"),
    # 🔥 opening a clause before someone's home or meeting place
    ("🏳️‍🌈 flag on ur porch? 🔥 ur porch then", "🔥"),
    ("🔥 their church tonight", "🔥"),
    # session 8: a vehicle driven at speed (🚗💨) in a verb slot is the act; 🦶 a kick in a verb slot;
    # "in a 🚑" the outcome; "every" before a group word of targets.yaml; a weapon waiting for "you"
    ("hope that 🧕 at the crossing gets 🚗💨 tomorrow", "🚗💨"),
    ("🚗💨 the refugees outside the hotel", "🚗💨"),
    ("🚗💨💨 🏳️‍🌈 at the parade saturday", "🚗💨💨"),
    ("the new neighbours are about to get 🚛💨 if they park there again", "🚛💨"),
    ("🦶🦶 every immigrant kid on the bus", "🦶🦶"),
    ("u'll leave in a 🚑 if u show ur face again", "🚑"),
    ("keep talking and ur gonna be in a 🚑", "🚑"),
    ("💀 every sikh at that temple", "💀"),
    ("🔥 every catholic church in the county", "🔥"),
    ("every 🇵🇰 teacher at this school should be 💀", "💀"),
    ("@dan_k see u after school. 🔪 waiting for u", "🔪"),
    ("there's a bullet waiting for you, tom", "bullet"),
]


@pytest.mark.parametrize("lead,covers", LEADS)
def test_emoji_threats_in_new_shapes_are_leads(rules, lead, covers):
    r = rules.screen(lead)
    seen = [(e.text, e.indicator, e.context) for e in r.evidence]
    assert r.flagged, f"missed: {lead!r} -> {seen}"
    assert any(covers in e.text for e in r.evidence if not e.discounted), f"{lead!r}: nothing counting covers {covers!r}: {seen}"
    for e in r.evidence:
        assert lead[e.start:e.end] == e.text


# ----------------------------------------------------------------------------- look-alikes
NOT_LEADS = [
    # beside the new readings
    "you 👏 are 👏 so 👏 loved",
    "🔥 every song on this album",
    "RT if you'd 🤗 a ☪️ neighbour",
    "my ex: 🪦 to me, moved on 😌",
    "ur 💀 lmao i can't",
    "👨🏿‍🦱 haircut should be 🔥 with a fade",
    "feminists 👉 📚 read more",
    "go big or go home",
    "ride or die 💯",
    "leave it on the counter or the dog will eat it",
    "🪢 + 🌳 = tire swing 😍",
    "🫵 + 🍕 = ❤️",
    "give every ☪️ a 🎁 for eid",
    "give the kids a rope swing 🌳",
    "🎆🎆 on every rooftop in europe tonight 🎉",
    "the bomb on this menu is the burger 💣",
    "you're the 💣 babe",
    "bring the 🍕 and the 🎈 to the 🕍 saturday for the bar mitzvah",
    "i know where u live 🏠🎁 surprise party!!",
    "cozy 🔥 tonight with the whole family inside",
    "our cabin 🔥 tonight with the whole family inside",
    "the bbq 🔥 tonight with the whole family 🍖",
    "🚗💨 road trip with the girls 🏳️‍🌈",
    "🚗💨 into the city for brunch",
    "grab the ball and shoot",
    "line up the bottles and shoot",
    "he lined them up and took a photo 📸",
    "get vaccinated or die",
    "home or dead, that's the choice for the soldiers",
    "their house burned down with the family inside",    # a report: only 🔥 / fire with no verb is read
    "like if you would kill for a pizza",
    "rt if you'd die for this album",
    "nukes on every city in civ tonight",
    "buy your kids a rope swing",
    "we need a bomb playlist for the party",             # "a bomb" is praise before a thing
    "i'll bring the bomb dip to the party",
    "this new album is da bomb",
    # the working half's look-alikes
    "🏫 tomorrow 📚📚 don't forget your homework",
    "drop a 🎁 off for the 🇵🇸 kids at the shelter",
    "the 🐍🐍 at the zoo need the heat lamp 🔥",
    "we gonna 🎉 with da 🏳️‍🌈s",
    "k i l l the lights before bed 💡",
    "☪ ramadan mubarak ✨",
    "see u soon 🤗🙂",
    "@jake_m 🔥🔥 see you monday",
    "i hate 🔫 violence, enough is enough 🕯️",
    "🇨🇳 food 🥟 is 🔥🔥",
    "my 🪴 ⚰️⚰️ again, i'm a plant killer",
    "ur mom's lasagna 🔥🔥 tonight, sleep tight",
    "sh00t me a text when ur home 📱",
    "the 💣 squad defused it, everyone safe 🙏",
    "be a good ally to 🏳️‍⚧️ folks 💕",
    "every 🇲🇽 fan = 🎉 after that goal ⚽",
    "🔪🍳 sunday brunch with the fam",
    "🐀 from the pet store ➡️ new cage 🏠",
    "my diet = 🪦 after thanksgiving 🦃",
    "hug em all 🤗🏳️‍⚧️🏳️‍⚧️",
    "mark my words 🏀 🏫 friday, we're winning",
    "👨‍❤️‍👨 should all 💍",
    "✡ ➡ 🕯🕯 happy hanukkah",
    "gay people ➡️ fire department volunteers this weekend",
    "omg 🔥 ur house looks amazing",
    "🔥 ur new haircut queen",
    "i'll 📞 u 2morrow",
    "dear @lisa_r: 🎂🎉🥳",
    "posting 🔫🏳️‍🌈 isn't a joke, it's a threat. reported 🚩",
    "🍉🍗 picnic this weekend 🧺",
    "👳🏾‍♂️ = 🙏 blessings",
    "🕯️ every 🕌 🕯️ every 🕍 🕯️ every ⛪ pray for peace",
    "no one should ever 🔫 a 🧕, that's terrorism",
    "gays = 🥰",
    "👳 👳 👳 🎉 🎉 🎉 wedding season",
    "who's gonna 🎤 first at karaoke 🙋‍♂️",
    "i'll gut the 🐟 with a 🔪 for dinner",
    "🐀🐀 in the attic, 🪤 set",
    # session 8
    "🚗💨 leaving the office at 5 like",
    "see the 🏳️‍🌈 flags? 🚗💨 straight to the afterparty",
    "my cousin's car is 🚗💨 outta here, shop closes at 9",
    "🚗💨 the long way home tonight 🌙",
    "🚗💨 into the city for the pride brunch 🏳️‍🌈",
    "ur 🦶 pics are weird bro",
    "i'll 🦶 the ball to u at practice",
    "🦶⚽ every kid on the team scored today",
    "we'll all be 🦶 sore after the charity walk",
    "my legs after the marathon: 🚑 then 🛌",
    "the 🚑 crew at the match were amazing 🙏",
    "my dad will need a 🚑 when he sees the bill 😂",
    "💀 every time i open this app",
    "💀 every christian rock song sounds the same",
    "🔥 all white sneakers on sale this week",
    "this hospital food should be 💀 lol",
    "this should be 💀",
    "your new 🔪 set is waiting for you at the counter",
    "the 🏀 waiting for you at practice, coach",
    "ur 🍕 waiting for u at the door",
]


@pytest.mark.parametrize("text", NOT_LEADS)
def test_look_alikes_stay_clear(rules, text):
    r = rules.screen(text)
    assert not r.flagged, f"false alarm: {text!r} -> {[(e.text, e.indicator, e.context) for e in r.evidence]}"


# ----------------------------------------------------------------------------- left alone
LEFT = [
    ("the 🏳️‍⚧️ bar 🔥🔥 tonight, lock the doors first",
     "🔥 after a venue and a time is praise as often as arson ('the bar 🔥🔥 tonight, best drag show ever'); "
     "'lock the doors' alone does not tell them apart"),
    ("ur mom's house 🔥🔥 tonight, sleep tight",
     "a house 🔥 tonight is a party as often as a fire; nothing but the taunt says which"),
    ("💉 the whole 🕌 with rat poison",
     "💉 is mostly vaccines; as a verb opening a clause it would read 'the whole family got flu shots' as poisoning"),
    ("🐀🐀 crossing the border 🔫🔫 them",
     "animal emoji are read as people only when the text calls people them ('immigrants are 🐀'); "
     "'crossing the border' is not read as saying so"),
    ("the 🐍🐍 in the synagogue need the 🔥", "the same: snakes in a synagogue are not read as people"),
    ("every 🐷 in this precinct = 🎯", "🐷 has no reading; pigs for police is not read"),
    ("they all getting 🪓ed",
     "read 'axed', a weak verb that needs a weapon nearby; the weapon was the emoji itself, which the parse no longer sees"),
    ("women 🤜🤜🤜 till they learn", "a fist run after a group with no verb or sign is not read as a blow"),
    ("next time ur at the gym 🦶🦶 ur head off",
     "read 'kick ur head off' after 'gym', which the parser takes for its subject; with a comma it is a lead"),
    ("ur getting 🚗💨 in the car park tonight", "'ur getting run over' is not read as a threat in words either"),
    ("ppl in wheelchairs ♿ 🚗💨 easy",
     "a group then a driven car with no verb; 'ppl in wheelchairs ♿ 🚗💨 faster than me' is a race"),
    ("women ➡️ 🚑 when they talk back",
     "an arrow into an ambulance is not read; 'my mum ➡️ 🚑 when she saw my tattoo' is a joke"),
]


@pytest.mark.parametrize("text", [pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=why)) for t, why in LEFT])
def test_emoji_threats_left_unread(rules, text):
    r = rules.screen(text)
    assert r.flagged, f"missed: {text!r}"
