"""Violent-act frames: for each violent predicate, who acts, how the act is put, against whom.

"I'm going to shoot up the school Friday" -> agent speaker, modality future, target place.
"Camp the sniper spot" has no violent predicate; "kill the printer" has a nonhuman target;
"they should all be shot" -> agent none, modality deontic, target human (passive patient).

Two readers give the same :class:`Frame`:
- with a dependency parse (``en_core_web_sm``): subjects, auxiliaries, objects and clause
  structure come from the parse;
- without one (``spacy.blank`` fallback): a token window around the predicate. It is cruder, and
  the pipeline name recorded on every result says which reader ran.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from screening.screen.nlp.rules import FrameRule, RuleSet

VERSION = "1.0.0"

_FUTURE = {"will", "'ll", "ll", "shall", "wo", "gon", "gonna", "finna", "bout", "'bout", "ima", "imma"}
_INTENT = {"plan", "intend", "mean", "ready", "about", "prepare", "decide", "try", "tryna", "swear",
           "promise", "vow", "fixing", "aim", "wait", "start", "begin", "go", "come"}
_DESIRE = {"want", "wanna", "wan", "wish", "hope", "dream", "fantasize", "fantasise", "love", "like",
           "crave", "itch", "long", "yearn", "fancy", "pray"}
_DEONTIC = {"should", "must", "ought", "need", "deserve", "gotta", "have", "has", "got", "needs"}
_CONDITIONAL = {"would", "could", "might", "'d", "may"}
_ABILITY = {"can", "ca"}
_NEG = {"not", "n't", "never", "no", "nt", "dont", "don't", "cant", "can't", "wont", "won't",
        "didnt", "didn't", "wouldnt", "wouldn't", "shouldnt", "shouldn't", "aint", "ain't", "nobody",
        "neither", "nor", "nothing"}
_IF = {"if", "unless", "whether", "suppose", "supposing"}
_APPROVE = {"good", "great", "nice", "better", "best", "fine", "okay", "ok", "acceptable", "legal", "right",
            "justified", "necessary", "ideal", "awesome", "amazing", "time", "duty", "fair", "appropriate",
            "deserved", "overdue", "needed", "required", "mandatory", "honorable", "beautiful", "funny", "fun",
            "happy", "glad", "pleased", "thrilled", "interest", "interests", "job", "responsibility", "mission", "delighted", "relieved", "grateful", "cool", "perfect"}
# words after which an emoji or noun-looking word stands where a verb goes ("gonna 🔪 them")
_VERB_SLOT = {"to", "na", "will", "'ll", "ll", "gonna", "finna", "should", "must", "and", "just", "lets", "let's",
              "'s", "wanna", "please", "pls", "gotta", "then", "i", "we", "'d", "would", "could", "might", "go"}
_QUANT = {"all", "every", "each", "one", "some", "most", "many", "both", "none", "any", "few", "lot",
          "bunch", "rest", "half", "kind", "kinds", "type", "types", "sort", "sorts", "group", "groups", "pack",
          "horde", "hordes", "swarm", "breed", "lots", "dozens", "hundreds", "thousands", "millions", "members"}
# bodies of people named by what they sit on or form: "the board of directors" is the directors
_COLLECTIVE = {"board", "panel", "committee", "council", "crew", "squad", "cabinet", "jury", "faculty", "team",
               "class", "gang", "mob", "congregation", "family", "families", "bunch", "room", "roomful", "busload",
               "houseful", "office", "department", "leadership"}
_CLAUSE_BREAK = {",", ";", ":", "and", "but", "because", "so", "or", "cause", "cuz", "since", "-", "—",
                 "when", "while", "then", "until", "til", "till"}
# a third person's own self: harm to it is self-harm (the frame rule needs that person as the agent)
_OWN_SELF = frozenset({"himself", "herself", "themselves", "themself", "hisself", "theirselves"})
# words that put an act as intended ("plan to", "about to", "swore to"); "threaten" is one too when
# someone does the threatening (see _parse_frame)
_INTENT = frozenset({"plan", "intend", "mean", "ready", "about", "prepare", "decide", "try", "tryna", "swear",
                     "promise", "vow", "aim"})
_SPLICE_MARKS = frozenset({",", ";", ":", "-", "--", "—"})
_PARTICLES = frozenset({"up", "out", "down", "off", "over", "apart"})   # of the violent phrasals
# "<people> are (nothing but) <noun>": what the text calls a group of people
_CALLED = re.compile(r"\b([a-z]+) (?:are|r|is) (?:(?:all|just|nothing but|such|fucking|literally|basically|"
                     r"disgusting|filthy|dirty) )*(?:the |a |an |some |like )?([a-z]+)\b")
_NOT_NAMED = frozenset({"they", "them", "he", "she", "we", "you", "u", "i", "it", "this", "that", "these",
                        "those", "who", "which", "what", "there", "here", "one"})
# words that may follow an object pronoun at the end of a command ("stab her now")
_AFTER_OBJECT = {"now", "already", "again", "too", "up", "out", "down", "tonight", "tomorrow", "today", "please",
                 "pls", "asap", "hard", "good", "in", "with", "for", "at", "if", "when", "until", "til", "till"}
# "the solution is to ...": a remedy proposed is an act urged
_REMEDY = {"solution", "answer", "cure", "remedy", "fix", "way", "option", "treatment", "punishment",
           "goal", "plan", "mission", "aim", "intention"}     # ("my goal this year is to cut up the people at the rally")
_DAYS = {"weekend", "week", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "evening",
         "afternoon", "morning"}
_READING = {"human": "human", "place": "place", "nonhuman": "nonhuman"}   # targets.yaml reading -> frame target
# the reading kept when every violent verb of a parsed text is aimed at a thing (see FrameReader.frames)
THING_RULE = FrameRule(id="context.aimed_at_thing", indicator="violent_ideation", agent=set(), modality=set(),
                       target={"nonhuman"}, weight=0.0)
# the reading kept for an act on people that no rule takes, named as a topic ("when you talk about
# killing immigrants"): the context reader keeps it only where it reads it as counter-speech
NAMED_RULE = FrameRule(id="context.act_named", indicator="violent_ideation", agent=set(), modality=set(),
                       target={"human", "addressee"}, weight=0.0)


@dataclass
class Frame:
    anchor: int                  # token index of the violent predicate
    start: int                   # token span of the evidence [start, end)
    end: int
    agent: str
    modality: str
    target: str
    negated: bool = False
    in_condition: bool = False   # the act sits inside an if/unless clause
    question: bool = False
    rhetorical: bool = False     # "why hasn't anyone slapped her yet": a question that urges the act
    target_token: int | None = None
    time_tokens: list[int] = field(default_factory=list)
    rule: FrameRule | None = None


def _lower(tok: Token) -> str:
    return tok.lower_.replace("\u2019", "'")


def _lemma(tok: Token) -> str:
    lem = tok.lemma_.lower() if tok.lemma_ else ""
    return lem or _lower(tok)


class FrameReader:
    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.last_read = 0
        lx = rules.lex
        self.violent = lx("violent_verbs")
        self.weak = lx("weak_violent_verbs")
        self.patient_verbs = lx("patient_verbs")
        self.phrasals = {tuple(p.split()) for p in rules.lexicons["violent_phrasals"]}
        self.phrasal_bases = {p[0] for p in self.phrasals}
        self.phrasal_only = lx("phrasal_only_verbs")
        self.body_parts = lx("body_parts")
        self.strong = lx("strong_violent_verbs")
        from screening.screen.nlp.prefilter import inflect

        self.form_lemma: dict[str, str] = {}
        for v in sorted(self.violent | self.patient_verbs):
            for f in inflect(v):
                if not f.endswith(("er", "ers")) or f in ("er",):   # verb forms only: not "gutter" -> "gut"
                    self.form_lemma.setdefault(f, v)
        self.needs_direction = lx("needs_direction_verbs")
        self.weapons = lx("weapons")
        self.human = lx("human_targets")
        self.places = lx("attack_places")
        self.nonhuman = lx("nonhuman_targets")
        self.speaker = lx("speaker")
        self.addressee = lx("addressee")
        self.self_words = lx("self")
        self.neg_subjects = lx("negative_subjects")
        self.time_words = lx("time_words")
        self.injury_parts = lx("injury_body_parts")
        self.injury_verbs = lx("injury_verbs")
        self.resultatives = lx("resultatives")
        self.chat_words = lx("chat_words")
        self._weak_thing: Frame | None = None
        self.aliases: frozenset[str] = frozenset()     # see dehumanized; set per document
        self.sex_slang = lx("sex_slang_verbs")
        self.female = lx("female_targets")

    # ---------------------------------------------------------------- public
    def fix_lemmas(self, doc: Doc) -> None:
        """Give inflected violent verbs their lemma where the lemmatizer slips ("raped" -> "rap")."""
        for t in doc:
            lem = self.form_lemma.get(t.lower_)
            if lem is not None and t.lemma_ != lem and t.lemma_.lower() not in self.violent:
                t.lemma_ = lem

    def dehumanized(self, doc: Doc) -> frozenset[str]:
        """Thing and pest words the text predicates of people: "immigrants are rats", "those women
        are trash". There they name the people, so a verb aimed at them (or at a "them" that refers
        back to them) is aimed at people, not at vermin or rubbish."""
        out = set()
        for t in doc:
            if t.dep_ != "attr" or t.head.lemma_ != "be" or t.pos_ != "NOUN":
                continue
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ == "PRON":
                continue     # "they are trash" may be about boxes
            low = _lower(subj)
            if (low in self.human and low not in _QUANT and low not in ("it", "this", "that")) or (
                    subj.pos_ == "PROPN" and subj.tag_ == "NNPS"):
                out.add(_lower(t))
        # and in the text's other sentences, which may not be parsed: "muslims are cockroaches.
        # exterminate the cockroaches"
        full = doc._.full_text if doc.has_extension("full_text") and doc._.full_text is not None else ""
        for subj, noun in _CALLED.findall(full.lower()):
            if subj in self.human and subj not in _QUANT and subj not in _NOT_NAMED:
                out.add(noun)
        return frozenset(out)

    def frames(self, doc: Doc, parsed: bool) -> list[Frame]:
        # (kept on the doc: the context reader reads the same words)
        self.aliases = doc.user_data["screening_aliases"] = self.dehumanized(doc) if parsed else frozenset()
        out = []
        self.last_read = 0      # violent predicates read in this doc, matched by a rule or not
        things: list[Frame] = []    # predicates aimed at a thing that no rule takes ("I smashed my phone")
        named: list[Frame] = []     # acts on people that no rule takes ("talk about killing immigrants")
        aimed_at_people = False     # a predicate aimed at a person, a place or the speaker, matched or not
        for tok in doc:
            lem = _lemma(tok)
            if lem in ("fuck", "screw") and _fuck_it(doc, tok.i):
                continue    # "fuck it, ...": giving up, not a blow aimed at a thing
            # (prefilter.ParseGate asks this same question of a snippet before its parse: change both)
            if lem not in self.violent and lem not in self.patient_verbs and _lower(tok) not in self.violent:
                if lem not in self.phrasal_bases:
                    continue
                nxt = _lower(doc[tok.i + 1]) if tok.i + 1 < len(doc) else ""
                if not any((lem, _lower(c)) in self.phrasals for c in tok.children) and (lem, nxt) not in self.phrasals:
                    continue
            self._weak_thing = None
            fr = self._parse_frame(doc, tok) if parsed else self._window_frame(doc, tok)
            if fr is None:
                if self._weak_thing is not None and self._known_thing(doc, self._weak_thing.target_token):
                    things.append(self._weak_thing)     # "punch my laptop", "smash this jar"
                continue
            self.last_read += 1
            if fr.target not in ("nonhuman", "none"):
                aimed_at_people = True
            fr.question = (tok.sent[-1].text == "?" if parsed else _sentence_has_q(doc, tok.i)) and not fr.rhetorical
            fr.time_tokens = [t.i for t in (tok.sent if parsed else doc) if _lower(t) in self.time_words
                              and t.i > tok.i and t.i - tok.i <= 12]
            fr.rule = self.match(fr)
            if fr.rule is None and fr.target == "nonhuman":
                # keep "kill the printer" as evidence that the context reader discounts
                fr.target = "human"
                fr.rule = self.match(fr)
                fr.target = "nonhuman"
            if fr.rule is not None:
                out.append(fr)
            elif fr.target == "nonhuman" and self._known_thing(doc, fr.target_token):
                things.append(fr)
            elif parsed and fr.target in ("human", "addressee") and fr.modality in ("present", "plain"):
                named.append(fr)
        if parsed and things and not aimed_at_people and not out:
            # Every violent verb here is aimed at a thing and no rule took it (a past act, a weak
            # verb): keep that reading as evidence, weight 0 and discounted as non_human_target, so
            # that the classifier, which cannot see what the verb is aimed at, cannot raise a lead
            # on it alone (combine.py, step 3).
            for fr in things:
                fr.rule = THING_RULE
                fr.question = False
                out.append(fr)
        if parsed and named and not out:
            # likewise an act on people named under someone's saying, for the classifier (the context
            # reader drops this evidence unless it reads the act as counter-speech)
            for fr in named:
                fr.rule = NAMED_RULE
                fr.question = False
                out.append(fr)
        return out

    def match(self, fr: Frame) -> FrameRule | None:
        for r in self.rules.frames:
            if fr.agent in r.agent and fr.modality in r.modality and fr.target in r.target:
                return r
        return None

    # ---------------------------------------------------------------- helpers
    def _target_class(self, tok: Token | None, parsed: bool, is_owner: bool = False) -> str:
        """The class of a target; ``is_owner``: ``tok`` owns a body part and is read as itself (the
        compound readings move to the next noun, which for an owner is the part it owns: "knock yer
        teeth out" once went yer -> teeth -> yer ... until RecursionError)."""
        if tok is None:
            return "none"
        if tok.text.startswith("@") and len(tok.text) > 1:
            return "human"      # an @handle names an account, a person: "someone should 🔫 @sen_halvorsen"
        if not parsed or is_owner:
            pass
        elif tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") \
                and _lower(tok) not in self.human:
            tok = tok.head      # "the pizza box" is a box
        elif tok.pos_ == "NOUN" and tok.tag_ == "NN" and tok.i + 1 < len(tok.doc) and \
                tok.doc[tok.i + 1].pos_ == "NOUN" and tok.doc[tok.i + 1].is_alpha and \
                _lower(tok.doc[tok.i + 1]) not in self.time_words:
            tok = tok.doc[tok.i + 1]   # a noun-noun compound the parser split: "the group chat" is a chat
        elif tok.pos_ == "NOUN" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].head.i == tok.i \
                and tok.doc[tok.i + 1].dep_ in ("acl", "compound", "appos") \
                and self.rules.class_reading.get(self.rules.noun_classes.get(_lower(tok.doc[tok.i + 1]), ""), "") == "nonhuman":
            tok = tok.doc[tok.i + 1]   # the same compound with its head taken for a verb: "blow up the group chat with memes"
        low = _lower(tok)
        if low in self.aliases:
            return "human"      # "immigrants are rats, exterminate the rats"
        if low in _QUANT and tok.i + 1 < len(tok.doc) and _raw_emoji(tok.doc[tok.i + 1]):
            return "nonhuman"   # "kill all 🦃": the emoji is what "all" counts, and no people emoji
        if low in self.body_parts:
            owner = None
            if parsed:
                owner = next((c for c in tok.children if c.dep_ == "poss"), None) or next(
                    (c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and _lower(c) in
                     ("ur", "yo", "yer")), None)      # "rip ur tongue out": the parser takes "ur" for a name
                if owner is None:
                    # "the bones of his hand", "every bone in the manager's hand"
                    of = next((c for c in tok.children if c.dep_ == "prep" and _lower(c) in ("of", "in")), None)
                    owner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            elif tok.i > 0:
                owner = tok.doc[tok.i - 1]
            if owner is not None:
                o = _lower(owner).removesuffix("'s")
                if o in ("your", "ur", "yo", "you", "yer"):
                    return "addressee"
                if o in ("my", "our"):
                    return "self"
                if o in ("his", "her", "their", "them") or o in self.human or (parsed and owner.pos_ == "PROPN"):
                    return "human"
                return self._target_class(owner, parsed, is_owner=True)
        if low in self.self_words and low not in ("me",):
            return "self"
        if low in _OWN_SELF:
            return "self"       # "my friend said she wants to kill herself": a welfare concern, not a threat
        if low in ("me", "us", "i", "we"):
            return "speaker"
        if low in self.addressee:
            return "addressee"
        if low in ("it", "this", "that", "these", "those", "em", "'em") and low not in ("those", "these"):
            if low in ("it", "this", "that"):
                return "nonhuman"
        if low in ("them", "em", "'em", "they"):
            # "my shoes are falling apart, i'm going to burn them": the plural noun it refers back to
            return self._antecedent(tok) or "human"
        # the class of the head noun (targets.yaml): "this bottle of wine" -> drink -> nonhuman
        known = self.rules.noun_classes.get(low)
        if known == "pest_and_plant" and self._beside_people(tok):
            return "human"      # a pest word worn as an epithet: "kill the 🐀 jews" -> "the rats jews"
        if known is not None:
            return _READING[self.rules.class_reading[known]]
        if parsed and tok.pos_ == "PROPN":
            return "human"
        if parsed and tok.pos_ == "PRON":
            return "human"
        nc = self.rules.noun_class(low)      # singular, compound ending, word endings
        if nc is not None:
            return _READING[nc[1]]
        if not parsed and tok.is_title and tok.i > 0:
            return "human"     # a name, most likely
        return "nonhuman"

    def _beside_people(self, tok: Token) -> bool:
        """Is a group or person word right before or after ``tok`` ("rats mexicans", "jews rats")?"""
        doc = tok.doc
        for j in (tok.i + 1, tok.i - 1):
            if 0 <= j < len(doc):
                known = self.rules.noun_classes.get(_lower(doc[j]))
                if known in ("group", "person"):
                    return True
        return False

    def _known_thing(self, doc: Doc, i: int | None) -> bool:
        """Is the target at ``i`` known to be a thing (targets.yaml, "it", a "them" that refers back
        to things), not merely a word the lists cannot read ("whoever shoots danny first")?"""
        if i is None:
            return False
        tok = doc[i]
        low = _lower(tok)
        if low in ("it", "this", "that"):
            return True
        if low in ("them", "em", "'em", "they"):
            return self._antecedent(tok) == "nonhuman"
        if tok.dep_ == "compound" and tok.head.i > tok.i:
            tok, low = tok.head, _lower(tok.head)
        nc = self.rules.noun_class(low)
        return nc is not None and nc[1] == "nonhuman"

    def _antecedent(self, tok: Token) -> str | None:
        """The reading of the plural noun a "them"/"they" refers back to: the nearest plural noun
        before it, in its snippet or else in the text just before ("the tomato plants are done,
        i'll rip them out and burn them" -> plants -> nonhuman; "my classmates bully me, i'm gonna
        shoot them" -> classmates -> human). A person word on the way (he, her, people, guys) makes
        it a person; a noun targets.yaml cannot read leaves the pronoun a person (None)."""
        doc = tok.doc
        for t in reversed(doc[max(0, tok.i - 30):tok.i]):
            low = _lower(t)
            if low in ("them", "they", "em", "'em", "we", "us", "you", "i", "me", "it", "my", "our"):
                continue
            if (low in self.human and low not in _QUANT and low not in ("those", "these")) or low in self.aliases:
                return "human"
            if t.pos_ == "PROPN" and t.tag_ == "NNPS":
                return "human"
            if t.pos_ == "NOUN" and t.tag_ in ("NNS", "NNPS") or (t.pos_ == "NOUN" and low.endswith("s") and
                                                                  self.rules.noun_class(low) is not None):
                nc = self.rules.noun_class(low)
                return _READING[nc[1]] if nc is not None else None
        full = doc._.full_text if doc.has_extension("full_text") and doc._.full_text is not None else None
        off = doc._.offset if full is not None else 0
        if full is None or off <= 0 or tok.i - tok.sent.start > 30:
            return None
        for w in reversed(re.findall(r"[a-z][a-z'-]*", full[max(0, off - 300):off].lower())[-40:]):
            if w in ("them", "they", "we", "us", "you", "i", "me", "it", "my", "our"):
                continue
            if (w in self.human and w not in _QUANT and w not in ("those", "these")) or w in self.aliases:
                return "human"
            if w.endswith("s") and len(w) > 3:
                nc = self.rules.noun_classes.get(w) or self.rules.noun_classes.get(w[:-1])
                if nc is not None:
                    return _READING[self.rules.class_reading[nc]]
        return None

    def _people_follow(self, doc: Doc, j: int) -> bool:
        """Do people (or a place) follow at ``j``, past determiners and adjectives? A violent verb
        form opening a sentence before them is a command the tagger took for a noun ("shoot muslims",
        "stab gay people" from "🔫👳🏽", "🔪 🏳️‍🌈")."""
        for t in doc[j:j + 4]:
            low = _lower(t)
            if low in ("all", "every", "each", "some", "the", "those", "these") and t.i + 1 < len(doc):
                continue   # "stab all the jews": the people come after the quantifier
            if low in self.human or low in self.places:
                return low not in ("one", "ones", "all", "those", "these", "he", "she", "we", "they")
            if t.pos_ not in ("DET", "ADJ", "NUM") and low not in _QUANT:
                return False
        return False

    def _agent_class(self, tok: Token | None) -> str:
        if tok is None:
            return "none"
        low = _lower(tok)
        if low in ("i", "we", "i'm", "im", "imma", "ima", "'s") or low in self.speaker and low not in ("my", "our", "me", "us"):
            return "speaker"
        if low in self.addressee:
            return "addressee"
        if low in ("someone", "somebody", "anyone", "anybody", "everyone", "everybody", "people", "society",
                   "one", "whoever", "nobody", "noone"):
            return "generic"
        return "other"

    def _weak_ok(self, doc: Doc, tok: Token, particle: str | None, target: str, target_tok: Token | None = None) -> bool:
        """Ambiguous verbs (hit, end, blow, light) need a phrasal particle or a weapon nearby, or a
        person's body part to injure ("break her jaw", "smash his face"), or "to death" after them
        ("they should be stoned to death", "kick him to death")."""
        lem = _lemma(tok)
        after = [_lower(t) for t in tok.doc[tok.i + 1:tok.i + 5]]
        if target in ("addressee", "human") and any(after[k:k + 2] == ["to", "death"] for k in range(len(after) - 1)):
            return True
        if target_tok is not None and target in ("addressee", "human"):
            part = _lower(target_tok)
            if part in self.injury_parts and lem in self.injury_verbs:
                return True
            if lem == "fuck" and part in self.body_parts:
                return False     # "you'll fuck up your life": a life spoiled, not a beating
        if lem in self.sex_slang and target == "human" and target_tok is not None and \
                _lower(target_tok) in self.female and not (particle and (lem, particle) in self.phrasals):
            # "i'd smash that bitch", "would bang her": sex slang about a woman, not a blow, without a
            # weapon nearby ("smash the bouncer" stays a blow)
            lo, hi = max(0, tok.i - 8), min(len(doc), tok.i + 9)
            if not any(_lower(t) in self.weapons for t in doc[lo:hi]):
                return False
        if lem not in self.weak and lem not in self.phrasal_only and (lem in self.violent or lem in self.patient_verbs):
            return True
        if particle and (lem, particle) in self.phrasals:
            return True
        if particle and particle not in ("up", "over", "away") and lem in self.needs_direction and target in ("addressee", "human"):
            return True     # "drag her out", "throw him off" ("pull up", "pull over", "throw up": arriving, parking, being sick)
        if particle:
            return False
        lo, hi = max(0, tok.i - 8), min(len(doc), tok.i + 9)
        if any(_lower(t) in self.weapons for t in doc[lo:hi]):
            return True
        if lem in self.phrasal_only or (lem in self.phrasal_bases and lem not in self.weak and lem not in self.violent):
            return target == "addressee" and lem in {"off", "body", "smoke", "cap", "dome", "pop", "ice", "waste", "bury"}
        if lem in self.needs_direction:
            # "push her down the stairs", "throw him off the roof", "spit in her face"; not "push him to study"
            after = {_lower(t) for t in doc[tok.i + 1:min(len(doc), tok.i + 5)]}
            # ("from" is where from, not where to: "I'll drag my sister home from the party", except
            # from a height or a moving vehicle: "see the minister thrown from a moving train")
            if not after & {"down", "off", "out", "into", "under", "over", "through", "in", "against", "onto",
                            "infront", "behind"} and not _held_by_end(doc, tok.i) and not (
                    "from" in after and any(_lower(t) in _HEIGHTS for t in doc[tok.i + 1:tok.i + 8])):
                return False
        return target in ("addressee", "human")

    # ---------------------------------------------------------------- parsed
    def _parse_frame(self, doc: Doc, tok: Token) -> Frame | None:
        lem = _lemma(tok)
        prev = _lower(doc[tok.i - 1]) if tok.i > 0 else ""
        # (cheap tests first: finding the token's sentence walks the parse)
        opens = tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NN", "NNP") and \
            self._people_follow(doc, tok.i + 1) and tok.i == tok.sent.start and \
            not any(t.pos_ in ("VERB", "AUX") for t in tok.sent)
        # (with another verb it is a noun: "Gun owners rally downtown")
        if tok.pos_ not in ("VERB", "AUX") and not (
                tok.pos_ in ("NOUN", "PROPN", "ADJ", "X", "SYM", "ADV")
                and ((tok.i + 1 < len(doc) and _lower(doc[tok.i + 1]) in self.addressee | {"them", "him", "her"})
                     or prev in _VERB_SLOT or opens)):
            return None
        if tok.pos_ != "VERB" and (prev in _VERB_SLOT or opens):
            return self._window_frame(doc, tok)     # a verb the tagger took for a noun ("gonna 🔪 him")
        # ("out of her" is a preposition: "slap the shit out of her")
        particle = next((_lower(c) for c in tok.children if (c.dep_ in ("prt", "advmod") or (
            c.dep_ == "prep" and not any(g.dep_ == "pobj" or (g.dep_ == "prep" and (lem, _lower(c)) not in self.phrasals)
                                         for g in c.children))) and _lower(c) in
                         _PARTICLES), None)
        if particle is None:
            # the parser sometimes hangs the particle elsewhere ("gonna rough her up and i ..."):
            # a particle-tagged word right after the verb, or after its pronoun object, is its own
            nxt = [t for t in doc[tok.i + 1:tok.i + 3]]
            if nxt and nxt[0].pos_ == "PRON" and nxt[0].head.i == tok.i:
                nxt = nxt[1:]
            if nxt and nxt[0].tag_ == "RP" and _lower(nxt[0]) in _PARTICLES:
                particle = _lower(nxt[0])
        if particle and (lem, particle) not in self.phrasals and lem in ("blow", "beat", "take", "put", "wipe",
                                                                        "run", "mow", "cut", "light", "lay", "smoke"):
            return None    # "take out the trash", "put down the phone"
        # climb to the clause that owns the subject and the modals
        chain = [tok]
        v = tok
        subj = None
        passive_patient = None
        fronted = _fronted_object(tok)
        if fronted is not None and (_lower(fronted) in _NOT_FRONTED or
                                    self._target_class(fronted, True) not in ("human", "addressee", "place")):
            fronted = None       # "God damn, I'd smash": an exclamation, not the object
        while True:
            for c in v.children:
                if fronted is not None and c.i == fronted.i:
                    continue
                if c.dep_ == "nsubj" and subj is None and _lower(c) in _SLANG_MODALS:
                    # "i shud kill him": the tagger takes the modal for the subject; its own subject is
                    c = next((g for g in c.children if g.dep_ == "nsubj"), c)
                if c.dep_ in ("nsubj", "expl", "csubj") and subj is None:
                    subj = c
                elif c.dep_ == "nsubjpass" and subj is None:
                    passive_patient = c
                    subj = c
                elif c.dep_ == "csubjpass" and subj is None:
                    # "whoever said that should be shot": the clause names who undergoes the act
                    who = next((g for g in c.children if g.dep_ == "nsubj" and _lower(g) in _WHO_CLAUSE), None)
                    if who is not None:
                        passive_patient = who
                        subj = who
            if subj is not None or v.dep_ not in ("xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp") or v.head.i == v.i:
                break
            if v.dep_ in ("advcl", "pcomp") and any(c.dep_ == "mark" for c in v.children):
                break
            if v.dep_ in ("conj", "advcl") and _bare_form(v) and v.head.tag_ in ("VBP", "VBZ", "VBD", "VBG") and \
                    not any(c.dep_ in ("aux", "auxpass") for c in v.children) and \
                    (any(_lower(c) in ("so", "then") and c.i < v.i for c in list(v.children) + list(v.head.children))
                     or _after_splice(v)):
                break      # "they are vermin so shoot them", "they're ruining everything, shoot them all":
                #            a command of its own, not the first clause's subject
            if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.i != v.head.i:
                v = v.head.head      # "dreams about shooting them": the clause of "dreams"
            else:
                v = v.head
            chain.append(v)
        # modals and negation along the chain, plus the verb that takes this clause as complement
        heads = list(chain)
        neg_blind: set[int] = set()
        top = chain[-1]
        # the verbs this clause complements: "I'd love to watch them die", "it's time to start killing"
        up = top
        for _ in range(3):
            if up.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in up.children):
                break      # "X isn't real, but she should get raped": a clause with its own subject
            if up.dep_ == "advcl" and up.tag_ == "VBD" and any(c.dep_ == "nsubj" and _lower(c) not in ("i", "we")
                                                              for c in up.children):
                break      # "why didn't anyone help her when he hit her": a past act, not what is urged
            if up.dep_ in ("ccomp", "xcomp", "relcl", "acl", "advcl", "conj") and up.head.i != up.i and \
                    not any(c.dep_ == "mark" and _lower(c) in _IF for c in up.children):
                if up.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and _lower(c) in _TIME_MARKS
                                              for c in up.children) or \
                        up.dep_ == "ccomp" and _lemma(up.head) in ("care", "matter"):
                    # "u won't be smiling when i shoot u", "i dont care what ppl say, he was right to
                    # choke her": the other clause's negation is not the act's
                    neg_blind.add(up.head.i)
                up = up.head
                heads.append(up)
            else:
                break
        if tok.dep_ == "csubj" and _lemma(tok.head) == "be" and tok.head.tag_ != "VBD":
            heads.append(tok.head)   # "hitting your wife should be legal": the act is what is approved
        markers = []
        negated = False
        in_cond = False
        for v in heads:
            for c in v.children:
                lc = _lower(c)
                if (c.dep_ == "neg" or lc in ("never", "nt")) and v.i not in neg_blind and not (
                        _lemma(v) in ("wait", "stop", "help", "hesitate", "rest", "mind", "regret", "quit", "believe")
                        and lc in ("n't", "not", "nt", "never")):
                    negated = True   # "can't wait to", "can't stop thinking about" are not denials
                if c.dep_ == "auxpass" and any(g.dep_ == "neg" for g in c.children):
                    negated = True   # "they don't get hurt": the parser hangs the negation on "get"
                if c.dep_ in ("aux", "auxpass", "advmod", "mark", "prt") or c.dep_ == "neg" or (
                        c.dep_ == "intj" and lc in ("please", "pls", "plz")):
                    markers.append((lc, _lemma(c), c))
                if c.dep_ == "mark" and lc in _IF:
                    nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
                    if nxt is not None and _lower(nxt) == "only":
                        markers.append(("wish", "wish", c))     # "if only someone had ..." is a wish
                    else:
                        in_cond = True
            markers.append((_lower(v), _lemma(v), v))
            if v.dep_ == "advcl" and any(_lower(c) in _IF for c in v.children):
                in_cond = True
        # "have their throats cut": a participle with its own subject is a passive small clause
        if passive_patient is None and (tok.tag_ == "VBN" or tok.dep_ == "ccomp" and _lemma(tok.head) in ("have", "get")
                                        and tok.tag_ == "VBD") and subj is not None and subj.head.i == tok.i and \
                not any(c.dep_ == "aux" and _lemma(c) == "have" for c in tok.children) and \
                not any(c.dep_ in ("dobj", "obj") for c in tok.children):
            passive_patient = subj
        # "she deserves to get slapped": a passive whose subject sits in the governing clause
        if passive_patient is None and subj is not None and subj.i < tok.i and tok.tag_ == "VBN" and any(
                c.dep_ in ("auxpass", "aux") and _lemma(c) in ("be", "get") for c in tok.children):
            passive_patient = subj
        # "it's fine to kill them", "it would be good if they were killed": an approving frame
        for v in heads:
            if v.dep_ in ("attr", "acomp") and _lower(v) in _APPROVE:
                markers.append(("should", "should", v))     # "it's everybody's duty to kill them"
            if _lemma(v) == "be" and any(g.dep_ == "pobj" and _lower(g) in _APPROVE and g.head.head.i == v.i
                                         for g in v.subtree):
                markers.append(("should", "should", v))     # "it's in everyone's interest to ..."
            if _lemma(v) == "be" and any(c.dep_ == "nsubj" and _lower(c) in _REMEDY for c in v.children):
                markers.append(("should", "should", v))     # "the solution is to beat them"
            if _lemma(v) == "be" and _about_act(v, tok) and any(c.dep_ in ("acomp", "attr") and _lower(c) in _APPROVE
                                                         for c in v.children):
                markers.append(("should", "should", v))
                in_cond = False
            if v.dep_ == "advcl" and _lemma(v.head) == "be" and any(
                    c.dep_ in ("acomp", "attr") and _lower(c) in _APPROVE for c in v.head.children):
                markers.append(("should", "should", v.head))
                in_cond = False
        if subj is not None:
            if _lower(subj) in self.neg_subjects or any(_lower(c) == "no" and c.dep_ == "det" for c in subj.children):
                negated = True
        # gonna / going to / wanna
        if tok.head.i != tok.i and _lower(tok.head) in ("let", "lets", "let's"):
            markers.append(("let", "let", tok.head))
        lemmas = [m[1] for m in markers if m[2].i != tok.i]
        lowers = [m[0] for m in markers if m[2].i != tok.i]
        slang = _slang_modals(doc, tok)
        lemmas += slang
        lowers += slang
        modality = self._modality(tok, lemmas, lowers, subj, parsed=True)
        threat = next((v for v in chain if _lemma(v) == "threaten"), None)
        if modality == "intent" and threat is not None and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in threat.children) and not (set(lemmas) | set(lowers)) & _INTENT:
            modality = "plain"   # "Threatening to murder refugees makes you a terrorist": a topic, no one's threat
        if modality == "conditional" and set(lowers) & {"would", "'d", "wd"} and _backshifted(chain[-1]):
            # "he said he would kill me", "she told me she'd stab him": a reported "will", shifted
            # back after a past verb of saying, not a hypothetical (also with "if I left": a
            # conditional threat is still a threat)
            modality = "future"
        rhetorical = False
        generic = subj is not None and passive_patient is None and self._agent_class(subj) == "generic"
        if generic and negated and any(_lower(c) in ("why", "y") and c.dep_ == "advmod" for v in heads for c in v.children):
            # "why hasn't anyone slapped her yet", "why is nobody punching them": asking why nobody
            # has done it urges it (rhetorical incitement); it neither denies nor merely asks
            modality, negated, rhetorical = "deontic", False, True
        elif generic and _lower(subj) not in self.neg_subjects and (chain[-1].tag_ == "VB" or (
                chain[-1].tag_ == "VBP" and _lower(subj) in ("someone", "somebody", "anyone", "anybody"))) and \
                chain[-1].dep_ == "ROOT" and not any(c.dep_ == "aux" for c in chain[-1].children) and \
                modality in ("plain", "present", "imperative"):
            modality = "deontic"     # "someone kick her", "somebody go beat her up": a call on someone
        elif generic and _lower(subj) in ("someone", "somebody") and chain[-1].tag_ == "VBD" and \
                chain[-1].dep_ == "ROOT" and _lower(chain[-1]) == _lemma(chain[-1]) and \
                _lower(chain[-1]) not in _SAME_IN_PAST and not any(c.dep_ == "aux" for c in chain[-1].children):
            # "she is so annoying, someone slap her": the bare verb tagged as a past ("slap" is no
            # past form; "someone hit her" may be one, so verbs that keep their form are left)
            modality = "deontic"
        if modality in ("past", "present", "plain") and passive_patient is not None and \
                any(c.dep_ == "auxpass" and _lower(c) == "getting" for c in tok.children) and \
                any(c.dep_ == "aux" and _lemma(c) == "be" for c in tok.children) and self._coming(tok):
            modality = "future"      # "you're getting stabbed when I find you", "she's getting hit tonight"
        # target; "burn" is a patient verb only without an object ("they should burn")
        target_tok = None
        # a weapon after the verb is the instrument ("will die 🔪" -> "will die knife"), not the object
        has_obj = any(c.dep_ in ("dobj", "obj", "dative") and _lower(c) not in self.weapons for c in tok.children)
        patient = lem in self.patient_verbs and not has_obj and (lem not in self.violent or passive_patient is None)
        if patient and passive_patient is None:
            target_tok = subj
        elif passive_patient is not None:
            target_tok = passive_patient
        else:
            # the direct object first: "throw her a party" is aimed at a party
            for deps in (("dobj", "obj"), ("dative", "iobj")):
                for c in tok.children:
                    if _lower(c) in self.weapons and c.i > tok.i:
                        continue
                    if _echoes_act(lem, c, tok):
                        continue     # "burn 🔥 the autistic freaks" reads "burn fire the ...": the act again
                    if not any(ch.isalnum() for ch in c.text):
                        continue     # an emoji with no reading ("🎯", "😂") is decoration, not the object
                    if _lower(c) in _EXPLETIVES:
                        continue     # "knock her the fuck out": the expletive is no object
                    if c.dep_ in deps or (c.dep_ == "nsubj" and c.i > tok.i and deps[0] == "dobj"):
                        target_tok = c
                        break
                if target_tok is not None:
                    break
            if target_tok is None:
                for c in tok.children:
                    if c.dep_ == "prep" and _lower(c) in ("at", "in", "into", "through", "on"):
                        pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if pobj is not None and (_lower(c) == "at" or self._target_class(pobj, True) in
                                                 ("human", "addressee", "place")):
                            target_tok = pobj
                            break
            if target_tok is None and particle is not None:
                for c in tok.children:
                    if c.dep_ == "prt":
                        target_tok = next((g for g in c.children if g.dep_ in ("dobj", "pobj")), None)
            if target_tok is None and tok.i + 1 < len(doc) and _lower(doc[tok.i + 1]) in self.addressee | {"them", "him", "her"}:
                target_tok = doc[tok.i + 1]
            if target_tok is None and not patient:
                # a parse that lost the object ("lets just 🔪 the 👳"): the next noun in the clause
                for t in doc[tok.i + 1:min(len(doc), tok.i + 5)]:
                    if t.is_punct or _lower(t) in _CLAUSE_BREAK:
                        break
                    if not any(ch.isalnum() for ch in t.text) or _lower(t) in self.weapons or \
                            _lower(t) in self.time_words or _echoes_act(lem, t, tok):
                        continue     # decoration ("🎯"), the instrument ("🔪" -> knife), the time: not the target
                    if _lower(t) == "sight" and t.i > 0 and _lower(doc[t.i - 1]) == "on":
                        break        # "shoot on sight": when, not whom
                    if _lower(t) in ("that", "this", "these", "those") and t.i + 1 < len(doc) and \
                            doc[t.i + 1].pos_ in ("NOUN", "PROPN", "ADJ"):
                        continue     # a determiner the parse took for a pronoun: "beats that trans streamer senseless"
                    if t.pos_ in ("NOUN", "PROPN", "PRON") or _lower(t) in self.human:
                        target_tok = t
                        break
            if target_tok is None and not patient and particle is None and tok.dep_ == "conj" and lem in self.strong \
                    and not any(c.dep_ in ("prep", "dobj", "obj", "ccomp", "xcomp") for c in tok.children):
                # why: "line them up and shoot", "round up all the jews and gas": a strong verb with no
                # object of its own, joined to a verb that took people, is done to those people
                target_tok = next((c for c in tok.head.children if c.dep_ in ("dobj", "obj") and c.i < tok.i), None)
            if target_tok is None and fronted is not None:
                target_tok = fronted     # "feminists I'd torture first": the object put first
            if target_tok is None and tok.dep_ == "relcl":
                # "you're the first one I'm shooting": the relative clause's head is the object
                target_tok = tok.head
                if target_tok.dep_ == "attr":
                    target_tok = next((c for c in target_tok.head.children if c.dep_ == "nsubj"), target_tok)
        target_tok = _quant_head(target_tok)
        if target_tok is not None and _lower(target_tok) in self.chat_words:
            # "just hit her lol": the parser reads "her lol" as a noun phrase; lol is no object
            # ("my brother lol": the noun the parser hung on it as a compound)
            target_tok = next((c for c in target_tok.children if c.dep_ == "compound"), None) or \
                next((c for c in target_tok.children if c.dep_ == "poss"), None)
        target = self._target_class(target_tok, True)
        if target == "nonhuman" and target_tok is not None and not patient and passive_patient is None:
            moved = self._moved_target(tok, target_tok)
            if moved is not None:
                target_tok, target = moved, self._target_class(moved, True)
        if target == "nonhuman" and target_tok is not None and lem in self.strong and \
                self.rules.noun_class(_lower(target_tok)) is None and _lower(target_tok) not in ("it", "this", "that") and \
                (target_tok.pos_ == "ADJ" or target_tok.pos_ == "NOUN" and target_tok.tag_ in ("NNS", "NNPS") and any(
                    c.dep_ == "relcl" and any(_lower(g) in ("who", "whom", "whose") for g in c.children)
                    for c in target_tok.children)) \
                and not any(_lower(c) in self.nonhuman for c in target_tok.children if c.dep_ in ("compound", "amod")):
            # "kill the rich" (an adjective standing for people), "shoot the vegans who ...": people.
            # A plural noun that targets.yaml cannot read is not taken for people by default
            # ("behead the dandelions", "decapitate the tulips"): the lists and word endings decide.
            target = "human"
        if target_tok is not None and target == "nonhuman":
            # "kill the trans people": the head may be a modifier; look at compounds and conj
            for c in target_tok.children:
                if c.dep_ in ("compound", "amod", "conj") and (_lower(c) in self.human or (
                        c.dep_ == "conj" and self._target_class(c, True) in ("human", "addressee"))):
                    target = "human"
        agent = self._agent_class(subj) if passive_patient is None else "none"
        if subj is not None and _lower(subj) in ("myself", "ourselves") and not negated and any(
                _lemma(v) in ("see", "picture", "imagine", "envision", "visualise", "visualize") for v in heads[1:]):
            # "every time I close my eyes I see myself killing everyone there": the writer's own act, pictured
            modality, agent = "desire", "speaker"
        if tok.dep_ == "relcl" and subj is not None and _lower(subj) in ("who", "that") and \
                tok.head.dep_ in ("dobj", "attr") and _lemma(tok.head.head) in ("need", "deserve", "want") and \
                modality in ("future", "intent", "plain", "present") and not negated:
            # "she needs a man who'll drag her out by the hair", "what they need is someone who will
            # shoot them": the act is what is called for, by whoever would do it
            modality, agent = "deontic", "generic"
        if agent == "other" and subj is not None and _lower(subj) in ("'s",):
            agent = "speaker"
        if not self._weak_ok(doc, tok, particle, target, target_tok):
            if target == "nonhuman" and target_tok is not None:
                self._weak_thing = Frame(anchor=tok.i, start=tok.i, end=max(tok.i + 1, min(target_tok.i + 1, tok.i + 8)),
                                         agent=agent, modality=modality, target=target, target_token=target_tok.i)
            return None
        if modality == "imperative" and not _imperative_position(tok):
            modality = "plain"
        top_v = chain[-1]
        if modality in ("plain", "present") and subj is None and top_v.i != tok.i and top_v.tag_ == "VB" and \
                top_v.dep_ == "ROOT" and _imperative_position(top_v):
            modality = "imperative"     # "go stab them", "come help me kill them"
        if modality in ("plain", "past") and subj is None and _bare_form(tok) and tok.dep_ in ("advcl", "conj", "dep") and \
                not any(c.dep_ in ("aux", "auxpass", "mark") and _lower(c) not in ("so", "then") for c in tok.children) and \
                (any(_lower(t) in ("so", "then") for t in doc[max(tok.sent.start, tok.i - 2):tok.i]) or
                 _after_splice(tok) and tok.head.tag_ != "VB"
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children)):
            # "they are vermin so shoot them", "if he shows up then kill him"; a comma splice after
            # a clause with its own subject: "immigrants are ruining everything, shoot them all"
            modality = "imperative"
        # "without electrocuting myself", "instead of shooting them": the act is denied
        if any(v.dep_ == "pcomp" and _lower(v.head) in ("without", "instead", "of") and
               (_lower(v.head) == "without" or _lower(v.head.head) == "instead") for v in chain):
            negated = True
        in_chain = {v.i for v in chain}
        start = min([tok.i] + [m[2].i for m in markers if m[2].i < tok.i and m[2].i >= tok.sent.start
                               and (m[2].i in in_chain or m[2].head.i in in_chain)]
                    + ([subj.i] if subj is not None and subj.i < tok.i else []))
        end = tok.i + 1
        if target_tok is not None and target_tok.i > tok.i:
            end = max(end, min(target_tok.i + 1, tok.i + 8))
        for c in tok.children:
            if c.dep_ == "prt" and c.i >= end - 1:
                end = max(end, c.i + 1)
        if lem in self.needs_direction:
            held = _held_by_end(doc, tok.i)
            if held:
                end = max(end, held)     # show what she is held by: "grab that foid by the hair"
        if target_tok is not None and target_tok.i < start and (
                passive_patient is not None or fronted is not None and target_tok.i == fronted.i):
            start = target_tok.i
        return Frame(anchor=tok.i, start=start, end=end, agent=agent, modality=modality, target=target,
                     negated=negated, in_condition=in_cond, rhetorical=rhetorical,
                     target_token=target_tok.i if target_tok is not None else None)

    def _moved_target(self, tok: Token, obj: Token) -> Token | None:
        """The person an act is done to when its object is not: "beat her senseless" (the parser
        reads "her senseless"), "choke the life out of my sister", "rape some sense into her",
        "pour boiling water on her"."""
        if _lower(obj) in self.resultatives:
            return next((c for c in obj.children if c.dep_ == "poss"), None)
        for t in tok.subtree:
            if t.i <= obj.i or t.dep_ != "pobj":
                continue
            prep = t.head
            if _lower(t) in self.time_words:
                continue     # "execute the plan on monday": a day, not the person it is done to
            if _lower(prep) in ("into", "on", "onto", "outta") or (
                    _lower(prep) == "of" and _lower(prep.head) == "out"):
                if self._target_class(t, True) in ("human", "addressee"):
                    return t
        return None

    def _coming(self, tok: Token) -> bool:
        """Is the act set in time to come: "tonight", "next time", "when I find you"?"""
        for t in tok.sent:
            if t.i > tok.i and _lower(t) in ("tomorrow", "tonight", "tmrw", "tmr", "soon", "later"):
                return True
            if t.i > tok.i + 1 and _lower(t.doc[t.i - 1]) in ("this", "on") and _lower(t) in _DAYS:
                return True      # "my ex is getting shot this weekend"
            if _lower(t) == "next" and (t.i + 1 >= len(t.doc) or _lower(t.doc[t.i + 1]) not in ("door", "to")):
                return True      # "the next woman who does that is getting punched"
        for c in tok.children:
            if c.dep_ == "advcl" and any(_lower(g) in ("when", "once") for g in c.children) and any(
                    g.dep_ == "nsubj" and _lower(g) in ("i", "we") for g in c.children):
                return True
        return False

    def _modality(self, tok: Token, lemmas: list[str], lowers: list[str], subj, parsed: bool) -> str:
        lset = set(lemmas) | set(lowers)
        if subj is not None and _lower(subj) in ("imma", "ima", "ima'", "amma"):
            lset.add("imma")     # the tagger takes "imma" (I'm going to) for the subject
        if "why" in lset and lset & {"n't", "not"} and lset & {"do", "can", "ca"}:
            return "deontic"     # "why don't we just ...": a suggestion
        if "going" in lowers and ("to" in lowers or tok.tag_ == "VB" or not parsed) or lset & {"gon", "gonna", "finna", "bout", "imma", "ima"}:
            return "future"
        if lset & {"want", "wanna", "wan", "wish", "hope", "dream", "fantasize", "fantasise", "crave", "itch",
                   "yearn", "pray", "picture", "envision", "envisage", "visualise", "visualize", "daydream"}:
            return "desire"      # (pictured, envisioned: a fantasy of the act, "i've pictured pushing her into it")
        if lset & {"love", "like", "fancy"} and (lset & {"would", "'d"} or "should" in lowers and subj is not None
                                                  and _lower(subj) in ("i", "we")):
            return "desire"      # ("I should like very much to see the minister thrown from a train": British)
        if lset & {"should", "must", "ought", "deserve", "gotta", "need", "needs", "time", "duty"}:
            return "deontic"
        if lset & {"support", "advocate", "endorse", "condone", "encourage", "recommend", "propose"}:
            return "deontic"     # "I support hitting women who ...": urging the act
        if ("have" in lemmas or "has" in lowers or "got" in lowers) and "to" in lowers:
            return "deontic"
        if lset & {"will", "'ll", "ll", "shall", "wo"}:
            return "future"
        if lset & _INTENT or "threaten" in lset:
            return "intent"
        if "wait" in lset and lset & {"ca", "can", "cant", "can't"}:
            return "intent"
        if "please" in lset or "pls" in lset or "plz" in lset:
            return "deontic"     # "someone please run them over"
        if parsed and tok.tag_ == "VBG" and lset & {"'m", "m", "am", "'re", "are"} and subj is not None and \
                _lower(subj) in ("i", "we"):
            return "intent"      # "you're the first one I'm shooting"
        if lset & {"let", "lets", "let's"}:
            return "imperative"
        if lset & _CONDITIONAL:
            return "conditional"
        if lset & _ABILITY:
            return "ability"
        if subj is None and (not parsed or tok.tag_ in ("VB", "VBP") or tok.tag_ == "VBD" and (tok.i == tok.sent.start or _imperative_position(tok))
                             and _lower(tok) == _lemma(tok)) \
                and (not parsed or tok.dep_ in ("ROOT", "conj")
                     or tok.dep_ == "csubj" and _lower(tok.head) in self.chat_words and tok.i < tok.head.i):
            # (the tagger sometimes reads a sentence-initial "beat" as past; "kill women lol" parses
            # the laugh as the main verb and the call as its subject clause)
            return "imperative"
        if parsed and tok.tag_ in ("VBD", "VBN"):
            return "past"
        if parsed and tok.tag_ in ("VBZ", "VBP", "VBG"):
            return "present"
        return "plain"

    # ---------------------------------------------------------------- window (no parser)
    def _window_frame(self, doc: Doc, tok: Token) -> Frame | None:
        i = tok.i
        lem = _lemma(tok)
        prev = _lower(doc[i - 1]) if i > 0 else ""
        if prev in ("a", "an", "the", "my", "your", "his", "her", "their", "our", "this", "that"):
            return None    # a noun: "the shoot", "a bomb"
        # clause to the left, stopping at a break
        lo = i
        while lo > 0 and _lower(doc[lo - 1]) not in _CLAUSE_BREAK and doc[lo - 1].text not in ".!?\n" and i - lo < 10:
            lo -= 1
        left = [doc[j] for j in range(lo, i)]
        subj = None
        for t in reversed(left):
            lt = _lower(t)
            if lt in ("i", "we", "you", "u", "he", "she", "they", "someone", "somebody", "anyone", "everyone",
                      "people", "nobody", "y'all", "yall", "ya", "one") or lt in self.human:
                subj = t
                break
        lowers = [_lower(t) for t in left]
        lemmas = [_lemma(t) for t in left]
        negated = bool(set(lowers) & _NEG) or (subj is not None and _lower(subj) in self.neg_subjects)
        in_cond = bool(set(lowers) & _IF) or (lo > 0 and any(_lower(t) in _IF for t in doc[max(0, lo - 8):lo])
                                              and _lower(doc[lo - 1]) not in (",",))
        passive = bool(set(lowers) & {"be", "been", "being", "get", "got"}) and tok.text.lower().endswith(("ed", "en", "shot", "hung", "burnt"))
        modality = self._modality(tok, lemmas, lowers, subj, parsed=False)
        particle = None
        if i + 1 < len(doc) and _lower(doc[i + 1]) in _PARTICLES:
            particle = _lower(doc[i + 1])
        if particle and (lem, particle) not in self.phrasals and lem in ("blow", "beat", "take", "put", "wipe",
                                                                        "run", "mow", "cut", "light", "lay", "smoke"):
            return None
        target_tok = None
        nxt = _lower(doc[i + 1]) if i + 1 < len(doc) else ""
        if (lem in self.patient_verbs and (lem not in self.violent or nxt in ("", ".", "!", "in", "for", "slowly",
                                                                            "alive", ",", "already")) or passive):
            target_tok = subj
            agent = self._agent_class(subj) if lem in self.patient_verbs and not passive else "none"
        else:
            agent = self._agent_class(subj)
            j = i + 1 + (1 if particle else 0)
            while j < len(doc) and j <= i + 7:      # ("gas every last one of the immigrants": six words to skip)
                lt = _lower(doc[j])
                if lt == "her" and (j + 1 >= len(doc) or doc[j + 1].is_punct or _lower(doc[j + 1]) in
                                    _CLAUSE_BREAK | self.chat_words | _AFTER_OBJECT):
                    target_tok = doc[j]      # "stab her", "stab her lol": her is the object, not a determiner
                    break
                if lt in ("the", "a", "an", "all", "of", "every", "each", "those", "these", "some", "my", "his", "her",
                          "their", "our", "your", "fucking", "damn", "at", "in", "into", "single", "last", "one",
                          "on", "onto", "upon", "across"):
                    j += 1     # ("stomp on your face": the face, not "on")
                    continue
                if doc[j].is_punct:
                    break
                if doc[j].is_space or not any(ch.isalnum() for ch in doc[j].text):
                    j += 1         # spaces, and emoji with no reading (decoration)
                    continue
                target_tok = doc[j]
                break
        if subj is not None and not (lem in self.patient_verbs or passive) and subj.i < i and agent != "none":
            pass
        elif subj is None and modality == "plain" and lo == 0 or (subj is None and i == lo):
            modality = "imperative" if modality in ("plain", "imperative") else modality
        target = self._target_class(target_tok, False)
        if not self._weak_ok(doc, tok, particle, target):
            return None
        start = subj.i if subj is not None and subj.i < i else i
        start = min([start] + [t.i for t in left if _lower(t) in _FUTURE | _DESIRE | _DEONTIC | {"going", "to"}] or [start])
        start = max(start, lo)
        end = i + 1 + (1 if particle else 0)
        if target_tok is not None and target_tok.i >= end:
            end = target_tok.i + 1
        return Frame(anchor=i, start=start, end=end, agent=agent, modality=modality, target=target,
                     negated=negated, in_condition=in_cond,
                     target_token=target_tok.i if target_tok is not None else None)


