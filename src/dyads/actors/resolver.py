"""Turns knowledge-base matches in parsed passages into resolved actor mentions.

For each noun phrase the resolver gathers the matches that belong to it (by
climbing compound, modifier, possessive and apposition links of the parse), so
"Russian Foreign Minister Sergei Lavrov" becomes one mention coded RUSGOV from a
demonym, a title and a person. It then follows the document sentence by
sentence (see :mod:`dyads.actors.coref`) for surnames, titles, pronouns and
plural references.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import Sequence

from spacy.tokens import Doc, Token

from dyads.actors.coref import PERSON_PRONOUNS, DocumentMemory, resolve_references
from dyads.actors.gazetteer import REGIONS, Gazetteer, Place
from dyads.actors.kb import KBEntry, KnowledgeBase
from dyads.actors.matcher import KBMatcher, PhraseMatch
from dyads.model import Actor, Mention

log = logging.getLogger(__name__)

#: Dependency links along which a modifier belongs to the phrase of its head.
CLIMB = frozenset({"compound", "amod", "nmod", "poss", "appos", "flat", "npadvmod"})
NOMINAL = frozenset({"NOUN", "PROPN"})
STATE_KINDS = frozenset({"state", "capital", "region", "demonym", "demonym_plural", "adjective"})
CODE_KINDS = frozenset({"metonym", "org", "group"})
#: Named-entity labels that may name an actor the knowledge base lacks.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Dependencies of a proper noun the NER missed that make it worth treating as a possible actor.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj"})
#: Words that put an office in the past: "former President X", "ex-minister", "the retired general".
FORMER_WORDS = frozenset({"former", "ex", "ex-", "erstwhile", "onetime", "one-time", "retired"})
#: Sectors of offices a person leaves: whoever held one and no longer does is an elite (ELI), as the
#: CAMEO codebook codes former officials.
OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "SPY", "COP", "GOVMIL"})
ELITE = "ELI"
#: CAMEO's country part for an actor whose country is unknown.
UNKNOWN_COUNTRY = "---"
GENERIC_SECTORS_CODED = True


@dataclass(frozen=True, slots=True)
class TokenMention:
    """A resolved mention inside one parsed passage (token offsets into ``docs[passage]``)."""

    passage: int
    start: int
    end: int
    head: int
    actors: tuple[Actor, ...]
    reason: str
    kind: str  # person | state | org | group | sector | pair | pronoun
    sentence_index: int
    text: str
    evidence: tuple[str, ...] = ()

    @property
    def is_plural(self) -> bool:
        return len(self.actors) > 1


@dataclass(slots=True)
class PassageActors:
    """Mentions of one passage and a token index to find them (built once, then read)."""

    mentions: list[TokenMention] = field(default_factory=list)
    by_token: dict[int, TokenMention] = field(default_factory=dict)

    def replace(self, old: TokenMention, new: TokenMention) -> None:
        self.mentions[self.mentions.index(old)] = new
        for index, mention in list(self.by_token.items()):
            if mention is old:
                self.by_token[index] = new

    def add(self, mention: TokenMention) -> None:
        self.mentions.append(mention)
        for index in range(mention.start, mention.end):
            self.by_token.setdefault(index, mention)
        self.by_token[mention.head] = mention


@dataclass(slots=True)
class DocumentActors:
    """Every mention of a document, per passage."""

    passages: list[PassageActors]

    def at(self, passage: int, token: int) -> TokenMention | None:
        return self.passages[passage].by_token.get(token)

    def all(self) -> list[TokenMention]:
        return [mention for passage in self.passages for mention in passage.mentions]


@dataclass(slots=True)
class _Group:
    """Matches that belong to one noun phrase, before resolution."""

    anchor: int
    matches: list[PhraseMatch] = field(default_factory=list)
    names: list["_Name"] = field(default_factory=list)  # named entities not in the knowledge base

    @property
    def start(self) -> int:
        starts = [m.start for m in self.matches] + [n.start for n in self.names] + [self.anchor]
        return min(starts)

    @property
    def end(self) -> int:
        ends = [m.end for m in self.matches] + [n.end for n in self.names] + [self.anchor + 1]
        return max(ends)

    @property
    def persons(self) -> list["_Name"]:
        return [name for name in self.names if name.label == "PERSON"]


@dataclass(frozen=True, slots=True)
class _Name:
    """A named entity (spaCy NER) that no knowledge-base phrase covers; ``place`` when the gazetteer knows it."""

    start: int
    end: int
    label: str
    place: Place | None = None


class ActorResolver:
    """Builds the actor stage once (knowledge base, matcher); resolves documents."""

    def __init__(self, kb: KnowledgeBase, nlp, gazetteer: Gazetteer | None = None) -> None:
        self.kb = kb
        self.matcher = KBMatcher(kb, nlp)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load(kb.countries)

    def resolve(self, docs: Sequence[Doc], date: dt.date | None) -> DocumentActors:
        """Resolve the mentions of a document's passages, in order, with coreference."""
        memory = DocumentMemory()
        passages: list[PassageActors] = []
        sentence_offset = 0
        for passage_index, doc in enumerate(docs):
            sentence_starts = [sent.start for sent in doc.sents]
            passage = PassageActors()
            groups = self._groups(doc)
            for sent_number, sent in enumerate(doc.sents):
                sentence_index = sentence_offset + sent_number
                # left to right, so that a word pointing back sees only what came before it
                cursor = sent.start
                for group in (g for g in groups if sent.start <= g.anchor < sent.end):
                    for mention in resolve_references(doc, doc[cursor:max(cursor, group.start)], passage,
                                                      passage_index, sentence_index, memory):
                        passage.add(mention)
                    cursor = max(cursor, group.start)
                    mention = self._resolve_group(doc, group, date, passage_index, sentence_index, memory)
                    if mention is not None:
                        passage.add(mention)
                        memory.remember(mention, doc)
                for mention in resolve_references(doc, doc[cursor:sent.end], passage, passage_index,
                                                  sentence_index, memory):
                    passage.add(mention)
                _resolve_cataphora(sent, passage)
                memory.end_sentence(sentence_index)
            sentence_offset += len(sentence_starts)
            passages.append(passage)
        return DocumentActors(passages)

    # -- grouping -------------------------------------------------------------------------
    def _groups(self, doc: Doc) -> list[_Group]:
        matches = self.matcher.matches(doc)
        covered = {i for match in matches for i in range(match.start, match.end)}
        # a discard phrase ("Manchester United") covers its words but is no actor
        units: list[tuple[int, PhraseMatch | _Name]] = [
            (self._root(doc, m.start, m.end), m) for m in matches if not m.is_discard]
        named = set()
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS and not all(i in covered for i in range(ent.start, ent.end)) \
                    and ent.text.lower().removeprefix("the ") not in REGIONS:  # TODO(issue 3): CAMEO region codes
                units.append((ent.root.i, _Name(ent.start, ent.end, ent.label_, self._place_in(ent))))
                named.update(range(ent.start, ent.end))
        for token in doc:  # a proper noun the NER missed ("Thom", "Gulen") may still be an actor
            if (token.pos_ == "PROPN" and token.i not in covered and token.i not in named and token.is_title
                    and token.dep_ in ARGUMENT_DEPS and not token.ent_type_):
                units.append((token.i, _Name(token.i, token.i + 1, "PROPN", None)))
        match_tokens = covered | {i for _, unit in units if isinstance(unit, _Name)
                                  for i in range(unit.start, unit.end)}
        state_tokens = {i for match in matches if any(e.kind in STATE_KINDS for e in match.entries)
                        for i in range(match.start, match.end)}
        groups: dict[int, _Group] = {}
        for root, unit in units:
            anchor = self._climb(doc[root], match_tokens, state_tokens)
            group = groups.setdefault(anchor, _Group(anchor))
            if isinstance(unit, PhraseMatch):
                group.matches.append(unit)
            else:
                group.names.append(unit)
        return sorted(groups.values(), key=lambda g: g.anchor)

    @staticmethod
    def _root(doc: Doc, start: int, end: int) -> int:
        return doc[start:end].root.i

    @staticmethod
    def _climb(token: Token, match_tokens: set[int], state_tokens: set[int]) -> int:
        """Walk from a match to the head of its noun phrase while the head is part of a name or title.

        An apposition joins its head ("Lavrov, the Russian foreign minister") unless it is really
        a list ("Saudi Arabia, the United Arab Emirates, Bahrain and Egypt"): two states, or a
        member with conjuncts of its own.
        """
        current = token
        for _ in range(8):
            head = current.head
            if head.i == current.i:
                break
            if current.dep_ == "appos" and (any(c.dep_ == "conj" for c in current.children)
                                            or (current.i in state_tokens and head.i in state_tokens)):
                break
            if current.dep_ in CLIMB and (head.pos_ in NOMINAL or head.i in match_tokens) and (
                    head.i in match_tokens or head.pos_ == "PROPN" or head.lemma_.lower() == "counterpart"):
                current = head
                continue
            # "the Foreign Minister of Pakistan": of-phrase inside a title
            if (current.dep_ == "pobj" and head.lemma_ == "of" and head.dep_ == "prep"
                    and head.head.i in match_tokens and head.head.pos_ in NOMINAL):
                current = head.head
                continue
            break
        return current.i

    # -- resolution -------------------------------------------------------------------------
    def _resolve_group(self, doc: Doc, group: _Group, date: dt.date | None, passage: int,
                       sentence_index: int, memory: DocumentMemory) -> TokenMention | None:
        entries = [entry for match in group.matches for entry in match.entries]
        evidence = tuple(f"{e.phrase}={e.code} ({e.kind}, {e.origin})" for e in entries)
        actor, kind, reason = self._compose(doc, group, entries, date, memory)
        if actor is None:
            return None
        start = group.start
        while start < group.anchor and doc[start].dep_ in ("det", "case", "punct"):
            start += 1
        text = doc[start:max(group.end, group.anchor + 1)].text
        actors = (actor,) + (self._coordinated_countries(doc, group, actor) if kind in ("sector", "state") else
                             _coordinated_states(doc, group, entries) if kind == "org" else ())
        return TokenMention(passage=passage, start=start, end=max(group.end, group.anchor + 1),
                            head=group.anchor, actors=actors, reason=reason, kind=kind,
                            sentence_index=sentence_index, text=text, evidence=evidence)

    def _compose(self, doc: Doc, group: _Group, entries: list[KBEntry], date: dt.date | None,
                 memory: DocumentMemory) -> tuple[Actor | None, str, str]:
        """Combine the entries of one phrase into one actor code, with the reason."""
        persons = [e for e in entries if e.kind == "person"]
        coded = [e for e in entries if e.kind in CODE_KINDS]
        states = [e for e in entries if e.kind in STATE_KINDS]
        agents = [e for e in entries if e.kind == "agent"]
        sector = agents[-1].code if agents else ""
        name = doc[group.start:group.end].text
        former = _is_former(doc, group)
        for entry in persons:
            person = self.kb.person(entry.code)
            if person is None:
                continue
            # with no date to choose the role, the title written with the name chooses it
            titled = person.code_titled(sector) if date is None else None
            code = titled or person.code_on(date)
            if code and former:  # "former President Bill Clinton": an elite, no longer the office
                return make_actor(code[:3] + ELITE, person.name), "person", f"dictionary:person+former ({entry.origin})"
            if code:
                return make_actor(code, person.name), "person", \
                    f"dictionary:person{'+title' if titled else ''} ({entry.origin})"
            country = person.country_hint()
            if country:  # out of the offices we know of: the office the text writes, else an elite of the state
                held = ELITE if former or not sector else sector
                return make_actor(country + held, person.name), "person", f"person out of office ({entry.origin})"
        if coded:
            entry = coded[-1]
            state = self._other_state_of_body(doc, group, entry)
            if state is not None:  # "the Philippine Department of Justice": PHL + JUD, not USAJUD
                return make_actor(state.code + entry.code[3:], name), "org", \
                    f"dictionary:{entry.kind} ({entry.origin}) of {state.phrase} ({state.origin})"
            return make_actor(entry.code, name), entry.kind if entry.kind != "metonym" else "state", \
                f"dictionary:{entry.kind} ({entry.origin})"
        country = states[0].code if states else ""
        persons = group.persons
        names = [n for n in group.names if n.label in ("PERSON", "PROPN")]
        if not country and names:
            remembered = memory.surname(doc[names[-1].end - 1].text)
            if remembered is not None:
                return remembered, "person", "coref:surname"
        if country:
            kind = "person" if (persons or (agents and agents[-1].sector_kind == "title")) else \
                ("sector" if sector else "state")
            if former and kind == "person" and sector in OFFICE_SECTORS:
                sector = ELITE  # "the former Prime Minister of Sri Lanka"
            reason = "title+nationality" if kind == "person" and persons else \
                f"dictionary:{states[0].kind} ({states[0].origin})"
            return make_actor(country + sector, name), kind, reason
        places = [n.place for n in group.names if n.place is not None]
        if places and (not persons or sector):
            return make_actor(places[0].country + sector, name), "sector" if sector else "state", \
                f"gazetteer:{places[0].name} ({places[0].country})"
        if sector:
            actor, kind, reason = self._sector_only(doc, group, agents, memory)
            if actor is not None:
                return actor, kind, reason
        if former and sector in OFFICE_SECTORS and group.persons:
            sector = ELITE  # "former prime minister Paul Keating", a person the knowledge base lacks
        return self._unknown(doc, group, sector, name)

    def _other_state_of_body(self, doc: Doc, group: _Group, entry: KBEntry) -> KBEntry | None:
        """A state word of another country modifying the name of one state's body, or ``None``.

        Many states name their bodies alike, and the dictionaries list one state's ("Department
        of Justice" USAJUD, "House of Commons" GBRLEG): "the Philippine Department of Justice" and
        "Canada's House of Commons" are the other state's, so its word wins and the body keeps only
        its sector. The state word must modify the body's name itself (directly or by "of"): in
        "the CIA's Pakistan station chief" it does not. IGOs and NGOs have no country to replace.
        """
        if entry.kind != "org" or not any(org.kind == "state" for org in self.kb.organisations.get(entry.code, ())):
            return None
        body = next((m for m in group.matches if entry in m.entries), None)
        if body is None:
            return None
        for match in group.matches:
            state = next((e for e in match.entries if e.kind in STATE_KINDS), None)
            if state is None or state.code == entry.code[:3]:
                continue
            root = doc[match.start:match.end].root
            head = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else root.head
            if root.i != head.i and body.start <= head.i < body.end:
                return state
        return None

    def _place_in(self, ent) -> Place | None:
        """The place an entity names or starts with ("Munich" in "the Munich Regional Court")."""
        if ent.label_ == "GPE":  # not LOC: regions and continents ("Asia") share names with small towns
            return self.gazetteer.lookup(ent.text)
        for token in ent:
            if token.pos_ == "PROPN" and token.is_title and token.dep_ == "compound":
                place = self.gazetteer.lookup(token.text)
                if place is not None:
                    return place
        return None

    def _unknown(self, doc: Doc, group: _Group, sector: str, name: str) -> tuple[Actor | None, str, str]:
        """An actor we cannot place: a named entity or a sector noun with no country ("---" in CAMEO)."""
        located = self._located_country(doc[group.anchor])
        if located:
            return make_actor(located + sector, name), "sector" if sector else "state", "location"
        if not group.names and not (sector and GENERIC_SECTORS_CODED):
            # a generic noun ("a delegation", "officials") with no country says too little to code
            return None, "", ""
        # a sector noun of no country ("the protesters") is a collective "they" and "it" may point back to
        kind = "person" if group.persons else "sector" if sector and not group.names else "unknown"
        reason = "unresolved:" + ("title" if sector and group.persons else "sector" if sector else
                                  group.names[-1].label.lower())
        return make_actor(UNKNOWN_COUNTRY + sector, name), kind, reason

    def _coordinated_countries(self, doc: Doc, group: _Group, actor: Actor) -> tuple[Actor, ...]:
        """The other countries of "US and British activists", "Russian and Chinese warships": the
        same sector for each country word coordinated with the phrase's own."""
        if not actor.country or not actor.code[3:]:
            return ()
        others: list[Actor] = []
        for match in group.matches:
            if not any(e.kind in STATE_KINDS for e in match.entries):
                continue
            for token in doc[match.start:match.end]:
                for conjunct in token.conjuncts:
                    country = self._phrase_country(conjunct.text, conjunct.ent_type_)
                    if country and country != actor.country and all(a.country != country for a in others):
                        others.append(make_actor(country + actor.code[3:], actor.name))
                    elif not country:  # "UK and EU negotiators": an organisation's own code
                        body = next((e for e in self.kb.lookup(conjunct.text) if e.kind in CODE_KINDS
                                     and not e.code[:3] == actor.country), None)
                        if body is not None and all(a.code != body.code for a in others):
                            others.append(make_actor(body.code, body.phrase))
        return tuple(others)

    def _located_country(self, head: Token, depth: int = 0) -> str:
        """The country of "a court in Guyana", "police in Karachi", "officials from Kabul", "the mayor
        of the West Bank city of Nablus" (one nested of-phrase deep)."""
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in ("in", "of", "from", "at"):
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                # the whole name first ("San Jose"), never a piece of it alone ("San", a town in Mali)
                compounds = [t for t in pobj.lefts if t.dep_ == "compound" and t.i == pobj.i - 1]
                name = pobj.doc[compounds[0].i if compounds else pobj.i:pobj.i + 1]
                country = self._phrase_country(name.text, pobj.ent_type_)
                if country:
                    return country
                for token in pobj.lefts:  # "in Pakistan's north", "in the Syrian capital"
                    if token.dep_ in ("amod", "poss"):
                        country = self._phrase_country(token.text, "")
                        if country:
                            return country
                if depth == 0 and pobj.pos_ == "NOUN":  # "of the city of Nablus", "in the province of Idlib"
                    country = self._located_country(pobj, depth + 1)
                    if country:
                        return country
        return ""

    def place_country(self, name: str) -> str:
        """ISO3 of a place name written outside a sentence (a dateline's "Kabul"), "" if unknown."""
        return self._phrase_country(name, "GPE")

    def _phrase_country(self, text: str, ent_type: str) -> str:
        for entry in self.kb.lookup(text):
            if entry.kind in STATE_KINDS:
                return entry.code
        if ent_type == "GPE":
            place = self.gazetteer.lookup(text)
            if place is not None:
                return place.country
        return ""


    def _sector_only(self, doc: Doc, group: _Group, agents: list[KBEntry],
                     memory: DocumentMemory) -> tuple[Actor | None, str, str]:
        """A title or group noun without a country: "the foreign minister", "his counterpart"."""
        head = doc[group.anchor]
        agent = agents[-1]
        if agent.sector_kind == "title" and not group.persons:  # a named person is someone new
            remembered = memory.title(agent.phrase.lower(), agent.code)
            if remembered is not None:
                return remembered, "person", "coref:title"
        country = memory.possessor_country(head)
        if country:
            return make_actor(country + agent.code, head.text), "sector", "coref:possessor"
        return None, "", ""


