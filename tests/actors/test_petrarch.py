"""PETRARCH/TABARI dictionaries: reading, conversion to our TSV formats, loading, discards.

The dictionaries are the tests' own, written in PETRARCH format into tmp_path (people
and bodies are made up; the codes are CAMEO's). The real Phoenix files are read from
../shared when present.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from types import MappingProxyType

import pytest
import spacy
from spacy.tokens import Doc

from dyads.actors.gazetteer import Gazetteer
from dyads.actors.kb import KnowledgeBase
from dyads.actors.matcher import KBMatcher
from dyads.actors.petrarch import (
    agent_kind,
    cased_phrase,
    convert,
    import_dictionaries,
    is_petrarch_dictionary,
    read_petrarch_dictionary,
    regular_plural,
)
from dyads.actors.resolver import ActorResolver
from dyads.errors import DataFileError
from dyads.settings import load_settings

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
PHOENIX = SHARED / "reference" / "petrarch"

COUNTRIES = "\n".join([
    "# countries for these tests",
    "iso3\tname\tnames\tdemonyms\tdemonym_plurals\tadjectives\tcapitals\tmetonyms\tnote",
    "RUS\tRussia\tRussia\tRussian\tRussians\t\tMoscow\t\t",
    "PAK\tPakistan\tPakistan\tPakistani\tPakistanis\t\tIslamabad\t\t",
    "USA\tUnited States\tUnited States\tAmerican\tAmericans\t\tWashington\t\t",
    "GBR\tUnited Kingdom\tUnited Kingdom\tBritish\t\t\tLondon\t\t",
    "VGB\tBritish Virgin Islands\tBritish Virgin Islands\t\t\t\tRoad Town\t\t",
]) + "\n"
TEST_COUNTRIES = frozenset({"RUS", "PAK", "USA", "GBR", "VGB"})

# Line numbers matter: the expected rows below cite them.
ACTORS = """\
# Actors for the tests <!-- an XML comment on a comment line -->
<!-- an XML comment
     over two lines -->
RUSLANDIA_  [RUS]   # more names of a state
+RUSLANDIAN_
+RL
KREMLIN_TOWERS [RUSGOV]

IVAN_PETROVICH_TESTOV_  # a person whose role changes
+TESTOV
+FOREIGN_MINISTER_TESTOV
\t[RUSGOV 040309-120520]
\t[RUSMIL >120521]
ANNA_EXAMPLE_
\t[PAKELI]
\t[PAKGOV 990101-031231]   ; two-digit years: 99 is 1999, 03 is 2003
BORIS_NOBODY_
+BORIS_N.
\t[RUSGOV 19950601 - 19991231]
\t[--- > 20000101]
UNITED_NATIONS_OBSERVER_MISSION [IGOUNOMIL]
TEHRIK_E_TESTBAN [PAKREB]
VALLEY_FRONT [SASREB]
ISLAND_COUNCIL [GBRVGBGOV]
CODELESS_NAME_
LAST_ENTRY_WITHOUT_NEWLINE
\t[USAGOV >150101]"""

AGENTS = """\
<!-- agents for the tests -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES
FOREIGN_!MINIST! [~GOV]
CONGRESS!PERSON! [~LEG]
SOLDIER [~MIL] # a regular plural
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
HEAD_OF_STATE [~GOVFRM]
SECURITY_COMPANY [~BUS]
RELIEF_AGENCY  [NGO~]
MP [~LEG]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
HUSBAND!SPOUSE! [~CVL]
DEPARTMENT_OF_TESTS [~ENV}
"""

DISCARDS = """\
# Story-level discards start with '+'
MOSCOW_DYNAMO
+ WORLD TESTING CHAMPIONSHIP   # pas
2012
+ZED_CUP"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "actors"
    folder.mkdir()
    write(folder / "countries.tsv", COUNTRIES)
    return folder


