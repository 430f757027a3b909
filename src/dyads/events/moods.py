"""Moods of the event coder: how a clause asserts its event.

:func:`modality` walks from the event word up its governors and tells whether the
event occurred, is announced (intent), threatened, refused, negated, speculative,
requested, a purpose, alleged by someone, or urged on someone ("X said Y must").
Pure functions over spaCy tokens.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.events.grammar import (COMMITMENT_NOUNS, LIGHT_VERBS, OBJECT_CONTROL_VERBS, REQUEST_GOVERNORS,
                                  first_child, has_subject_infinitive, is_infinitive)

SPECULATIVE_MODALS = frozenset({"may", "might", "could", "would", "should", "must", "can", "ought"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
#: Governing words under which the event did not happen.
NEGATING_GOVERNORS = frozenset({"refuse", "fail", "decline", "deny", "cancel", "postpone", "delay", "avoid",
                                "cancellation", "postponement", "abandon", "stop", "halt", "suspend", "cessation",
                                "unable", "reluctant"})
#: Governing words under which the event is only supposed, hoped or reported as speculation.
SPECULATIVE_GOVERNORS = frozenset({"believe", "think", "assume", "presume", "speculate", "suppose", "hope",
                                   "wish", "suggest", "predict", "doubt", "fear", "guess", "imagine",
                                   "likely", "unlikely", "possible", "possibility", "speculation", "rumour",
                                   "rumor", "if", "whether", "perhaps", "maybe", "probably", "chance", "may"})
#: Governing words under which the event is announced or intended: coded with intent codes.
INTENT_GOVERNORS = frozenset({"plan", "intend", "pledge", "promise", "vow", "agree", "decide", "aim", "want",
                              "seek", "prepare", "offer", "expect", "determine", "commit", "resolve", "ready",
                              "willing", "keen", "eager", "set", "go"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
#: Verbs whose object event is over or off: a nominal event under them did not (or no longer) happen.
ENDING_VERBS = frozenset({"end", "lift", "scrap", "drop", "abandon", "quit", "terminate", "withdraw", "revoke",
                          "cease"})
#: "X refused to meet Y" is a rejection (12x) of the meeting; "X threatened to attack Y" a threat (13x).
REFUSING_GOVERNORS = frozenset({"refuse", "decline", "reject"})
THREATENING_GOVERNORS = frozenset({"threaten", "vow"})
#: Verbs and nouns of permission: withholding one is a refusal ("did not allow the plane to land").
PERMITTING_VERBS = frozenset({"allow", "permit", "authorize", "authorise", "approve"})
PERMISSION_NOUNS = frozenset({"permission", "approval", "consent", "authorization", "authorisation", "access",
                              "clearance", "visa", "visas"})
#: Purposes that an act fulfils by being done: "went on hunger strike to protest against Y" protested.
SELF_FULFILLING_PURPOSES = frozenset({"protest", "denounce", "condemn", "demonstrate", "mark", "show", "express"})
#: Conjunctions of time: an event after, before or once a future or supposed one is no more certain.
TEMPORAL_MARKS = frozenset({"after", "before", "once", "when", "as", "until", "till"})
#: Verbs of calling someone: what their infinitive of purpose says was said on the call.
CALLING_VERBS = frozenset({"call", "phone", "telephone", "ring", "dial"})
#: Modals of obligation: "X said Y must/should withdraw" is X's appeal to Y (02x), not Y's withdrawal.
OBLIGATION_MODALS = frozenset({"must", "should"})
#: Verbs that allege: "X claimed that Y attacked Z" is X accusing Y (112), not a confirmed attack.
ALLEGING_GOVERNORS = frozenset({"allege", "claim"})
SPEECH_VERBS = frozenset({"say", "announce", "state", "declare", "tell", "add", "report", "confirm", "insist",
                          "promise", "pledge", "warn", "indicate", "signal"})
#: Verbs that ask for what their object names: a nominal event under them is requested, not done
#: ("X called for talks with Y", "X urged dialogue", "X proposed a ceasefire").
APPEAL_GOVERNORS = frozenset({"call", "urge", "propose", "suggest", "recommend", "appeal", "plead", "press", "push",
                              "demand", "seek", "advocate"})


def modality(word: Token) -> str:
    """How the event of ``word`` is asserted.

    ``occurred``; ``intent`` (announced: "will visit", "pledged to cooperate"); ``threat``
    ("threatened to attack"); ``refused`` ("refused to meet"); or not at all: ``negated``,
    ``speculative``, ``requested`` ("X asked Y to ..."), ``purpose`` ("came to sign").
    """
    current = word
    intent = False
    aside = False  # passed through a phrase on the side of what governs it ("work [in protest]")
    for depth in range(6):
        for child in current.children:
            lowered = child.lower_
            if child.dep_ == "neg" or (lowered in NEGATORS and child.dep_ in ("neg", "advmod", "det")):
                own_verb = depth == 0 or (depth == 1 and word.dep_ == "dobj" and current.lemma_.lower() in LIGHT_VERBS)
                refusal = _announced_refusal(current) or _withheld_permission(current)
                return "refused" if own_verb and refusal else "negated"
            if child.dep_ == "aux" and lowered == "would" and _reported(current):
                intent = True  # "announced it would free the prisoners": future in the past
                continue
            if child.dep_ == "aux" and lowered in OBLIGATION_MODALS and _reported(current) \
                    and (depth == 0 or depth == 1 and word.dep_ == "conj"):
                return "urged"  # "X said that Y must withdraw [and release ...]": X calls on Y
            if child.dep_ == "aux" and lowered in SPECULATIVE_MODALS:
                return "speculative"
            if child.dep_ == "aux" and lowered in FUTURE_MODALS:
                intent = True
            if child.dep_ == "mark" and lowered in ("if", "unless", "whether", "until", "till"):
                return "speculative"
            if child.dep_ == "advmod" and lowered in SPECULATIVE_GOVERNORS:
                return "speculative"
        head = current.head
        if head.i == current.i:
            break
        lemma = head.lemma_.lower()
        if current.dep_ in ("xcomp", "ccomp", "pobj", "dobj", "nsubj", "nsubjpass", "prep", "pcomp", "acl",
                            "advcl", "conj", "attr", "relcl", "compound", "amod"):
            if lemma in ALLEGING_GOVERNORS and current.dep_ == "ccomp":
                return "alleged"
            if lemma in REFUSING_GOVERNORS and current.dep_ == "xcomp":
                return "refused"
            if lemma == "fail" and current.dep_ == "xcomp":
                return "failed"
            if lemma in THREATENING_GOVERNORS and current.dep_ == "xcomp":
                return "threat"
            if lemma in NEGATING_GOVERNORS and _governed(current, head) and not aside \
                    or (current.dep_ == "dobj" and _ends(head)):
                return "negated"
            if lemma in APPEAL_GOVERNORS and word.pos_ in ("NOUN", "PROPN") and (
                    current is word and current.dep_ == "dobj"
                    or current.dep_ == "prep" and current.lower_ in ("for", "on") and depth == 1):
                return "requested"  # "called for talks between X and Y": asked for, not held
            if lemma in REQUEST_GOVERNORS and current.dep_ in ("xcomp", "ccomp") and (any(
                    c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in ("on", "upon"))
                    for c in head.children) or has_subject_infinitive(current)):
                return "requested"
            if lemma in SPECULATIVE_GOVERNORS:
                return "speculative"
            if lemma in INTENT_GOVERNORS and current.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep") \
                    and (lemma != "go" or current.dep_ == "xcomp"):  # "is going to visit", not "went on strike"
                intent = True
            if depth == 0 and current.dep_ == "advcl" and is_infinitive(current) and lemma not in CALLING_VERBS \
                    and word.lemma_.lower() not in SELF_FULFILLING_PURPOSES:
                return "purpose"  # "came to sign": maybe not signed; but "called Y to congratulate" congratulated
            if depth == 0 and current.dep_ == "xcomp" and is_infinitive(current) and first_child(head, ("dobj",)) \
                    is not None and lemma not in OBJECT_CONTROL_VERBS | INTENT_GOVERNORS | CALLING_VERBS:
                return "purpose"  # "sent troops to help Y": the help is what the troops were sent for
            if depth == 0 and current.dep_ == "acl" and is_infinitive(current) \
                    and lemma not in COMMITMENT_NOUNS | INTENT_GOVERNORS:
                return "purpose"  # "donated ambulances to help Y": the help is the donation's aim
        if current.dep_ in ("ccomp", "relcl", "advcl", "ROOT") or head.pos_ == "VERB" and current.dep_ == "conj":
            if current.dep_ == "advcl" and _awaits(current, head):
                return "speculative"  # "the region will be at risk after the troops leave": not yet left
            # a reported clause keeps its own modality, and a relative clause states a fact of its own
            # ("ended a trip in Paris, where he had lunch with Y"): only its own auxiliaries count
            if current.dep_ in ("ccomp", "advcl", "relcl"):
                break
        aside = aside or current.dep_ == "prep" and current.lower_ != "of"
        current = head
    return "intent" if intent else "occurred"


def speech_verb(word: Token) -> Token | None:
    """The speech verb whose reported clause ``word`` heads, or is coordinated in ("said that Y must ...
    and [release] ...")."""
    clause = word.head if word.dep_ == "conj" and word.head.pos_ in ("VERB", "AUX") else word
    return clause.head if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_VERBS else None


def alleging_verb(word: Token) -> Token | None:
    """The verb of allegation whose reported clause holds ``word``, if any."""
    current = word
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == "ccomp" and head.lemma_.lower() in ALLEGING_GOVERNORS:
            return head
        current = head
    return None


def _announced_refusal(verb: Token) -> bool:
    """"X will not meet Y", "X said it would not provide aid": a refusal announced for oneself.
    Not under a condition ("would not attack if ...") and not with a generic subject."""
    children = list(verb.children)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
        return False
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS | {"would"} for c in children)