def _is_former(doc: Doc, group: _Group) -> bool:
    """A word of the phrase, or one or two just before it, puts the office in the past ("former U.S.
    President X", "ex-President X")."""
    start = max(0, group.start - 2)
    return any(token.lower_ in FORMER_WORDS or token.lower_.startswith("ex-") for token in doc[start:group.end])


def _coordinated_states(doc: Doc, group: _Group, entries: list[KBEntry]) -> tuple[Actor, ...]:
    """The states coordinated with an organisation inside one phrase, with the phrase's sector: "UK
    and EU negotiators" is the EU's and Britain's (GBRGOV), "US and NATO forces" also USAMIL."""
    agents = [e for e in entries if e.kind == "agent"]
    sector = agents[-1].code if agents else ""
    inside = range(group.start, group.end)
    found: list[Actor] = []
    for match in group.matches:
        state = next((e for e in match.entries if e.kind in STATE_KINDS), None)
        coordinated = any(c.i in inside for t in doc[match.start:match.end] for c in t.conjuncts) or (
            match.end + 1 < group.end and doc[match.end].lower_ == "and")  # the parse often drops the conj
        if state is not None and coordinated and all(a.country != state.code for a in found):
            found.append(make_actor(state.code + sector, doc[match.start:match.end].text))
    return tuple(found)


