"""Emoji in threats and who a violent verb is aimed at: tables of contrasts, both sides.

An emoji is read by its role (patterns/emoji.yaml) and the slot it stands in: a weapon where the
verb goes is the act ("I'm going to 🔪 you"), a people emoji is a target ("kill all 🏳️‍🌈"),
laughter and love are never violence ("😂💀 I'm dead", "I'd ❤️ to see them"). A violent verb aimed
at a thing (patterns/targets.yaml: food, drink, household objects, tasks, games, works) is not a
lead; aimed at people or a place where people gather, it is. Run on the rules (no classifier).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from screening.errors import RulesError
from screening.screen.nlp.rules import PATTERNS_DIR, load_rules
from screening.screen.normalize import EMOJI_FILE, TABLES, load_emoji, normalize

# ----------------------------------------------------------------------------- emoji as words
# (text, the characters of one emoji cluster, the words it must read as)
CLUSTERS = [
    ("I'm going to 🔪 you", "🔪", "stab"),                        # verb slot after "to"
    ("bring the 🔫 tomorrow", "🔫", "gun"),                        # object slot: the thing itself
    ("🔫 you", "🔫", "shoot"),                                     # opens a clause before its object
    ("💣 the 🕌 on friday", "💣", "bomb"),
    ("💣 the 🕌 on friday", "🕌", "mosque"),
    ("kill all 🏳️‍🌈", "🏳️‍🌈", "gay people"),                     # ZWJ sequence with variation selector
    ("👳‍♂️ should all be ⚰️", "👳‍♂️", "muslims"),                 # gender sign joined by ZWJ
    ("👳‍♂️ should all be ⚰️", "⚰️", "dead"),
    ("I want to 🔫 👳🏽", "👳🏽", "muslims"),                        # light skin tone adds nothing
    ("gonna 👊 some 👨🏿", "👨🏿", "black man"),                     # dark skin tone
    ("kill the 👨‍👩‍👧", "👨‍👩‍👧", "family"),                       # a ZWJ sequence of people
    ("🧑🏽‍🤝‍🧑🏻 here", "🧑🏽‍🤝‍🧑🏻", "family"),
    ("I'll 🔫 every 🇲🇽 I see", "🇲🇽", "mexicans"),                 # regional-indicator flag
    ("🇫🇷 vs 🇧🇪", "🇧🇪", "nationals"),                             # a flag not listed: its people
    ("🏴󠁧󠁢󠁳󠁣󠁴󠁿 forever", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "scots"),                          # subdivision flag (tag sequence)
    ("I'm gonna 🔥 the 🕍", "🔥", "burn"),                          # 🔥 is a verb only after a modal/"to"
    ("🔥 this track is fire", "🔥", "fire"),                        # ... never opening a clause
    ("I'd ❤️ to see them", "❤️", "love"),
    ("I'm going to 💀 you", "💀", "kill"),                       # between a modal and its object
    ("gonna 🔥 up the grill", "🔥", "fire"),                      # no object after it: not "burn"
    ("👮‍♀️ on the corner", "👮‍♀️", "cop"),
    # after "be" or "get" a weapon is the act done to someone
    ("women like her should be 🔫", "🔫", "shot"),
    ("she's getting 🔪 when i see her", "🔪", "stabbed"),
    # between a subject and its object, or after a word that opens a clause: the verb
    ("somebody 💣 that 🏥", "💣", "bomb"),
    ("they're vermin so 🔫 them first", "🔫", "shoot"),
    # more harm after an emoji verb is part of it ("💣💥 the parliament" is one act)
    ("💣💥 the parliament, no mercy", "💣💥", "bomb"),
    # wished on a subject: 💀 is death, 🔥 before "in" is burning
    ("hope they all 💀 slowly", "💀", "die"),
    ("all ✡️ must 💀", "💀", "die"),
    ("they should all 🔥 in hell", "🔥", "burn"),
    # set equal to people, 🎯 is what they are made
    ("muslims = 🎯", "🎯", "target"),
    # a gender sign standing alone is the people it names
    ("slap every ♀️ you see", "♀️", "women"),
    # a death emoji after be/were is the state, 💀 after "should be" is death; "death to" them
    ("the world would be better if 🧕 were all 🪦", "🪦", "dead"),
    ("women should all be 💀", "💀", "dead"),
    ("💀 to all ✡️", "💀", "death"),
    ("☠️ to the 🇮🇱", "☠️", "death"),
    # an emoji opening a clause before people named in words is the verb
    ("👊 women", "👊", "punch"),
    ("I hope someone 💀 all women", "💀", "kill"),
]


@pytest.mark.parametrize("text,cluster,words", CLUSTERS)
def test_an_emoji_cluster_reads_as_one_word_spanning_all_its_characters(text, cluster, words):
    n = normalize(text)
    i = n.text.find(words)
    assert i >= 0, f"{words!r} not in {n.text!r}"
    assert n.original_text(i, i + len(words)) == cluster


@pytest.mark.parametrize("text", ["😂💀 I'm dead", "this cake 💀💀", "🙋‍♀️ hi", "all 🏳️‍🌈 deserve 🌹",
                                  "💀💀💀 I can't", "🔥🔥🔥 new track out now", "I'm 💀", "you 💀 me",
                                  "I'm going to 💀", "you 🔥🔥 tonight", "we 🔥 the competition",
                                  # the wished, deontic and equated readings need their frame
                                  "hope you 🔥 tonight at the show", "I hope you 💀 laughing at this", "I need to 💀",
                                  "this meme should 💀 lol", "hope my grandma 💀 peacefully", "I'm getting 🔥 at work",
                                  "you're gonna get 💀 at this meme", "the 🕌 is 🔥", "that take is 🎯 🎯",
                                  "I'm 💀 at this", "we must 💀 laughing", "I should be 💀 after that workout",
                                  "this should be 💀 lol", "you'll be 💀 when you see this", "💀 to me lol",
                                  "💀 to this exam", "my phone is 🪦", "someone 💀 me pls 😂", "👊 fist bump bro"])
def test_laughter_love_and_praise_never_become_violent_words(text):
    words = set(re.findall(r"[a-z]+", normalize(text).text.lower())) - set(re.findall(r"[a-z]+", text.lower()))
    assert not words & {"skull", "dead", "kill", "burn", "stab", "shoot", "gun", "knife", "bomb", "die", "target",
                        "shot", "stabbed", "burned"}


@pytest.mark.parametrize("text", ["😂💀 I'm dead", "I'm 💀", "the 🙋‍♀️ and 🙋🏿‍♂️ 😂"])
def test_emoji_without_a_reading_stay_in_the_text(text):
    n = normalize(text)
    for ch in re.findall(r"[\U0001F300-\U0001FAFF]", text.replace("🏿", "")):
        assert ch in n.text


@pytest.mark.parametrize("text", [t for t, _, _ in CLUSTERS] + ["🔪🔪🔪 them", "👨🏿🪢", "🧕🔪🩸 lol 😂"])
def test_every_word_maps_back_to_whole_characters(text):
    n = normalize(text)
    for m in re.finditer(r"\S+", n.text):
        a, b = n.span(m.start(), m.end())
        piece = text[a:b]
        assert piece.strip() == piece and piece
        # never a dangling joiner, selector or skin tone at either edge of the quoted piece
        assert piece[0] not in "\u200d\ufe0f" and piece[-1] != "\u200d"
        assert not ("\U0001F3FB" <= piece[0] <= "\U0001F3FF")


# ----------------------------------------------------------------------------- emoji threats
# (a lead, the emoji its evidence must cover, a look-alike that is not a lead)
EMOJI_CONTRASTS = [
    ("I'm going to 🔪 you", "🔪", "going to 🔪 this steak"),
    ("gonna 🔫 every one of them", "🔫", "I'll 🔫 you with my water pistol in the pool lol"),
    ("🧕 should all be ⚰️", "⚰️", "😂💀 I'm dead"),
    ("💣 the 🕌 on friday", "💣", "we 💣 the exam"),
    ("I'm gonna 🔥 the 🕍", "🔥", "🔥 this track is fire"),
    ("I'll 🔥 you alive", "🔥", "this 🍕 is 🔥"),
    ("I will 👊 your face in", "👊", "I'd ❤️ to see them"),
    ("🪢 them all", "🪢", "I want to 🤗 every 🧕"),
    ("I want to 🔫 👳🏽", "👳🏽", "I ❤️ 🏳️‍🌈"),
    ("I'd love to 🔪 all 🏳️‍🌈", "🏳️‍🌈", "all 🏳️‍🌈 deserve 🌹"),
    ("🔫👳🏽", "🔫👳🏽", "🔫 you with my nerf gun"),
    ("🔫 you tomorrow", "🔫", "🔫 you with my finger guns 😂"),
    # an emoji verb reads as "shoot": the game idioms of "shoot" must need their ball words
    ("I'm going to 🔫 a few of them", "🔫", "gonna 🔫 a few hoops after work"),
    ("I'm going to 🔫 the three of them", "🔫", "gonna 🔫 some pool tonight"),
    ("🏳️‍🌈 = ⚰️", "⚰️", "🏳️‍🌈 = ❤️"),
    ("🧕🔪🩸", "🧕", "🩸 drive at the 🕌 tomorrow, everyone welcome"),
    ("👨🏿🪢", "👨🏿", "gay blood donors are welcome now"),
    ("you deserve ⚰️", "⚰️", "I'm 💀"),
    ("I'm gonna 💀 all of them", "💀", "💀💀 I'm gonna die laughing"),
    ("I'm going to 💣 the 🏫 tomorrow", "🏫", "I'm going to 💣 the 🎈"),
    ("i will 💥 your head", "💥", "💥 new drop tonight 💥"),
    ("kill the 👨‍👩‍👧", "👨‍👩‍👧", "I'm going to 🔪 this 🎂"),
    ("I'll 🔫 every 🇲🇽 I see", "🇲🇽", "🇲🇽 will 🔥 the 🇺🇸 defense tonight in the final"),
    ("let's 🔥 them all", "🔥", "gonna 🔥 up the grill tonight 🍔"),
    ("would be nice if they all got gunned down 😂😈", "gunned", "I'm going to kill this 🍕 😂"),
    ("my manager 🪓 soon", "🪓", "my dad 🪓 firewood"),
    ("that girl tasha 🪓 soon", "🪓", "my manager with his axe"),
    ("all the people on my bus 🪦🪦", "🪦🪦", "RIP grandma 🪦"),
    ("the kids at the daycare 🪦🪦", "🪦🪦", "miss my grandparents 🪦🪦"),
    ("all the cops in this town 🪦🪦 soon", "🪦🪦", "visited my grandparents at the grave"),
    # an emoji with no reading after the verb is decoration, not the object ("🎯" is "spot on")
    ("you're the first one I'm shooting tomorrow 🎯🔪", "shooting", "that take is 🎯🎯"),
    # a weapon after "be" / "get" is the act done ("should be 🔫" -> shot)
    ("she's getting 🔪 when i see her", "🔪", "I'm getting 🔥 at work"),
    ("my ex is getting 🔫🔫🔫 this weekend", "🔫🔫🔫", "my phone got 🔫 in fortnite lol"),
    ("ur gonna get 🔪 walking home", "🔪", "the steak should be 🔪 thin"),
    # an emoji verb between a subject and its object, or after "so"; a run of harm after it
    ("somebody 💣 that 🏥", "💣", "somebody 🔥 that track again"),
    ("💣💥 the parliament, no mercy", "💣💥", "💣💥 new drop tonight"),
    ("🔪🔪 all the ✡️", "🔪🔪", "🔪 all the 🥕 for dinner"),
    # wished on people: 💀 is death, 🔥 in hell is burning
    ("hope they all 💀 slowly", "💀", "I hope you 💀 laughing at this"),
    ("i hope your whole family 💀 in a 🔥", "💀", "hope my grandma 💀 peacefully"),
    ("all ✡️ must 💀", "💀", "this meme should 💀 lol"),
    ("they should all 🔥 in hell and i'll light the match", "🔥", "hope you 🔥 tonight at the show"),
    # a target set equal to 🎯, or sent by an arrow into fire ("=" with 🔥 is praise)
    ("muslims = 🎯", "🎯", "my code = 🎯"),
    ("🏳️‍🌈 = 🎯", "🎯", "🏳️‍🌈 = 🎉"),
    ("all ✡️ ➡️ 🔥", "🔥", "new playlist ➡️ 🔥🔥"),
    # people put into the fire, or said to belong in a grave
    ("put every ✡️ in the 🔥", "🔥", "put the 🍕 in the oven"),
    ("✡️ belong in 🔥", "🔥", "the 🕌 is 🔥"),
    ("women belong in ⚰️", "⚰️", "rip grandpa ⚰️🕊️"),
    # people named, a weapon and a time with no verb; a weapon joined to a place and a time
    ("every cop in this city 🔫 soon", "🔫", "her cat 🪦 tonight"),
    ("🔫 + 🏫 tomorrow, stay home if you like me", "🔫", "🔫 + 🎮 tomorrow"),
    # a gender sign alone names its people; more weapons and blows
    ("slap every ♀️ you see 👋", "slap", "♀️ power 💪"),
    ("I'll 🔨 you", "🔨", "🔨 time, fixing the shelf"),
    ("I'm gonna 🥊 you", "🥊", "🥊 tonight at the gym"),
    ("we should ☢ them", "☢", "the ☢ sign on the door at the lab"),
    # counter-speech quoting an emoji threat
    ("✡️ should be 🔫", "🔫", "it's wrong to say ✡️ should be 🔫"),
    # death as a state, a wish or a slogan; people made extinct
    ("the world would be better if 🧕 were all 🪦", "🪦", "we went to see grandma's 🪦 today"),
    ("women should all be 💀", "💀", "I should be 💀 after that workout"),
    ("💀 to all ✡️", "💀", "💀 to this exam"),
    ("let's make 🇲🇽 extinct", "extinct", "let's make dial-up extinct"),
    ("👊 women", "👊", "👊 fist bump bro"),
    ("I hope someone 💀 all women", "💀", "someone 💀 me pls 😂"),
    ("hunt down every 🏳️‍⚧️", "hunt down", "gonna hunt down a new couch"),
    ("🏳️‍🌈 should be stoned to death", "stoned", "i was bored to death in class"),
    # what "all" counts is the emoji after it: people, or game, monsters and robots; an emoji
    # with no reading after a quantifier is not people ("kill all 🤡")
    ("kill all 🐒", "🐒", "kill all 🦌"),
    ("I want to 🔪 all ✡️", "✡️", "I want to 🔪 all 🧛"),
    ("I'm going to 🔫 the 🧕 this weekend", "🔫", "I'm going to 🔫 the 🦌 this weekend"),
    ("kill every 👳 in the house", "👳", "kill every 👻 in the house"),
    ("I will 🔫 every 🇲🇽 at the lake", "🔫", "I will 🔫 every 🦆 at the lake"),
    ("hang all 🏳️‍⚧️", "🏳️‍⚧️", "kill all 🤖"),
    ("kill all the 🧕", "🧕", "kill all 🦃 for thanksgiving"),
    # implicit threats at people written beside emoji
    ("🏳️‍🌈 better watch their backs", "watch their backs", "the kids better watch their backs in dodgeball"),
    ("let's go 🏳️‍🌈 hunting 🔫", "hunting", "let's go 🦆 hunting"),
    ("🏳️‍⚧️ to the gas chambers", "gas chambers", "send the kids to the fire station tour"),
    ("🧕 should be sent to the 🔥", "🔥", "put the kids in the fire truck for the photo"),
    ("i'd like to see a few 🏳️‍🌈 swinging 🪢", "swinging", "I saw the kids swinging from the trees at the park"),
    ("women belong in ⚰️", "⚰️", "women belong in the fire department too"),
    # a place, a weapon and a time with no verb; 🔜 is "soon"
    ("🏫🔫 tomorrow", "🔫", "the school gun club meets tomorrow"),
    ("🕌 💣 🔜", "💣", "new album 🔜 🔥"),
    ("my ex 🔫 🔜", "🔫", "my ex 🎉 🔜"),
]


@pytest.mark.parametrize("lead,covers,other", EMOJI_CONTRASTS)
def test_emoji_threats_and_their_look_alikes(rules, lead, covers, other):
    r = rules.screen(lead)
    assert r.flagged, f"missed: {lead!r} -> {[(e.text, e.indicator, e.context) for e in r.evidence]}"
    assert any(covers in e.text for e in r.evidence if not set(e.context)), \
        f"{lead!r}: no counting evidence covers {covers!r}: {[(e.text, e.context) for e in r.evidence]}"
    for e in r.evidence:
        assert lead[e.start:e.end] == e.text      # spans point at the original characters
    o = rules.screen(other)
    assert not o.flagged, f"false alarm: {other!r} -> {[(e.text, e.indicator, e.context) for e in o.evidence]}"


# ----------------------------------------------------------------------------- who against whom
# (a lead against people or a place, a look-alike aimed at a thing)
TARGET_CONTRASTS = [
    ("I'm going to kill the bartender", "I'm going to kill this bottle of wine"),
    ("I'm going to smash his face", "I'm going to smash the piñata"),
    ("I'm going to destroy my ex", "I'm going to destroy my to-do list"),
    ("I'm going to shoot the manager", "I'm going to shoot some hoops later"),
    ("I could murder my stepdad", "I could murder a pizza"),
    ("I'm going to blow up the school", "I'm going to blow up the balloons"),
    ("I'm going to stab my roommate", "I'm going to stab the potato with a fork"),
    ("we will crush the protesters", "we will crush the leaderboard"),
    ("I'm going to shoot up the mall", "I'm going to destroy this playlist"),
    ("I'm going to kill the cyclist", "gonna murder this cheeseburger"),
    ("I'm gonna stab the neighbours", "I'm gonna stab the sausages so they don't burst"),
    ("We should blow up the mosque", "We should blow up the group chat"),
    ("I'm going to kill them all", "I'm going to destroy the dishwasher"),
    ("I will destroy you", "I'm going to crush this semester"),
    ("I'm going to kill everyone at the party", "I'm going to destroy my checklist today"),
    ("I'm going to kill her", "I'm going to smash my old computer monitor"),
    ("shoot up the supermarket tomorrow", "I'm gonna destroy the dessert buffet"),
    ("I'm going to burn their house", "I'm going to burn the letters"),
    ("he will kill his ex-wife this weekend", "I'm going to kill this presentation tomorrow"),
    ("I need to kill my neighbours", "I need to killl the annts in the kitchen before they spread"),   # typo read once
    # self-harm is aimed at the speaker: a thing after it does not make it harmless
    ("I want to die in my car tonight", "I'm gonna die laughing at this video"),
    # things whose names end like people's (-er, -or, -ant): read by their class, not the ending
    ("gonna nuke the cashier", "gonna nuke the leftovers"),
    ("I'm gonna nuke the cashier", "I'm gonna nuke the leftovers"),
    ("I'm going to smash the bouncer", "I'm going to smash the old freezer"),
    ("I'm going to kill the landlord", "I'm going to kill the weather report"),
    # a compound whose head the tagger took for a verb; a plural in -ves read through its singular
    ("let's blow up the group of protesters", "let's blow up the group chat with memes"),
    # a command the tagger took for a name before a quantifier ("🔪 all the ✡️" reads so)
    ("stab all the jews", "stab all the carrots for the stew"),
    # passive acts to come, told to their victim or set for a day
    ("you're gonna get stabbed", "you're gonna get stamped at the entrance"),
    ("my ex is getting shot this weekend", "my ex is getting shots this weekend at the clinic"),
    # "imma" is "I'm going to"; "somebody" with a bare verb is a call on someone
    ("imma shoot up the mall saturday", "imma shoot some hoops saturday"),
    ("somebody bomb that hospital", "somebody bomb that exam for me lol"),
    # a command after "so" is not the first clause's subject acting
    ("he is a snitch so stab him", "he is a snitch so ignore him"),
    ("I'm going to hang these traitors this weekend", "I'm going to hang these shelves this weekend"),
]


@pytest.mark.parametrize("lead,other", TARGET_CONTRASTS)
def test_violent_verbs_at_people_are_leads_at_things_are_not(rules, lead, other):
    r = rules.screen(lead)
    assert r.flagged, f"missed: {lead!r} -> {[(e.text, e.indicator, e.context) for e in r.evidence]}"
    o = rules.screen(other)
    assert not o.flagged, f"false alarm: {other!r} -> {[(e.text, e.indicator, e.context) for e in o.evidence]}"


# (word, the reading targets.yaml gives it: human | place | nonhuman)
NOUNS = [
    ("you", "human"), ("them", "human"), ("everyone", "human"), ("him", "human"), ("her", "human"),
    ("bartender", "human"), ("stepdad", "human"), ("policewoman", "human"), ("hitman", "human"),
    ("homosexuals", "human"), ("refugees", "human"), ("germans", "human"), ("government", "human"),
    ("witness", "human"), ("community", "human"), ("minorities", "human"),   # not read by their endings
    ("school", "place"), ("mall", "place"), ("mosque", "place"), ("restaurant", "place"), ("party", "place"),
    ("bottle", "nonhuman"), ("wine", "nonhuman"), ("piñata", "nonhuman"), ("list", "nonhuman"),
    ("playlist", "nonhuman"), ("checklist", "nonhuman"), ("cheeseburger", "nonhuman"), ("sausages", "nonhuman"),
    ("hoops", "nonhuman"), ("balloons", "nonhuman"), ("potato", "nonhuman"), ("leaderboard", "nonhuman"),
    ("assignment", "nonhuman"), ("semester", "nonhuman"), ("dishwasher", "nonhuman"), ("event", "nonhuman"),
    ("plant", "nonhuman"), ("patriarchy", "nonhuman"), ("annts", "nonhuman"), ("bartendder", "human"),
    # the -er/-or/-ant endings read people ("bartender", "cyclist"); common things with those
    # endings are listed in their class so the ending never makes them people
    ("leftovers", "nonhuman"), ("container", "nonhuman"), ("freezer", "nonhuman"), ("sticker", "nonhuman"),
    ("cucumber", "nonhuman"), ("pants", "nonhuman"), ("weather", "nonhuman"), ("elevator", "nonhuman"),
    ("trailer", "nonhuman"), ("number", "nonhuman"), ("accident", "nonhuman"), ("elephant", "nonhuman"),
    ("shooter", "human"), ("bouncer", "human"), ("cashier", "human"), ("actor", "human"),
    ("center", "place"), ("centre", "place"), ("tower", "place"), ("shelves", "nonhuman"),   # a row found on dev: "shoot up the distribution center"
]


@pytest.mark.parametrize("word,reading", NOUNS)
def test_target_nouns_are_read_by_their_class(word, reading):
    nc = load_rules().noun_class(word)
    assert nc is not None and nc[1] == reading, (word, nc)


def _emoji_words():
    em = load_emoji(Path(TABLES).parent / EMOJI_FILE)
    yield from ((k, e.role, e.noun) for k, e in em["emoji"].items() if e.noun)
    yield from (("flag " + c, "group", w) for c, w in em["flags"].items())
    yield ("people together", "group", em["people_together"])
    yield ("flag default", "group", em["flag_default"])


_ROLE_READING = {"group": "human", "person": "human", "place": "place", "thing": "nonhuman", "pest": "nonhuman"}


@pytest.mark.parametrize("emoji,role,noun", [x for x in _emoji_words() if x[1] in _ROLE_READING])
def test_emoji_targets_are_read_like_the_same_word(emoji, role, noun):
    head = noun.split()[-1]       # "gay people" -> people, "alarm clock" -> clock
    nc = load_rules().noun_class(head)
    assert nc is not None and nc[1] == _ROLE_READING[role], (emoji, noun, nc)


@pytest.mark.parametrize("edit,why", [
    ("classes:\n  food:\n    reads_as: nonhuman\n    words: [pizza]\n  person:\n    reads_as: human\n    words: [pizza]\n"
     "  place:\n    reads_as: place\n    words: [mall]\n", "already in class"),
    ("classes:\n  food:\n    reads_as: edible\n    words: [pizza]\n", "reads_as"),
    ("classes:\n  food:\n    reads_as: nonhuman\n    words: [Pizza]\n  person:\n    reads_as: human\n    words: [you]\n"
     "  place:\n    reads_as: place\n    words: [mall]\n", "lowercase"),
])
def test_a_bad_targets_file_fails_at_load_naming_the_entry(tmp_path, edit, why):
    for name in ("lexicons.yaml", "phrases.jsonl", "dependency.jsonl", "frames.yaml", "contexts.yaml",
                 "normalize.yaml", "emoji.yaml"):
        (tmp_path / name).write_bytes((PATTERNS_DIR / name).read_bytes())
    (tmp_path / "targets.yaml").write_text(edit, encoding="utf-8")
    with pytest.raises(RulesError, match=why):
        load_rules(tmp_path)


@pytest.mark.parametrize("entry,why", [
    ({"🔫": {"role": "weapon", "noun": "gun"}}, "verb it stands for"),
    ({"💀": {"role": "affect", "noun": "skull"}}, "never become nouns"),
    ({"🔪": {"role": "tool", "noun": "knife"}}, "needs a role"),
    ({"🏫": {"role": "place"}}, "needs the noun"),
])
def test_a_bad_emoji_entry_fails_at_load_naming_it(tmp_path, entry, why):
    raw = yaml.safe_load((PATTERNS_DIR / "emoji.yaml").read_text(encoding="utf-8"))
    raw["emoji"] = entry
    p = tmp_path / "emoji.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=why):
        load_emoji(p)
