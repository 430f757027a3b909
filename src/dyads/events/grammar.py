"""Grammar of the event coder: pure functions over spaCy tokens, no actors.

Who does what to whom is read off the dependency parse: the acting subject (through
passives, relative clauses, control and raising, conjunction, gerunds and
infinitives of purpose), the direct object, prepositional objects (also inside an
object's phrase), the verb a noun hangs from, and the tokens a pattern slot points
at. The word lists here are the grammar's (light verbs, control verbs, quantity
nouns); the coder's moods live in :mod:`dyads.events.moods`.
"""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Token

from dyads.events.patterns import BASE_SLOTS as BASE_SLOT_NAMES, Slot

RELATIVIZERS = frozenset({"that", "which", "who", "whom", "whose"})
#: Prepositions whose gerund shares the subject of the verb ("after meeting Y, X said"); not "for"
#: ("jailed the student for helping militants": the student helped).
TEMPORAL_PREPOSITIONS = frozenset({"after", "before", "while", "upon", "since", "by", "on", "in", "without"})
#: Nouns whose infinitive is the act of whoever holds them: "X reaffirmed its commitment to support Y".
COMMITMENT_NOUNS = frozenset({"commitment", "pledge", "promise", "readiness", "willingness", "determination",
                              "resolve", "decision", "intention", "plan", "bid", "effort", "efforts", "attempt",
                              "offer", "vow", "desire", "wish", "move", "measure", "measures", "step", "steps"})
#: Adjectives that make their subject the author of what follows "for"/"of": "responsible for the attack".
RESPONSIBILITY_ADJECTIVES = frozenset({"responsible", "guilty", "culpable", "accountable"})
#: Verbs whose bare clause is their subject's act ("Ethiopia let free 74 prisoners").
CAUSATIVE_VERBS = frozenset({"let", "help"})
#: Verbs that ask someone else to act: "X asked Y to visit Z" codes the appeal, not the visit.
REQUEST_GOVERNORS = frozenset({"ask", "urge", "call", "want", "press", "encourage", "order", "invite", "request",
                               "pressure", "push", "persuade", "allow", "permit", "authorize", "authorise",
                               "instruct", "tell", "advise", "force", "compel", "beg", "implore", "challenge"})
#: Verbs whose object does what their infinitive says ("asked the US to resolve", "forced the plane to
#: land"); after other verbs the infinitive is the subject's ("sent troops to help": the sender's aim).
OBJECT_CONTROL_VERBS = REQUEST_GOVERNORS | frozenset({"help", "enable", "convince", "lead", "need", "require",
                                                      "expect", "prompt", "cause", "get", "urge", "warn", "remind",
                                                      "oblige", "drive", "inspire", "train"})
#: Verbs that carry a nominal event, so that their subject is the event's source ("X held talks with Y",
#: "X paid a visit to Y", "X came out in support of Y", "X launched an attack on Y"). Under any other verb
#: ("X condemned the attack on Y") the subject is not the actor of the nominal event.
LIGHT_VERBS = frozenset({"make", "pay", "hold", "have", "give", "launch", "carry", "conduct", "stage", "mount",
                         "come", "express", "offer", "extend", "voice", "lend", "announce", "undertake",
                         "begin", "start", "continue", "file", "issue", "deliver", "reiterate", "reaffirm",
                         "declare", "go", "embark", "wrap", "conclude", "complete", "kick", "order", "open",
                         "lodge", "bring", "press", "level", "pledge", "promise", "grant", "resume", "commence",
                         "intensify", "step", "wage", "remain", "stay", "keep", "join", "lead", "authorize",
                         "authorise", "approve", "engage", "stag", "wag"})  # spaCy lemmatises staged/waged as stag/wag
#: Nouns for people who act for someone else: "a spokesman for X", "an aide to X", "envoys of X".
REPRESENTATIVES = frozenset({"spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "envoy",
                             "representative", "delegation", "delegate", "official", "emissary", "negotiator",
                             "lawyer", "attorney", "office", "ministry", "team", "member", "members"})
#: Nouns that count or portion what their of-phrase names: "hundreds of prisoners", "a group of lawmakers".
QUANTITY_NOUNS = frozenset({"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions",
                            "percent", "worth", "number", "group", "groups", "some", "many", "most", "all",
                            "several", "few", "part", "parts", "members", "member", "majority", "handful", "team",
                            "delegation", "batch", "contingent", "unit", "units", "section", "faction", "wing",
                            "each", "both", "round", "rounds", "series", "wave", "waves", "spate", "string",
                            "flurry", "barrage", "volley", "phase"})