def _resolve_cataphora(sent, passage: PassageActors) -> None:
    """A pronoun in a phrase fronted before the main subject refers to that subject:
    "During her trip to Moscow, Foreign Minister Khar said ..." (her = Khar)."""
    subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
    subject_mention = passage.by_token.get(subject.i) if subject is not None else None
    if subject_mention is None or subject_mention.kind != "person":
        return
    for token in sent.doc[sent.start:subject_mention.start]:
        if token.pos_ != "PRON" or token.lower_ not in PERSON_PRONOUNS or subject in token.ancestors:
            continue
        mention = passage.by_token.get(token.i)
        if mention is None:
            passage.add(TokenMention(passage=subject_mention.passage, start=token.i, end=token.i + 1,
                                     head=token.i, actors=subject_mention.actors, reason="coref:cataphora",
                                     kind="pronoun", sentence_index=subject_mention.sentence_index,
                                     text=token.text))
        elif mention.reason == "coref:pronoun" and mention.actors != subject_mention.actors:
            passage.replace(mention, replace(mention, actors=subject_mention.actors, reason="coref:cataphora"))


def make_actor(code: str, name: str = "") -> Actor:
    """Split a CAMEO-style code into its parts: RUSGOV -> (RUS, GOV); IGONAT has no country."""
    code = code.upper()
    if code.startswith(UNKNOWN_COUNTRY):
        return Actor(code=code, country="", sector=code[3:6], name=name)
    if code.startswith(("IGO", "NGO", "IMG")) or len(code) < 3:
        return Actor(code=code, country="", sector=code[:3], name=name)
    country, rest = code[:3], code[3:]
    return Actor(code=code, country=country, sector=rest[:3], name=name)


def mentions_for_record(document_actors: DocumentActors, docs: Sequence[Doc]) -> list[Mention]:
    """The public, frozen view of a document's mentions (character offsets per passage)."""
    result = []
    for mention in document_actors.all():
        doc = docs[mention.passage]
        span = doc[mention.start:mention.end]
        result.append(Mention(text=span.text, start_char=span.start_char, end_char=span.end_char,
                              actors=mention.actors, reason=mention.reason,
                              sentence_index=mention.sentence_index))
    return result

