"""The phrase matcher: its case rule and the people it will not take for someone else.

Dictionaries and sentences are the tests' own (people are made up); the Docs are built by
hand on a blank pipeline, with the named entities a parser would give, so no model loads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from dyads.actors.kb import KnowledgeBase
from dyads.actors.matcher import KBMatcher

COUNTRIES = ("iso3\tname\tnames\tdemonyms\tdemonym_plurals\tadjectives\tcapitals\tmetonyms\tnote\n"
             "USA\tUnited States\tUnited States|US\tAmerican\tAmericans\t\tWashington\t\t\n"
             "GBR\tUnited Kingdom\tUnited Kingdom|Britain\tBritish\tBritons\t\tLondon\t\t\n")
ORGANISATIONS = ("code\tnames\tcountry\tkind\tmatch\tnote\n"
                 "IGONAT\tNorth Atlantic Treaty Organization|NATO|Nato\t\tigo\tany\t\n")
PEOPLE = ("person_id\tnames\tcode\tfrom\tuntil\tnote\n"
          "mara_testvale\tMara Testvale|Marianne Testvale|Testvale\tUSAGOV\t2020\t\tmade up\n"
          "olek_brandwick\tOlek Brandwick|Brandwick\tGBRGOV\t2019\t\tmade up\n")
AGENTS = ("phrase\tsector\tkind\tmatch\tnote\n"
          "president\tGOV\ttitle\tany\t\n")


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def matcher(tmp_path_factory, nlp) -> KBMatcher:
    folder: Path = tmp_path_factory.mktemp("actors")
    for name, text in (("countries", COUNTRIES), ("organisations", ORGANISATIONS), ("people", PEOPLE),
                       ("agents", AGENTS)):
        (folder / f"{name}.tsv").write_text(f"# {name} for the matcher tests\n{text}", encoding="utf-8")
    return KBMatcher(KnowledgeBase.load(folder), nlp)


def parsed(nlp, words: list[str], ents: list[str]) -> Doc:
    """A Doc with the given words and IOB entity tags ("B-PERSON", "I-PERSON", "O")."""
    return Doc(nlp.vocab, words=words, ents=ents)


def found(matcher: KBMatcher, doc: Doc) -> list[tuple[str, set[str]]]:
    return [(doc[m.start:m.end].text, {e.code for e in m.entries}) for m in matcher.matches(doc)]


def test_an_acronym_and_its_mixed_case_spelling_from_one_row_both_match(matcher, nlp):
    doc = parsed(nlp, ["Nato", "and", "NATO", "met", ",", "nato", "did", "not"], ["O"] * 8)
    assert found(matcher, doc) == [("Nato", {"IGONAT"}), ("NATO", {"IGONAT"})]


@pytest.mark.parametrize("words, ents, expected", [
    # another given name before a known surname is another person
    (["Dan", "Testvale", "spoke"], ["B-PERSON", "I-PERSON", "O"], []),
    (["J.", "Testvale", "spoke"], ["B-PERSON", "I-PERSON", "O"], []),
    (["Anna", "Brandwick", "and", "Testvale", "spoke"], ["B-PERSON", "I-PERSON", "O", "B-PERSON", "O"],
     [("Testvale", {"mara_testvale"})]),
    # the surname alone, the full or a listed name, an initial or a spelling variant of theirs may
    (["Testvale", "spoke"], ["B-PERSON", "O"], [("Testvale", {"mara_testvale"})]),
    (["Mara", "Testvale", "spoke"], ["B-PERSON", "I-PERSON", "O"], [("Mara Testvale", {"mara_testvale"})]),
    (["M.", "Testvale", "spoke"], ["B-PERSON", "I-PERSON", "O"], [("Testvale", {"mara_testvale"})]),
    (["Marianna", "Testvale", "spoke"], ["B-PERSON", "I-PERSON", "O"], [("Testvale", {"mara_testvale"})]),
    (["Mr", "Brandwick", "spoke"], ["B-PERSON", "I-PERSON", "O"], [("Brandwick", {"olek_brandwick"})]),
    # a word outside the person's entity is no given name of theirs
    (["Britain", "Brandwick", "spoke"], ["B-GPE", "B-PERSON", "O"],
     [("Britain", {"GBR"}), ("Brandwick", {"olek_brandwick"})]),
])
def test_a_different_given_name_before_a_known_surname_is_someone_else(matcher, nlp, words, ents, expected):
    assert found(matcher, parsed(nlp, words, ents)) == expected


@pytest.mark.parametrize("words, expected", [
    # a capital inside a word that starts lower-case is garbled case, not another word
    (["They", "help", "bRitain"], [("bRitain", {"GBR"})]),
    # a one-word name in lower case right after a capitalised title is still the name
    (["President", "testvale", "spoke"], [("President", {"GOV"}), ("testvale", {"mara_testvale"})]),
    # ... but lower case alone is an ordinary word, and so is a lower-case title before it
    (["They", "help", "britain"], []),
    (["testvale", "spoke"], []),
    (["the", "president", "testvale"], [("president", {"GOV"})]),
])
def test_names_written_in_the_wrong_case_match_only_where_the_case_is_plainly_a_slip(matcher, nlp, words, expected):
    assert found(matcher, parsed(nlp, words, ["O"] * len(words))) == expected
