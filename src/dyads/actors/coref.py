"""In-document coreference: surnames, titles, pronouns and plural references.

The resolver keeps a :class:`DocumentMemory` while it reads a document in order.
Each resolved mention is remembered; later words that point back ("Lavrov",
"the foreign minister", "he", "both the countries", "the country's") are
resolved against it. Only what the parse makes clear is resolved: a pronoun
takes the most recent person, a plural reference the two most recent distinct
states, and nothing older than a few sentences.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from spacy.tokens import Doc, Span, Token

from dyads.model import Actor

if TYPE_CHECKING:  # pragma: no cover - import cycle only for type checking
    from dyads.actors.resolver import PassageActors, TokenMention

log = logging.getLogger(__name__)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
IT_PRONOUNS = frozenset({"it", "its"})
#: Nouns that, with "both" or "two", mean the pair of states in focus.
PAIR_STATE_NOUNS = frozenset({"country", "countries", "state", "states", "side", "sides", "nation", "nations",
                              "neighbour", "neighbours", "neighbor", "neighbors", "government", "governments",
                              "capital", "capitals", "partner", "partners"})
#: Nouns that, with "both" or "two", mean the pair of people in focus.
PAIR_PERSON_NOUNS = frozenset({"minister", "ministers", "leader", "leaders", "president", "presidents",
                               "official", "officials", "diplomat", "diplomats", "chief", "chiefs"})
PAIR_MARKERS = frozenset({"both", "two"})
#: Mentions whose country counts when finding the pair of states in focus.
ACTOR_KINDS = frozenset({"state", "person", "org", "sector"})
#: How many sentences back a pronoun or plural reference may reach.
PRONOUN_REACH = 2
PAIR_REACH = 4


@dataclass(slots=True)
class _Seen:
    actor: Actor
    kind: str
    sentence_index: int
    is_subject: bool
    is_plural: bool = False
    text: str = ""


@dataclass(slots=True)
class DocumentMemory:
    """What the document has said so far, for coreference. One per document."""

    surnames: dict[str, Actor] = field(default_factory=dict)
    titles: dict[tuple[str, str], Actor] = field(default_factory=dict)
    seen: list[_Seen] = field(default_factory=list)
    sentence_index: int = 0

    def remember(self, mention: "TokenMention", doc: Doc) -> None:
        span = doc[mention.start:mention.end]
        head = doc[mention.head]
        is_subject = head.dep_ in ("nsubj", "nsubjpass")
        is_plural = head.tag_ in ("NNS", "NNPS") or len(mention.actors) > 1
        for actor in mention.actors:
            self.seen.append(_Seen(actor, mention.kind, mention.sentence_index, is_subject, is_plural,
                                   _antecedent_words(mention.text)))
        if len(mention.actors) != 1:
            return
        if mention.kind == "person":
            self._remember_surnames(span, mention.actors[0])
            for token in span:
                if token.pos_ in ("NOUN", "PROPN") and not token.ent_type_:
                    self.titles[(token.lemma_.lower(), mention.actors[0].sector)] = mention.actors[0]
        elif _is_person_name(head):
            # "Senate Majority Leader Harry Reid" is coded through an organisation (USALEG) but
            # names a person, whom a later "Reid" means; a body merely named after someone
            # ("the Kofi Annan Foundation") is headed by its noun and left out
            self._remember_surnames(span, mention.actors[0])

    def _remember_surnames(self, span: Span, actor: Actor) -> None:
        names = [t for t in span if t.pos_ == "PROPN" and t.ent_type_ == "PERSON"]
        if names:
            self.surnames[names[-1].text.lower()] = actor
        for name in names[:-1]:  # "Xi Jinping", "Kim Jong Un": the family name may come first
            if len(name.text) > 1 and name.text[:1].isupper():
                self.surnames.setdefault(name.text.lower(), actor)

    def named_as(self, actors: tuple[Actor, ...]) -> str:
        """How the text last named these actors ("Indian military" for the "it" that points back)."""
        names = []
        for actor in actors:
            seen = next((s for s in reversed(self.seen) if s.actor == actor and s.text), None)
            if seen is not None and seen.text not in names:
                names.append(seen.text)
        return " and ".join(names)

    def end_sentence(self, sentence_index: int) -> None:
        self.sentence_index = sentence_index + 1

    def surname(self, text: str) -> Actor | None:
        return self.surnames.get(text.lower().removesuffix("'s"))

    def title(self, phrase: str, sector: str) -> Actor | None:
        """The person last named with this title ("the foreign minister" after "Foreign Minister Khar")."""
        last_word = phrase.split()[-1]
        return self.titles.get((last_word, sector))

    def recent(self, kinds: frozenset[str], reach: int, before: int | None = None) -> list[_Seen]:
        """Seen actors of these kinds, most recent first, within ``reach`` sentences."""
        floor = self.sentence_index - reach
        items = self.seen if before is None else self.seen[:before]
        return [s for s in reversed(items) if s.kind in kinds and s.sentence_index >= floor]

    def last_person(self) -> Actor | None:
        candidates = self.recent(frozenset({"person"}), PRONOUN_REACH)
        subjects = [c for c in candidates if c.is_subject]
        chosen = (subjects or candidates)[:1]
        return chosen[0].actor if chosen else None

    def last_collective(self, plural: bool) -> Actor | None:
        """The last state, organisation or group named as a subject: "it" (singular) or "they" (a plural
        noun such as "Ukrainian authorities"), within the previous sentence."""
        for item in self.recent(frozenset({"state", "org", "group", "sector", "unknown"}), 1):
            if item.is_subject and item.is_plural == plural:
                return item.actor
        return None

    def last_pair(self, kinds: frozenset[str]) -> tuple[Actor, Actor] | None:
        """The two countries (or people) in focus: the most often named in the last few sentences,
        the more recent first on a tie; returned in order of first mention."""
        counts: dict[str, int] = {}
        latest: dict[str, int] = {}
        actors: dict[str, Actor] = {}
        for position, item in enumerate(self.recent(kinds, PAIR_REACH)):
            key = item.actor.country or item.actor.code
            if not key or key.startswith("---"):
                continue  # "both sides" are two actors we can place
            counts[key] = counts.get(key, 0) + 1
            latest.setdefault(key, -position)
            actors[key] = item.actor  # the earliest mention in the window wins, as recent() runs backwards
        if len(counts) < 2:
            return None
        first, second = sorted(counts, key=lambda key: (counts[key], latest[key]), reverse=True)[:2]
        return (actors[second], actors[first]) if latest[second] < latest[first] else (actors[first], actors[second])

    def last_state(self) -> Actor | None:
        for item in self.recent(frozenset({"state", "person", "org", "sector"}), PRONOUN_REACH):
            if item.actor.country:
                return Actor(code=item.actor.country, country=item.actor.country, name=item.actor.country)
        return None

    def possessor_country(self, head: Token) -> str:
        """Country of a possessor that points back: "the country's foreign minister", "his counterpart"."""
        for child in head.children:
            if child.dep_ != "poss":
                continue
            word = child.lower_
            if word in ("country", "country's", "its") or child.lemma_ == "country":
                state = self.last_state()
                return state.country if state else ""
        return ""


def _is_person_name(token: Token) -> bool:
    """The token is part of a person's name the NER found: the head of "Senator Harry Reid"."""
    return token.pos_ == "PROPN" and token.ent_type_ == "PERSON"


