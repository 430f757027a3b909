"""De-duplication of passages within and across documents, and the forum thread end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyads.clean import Cleaner
from dyads.dedupe import Deduplicator, MemoryPassageIndex, normalise, sentence_fingerprints, split_sentences
from dyads.errors import SettingsError
from dyads.model import CleanDocument, Passage

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

VISIT = ("The president of Ghana arrived in Abuja on Monday for a two-day state visit. "
         "He was received at the airport by the vice president and several ministers. "
         "Talks are expected to focus on trade, security and the regional power grid.")
TREATY = ("Both governments signed a treaty on cross-border electricity trade on Tuesday. "
          "The treaty sets a common tariff for power sold between the two grids.")
REACTION = "Business groups in Lagos welcomed the agreement and called for faster approvals."


def document(doc_id: str, *passages: str | Passage) -> CleanDocument:
    return CleanDocument(doc_id=doc_id, passages=tuple(
        passage if isinstance(passage, Passage) else Passage(passage) for passage in passages))


def texts(document: CleanDocument) -> list[str]:
    return [passage.text for passage in document.passages]


# --- fingerprints ------------------------------------------------------------------------

def test_fingerprints_are_16_hex_per_sentence_of_four_words_or_more():
    fingerprints = sentence_fingerprints("Ghana and Nigeria met. Good. They agreed on a common tariff!")
    assert len(fingerprints) == 2
    assert all(re.fullmatch(r"[0-9a-f]{16}", fingerprint) for fingerprint in fingerprints)


def test_fingerprints_ignore_case_punctuation_spacing_and_apostrophes():
    assert sentence_fingerprints("Ghanas  president, in Abuja, spoke.") == \
        sentence_fingerprints("GHANA'S PRESIDENT IN ABUJA SPOKE!")
    assert sentence_fingerprints("Ghana's president spoke in Abuja.") != \
        sentence_fingerprints("Ghana's president spoke in Accra.")


def test_abbreviations_and_initials_do_not_end_sentences():
    assert split_sentences("Gen. Kayani met Mr. J. Smith of the U.S. Army in May. Talks went well.") == [
        "Gen. Kayani met Mr. J. Smith of the U.S. Army in May.", "Talks went well."]


def test_normalise_keeps_letters_and_digits_only():
    assert normalise("  Ghana's 2nd-largest city, Kumasi!  ") == "ghanas 2nd largest city kumasi"


# --- within one document -----------------------------------------------------------------

def test_repeated_passages_and_headlines_in_a_document_are_dropped():
    headline = Passage("Ghana and Nigeria sign power treaty", is_headline=True)
    result, fingerprints = Deduplicator(MemoryPassageIndex()).dedupe(
        document("d1", headline, VISIT, TREATY, headline, VISIT, TREATY, REACTION))
    assert result.passages == (headline, Passage(VISIT), Passage(TREATY), Passage(REACTION))
    assert result.duplicate_passages == 3
    expected = dict.fromkeys(fp for passage in result.passages for fp in sentence_fingerprints(passage.text))
    assert fingerprints == tuple(expected)


def test_truncated_repeat_of_an_earlier_paragraph_is_dropped():
    tail = "...on Monday for a two-day state visit. " + VISIT.split(". ", 1)[1]
    result, _ = Deduplicator(MemoryPassageIndex()).dedupe(document("d1", VISIT, TREATY, tail, REACTION))
    assert texts(result) == [VISIT, TREATY, REACTION]


def test_truncated_single_fragment_is_dropped_when_it_is_part_of_an_earlier_sentence():
    fragment = "received at the airport by the vice president and several ministers"
    result, _ = Deduplicator(MemoryPassageIndex()).dedupe(document("d1", VISIT, fragment))
    assert texts(result) == [VISIT]


def test_new_paragraph_that_starts_lower_case_is_kept():
    fresh = "and then the delegations toured a solar farm outside Kano. They praised the engineers."
    result, _ = Deduplicator(MemoryPassageIndex()).dedupe(document("d1", VISIT, fresh))
    assert texts(result) == [VISIT, fresh]


def test_short_passages_are_kept_unless_repeated_exactly():
    result, _ = Deduplicator(MemoryPassageIndex()).dedupe(
        document("d1", "Updated.", VISIT, "Updated!", "Read on.", REACTION))
    assert texts(result) == ["Updated.", VISIT, "Read on.", REACTION]


def test_threshold_decides_partly_repeated_passages():
    four = ("Ghana and Nigeria met in Abuja. They signed a power treaty. "
            "They agreed to meet again in Accra. They issued a joint statement.")
    mostly = ("Ghana and Nigeria met in Abuja. They signed a power treaty. "
              "They agreed to meet again in Accra. Observers from Benin attended the signing.")
    strict, _ = Deduplicator(MemoryPassageIndex(), threshold=0.8).dedupe(document("d1", four, mostly))
    loose, _ = Deduplicator(MemoryPassageIndex(), threshold=0.7).dedupe(document("d1", four, mostly))
    assert texts(strict) == [four, mostly]
    assert texts(loose) == [four]


def test_threshold_must_be_a_share():
    with pytest.raises(SettingsError):
        Deduplicator(MemoryPassageIndex(), threshold=0.0)
    with pytest.raises(SettingsError):
        Deduplicator(MemoryPassageIndex(), threshold=1.5)


# --- across documents ------------------------------------------------------------------------

def test_passages_owned_by_another_document_are_dropped():
    index = MemoryPassageIndex()
    deduplicator = Deduplicator(index)
    first, first_fingerprints = deduplicator.dedupe(document("a", VISIT, TREATY))
    index.add(first_fingerprints, "a")
    second, second_fingerprints = deduplicator.dedupe(document("b", TREATY, REACTION))
    assert texts(second) == [REACTION]
    assert second.duplicate_passages == 1
    assert second_fingerprints == sentence_fingerprints(REACTION)


def test_recoding_the_same_document_is_not_blocked_by_its_own_fingerprints():
    index = MemoryPassageIndex()
    deduplicator = Deduplicator(index)
    original = document("a", VISIT, TREATY, VISIT)
    first, fingerprints = deduplicator.dedupe(original)
    index.add(fingerprints, "a")
    again, again_fingerprints = deduplicator.dedupe(original)
    assert texts(again) == [VISIT, TREATY]
    assert again_fingerprints == fingerprints


def test_kept_passage_returns_only_fingerprints_no_other_document_owns():
    index = MemoryPassageIndex()
    index.add(sentence_fingerprints(TREATY)[:1], "a")
    result, fingerprints = Deduplicator(index).dedupe(document("b", TREATY))
    assert texts(result) == [TREATY]  # one of two sentences seen: below the threshold
    assert fingerprints == sentence_fingerprints(TREATY)[1:]


def test_memory_index_keeps_the_first_owner():
    index = MemoryPassageIndex()
    index.add(["f1", "f2"], "a")
    index.add(["f2", "f3"], "b")
    assert index.owners(["f1", "f2", "f3", "f4"]) == {"f1": "a", "f2": "a", "f3": "b"}
    assert len(index) == 3


# --- the motivating input ------------------------------------------------------------------------

@pytest.mark.shared
def test_forum_thread_is_cleaned_and_its_second_copy_dropped():
    path = SHARED / "corpus" / "pak-russia-forum-thread.txt"
    if not path.is_file():
        pytest.skip(f"shared corpus not found at {path}")
    from dyads.readers import read_paths

    (raw,) = read_paths([path])
    cleaned = Cleaner(["Russia", "Pakistan", "Kayani", "Putin", "NATO", "Afghanistan"]).clean(raw)
    result, fingerprints = Deduplicator(MemoryPassageIndex()).dedupe(cleaned)
    kept = texts(result)
    assert cleaned.dropped_lines >= 8
    card_line = re.compile(r"^(?:- .*|[A-Z ]+MEMBER|\S+)$")
    assert not any(card_line.match(text) for text in texts(cleaned))
    body = " ".join(kept)
    assert "Russia's" in body and "Kayani's" in body
    assert "Russia.Any" not in body
    distinct = {normalise(text) for text in texts(cleaned)}
    assert len(kept) == len(distinct) == len({normalise(text) for text in kept})
    assert 0.4 <= len(kept) / len(cleaned.passages) <= 0.6
    assert result.duplicate_passages == len(cleaned.passages) - len(kept)
    assert any(passage.is_headline for passage in result.passages)
    assert fingerprints
