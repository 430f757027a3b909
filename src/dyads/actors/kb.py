"""The actor knowledge base: states, organisations, armed groups, agents and people.

Contract: :meth:`KnowledgeBase.load` reads the actor dictionaries (the TSV files of
``dyads/data/actors`` and any user files in the same formats), validates every row, and
returns an immutable knowledge base. The matcher turns :meth:`KnowledgeBase.entries` into
phrase patterns; the resolver asks :meth:`~KnowledgeBase.lookup`,
:meth:`~KnowledgeBase.country` and :meth:`~KnowledgeBase.person` what a phrase means.

A file's format is told by its header line, not its name, so a user dictionary can be
called anything. Formats (columns; a trailing ``note`` may be left off a row):

- countries: ``iso3 name names demonyms demonym_plurals adjectives capitals metonyms note``
- organisations: ``code names country kind match note`` (kind igo, ngo, mnc or state; a
  state row whose code is the bare ISO3 lists more names of the state itself, such as a
  province or a spelling, and its phrases are entries of kind ``state``)
- groups: ``code names country match note``
- regions: ``name country names note``: provinces, states and disputed or occupied
  territories ("Balochistan", "Gaza Strip", "Crimea"); each phrase is an entry of kind
  ``region`` whose code is the bare ISO3 of the country, so a region places an actor as a
  capital does ("Helmand police" -> AFGCOP)
- agents: ``phrase sector kind match note``
- people: ``person_id names code from until note`` (one row per role)
- discards: ``phrase scope match note``: phrases that are no actor ("Manchester United",
  "Asian Cup"); scope is ``sentence`` or ``story`` as in PETRARCH's discard lists. A
  discard wins over the phrases it covers and means no actor (see :mod:`dyads.actors.matcher`).

User dictionaries may also be PETRARCH/TABARI ``.actors``, ``.agents`` and discard files:
:meth:`KnowledgeBase.load` converts them in memory (see :mod:`dyads.actors.petrarch`).

Case: phrases ignore case, except (a) in countries and regions files, phrases written all
in capitals (acronyms: "US", "CAR", "GHQ", "TRNC"); (b) in organisations, groups and agents
files, rows whose ``match`` is ``exact_case`` ("RAW", "IS", "General"); (c) one-word person names
("Putin", "May"), since surnames are often ordinary words; (d) in any file, short all-capital
acronyms of up to six characters ("NATO", "U.N.", "CIA"), so a row may list "NATO|Nato" and
have both. Those match only as written (:attr:`KBEntry.matches_as_written`).

Every problem is a :class:`~dyads.errors.DataFileError` naming file and line. A phrase
given two codes in one file is an error (except two people sharing a name: their dates
tell them apart); across files it is logged as a warning and both meanings are kept,
since a user file may knowingly add a second sense.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from dyads.errors import DataFileError

logger = logging.getLogger(__name__)

#: CAMEO agent (sector) codes the dictionaries may use.
SECTOR_CODES = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "SPY", "MED", "EDU", "BUS",
    "CRM", "CVL", "LAB", "REF", "HLH", "ELI", "AGR", "DEV", "ENV", "HRI", "NGO", "IGO",
    "UAF", "INS", "MOD", "RAD", "REL", "SEP", "MUS", "CHR", "JEW", "HIN", "BUD", "CTH",
    "ORT", "PRO", "SHI", "SUN", "SIK",
})
#: First three letters of codes that name no state.
NON_STATE_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC"})
#: Values of :attr:`KBEntry.kind`.
ENTRY_KINDS = ("state", "capital", "region", "metonym", "demonym", "demonym_plural", "adjective",
               "org", "group", "agent", "person", "discard")
#: Kinds whose phrases take a possessive "'s" (see :meth:`KnowledgeBase.possessable_names`).
POSSESSABLE_KINDS = frozenset({"state", "capital", "region", "metonym", "org", "person"})
#: Last words of region names that are common nouns: such a name is not possessable, since
#: its plural is common in news ("the Luhansk and Donetsk regions") and its possessive rare.
GENERIC_REGION_WORDS = frozenset({"region", "province", "state", "oblast", "governorate",
                                  "district", "agency", "valley", "krai"})

_FORMATS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3", "name", "names", "demonyms", "demonym_plurals", "adjectives",
                  "capitals", "metonyms", "note"),
    "organisations": ("code", "names", "country", "kind", "match", "note"),
    "groups": ("code", "names", "country", "match", "note"),
    "regions": ("name", "country", "names", "note"),
    "agents": ("phrase", "sector", "kind", "match", "note"),
    "people": ("person_id", "names", "code", "from", "until", "note"),
    "discards": ("phrase", "scope", "match", "note"),
}
_CODE = re.compile(r"^(?:[A-Z]{3})+$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SHORT_ACRONYM = re.compile(r"^[A-Z0-9.&-]{1,6}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ORG_KINDS = ("igo", "ngo", "mnc", "state")
_AGENT_KINDS = ("title", "group")
_MATCH = ("any", "exact_case")
_DISCARD_SCOPES = ("sentence", "story")


# --- Records ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Role:
    """A code a person holds between two dates (inclusive); ``None`` is an open bound.

    Partial dates in the data widen to the whole period: a start of ``2012-10`` is
    1 October, an end of ``2012`` is 31 December.
    """

    code: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    @property
    def country(self) -> str:
        """ISO3 part of the code, or ``""`` for IGO/NGO/IMG/MNC codes."""
        prefix = self.code[:3]
        return "" if prefix in NON_STATE_PREFIXES else prefix


def _recency(role: Role) -> tuple[dt.date, dt.date]:
    """Sort key: roles still held come last, then by end, then by start."""
    return (role.end or dt.date.max, role.start or dt.date.min)


@dataclass(frozen=True, slots=True)
class Person:
    """A person and the roles (codes) they held; ``name`` is the display name."""

    person_id: str
    name: str
    names: tuple[str, ...]
    roles: tuple[Role, ...]

    def code_on(self, date: dt.date | None) -> str | None:
        """The code valid on ``date``; the most recent role's when ``date`` is None.

        Where roles overlap, the one that began last wins (a minister made president
        keeps both rows, the newer says who they are now). ``None`` when no role is
        valid on the date: the resolver then falls back on :meth:`country_hint`.
        """
        if not self.roles:
            return None
        if date is None:
            return max(self.roles, key=_recency).code
        valid = [role for role in self.roles if role.covers(date)]
        if not valid:
            return None
        return max(valid, key=lambda role: role.start or dt.date.min).code

    def code_titled(self, sector: str) -> str | None:
        """The code of the person's latest role in ``sector`` (the title the text gives them: "General X"
        is MIL), or None. Used when the date cannot choose between roles."""
        titled = [role for role in self.roles if sector and sector in role.code[3:]]
        return max(titled, key=_recency).code if titled else None

    def country_hint(self) -> str:
        """ISO3 of the person's most recent role held for a state, ``""`` if none.

        Roles tied for most recent are settled by the country most of the person's
        roles belong to.
        """
        state_roles = [role for role in self.roles if role.country]
        if not state_roles:
            return ""
        latest = max(_recency(role) for role in state_roles)
        newest = {role.country for role in state_roles if _recency(role) == latest}
        counts = Counter(role.country for role in state_roles)
        return max(sorted(newest), key=lambda country: counts[country])


@dataclass(frozen=True, slots=True)
class Country:
    """A state or territory; ``metonyms`` pairs a phrase with its full code."""

    iso3: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    demonym_plurals: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    metonyms: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    """One row of organisations.tsv or groups.tsv.

    ``kind`` is ``igo``, ``ngo`` or ``state`` for organisations and ``group`` for armed
    groups; ``country`` is an ISO3 or ``""``.
    """

    code: str
    name: str
    names: tuple[str, ...]
    country: str
    kind: str
    origin: str


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One phrase the matcher looks for, and what it means.

    ``code`` is an actor code (``PAK``, ``RUSGOV``, ``IGONAT``), a sector code for
    agents (``GOV``), a person_id for people, or the scope (``sentence``, ``story``)
    for discards. ``sector_kind`` is ``title`` or ``group`` for agents, ``""``
    otherwise. ``case_sensitive`` entries match only as written. ``origin`` is
    ``file:line``, for explanations.
    """

    phrase: str
    kind: str
    code: str
    sector_kind: str
    case_sensitive: bool
    origin: str

    @property
    def matches_as_written(self) -> bool:
        """The phrase matches only as written: a case-sensitive entry, or a short all-capital
        acronym ("NATO", "U.N.") whatever its row says, so that "Nato" in a ``match any`` row is
        a spelling of its own and "us" or "who" never match "US" or "WHO".

        The one case rule of the package: the matcher, the loader's de-duplication and
        :meth:`KnowledgeBase.lookup` all follow it.
        """
        return self.case_sensitive or is_short_acronym(self.phrase)