#: Nouns of phrasal prepositions ("in case of", "in the wake of", "in response to", "on behalf of"):
#: the participant is what follows them.
TRANSPARENT_NOUNS = frozenset({"case", "wake", "view", "light", "spite", "response", "behalf", "terms",
                               "favour", "favor", "name", "aftermath", "run-up", "context", "relation",
                               "regard", "connection"})


def is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)


def first_child(token: Token, deps: Iterable[str]) -> Token | None:
    deps = tuple(deps)
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def relativized(token: Token | None, verb: Token) -> Token | None:
    """A relative pronoun stands for the noun its clause modifies ("the deal that X signed")."""
    if token is not None and token.lower_ in RELATIVIZERS and verb.dep_ == "relcl":
        return verb.head
    return token


def subject_of(verb: Token) -> Token | None:
    """The acting subject: nsubj, or the by-agent of a passive; inherited through conjunction and control."""
    if is_passive(verb):
        agent = first_child(verb, ("agent",))
        return first_child(agent, ("pobj",)) if agent is not None else None
    subject = relativized(first_child(verb, ("nsubj",)) or first_child(verb, ("csubj",)), verb)
    if subject is not None:
        return subject
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    if verb.dep_ == "acomp" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)  # "Russia is willing to withdraw": willing's subject is the verb's
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        governor = verb.head
        # "asked the US to resolve": object control, for verbs that make their object act
        controller = first_child(governor, ("dobj",)) if governor.lemma_.lower() in OBJECT_CONTROL_VERBS else None
        if controller is None and is_passive(governor):
            controller = first_child(governor, ("nsubjpass",))  # "Obama is scheduled to attend"
        return controller if controller is not None else subject_of(governor)
    if verb.dep_ == "advcl" and (verb.tag_ == "VBG" or is_infinitive(verb)) and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)  # "Addressing the press, Lavrov said ...", "X called Y to thank him"
    if verb.dep_ == "pcomp" and _responsible_subject(verb) is not None:
        return _responsible_subject(verb)  # "X and Y were guilty of violating the ceasefire"
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" \
            and verb.head.lower_ in TEMPORAL_PREPOSITIONS and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head.head)  # "After meeting Y, X said ...", "X spent millions on helping Y"
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in CAUSATIVE_VERBS:
        return subject_of(verb.head)  # "Ethiopia let free the prisoners"
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in ("dobj", "pobj") \
            and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head.head)  # "Putin signed a decree imposing sanctions on Turkey"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and (
            verb.tag_ == "VBD" or verb.head.dep_ == "ROOT" and verb.tag_ != "VBG"
            or verb.tag_ == "VBN" and verb.i > 0 and verb.doc[verb.i - 1].text == "," and not is_passive(verb)):
        return verb.head  # a main verb parsed as a modifier: "A delegation of X here on Thursday called on Y"
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in ("nsubj", "nsubjpass"):
        return verb.head  # "the coalition fighting the Houthis has declared a ceasefire"
    if verb.dep_ == "acl" and is_infinitive(verb) and verb.head.lemma_.lower() in COMMITMENT_NOUNS:
        governor = governing_verb(verb.head)  # "X reiterated its commitment to support Y"
        return subject_of(governor) if governor is not None else None
    # an acronym subject parsed as a modifier of the verb: "[USAID] provided shelter to ..."
    return next((c for c in verb.lefts if c.dep_ in ("advmod", "npadvmod", "amod") and c.is_upper
                 and c.is_alpha and len(c.text) > 1), None)


def prep_objects_any(token: Token) -> list[Token]:
    """The objects of every preposition on ``token``, in order."""
    return [pobj for child in token.children if child.dep_ == "prep"
            for pobj in child.children if pobj.dep_ == "pobj"]


def direct_object(verb: Token) -> Token | None:
    if is_passive(verb):
        patient = first_child(verb, ("nsubjpass",))
        if patient is None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            # "the prisoners [were] detained ... and were released by X": the shared subject
            patient = first_child(verb.head, ("nsubjpass", "nsubj"))
        return patient
    # an object predicate stands in for a missing object ("called [Erdogan] to apologise", misparsed)
    obj = relativized(first_child(verb, ("dobj", "obj")) or first_child(verb, ("oprd",)), verb)
    if obj is None and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "the agreement that Obama signed": no explicit relativizer object in some parses
        subject = first_child(verb, ("nsubj",))
        if subject is not None and subject.lower_ not in RELATIVIZERS:
            return verb.head
    return obj


