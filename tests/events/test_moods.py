"""How a clause asserts its event (events/moods.py), on sentences the tests write."""

from __future__ import annotations

import pytest

from dyads.events.moods import modality

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text, word, mood", [
    ("Russia attacked Ukraine.", "attacked", "occurred"),
    ("Russia did not attack Ukraine.", "attack", "negated"),
    ("Russia will not attend the summit.", "attend", "refused"),
    ("Russia might attack Ukraine.", "attack", "speculative"),
    ("Russia will attack Ukraine.", "attack", "intent"),
    ("Russia pledged to help Syria.", "help", "intent"),
    ("Russia refused to meet Ukraine.", "meet", "refused"),
    ("Russia threatened to attack Ukraine.", "attack", "threat"),
    ("Russia asked Turkey to close the straits.", "close", "requested"),
    ("Russia failed to reach a deal with Ukraine.", "reach", "failed"),
    ("Ukraine claimed that Russia attacked Kharkiv.", "attacked", "alleged"),
    ("France said that Israel must withdraw.", "withdraw", "urged"),
    ("Lavrov came to Islamabad to sign the accord.", "sign", "purpose"),
    ("Egypt called for talks with Sudan.", "talks", "requested"),
    ("If Russia attacks Ukraine, the West will respond.", "attacks", "speculative"),
    ("Israel announced it would free the prisoners.", "free", "intent"),
    # an obligation reported on the first of two coordinated verbs is urged on both
    ("France said that Israel must withdraw and release the prisoners.", "release", "urged"),
    # a protest is what a strike for it already does
    ("The miners began a hunger strike to protest against the company.", "protest", "occurred"),
    ("The miners came to Lima to negotiate with the company.", "negotiate", "purpose"),
    # a clause of time under a future main clause has not happened yet; under a past one it has
    ("The region will be at risk after the troops leave Afghanistan.", "leave", "speculative"),
    ("The region was at risk after the troops left Afghanistan.", "left", "occurred"),
    # withholding a permission is a refusal; other acts not done are only negated
    ("Russia did not allow the Polish airliner to land.", "allow", "refused"),
    ("Kenya did not give permission for the rally.", "give", "refused"),
    ("Kenya did not give money to the rally.", "give", "negated"),
    # stopping negates what is stopped and its of-phrase, not a phrase beside it
    ("Kenyan workers stopped work in protest against the company.", "protest", "occurred"),
    ("Israel stopped the shipment of aid to Gaza.", "aid", "negated"),
    # a relative clause states a fact of its own under a governor that ends something
    ("Putin ended a trip to Paris, where he had lunch with Macron.", "lunch", "occurred"),
])
def test_mood_of_the_event_word(nlp, text, word, mood):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert modality(token) == mood


def test_an_until_clause_is_not_yet(nlp):
    doc = nlp("The union will strike until the government meets its demands.")
    assert modality(next(t for t in doc if t.text == "meets")) == "speculative"
