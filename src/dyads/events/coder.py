"""The dependency-based event coder.

For every verb or noun whose lemma has patterns, the coder checks the pattern's
conditions on the parse, finds the source and target actors in the argument
slots the pattern names (subject, object, prepositional objects, possessor,
compounds, the subject of a governing verb), expands coordinated actors,
falls back to the words of a participant the knowledge base does not know
(code ``---``; never for both sides) and, for uses of force, restrictions and
protests, to the place where the event happens,
checks negation, modality and hypotheticals, and emits one event per source
and target. Every decision that drops a candidate is recorded in a trace so
that ``dyads explain`` can show it.

The grammar it reads (subjects, objects, slots) is in :mod:`dyads.events.grammar`,
the moods of clauses in :mod:`dyads.events.moods`; this module finds the actors in
what they point at and makes the events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from dyads.actors.gazetteer import Gazetteer
from dyads.actors.resolver import DocumentActors, TokenMention
from dyads.events.dates import event_date
from dyads.events.grammar import (counted, direct_object, first_child, governing_subject, governing_verb, is_passive,
                                  left_modifiers, of_object, represented, slot_tokens, subject_of, with_conjuncts)
from dyads.events.moods import CALLING_VERBS, alleging_verb, modality, speech_verb
from dyads.events.ontology import Ontology
from dyads.events.patterns import NO_EVENT, Pattern, PatternBook, Slot
from dyads.model import Actor, Event

log = logging.getLogger(__name__)

#: Roots whose events, when someone "failed to" do them, are coded as a rejection (12x): a meeting or an
#: agreement that did not come about ("failed to reach agreement"). Other failed acts are not coded.
FAILED_AS_REJECTION_ROOTS = frozenset({"04", "05"})
#: The appeal code for what is asked, by the root of the act asked for (CAMEO 021-028); 020 otherwise.
APPEAL_CODES = {"045": "028", "04": "026", "05": "022", "06": "021", "07": "023", "08": "025"}
#: Roots of the alleged deeds that make the allegation an accusation: threats, protests, force.
ACCUSABLE_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})
ACCUSATION_CODE = "112"
#: Nominal modifiers searched (breadth first) by "deep" slots.
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod", "appos", "nummod"})
CONFIDENCE = {"direct": 0.9, "deep": 0.75, "noun": 0.75, "coref": -0.1, "intent": -0.05, "generic": 0.55}
#: Entity types that name an amount or a time, never a participant of an event.
NON_PARTICIPANT_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Nouns too vague to stand for a participant ("at the time", "in a way", "part of the deal").
NON_PARTICIPANT_NOUNS = frozenset({"time", "times", "way", "ways", "thing", "things", "lot", "kind", "sort",
                                   "part", "one", "others", "other", "side", "end", "hour", "day", "week",
                                   "month", "year", "moment", "weekend", "morning", "evening", "night",
                                   # qualities and abstractions urged or provided, never a party to the event
                                   "patience", "restraint", "calm", "caution", "composure", "detail", "details",
                                   "balance", "importance", "need", "attention"})
#: Dependents kept in the text of a participant phrase: its words in front of the head noun.
PHRASE_DEPS = frozenset({"det", "compound", "amod", "nmod", "poss", "nummod", "quantmod", "case", "punct",
                         "advmod", "npadvmod"})
#: Roots whose target may be the place the event happens in when no actor is named as target:
#: protests, force postures, restrictions, assaults and fighting in a place affect that place's state
#: ("imposed a curfew in Srinagar", "troops shelled villages in Idlib").
#: Likewise intents, meetings and yields: "the two leaders met in Geneva" is a meeting in Switzerland, as
#: PETRARCH and the gold data code it; "agreed to a ceasefire in eastern Ukraine" and "lifted the state
#: of emergency in Kashmir" concern that place.
#: Condolences (018) go to the state where the tragedy happened ("sorrow for the shootings in Ohio").
#: A claim of responsibility (015) for an attack in a place targets that place's state.
#: (Code prefixes: a root or a three-digit code.)
PLACE_TARGET_CODES = ("015", "018", "03", "04", "07", "08", "14", "15", "17", "18", "19", "20")
#: Codes of help and peacekeeping whose target, when it is a force or mission "in" a state ("troops for
#: the UN force in Somalia"), is that state: CAMEO aims peacekeeping at the country kept, not the force.
MISSION_TARGET_CODES = ("033", "07", "086")
#: Nouns of a force or mission sent somewhere: what it serves is the place it is in.
MISSION_NOUNS = frozenset({"force", "forces", "mission", "missions", "operation", "operations", "contingent",
                           "deployment", "presence"})
#: Roots whose events coordinated subjects do with each other when no target is named:
#: "Syria and Israel exchanged fire", "the US and its allies began exercises".
MUTUAL_ROOTS = frozenset({"04", "05", "06", "19"})
#: Prepositions that say what an event is about; where that happened may be the event's place.
ABOUT_PREPOSITIONS = frozenset({"over", "for", "after", "following", "about"})
#: Roots whose source, in a passive clause with no agent, is the state of the place where it was done:
#: arrests, detentions, releases and expulsions are acts of the authorities there.
PLACE_SOURCE_ROOTS = frozenset({"08", "16", "17"})
#: Roots whose source, in a passive clause with no agent, is the place the force came "from" (not where
#: it landed: "a journalist was killed in Syria" says nothing of who killed).
ORIGIN_SOURCE_ROOTS = frozenset({"18", "19", "20"})
#: Roots whose sources of no country act in the country where the event happens (protesters, police,
#: insurgents at home); for other roots only the target is placed ("met officials in Moscow").
LOCAL_SOURCE_ROOTS = frozenset({"14", "17", "18", "19"})
#: Nouns for someone other than their possessor: on the other side ("his rival", "the government's
#: critics") or beside it ("its allies", "its owner", "his counterpart"). Written as lemmas.
OTHER_PARTY_NOUNS = frozenset({"rival", "opponent", "critic", "enemy", "foe", "challenger", "adversary", "ally",
                               "partner", "owner", "neighbour", "neighbor", "counterpart", "victim", "successor",
                               "predecessor", "host"})
#: Roots whose actors of no country, when the sentence names no place, are placed in the country of
#: the story's dateline: protests, repression and assaults ("Police fired tear gas at protesters").
#: Not meetings or wars, which often bring foreigners to the place of filing.
HOME_ROOTS = frozenset({"14", "17", "18"})
#: Prepositions that name where an event happens.
PLACE_PREPOSITIONS = frozenset({"in", "at", "across", "throughout", "inside", "near", "around"})
#: Prepositions a "deep" slot searches for an actor ("the attack by X", "a request from X").
DEEP_PREPOSITIONS = frozenset({"of", "by", "from"})
#: Prepositions searched inside the phrase of an unknown participant for an actor.
PHRASE_PREPOSITIONS = frozenset({"with", "from", "by", "to", "for", "of", "between", "among", "into"})
#: Sectors that act for their state: such an actor and its own state are one actor.
STATE_SECTORS = frozenset({"", "GOV", "MIL", "SPY", "LEG", "ELI"})
#: Mention kinds that name one person or body: two of them with one code are still two actors.
NAMED_KINDS = frozenset({"person", "org"})
#: Mention kinds that stand for one person (a pronoun's antecedent is a person when its code is).
PERSON_KINDS = frozenset({"person", "pronoun"})
#: The actor of a participant the knowledge base does not know ("the vote", "a recipient"): no country.
GENERIC = Actor(code="---", name="(not in the knowledge base)")


@dataclass(frozen=True, slots=True)
class TraceLine:
    """One decision of the coder, for ``dyads explain``."""

    sentence_index: int
    word: str
    rule: str
    outcome: str


@dataclass(slots=True)
class CodingContext:
    """Everything the coder needs about one document while it codes it."""

    doc_id: str
    docs: Sequence[Doc]
    actors: DocumentActors
    document_date: dt.date | None
    sentence_offsets: list[int]
    trace: list[TraceLine] | None = None
    home_country: str = ""  # the country of the story's dateline, "" when it has none
    home_place: str = ""


@dataclass(frozen=True, slots=True)
class _Candidate:
    passage: int
    pattern: Pattern
    code: str
    source: Actor
    target: Actor
    source_mention: TokenMention
    target_mention: TokenMention
    confidence: float
    rule: str
    word: Token


@dataclass(slots=True)
class _Arguments:
    mentions: list[TokenMention] = field(default_factory=list)
    deep: bool = False
    slot: str = ""
    generic: bool = False


class EventCoder:
    """Codes events from parsed, actor-resolved documents. Build once; stateless per call."""

    def __init__(self, ontology: Ontology, patterns: PatternBook, coder_version: str,
                 min_confidence: float = 0.0, gazetteer: Gazetteer | None = None) -> None:
        self.ontology = ontology
        self.patterns = patterns
        self.coder_version = coder_version
        self.min_confidence = min_confidence
        self.gazetteer = gazetteer

    # -- public -------------------------------------------------------------------------------
    def code_document(self, doc_id: str, docs: Sequence[Doc], actors: DocumentActors,
                      document_date: dt.date | None, trace: list[TraceLine] | None = None,
                      home: tuple[str, str] = ("", "")) -> list[Event]:
        """The events of one document; ``home`` is the (country, place) of its dateline, if any."""
        offsets, total = [], 0
        for doc in docs:
            offsets.append(total)
            total += sum(1 for _ in doc.sents)
        context = CodingContext(doc_id, docs, actors, document_date, offsets, trace, *home)
        events: list[Event] = []
        for passage_index, doc in enumerate(docs):
            for sent_number, sent in enumerate(doc.sents):
                sentence_index = offsets[passage_index] + sent_number
                candidates = list(self._sentence_candidates(context, passage_index, sent, sentence_index))
                events.extend(self._events(context, sent, sentence_index, _best_per_key(candidates)))
        return merge_restatements(events)

    # -- candidates ----------------------------------------------------------------------------
    def _sentence_candidates(self, context: CodingContext, passage: int, sent: Span,
                             sentence_index: int) -> Iterator[_Candidate]:
        question = sent.text.rstrip().endswith("?")
        for token in sent:
            kind = "verb" if token.pos_ in ("VERB", "AUX") else "noun" if token.pos_ in ("NOUN", "PROPN") else None
            if kind is None:
                continue
            patterns = self.patterns.candidates(kind, token.lemma_)
            if not patterns:
                continue
            if question:
                self._note(context, sentence_index, token, "-", "question: not coded")
                continue
            applicable = [pattern for pattern in patterns if self._conditions_hold(pattern, token)]
            idiom = next((pattern for pattern in applicable if pattern.code == NO_EVENT), None)
            if idiom is not None:  # "struck the right balance": no event at all
                self._note(context, sentence_index, token, idiom.name, "idiom: not an event")
                continue
            # first every row with named actors only; then, quoting the trace, with the fallbacks (unknown
            # participants, places, coordinated subjects), so that a later row's actor beats an earlier
            # row's guess
            silent = replace(context, trace=None)
            found = next((found for pattern in applicable
                          if (found := list(self._apply(silent, passage, token, pattern, sentence_index, False)))),
                         None)
            if found is None:
                found = next((found for pattern in applicable
                              if (found := list(self._apply(context, passage, token, pattern, sentence_index,
                                                            True)))), [])
            yield from found

    def _apply(self, context: CodingContext, passage: int, word: Token, pattern: Pattern,
               sentence_index: int, fallbacks: bool) -> Iterator[_Candidate]:
        """The candidates of one pattern on one word: mood, then participants, then one per pair."""
        mood = modality(word)
        if mood == "failed":
            # "X and Y failed to reach a deal": talks or cooperation that came to nothing are a rejection;
            # any other failed act did not happen
            mood = "refused" if pattern.code[:2] in FAILED_AS_REJECTION_ROOTS else "negated"
        if mood == "alleged":
            yield from self._allegation(context, passage, word, pattern, sentence_index)
            return
        if mood == "urged":
            yield from self._appeal(context, passage, word, pattern, sentence_index)
            return
        if mood in ("negated", "speculative", "purpose", "requested"):
            self._note(context, sentence_index, word, pattern.name, f"{mood}: not coded")
            return
        code = self._code_for(pattern.code, mood)
        if code is None:
            self._note(context, sentence_index, word, pattern.name, f"{mood}: not coded for this type")
            return
        participants = self._participants(context, passage, word, pattern, sentence_index, fallbacks)
        if participants is None:
            return
        sources, targets = participants
        confidence, rule = _evidence(pattern, mood, sources, targets)
        found = [candidate for source_mention in sources.mentions for target_mention in targets.mentions
                 for candidate in self._pairs(passage, pattern, code, source_mention, target_mention, confidence,
                                              rule, word, targets.slot == "pair")]
        if not found:
            self._note(context, sentence_index, word, pattern.name, "source and target are one actor, or both "
                       "unplaced with one unknown: not coded")
        yield from found
        yield from self._complaint(context, passage, word, pattern, found)

    def _participants(self, context: CodingContext, passage: int, word: Token, pattern: Pattern,
                      sentence_index: int, fallbacks: bool) -> tuple[_Arguments, _Arguments] | None:
        """Sources and targets of the event, with the fallbacks when allowed, placed where it happened;
        None (and a trace line) when a side is missing."""
        root = pattern.code[:2]  # the fallbacks follow the kind of act (an announced occupation: occupying)
        sources = self._find(context, passage, word, pattern.source, pattern, None, fallbacks)
        if fallbacks and not sources.mentions and pattern.kind == "verb" and is_passive(word) \
                and subject_of(word) is None:
            if root in PLACE_SOURCE_ROOTS:
                # "Y was arrested in Rwanda", "Y was expelled from North Korea": the state where it was done
                sources = _place(context, passage, word, "verb", [], PLACE_PREPOSITIONS | {"from"}) or sources
            elif root in ORIGIN_SOURCE_ROOTS:
                # "rockets were fired at Y from the Gaza Strip": force comes from where it was launched
                sources = _place(context, passage, word, "verb", [], frozenset({"from"})) or sources
        if not sources.mentions:
            self._note(context, sentence_index, word, pattern.name, "no source actor")
            return None
        targets = self._find(context, passage, word, pattern.target, pattern, sources.mentions, fallbacks)
        if (not targets.mentions or targets.generic) and word.dep_ == "advcl" \
                and word.head.lemma_.lower() in CALLING_VERBS:
            # "X called Y to convey its support": what is said on the call is said to Y
            called = _first_mention(context, passage, [t for t in [direct_object(word.head)] if t is not None])
            targets = _Arguments([called], True, "called") if called is not None else targets
        if fallbacks and (not targets.mentions or targets.generic):
            # "X will not end the strike until [Y] pays": the one whose act is awaited
            awaited = _first_mention(context, passage, _condition_subjects(word))
            targets = _Arguments([awaited], True, "until") if awaited is not None else targets
        if fallbacks and not targets.mentions and root in MUTUAL_ROOTS \
                and sum(len(mention.actors) for mention in sources.mentions) >= 2:  # "UK and EU negotiators"
            targets = _Arguments(list(sources.mentions), False, "pair")
        if fallbacks and not targets.mentions and root in MUTUAL_ROOTS:
            # "Kuwait and its allies began exercises": a partner no dictionary knows
            partners = [_generic_mention(context, passage, member) for member in _unknown_conjuncts(
                context, passage, word, pattern.kind) if member.i != word.i]
            targets = _Arguments(partners, False, "pair", generic=True) if partners else targets
        if fallbacks and (not targets.mentions or targets.generic) and pattern.code.startswith(PLACE_TARGET_CODES):
            targets = _place(context, passage, word, pattern.kind, targets.mentions) or targets
        if not targets.mentions:
            self._note(context, sentence_index, word, pattern.name, "no target actor")
            return None
        if pattern.code.startswith(MISSION_TARGET_CODES):
            targets = _mission_place(context, passage, targets) or targets
        if sources.generic and targets.generic:
            self._note(context, sentence_index, word, pattern.name, "neither participant is a known actor")
            return None
        self._place_unplaced(context, passage, word, pattern, sources, targets)
        return sources, targets

    def _place_unplaced(self, context: CodingContext, passage: int, word: Token, pattern: Pattern,
                        sources: _Arguments, targets: _Arguments) -> None:
        """Actors of no country take the country of the place where the event happened ("arrested
        protesters in Moscow" -> RUSOPP), or of the dateline for protest and repression; sources only
        where they act at home (protest, force)."""
        root = pattern.code[:2]
        place = _place(context, passage, word, pattern.kind, []) or _struck_place(
            context, passage, word, lambda verb: any(row.code.startswith("19")
                                                     for row in self.patterns.candidates("verb", verb.lemma_)))
        if place is not None:
            country, where = place.mentions[0].actors[0].country, f"in {place.mentions[0].text}"
        elif context.home_country and root in HOME_ROOTS:
            country, where = context.home_country, f"filed from {context.home_place}"
        else:
            return
        targets.mentions = [_located(mention, country, where) for mention in targets.mentions]
        if root in LOCAL_SOURCE_ROOTS:
            sources.mentions = [_located(mention, country, where) for mention in sources.mentions]

    def _complaint(self, context: CodingContext, passage: int, word: Token, pattern: Pattern,
                   found: list[_Candidate]) -> Iterator[_Candidate]:
        """"Israel said rockets were fired at it from Gaza": a speaker reporting force used against itself
        accuses whoever used it (112), besides the reported act."""
        speech = speech_verb(word)
        if speech is None or pattern.code[:2] not in ACCUSABLE_ROOTS:
            return
        speaker = _first_mention(context, passage, [t for t in [subject_of(speech)] if t is not None])
        if speaker is None:
            return
        own = {actor.code for actor in speaker.actors}
        for candidate in found:
            if candidate.target.code in own and candidate.source.code not in own:
                yield from self._pairs(passage, pattern, ACCUSATION_CODE, speaker, candidate.source_mention,
                                       CONFIDENCE["deep"], candidate.rule + "+complaint", speech, False)

    def _allegation(self, context: CodingContext, passage: int, word: Token, pattern: Pattern,
                    sentence_index: int) -> Iterator[_Candidate]:
        """"X claimed that Y attacked Z": X accuses Y (112); the attack itself is only alleged."""
        claim = alleging_verb(word)
        if pattern.code[:2] not in ACCUSABLE_ROOTS or claim is None:
            self._note(context, sentence_index, word, pattern.name, "alleged: not coded")
            return
        accused = self._find(context, passage, word, pattern.source, pattern, None)
        speaker = _first_mention(context, passage, [t for t in [subject_of(claim)] if t is not None])
        if speaker is None or not accused.mentions or accused.generic:
            self._note(context, sentence_index, word, pattern.name, "alleged: no accuser or accused actor")
            return
        rule = f"{pattern.name}@{pattern.origin}+alleged"
        for target_mention in accused.mentions:
            yield from self._pairs(passage, pattern, ACCUSATION_CODE, speaker, target_mention,
                                   CONFIDENCE["deep"], rule, claim, False)

    def _appeal(self, context: CodingContext, passage: int, word: Token, pattern: Pattern,
                sentence_index: int) -> Iterator[_Candidate]:
        """"X said that Y must withdraw": X appeals to Y (02x, by what is asked); the act did not happen."""
        speech = speech_verb(word)
        addressees = self._find(context, passage, word, pattern.source, pattern, None, False)
        speaker = _first_mention(context, passage, [t for t in [subject_of(speech)] if t is not None]) \
            if speech is not None else None
        if speaker is None or not addressees.mentions:
            self._note(context, sentence_index, word, pattern.name, "urged: no speaker or addressee actor")
            return
        code = APPEAL_CODES.get(pattern.code[:3]) or APPEAL_CODES.get(pattern.code[:2], "020")
        rule = f"{pattern.name}@{pattern.origin}+urged"
        for addressee in addressees.mentions:
            yield from self._pairs(passage, pattern, code, speaker, addressee, CONFIDENCE["deep"], rule,
                                   speech, False)

    def _code_for(self, code: str, mood: str) -> str | None:
        """The code of an event asserted in this mood (intents.tsv, refusals.tsv); None: not coded."""
        if mood == "intent":
            return self.patterns.intent_code(code)
        if mood == "refused":
            return self.patterns.refusal_code(code)
        if mood == "threat":
            intent = self.patterns.intent_code(code)
            return intent if intent and intent.startswith("13") else "130"
        return code

    def _pairs(self, passage: int, pattern: Pattern, code: str, source_mention: TokenMention,
               target_mention: TokenMention, confidence: float, rule: str, word: Token,
               symmetric: bool) -> Iterator[_Candidate]:
        for source in source_mention.actors:
            for target in target_mention.actors:
                if _same_actor(source, target, source_mention, target_mention, code) \
                        or _says_too_little(source, target, source_mention, target_mention):
                    continue  # an actor acting on itself, or an unknown participant with a sector of no country
                penalty = CONFIDENCE["coref"] if (source_mention.reason.startswith("coref")
                                                  or target_mention.reason.startswith("coref")) else 0.0
                yield _Candidate(passage, pattern, code, source, target, source_mention, target_mention,
                                 round(confidence + penalty, 3), rule, word)
                if symmetric:
                    yield _Candidate(passage, pattern, code, target, source, target_mention, source_mention,
                                     round(confidence + penalty, 3), rule + "+symmetric", word)

    # -- conditions ----------------------------------------------------------------------------
    @staticmethod
    def _conditions_hold(pattern: Pattern, word: Token) -> bool:
        for key, values in pattern.conditions:
            if key == "obj":
                obj = direct_object(word) if pattern.kind == "verb" else of_object(word)
                if obj is None or not any(o.lemma_.lower() in values or o.lower_ in values
                                          for o in (obj, counted(obj))):  # "took in thousands of refugees"
                    return False
            elif key == "prt":
                if not any(c.dep_ == "prt" and c.lower_ in values for c in word.children):
                    return False
            elif key == "mod":
                if not any(c.lemma_.lower() in values or c.lower_ in values for c in word.children):
                    return False
            elif key == "subj":
                subject = subject_of(word)
                if subject is None or subject.lemma_.lower() not in values:
                    return False
            elif key == "gov":  # the verb a noun hangs from: "went on strike", not "launched strikes"
                verb = governing_verb(word)
                if verb is None or verb.lemma_.lower() not in values:
                    return False
        return True

    # -- argument search -------------------------------------------------------------------------
    def _find(self, context: CodingContext, passage: int, word: Token, slots: Sequence[Slot],
              pattern: Pattern, sources: list[TokenMention] | None, fallbacks: bool = True) -> _Arguments:
        for slot in slots:
            if slot.name == "pair":
                if sources:
                    partners = _pair_partners(context, passage, sources)
                    if partners:
                        return _Arguments(partners, False, "pair")
                continue
            tokens = slot_tokens(word, slot, pattern.kind)
            mentions: list[TokenMention] = []
            deep = False
            for token in tokens:
                token = token if context.actors.at(passage, token.i) is not None else counted(token)
                for candidate in with_conjuncts(token) + _mention_conjuncts(context, passage, token):
                    mention = context.actors.at(passage, candidate.i)
                    if mention is None and slot.deep:
                        mention = _modifier_mention(context, passage, candidate)
                        deep = deep or mention is not None
                    elif mention is None and slot.name == "subj":
                        # "Turkish jets shot down ...": a subject's own actor modifier is its actor ("its
                        # allies" are not it); "a spokesman for President Ghani said ...": the one a
                        # representative speaks for
                        modifiers = [] if candidate.lemma_.lower() in OTHER_PARTY_NOUNS else \
                            left_modifiers(candidate, depth=1)
                        mention = _first_mention(context, passage, modifiers + represented(candidate))
                        deep = deep or mention is not None
                    if mention is None and slot.name in ("subj", "gov"):
                        # "the rebels said [they] will release ...": the reporter
                        mention = _reporting_mention(context, passage, candidate)
                        deep = deep or mention is not None
                    if mention is not None and mention not in mentions and not _is_word_itself(mention, word):
                        mentions.append(mention)
            if mentions:
                return _Arguments(mentions, deep, slot.name)
        return self._generic(context, passage, word, slots, pattern, sources) if fallbacks else _Arguments()

    def _generic(self, context: CodingContext, passage: int, word: Token, slots: Sequence[Slot],
                 pattern: Pattern, sources: list[TokenMention] | None) -> _Arguments:
        """No slot holds a known actor: the first slot that holds a noun phrase names the participant
        ("X rejected the election results", "X condemned an attack"), coded ``---``."""
        for slot in slots:
            if slot.name in ("pair", "gov", "xsubj"):
                continue
            trigger_object = _trigger_object(word, pattern)
            tokens = [token for token in slot_tokens(word, slot, pattern.kind) if token != trigger_object
                      and not (slot.name == "xobj" and self._codes_itself(token.head))]
            if not tokens and trigger_object is not None and slot.via_obj:
                tokens = [trigger_object]  # "rejected [cooperation with the ICC]": look inside the trigger's phrase
            if slot.name == "subj":
                tokens = [_reporter(token) for token in tokens]
            heads = [member for token in tokens for member in with_conjuncts(counted(token))
                     if _is_participant(member, word) or member == trigger_object]
            inside = [mention for head in heads
                      if (mention := _phrase_actor(context, passage, head, modifiers=head != trigger_object))
                      is not None and mention not in (sources or ())]
            if inside:  # "conceded to [demands from the union]", "rejected [an appeal filed by Y's lawyers]"
                return _Arguments(inside, True, slot.name)
            mentions = [mention for head in heads if head != trigger_object
                        and (mention := _generic_mention(context, passage, head)) not in (sources or ())]
            if mentions:
                return _Arguments(mentions, False, slot.name, generic=True)
        return _Arguments()

    def _codes_itself(self, verb: Token) -> bool:
        """A governed verb one of whose rows applies codes its own event ("agreed to lift the sanctions"):
        the governing word then takes no unknown participant from its object."""
        return any(self._conditions_hold(pattern, verb) for pattern in self.patterns.candidates("verb", verb.lemma_))

    # -- events --------------------------------------------------------------------------------
    def _events(self, context: CodingContext, sent: Span, sentence_index: int,
                candidates: Iterable[_Candidate]) -> Iterator[Event]:
        for candidate in candidates:
            if candidate.confidence < self.min_confidence:
                continue
            entry = self.ontology.get(candidate.code) or self.ontology[candidate.code[:2]]
            when = event_date(candidate.word, sent, context.document_date)
            location, country = _location(context, candidate.passage, candidate.word) or (None, "")
            place = self.gazetteer.lookup(location, country) if location and self.gazetteer is not None else None
            key = "|".join((context.doc_id, str(sentence_index), candidate.source.code, candidate.code,
                            candidate.target.code))
            self._note(context, sentence_index, candidate.word, candidate.rule,
                       f"coded {candidate.source.code} {candidate.code} {candidate.target.code}")
            yield Event(
                event_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
                doc_id=context.doc_id, sentence_index=sentence_index, sentence=sent.text.strip(),
                date=when.date, source=candidate.source.code, source_country=candidate.source.country,
                source_sector=candidate.source.sector, source_text=candidate.source_mention.text,
                target=candidate.target.code, target_country=candidate.target.country,
                target_text=candidate.target_mention.text, code=entry.code, root_code=entry.root,
                quad_class=entry.quad_class, goldstein=entry.goldstein, plover=entry.plover,
                location=location, latitude=place.latitude if place else None,
                longitude=place.longitude if place else None, confidence=candidate.confidence,
                rule=candidate.rule, coder_version=self.coder_version, target_sector=candidate.target.sector,
                date_precision=when.precision, mentions=1)

    @staticmethod
    def _note(context: CodingContext, sentence_index: int, word: Token, rule: str, outcome: str) -> None:
        if context.trace is not None:
            context.trace.append(TraceLine(sentence_index, word.text, rule, outcome))


# -- actors in the parse: mentions, phrases, places --------------------------------------------


def _reporter(token: Token) -> Token:
    """For a pronoun subject no mention resolves, the subject of the verb that reports its clause:
    "the striking teachers said [they] will not end the strike" -> "teachers". Other words as they are."""
    clause = token.head
    if token.pos_ == "PRON" and token.lower_ in ("they", "it", "we") and clause.dep_ == "ccomp":
        reporter = subject_of(clause.head)
        if reporter is not None and reporter.pos_ in ("NOUN", "PROPN"):
            return reporter
    return token


def _reporting_mention(context: CodingContext, passage: int, pronoun: Token) -> TokenMention | None:
    """The known actor that reports a pronoun subject's clause, when the pronoun can stand for it:
    "the rebels said [they] will release ..." (plural or collective for "they"/"we", no person for
    "it"); in "Lavrov said [they] violate sovereignty" the pronoun is something else."""
    reporter = _reporter(pronoun)
    mention = context.actors.at(passage, reporter.i) if reporter is not pronoun else None
    if mention is None:
        return None
    if pronoun.lower_ == "it":  # a person speaking for a state may say "it": "Turkey's president says it will"
        speaks_for_state = any(child.dep_ == "poss" and child.ent_type_ == "GPE" for child in reporter.children)
        return mention if mention.kind not in PERSON_KINDS or speaks_for_state else None
    plural = reporter.tag_ in ("NNS", "NNPS") or mention.kind in ("state", "org", "sector")
    return mention if plural else None


def _condition_subjects(word: Token) -> list[Token]:
    """Subjects of an "until"/"unless"/"before" clause on the word ("will not end the strike until the
    company pays"): whose act the event waits for."""
    clauses = [clause for clause in word.children if clause.dep_ == "advcl"
               and any(c.dep_ == "mark" and c.lower_ in ("until", "unless", "till", "before") for c in clause.children)]
    clauses += [conjunct for clause in clauses for conjunct in clause.conjuncts if conjunct.pos_ in ("VERB", "AUX")]
    # the acting subject: the by-agent of a passive ("until their demands are met by the company"), or
    # with no agent whoever undergoes it ("until the management is sacked"), with its modifiers
    subjects = [subject_of(clause) or first_child(clause, ("nsubjpass",)) for clause in clauses]
    return [token for subject in subjects if subject is not None for token in [subject] + left_modifiers(subject)]


def _unknown_conjuncts(context: CodingContext, passage: int, word: Token, kind: str) -> list[Token]:
    """Nouns coordinated with the event's subject that no actor covers: "Kuwait and [its allies] agreed to
    hold exercises", "the US and [Western allies] launched war games"."""
    subject = subject_of(word) if kind == "verb" else governing_subject(word)
    if subject is None:
        return []
    return [member for member in subject.conjuncts if context.actors.at(passage, member.i) is None
            and _is_participant(member, word)]


def _mention_conjuncts(context: CodingContext, passage: int, token: Token) -> list[Token]:
    """Words coordinated with any word of the actor mention ``token`` is in, when the parse hangs the
    coordination on another word of the name ("[Barack Obama] and Vladimir Putin" with "and" on "Obama")."""
    mention = context.actors.at(passage, token.i)
    if mention is None:
        return []
    doc = token.doc
    return [conjunct for i in range(mention.start, mention.end) if i != token.i
            for conjunct in doc[i].conjuncts if not mention.start <= conjunct.i < mention.end]


def _first_mention(context: CodingContext, passage: int, tokens: Iterable[Token]) -> TokenMention | None:
    for token in tokens:
        mention = context.actors.at(passage, token.i)
        if mention is not None:
            return mention
    return None


def _actor_in_phrase(context: CodingContext, passage: int, head: Token, *, prepositions: frozenset[str],
                     clauses: bool = False, own_modifiers: bool = True,
                     unplaced_modifiers: bool = True) -> TokenMention | None:
    """Breadth-first search, three links deep, of a word's phrase for an actor: its nominal modifiers and
    the objects of ``prepositions``, with ``clauses`` also through participles, infinitives and clauses
    and their subjects ("a missile [believed [to be fired by X]]", "claims [that X abused ...]"), not
    relative clauses ("the group, which is led by X" is not X). An actor with a country outranks a nearer
    one without ("a government-held part of Syria's Aleppo"). Never through a noun of opposition: "arrested his rival"
    did not arrest him. Without ``own_modifiers`` the head's own modifiers are skipped (in "conducted
    military exercises" they say what kind of act it is); without ``unplaced_modifiers`` a modifier of no
    country is no actor ("military bases" are no military)."""
    if head.lemma_.lower() in OTHER_PARTY_NOUNS:
        return None
    unplaced: TokenMention | None = None
    frontier = [head]
    for depth in range(3):
        following: list[Token] = []
        for current in frontier:
            for child in current.children:
                modifier = child.dep_ in MODIFIER_DEPS
                if modifier and (own_modifiers or depth > 0):
                    candidates = [child]
                elif child.dep_ in ("prep", "agent") and child.lower_ in prepositions:
                    candidates = [c for c in child.children if c.dep_ == "pobj"]
                elif clauses and child.dep_ in ("acl", "xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                    following.append(child)
                    continue
                elif clauses and current.dep_ in ("acl", "ccomp") and current is not head \
                        and child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
                    candidates = [child]  # "an investigation into [claims that [two soldiers] abused ...]"
                else:
                    continue
                following.extend(candidates)
                for candidate in candidates:
                    mention = context.actors.at(passage, candidate.i)
                    if mention is None or mention.head == head.i:
                        continue
                    if any(actor.country or not actor.code.startswith("---") for actor in mention.actors):
                        return mention
                    if unplaced_modifiers or not modifier:
                        unplaced = unplaced or mention
        frontier = following
    return unplaced


def _modifier_mention(context: CodingContext, passage: int, token: Token) -> TokenMention | None:
    """The actor a "deep" slot lends from a word's modifiers and its of-, by- and from-phrases
    ("backed Pakistan's stand", "the attack by X", "a request from X")."""
    return _actor_in_phrase(context, passage, token, prepositions=DEEP_PREPOSITIONS)


def _phrase_actor(context: CodingContext, passage: int, head: Token, modifiers: bool = True) -> TokenMention | None:
    """An actor inside the phrase of an unknown participant, through its with/from/by/to/for/of/into phrases
    and participles ("an appeal filed by Y"); not through "on", "against" or "at" ("condemned the attack
    on the church" does not condemn the church), nor "in" (places come in only as a fallback)."""
    return _actor_in_phrase(context, passage, head, prepositions=PHRASE_PREPOSITIONS, clauses=True,
                            own_modifiers=modifiers, unplaced_modifiers=False)


def _trigger_object(word: Token, pattern: Pattern) -> Token | None:
    """The object that is part of the trigger ("gave permission", "imposed sanctions"): not a participant."""
    if not any(key == "obj" for key, _ in pattern.conditions):
        return None
    return direct_object(word) if pattern.kind == "verb" else of_object(word)


def _place(context: CodingContext, passage: int, word: Token, kind: str,
           unknown: list[TokenMention], prepositions: frozenset[str] = PLACE_PREPOSITIONS) -> _Arguments | None:
    """The state of the place where the event happens: "in Lahore" on the word, on its object or on an
    unknown target ("strikes on a camp in Pakistan"), nearest first, a few links into their phrases
    ("claimed [an attack targeting shoppers at [a mall in [Kenya's capital]]]")."""
    carriers = [word]
    if kind == "verb":  # "agreed to set up a hospital in Louisiana": the verbs it governs too
        carriers.extend(child for child in word.children if child.dep_ == "xcomp")
        carriers.extend(obj for verb in list(carriers) if (obj := direct_object(verb)) is not None)
    carriers.extend(word.doc[mention.head] for mention in unknown)
    # "condolences over [the bombing in Kabul]": the place of what the event is about
    carriers.extend(pobj for child in word.children if child.dep_ == "prep" and child.lower_ in ABOUT_PREPOSITIONS
                    for pobj in child.children if pobj.dep_ == "pobj")
    frontier, seen = carriers, {word.i}
    for _ in range(3):
        following: list[Token] = []
        for carrier in frontier:
            seen.add(carrier.i)
            for child in carrier.children:
                pobjs = [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
                if child.dep_ == "prep" and child.lower_ in prepositions:
                    for member in (m for pobj in pobjs for m in with_conjuncts(counted(pobj))):
                        mention = context.actors.at(passage, member.i) or _modifier_mention(context, passage, member)
                        if mention is not None and mention.kind == "state" \
                                and all(a.code == a.country for a in mention.actors):
                            return _Arguments([mention], True, "place")
                if carrier is not word:  # deeper only through the phrases of the carriers ("at [a mall in X]")
                    following.extend(pobjs if child.dep_ == "prep" else
                                     [child] if child.dep_ in ("acl", "dobj") else [])
        frontier = [token for token in following if token.i not in seen]
    return None


def _mission_place(context: CodingContext, passage: int, targets: _Arguments) -> _Arguments | None:
    """The state a target force or mission is in: "contribute troops to [the NATO-led force in
    Afghanistan]" -> AFG, "a peacekeeping mission in Mali" -> MLI; None when the target is no such phrase."""
    doc = context.docs[passage]
    for mention in targets.mentions:
        phrase = doc[mention.head]
        while phrase.dep_ in ("compound", "nmod", "amod", "poss", "npadvmod") and phrase.head.i != phrase.i:
            phrase = phrase.head  # "[United Nations] peacekeeping force", "[NATO]-led force": the force
        if phrase.lemma_.lower() not in MISSION_NOUNS and phrase.lower_ not in MISSION_NOUNS:
            continue
        place = _place(context, passage, phrase, "noun", [])
        if place is not None:
            return _Arguments(place.mentions, True, "place")
    return None


def _struck_place(context: CodingContext, passage: int, word: Token,
                  forceful: Callable[[Token], bool]) -> _Arguments | None:
    """For a participle hung on a ``forceful`` verb, the state its object lies in: "shelled [a district
    of Aleppo], killing eight people" -- the victims were where the shells fell."""
    head = word.head
    if word.dep_ != "advcl" or word.tag_ != "VBG" or head.pos_ != "VERB" or not forceful(head):
        return None
    obj = direct_object(head)
    struck = (context.actors.at(passage, obj.i) or _modifier_mention(context, passage, obj)) if obj is not None \
        else None
    if struck is None or struck.kind != "state" or not all(a.code == a.country for a in struck.actors):
        return None
    return _Arguments([struck], True, "place")


def _evidence(pattern: Pattern, mood: str, sources: _Arguments, targets: _Arguments) -> tuple[float, str]:
    """Confidence (how direct the evidence is) and the rule string of an event, with its fallbacks."""
    confidence = CONFIDENCE["noun" if pattern.kind == "noun" else "direct"]
    if sources.deep or targets.deep:
        confidence = min(confidence, CONFIDENCE["deep"])
    if sources.generic or targets.generic:
        confidence = min(confidence, CONFIDENCE["generic"])
    if mood != "occurred":
        confidence += CONFIDENCE["intent"]
    rule = f"{pattern.name}@{pattern.origin}" + ("" if mood == "occurred" else f"+{mood}")
    rule += "+unknown-source" * sources.generic + "+unknown-target" * targets.generic \
        + "+place-as-source" * (sources.slot == "place") + "+place-as-target" * (targets.slot == "place")
    return confidence, rule


def _located(mention: TokenMention, country: str, where: str) -> TokenMention:
    """A sector actor of no country ("protesters", ---OPP) placed in ``country``; its words say why:
    "protesters (in Moscow)", "police (filed from Karachi)". Other mentions are returned as they are:
    an unknown participant ("criticised the decision in Kabul") is no citizen of the place."""
    actors = mention.actors
    if mention.reason == "generic" or not country or not all(_unplaced(a) and a.sector for a in actors):
        return mention
    placed = tuple(Actor(code=country + a.code[3:], country=country, sector=a.sector, name=a.name) for a in actors)
    return replace(mention, actors=placed, reason=f"{mention.reason}+located", text=f"{mention.text} ({where})")


def _is_participant(token: Token, word: Token) -> bool:
    """A noun that can stand for an unknown participant: not an amount, a time or the event word."""
    return (token.pos_ in ("NOUN", "PROPN") and token.i != word.i and token.ent_type_ not in NON_PARTICIPANT_ENTITIES
            and token.lower_ not in NON_PARTICIPANT_NOUNS and token.lemma_.lower() not in NON_PARTICIPANT_NOUNS)


def _generic_mention(context: CodingContext, passage: int, head: Token) -> TokenMention:
    """A participant phrase the knowledge base does not know: its head noun and the words in front of it."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in PHRASE_DEPS:
            start = min(start, child.left_edge.i)
    doc = head.doc
    while start < head.i and (doc[start].dep_ in ("det", "punct", "case") or doc[start].is_punct):
        start += 1  # "the vote" is written "vote", as actor mentions are
    text = doc[start:head.i + 1].text
    sentence_index = context.sentence_offsets[passage] + _sentence_number(head)
    return TokenMention(passage=passage, start=start, end=head.i + 1, head=head.i, actors=(GENERIC,),
                        reason="generic", kind="generic", sentence_index=sentence_index, text=text)


def _sentence_number(token: Token) -> int:
    return sum(1 for sent in token.doc.sents if sent.start <= token.i) - 1


def _is_word_itself(mention: TokenMention, word: Token) -> bool:
    return mention.start <= word.i < mention.end and mention.head == word.i


def _pair_partners(context: CodingContext, passage: int, sources: list[TokenMention]) -> list[TokenMention]:
    """For "both countries signed" or "X and Y met": the pair's members serve as targets of each other."""
    if len(sources) >= 2:
        return list(sources)
    if sources and sources[0].is_plural:
        return [sources[0]]
    return []


def _location(context: CodingContext, passage: int, word: Token) -> tuple[str, str] | None:
    """Where the event happened when its clause says so ("in Islamabad"): the place and its country."""
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                mention = context.actors.at(passage, pobj.i)
                if mention is not None and mention.kind == "state" and len(mention.actors) == 1:
                    return mention.text, mention.actors[0].country
    return None


def _same_actor(source: Actor, target: Actor, source_mention: TokenMention, target_mention: TokenMention,
                code: str) -> bool:
    """One actor on both sides: the same mention, the same state, or the same named person or body.
    Two people who share a code are two actors ("Peres blamed Netanyahu": ISRGOV and ISRGOV). A state's
    leaders travelling or meeting in their own state make no visit ("Modi flew back to New Delhi"); a
    government imposing a curfew on its own state is an event."""
    if source_mention is target_mention and source == target:
        return True
    if "generic" in (source_mention.kind, target_mention.kind):  # an unknown participant is told apart by its words
        return source_mention.text.lower() == target_mention.text.lower()
    if code.startswith("04") and target.code == target.country == source.country and source.sector in STATE_SECTORS:
        return True
    if source.code != target.code:
        return False
    if source.code == source.country or not source.country and not _unplaced(source):
        return True  # a state, or an organisation without a country (IGOUNO and IGOUNO)
    # two named people, or two named bodies of one state (the Transportation Department and the FAA,
    # both USAGOV), are two actors; a sector word and anything of its code is not told apart
    named = NAMED_KINDS if source_mention.kind != "pronoun" and target_mention.kind != "pronoun" else PERSON_KINDS
    is_named = [m.kind in named or m.reason.startswith("dictionary:region") for m in (source_mention, target_mention)]
    if all(is_named):
        return source.name == target.name  # "the Punjab and Sindh governments" are two
    # a named body and a sector word of its code with other words: "the High Court summoned a magistrate"
    coreferent = "pronoun" in (source_mention.kind, target_mention.kind) or any(
        m.reason.startswith("coref") for m in (source_mention, target_mention))
    return not (any(is_named) and not coreferent
                and _head_word(source_mention) != _head_word(target_mention))


def _says_too_little(source: Actor, target: Actor, source_mention: TokenMention, target_mention: TokenMention) -> bool:
    """An unknown participant with a sector word of no country ("the protesters boycotted the vote"):
    nobody to place in any dyad. A named body or person the knowledge base lacks ("the Hirak movement boycotted
    the vote") is somebody, and its event is kept."""
    if not (_unplaced(source) and _unplaced(target) and GENERIC in (source, target)):
        return False
    other = target_mention if source == GENERIC else source_mention
    return other.kind not in ("unknown", "person") or other.actors[0] == GENERIC


def _head_word(mention: TokenMention) -> str:
    return mention.text.split()[-1].lower() if mention.text else ""


def _unplaced(actor: Actor) -> bool:
    return not actor.country and actor.code.startswith("---")


def _identity(actor: Actor, text: str) -> str:
    """What tells two actors with the same code apart: nothing for placed actors ("Russia" and
    "Moscow" are one), the words for unplaced ones ("the vote" and "the verdict" are two)."""
    return text.lower() if _unplaced(actor) else ""


def _specificity(code: str) -> tuple[int, bool]:
    """How specific a code is: longer codes, and among three digits a named kind (195 drone strike) over
    the root's catch-all (190)."""
    return len(code), not (len(code) == 3 and code.endswith("0"))


def _best_per_key(candidates: list[_Candidate]) -> list[_Candidate]:
    """One event per (source, root, target) in a sentence: the more specific code, then the surer one."""
    best: dict[tuple[str, str, str], _Candidate] = {}
    for candidate in candidates:
        key = (candidate.source.code, candidate.code[:2], candidate.target.code)
        current = best.get(key)
        if current is None or (_specificity(candidate.code), candidate.confidence) > \
                (_specificity(current.code), current.confidence):
            best[key] = candidate
    return list(best.values())


def merge_restatements(events: list[Event]) -> list[Event]:
    """Keep a restated event once per document, counting its mentions.

    Two events are restatements when they have the same source, code, target and
    date (so two visits on different dates stay apart), and, for actors of no country,
    the same words ("rejected the verdict" is not "rejected the report"). The first
    statement is kept.
    """
    kept: dict[tuple, Event] = {}
    for event in events:
        key = (event.source, event.code, event.target, event.date,
               _identity(Actor(event.source, event.source_country), event.source_text),
               _identity(Actor(event.target, event.target_country), event.target_text))
        if key in kept:
            first = kept[key]
            kept[key] = replace(first, mentions=first.mentions + 1,
                                confidence=max(first.confidence, event.confidence))
        else:
            kept[key] = event
    return list(kept.values())