def _withheld_permission(verb: Token) -> bool:
    """"X did not allow Y to land", "did not give permission for the rally": withholding a permission is
    itself a refusal (12x), not a mere absence of the act."""
    lemma = verb.lemma_.lower()
    if lemma in PERMITTING_VERBS:
        return True
    obj = first_child(verb, ("dobj",))
    return lemma in ("give", "grant") and obj is not None and obj.lemma_.lower() in PERMISSION_NOUNS


def _governed(current: Token, governor: Token) -> bool:
    """``current`` is what ``governor`` stops, cancels or denies: a verb's complement or object ("stopped
    attacking", "halted the talks"), a noun's of-phrase or modifier ("the cancellation of the visit"); not
    a phrase on the side ("stopped work [in protest]": the protest goes on)."""
    if governor.pos_ in ("VERB", "AUX", "ADJ"):
        return current.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "nsubjpass", "acomp", "conj")
    return current.dep_ in ("compound", "amod", "nmod") or current.dep_ == "prep" and current.lower_ == "of"


def _awaits(clause: Token, main: Token) -> bool:
    """A clause of time hung on a main clause that is future or supposed: "will be at risk after Y leaves"."""
    timed = any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in clause.children)
    return timed and any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS | SPECULATIVE_MODALS for c in main.children)


def _ends(verb: Token) -> bool:
    """A verb that ends or cancels what its object names: "lifted its boycott", "called off the trip"."""
    lemma = verb.lemma_.lower()
    if lemma in ENDING_VERBS:
        return True
    return lemma in ("call", "put") and any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def _reported(clause: Token) -> bool:
    """A clause reported by a speech verb ("X said/announced (that) ...") with no condition of its own."""
    return (clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_VERBS
            and not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children))