def of_object(noun: Token) -> Token | None:
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return first_child(prep, ("pobj",)) if prep is not None else None


def prep_objects(token: Token, preposition: str) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ == "agent" and preposition == "by":
            found.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("prep", "dative") and child.lower_ == preposition:
            found.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        elif child.dep_ == "prt" and child.lower_ == preposition:
            # "called on X": spaCy sometimes makes "on" a particle and X the object
            obj = first_child(token, ("dobj",))
            if obj is not None:
                found.append(obj)
    return found


def prep_objects_in_phrase(obj: Token, preposition: str) -> list[Token]:
    """Objects of ``preposition`` anywhere in an object phrase: on the object, its conjuncts and its
    of-phrases ("signed agreements and memorandums of understanding with Pakistan")."""
    frontier = with_conjuncts(obj)
    for _ in range(3):
        found = [pobj for token in frontier for pobj in prep_objects(token, preposition)]
        if found:
            return found
        frontier = [pobj for token in frontier for child in token.children
                    if child.dep_ == "prep" and child.lower_ in ("of", "on", "for")
                    for pobj in child.children if pobj.dep_ == "pobj"] + [
            child for token in frontier for child in token.children  # "lifted [sanctions imposed on Y]"
            if child.dep_ == "acl" and child.tag_ == "VBN"]
        frontier = [member for token in frontier for member in with_conjuncts(token)]
    return []


def governing_verb(noun: Token) -> Token | None:
    """The verb a noun hangs from, through prepositions and conjunctions ("went [on strike]")."""
    current = noun
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ in ("VERB", "AUX") and head.dep_ != "prep":  # not "following", "including" (prepositions)
            return head
        if current.dep_ in ("pobj", "dobj", "attr", "conj") or head.dep_ == "prep" or head.pos_ == "ADP":
            current = head
            continue
        if current.dep_ == "prep" and current.lower_ == "of" and head.lemma_.lower() in QUANTITY_NOUNS:
            current = head  # "began [a new round of [exercises]]"
            continue
        return None
    return None


def governing_subject(noun: Token) -> Token | None:
    """For a nominal event, the subject of the verb it hangs from ("X held talks", "X came out in support"),
    or of the one who is "responsible for" or "guilty of" it."""
    culprit = _responsible_subject(noun)
    if culprit is not None:
        return culprit
    verb = governing_verb(noun)
    return subject_of(verb) if verb is not None and verb.lemma_.lower() in LIGHT_VERBS else None


def _responsible_subject(word: Token) -> Token | None:
    """"X was responsible for [the killings]", "X and Y were guilty of [violating] the ceasefire": X."""
    prep = word.head
    adjective = prep.head
    if word.dep_ in ("pobj", "pcomp") and prep.dep_ == "prep" and prep.lower_ in ("for", "of") \
            and adjective.lemma_.lower() in RESPONSIBILITY_ADJECTIVES and adjective.dep_ == "acomp":
        return subject_of(adjective.head)
    return None