def rows(path: Path) -> list[str]:
    """The data rows of one of our TSV files (after the comment block and the header)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return lines[1:]


@pytest.fixture
def dictionaries(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "petrarch"
    folder.mkdir()
    return {"actors": write(folder / "test.actors.txt", ACTORS),
            "agents": write(folder / "test.agents.txt", AGENTS),
            "discards": write(folder / "test.discards.txt", DISCARDS)}


@pytest.fixture
def converted(tmp_path: Path, dictionaries: dict[str, Path]) -> dict[str, Path]:
    read = [read_petrarch_dictionary(path) for path in dictionaries.values()]
    files = convert(read, tmp_path / "converted", countries=TEST_COUNTRIES)
    return {path.name.removeprefix("test.").removesuffix(".tsv"): path for path in files}


# --- reading ----------------------------------------------------------------------------------

def test_kind_is_told_by_content_and_name(dictionaries, tmp_path):
    for kind, path in dictionaries.items():
        assert read_petrarch_dictionary(path).kind == kind
    unnamed = write(tmp_path / "mine.txt", DISCARDS)
    assert read_petrarch_dictionary(unnamed).kind == "discards"


def test_actor_entries_as_written(dictionaries):
    actors = read_petrarch_dictionary(dictionaries["actors"]).actors
    testov = next(actor for actor in actors if actor.names[0] == "IVAN PETROVICH TESTOV")
    assert testov.names == ("IVAN PETROVICH TESTOV", "TESTOV", "FOREIGN MINISTER TESTOV")
    assert [(c.code, c.start, c.end, c.line) for c in testov.codes] == [
        ("RUSGOV", dt.date(2004, 3, 9), dt.date(2012, 5, 20), 12),
        ("RUSMIL", dt.date(2012, 5, 21), None, 13)]
    boris = next(actor for actor in actors if actor.names[0] == "BORIS NOBODY")
    assert [(c.code, c.start, c.end) for c in boris.codes] == [
        ("RUSGOV", dt.date(1995, 6, 1), dt.date(1999, 12, 31)), ("---", dt.date(2000, 1, 1), None)]


def test_code_less_primary_lines_share_the_codes_that_follow(dictionaries):
    actors = read_petrarch_dictionary(dictionaries["actors"]).actors
    last = actors[-1]
    assert last.names == ("CODELESS NAME", "LAST ENTRY WITHOUT NEWLINE")
    assert [c.code for c in last.codes] == ["USAGOV"]


@pytest.mark.parametrize("text, expected", [
    ("RUSGOV 040309-", ("RUSGOV", dt.date(2004, 3, 9), None)),
    ("USAELI >010120", ("USAELI", dt.date(2001, 1, 20), None)),
    ("RUSGOV 000507-080507", ("RUSGOV", dt.date(2000, 5, 7), dt.date(2008, 5, 7))),
    ("HOB < 950601", ("HOB", None, dt.date(1995, 6, 1))),
    ("HOBGOV 19950601 - 19990815", ("HOBGOV", dt.date(1995, 6, 1), dt.date(1999, 8, 15))),
    ("AFGELI 19270101-730717", ("AFGELI", dt.date(1927, 1, 1), dt.date(1973, 7, 17))),
    ("USAGOV 300101-", ("USAGOV", dt.date(2030, 1, 1), None)),  # 00-30 are 20YY
    ("USAGOV <310101", ("USAGOV", None, dt.date(1931, 1, 1))),  # 31-99 are 19YY
    ("pse", ("PSE", None, None)),
])
def test_date_restrictions_and_the_century_rule(tmp_path, text, expected):
    path = write(tmp_path / "x.actors.txt", f"SOMEONE\n\t[{text}]\n")
    (actor,) = read_petrarch_dictionary(path).actors
    (code,) = actor.codes
    assert (code.code, code.start, code.end) == expected


@pytest.mark.parametrize("text, reason", [
    ("ARMUNR 9008223-911221", "7 digits"),
    ("MNEGOV 20121204", "expected <DATE, >DATE or DATE-DATE"),
    ("EGYGOV 20121207-20120802", "ends before it starts"),
    ("XXXGOV 20120231-", "no such date"),
    ("ELR/GAL", "groups of three"),
])
def test_bad_codes_are_skipped_with_their_line(tmp_path, text, reason):
    path = write(tmp_path / "x.actors.txt", f"FIRST [RUS]\nSOMEONE\n\t[{text}]\n\t[PAKGOV]\n")
    dictionary = read_petrarch_dictionary(path)
    (note,) = dictionary.skipped
    assert reason in note.reason and note.line == 3
    assert str(note).startswith("x.actors.txt:3: ")
    assert [c.code for c in dictionary.actors[-1].codes] == ["PAKGOV"]


def test_the_last_entry_is_never_lost(tmp_path):
    ends_with_synonym = write(tmp_path / "a.actors.txt", "FIRST [RUS]\nZED_PERSON [RUSGOV]\n+ZED")
    ends_with_code = write(tmp_path / "b.actors.txt", "FIRST [RUS]\nYVES_PERSON\n\t[PAKGOV >150101]")
    ends_with_newlines = write(tmp_path / "c.actors.txt", "FIRST [RUS]\nXAVER_PERSON [USAGOV]\n\n\n")
    assert read_petrarch_dictionary(ends_with_synonym).actors[-1].names == ("ZED PERSON", "ZED")
    assert read_petrarch_dictionary(ends_with_code).actors[-1].codes[0].code == "PAKGOV"
    assert read_petrarch_dictionary(ends_with_newlines).actors[-1].names == ("XAVER PERSON",)
    agents = write(tmp_path / "d.agents.txt", "SOLDIER [~MIL]\nSAILOR [~MIL]")
    assert read_petrarch_dictionary(agents).agents[-1].phrases == ("SAILOR", "SAILORS")


def test_agents_expand_substitution_sets_and_plurals(dictionaries):
    dictionary = read_petrarch_dictionary(dictionaries["agents"])
    phrases = {agent.phrases[0]: agent.phrases for agent in dictionary.agents}
    assert phrases["FOREIGN MINISTER"] == ("FOREIGN MINISTER", "FOREIGN MINISTERS", "FOREIGN MINISTRY",
                                           "FOREIGN MINISTRIES")
    assert phrases["CONGRESSMAN"] == ("CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN", "CONGRESSWOMEN")
    assert phrases["POLICE"] == ("POLICE",)
    assert phrases["ATTORNEY GENERAL"] == ("ATTORNEY GENERAL", "ATTORNEYS GENERAL")
    assert phrases["HEAD OF STATE"] == ("HEAD OF STATE", "HEADS OF STATE")
    reasons = {note.line: note.reason for note in dictionary.skipped}
    assert reasons == {13: "agent code '~GGS': 'GGS' is no sector dyads knows",
                       14: "substitution marker !SPOUSE! is not defined above",
                       15: "an agent needs one code in '[...]'"}


@pytest.mark.parametrize("phrase, plural", [
    ("SOLDIER", "SOLDIERS"), ("SECURITY COMPANY", "SECURITY COMPANIES"), ("BOSS", "BOSSES"),
    ("CHAIRMAN", "CHAIRMEN"), ("GERMAN", "GERMANS"), ("HEAD OF STATE", "HEADS OF STATE"),
    ("OFFICIALS", ""), ("F/A-18", ""), ("MP", "MPs"), ("CHURCH", "CHURCHES"), ("ATTORNEY", "ATTORNEYS"),
])
def test_regular_plurals(phrase, plural):
    assert regular_plural(phrase) == plural


@pytest.mark.parametrize("phrase, kind", [
    ("foreign minister", "title"), ("foreign ministers", "title"), ("foreign ministry", "group"),
    ("heads of state", "title"), ("congresswomen", "title"), ("troops", "group"), ("police", "group"),
    ("army chief", "title"), ("security company", "group"),
])
def test_agent_kind_is_guessed_from_the_head_word(phrase, kind):
    assert agent_kind(phrase) == kind


@pytest.mark.parametrize("phrase, title, expected", [
    ("HAMID KARZAI", True, ("Hamid Karzai", False)),
    ("MAZAR-I-SHARIF", True, ("Mazar-I-Sharif", False)),
    ("U.N. SECRETARY GENERAL", True, ("U.N. Secretary General", False)),
    ("UN", True, ("UN", True)),
    ("CIA", True, ("CIA", True)),
    ("NATO", True, ("Nato", False)),
    ("UN Secy Gen", True, ("UN Secy Gen", False)),
    ("FOREIGN MINISTER", False, ("foreign minister", False)),
    ("MP", False, ("MP", True)),
])
def test_phrases_are_cased_for_our_matcher(phrase, title, expected):
    assert cased_phrase(phrase, title=title, short_is_acronym=True) == expected


def test_discards_and_their_scope(dictionaries):
    discards = read_petrarch_dictionary(dictionaries["discards"]).discards
    assert [(d.phrase, d.scope, d.line) for d in discards] == [
        ("MOSCOW DYNAMO", "sentence", 2), ("WORLD TESTING CHAMPIONSHIP", "story", 3), ("2012", "sentence", 4),
        ("ZED CUP", "story", 5)]


def test_latin1_files_stop_marker_and_kind_override(tmp_path, caplog):
    path = tmp_path / "old.agents.txt"  # named wrongly, so the kind is given
    path.write_bytes("C\xd4TE_D'IVOIRE_ [RUS]\n---STOP---\nNOT_READ [PAK]\n".encode("latin-1"))
    with caplog.at_level("WARNING", logger="dyads.actors.petrarch"):
        dictionary = read_petrarch_dictionary(path, kind="actors")
    assert [actor.names for actor in dictionary.actors] == [("C\xd4TE D'IVOIRE",)]
    assert "not UTF-8" in caplog.text


# --- structural errors name file and line ---------------------------------------------------------

@pytest.mark.parametrize("name, text, line, problem", [
    ("x.actors.txt", "\t[RUSGOV]\nSOMEONE [RUS]\n", 1, "a code before any actor phrase"),
    ("x.actors.txt", "# c\n+SYNONYM\nSOMEONE [RUS]\n", 2, "a '+' synonym before any actor phrase"),
    ("x.actors.txt", "A [RUS]\n<!-- never\nclosed\n", 2, "never closed"),
    ("x.agents.txt", "# c\nSOMEONE [RUS]\nOTHER [PAK]\n", 2, "file name says agents"),
    ("x.discards.txt", "# only comments\n\n", None, "no entries"),
])
def test_structural_errors_name_file_and_line(tmp_path, name, text, line, problem):
    path = write(tmp_path / name, text)
    with pytest.raises(DataFileError) as caught:
        read_petrarch_dictionary(path)
    assert caught.value.line == line and problem in caught.value.problem
    assert str(caught.value).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_strict_mode_makes_a_skipped_line_an_error(tmp_path):
    path = write(tmp_path / "x.actors.txt", "FIRST [RUS]\nSOMEONE\n\t[RUSGOV 2004017-]\n")
    with pytest.raises(DataFileError, match=r"x\.actors\.txt:3: date '2004017' has 7 digits"):
        read_petrarch_dictionary(path, strict=True)
    unknown_country = write(tmp_path / "y.actors.txt", "FIRST [RUS]\nVALLEY_FRONT [SASREB]\n")
    with pytest.raises(DataFileError, match=r"y\.actors\.txt:2: code 'SASREB' names unknown country"):
        import_dictionaries([unknown_country], tmp_path / "out", countries=TEST_COUNTRIES, strict=True)


# --- conversion: exact rows -----------------------------------------------------------------------

def test_converted_files_and_their_comment_block(converted, dictionaries):
    assert set(converted) == {"actors.people", "actors.organisations", "actors.groups", "agents.agents",
                              "discards.discards"}
    head = converted["actors.people"].read_text(encoding="utf-8").splitlines()[:4]
    assert head[0] == "# people table converted by dyads from the PETRARCH dictionary test.actors.txt"
    assert str(dictionaries["actors"].resolve()) in head[1]
    assert f"converted on {dt.date.today().isoformat()}" in head[1]


def test_people_rows(converted):
    person = "test_actors:"
    assert rows(converted["actors.people"]) == [
        f"{person}ivan_petrovich_testov\tIvan Petrovich Testov|Testov|Foreign Minister Testov\tRUSGOV"
        "\t2004-03-09\t2012-05-20\tPETRARCH line 12",
        f"{person}ivan_petrovich_testov\tIvan Petrovich Testov|Testov|Foreign Minister Testov\tRUSMIL"
        "\t2012-05-21\t\tPETRARCH line 13",
        # the default code fills the periods no dated code covers
        f"{person}anna_example\tAnna Example\tPAKELI\t\t1998-12-31\tPETRARCH line 15",
        f"{person}anna_example\tAnna Example\tPAKGOV\t1999-01-01\t2003-12-31\tPETRARCH line 16",
        f"{person}anna_example\tAnna Example\tPAKELI\t2004-01-01\t\tPETRARCH line 15",
        # a null code after 2000 leaves no role there
        f"{person}boris_nobody\tBoris Nobody|Boris N.\tRUSGOV\t1995-06-01\t1999-12-31\tPETRARCH line 19",
        f"{person}codeless_name\tCodeless Name|Last Entry Without Newline\tUSAGOV\t2015-01-01\t"
        "\tPETRARCH line 27",
    ]


def test_organisation_and_group_rows(converted):
    assert rows(converted["actors.organisations"]) == [
        "RUS\tRuslandia|Ruslandian\tRUS\tstate\tany\tPETRARCH RUS",
        "RUS\tRL\tRUS\tstate\texact_case\tPETRARCH RUS",
        "RUSGOV\tKremlin Towers\tRUS\tstate\tany\tPETRARCH RUSGOV",
        "IGOUNOMIL\tUnited Nations Observer Mission\t\tigo\tany\tPETRARCH IGOUNOMIL",
        # a territory written after its state gets its own code
        "VGBGOV\tIsland Council\tVGB\tstate\tany\tPETRARCH VGBGOV",
    ]
    assert rows(converted["actors.groups"]) == ["PAKREB\tTehrik E Testban\tPAK\tany\tPETRARCH PAKREB"]


def test_agent_rows(converted):
    assert rows(converted["agents.agents"]) == [
        "foreign minister\tGOV\ttitle\tany\tPETRARCH [~GOV]",
        "foreign ministers\tGOV\ttitle\tany\tPETRARCH [~GOV]",
        "foreign ministry\tGOV\tgroup\tany\tPETRARCH [~GOV]",
        "foreign ministries\tGOV\tgroup\tany\tPETRARCH [~GOV]",
        "congressman\tLEG\ttitle\tany\tPETRARCH [~LEG]",
        "congressmen\tLEG\ttitle\tany\tPETRARCH [~LEG]",
        "congresswoman\tLEG\ttitle\tany\tPETRARCH [~LEG]",
        "congresswomen\tLEG\ttitle\tany\tPETRARCH [~LEG]",
        "soldier\tMIL\tgroup\tany\tPETRARCH [~MIL]",
        "soldiers\tMIL\tgroup\tany\tPETRARCH [~MIL]",
        "police\tCOP\tgroup\tany\tPETRARCH [~COP]",
        "attorney general\tJUD\ttitle\tany\tPETRARCH [~JUD]",
        "attorneys general\tJUD\ttitle\tany\tPETRARCH [~JUD]",
        "head of state\tGOV\ttitle\tany\tPETRARCH [~GOVFRM]",
        "heads of state\tGOV\ttitle\tany\tPETRARCH [~GOVFRM]",
        "security company\tBUS\tgroup\tany\tPETRARCH [~BUS]",
        "security companies\tBUS\tgroup\tany\tPETRARCH [~BUS]",
        "relief agency\tNGO\tgroup\tany\tPETRARCH [NGO~]",
        "relief agencies\tNGO\tgroup\tany\tPETRARCH [NGO~]",
        "MP\tLEG\ttitle\texact_case\tPETRARCH [~LEG]",
        "MPs\tLEG\ttitle\tany\tPETRARCH [~LEG]",
    ]


def test_discard_rows(converted):
    assert rows(converted["discards.discards"]) == [
        "moscow dynamo\tsentence\tany\t", "world testing championship\tstory\tany\t",
        "2012\tsentence\tany\t", "zed cup\tstory\tany\t"]


def test_import_report_counts_and_reasons(dictionaries, tmp_path):
    report = import_dictionaries(dictionaries.values(), tmp_path / "out", countries=TEST_COUNTRIES)
    assert dict(report.counts) == {
        "actors read": 10, "agents read": 9, "discards read": 4, "persons": 4, "roles": 7,
        "organisations": 4, "groups": 1, "agents": 21, "discards": 4}
    assert len(report.files) == 5
    assert sorted((note.path.name, note.line, note.reason) for note in report.skipped) == [
        ("test.actors.txt", 23, "code 'SASREB' names unknown country 'SAS' (not in any countries file)"),
        ("test.actors.txt", 23, "no code left to use"),
        ("test.agents.txt", 13, "agent code '~GGS': 'GGS' is no sector dyads knows"),
        ("test.agents.txt", 14, "substitution marker !SPOUSE! is not defined above"),
        ("test.agents.txt", 15, "an agent needs one code in '[...]'"),
    ]
    adjusted = {(note.path.name, note.line): note.reason for note in report.adjusted}
    assert adjusted == {("test.agents.txt", 9): "sector GOV kept of ~GOVFRM",
                        ("test.actors.txt", 24): "coded VGBGOV"}
    assert "5 files written" in report.summary()


def test_a_phrase_with_two_codes_keeps_the_first(tmp_path):
    path = write(tmp_path / "x.actors.txt", "RED_FRONT [PAKREB]\nBLUE_FRONT [RUSREB]\n+RED_FRONT\n")
    report = import_dictionaries([path], tmp_path / "out", countries=TEST_COUNTRIES)
    (note,) = report.skipped
    assert (note.line, note.reason) == (3, "phrase is PAKREB at line 1; RUSREB left out")
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[tmp_path / "out"])
    assert {entry.code for entry in kb.lookup("Red Front")} == {"PAKREB"}


# --- loading into the knowledge base --------------------------------------------------------------

def test_imported_person_has_the_code_valid_on_the_date(tmp_path, converted):
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[converted["actors.people"].parent])
    (entry,) = kb.lookup("Testov")
    assert entry.case_sensitive and kb.lookup("testov") == ()
    testov = kb.person(entry.code)
    assert testov.code_on(dt.date(2012, 5, 20)) == "RUSGOV"  # last day as minister
    assert testov.code_on(dt.date(2012, 5, 21)) == "RUSMIL"  # first day in the new role
    assert testov.code_on(dt.date(2003, 1, 1)) is None
    assert testov.code_on(None) == "RUSMIL"
    anna = kb.person(kb.lookup("Anna Example")[0].code)
    assert [anna.code_on(dt.date(year, 6, 1)) for year in (1998, 2001, 2010)] == ["PAKELI", "PAKGOV", "PAKELI"]


def test_petrarch_files_load_directly_with_their_own_line_numbers(tmp_path, dictionaries):
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=list(dictionaries.values()))
    (entry,) = kb.lookup("Foreign Minister Testov")
    assert entry.origin == "test.actors.txt:12"
    assert kb.person(entry.code).code_on(dt.date(2013, 1, 1)) == "RUSMIL"
    (minister,) = kb.lookup("foreign ministers")
    assert (minister.kind, minister.code, minister.sector_kind) == ("agent", "GOV", "title")
    (discard,) = kb.lookup("Moscow Dynamo")
    assert (discard.kind, discard.code) == ("discard", "sentence")


def test_loaded_converted_and_direct_agree(tmp_path, dictionaries, converted):
    folder = data_dir(tmp_path)
    from_files = KnowledgeBase.load(folder, extra_paths=[converted["actors.people"].parent])
    direct = KnowledgeBase.load(folder, extra_paths=list(dictionaries.values()))

    def meanings(kb: KnowledgeBase) -> set[tuple[str, str, str, bool]]:
        return {(e.phrase, e.kind, e.code, e.case_sensitive) for e in kb.entries()}

    assert meanings(from_files) == meanings(direct)


def test_bare_state_code_rows_are_state_names(tmp_path, converted):
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[converted["actors.organisations"]])
    assert {(e.kind, e.code) for e in kb.lookup("Ruslandian")} == {("state", "RUS")}
    assert {(e.kind, e.code) for e in kb.lookup("Kremlin Towers")} == {("org", "RUSGOV")}
    assert kb.lookup("rl") == () and {e.code for e in kb.lookup("RL")} == {"RUS"}


def test_environment_variable_takes_a_petrarch_file(tmp_path, dictionaries):
    settings = load_settings(environ={"DYADS_ACTOR_DICTIONARIES": str(dictionaries["actors"])},
                             config_path=write(tmp_path / "dyads.toml", ""))
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[Path(p) for p in settings.actor_dictionaries])
    assert {e.kind for e in kb.lookup("Ivan Petrovich Testov")} == {"person"}


def test_our_tsv_files_are_not_taken_for_petrarch(tmp_path, dictionaries):
    assert not is_petrarch_dictionary(data_dir(tmp_path) / "countries.tsv")
    assert all(is_petrarch_dictionary(path) for path in dictionaries.values())


def test_an_empty_folder_in_extra_paths_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataFileError, match="no dictionary files"):
        KnowledgeBase.load(data_dir(tmp_path), extra_paths=[empty])


def test_discards_tsv_is_validated(tmp_path):
    folder = data_dir(tmp_path)
    write(folder / "mine.tsv", "# mine\nphrase\tscope\tmatch\tnote\nasian cup\tsentence\tany\nbig game\tmatch\tany\n")
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.load(folder)
    assert (Path(caught.value.path).name, caught.value.line) == ("mine.tsv", 4)
    assert "scope must be one of sentence, story" in str(caught.value)


def test_discards_do_not_warn_as_conflicts(tmp_path, caplog):
    folder = data_dir(tmp_path)
    write(folder / "mine.tsv", "# mine\nphrase\tscope\tmatch\tnote\nmoscow\tsentence\tany\n")
    with caplog.at_level("WARNING", logger="dyads.actors.kb"):
        kb = KnowledgeBase.load(folder)
    assert {e.kind for e in kb.lookup("Moscow")} == {"capital", "discard"}
    assert "different actors" not in caplog.text


# --- discards in the matcher and the resolver -------------------------------------------------------

@pytest.fixture
def blank_nlp():
    return spacy.blank("en")


def test_a_discard_phrase_suppresses_the_match_inside_it(tmp_path, dictionaries, blank_nlp):
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[dictionaries["discards"]])
    matcher = KBMatcher(kb, blank_nlp)
    doc = blank_nlp("Moscow Dynamo beat the visitors in Moscow.")
    found = [(doc[m.start:m.end].text, m.is_discard, {e.code for e in m.entries}) for m in matcher.matches(doc)]
    assert found == [("Moscow Dynamo", True, {"sentence"}), ("Moscow", False, {"RUS"})]


def test_a_discard_wins_over_an_actor_spelled_the_same(tmp_path, blank_nlp):
    folder = data_dir(tmp_path)
    write(folder / "mine.tsv", "# mine\nphrase\tscope\tmatch\tnote\nmoscow\tstory\tany\n")
    matcher = KBMatcher(KnowledgeBase.load(folder), blank_nlp)
    (match,) = matcher.matches(blank_nlp("Moscow said so."))
    assert match.is_discard and [e.kind for e in match.entries] == ["discard"]


def test_resolver_makes_no_actor_of_a_discarded_phrase(tmp_path, dictionaries, blank_nlp):
    kb = KnowledgeBase.load(data_dir(tmp_path), extra_paths=[dictionaries["discards"]])
    resolver = ActorResolver(kb, blank_nlp, Gazetteer(MappingProxyType({})))
    words = ["Moscow", "Dynamo", "beat", "Spartak", "in", "Moscow", "."]
    # the named entities a parser would give: a discarded ORG must not become an unknown actor
    doc = Doc(blank_nlp.vocab, words=words, sent_starts=[True] + [False] * 6,
              ents=["B-ORG", "I-ORG", "O", "B-ORG", "O", "B-GPE", "O"])
    mentions = resolver.resolve([doc], dt.date(2015, 1, 1)).all()
    assert [(m.text, [a.code for a in m.actors]) for m in mentions] == [("Spartak", ["---"]), ("Moscow", ["RUS"])]


# --- the real Phoenix dictionaries (../shared; skipped when absent) -----------------------------------

PHOENIX_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                 "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt", "Phoenix.discards.txt")


@pytest.fixture(scope="module")
def phoenix_import(tmp_path_factory):
    paths = [PHOENIX / name for name in PHOENIX_FILES]
    missing = [path for path in paths if not path.exists()]
    if missing:
        pytest.skip(f"Phoenix dictionaries not found: {missing[0]}")
    return import_dictionaries(paths, tmp_path_factory.mktemp("phoenix"))


@pytest.mark.shared
def test_phoenix_files_import_with_counts(phoenix_import):
    counts = phoenix_import.counts
    # observed: 27185 actor entries read; 18425 persons with 30488 roles, 6592 organisations,
    # 816 groups, 5094 agent rows, 505 discards; 794 lines or codes skipped
    assert counts["actors read"] > 25_000 and counts["agents read"] > 2_000 and counts["discards read"] > 450
    assert counts["persons"] > 17_000 and counts["roles"] > 28_000
    assert counts["organisations"] > 6_000 and counts["groups"] > 700
    assert counts["agents"] > 4_500 and counts["discards"] > 450
    assert len(phoenix_import.skipped) < 0.05 * (counts["actors read"] + counts["agents read"])


@pytest.mark.shared
def test_phoenix_people_keep_their_dated_roles(phoenix_import):
    folder = phoenix_import.files[0].parent
    began = time.perf_counter()
    kb = KnowledgeBase.load(extra_paths=[folder])
    assert time.perf_counter() - began < 10
    lavrovs = [kb.person(e.code) for e in kb.lookup("Sergey Lavrov") if e.code.startswith("phoenix")]
    (lavrov,) = lavrovs
    assert len(lavrov.roles) >= 2 and all(role.start for role in lavrov.roles)
    assert lavrov.code_on(dt.date(2012, 10, 3)) == "RUSGOV"
    karzai = kb.person(next(e.code for e in kb.lookup("Hamid Karzai") if e.code.startswith("phoenix")))
    assert karzai.code_on(dt.date(1990, 1, 1)) == "AFGELI" and karzai.code_on(dt.date(2005, 1, 1)) == "AFGGOV"
    # Phoenix files Helmand under Afghanistan (a state row); regions.tsv agrees
    assert {(e.kind, e.code) for e in kb.lookup("Helmand")} == {("state", "AFG"), ("region", "AFG")}
