"""Reads PETRARCH/TABARI actor, agent and discard dictionaries into dyads' formats.

Contract: :func:`read_petrarch_dictionary` parses one PETRARCH file into a
:class:`PetrarchDictionary` (entries as written, plus the lines it had to skip and why);
:func:`to_tables` maps dictionaries onto the TSV formats of :mod:`dyads.actors.kb`;
:func:`convert` writes those tables, each with a comment block naming its source;
:func:`import_dictionaries` does both and reports counts and skipped lines.
:meth:`~dyads.actors.kb.KnowledgeBase.load` also accepts PETRARCH files directly and
converts them in memory with :func:`to_tables`.

The format, as the Phoenix and validation dictionaries use it:

- Comments: ``#`` and, from KEDS/TABARI, ``;`` to the end of a line; ``<!-- ... -->`` on
  one line or over several; any line that begins with ``<``. Blank lines are skipped and
  a line holding ``---STOP---`` ends the file.
- Actors: a primary phrase, ``WORDS_JOINED_BY_UNDERSCORES [CODE]``; synonyms on lines
  beginning with ``+``; codes in brackets on the primary line or on the lines that
  follow. A code may carry a date restriction: ``[RUSGOV 040309-]`` (from),
  ``[USAELI >010120]`` (from), ``[HOB <950601]`` (until), ``[RUSGOV 000507-080507]``
  (between); bounds are inclusive. An undated code is the default: it holds whenever no
  dated code does. Primary lines without a code that follow each other share the codes
  that come next, as in PETRARCH (``IVO_JOSIPOVIC_`` / ``JOSIPOVIC_`` / ``[HRVGOV ...]``).
- Dates are ``YYYYMMDD`` or ``YYMMDD``. Two-digit years follow the rule of KEDS, TABARI
  and PETRARCH, for which the dictionaries were written: 00-30 are 20YY, 31-99 are 19YY
  (:data:`CENTURY_PIVOT`). Other lengths are refused (the line is skipped).
- Agents: ``PHRASE {PLURAL} [~CODE]``: ``~GOV`` adds the sector after the actor's
  country, ``NGO~`` before it (dyads keeps the sector either way). ``{}`` means no
  plural; without braces a regular English plural is made (of the word before "of",
  "for", ... when there is one: "heads of state"). ``!PERSON! = MAN, MEN`` defines a
  substitution set; ``CONGRESS!PERSON!`` then stands for each member, without plurals.
- Discards: one phrase a line; ``+`` marks a story-level discard, no ``+`` a sentence-level one.

How entries map onto our tables:

- An actor entry with at least one dated code becomes a person (people table, one row
  per dated code); its default code fills the periods no dated code covers.
- An actor entry with only a default code becomes a row of the organisations table
  (IGO, NGO, MNC and state codes; a bare country code lists further names of the state)
  or of the groups table (IMG codes, and state codes whose sector is REB, UAF, INS or SEP).
- Agents become agents rows; the sector keeps the leading parts dyads knows
  (``~GOVFRM`` -> ``GOV``), and the kind (title or group) is guessed from the head word.
- Discards become discards rows (see :mod:`dyads.actors.kb`).

Not mapped, and said so in :attr:`ImportReport.skipped`: codes dyads cannot validate
(regional prefixes such as ``SASREB``, historical states, codes not in 3-letter parts,
null codes ``---``), malformed dates, and phrases with damaged characters. Not mapped
silently: TABARI stems (a phrase without a final ``_`` matched any word beginning with
it; dyads matches whole words) and blanks in agent phrases that allowed words in between.

Phrases come in capitals; they are written in our tables title-cased (actors), lower
case (agents, discards), with acronyms kept in capitals ("U.N.", "CIA"), so that the
matcher's case rules apply as for our own dictionaries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import re
import time
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from dyads.actors.kb import NON_STATE_PREFIXES, SECTOR_CODES, code_problem
from dyads.errors import DataFileError

logger = logging.getLogger(__name__)

#: Kinds of PETRARCH dictionary.
DICTIONARY_KINDS = ("actors", "agents", "discards")
#: Two-digit years up to this are 20YY, later ones 19YY (the KEDS/TABARI/PETRARCH rule).
CENTURY_PIVOT = 30
#: Codes that stand for "no actor" (PETRARCH ``---``; TABARI ``+++`` and ``###``).
NULL_CODES = frozenset({"---", "+++", "###"})
#: Sectors after a country that make an armed group (groups table), not a state body.
GROUP_SECTORS = frozenset({"REB", "UAF", "INS", "SEP"})

_COLUMNS = {
    "people": ("person_id", "names", "code", "from", "until", "note"),
    "organisations": ("code", "names", "country", "kind", "match", "note"),
    "groups": ("code", "names", "country", "match", "note"),
    "agents": ("phrase", "sector", "kind", "match", "note"),
    "discards": ("phrase", "scope", "match", "note"),
}
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_MARKER_DEFINITION = re.compile(r"^\s*!([A-Za-z0-9_]+)!\s*=(.*)$")
_MARKER = re.compile(r"!([A-Za-z0-9_]+)!")
_PLURAL = re.compile(r"\{([^{}]*)\}")
_ACTOR_CODE = re.compile(r"^(?:[A-Z]{3})+$")
_RESTRICTION = re.compile(r"^(?:<(?P<until>\d+)|>(?P<after>\d+)|(?P<start>\d*)-(?P<end>\d*))$")
#: Characters no phrase may hold: our cell separator, PETRARCH syntax, and damage
#: (U+FFFD, control characters such as the Ctrl-Z left inside a few Phoenix names).
_REFUSED_CHARACTERS = frozenset("|[]{}~=<>$\ufffd")
#: CAMEO country codes that differ from the ISO3 our countries table uses.
CODE_ALIASES = MappingProxyType({"TMP": "TLS"})
_VOWELS = frozenset("AEIOUYaeiouy")
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "at", "to", "with", "from"})
_NOT_PLURAL_MAN = frozenset({"human", "german", "roman", "shaman", "ottoman", "talisman", "caiman"})
#: Head words of agent phrases that name an office-holder (kind "title"), not a group.
_TITLE_HEADS = frozenset("""
    minister president premier chancellor secretary ambassador envoy diplomat consul
    king queen monarch emir amir prince princess sultan sheikh shah governor mayor
    spokesman spokeswoman spokesperson official officer chief commander general admiral
    colonel marshal brigadier lieutenant captain judge justice prosecutor attorney senator
    lawmaker legislator parliamentarian congressman congresswoman speaker leader candidate
    editor professor ceo chairman chairwoman chairperson director head adviser advisor
    commissioner deputy member representative delegate negotiator mp