def _mention(doc: Doc, token: Token, start: int, end: int, actors: tuple[Actor, ...], reason: str,
             kind: str, passage: int, sentence_index: int, memory: DocumentMemory | None = None) -> "TokenMention":
    """A coreferent mention; with ``memory``, its text names the antecedent too: "it (Indian military)"."""
    from dyads.actors.resolver import TokenMention

    text = doc[start:end].text
    antecedent = memory.named_as(actors) if memory is not None else ""
    if antecedent and antecedent.lower() != text.lower():
        text = f"{text} ({antecedent})"
    return TokenMention(passage=passage, start=start, end=end, head=token.i, actors=actors, reason=reason,
                        kind=kind, sentence_index=sentence_index, text=text)


def _antecedent_words(text: str) -> str:
    """The words of a mention worth repeating for a pronoun: "it (Indian military)" names the military,
    not "it" again."""
    return text.split(" (", 1)[1].rstrip(")") if text.endswith(")") and " (" in text else text


def resolve_references(doc: Doc, sent: Span, passage: "PassageActors", passage_index: int,
                       sentence_index: int, memory: DocumentMemory) -> Iterator["TokenMention"]:
    """Mentions for words of ``sent`` that point back to actors already seen."""
    for token in sent:
        if token.i in passage.by_token or not _may_refer(token, memory):
            continue
        mention = _reference(doc, token, passage_index, sentence_index, memory, passage)
        if mention is not None:
            memory.remember(mention, doc)
            yield mention


_REFERRING_NOUNS = PAIR_STATE_NOUNS | PAIR_PERSON_NOUNS


def _may_refer(token: Token, memory: DocumentMemory) -> bool:
    """A cheap test run on every token before the full checks of :func:`_reference`."""
    pos = token.pos_
    if pos == "PRON":
        return token.lower_ in PERSON_PRONOUNS or token.lower_ in PLURAL_PRONOUNS or token.lower_ in IT_PRONOUNS
    if pos == "PROPN":
        return bool(memory.surnames)
    return pos == "NOUN" and (token.lower_ in _REFERRING_NOUNS or token.lemma_.lower() in _REFERRING_NOUNS)