def _about_act(be: Token, act: Token) -> bool:
    """Does an approving "be" speak of the act? It does when the act hangs under it as its
    complement, condition or subject ("I'd be happy to kill them", "it's fine to kill them",
    "women being raped is fine"); a separate clause beside it ("my grandmother was hit by a car,
    she's fine now") is about the act only if the subject is "it/that/this" or a clause."""
    c = act
    while c.head.i != be.i and c.head.i != c.i:
        c = c.head
    if c.head.i == be.i and c.i != be.i and c.dep_ not in ("ccomp", "conj", "parataxis"):
        return True
    subj = next((c for c in be.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")), None)
    return subj is None or subj.dep_ in ("expl", "csubj") or _lower(subj) in ("it", "that", "this", "which", "what")


# Modals spelled as said, which the tagger does not know: read as the modal ("shud" -> should)
_SLANG_MODALS = {"shud": "should", "shuld": "should", "shld": "should", "shoud": "should", "wud": "would",
                 "wld": "would", "woud": "would", "cud": "could", "culd": "could", "gunna": "gonna", "gona": "gonna",
                 "musta": "must", "shoulda": "should", "woulda": "would", "coulda": "could"}


def _slang_modals(doc: Doc, tok: Token) -> list[str]:
    """Modals the parse missed before the verb, in its sentence: slang spellings in the four words
    before it ("she shud be slapped", "i wud kill him") and "ima", split by the tokenizer into "i",
    "m", "a", in the twelve before it ("ima pull up at his house and light everybody up")."""
    start = tok.sent.start
    out = [_SLANG_MODALS[_lower(t)] for t in doc[max(start, tok.i - 4):tok.i] if _lower(t) in _SLANG_MODALS]
    words = [_lower(t) for t in doc[max(start, tok.i - 12):tok.i]]
    if any(words[k:k + 3] == ["i", "m", "a"] for k in range(len(words) - 2)):
        out.append("imma")
    return out


_FRONTING_SUBJECTS = frozenset({"i", "we", "you", "u", "he", "she", "they"})
_NOT_FRONTED = frozenset({"god", "damn", "lord", "jesus", "christ", "man", "bro", "dude", "guys", "boy", "gosh",
                          "fuck", "shit", "hell", "lol", "yeah", "honestly", "sir", "mate", "fam", "bruh"})


def _fronted_object(tok: Token) -> Token | None:
    """The object a speaker put first ("feminists I'd torture first", "that bitch I would kill",
    "women like her I'd happily strangle"): a noun phrase opening the sentence, hung on a verb that
    has no object of its own and a pronoun subject after that noun. The parser makes it an
    adverbial noun or a second subject; either way the verb is done to it."""
    if tok.pos_ != "VERB" or any(c.dep_ in ("dobj", "obj", "nsubjpass", "ccomp", "xcomp") for c in tok.children):
        return None
    kids = list(tok.children)
    for i, c in enumerate(kids):
        if c.i >= tok.i or c.pos_ not in ("NOUN", "PROPN") or c.dep_ not in ("npadvmod", "nsubj", "dep"):
            continue
        if c.left_edge.i != tok.sent.start:
            return None
        if any(k.dep_ == "nsubj" and k.i > c.right_edge.i and k.i < tok.i and k.text.lower() in _FRONTING_SUBJECTS
               for k in kids[i + 1:]):
            return c
        return None
    return None


_HEIGHTS = frozenset({"roof", "rooftop", "bridge", "train", "balcony", "window", "building", "cliff", "helicopter",
                      "plane", "ledge", "tower", "overpass", "car", "bus", "stairs", "staircase"})
_HELD_BY = frozenset({"hair", "ponytail", "ponytails", "braid", "braids", "neck", "throat", "ankles", "ankle",
                      "scruff", "collar", "hijab", "headscarf", "ears", "ear"})


def _held_by_end(doc: Doc, i: int) -> int:
    """The end of "by the hair" after the verb at ``i``, 0 if none: held by the body ("drag her home
    by her ponytail", "pull him out by the throat"), the direction may be anywhere."""
    words = [_lower(t) for t in doc[i + 1:min(len(doc), i + 9)]]
    for k, w in enumerate(words):
        if w == "by":
            for m in range(k + 1, min(k + 4, len(words))):
                if words[m] in _HELD_BY:
                    return i + 1 + m + 1
    return 0


def _quant_head(tok: Token | None) -> Token | None:
    """"all of them" -> them; "every one of you" -> you."""
    if tok is None:
        return None
    if _lower(tok) in _QUANT or _lower(tok) in _COLLECTIVE:
        for c in tok.children:
            if c.dep_ == "prep" and _lower(c) == "of":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return tok


def _fuck_it(doc: Doc, i: int) -> bool:
    """'fuck it' / 'screw this' standing alone (before punctuation, 'all' or the end)."""
    if i + 1 >= len(doc) or _lower(doc[i + 1]) not in ("it", "this", "that"):
        return False
    return i + 2 >= len(doc) or doc[i + 2].is_punct or _lower(doc[i + 2]) in ("all", "lol", "lmao", "i", "im", "i'm")


def _raw_emoji(tok: Token) -> bool:
    """A token made only of emoji that normalization left as they are (no reading: not people)."""
    t = tok.text
    return bool(t) and not any(c.isalnum() for c in t) and any(ord(c) >= 0x2190 for c in t)


# subjects of a clause that names a person ("whoever said that should be shot"); not "whatever"
_WHO_CLAUSE = frozenset({"whoever", "whomever", "anyone", "anybody", "everyone", "everybody", "someone",
                         "somebody", "he", "she", "they"})


_SAID = {"say", "tell", "text", "message", "write", "threaten", "swear", "promise", "warn", "post", "yell",
         "scream", "shout", "claim", "brag", "boast", "announce", "dm", "snap", "tweet", "email"}


def _backshifted(top: Token) -> bool:
    """Is this clause what someone said, after a past verb of saying ("he said (that) ...")?"""
    return top.dep_ in ("ccomp", "xcomp") and top.head.tag_ in ("VBD", "VBN") and _lemma(top.head) in _SAID


# words that fill an object slot for emphasis only ("knock her the fuck out", "beat the shit out of him")
_EXPLETIVES = frozenset({"fuck", "shit", "hell", "crap", "heck", "fck", "fuk"})

# subordinators of time and reason: a negation in the clause they hang on is not the act's
_TIME_MARKS = frozenset({"when", "whenever", "while", "after", "before", "once", "until", "till", "til", "because",
                         "since", "as", "cause", "cuz", "bc"})

# verbs whose past is the bare form: "someone hit her" may tell what happened
_SAME_IN_PAST = frozenset({"hit", "cut", "put", "beat", "hurt", "shut", "set", "let", "quit", "spread", "burst",
                           "cast", "split", "thrust", "upset", "bet", "slit", "knit", "rid", "shed", "bid", "read"})


def _after_splice(tok: Token) -> bool:
    """A conjoined verb right after a comma, semicolon, colon or dash: "..., shoot them all"."""
    # (the parser also hangs such a verb on the first clause as an unlabelled "dep": "those women
    # are trash, burn them")
    return tok.dep_ in ("conj", "dep") and tok.i > 0 and tok.doc[tok.i - 1].text in _SPLICE_MARKS


def _bare_form(tok: Token) -> bool:
    """A verb in its bare form, or one the tagger took for a past or present form that is spelled
    like its lemma ("the feminists are protesting downtown, run them over": 'run' tagged VBD)."""
    # (not after a past clause: "he came home drunk, hit her and left" is a narrative)
    return tok.tag_ == "VB" or (tok.tag_ in ("VBD", "VBP") and _lower(tok) == _lemma(tok)
                                and tok.head.tag_ != "VBD")


_FIRE_WORDS = frozenset({"fire", "flames", "flame", "fires"})


def _echoes_act(lem: str, t: Token, verb: Token) -> bool:
    """A fire word right after a verb of burning restates the act (a 🔥 after "burn"), with more
    words after it to be the object; "burn the fire down" has its object elsewhere anyway."""
    return (lem in ("burn", "torch", "light", "set", "roast") and t.i == verb.i + 1 and _lower(t) in _FIRE_WORDS
            and t.i + 1 < len(t.doc) and not t.doc[t.i + 1].is_punct)


def _imperative_position(tok: Token) -> bool:
    """The verb opens its clause (after interjections, 'just', 'go', 'please', a vocative), also
    after a comma splice that closes a clause with its own subject ("the jews are the problem, gas
    them", where the parser makes the first clause a complement of the verb)."""
    sent = tok.sent
    start = sent.start
    mark = next((t.i for t in reversed(sent.doc[sent.start:tok.i]) if t.text in _SPLICE_MARKS), None)
    if mark is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and (any(
            t.dep_ in ("nsubj", "nsubjpass") and t.head.i != tok.i for t in sent.doc[sent.start:mark])
            or not any(t.pos_ in ("VERB", "AUX") for t in sent.doc[sent.start:mark])):
        start = mark + 1     # also after a verbless opener: "honest to god, punch ...", "for real though, kill ..."
    for t in sent.doc[start:sent.end]:
        if t.i >= tok.i:
            return True
        if t.is_punct or _lower(t) in ("just", "go", "please", "pls", "plz", "so", "now", "then", "and", "someone",
                                       "somebody", "everyone", "yo", "lets", "let", "'s", "us", "gotta", "to",
                                       "fucking", "fuckin", "fkn", "fking", "effing", "frickin", "freakin", "freaking", "bloody",
                                       "ok", "okay", "guys", "seriously", "literally", "all", "y'all", "yall"):
            continue
        if t.pos_ in ("INTJ",) or (t.pos_ == "ADV" and t.dep_ == "advmod" and t.head.i == tok.i):
            continue     # "honestly just slap her": an adverb on the verb itself
        return False
    return True


def _sentence_has_q(doc: Doc, i: int) -> bool:
    j = i
    while j < len(doc) and doc[j].text not in ".!\n":
        if doc[j].text == "?":
            return True
        j += 1
    return False