# --- Reading TSV files ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Row:
    path: Path
    line: int
    cells: Mapping[str, str]

    @property
    def origin(self) -> str:
        return f"{self.path.name}:{self.line}"

    def error(self, problem: str) -> DataFileError:
        return DataFileError(str(self.path), self.line, problem)

    def values(self, column: str) -> tuple[str, ...]:
        """The '|'-separated values of a cell, whitespace tidied, empties dropped."""
        return tuple(v for v in (" ".join(part.split()) for part in self.cells[column].split("|")) if v)


@dataclass(frozen=True, slots=True)
class _File:
    path: Path
    format: str
    rows: tuple[_Row, ...]


def _read_file(path: Path) -> _File:
    """Split a dictionary file into rows keyed by its header's column names."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read the file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, f"not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    lines = [(number, raw) for number, raw in enumerate(text.splitlines(), start=1)
             if raw.strip() and not raw.lstrip().startswith("#")]
    if not lines:
        raise DataFileError(str(path), None, "no header line: the first non-comment line must name the columns")
    header_line, header_text = lines[0]
    header = tuple(cell.strip() for cell in header_text.split("\t"))
    file_format = _format_of(header, path, header_line)
    rows = tuple(_Row(path, number, _cells_by_column([c.strip() for c in raw.split("\t")], header, path, number))
                 for number, raw in lines[1:])
    return _File(path, file_format, rows)


def _format_of(header: tuple[str, ...], path: Path, line: int) -> str:
    for name, columns in _FORMATS.items():
        if header == columns:
            return name
    known = "; ".join(f"{name}: {' '.join(cols)}" for name, cols in _FORMATS.items())
    raise DataFileError(str(path), line, f"unknown header {' '.join(header)!r}; expected one of: {known}")


def _cells_by_column(cells: list[str], header: tuple[str, ...], path: Path, line: int) -> dict[str, str]:
    optional = 1 if header[-1] == "note" else 0
    if not len(header) - optional <= len(cells) <= len(header):
        raise DataFileError(str(path), line, f"{len(cells)} tab-separated columns, the header has {len(header)}")
    cells = cells + [""] * (len(header) - len(cells))
    return dict(zip(header, cells, strict=True))


def _default_data_dir() -> Path:
    return Path(str(resources.files("dyads").joinpath("data", "actors")))


def _dictionary_paths(data_dir: Path, extra_paths: Sequence[Path]) -> list[Path]:
    """The ``*.tsv`` files of ``data_dir``, then each extra path; a folder among them
    stands for its ``*.tsv`` files (a folder :func:`dyads.actors.petrarch.convert` wrote)."""
    if not data_dir.is_dir():
        raise DataFileError(str(data_dir), None, "no such folder of actor dictionaries")
    paths = sorted(data_dir.glob("*.tsv"))
    for extra in map(Path, extra_paths):
        if not extra.is_dir():
            paths.append(extra)
            continue
        found = sorted(extra.glob("*.tsv"))
        if not found:
            raise DataFileError(str(extra), None, "folder holds no dictionary files (*.tsv)")
        paths.extend(found)
    return paths


def _petrarch_files(path: Path, countries: Collection[str]) -> list[_File]:
    """A PETRARCH dictionary converted in memory; rows keep the PETRARCH file's line numbers."""
    from dyads.actors import petrarch  # imported here: petrarch builds on this module

    conversion = petrarch.to_tables([petrarch.read_petrarch_dictionary(path)], countries)
    if conversion.skipped:
        logger.warning("%s: %d lines or phrases skipped while converting (first: %s); "
                       "dyads.actors.petrarch.import_dictionaries lists them all",
                       path.name, len(conversion.skipped), conversion.skipped[0])
    files = []
    for table in conversion.tables:
        _format_of(table.columns, path, None)
        rows = tuple(_Row(path, line, dict(zip(table.columns, cells, strict=True))) for line, cells in table.rows)
        files.append(_File(path, table.format, rows))
    return files


