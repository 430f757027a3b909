"""Coverage of the packaged actor dictionaries: named state bodies, IGOs, armed groups and agent nouns.

Two kinds of test: fast look-ups in the packaged knowledge base (what a phrase means and
which spellings stay out), and resolution of sentences written here (how a row combines
with the words around it). The sentences are the project's own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dyads import api
from dyads.actors.kb import KnowledgeBase


def org_codes(kb: KnowledgeBase, phrase: str) -> set[str]:
    """Codes of the organisation, group and state-body entries spelled ``phrase``."""
    return {entry.code for entry in kb.lookup(phrase) if entry.kind in ("org", "group")}


def agent_sector(kb: KnowledgeBase, phrase: str) -> str | None:
    sectors = {entry.code for entry in kb.lookup(phrase) if entry.kind == "agent"}
    assert len(sectors) <= 1, (phrase, sectors)
    return next(iter(sectors), None)


# --- look-ups: what the rows say -----------------------------------------------------------

@pytest.mark.parametrize("phrase, code", [
    ("Immigration and Customs Enforcement", "USACOP"),
    ("ICE", "USACOP"),
    ("Customs and Border Protection", "USACOP"),
    ("DEA", "USACOP"),
    ("Fish and Wildlife Service", "USAGOVENV"),
    ("Department of Transportation", "USAGOV"),
    ("Federal Aviation Administration", "USAGOV"),
    ("Justice Department", "USAJUD"),
    ("House Judiciary Committee", "USALEG"),
    ("Narcotics Control Bureau", "INDCOP"),
    ("ED", "INDCOP"), ("Central Bureau of Investigation", "INDCOP"),
    ("National Investigation Agency", "INDCOP"),
    ("Home Office", "GBRGOV"),
    ("Rosgvardia", "RUSMIL"),
    ("Federal Investigation Agency", "PAKCOP"),
    ("Guardian Council", "IRNGOV"),
    ("Majlis", "IRNLEG"),
    ("People's Majlis", "MDVLEG"),
    ("Grand National Assembly", "TURLEG"),
    ("Supremo Tribunal Federal", "BRAJUD"),
    ("Economic and Financial Crimes Commission", "NGACOP"),
    ("Independent National Electoral Commission", "NGAGOV"),
    ("Philippine National Police", "PHLCOP"),
    ("Comelec", "PHLGOV"),
    ("Bundesverfassungsgericht", "DEUJUD"),
    ("Tatmadaw", "MMRMIL"),
    ("Xinhua", "CHNGOVMED"),
    ("KCNA", "PRKGOVMED"),
])
def test_named_state_bodies_carry_their_country_and_sector(packaged, phrase, code):
    assert org_codes(packaged, phrase) == {code}


@pytest.mark.parametrize("phrase, code", [
    ("UNIFIL", "IGOUNOMIL"),
    ("MONUSCO", "IGOUNOMIL"),
    ("UN Mission in South Sudan", "IGOUNOMIL"),
    ("UNAMA", "IGOUNO"),
    ("UN Support Mission in Libya", "IGOUNO"),
    ("special rapporteur", "IGOHRC"),
    ("Intergovernmental Authority on Development", "IGOIAD"),
    ("Pacific Islands Forum", "IGOPIF"),
    ("European Court of Human Rights", "IGOEHR"),
    ("American Civil Liberties Union", "NGOACL"),
    ("Sinaloa Cartel", "MEXCRM"),
    ("Popular Mobilization Forces", "IRQMIL"),
    ("People's Liberation Army of Manipur", "INDREB"),
])
def test_international_bodies_missions_and_armed_groups(packaged, phrase, code):
    assert org_codes(packaged, phrase) == {code}


@pytest.mark.parametrize("phrase, sector", [
    ("critics", "OPP"), ("rioters", "OPP"), ("detainees", "OPP"),
    ("investigators", "COP"), ("border police", "COP"), ("riot police", "COP"),
    ("border guards", "MIL"), ("peacekeepers", "MIL"), ("commandos", "MIL"), ("warplanes", "MIL"),
    ("magistrate", "JUD"), ("constitutional court", "JUD"),
    ("MLAs", "LEG"), ("congress", "LEG"),
    ("regulators", "GOV"), ("presidency", "GOV"), ("health ministry", "GOVHLH"),
    ("central bank", "GOVBUS"), ("state-run media", "GOVMED"),
    ("settlers", "CVL"), ("prisoners", "CVL"), ("hostages", "CVL"),
    ("traffickers", "CRM"), ("cartels", "CRM"), ("bandits", "CRM"),
    ("mercenaries", "UAF"), ("suicide bombers", "UAF"),
    ("strikers", "LAB"), ("unions", "LAB"), ("firms", "BUS"), ("bloggers", "MED"),
    ("lecturers", "EDU"), ("medics", "HLH"), ("herders", "AGR"), ("bishops", "REL"),
    ("charities", "NGO"), ("rights groups", "HRI"), ("asylum-seekers", "REF"),
])
def test_generic_actor_nouns_have_a_sector(packaged, phrase, sector):
    assert agent_sector(packaged, phrase) == sector


@pytest.mark.parametrize("word", ["ice", "Ice", "ed", "Ed", "sec", "nia", "bin", "Bin"])
def test_acronyms_that_are_words_or_names_match_only_in_capitals(packaged, word):
    assert not org_codes(packaged, word)


@pytest.mark.parametrize("word", ["Union", "Bank", "COP", "MIT", "AFP", "PA", "SARS", "PDF", "CBI"])
def test_names_left_out_on_purpose_stay_out(packaged, word):
    """Capitalised "Union"/"Bank" are parts of names; the acronyms belong to other bodies."""
    assert not packaged.lookup(word) or all(entry.kind not in ("agent", "org", "group")
                                            for entry in packaged.lookup(word))


@pytest.mark.parametrize("spelling, code", [
    ("Nato", "IGONAT"), ("Unicef", "IGOKID"), ("Unesco", "IGOESC"), ("Ecowas", "IGOWAS"),
    ("Asean", "IGOASN"), ("Farc", "COLREB"), ("Isis", "IMGMUSISI"), ("Sedena", "MEXMIL"),
    ("Brics", "IGOBRC"),
])
def test_mixed_case_spellings_of_acronyms_survive_loading(packaged, spelling, code):
    """The matcher reads an all-capital acronym case-sensitively, so "Nato" needs an entry
    spelled so; the loader keeps one entry per case-folded spelling and code, so the
    mixed-case spelling must come first in its row (it then matches the capitals too)."""
    kept = [entry for entry in packaged.entries() if entry.phrase == spelling and entry.code == code]
    assert kept, f"no entry spelled {spelling!r} for {code}"


def test_no_phrase_of_these_files_means_two_things_across_files(packaged):
    """An agent noun and a named body spelled alike would give the matcher two meanings."""
    by_phrase: dict[str, set[str]] = {}
    for entry in packaged.entries():
        if entry.origin.split(":")[0] in ("organisations.tsv", "agents.tsv", "groups.tsv"):
            by_phrase.setdefault(entry.phrase.casefold(), set()).add(entry.code)
    clashes = {phrase: codes for phrase, codes in by_phrase.items() if len(codes) > 1}
    assert not clashes


# --- resolution: how rows combine with the words around them -------------------------------

def coded(text: str) -> dict[str, tuple[str, ...]]:
    return {m.text: m.codes for m in api.explain(text, date=dt.date(2019, 3, 1)).mentions}


@pytest.mark.slow
def test_us_agency_acronym_and_indian_agency_resolve_in_a_sentence():
    found = coded("ICE agents detained two men in Texas, and the Narcotics Control Bureau questioned a film star in Mumbai.")
    assert ("USACOP",) in found.values()
    assert found.get("Narcotics Control Bureau") == ("INDCOP",)


@pytest.mark.slow
def test_lower_case_word_is_not_the_agency():
    found = coded("The ice on the river broke up in March.")
    assert all("USACOP" not in codes for codes in found.values())


@pytest.mark.slow
def test_mixed_case_igo_spellings_resolve():
    found = coded("Nato and Ecowas condemned the coup in the capital.")
    assert found.get("Nato") == ("IGONAT",)
    assert found.get("Ecowas") == ("IGOWAS",)
    found = coded("NATO and ECOWAS condemned the coup in the capital.")
    assert found.get("NATO") == ("IGONAT",)
    assert found.get("ECOWAS") == ("IGOWAS",)


@pytest.mark.slow
@pytest.mark.parametrize("text, mention, code", [
    ("Israeli settlers attacked a farm near Nablus.", "Israeli settlers", "ISRCVL"),
    ("Kenyan peacekeepers left the town on Monday.", "Kenyan peacekeepers", "KENMIL"),
    ("Pakistani critics of the deal spoke out on Friday.", "Pakistani critics", "PAKOPP"),
    ("Nigerian bandits abducted forty pupils.", "Nigerian bandits", "NGACRM"),
    ("Turkish prosecutors charged the Egyptian bloggers.", "Egyptian bloggers", "EGYMED"),
])
def test_agent_nouns_combine_with_a_demonym(text, mention, code):
    assert coded(text).get(mention) == (code,)


@pytest.mark.slow
def test_longer_names_outrank_shorter_ones_of_another_country():
    found = coded("The Russian Security Council met while the Canadian House of Commons and the People's Majlis sat.")
    assert found.get("Russian Security Council") == ("RUSGOV",)
    assert found.get("Canadian House of Commons") == ("CANLEG",)
    assert found.get("People's Majlis") == ("MDVLEG",)


@pytest.mark.slow
def test_un_mission_and_cartel_resolve():
    found = coded("UNIFIL said the Sinaloa Cartel had no part in the clash.")
    assert found.get("UNIFIL") == ("IGOUNOMIL",)
    assert found.get("Sinaloa Cartel") == ("MEXCRM",)