""".split())


# --- What a PETRARCH file holds -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PetrarchCode:
    """One bracketed code of an actor entry; ``dated`` is False for a default code.

    ``start``/``end`` are inclusive; ``None`` is an open bound.
    """

    code: str
    start: dt.date | None
    end: dt.date | None
    dated: bool
    line: int

    @property
    def is_null(self) -> bool:
        return self.code in NULL_CODES


@dataclass(frozen=True, slots=True)
class PetrarchActor:
    """An actor entry: its phrases (``names[0]`` is the primary) and codes, as written.

    ``name_lines`` gives the line of each name.
    """

    names: tuple[str, ...]
    name_lines: tuple[int, ...]
    codes: tuple[PetrarchCode, ...]
    line: int


@dataclass(frozen=True, slots=True)
class PetrarchAgent:
    """An agent line with its phrases expanded (plurals, substitution sets).

    ``code`` is as written (``~GOVFRM``); ``sector`` the part dyads keeps (``GOV``).
    """

    phrases: tuple[str, ...]
    code: str
    sector: str
    line: int


@dataclass(frozen=True, slots=True)
class PetrarchDiscard:
    """A discard phrase; ``scope`` is ``sentence`` or ``story`` (a leading ``+``)."""

    phrase: str
    scope: str
    line: int


@dataclass(frozen=True, slots=True)
class LineNote:
    """A line (or a phrase or code on it) that was skipped or changed, and why."""

    path: Path
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}: {self.reason}: {self.text.strip()!r}"


@dataclass(frozen=True, slots=True)
class PetrarchDictionary:
    """One PETRARCH file, read. ``skipped`` lists what could not be read, with reasons;
    ``adjusted`` what was read with a change (a trimmed sector, ignored trailing text)."""

    path: Path
    kind: str
    actors: tuple[PetrarchActor, ...] = ()
    agents: tuple[PetrarchAgent, ...] = ()
    discards: tuple[PetrarchDiscard, ...] = ()
    skipped: tuple[LineNote, ...] = ()
    adjusted: tuple[LineNote, ...] = ()

    @property
    def size(self) -> int:
        return len(self.actors) + len(self.agents) + len(self.discards)


# --- Reading lines ------------------------------------------------------------------------

class _Notes:
    """Collects skipped and adjusted lines of one file; in strict mode a skip is an error."""

    def __init__(self, path: Path, strict: bool) -> None:
        self.path = path
        self.strict = strict
        self.skipped: list[LineNote] = []
        self.adjusted: list[LineNote] = []

    def skip(self, line: int, text: str, reason: str) -> None:
        if self.strict:
            raise DataFileError(str(self.path), line, f"{reason}: {text.strip()!r}")
        self.skipped.append(LineNote(self.path, line, text, reason))

    def adjust(self, line: int, text: str, reason: str) -> None:
        self.adjusted.append(LineNote(self.path, line, text, reason))


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # TABARI-era dictionaries are often Latin-1; every byte decodes, nothing is lost
        logger.warning("%s is not UTF-8; read as Latin-1", path)
        return data.decode("latin-1")


def _without_comments(line: str) -> str:
    for mark in ("#", ";"):
        line = line.split(mark, 1)[0]
    return line.rstrip()


def _content_lines(path: Path, text: str) -> list[tuple[int, str]]:
    """(line number, text) of every line that is not blank or comment, comments removed."""
    lines = []
    open_comment: int | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if open_comment is not None:
            if "-->" not in line:
                continue
            line, open_comment = line.split("-->", 1)[1], None
        line = re.sub(r"<!--.*?-->", " ", line)
        if "<!--" in line:
            line, open_comment = line.split("<!--", 1)[0], number
        if line.lstrip().startswith("<"):
            continue
        if "---STOP---" in line:
            break
        line = _without_comments(line)
        if line.strip():
            lines.append((number, line))
    if open_comment is not None:
        raise DataFileError(str(path), open_comment, "'<!--' comment is never closed by '-->'")
    return lines


def _phrase(raw: str) -> tuple[str, str]:
    """A phrase as words joined by one blank, and ``""``; or ``""`` and what is wrong."""
    words = raw.replace("_", " ").split()
    phrase = " ".join(words)
    if not phrase:
        return "", "empty phrase"
    odd = sorted({ch for ch in phrase if ch in _REFUSED_CHARACTERS or not ch.isprintable()})
    if odd:
        return "", f"unexpected character {''.join(odd)!r} in the phrase"
    if any(word.startswith("+") for word in words):
        return "", "'+' inside the phrase (two synonyms on one line?)"
    return phrase, ""


# --- Detecting the kind ----------------------------------------------------------------------

def _kind_by_name(path: Path) -> str | None:
    name = path.name.lower()
    for kind, marker in (("agents", "agent"), ("discards", "discard"), ("actors", "actor")):
        if marker in name:
            return kind
    return None


def _kind_by_content(lines: Sequence[tuple[int, str]]) -> str:
    agent_codes = actor_codes = 0
    for _, line in lines:
        if _MARKER_DEFINITION.match(line):
            agent_codes += 1
        for code in _BRACKETED.findall(line):
            if "~" in code:
                agent_codes += 1
            else:
                actor_codes += 1
    if not agent_codes and not actor_codes:
        return "discards"
    return "agents" if agent_codes > actor_codes else "actors"


def _detect_kind(path: Path, lines: Sequence[tuple[int, str]]) -> str:
    """The content decides; a name that says otherwise is an error, not a guess."""
    by_content = _kind_by_content(lines)
    by_name = _kind_by_name(path)
    if by_name and by_name != by_content:
        raise DataFileError(str(path), lines[0][0], (
            f"the file name says {by_name} but the lines look like {by_content} "
            f"(pass kind= to read_petrarch_dictionary to say which)"))
    return by_content


def is_petrarch_dictionary(path: Path) -> bool:
    """True unless the first line that is not a ``#`` comment is a tab-separated header
    (our TSV formats); unreadable files are left to our reader, which names the problem."""
    try:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return False
    for raw in text.split("\n"):
        line = raw.strip("\r\n ")
        if line and not line.startswith("#"):
            return "\t" not in line or "[" in line
    return False


# --- Actors -----------------------------------------------------------------------------------

def _parse_date(text: str) -> dt.date:
    """YYYYMMDD or YYMMDD (00-30 -> 20YY, 31-99 -> 19YY); ValueError otherwise."""
    if len(text) == 8:
        year = int(text[:4])
    elif len(text) == 6:
        short = int(text[:2])
        year = (2000 if short <= CENTURY_PIVOT else 1900) + short
    else:
        raise ValueError(f"date {text!r} has {len(text)} digits; expected YYMMDD or YYYYMMDD")
    try:
        return dt.date(year, int(text[-4:-2]), int(text[-2:]))
    except ValueError:
        raise ValueError(f"no such date {text!r}") from None


def _parse_actor_code(inside: str, line: int) -> PetrarchCode:
    """The text inside one pair of brackets; ValueError says what is wrong."""
    code, _, restriction = inside.strip().partition(" ")
    code = code.upper()
    if not code:
        raise ValueError("empty code")
    if code not in NULL_CODES and not _ACTOR_CODE.match(code):
        raise ValueError(f"code {code!r} is not upper-case letters in groups of three")
    restriction = "".join(restriction.split())
    if not restriction:
        return PetrarchCode(code, None, None, False, line)
    match = _RESTRICTION.match(restriction)
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"date restriction {restriction!r}: expected <DATE, >DATE or DATE-DATE")
    if match["until"]:
        start, end = None, _parse_date(match["until"])
    elif match["after"]:
        start, end = _parse_date(match["after"]), None
    else:
        start = _parse_date(match["start"]) if match["start"] else None
        end = _parse_date(match["end"]) if match["end"] else None
    if start and end and end < start:
        raise ValueError(f"date restriction {restriction!r} ends before it starts")
    return PetrarchCode(code, start, end, True, line)


@dataclass(slots=True)
class _OpenActor:
    names: list[str] = field(default_factory=list)
    name_lines: list[int] = field(default_factory=list)
    codes: list[PetrarchCode] = field(default_factory=list)
    line: int = 0

    def frozen(self) -> PetrarchActor:
        return PetrarchActor(tuple(self.names), tuple(self.name_lines), tuple(self.codes), self.line)


class _ActorReader:
    """Line by line; an entry is closed when a new primary phrase follows its codes."""

    def __init__(self, path: Path, notes: _Notes) -> None:
        self.path = path
        self.notes = notes
        self.actors: list[PetrarchActor] = []
        self.current: _OpenActor | None = None

    def read(self, lines: Iterable[tuple[int, str]]) -> tuple[PetrarchActor, ...]:
        for number, line in lines:
            self.read_line(number, line)
        self.close()  # the last entry counts too
        return tuple(self.actors)

    def read_line(self, number: int, line: str) -> None:
        if line.count("[") != line.count("]"):
            self.notes.skip(number, line, "unbalanced '[' and ']'")
            return
        text, bracket, tail = line.partition("[")
        text = text.strip()
        codes = _BRACKETED.findall(bracket + tail)
        leftover = _BRACKETED.sub(" ", bracket + tail).strip()
        if leftover:
            self.notes.adjust(number, line, f"text after the code ignored: {leftover!r}")
        if text.startswith("+"):
            self.add_name(number, line, text[1:])
        elif text:
            if self.current is None or self.current.codes:
                self.close()
                self.current = _OpenActor(line=number)
            self.add_name(number, line, text)
        elif self.current is None:
            raise DataFileError(str(self.path), number, "a code before any actor phrase")
        for inside in codes:
            self.add_code(number, line, inside)

    def add_name(self, number: int, line: str, raw: str) -> None:
        if self.current is None:
            raise DataFileError(str(self.path), number, "a '+' synonym before any actor phrase")
        phrase, problem = _phrase(raw)
        if problem:
            self.notes.skip(number, line, problem)
        elif phrase not in self.current.names:
            if not self.current.names:
                self.current.line = number
            self.current.names.append(phrase)
            self.current.name_lines.append(number)

    def add_code(self, number: int, line: str, inside: str) -> None:
        assert self.current is not None
        try:
            self.current.codes.append(_parse_actor_code(inside, number))
        except ValueError as exc:
            self.notes.skip(number, line, str(exc))

    def close(self) -> None:
        entry, self.current = self.current, None
        if entry is None:
            return
        if not entry.names:
            self.notes.skip(entry.line, "", "entry lost: none of its phrases is usable")
        elif not entry.codes:
            self.notes.skip(entry.line, entry.names[0], "actor without a code")
        else:
            self.actors.append(entry.frozen())


# --- Agents -----------------------------------------------------------------------------------

def _plural_word(word: str) -> str:
    """Regular English plural; ``""`` for words that look plural already or have no letters."""
    lower = word.lower()
    if not lower[-1:].isalpha():
        return ""
    if _is_acronym(word, short_is_acronym=False):
        return word + "s"  # MPs
    if lower.endswith("man") and lower not in _NOT_PLURAL_MAN:
        plural = lower[:-3] + "men"
    elif lower.endswith("y") and lower[-2:-1] not in _VOWELS:
        plural = lower[:-1] + "ies"
    elif lower.endswith(("ss", "us", "x", "z", "ch", "sh")):
        plural = lower + "es"
    elif lower.endswith("s"):
        return ""
    else:
        plural = lower + "s"
    return plural.upper() if word.isupper() else plural


def _head_index(words: Sequence[str]) -> int:
    """The head noun: the word before the first preposition, else the last word."""
    for index, word in enumerate(words):
        if index and word.lower() in _PREPOSITIONS:
            return index - 1
    return len(words) - 1


def regular_plural(phrase: str) -> str:
    """The plural of an agent phrase: its head word made plural ("heads of state"); ``""`` if none."""
    words = phrase.split(" ")
    head = _head_index(words)
    plural = _plural_word(words[head])
    return " ".join(words[:head] + [plural] + words[head + 1:]) if plural else ""


def _singular_forms(word: str) -> set[str]:
    word = word.lower()
    forms = {word}
    if word.endswith("men"):
        forms.add(word[:-3] + "man")
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    return forms


def agent_kind(phrase: str) -> str:
    """``title`` when the head word names an office-holder ("foreign minister", "heads of
    state"), else ``group`` ("troops", "foreign ministry"). A guess: PETRARCH has no kind."""
    words = phrase.split(" ")
    head = words[_head_index(words)]
    return "title" if _singular_forms(head) & _TITLE_HEADS else "group"


def _agent_sector(code: str) -> tuple[str, str]:
    """(sector dyads keeps, problem). ``~GOVFRM`` keeps ``GOV``; ``IGO~`` keeps nothing."""
    text = "".join(code.split()).upper()
    if text.count("~") != 1 or text not in ("~" + text.strip("~"), text.strip("~") + "~"):
        return "", f"agent code {code.strip()!r}: expected ~CODE or CODE~"
    body = text.strip("~")
    if not body:
        return "", "empty agent code"
    parts = [body[i:i + 3] for i in range(0, len(body), 3)]
    known = list(itertools.takewhile(lambda part: part in SECTOR_CODES and len(part) == 3, parts))
    if not known:
        return "", f"agent code {code.strip()!r}: {parts[0]!r} is no sector dyads knows"
    return "".join(known), ""


def _expand_markers(phrase: str, markers: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every phrase the substitution markers of ``phrase`` stand for (members are not
    expanded again); KeyError names an undefined marker."""
    pieces = _MARKER.split(phrase)  # odd places hold marker names
    options = [[piece] if place % 2 == 0 else list(markers[piece.upper()]) for place, piece in enumerate(pieces)]
    return ["".join(choice) for choice in itertools.product(*options)]


class _AgentReader:
    def __init__(self, notes: _Notes) -> None:
        self.notes = notes
        self.markers: dict[str, tuple[str, ...]] = {}
        self.agents: list[PetrarchAgent] = []

    def read(self, lines: Iterable[tuple[int, str]]) -> tuple[PetrarchAgent, ...]:
        for number, line in lines:
            self.read_line(number, line)
        return tuple(self.agents)

    def read_line(self, number: int, line: str) -> None:
        definition = _MARKER_DEFINITION.match(line)
        if definition:
            items = tuple(item.strip() for item in definition[2].split(",") if item.strip())
            self.markers[definition[1].upper()] = items
            return
        if line.count("[") != 1 or line.count("]") != 1 or line.index("[") > line.index("]"):
            self.notes.skip(number, line, "an agent needs one code in '[...]'")
            return
        text, _, rest = line.partition("[")
        sector, problem = _agent_sector(rest.partition("]")[0])
        if problem:
            self.notes.skip(number, line, problem)
            return
        phrases = self.phrases(number, line, text)
        if phrases:
            code = rest.partition("]")[0].strip()
            self.agents.append(PetrarchAgent(tuple(phrases), code, sector, number))
            if "".join(code.split()).strip("~").upper() != sector:
                self.notes.adjust(number, line, f"sector {sector} kept of {code}")

    def phrases(self, number: int, line: str, text: str) -> list[str]:
        """The phrase, then its plural; or every phrase of a substitution set."""
        if text.count("{") != text.count("}"):
            self.notes.skip(number, line, "unbalanced '{' and '}'")
            return []
        plurals = _PLURAL.findall(text)
        singular = _PLURAL.sub(" ", text)
        if not singular.strip():
            self.notes.skip(number, line, "agent without a phrase")
            return []
        try:
            forms = _expand_markers(singular, self.markers)
        except KeyError as exc:
            self.notes.skip(number, line, f"substitution marker !{exc.args[0]}! is not defined above")
            return []
        if not forms:
            self.notes.skip(number, line, "empty substitution set")
        elif forms == [singular]:
            forms += plurals if plurals else [regular_plural(_phrase(singular)[0])]
        phrases = []
        for raw in forms:
            phrase, problem = _phrase(raw) if raw.strip() else ("", "")
            if problem:
                self.notes.skip(number, line, problem)
            elif phrase and phrase not in phrases:
                phrases.append(phrase)
        return phrases


# --- Discards --------------------------------------------------------------------------------

def _read_discards(lines: Iterable[tuple[int, str]], notes: _Notes) -> tuple[PetrarchDiscard, ...]:
    discards = []
    for number, line in lines:
        text = line.strip()
        scope = "story" if text.startswith("+") else "sentence"
        if "[" in text or "]" in text:
            notes.skip(number, line, "a discard has no code")
            continue
        phrase, problem = _phrase(text.removeprefix("+"))
        if problem:
            notes.skip(number, line, problem)
        else:
            discards.append(PetrarchDiscard(phrase, scope, number))
    return tuple(discards)


def read_petrarch_dictionary(path: str | Path, kind: str | None = None, *,
                             strict: bool = False) -> PetrarchDictionary:
    """Read a PETRARCH/TABARI actors, agents or discards file; ``kind`` is told by the
    content (and must agree with a name that says it) unless given.

    Lines that cannot be mapped (a malformed date, an unclosed bracket) are skipped and
    listed in :attr:`PetrarchDictionary.skipped`, since curated dictionaries carry a few;
    ``strict=True`` makes the first of them an error. Structural problems are always
    errors: :class:`~dyads.errors.DataFileError` with file and line.
    """
    path = Path(path)
    lines = _content_lines(path, _read_text(path))
    if not lines:
        raise DataFileError(str(path), None, "no entries: every line is blank or a comment")
    if kind is not None and kind not in DICTIONARY_KINDS:
        raise ValueError(f"kind must be one of {DICTIONARY_KINDS}, not {kind!r}")
    kind = kind or _detect_kind(path, lines)
    notes = _Notes(path, strict)
    if kind == "actors":
        found = {"actors": _ActorReader(path, notes).read(lines)}
    elif kind == "agents":
        found = {"agents": _AgentReader(notes).read(lines)}
    else:
        found = {"discards": _read_discards(lines, notes)}
    dictionary = PetrarchDictionary(path, kind, **found, skipped=tuple(notes.skipped),
                                    adjusted=tuple(notes.adjusted))
    logger.debug("%s: %d %s, %d lines skipped", path.name, dictionary.size, kind, len(notes.skipped))
    return dictionary


# --- Writing phrases our way -------------------------------------------------------------------

def _is_acronym(word: str, short_is_acronym: bool) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return False
    return ("." in word or not _VOWELS & set(letters)
            or (short_is_acronym and len(letters) <= 3 and word.isupper()))


def _title_word(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def cased_phrase(phrase: str, *, title: bool, short_is_acronym: bool = False) -> tuple[str, bool]:
    """A PETRARCH phrase as our tables write it, and whether it is an acronym to match
    only as written. Phrases with lower-case letters were cased by hand and are kept.

    ``short_is_acronym`` makes a one-word phrase of up to three capitals an acronym
    ("UN", "IS"), so that it never matches "Un" or "Is" at the start of a sentence.
    """
    if any(ch.islower() for ch in phrase):
        return phrase, False
    words = phrase.split(" ")
    single = len(words) == 1
    if single and _is_acronym(words[0], short_is_acronym):
        return phrase, True
    cased = [word if _is_acronym(word, False) else (_title_word(word) if title else word.lower())
             for word in words]
    return " ".join(cased), False


# --- Mapping onto our tables ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Table:
    """Rows of one of our formats converted from one PETRARCH file; each row keeps the
    line of the PETRARCH file it comes from."""

    source: Path
    format: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Conversion:
    """The tables of :func:`to_tables`, what they count, and what was left out."""

    tables: tuple[Table, ...]
    counts: Mapping[str, int]
    skipped: tuple[LineNote, ...]
    adjusted: tuple[LineNote, ...]


class _TableBuilder:
    """Rows of one table; a phrase given another code earlier in the table is skipped,
    since our loader refuses one phrase with two codes in one file."""

    def __init__(self, source: Path, fmt: str, notes: _Notes, homonyms: bool = False) -> None:
        self.source = source
        self.format = fmt
        self.notes = notes
        self.homonyms = homonyms
        self.codes: dict[str, tuple[str, int]] = {}
        self.rows: list[tuple[int, tuple[str, ...]]] = []

    def keep(self, phrases: Iterable[tuple[str, int]], code: str) -> list[str]:
        """The phrases to write with ``code``: new ones. A phrase the table already has
        with this code is dropped quietly, with another code it is noted. People keep
        every name (two people may share one; dates tell them apart)."""
        kept = []
        for phrase, line in phrases:
            key = phrase.casefold()
            earlier = self.codes.get(key)
            if self.homonyms or earlier is None:
                self.codes.setdefault(key, (code, line))
                if phrase not in kept:
                    kept.append(phrase)
            elif earlier[0] != code:
                self.notes.skip(line, phrase, f"phrase is {earlier[0]} at line {earlier[1]}; {code} left out")
        return kept

    def add(self, line: int, cells: Sequence[str]) -> None:
        self.rows.append((line, tuple(cells)))

    def table(self) -> Table:
        return Table(self.source, self.format, _COLUMNS[self.format], tuple(self.rows))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_") or "x"


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _uncovered(codes: Sequence[PetrarchCode]) -> list[tuple[dt.date | None, dt.date | None]]:
    """Periods no dated code covers: where PETRARCH uses the default code."""
    gaps = []
    first_free: dt.date | None = dt.date.min
    for code in sorted(codes, key=lambda c: c.start or dt.date.min):
        start = code.start or dt.date.min
        if first_free is None:
            break
        if start > first_free:
            gaps.append((first_free, start - dt.timedelta(days=1)))
        end = code.end or dt.date.max
        if end >= first_free:
            first_free = None if end == dt.date.max else end + dt.timedelta(days=1)
    if first_free is not None:
        gaps.append((first_free, dt.date.max))
    return [(None if start == dt.date.min else start, None if end == dt.date.max else end)
            for start, end in gaps]


class _ActorConverter:
    """Maps the actor entries of one file onto people, organisations and groups tables."""

    def __init__(self, dictionary: PetrarchDictionary, countries: Collection[str], notes: _Notes) -> None:
        self.dictionary = dictionary
        self.countries = countries
        self.notes = notes
        source = dictionary.path
        self.people = _TableBuilder(source, "people", notes, homonyms=True)
        self.organisations = _TableBuilder(source, "organisations", notes)
        self.groups = _TableBuilder(source, "groups", notes)
        self.person_ids: set[str] = set()
        self.counts: Counter[str] = Counter()

    def tables(self) -> list[Table]:
        for actor in self.dictionary.actors:
            self.convert(actor)
        return [builder.table() for builder in (self.people, self.organisations, self.groups) if builder.rows]

    def ours(self, code: PetrarchCode) -> PetrarchCode:
        """The code as dyads writes it: CAMEO aliases replaced (TMP -> TLS), and a
        territory written after its state (GBRVGBGOV) by its own ISO3 (VGBGOV)."""
        text = CODE_ALIASES.get(code.code[:3], code.code[:3]) + code.code[3:]
        if text[:3] in self.countries and text[3:6] in self.countries and text[3:6] not in SECTOR_CODES:
            text = text[3:]
        if text == code.code:
            return code
        self.notes.adjust(code.line, code.code, f"coded {text}")
        return dataclasses.replace(code, code=text)

    def usable(self, actor: PetrarchActor) -> list[PetrarchCode]:
        """Codes our loader accepts; null codes are dropped quietly, the others noted."""
        usable = []
        for code in map(self.ours, actor.codes):
            problem = "" if code.is_null else code_problem(code.code, self.countries)
            if problem:
                self.notes.skip(code.line, actor.names[0], problem)
            elif not code.is_null:
                usable.append(code)
        return usable

    def convert(self, actor: PetrarchActor) -> None:
        usable = self.usable(actor)
        defaults = [code for code in usable if not code.dated]
        for extra in defaults[1:]:
            self.notes.skip(extra.line, extra.code, f"a second default code; {defaults[0].code} is used")
        if any(code.dated for code in actor.codes):
            self.person(actor, [code for code in usable if code.dated], defaults[:1])
        elif defaults:
            self.body(actor, defaults[0])
        elif not any(code.is_null for code in actor.codes):
            self.notes.skip(actor.line, actor.names[0], "no code left to use")

    def person(self, actor: PetrarchActor, dated: list[PetrarchCode], default: list[PetrarchCode]) -> None:
        roles = [(code.code, code.start, code.end, code.line) for code in dated]
        if default:
            periods = _uncovered([code for code in actor.codes if code.dated])
            roles += [(default[0].code, start, end, default[0].line) for start, end in periods]
        if not roles:
            self.notes.skip(actor.line, actor.names[0], "no usable role")
            return
        person_id = self.new_person_id(actor.names[0])
        names = [cased_phrase(name, title=True)[0] for name in actor.names]
        kept = self.people.keep(zip(names, actor.name_lines), person_id)
        for code, start, end, line in sorted(roles, key=lambda role: role[1] or dt.date.min):
            self.people.add(line, (person_id, "|".join(kept), code, _iso(start), _iso(end), f"PETRARCH line {line}"))
        self.counts["persons"] += 1
        self.counts["roles"] += len(roles)

    def new_person_id(self, primary: str) -> str:
        base = f"{_slug(self.dictionary.path.name.removesuffix('.txt'))}:{_slug(primary)}"
        person_id = base
        for number in itertools.count(2):
            if person_id not in self.person_ids:
                break
            person_id = f"{base}_{number}"
        self.person_ids.add(person_id)
        return person_id

    def body(self, actor: PetrarchActor, code: PetrarchCode) -> None:
        """An organisation, a group or more names of a state, one row per case rule."""
        is_group = code.code[:3] == "IMG" or code.code[3:6] in GROUP_SECTORS
        builder = self.groups if is_group else self.organisations
        spelled = [(cased_phrase(name, title=True, short_is_acronym=True), line)
                   for name, line in zip(actor.names, actor.name_lines)]
        written = False
        for exact in (False, True):
            names = builder.keep([(name, line) for (name, acronym), line in spelled if acronym == exact], code.code)
            if names:
                builder.add(actor.line, self.body_cells(code.code, names, exact, is_group))
                written = True
        if written:
            self.counts["groups" if is_group else "organisations"] += 1

    def body_cells(self, code: str, names: list[str], exact: bool, is_group: bool) -> tuple[str, ...]:
        prefix = code[:3]
        country = "" if prefix in NON_STATE_PREFIXES else prefix
        match = "exact_case" if exact else "any"
        note = f"PETRARCH {code}"
        if is_group:
            return code, "|".join(names), country, match, note
        kind = {"IGO": "igo", "NGO": "ngo", "MNC": "mnc"}.get(prefix, "state")
        return code, "|".join(names), country, kind, match, note


def _agent_table(dictionary: PetrarchDictionary, notes: _Notes) -> Table:
    builder = _TableBuilder(dictionary.path, "agents", notes)
    for agent in dictionary.agents:
        spelled = [cased_phrase(phrase, title=False) for phrase in agent.phrases]
        for phrase, exact in spelled:
            if builder.keep([(phrase, agent.line)], agent.sector):
                builder.add(agent.line, (phrase, agent.sector, agent_kind(phrase.lower()),
                                         "exact_case" if exact else "any", f"PETRARCH [{agent.code}]"))
    return builder.table()


def _discard_table(dictionary: PetrarchDictionary, notes: _Notes) -> Table:
    builder = _TableBuilder(dictionary.path, "discards", notes)
    for discard in dictionary.discards:
        phrase = discard.phrase.lower()
        if builder.keep([(phrase, discard.line)], discard.scope):
            builder.add(discard.line, (phrase, discard.scope, "any", ""))
    return builder.table()


def to_tables(dictionaries: Iterable[PetrarchDictionary], countries: Collection[str]) -> Conversion:
    """Map dictionaries onto our TSV formats; codes are checked against ``countries``
    (ISO3 codes, those of the knowledge base the tables will join)."""
    tables: list[Table] = []
    counts: Counter[str] = Counter()
    skipped: list[LineNote] = []
    adjusted: list[LineNote] = []
    for dictionary in dictionaries:
        notes = _Notes(dictionary.path, strict=False)
        if dictionary.kind == "actors":
            converter = _ActorConverter(dictionary, countries, notes)
            tables.extend(converter.tables())
            counts.update(converter.counts)
        elif dictionary.kind == "agents":
            tables.append(_agent_table(dictionary, notes))
        else:
            tables.append(_discard_table(dictionary, notes))
        skipped += list(dictionary.skipped) + notes.skipped
        adjusted += list(dictionary.adjusted) + notes.adjusted
    for table in tables:
        if table.format in ("agents", "discards"):
            counts[table.format] += len(table.rows)
    return Conversion(tuple(t for t in tables if t.rows), MappingProxyType(dict(counts)),
                      tuple(skipped), tuple(adjusted))


# --- Writing files ---------------------------------------------------------------------------------

def _header(table: Table, today: dt.date) -> list[str]:
    source = table.source.resolve()
    try:
        modified = dt.date.fromtimestamp(source.stat().st_mtime).isoformat()
    except OSError:
        modified = "unknown"
    return [
        f"# {table.format} table converted by dyads from the PETRARCH dictionary {source.name}",
        f"# Source: {source} (modified {modified}); converted on {today.isoformat()}.",
        "# Made by dyads.actors.petrarch: edit the source and convert again rather than this file.",
        f"# Columns as in dyads/actors/kb.py ({table.format}); notes give the PETRARCH line or code.",
        "",
    ]


def _file_name(table: Table, used: set[str]) -> str:
    stem = table.source.name.removesuffix(".txt")
    name = f"{stem}.{table.format}.tsv"
    for number in itertools.count(2):
        if name not in used:
            break
        name = f"{stem}-{number}.{table.format}.tsv"
    used.add(name)
    return name


def _write_tables(tables: Sequence[Table], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    today = dt.date.today()
    used: set[str] = set()
    written = []
    for table in tables:
        path = out_dir / _file_name(table, used)
        lines = _header(table, today) + ["\t".join(table.columns)]
        lines += ["\t".join(cells) for _, cells in table.rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _packaged_countries() -> Collection[str]:
    from dyads.actors.kb import KnowledgeBase

    return frozenset(KnowledgeBase.load().countries)


def convert(dictionaries: Iterable[PetrarchDictionary], out_dir: str | Path, *,
            countries: Collection[str] | None = None) -> list[Path]:
    """Write ``dictionaries`` into ``out_dir`` in our TSV formats, one file per table
    (``Phoenix.Countries.actors.people.tsv``, ...), each opening with a comment block that
    names the source file and the date. Codes are checked against ``countries`` (default:
    the packaged ones). Returns the files written; load them with
    ``KnowledgeBase.load(extra_paths=[out_dir])``."""
    conversion = to_tables(dictionaries, _packaged_countries() if countries is None else countries)
    return _write_tables(conversion.tables, Path(out_dir))


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What :func:`import_dictionaries` did.

    ``counts``: entries read per PETRARCH kind (``actors``, ``agents``, ``discards``
    read) and what they became (``persons`` with ``roles``, ``organisations``, ``groups``,
    ``agents`` and ``discards`` rows). ``skipped``: lines, phrases and codes left out,
    with reasons; ``adjusted``: kept with a change.
    """

    files: tuple[Path, ...]
    counts: Mapping[str, int]
    skipped: tuple[LineNote, ...]
    adjusted: tuple[LineNote, ...]
    seconds: float

    def summary(self) -> str:
        counts = ", ".join(f"{key} {value}" for key, value in self.counts.items())
        reasons = Counter(re.sub(r"'[^']*'|\d+", "_", note.reason) for note in self.skipped)
        common = "; ".join(f"{count} x {reason}" for reason, count in reasons.most_common(5))
        return (f"{len(self.files)} files written in {self.seconds:.1f} s: {counts}; "
                f"{len(self.skipped)} skipped" + (f" (most: {common})" if common else ""))


def import_dictionaries(paths: Iterable[str | Path], out_dir: str | Path, *,
                        countries: Collection[str] | None = None, strict: bool = False) -> ImportReport:
    """Read PETRARCH dictionaries and write them in our formats into ``out_dir``
    (see :func:`convert`); ``strict`` as in :func:`read_petrarch_dictionary`."""
    began = time.perf_counter()
    dictionaries = [read_petrarch_dictionary(path, strict=strict) for path in paths]
    conversion = to_tables(dictionaries, _packaged_countries() if countries is None else countries)
    if strict and conversion.skipped:
        first = conversion.skipped[0]
        raise DataFileError(str(first.path), first.line, f"{first.reason}: {first.text.strip()!r}")
    files = _write_tables(conversion.tables, Path(out_dir))
    counts = Counter({f"{d.kind} read": 0 for d in dictionaries})
    for dictionary in dictionaries:
        counts[f"{dictionary.kind} read"] += dictionary.size
    counts.update(conversion.counts)
    report = ImportReport(tuple(files), MappingProxyType(dict(counts)), conversion.skipped,
                          conversion.adjusted, time.perf_counter() - began)
    logger.info("PETRARCH import: %s", report.summary())
    return report


__all__ = [
    "CENTURY_PIVOT", "Conversion", "ImportReport", "LineNote", "PetrarchActor", "PetrarchAgent",
    "PetrarchCode", "PetrarchDictionary", "PetrarchDiscard", "Table", "agent_kind", "cased_phrase",
    "convert", "import_dictionaries", "is_petrarch_dictionary", "read_petrarch_dictionary",
    "regular_plural", "to_tables",
]