def _dictionary_files(paths: Sequence[Path], builder: _Builder) -> list[_File]:
    """Read our files, learn the countries, then convert PETRARCH files against them."""
    from dyads.actors.petrarch import is_petrarch_dictionary

    theirs = {path for path in paths if is_petrarch_dictionary(path)}
    ours = {path: _read_file(path) for path in paths if path not in theirs}
    builder.add_countries(list(ours.values()))
    files: list[_File] = []
    for path in paths:
        files.extend(_petrarch_files(path, builder.countries) if path in theirs else [ours[path]])
    return files


# --- Validation helpers ---------------------------------------------------------------

def _required(row: _Row, column: str) -> str:
    value = row.cells[column]
    if not value:
        raise row.error(f"empty {column}")
    return value


def _choice(row: _Row, column: str, allowed: Sequence[str]) -> str:
    value = row.cells[column]
    if value not in allowed:
        raise row.error(f"{column} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def code_problem(code: str, countries: Collection[str]) -> str:
    """What is wrong with an actor code, ``""`` if nothing: 3-letter parts, a known state
    (an ISO3 in ``countries``) or IGO/NGO/IMG/MNC first, a known sector next.

    Public so that converters (:mod:`dyads.actors.petrarch`) skip what the loader would refuse.
    """
    if not _CODE.match(code):
        return f"bad code {code!r}: expected upper-case letters in groups of three (PAKGOV)"
    prefix = code[:3]
    if prefix in NON_STATE_PREFIXES:
        return ""
    if prefix not in countries:
        return f"code {code!r} names unknown country {prefix!r} (not in any countries file)"
    if len(code) > 3 and code[3:6] not in SECTOR_CODES:
        return f"code {code!r}: unknown sector {code[3:6]!r} after the country"
    return ""


def _check_code(row: _Row, code: str, countries: Mapping[str, Country]) -> None:
    problem = code_problem(code, countries)
    if problem:
        raise row.error(problem)


def _check_sector(row: _Row, sector: str) -> None:
    parts = [sector[i:i + 3] for i in range(0, len(sector), 3)]
    if not _CODE.match(sector) or any(part not in SECTOR_CODES for part in parts):
        raise row.error(f"unknown sector code {sector!r}; known: {' '.join(sorted(SECTOR_CODES))}")


def _check_country_column(row: _Row, countries: Mapping[str, Country]) -> str:
    country = row.cells["country"]
    if country and country not in countries:
        raise row.error(f"unknown country {country!r} (not in any countries file)")
    return country


def _parse_date(row: _Row, column: str, end: bool) -> dt.date | None:
    text = row.cells[column]
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError(text)
        year, month = int(match[1]), int(match[2] or (12 if end else 1))
        last_day = calendar.monthrange(year, month)[1]
        return dt.date(year, month, int(match[3] or (last_day if end else 1)))
    except ValueError:
        raise row.error(f"bad {column} date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from None


def is_short_acronym(phrase: str) -> bool:
    """Capitals (digits, ".", "&", "-" allowed) of at most six characters, with a letter:
    read case-sensitively whatever a row's ``match`` column says (see
    :attr:`KBEntry.matches_as_written`)."""
    return bool(_SHORT_ACRONYM.match(phrase)) and any(ch.isalpha() for ch in phrase)


def _is_acronym(phrase: str) -> bool:
    letters = [ch for ch in phrase if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _entry(phrase: str, kind: str, code: str, row: _Row, *, case_sensitive: bool,
           sector_kind: str = "") -> KBEntry:
    return KBEntry(phrase, kind, code, sector_kind, case_sensitive, row.origin)


# --- Building records and entries per format --------------------------------------------

def _country_from(row: _Row) -> Country:
    iso3 = _required(row, "iso3")
    if not _ISO3.match(iso3):
        raise row.error(f"bad iso3 {iso3!r}: expected three upper-case letters")
    name = _required(row, "name")
    metonyms = []
    for item in row.values("metonyms"):
        phrase, sep, code = (part.strip() for part in item.partition("="))
        if not sep or not phrase or not code:
            raise row.error(f"bad metonym {item!r}: write phrase=CODE")
        if not _CODE.match(code) or not code.startswith(iso3):
            raise row.error(f"metonym {item!r}: its code must start with {iso3}")
        metonyms.append((phrase, code))
    names = row.values("names") or (name,)
    return Country(iso3, name, names, row.values("demonyms"), row.values("demonym_plurals"),
                   row.values("adjectives"), row.values("capitals"), tuple(metonyms))


def _country_entries(country: Country, row: _Row) -> Iterator[KBEntry]:
    fields = (("state", country.names), ("demonym", country.demonyms),
              ("demonym_plural", country.demonym_plurals), ("adjective", country.adjectives),
              ("capital", country.capitals))
    for kind, phrases in fields:
        for phrase in phrases:
            yield _entry(phrase, kind, country.iso3, row, case_sensitive=_is_acronym(phrase))
    for phrase, code in country.metonyms:
        yield _entry(phrase, "metonym", code, row, case_sensitive=_is_acronym(phrase))


def _organisation_from(row: _Row, countries: Mapping[str, Country], kind: str) -> Organisation:
    code = _required(row, "code")
    _check_code(row, code, countries)
    names = row.values("names")
    if not names:
        raise row.error("empty names")
    country = _check_country_column(row, countries)
    if kind == "state" and code[:3] != country:
        raise row.error(f"state body {code!r} must name its country {code[:3]!r} in the country column")
    return Organisation(code, names[0], names, country, kind, row.origin)


def _organisation_entries(org: Organisation, row: _Row) -> Iterator[KBEntry]:
    exact = _choice(row, "match", _MATCH) == "exact_case"
    # a state row with the bare ISO3 names the state itself, so its phrases combine with
    # agents ("Helmand police") as state names do
    entry_kind = "group" if org.kind == "group" else "state" if org.code == org.country else "org"
    for phrase in org.names:
        yield _entry(phrase, entry_kind, org.code, row, case_sensitive=exact)


def _region_entries(row: _Row, countries: Mapping[str, Country]) -> Iterator[KBEntry]:
    """The name and other names of a region, each coded with the bare ISO3 of its country."""
    name = " ".join(_required(row, "name").split())
    country = _required(row, "country")
    if not _ISO3.match(country):
        raise row.error(f"bad country {country!r}: expected the ISO3 of a state (PSE), not an actor code")
    if country not in countries:
        raise row.error(f"unknown country {country!r} (not in any countries file)")
    for phrase in dict.fromkeys((name, *row.values("names"))):
        yield _entry(phrase, "region", country, row, case_sensitive=_is_acronym(phrase))


def _agent_entry(row: _Row) -> KBEntry:
    phrase = " ".join(_required(row, "phrase").split())
    sector = _required(row, "sector")
    _check_sector(row, sector)
    kind = _choice(row, "kind", _AGENT_KINDS)
    exact = _choice(row, "match", _MATCH) == "exact_case"
    return _entry(phrase, "agent", sector, row, case_sensitive=exact, sector_kind=kind)


def _discard_entry(row: _Row) -> KBEntry:
    phrase = " ".join(_required(row, "phrase").split())
    scope = _choice(row, "scope", _DISCARD_SCOPES)
    exact = _choice(row, "match", _MATCH) == "exact_case"
    return _entry(phrase, "discard", scope, row, case_sensitive=exact)


def _role_from(row: _Row, countries: Mapping[str, Country]) -> Role:
    code = _required(row, "code")
    _check_code(row, code, countries)
    start = _parse_date(row, "from", end=False)
    end = _parse_date(row, "until", end=True)
    if start and end and end < start:
        raise row.error(f"until {row.cells['until']} is before from {row.cells['from']}")
    return Role(code, start, end)


# --- The knowledge base --------------------------------------------------------------------

class _Builder:
    """Collects records and entries while files are read; checks duplicates per file."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.organisations: dict[str, list[Organisation]] = defaultdict(list)
        self.groups: dict[str, list[Organisation]] = defaultdict(list)
        self.person_rows: dict[str, list[tuple[_Row, tuple[str, ...], Role]]] = defaultdict(list)
        self.entries: dict[tuple[str, str, str, bool], KBEntry] = {}

    def add_entries(self, entries: Iterable[KBEntry], row: _Row, seen: dict[str, KBEntry]) -> None:
        """Keep entries, one per spelling as the matcher reads it (see
        :attr:`KBEntry.matches_as_written`); a phrase with another code earlier in the same
        file, in any case, is an error.

        Two people may share a name (two David Johnstons): the resolver tells them apart
        by the dates of their roles, so that is no error.
        """
        for entry in entries:
            first = seen.setdefault(entry.phrase.casefold(), entry)
            homonyms = first.kind == entry.kind == "person"
            if first.code != entry.code and not homonyms:
                raise row.error(f"{entry.phrase!r} is {entry.code} here but {first.code} at {first.origin}")
            # keyed by the matcher's case rule: "NATO" (read as written) and "Nato" (any case)
            # are two spellings, and keeping only one would lose the other
            exact = entry.matches_as_written
            spelling = entry.phrase if exact else entry.phrase.casefold()
            self.entries.setdefault((spelling, entry.kind, entry.code, exact), entry)

    def add_file(self, parsed: _File) -> None:
        seen: dict[str, KBEntry] = {}
        for row in parsed.rows:
            self.add_row(parsed.format, row, seen)

    def add_row(self, fmt: str, row: _Row, seen: dict[str, KBEntry]) -> None:
        if fmt == "countries":
            country = self.countries[row.cells["iso3"]]
            self.add_entries(_country_entries(country, row), row, seen)
        elif fmt in ("organisations", "groups"):
            kind = _choice(row, "kind", _ORG_KINDS) if fmt == "organisations" else "group"
            org = _organisation_from(row, self.countries, kind)
            (self.organisations if fmt == "organisations" else self.groups)[org.code].append(org)
            self.add_entries(_organisation_entries(org, row), row, seen)
        elif fmt == "regions":
            self.add_entries(_region_entries(row, self.countries), row, seen)
        elif fmt == "agents":
            self.add_entries([_agent_entry(row)], row, seen)
        elif fmt == "discards":
            self.add_entries([_discard_entry(row)], row, seen)
        else:
            self.add_person_row(row, seen)

    def add_person_row(self, row: _Row, seen: dict[str, KBEntry]) -> None:
        person_id = _required(row, "person_id")
        role = _role_from(row, self.countries)
        names = row.values("names")
        self.person_rows[person_id].append((row, names, role))
        entries = [_entry(name, "person", person_id, row, case_sensitive=" " not in name) for name in names]
        self.add_entries(entries, row, seen)

    def add_countries(self, files: Sequence[_File]) -> None:
        for parsed in files:
            if parsed.format != "countries":
                continue
            for row in parsed.rows:
                country = _country_from(row)
                if country.iso3 in self.countries:
                    raise row.error(f"country {country.iso3} is defined twice")
                self.countries[country.iso3] = country

    def persons(self) -> dict[str, Person]:
        persons = {}
        for person_id, rows in self.person_rows.items():
            names = tuple(dict.fromkeys(name for _, row_names, _ in rows for name in row_names))
            if not names:
                raise rows[0][0].error(f"person {person_id!r} has no names on any row")
            files = {row.path for row, _, _ in rows}
            if len(files) > 1:
                logger.info("person %s is listed in %s; their roles are merged",
                               person_id, ", ".join(sorted(p.name for p in files)))
            roles = tuple(sorted((role for _, _, role in rows), key=lambda r: r.start or dt.date.min))
            persons[person_id] = Person(person_id, names[0], names, roles)
        return persons


def _warn_cross_file_conflicts(entries: Iterable[KBEntry]) -> None:
    """One warning listing phrases that different files give different codes.

    People who share a name are left out: they are told apart by date, not by file.
    Discards are left out too: covering a phrase that means an actor is their purpose.
    """
    by_phrase: dict[str, list[KBEntry]] = defaultdict(list)
    for entry in entries:
        if entry.kind != "discard":
            by_phrase[entry.phrase.casefold()].append(entry)
    conflicts = []
    for found in by_phrase.values():
        codes = {entry.code: entry.origin for entry in reversed(found)}
        files = {entry.origin.rpartition(":")[0] for entry in found}
        if len(codes) > 1 and len(files) > 1 and any(entry.kind != "person" for entry in found):
            meanings = ", ".join(f"{code} ({origin})" for code, origin in codes.items())
            conflicts.append(f"{found[0].phrase!r}: {meanings}")
    if conflicts:
        more = f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
        logger.warning("%d phrases mean different actors in different files: %s%s",
                       len(conflicts), "; ".join(conflicts[:10]), more)


def _warn_unknown_body_codes(persons: Mapping[str, Person], body_codes: set[str]) -> None:
    """Warn when people hold IGO/NGO/IMG codes no organisation or group has: two spellings
    of one body would split it into two actors in every dyad."""
    unknown = sorted({role.code for person in persons.values() for role in person.roles
                      if not role.country and role.code not in body_codes})
    if unknown:
        logger.warning("people hold codes that no organisation or group has: %s", ", ".join(unknown))


def _is_generic_region(entry: KBEntry) -> bool:
    return entry.kind == "region" and entry.phrase.split()[-1].casefold() in GENERIC_REGION_WORDS


class KnowledgeBase:
    """Immutable knowledge base of actor phrases and the records behind them.

    Build with :meth:`load`. Lookups ignore case except for case-sensitive entries,
    which match only as written.
    """

    __slots__ = ("_entries", "_index", "_countries", "_persons", "_organisations", "_groups")

    def __init__(self, entries: Sequence[KBEntry], countries: Mapping[str, Country],
                 persons: Mapping[str, Person], organisations: Mapping[str, Sequence[Organisation]],
                 groups: Mapping[str, Sequence[Organisation]]) -> None:
        self._entries = tuple(entries)
        index: dict[str, list[KBEntry]] = defaultdict(list)
        for entry in self._entries:
            index[entry.phrase.casefold()].append(entry)
        self._index = {key: tuple(found) for key, found in index.items()}
        self._countries = MappingProxyType(dict(countries))
        self._persons = MappingProxyType(dict(persons))
        self._organisations = MappingProxyType({code: tuple(orgs) for code, orgs in organisations.items()})
        self._groups = MappingProxyType({code: tuple(groups_) for code, groups_ in groups.items()})

    @classmethod
    def load(cls, data_dir: Path | None = None, extra_paths: Sequence[Path] = ()) -> KnowledgeBase:
        """Read and validate the dictionaries in ``data_dir`` (default: the packaged
        ones), then ``extra_paths``: user dictionaries in our formats, folders of them,
        or PETRARCH/TABARI dictionaries (converted in memory, see
        :mod:`dyads.actors.petrarch`).

        Raises :class:`~dyads.errors.DataFileError` naming file and line on any problem.
        """
        began = time.perf_counter()
        paths = _dictionary_paths(Path(data_dir) if data_dir else _default_data_dir(), extra_paths)
        builder = _Builder()
        files = _dictionary_files(paths, builder)
        for parsed in files:
            builder.add_file(parsed)
        entries = list(builder.entries.values())
        _warn_cross_file_conflicts(entries)
        persons = builder.persons()
        _warn_unknown_body_codes(persons, set(builder.organisations) | set(builder.groups))
        kb = cls(entries, builder.countries, persons, builder.organisations, builder.groups)
        logger.debug("actor knowledge base: %d entries from %d files in %.3f s",
                     len(entries), len(files), time.perf_counter() - began)
        return kb

    def entries(self) -> tuple[KBEntry, ...]:
        """Every phrase, in file and line order."""
        return self._entries

    def lookup(self, phrase: str) -> tuple[KBEntry, ...]:
        """Entries whose phrase is ``phrase``, ignoring case unless the entry matches only as
        written (:attr:`KBEntry.matches_as_written`), as the matcher does."""
        text = " ".join(phrase.split())
        found = self._index.get(text.casefold(), ())
        return tuple(entry for entry in found if not entry.matches_as_written or entry.phrase == text)

    def country(self, iso3: str) -> Country | None:
        return self._countries.get(iso3)

    def person(self, person_id: str) -> Person | None:
        return self._persons.get(person_id)

    def possessable_names(self) -> frozenset[str]:
        """Phrases, as written, that take a possessive "'s": state names, capitals, regions,
        metonyms, organisation names and acronyms, person names and surnames. Not
        demonyms, plurals, agents or armed groups ("Afghans", "Taliban"), nor region names
        ending in a common noun ("Donetsk region", see :data:`GENERIC_REGION_WORDS`)."""
        return frozenset(entry.phrase for entry in self._entries if entry.kind in POSSESSABLE_KINDS
                         and not _is_generic_region(entry))

    @property
    def countries(self) -> Mapping[str, Country]:
        """ISO3 -> :class:`Country`."""
        return self._countries

    @property
    def persons(self) -> Mapping[str, Person]:
        """person_id -> :class:`Person`."""
        return self._persons

    @property
    def organisations(self) -> Mapping[str, tuple[Organisation, ...]]:
        """Code -> the organisations.tsv rows with that code; the first names the actor."""
        return self._organisations

    @property
    def groups(self) -> Mapping[str, tuple[Organisation, ...]]:
        """Code -> the armed groups with that code (several groups share PAKREB)."""
        return self._groups
