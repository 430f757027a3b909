"""The coder's grammar (events/grammar.py): who acts, on whom, and what a slot points at."""

from __future__ import annotations

import pytest

from dyads.events.grammar import direct_object, governing_verb, subject_of

pytestmark = pytest.mark.slow


def _word(doc, text):
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize("text, verb, subject", [
    ("Turkey was attacked by Russia.", "attacked", "Russia"),                      # passive agent
    ("Russia agreed to cooperate.", "cooperate", "Russia"),                         # subject control
    ("Moscow asked Washington to resolve the dispute.", "resolve", "Washington"),   # object control
    ("Japan sent troops to help Iraq.", "help", "Japan"),                           # no object control
    ("Russia is willing to withdraw its troops.", "withdraw", "Russia"),            # through an adjective
    ("After meeting Sharif, Lavrov spoke to reporters.", "meeting", "Lavrov"),      # temporal gerund
    ("The UN reaffirmed its commitment to support Lebanon.", "support", "UN"),      # commitment noun
    # a main verb the parse hangs on the subject as a modifier
    ("A delegation of the ruling party here on Thursday called on the governor.", "called", "delegation"),
    ("A Kenyan parliamentary report called for sanctions against Sudan.", "called", "report"),
    ("Kenya's Prime Minister Ruto, called Ethiopia's Prime Minister Abiy on Friday.", "called", "Ruto"),
    # an active participle on a subject acts for it
    ("The coalition fighting the rebels has declared a truce.", "fighting", "coalition"),
    # an acronym subject the parse takes for a modifier of the verb
    ("In cooperation with local partners, USAID provided tents to families in Haiti.", "provided", "USAID"),
])
def test_subject_of(nlp, text, verb, subject):
    doc = nlp(text)
    assert subject_of(_word(doc, verb)).text == subject


def test_the_object_of_a_passive_is_its_subject(nlp):
    doc = nlp("The prisoners were released by Israel.")
    assert direct_object(_word(doc, "released")).text == "prisoners"


def test_the_verb_a_noun_hangs_from_is_found_through_prepositions(nlp):
    doc = nlp("The dockworkers went on strike.")
    assert governing_verb(_word(doc, "strike")).lemma_ == "go"
    doc = nlp("Jordan and Egypt began a new round of joint exercises.")  # through a noun that counts
    assert governing_verb(_word(doc, "exercises")).lemma_ == "begin"
    # a preposition tagged as a verb ("following") is passed, not taken for the governing verb
    doc = nlp("The Kenyan army team developed the course following an invitation from the Nigerian government.")
    assert governing_verb(_word(doc, "invitation")).lemma_ == "develop"


def test_a_phrasal_preposition_leads_to_what_follows_it(nlp):
    from dyads.events.grammar import counted
    doc = nlp("The UN imposed sanctions in relation to Iraq.")
    assert counted(_word(doc, "relation")).text == "Iraq"


@pytest.mark.parametrize("text, noun, subject", [
    ("Russia renewed its demand that Ukraine withdraw its troops.", "demand", "Ukraine"),
    ("Egypt gave approval for Sudan to use the airport.", "approval", "Sudan"),
])
def test_xsubj_of_a_noun_is_the_subject_of_its_clause(nlp, text, noun, subject):
    from dyads.events.grammar import slot_tokens
    from dyads.events.patterns import Slot
    doc = nlp(text)
    assert [t.text for t in slot_tokens(_word(doc, noun), Slot("xsubj"), "noun")] == [subject]


def test_govsubj_is_the_subject_of_any_verb_a_noun_hangs_from(nlp):
    from dyads.events.grammar import slot_tokens
    from dyads.events.patterns import Slot
    doc = nlp("Obama faces pressure from Congress.")
    assert [t.text for t in slot_tokens(_word(doc, "pressure"), Slot("govsubj"), "noun")] == ["Obama"]


def test_a_noun_s_preposition_may_hang_on_its_light_verb(nlp):
    from dyads.events.grammar import slot_tokens
    from dyads.events.patterns import Slot
    doc = nlp("Russia launched cyber attacks on Ukraine.")
    assert [t.text for t in slot_tokens(_word(doc, "attacks"), Slot("on"), "noun")] == ["Ukraine"]


def test_xobj_of_an_intransitive_infinitive_is_its_prepositional_object(nlp):
    from dyads.events.grammar import slot_tokens
    from dyads.events.patterns import Slot
    doc = nlp("The embassy refused to respond to a request from Malta.")
    assert [t.text for t in slot_tokens(_word(doc, "refused"), Slot("xobj"), "verb")] == ["request"]