def slot_tokens(word: Token, slot: Slot, kind: str) -> list[Token]:
    """The tokens a slot points at for this event word."""
    base = word
    name = slot.name
    if slot.via_prep:  # "called for [sanctions against Y]"
        return [found for phrase in prep_objects(word, slot.via_prep)
                for found in prep_objects_in_phrase(phrase, name)]
    if slot.via_obj:
        obj = direct_object(word)
        if obj is None:
            return []
        if name not in BASE_SLOT_NAMES:
            return prep_objects_in_phrase(obj, name)
        base = obj
    if name == "subj":
        token = subject_of(base) if kind == "verb" else None
        return [token] if token is not None else []
    if name == "obj":
        token = direct_object(base)
        if token is None:
            return []
        # "meet his counterpart Italian President X" is parsed with two objects: the name is the second
        return [token] + [c for c in base.children if c.dep_ == "dobj" and c.i > token.i and c.pos_ == "PROPN"]
    if name == "iobj":
        found = [c for c in base.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
        obj = direct_object(base) if not found else None
        if obj is not None:
            # "offered Pakistan military equipment" is often parsed with Pakistan modifying the object
            found = [c for c in obj.lefts if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN"
                     and c.i == base.i + 1]
        return found
    if name == "poss":
        return [c for c in base.children if c.dep_ == "poss"]
    if name == "compound":
        return left_modifiers(base)
    if name == "gov":
        token = governing_subject(base)
        return [token] if token is not None else []
    if name == "govsubj":  # "[X] faced pressure from Y": the subject of whatever verb the noun hangs from
        verb = governing_verb(base)
        token = subject_of(verb) if verb is not None else None
        return [token] if token is not None and token.i != base.i else []
    if name == "govobj":  # "X engaged [Y] in a firefight": the object of the verb the noun hangs from
        verb = governing_verb(base)
        token = direct_object(verb) if verb is not None and verb.lemma_.lower() in LIGHT_VERBS else None
        return [token] if token is not None and token.i != base.i else []
    if name == "xobj":  # "agreed to allow [access of UN workers]", "donated $5m to help [Haiti's victims]"
        governed = [clause for clause in base.children if clause.dep_ == "xcomp"]
        if not governed:  # an infinitive of purpose, on the word or on its object ("donated ambulances to help Y")
            obj = direct_object(base)
            governed = [clause for head in (base, obj) if head is not None for clause in head.children
                        if clause.dep_ in ("advcl", "acl") and is_infinitive(clause)]
        # the clause's object, or for an intransitive one its first prepositional object ("refused to
        # respond [to a request from Y]")
        return [obj for clause in governed
                if (obj := direct_object(clause) or next(iter(prep_objects_any(clause)), None)) is not None]
    if name == "xsubj":  # "demanded that Azerbaijan withdraw", "its demand that Y ease", "approval for Y to land"
        clauses = [clause for clause in base.children if clause.dep_ in ("ccomp", "xcomp")
                   or kind == "noun" and clause.dep_ == "acl" and clause.pos_ in ("VERB", "AUX")]
        # a for-infinitive hangs on the word, or for a noun object on its verb ("gave approval [for Y to land]")
        holders = [base, base.head] if kind == "noun" and base.dep_ == "dobj" else [base]
        clauses += [clause for holder in holders for clause in holder.children if clause.dep_ == "advcl"
                    and any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children)]
        return [subject for clause in clauses for subject in clause.children
                if subject.dep_ in ("nsubj", "nsubjpass")]
    found = prep_objects(base, name)
    if not found and kind == "noun" and base is word and word.dep_ in ("dobj", "pobj"):
        verb = word.head if word.dep_ == "dobj" else governing_verb(word)
        if verb is not None and verb.lemma_.lower() in LIGHT_VERBS:
            # "launched attacks [on Y]", "went on strike [at Y]": spaCy hangs the phrase on the verb
            found = [token for token in prep_objects(verb, name) if token.i != word.i]
    return found


def left_modifiers(word: Token, depth: int = 2) -> list[Token]:
    """Modifiers in front of a noun, nearest first, two levels deep ("CIA-operated drone strikes")."""
    found: list[Token] = []
    frontier = [word]
    for _ in range(depth):
        following = []
        for current in frontier:
            for child in reversed(list(current.lefts)):
                if child.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss"):
                    found.append(child)
                    following.append(child)
        frontier = following
    return found


def with_conjuncts(token: Token) -> list[Token]:
    """A word and the words coordinated with it, including a list parsed as an apposition
    ("Saudi Arabia, the UAE, Bahrain and Egypt")."""
    members = [token] + [c for c in token.conjuncts if c.i != token.i]
    for member in list(members):
        for child in member.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child not in members:
                members.append(child)
                members.extend(c for c in child.conjuncts if c not in members)
    return members


def represented(token: Token) -> list[Token]:
    if token.lemma_.lower() not in REPRESENTATIVES:
        return []
    return [pobj for child in token.children if child.dep_ == "prep" and child.lower_ in ("for", "of", "to")
            for pobj in child.children if pobj.dep_ == "pobj"]


def counted(token: Token) -> Token:
    """What a quantity noun counts ("hundreds of prisoners" -> prisoners) or a phrasal preposition
    introduces ("in the wake of the attack", "in response to X"); other words are themselves."""
    lemma = token.lemma_.lower()
    if lemma in QUANTITY_NOUNS or token.lower_ in QUANTITY_NOUNS or token.ent_type_ == "CARDINAL" \
            or lemma in TRANSPARENT_NOUNS:
        pobj = of_object(token) or next((pobj for child in token.children if child.dep_ == "prep"
                                          and child.lower_ == "to" and lemma in TRANSPARENT_NOUNS
                                          for pobj in child.children if pobj.dep_ == "pobj"), None)
        if pobj is not None:
            return pobj
    return token


def has_subject_infinitive(verb: Token) -> bool:
    """"(wants) Putin to attack": an infinitive clause with a subject of its own."""
    children = list(verb.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and any(c.dep_ == "nsubj" for c in children)


def is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