def _reference(doc: Doc, token: Token, passage: int, sentence_index: int,
               memory: DocumentMemory, mentions: "PassageActors") -> "TokenMention | None":
    word = token.lower_
    if token.pos_ == "PROPN":
        actor = memory.surname(word)
        if actor is not None:
            honorific = token.i > 0 and doc[token.i - 1].lower_ in ("mr", "mr.", "ms", "ms.", "mrs", "mrs.")
            start = token.i - 1 if honorific else token.i
            return _mention(doc, token, start, token.i + 1, (actor,), "coref:surname", "person", passage,
                            sentence_index)
    if token.pos_ == "PRON" and word in PERSON_PRONOUNS:
        actor = memory.last_person()
        if actor is not None:
            return _mention(doc, token, token.i, token.i + 1, (actor,), "coref:pronoun", "pronoun", passage,
                            sentence_index, memory)
    if token.pos_ == "PRON" and word in PLURAL_PRONOUNS:
        group = _coordinated_before(token, mentions)
        if group:
            return _mention(doc, token, token.i, token.i + 1, group, "coref:plural-pronoun", "pair", passage,
                            sentence_index, memory)
        collective = memory.last_collective(plural=True)
        if collective is not None:
            return _mention(doc, token, token.i, token.i + 1, (collective,), "coref:plural-pronoun", "sector",
                            passage, sentence_index, memory)
        pair = memory.last_pair(frozenset({"state"}))
        if pair is not None and _pair_recent(memory):
            return _mention(doc, token, token.i, token.i + 1, tuple(_state_of(a) for a in pair),
                            "coref:plural-pronoun", "pair", passage, sentence_index)
    if token.pos_ == "PRON" and word in IT_PRONOUNS:
        collective = memory.last_collective(plural=False)
        if collective is not None:
            return _mention(doc, token, token.i, token.i + 1, (collective,), "coref:it", "state", passage,
                            sentence_index, memory)
    if token.pos_ == "NOUN" and _has_pair_marker(token):
        lemma = token.lemma_.lower()
        kinds = frozenset({"state"}) if word in PAIR_STATE_NOUNS or lemma in PAIR_STATE_NOUNS else (
            frozenset({"person"}) if word in PAIR_PERSON_NOUNS or lemma in PAIR_PERSON_NOUNS else None)
        if kinds is not None:
            pair = memory.last_pair(ACTOR_KINDS if kinds == frozenset({"state"}) else kinds)
            if pair is not None:
                if kinds == frozenset({"state"}):  # "both countries" are the states, not their envoys
                    pair = tuple(_state_of(actor) for actor in pair)
                start = min([token.i] + [c.i for c in token.lefts])
                return _mention(doc, token, start, token.i + 1, pair, "coref:pair", "pair", passage,
                                sentence_index)
    if token.pos_ == "NOUN" and token.lemma_.lower() == "country" and token.tag_ == "NN" and _definite(token):
        state = memory.last_state()
        if state is not None:
            return _mention(doc, token, token.i - 1, token.i + 1, (state,), "coref:the-country", "state",
                            passage, sentence_index)
    return None


def _coordinated_before(token: Token, mentions: "PassageActors") -> tuple[Actor, ...]:
    """Actors coordinated just before a plural pronoun in its sentence ("by Russia and Iran, their veto")."""
    for previous in reversed(token.doc[token.sent.start:token.i]):
        mention = mentions.by_token.get(previous.i)
        if mention is None or previous.i != mention.head:
            continue
        members = [mentions.by_token.get(c.i) for c in previous.conjuncts]
        members = [m for m in members if m is not None and m.head != mention.head]
        if members:
            actors = [mention.actors[0]] + [m.actors[0] for m in members]
            return tuple(sorted(set(actors), key=actors.index))
    return ()


def _state_of(actor: Actor) -> Actor:
    if not actor.country:
        return actor
    return Actor(code=actor.country, country=actor.country, name=actor.country)


def _has_pair_marker(token: Token) -> bool:
    if any(child.lower_ in PAIR_MARKERS for child in token.children):
        return True
    # "both the countries": spaCy may attach "both" to the determiner or put it just before
    window = token.doc[max(token.sent.start, token.i - 3):token.i]
    return any(t.lower_ in PAIR_MARKERS for t in window) and all(
        t.pos_ in ("DET", "NUM", "ADJ", "PRON") or t.lower_ in PAIR_MARKERS for t in window
        if t.i > min(w.i for w in window if w.lower_ in PAIR_MARKERS))


def _definite(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].lower_ == "the"


def _pair_recent(memory: DocumentMemory) -> bool:
    """'they' refers to the pair only when both states were named in this or the previous sentence."""
    recent = memory.recent(frozenset({"state"}), 1)
    return len({s.actor.country for s in recent}) >= 2
