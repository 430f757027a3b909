"""The actor knowledge base: the packaged dictionaries, the loader's API and its validation."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest

from dyads.actors.kb import KBEntry, KnowledgeBase, Person, Role
from dyads.errors import DataFileError

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

COUNTRIES_HEADER = "iso3\tname\tnames\tdemonyms\tdemonym_plurals\tadjectives\tcapitals\tmetonyms\tnote"
ORGS_HEADER = "code\tnames\tcountry\tkind\tmatch\tnote"
GROUPS_HEADER = "code\tnames\tcountry\tmatch\tnote"
AGENTS_HEADER = "phrase\tsector\tkind\tmatch\tnote"
PEOPLE_HEADER = "person_id\tnames\tcode\tfrom\tuntil\tnote"

COUNTRY_ROWS = [
    "RUS\tRussia\tRussia|Russian Federation\tRussian\tRussians\tRusso\tMoscow\tthe Kremlin=RUSGOV\t",
    "PAK\tPakistan\tPakistan\tPakistani\tPakistanis\tPak\tIslamabad\tGHQ=PAKMIL\t",
    "AFG\tAfghanistan\tAfghanistan\tAfghan\tAfghans\t\tKabul\t\t",
    "USA\tUnited States\tUnited States|US\tAmerican\tAmericans\t\tWashington\t\t",
]


def write(path: Path, header: str, rows: list[str], comment: str = "# test file") -> Path:
    path.write_text("\n".join([comment, header, *rows]) + "\n", encoding="utf-8")
    return path


def data_dir(tmp_path: Path, **files: tuple[str, list[str]]) -> Path:
    """A dictionary folder with a small countries.tsv plus the given files."""
    folder = tmp_path / "actors"
    folder.mkdir()
    write(folder / "countries.tsv", COUNTRIES_HEADER, COUNTRY_ROWS)
    for name, (header, rows) in files.items():
        write(folder / f"{name}.tsv", header, rows)
    return folder


def codes(kb: KnowledgeBase, phrase: str) -> set[tuple[str, str]]:
    return {(entry.kind, entry.code) for entry in kb.lookup(phrase)}


# --- the packaged dictionaries ------------------------------------------------------------



def test_packaged_countries_cover_un_members_and_territories(packaged):
    assert len(packaged.countries) >= 193 + 2
    for code in ("PAK", "RUS", "USA", "KSV", "TWN", "PSE", "HKG", "MAC", "ESH", "PRI", "GRL", "VAT"):
        assert code in packaged.countries, code
    assert "XKX" not in packaged.countries  # Kosovo has the CAMEO code
    assert packaged.country("MMR").name == "Myanmar" and "Burma" in packaged.country("MMR").names


def test_pakistan_has_demonym_plural_and_capital(packaged):
    pakistan = {(entry.phrase, entry.kind) for entry in packaged.entries() if entry.code == "PAK"}
    assert {("Pakistan", "state"), ("Pakistani", "demonym"), ("Pakistanis", "demonym_plural"),
            ("Islamabad", "capital"), ("Pak", "adjective")} <= pakistan


def test_metonyms_and_capitals(packaged):
    assert codes(packaged, "the Kremlin") == {("metonym", "RUSGOV")}
    assert codes(packaged, "Moscow") == {("capital", "RUS")}
    assert codes(packaged, "White House") == {("metonym", "USAGOV")}
    assert codes(packaged, "Pentagon") == {("metonym", "USAMIL")}


def test_state_bodies_and_igos(packaged):
    assert codes(packaged, "CIA") == {("org", "USASPY")}
    assert codes(packaged, "ISI") == {("org", "PAKSPY")}
    assert codes(packaged, "Mossad") == {("org", "ISRSPY")}
    for code in ("IGONAT", "IGOUNO", "IGOSCO"):
        assert code in packaged.organisations, code
    assert codes(packaged, "NATO") == {("org", "IGONAT")}
    assert len(packaged.lookup("Nato")) == 1  # "NATO|Nato" is one entry, matched in any case
    assert packaged.organisations["IGOUNO"][0].name == "United Nations"


def test_acronyms_that_are_words_match_only_in_capitals(packaged):
    assert codes(packaged, "RAW") == {("org", "INDSPY")}
    assert packaged.lookup("raw") == ()
    assert codes(packaged, "US") == {("state", "USA")}
    assert packaged.lookup("us") == ()
    assert codes(packaged, "IS") == {("group", "IMGMUSISI")}
    assert packaged.lookup("is") == ()
    assert codes(packaged, "pakistan") == {("state", "PAK")}


def test_agents_titles_and_groups(packaged):
    (minister,) = packaged.lookup("foreign minister")
    assert (minister.kind, minister.code, minister.sector_kind) == ("agent", "GOV", "title")
    for phrase in ("COAS", "Chief of Army Staff", "army chief", "military chief"):
        assert {entry.code for entry in packaged.lookup(phrase)} == {"MIL"}, phrase
    assert packaged.lookup("defence minister")[0].code == "GOV"
    (militants,) = packaged.lookup("militants")
    assert (militants.kind, militants.sector_kind) == ("agent", "group")


def test_groups(packaged):
    assert codes(packaged, "Taliban") == {("group", "AFGREB")}
    assert codes(packaged, "TTP") == {("group", "PAKREB")}
    assert codes(packaged, "Hamas") == {("group", "PSEREBHMS")}
    assert len(packaged.groups["PAKREB"]) > 1


def test_possessable_names(packaged):
    names = packaged.possessable_names()
    assert {"Russia", "Pakistan", "Moscow", "NATO"} <= names
    assert not {"Afghans", "Pakistani", "Taliban", "militants"} & names


def test_entries_are_consistent(packaged):
    kinds = {"state", "capital", "region", "metonym", "demonym", "demonym_plural", "adjective", "org",
             "group", "agent", "person"}
    for entry in packaged.entries():
        assert isinstance(entry, KBEntry)
        assert entry.phrase == " ".join(entry.phrase.split()) and entry.phrase
        assert entry.kind in kinds
        assert re.fullmatch(r"[a-z0-9_]+\.tsv:\d+", entry.origin), entry.origin
        assert bool(entry.sector_kind) == (entry.kind == "agent")


# --- people and roles ------------------------------------------------------------------

def test_person_code_changes_with_the_date(tmp_path):
    people = [
        "ashfaq_kayani\tAshfaq Parvez Kayani|Kayani\tPAKSPY\t2004-10\t2007-10-07\tISI",
        "ashfaq_kayani\t\tPAKMIL\t2007-11-29\t2013-11-29\tarmy chief",
    ]
    kb = KnowledgeBase.load(data_dir(tmp_path, people_test=(PEOPLE_HEADER, people)))
    kayani = kb.person("ashfaq_kayani")
    assert kayani.name == "Ashfaq Parvez Kayani"
    assert kayani.code_on(dt.date(2005, 1, 1)) == "PAKSPY"
    assert kayani.code_on(dt.date(2004, 10, 1)) == "PAKSPY"  # "2004-10" starts on the 1st
    assert kayani.code_on(dt.date(2012, 10, 3)) == "PAKMIL"
    assert kayani.code_on(dt.date(2007, 11, 1)) is None  # between the roles
    assert kayani.code_on(dt.date(2014, 1, 1)) is None
    assert kayani.code_on(None) == "PAKMIL"
    assert kayani.country_hint() == "PAK"
    assert codes(kb, "Kayani") == {("person", "ashfaq_kayani")}
    assert "Kayani" in kb.possessable_names()


def test_partial_end_dates_cover_the_whole_period():
    role = Role("RUSGOV", None, dt.date(2012, 12, 31))
    person = Person("p", "P", ("P",), (role,))
    assert person.code_on(dt.date(2012, 12, 31)) == "RUSGOV"
    assert person.code_on(dt.date(2013, 1, 1)) is None


def test_until_month_ends_on_its_last_day(tmp_path):
    people = ["p1\tSome One\tRUSGOV\t2000\t2012-02\t"]
    kb = KnowledgeBase.load(data_dir(tmp_path, people_x=(PEOPLE_HEADER, people)))
    (role,) = kb.person("p1").roles
    assert (role.start, role.end) == (dt.date(2000, 1, 1), dt.date(2012, 2, 29))


def test_open_role_is_the_most_recent_and_newest_overlap_wins(tmp_path):
    people = [
        "p1\tAnna Example\tRUSGOV\t2004\t\tminister",
        "p1\tAnna Example\tIGOUNO\t2010\t2011\ton loan to the UN",
    ]
    kb = KnowledgeBase.load(data_dir(tmp_path, people_x=(PEOPLE_HEADER, people)))
    person = kb.person("p1")
    assert person.code_on(None) == "RUSGOV"
    assert person.code_on(dt.date(2010, 6, 1)) == "IGOUNO"
    assert person.country_hint() == "RUS"


def test_country_hint_is_empty_without_a_state_role():
    person = Person("p", "P", ("P",), (Role("IGOUNO", None, None),))
    assert person.country_hint() == ""


def test_people_may_share_a_name(tmp_path):
    people = ["john_smith_a\tJohn Smith\tUSAGOV\t2001\t2004\t", "john_smith_b\tJohn Smith\tGBRGOV\t2010\t\t"]
    countries_rows = COUNTRY_ROWS + ["GBR\tUnited Kingdom\tUnited Kingdom\tBritish\t\t\tLondon\t\t"]
    folder = data_dir(tmp_path, people_x=(PEOPLE_HEADER, people))
    write(folder / "countries.tsv", COUNTRIES_HEADER, countries_rows)
    kb = KnowledgeBase.load(folder)
    assert codes(kb, "John Smith") == {("person", "john_smith_a"), ("person", "john_smith_b")}


def test_every_people_file_is_loaded(tmp_path):
    folder = data_dir(tmp_path, people_a=(PEOPLE_HEADER, ["a1\tAlpha Person\tRUSGOV\t2000\t\t"]),
                      people_b=(PEOPLE_HEADER, ["b1\tBeta Person\tPAKMIL\t2000\t\t"]))
    kb = KnowledgeBase.load(folder)
    assert set(kb.persons) == {"a1", "b1"}


def test_people_with_body_codes_nobody_defines_warn(tmp_path, caplog):
    orgs = ["IGOUNO\tUnited Nations\t\tigo\tany\t"]
    people = ["p1\tAnna Example\tIGOUNO\t2000\t\t", "p2\tBen Example\tIGOXYZ\t2000\t\t"]
    folder = data_dir(tmp_path, organisations=(ORGS_HEADER, orgs), people_x=(PEOPLE_HEADER, people))
    with caplog.at_level(logging.WARNING, logger="dyads.actors.kb"):
        KnowledgeBase.load(folder)
    assert "IGOXYZ" in caplog.text and "IGOUNO" not in caplog.text


# --- case rules ----------------------------------------------------------------------------

def test_match_column_and_acronym_rule(tmp_path):
    orgs = ["INDSPY\tResearch and Analysis Wing\tIND\tstate\tany\t", "INDSPY\tRAW\tIND\tstate\texact_case\t"]
    countries_rows = COUNTRY_ROWS + ["IND\tIndia\tIndia\tIndian\tIndians\tIndo\tNew Delhi\t\t"]
    folder = data_dir(tmp_path, organisations=(ORGS_HEADER, orgs))
    write(folder / "countries.tsv", COUNTRIES_HEADER, countries_rows)
    kb = KnowledgeBase.load(folder)
    assert codes(kb, "research and analysis wing") == {("org", "INDSPY")}
    assert codes(kb, "RAW") == {("org", "INDSPY")} and kb.lookup("Raw") == ()
    assert kb.lookup("us") == () and codes(kb, "US") == {("state", "USA")}
    assert kb.organisations["INDSPY"][0].name == "Research and Analysis Wing"


@pytest.mark.parametrize("rows", [
    ["IGONAT\tNorth Atlantic Treaty Organization|NATO|Nato\t\tigo\tany\t"],
    # the older workaround: the capitals in an exact_case row of their own
    ["IGONAT\tNATO\t\tigo\texact_case\t", "IGONAT\tNorth Atlantic Treaty Organization|Nato\t\tigo\tany\t"],
])
def test_an_acronym_and_its_mixed_case_spelling_are_both_kept(tmp_path, rows):
    kb = KnowledgeBase.load(data_dir(tmp_path, organisations=(ORGS_HEADER, rows)))
    spellings = {entry.phrase: entry.matches_as_written for entry in kb.entries() if entry.code == "IGONAT"}
    assert spellings == {"North Atlantic Treaty Organization": False, "NATO": True, "Nato": False}
    assert codes(kb, "NATO") == codes(kb, "Nato") == {("org", "IGONAT")}


def test_short_capitals_match_only_as_written_whatever_the_row_says(tmp_path):
    rows = ["USASPY\tCentral Intelligence Agency|CIA\tUSA\tstate\tany\t"]
    kb = KnowledgeBase.load(data_dir(tmp_path, organisations=(ORGS_HEADER, rows)))
    assert codes(kb, "CIA") == {("org", "USASPY")}
    assert kb.lookup("cia") == () and kb.lookup("Cia") == ()
    assert codes(kb, "central intelligence agency") == {("org", "USASPY")}


def test_lookup_tidies_whitespace(packaged):
    assert codes(packaged, "  the   Kremlin ") == {("metonym", "RUSGOV")}


# --- user dictionaries ---------------------------------------------------------------------

def test_extra_paths_add_entries(tmp_path):
    folder = data_dir(tmp_path)
    extra = write(tmp_path / "my-groups.txt", GROUPS_HEADER, ["AFGREB\tMadeUp Front\tAFG\tany\tours"])
    kb = KnowledgeBase.load(folder, extra_paths=[extra])
    (entry,) = kb.lookup("madeup front")
    assert (entry.kind, entry.code, entry.origin) == ("group", "AFGREB", "my-groups.txt:3")
    assert "MadeUp Front" not in kb.possessable_names()


def test_extra_paths_may_add_countries_for_their_codes(tmp_path):
    extra_countries = write(tmp_path / "more.tsv", COUNTRIES_HEADER, ["NPL\tNepal\tNepal\tNepali\t\t\tKathmandu\t\t"])
    extra_people = write(tmp_path / "mine.tsv", PEOPLE_HEADER, ["n1\tNepal Minister\tNPLGOV\t2020\t\t"])
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[extra_people, extra_countries])
    assert kb.person("n1").code_on(None) == "NPLGOV"


def test_conflicts_across_files_warn(tmp_path, caplog):
    folder = data_dir(tmp_path)
    extra = write(tmp_path / "user.tsv", ORGS_HEADER, ["PAKGOV\tMoscow\tPAK\tstate\tany\t"])
    with caplog.at_level(logging.WARNING, logger="dyads.actors.kb"):
        kb = KnowledgeBase.load(folder, extra_paths=[extra])
    assert codes(kb, "Moscow") == {("capital", "RUS"), ("org", "PAKGOV")}
    assert "'Moscow'" in caplog.text and "user.tsv:3" in caplog.text


# --- validation: every problem names file and line -------------------------------------------

BAD_FILES = {
    "too many columns": ("groups", GROUPS_HEADER, ["PAKREB\tA Group\tPAK\tany\tnote\textra"], 3),
    "too few columns": ("groups", GROUPS_HEADER, ["PAKREB\tA Group"], 3),
    "empty code": ("groups", GROUPS_HEADER, ["PAKREB\tFine Group\tPAK\tany\t", "\tB Group\tPAK\tany\t"], 4),
    "unknown country in a group code": ("groups", GROUPS_HEADER, ["XYZREB\tA Group\t\tany\t"], 3),
    "unknown country column": ("groups", GROUPS_HEADER, ["IMGMUSALQ\tA Group\tXYZ\tany\t"], 3),
    "unknown country in an org code": ("organisations", ORGS_HEADER, ["QQQSPY\tSpies\tQQQ\tstate\tany\t"], 3),
    "state body in another country": ("organisations", ORGS_HEADER, ["PAKSPY\tSpies\tRUS\tstate\tany\t"], 3),
    "bad org kind": ("organisations", ORGS_HEADER, ["IGOABC\tABC\t\tclub\tany\t"], 3),
    "bad match value": ("organisations", ORGS_HEADER, ["IGOABC\tABC\t\tigo\tsometimes\t"], 3),
    "bad code letters": ("organisations", ORGS_HEADER, ["IGO-AB\tABC\t\tigo\tany\t"], 3),
    "unknown sector after a country": ("groups", GROUPS_HEADER, ["PAKXYZ\tA Group\tPAK\tany\t"], 3),
    "unknown sector code": ("agents", AGENTS_HEADER, ["minister\tGOV\ttitle\tany", "wizard\tWIZ\ttitle\tany"], 4),
    "bad agent kind": ("agents", AGENTS_HEADER, ["minister\tGOV\tperson\tany"], 3),
    "conflicting duplicate": ("agents", AGENTS_HEADER, ["army\tMIL\tgroup\tany", "Army\tGOV\tgroup\tany"], 4),
    "unknown country in a person code": ("people", PEOPLE_HEADER, ["p1\tA Person\tXYZGOV\t2000\t\t"], 3),
    "bad date": ("people", PEOPLE_HEADER,
                 ["p1\tA Person\tRUSGOV\t2000\t\t", "p2\tB Person\tRUSGOV\t03/10/2012\t\t"], 4),
    "impossible date": ("people", PEOPLE_HEADER, ["p1\tA Person\tRUSGOV\t2012-02-30\t\t"], 3),
    "until before from": ("people", PEOPLE_HEADER, ["p1\tA Person\tRUSGOV\t2012-10\t2012-09-30\t"], 3),
    "person without names": ("people", PEOPLE_HEADER, ["p1\t\tRUSGOV\t2000\t\t"], 3),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_validation_errors_name_file_and_line(tmp_path, case):
    name, header, rows, line = BAD_FILES[case]
    folder = data_dir(tmp_path, **{name: (header, rows)})
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.load(folder)
    error = caught.value
    assert Path(error.path).name == f"{name}.tsv"
    assert error.line == line
    assert f"{name}.tsv:{line}:" in str(error)


BAD_COUNTRY_ROWS = {
    "bad iso3": "Pk\tPakistan\tPakistan\t\t\t\t\t\t",
    "empty name": "NPL\t\tNepal\t\t\t\t\t\t",
    "metonym of another state": "NPL\tNepal\tNepal\t\t\t\t\tthe Kremlin=RUSGOV\t",
    "metonym without code": "NPL\tNepal\tNepal\t\t\t\t\tSingha Durbar\t",
    "defined twice": "RUS\tRussia\tRussia\t\t\t\t\t\t",
    "phrase of two states": "NPL\tNepal\tNepal\t\t\t\tMoscow\t\t",
}


@pytest.mark.parametrize("case", sorted(BAD_COUNTRY_ROWS))
def test_country_validation_errors_name_file_and_line(tmp_path, case):
    folder = tmp_path / "actors"
    folder.mkdir()
    write(folder / "countries.tsv", COUNTRIES_HEADER, COUNTRY_ROWS + [BAD_COUNTRY_ROWS[case]])
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.load(folder)
    assert caught.value.line == 3 + len(COUNTRY_ROWS)
    assert f"countries.tsv:{caught.value.line}:" in str(caught.value)


def test_unknown_header_is_reported_on_its_line(tmp_path):
    folder = data_dir(tmp_path)
    (folder / "odd.tsv").write_text("# comment\n\ncode\tname\nX\tY\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.load(folder)
    assert (Path(caught.value.path).name, caught.value.line) == ("odd.tsv", 3)
    assert "unknown header" in str(caught.value)


def test_missing_files_are_reported(tmp_path):
    with pytest.raises(DataFileError, match="no such folder"):
        KnowledgeBase.load(tmp_path / "nowhere")
    with pytest.raises(DataFileError, match="cannot read"):
        KnowledgeBase.load(data_dir(tmp_path), extra_paths=[tmp_path / "missing.tsv"])


def test_non_utf8_file_is_reported(tmp_path):
    folder = data_dir(tmp_path)
    (folder / "agents.tsv").write_bytes(("# x\n" + AGENTS_HEADER + "\nCôte\tGOV\tgroup\tany\n").encode("latin-1"))
    with pytest.raises(DataFileError, match="UTF-8"):
        KnowledgeBase.load(folder)


def test_note_column_may_be_left_off(tmp_path):
    kb = KnowledgeBase.load(data_dir(tmp_path, agents=(AGENTS_HEADER, ["troops\tMIL\tgroup\tany"])))
    assert codes(kb, "troops") == {("agent", "MIL")}


def test_records_are_read_only(packaged):
    with pytest.raises(TypeError):
        packaged.countries["XXX"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        packaged.country("PAK").name = "x"  # type: ignore[misc]


# --- against the reference data in ../shared (skipped when it is absent) ------------------------

@pytest.mark.shared
def test_gold_igo_codes_are_ours(packaged):
    path = SHARED / "gold" / "seed.jsonl"
    if not path.exists():
        pytest.skip(f"shared gold not found at {path}")
    gold_codes = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        for event in json.loads(line).get("events", []):
            for key in ("source", "target"):
                values = event.get(key)
                gold_codes.update([values] if isinstance(values, str) else values or [])
    igo = {code for code in gold_codes if code.startswith("IGO")}
    assert igo and igo <= set(packaged.organisations)
    states = {code[:3] for code in gold_codes if code[:3] not in {"IGO", "NGO", "IMG", "---"}}
    assert states <= set(packaged.countries)


@pytest.mark.shared
def test_phoenix_country_codes_are_ours(packaged):
    path = SHARED / "reference" / "petrarch" / "Phoenix.Countries.actors.txt"
    if not path.exists():
        pytest.skip(f"Phoenix dictionary not found at {path}")
    codes_found = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        match = re.match(r"^[A-Z][^+#\s]*\s*\[([A-Z]{3})\]", line)
        if match:
            codes_found.add(match[1])
    historical_or_fictional = {"DDR", "SUN", "KNT"}
    assert codes_found - historical_or_fictional <= set(packaged.countries)
