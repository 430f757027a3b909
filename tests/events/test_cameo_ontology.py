"""The CAMEO ontology: the packaged table, hierarchy queries, load-time checks, PLOVER matching."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dyads.errors import DataFileError
from dyads.events.ontology import (
    COLUMNS,
    PLOVER_CATEGORIES,
    CameoCode,
    Ontology,
    plover_matches,
)

REPO = Path(__file__).resolve().parents[2]
SHARED_PLOVER_TABLE = REPO / ".." / "shared" / "reference" / "cameo2plover.tsv"

HEADER = "\t".join(COLUMNS)
# A small valid table; line numbers below count from 1 and include the comment.
VALID_ROWS = [
    "# a test table",  # line 1
    HEADER,  # line 2
    "03\tExpress intent to cooperate\t4.0\t1\tAGREE\t-\tOffers to cooperate.",  # line 3
    "031\tIntend material cooperation\t5.2\t1\tAGREE\t-\tPractical offers.",  # line 4
    "0311\tIntend economic cooperation\t5.2\t1\tAGREE\t-\tOffers of trade ties.",  # line 5
    "19\tFight\t-10.0\t4\tASSAULT\t-\tMilitary force.",  # line 6
    "195\tEmploy aerial weapons\t-10.0\t4\tASSAULT\theavy-weapons\tAir strikes.",  # line 7
]


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.load()


def write_table(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "cameo.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def with_line(line_number: int, text: str) -> list[str]:
    """VALID_ROWS with one line (1-based) replaced."""
    lines = list(VALID_ROWS)
    lines[line_number - 1] = text
    return lines


# --- the packaged table -----------------------------------------------------------------------


def test_packaged_table_has_all_roots_and_enough_codes(ontology: Ontology) -> None:
    assert [entry.code for entry in ontology.roots()] == [f"{root:02d}" for root in range(1, 21)]
    assert len(ontology) >= 280
    assert len(list(ontology)) == len(ontology)


def test_every_packaged_code_has_its_root_and_parent(ontology: Ontology) -> None:
    for entry in ontology:
        assert entry.root == entry.code[:2]
        assert entry.root in ontology
        if len(entry.code) == 4:
            assert entry.code[:3] in ontology


def test_packaged_known_facts(ontology: Ontology) -> None:
    visit = ontology["042"]
    assert (visit.name, visit.goldstein, visit.quad_class, visit.plover, visit.plover_mode) == (
        "Make a visit", 1.9, 1, "CONSULT", "visit",
    )
    assert (ontology["043"].goldstein, ontology["043"].plover_mode) == (2.8, "host")
    assert ontology["057"].goldstein == 8.0
    assert ontology["111"].goldstein == -2.0
    assert ontology["190"].goldstein == -10.0
    aerial = ontology["195"]
    assert (aerial.goldstein, aerial.quad_class, aerial.plover) == (-10.0, 4, "ASSAULT")


def test_packaged_plover_conventions(ontology: Ontology) -> None:
    assert {entry.plover for entry in ontology if entry.root == "01"} == {""}
    assert {entry.plover for entry in ontology if entry.root == "02"} == {"REQUEST"}
    assert {entry.plover for entry in ontology if entry.root == "08"} == {"CONCEDE", "RETREAT"}
    assert all(entry.plover in PLOVER_CATEGORIES for entry in ontology if entry.root != "01")


def test_packaged_quad_classes_follow_roots(ontology: Ontology) -> None:
    expected = {1: range(1, 6), 2: range(6, 10), 3: range(10, 15), 4: range(15, 21)}
    for quad_class, roots in expected.items():
        for root in roots:
            assert ontology[f"{root:02d}"].quad_class == quad_class


def test_packaged_descriptions_are_single_sentences(ontology: Ontology) -> None:
    for entry in ontology:
        assert entry.description.endswith("."), entry.code
        assert ". " not in entry.description.rstrip("."), entry.code




@pytest.mark.shared
def test_plover_categories_agree_with_shared_reference(ontology: Ontology) -> None:
    if not SHARED_PLOVER_TABLE.is_file():
        pytest.skip(f"shared reference not present: {SHARED_PLOVER_TABLE}")
    checked = 0
    for line in SHARED_PLOVER_TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, category = (cell.strip() for cell in line.split("\t"))
        assert code in ontology, f"{code} is in the shared reference but not in our table"
        assert ontology[code].plover == category, code
        checked += 1
    assert checked > 250


# --- lookup and hierarchy ---------------------------------------------------------------------


def test_lookup_of_unknown_codes(ontology: Ontology) -> None:
    with pytest.raises(KeyError, match="0999"):
        ontology["0999"]
    assert ontology.get("0999") is None
    assert ontology.get("042") is ontology["042"]
    assert "042" in ontology
    assert 42 not in ontology
    assert "0999" not in ontology


def test_iteration_is_in_code_order(ontology: Ontology) -> None:
    codes = [entry.code for entry in ontology]
    assert codes == sorted(codes)
    assert codes[:3] == ["01", "010", "011"]
    assert codes.index("03") < codes.index("031") < codes.index("0311") < codes.index("032")


def test_root_of(ontology: Ontology) -> None:
    assert ontology.root_of("0311") == "03"
    assert ontology.root_of("19") == "19"
    assert ontology.root_of("1834") == "18"  # well formed though not in the table
    for bad in ("3", "03111", "0a1", "21", "00"):
        with pytest.raises(ValueError):
            ontology.root_of(bad)


@pytest.mark.parametrize(
    ("code", "other", "expected"),
    [
        ("0311", "031", True),
        ("0311", "03", True),
        ("031", "03", True),
        ("031", "030", True),
        ("0311", "030", True),
        ("030", "03", False),
        ("03", "031", False),
        ("031", "031", False),
        ("031", "032", False),
        ("042", "03", False),
    ],
)
def test_is_more_specific(ontology: Ontology, code: str, other: str, expected: bool) -> None:
    assert ontology.is_more_specific(code, other) is expected


def test_children(ontology: Ontology) -> None:
    children_of_root = [entry.code for entry in ontology.children("03")]
    assert children_of_root == [f"03{digit}" for digit in range(10)]
    assert [entry.code for entry in ontology.children("031")] == ["0311", "0312", "0313", "0314"]
    assert ontology.children("0311") == ()
    with pytest.raises(KeyError):
        ontology.children("0999")


def test_ontology_and_codes_are_immutable(ontology: Ontology) -> None:
    with pytest.raises(AttributeError):
        ontology.source = "elsewhere"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ontology["042"].goldstein = 0.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        ontology._codes["042"] = ontology["043"]  # type: ignore[index]


# --- validation on load -----------------------------------------------------------------------


def test_small_valid_table_loads(tmp_path: Path) -> None:
    loaded = Ontology.load(write_table(tmp_path, VALID_ROWS))
    assert [entry.code for entry in loaded] == ["03", "031", "0311", "19", "195"]
    assert loaded["195"] == CameoCode(
        "195", "Employ aerial weapons", "19", -10.0, 4, "ASSAULT", "heavy-weapons", "Air strikes."
    )
    assert loaded["03"].plover_mode == ""


@pytest.mark.parametrize(
    ("line_number", "text", "problem"),
    [
        (4, "031\tX\t5.2\t1\tAGREE\tOffers.", "expected 7 tab-separated columns"),
        (5, "031\tX\t5.2\t1\tAGREE\t-\tAgain.", "duplicate code 031 (first defined on line 4)"),
        (5, "0a11\tX\t5.2\t1\tAGREE\t-\tLetters.", "code '0a11' must be 2, 3 or 4 digits"),
        (5, "03111\tX\t5.2\t1\tAGREE\t-\tFive digits.", "code '03111' must be 2, 3 or 4 digits"),
        (5, "21\tX\t0.0\t4\tASSAULT\t-\tNo root 21.", "code '21' must be 2, 3 or 4 digits"),
        (5, "0321\tX\t5.2\t1\tAGREE\t-\tNo 032 row.", "add code 032"),
        (5, "041\tX\t1.0\t1\tCONSULT\t-\tNo 04 row.", "add code 04"),
        (5, "0311\tX\tstrong\t1\tAGREE\t-\tA word.", "goldstein 'strong' is not a number"),
        (5, "0311\tX\t10.5\t1\tAGREE\t-\tToo big.", "outside the scale [-10, 10]"),
        (5, "0311\tX\tnan\t1\tAGREE\t-\tNot a number.", "outside the scale [-10, 10]"),
        (5, "0311\tX\t5.2\t5\tAGREE\t-\tNo quad 5.", "quad_class '5' must be 1, 2, 3 or 4"),
        (5, "0311\tX\t5.2\t3\tAGREE\t-\tWrong quad.", "does not match its root 03"),
        (5, "0311\tX\t5.2\t1\tYIELD\t-\tGold name.", "'YIELD' (use CONCEDE or RETREAT"),
        (5, "0311\tX\t5.2\t1\tagree\t-\tLower case.", "unknown PLOVER category 'agree'"),
        (5, "0311\tX\t5.2\t1\t-\tvisit\tMode alone.", "'visit' given without a PLOVER category"),
        (5, "0311\tX\t5.2\t1\tAGREE\tTwo Words\tBad.", "'Two Words' must be a lower-case word"),
        (5, "0311\t\t5.2\t1\tAGREE\t-\tNo name.", "name and description must not be empty"),
        (2, "code\tname\tgoldstein\tquad\tplover\tplover_mode\tdescription", "header is"),
    ],
)
def test_bad_rows_name_file_and_line(
    tmp_path: Path, line_number: int, text: str, problem: str
) -> None:
    path = write_table(tmp_path, with_line(line_number, text))
    with pytest.raises(DataFileError) as caught:
        Ontology.load(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line_number
    assert str(caught.value).startswith(f"{path}:{line_number}: ")
    assert problem in caught.value.problem


def test_table_without_header_is_rejected(tmp_path: Path) -> None:
    path = write_table(tmp_path, ["# only comments", ""])
    with pytest.raises(DataFileError, match="no header line"):
        Ontology.load(path)


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.tsv"
    with pytest.raises(DataFileError, match="cannot read the CAMEO table") as caught:
        Ontology.load(path)
    assert caught.value.line is None


def test_non_utf8_bytes_are_reported_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    lines = with_line(5, "0311\tIntend \xe9conomic cooperation\t5.2\t1\tAGREE\t-\tLatin-1 text.")
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8") as caught:
        Ontology.load(path)
    assert caught.value.line == 5


def test_windows_line_endings_and_bom_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.tsv"
    path.write_bytes(("\r\n".join(VALID_ROWS) + "\r\n").encode("utf-8-sig"))
    assert Ontology.load(path)["0311"].description == "Offers of trade ties."


# --- PLOVER matching against gold labels -------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("CONSULT", "CONSULT", True),
        ("CONCEDE", "YIELD", True),
        ("RETREAT", "YIELD", True),
        ("YIELD", "RETREAT", True),
        ("retreat", " yield ", True),
        ("CONCEDE", "RETREAT", False),
        ("ASSAULT", "YIELD", False),
        ("CONSULT", "AGREE", False),
        ("", "", False),
        ("-", "-", False),
        ("", "CONSULT", False),
    ],
)
def test_plover_matches(predicted: str, gold: str, expected: bool) -> None:
    assert plover_matches(predicted, gold) is expected
