"""The pattern dictionary: the packaged file loads and validates; bad files name file:line."""

from pathlib import Path

import pytest

from dyads.errors import DataFileError
from dyads.events.ontology import Ontology
from dyads.events.patterns import PatternBook

HEADER = "kind\tlemma\twhen\tsource\ttarget\tcode\tcomment\n"
INTENTS = "code\tintent\tcomment\n04\t036\tmeet\n"


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def _write(tmp_path: Path, body: str, intents: str = INTENTS) -> tuple[Path, Path]:
    patterns = tmp_path / "patterns.tsv"
    patterns.write_text("# test patterns\n" + HEADER + body, encoding="utf-8")
    intent_file = tmp_path / "intents.tsv"
    intent_file.write_text(intents, encoding="utf-8")
    return patterns, intent_file


def test_packaged_patterns_load_with_known_codes(ontology):
    book = PatternBook.load(known_codes=[entry.code for entry in ontology])
    assert len(book) > 150
    visit = book.candidates("verb", "visit")
    assert visit and visit[0].code == "042"
    sign = book.candidates("verb", "sign")
    assert sign[0].condition("obj") and "agreement" in sign[0].condition("obj")


def test_every_root_of_the_ontology_has_a_pattern(ontology):
    book = PatternBook.load(known_codes=[entry.code for entry in ontology])
    roots = {pattern.code[:2] for pattern in book if pattern.code != "-"}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_conditioned_patterns_come_first(tmp_path):
    patterns, intents = _write(tmp_path, "verb\toffer\t-\tsubj\tiobj\t030\tplain\n"
                                         "verb\toffer\tobj=aid\tsubj\tiobj\t0331\taid\n")
    book = PatternBook.load(patterns, intents)
    assert [p.code for p in book.candidates("verb", "offer")] == ["0331", "030"]


def test_intent_lookup_falls_back_to_parent_and_root(tmp_path):
    patterns, intents = _write(tmp_path, "verb\tmeet\t-\tsubj\tobj\t040\tmeet\n",
                               "code\tintent\tcomment\n04\t036\tmeet\n11\t-\tnot coded\n")
    book = PatternBook.load(patterns, intents)
    assert book.intent_code("042") == "036"
    assert book.intent_code("111") is None
    assert book.intent_code("190") is None


def test_slots_parse_via_object_and_deep(tmp_path):
    patterns, intents = _write(tmp_path, "verb\tsign\tobj=deal\tsubj\tobj.with|obj+\t057\tsign\n")
    pattern = PatternBook.load(patterns, intents).candidates("verb", "sign")[0]
    assert [str(slot) for slot in pattern.target] == ["obj.with", "obj+"]
    assert pattern.target[0].via_obj and pattern.target[1].deep


def test_slots_parse_inside_a_prepositional_phrase(tmp_path):
    patterns, intents = _write(tmp_path, "verb\tcall\t-\tsubj\tfor.against|for+\t020\tcall for\n")
    slot = PatternBook.load(patterns, intents).candidates("verb", "call")[0].target[0]
    assert (str(slot), slot.via_prep, slot.name, slot.via_obj) == ("for.against", "for", "against", False)


@pytest.mark.parametrize("row, message", [
    ("verb\tvisit\t-\tsubj\tobj\t042\n", "expected 7"),
    ("verb\tvisit\t-\tsubj\tsomewhere\t042\tbad slot\n", "unknown slot"),
    ("verb\tvisit\t-\tsubj\tsomewhere.to\t042\tbad via\n", "before the dot"),
    ("adverb\tvisit\t-\tsubj\tobj\t042\tbad kind\n", "kind must be"),
    ("verb\tvisit\t-\tsubj\tobj\t999\tbad code\n", "unknown CAMEO code"),
    ("verb\tvisit\tobject=x\tsubj\tobj\t042\tbad condition\n", "bad condition"),
    ("verb\tmake visit\t-\tsubj\tobj\t042\ttwo words\n", "one word"),
    # an idiom row (no event) needs a condition and no slots
    ("verb\tstrike\t-\t-\t-\t-\tidiom without condition\n", "needs a condition"),
    ("verb\tstrike\tobj=balance\tsubj\tobj\t-\tidiom with slots\n", "has no slots"),
])
def test_bad_rows_name_file_and_line(tmp_path, ontology, row, message):
    patterns, intents = _write(tmp_path, "verb\tmeet\t-\tsubj\tobj\t040\tok\n" + row)
    with pytest.raises(DataFileError) as caught:
        PatternBook.load(patterns, intents, known_codes=[entry.code for entry in ontology])
    assert f"{patterns}:4" in str(caught.value)
    assert message in str(caught.value)


def test_duplicate_pattern_is_reported(tmp_path):
    row = "verb\tmeet\t-\tsubj\tobj\t040\tok\n"
    patterns, intents = _write(tmp_path, row + row)
    with pytest.raises(DataFileError, match="same pattern as line 3"):
        PatternBook.load(patterns, intents)


def test_unknown_intent_code_is_reported(tmp_path, ontology):
    patterns, intents = _write(tmp_path, "verb\tmeet\t-\tsubj\tobj\t040\tok\n",
                               "code\tintent\tcomment\n04\t0999\tbad\n")
    with pytest.raises(DataFileError, match="intents.tsv:2"):
        PatternBook.load(patterns, intents, known_codes=[entry.code for entry in ontology])


def test_an_idiom_row_is_loaded_before_the_rows_it_silences(tmp_path, ontology):
    patterns, intents = _write(tmp_path, "verb\tstrike\t-\tsubj\tobj\t190\tforce\n"
                                         "verb\tstrike\tobj=balance\t-\t-\t-\tidiom\n")
    book = PatternBook.load(patterns, intents, known_codes=[entry.code for entry in ontology])
    assert [pattern.code for pattern in book.candidates("verb", "strike")] == ["-", "190"]
