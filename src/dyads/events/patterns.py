"""The pattern dictionary that drives the event coder.

Patterns live in ``data/events/patterns.tsv`` (see the comment block there for the
format). Each row says: for a verb or noun with this lemma, under these
conditions, the source actor is found in these argument slots and the target in
those, and the event is this CAMEO code. ``data/events/intents.tsv`` maps an
event root to the CAMEO code used when the event is only announced ("will
visit", "pledged to cooperate").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from dyads.errors import DataFileError

log = logging.getLogger(__name__)

KINDS = ("verb", "noun")
#: The code of a row that says a construction is no event at all: an idiom ("strike a balance", "fight
#: poverty"). Such a row needs a condition; when it holds, the word codes nothing.
NO_EVENT = "-"
#: Argument slots a pattern may name. Prepositions stand for the object of that preposition.
BASE_SLOTS = frozenset({"subj", "obj", "iobj", "poss", "compound", "gov", "govobj", "govsubj", "xsubj", "xobj",
                        "pair"})
PREPOSITIONS = frozenset({
    "to", "with", "in", "for", "against", "on", "at", "from", "of", "by", "between", "into",
    "toward", "towards", "over", "about", "upon", "among", "across", "inside", "near",
    "along", "alongside", "outside", "off", "as",
})
CONDITIONS = frozenset({"obj", "prt", "mod", "subj", "gov"})


@dataclass(frozen=True, slots=True)
class Slot:
    """Where to look for an actor.

    ``name`` is a base slot or a preposition (its object); ``via_obj`` looks on the
    direct object instead of the event word ("signed [an agreement with Y]");
    ``via_prep`` looks inside the phrase of that preposition ("for.against":
    "called for [sanctions against Y]"); ``deep`` also accepts an actor that only
    modifies the word in that slot ("backed [Pakistan's] position", "rejected
    [American] pressure").
    """

    name: str
    via_obj: bool = False
    deep: bool = False
    via_prep: str = ""

    def __str__(self) -> str:
        via = "obj." if self.via_obj else f"{self.via_prep}." if self.via_prep else ""
        return via + self.name + ("+" if self.deep else "")


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str
    lemma: str
    conditions: tuple[tuple[str, frozenset[str]], ...]
    source: tuple[Slot, ...]
    target: tuple[Slot, ...]
    code: str
    comment: str
    origin: str  # "patterns.tsv:42"

    @property
    def name(self) -> str:
        """A stable name for the rule, used in the event record's ``rule`` field."""
        conditions = ",".join(f"{key}={'|'.join(sorted(values))}" for key, values in self.conditions)
        return f"{self.kind}:{self.lemma}" + (f"[{conditions}]" if conditions else "") + f">{self.code}"

    def condition(self, key: str) -> frozenset[str] | None:
        for name, values in self.conditions:
            if name == key:
                return values
        return None

    @property
    def specificity(self) -> int:
        """Patterns with more conditions are tried first."""
        return len(self.conditions)


@dataclass(frozen=True, slots=True)
class PatternBook:
    """All patterns, indexed by (kind, lemma); read-only."""

    by_key: Mapping[tuple[str, str], tuple[Pattern, ...]]
    intents: Mapping[str, str]
    refusals: Mapping[str, str]

    def candidates(self, kind: str, lemma: str) -> tuple[Pattern, ...]:
        return self.by_key.get((kind, lemma.lower()), ())

    def intent_code(self, code: str) -> str | None:
        """The code for an announced (future) event of ``code``, None when not coded."""
        return _lookup(self.intents, code)

    def refusal_code(self, code: str) -> str | None:
        """The code for refusing to do ``code`` ("refused to meet" -> 125), None when not coded."""
        return _lookup(self.refusals, code)

    def __len__(self) -> int:
        return sum(len(patterns) for patterns in self.by_key.values())

    def __iter__(self):
        for patterns in self.by_key.values():
            yield from patterns

    @classmethod
    def load(cls, patterns_path: str | Path | None = None, intents_path: str | Path | None = None,
             known_codes: Iterable[str] | None = None,
             refusals_path: str | Path | None = None) -> "PatternBook":
        """Load and validate the pattern, intent and refusal files (the packaged ones by default).

        ``known_codes`` (from the ontology) lets every code be checked.
        """
        known = frozenset(known_codes) if known_codes is not None else None
        patterns = _read_patterns(_data_path(patterns_path, "patterns.tsv"), known)
        intents = _read_intents(_data_path(intents_path, "intents.tsv"), known)
        refusals = _read_intents(_data_path(refusals_path, "refusals.tsv"), known)
        index: dict[tuple[str, str], list[Pattern]] = {}
        for pattern in patterns:
            index.setdefault((pattern.kind, pattern.lemma), []).append(pattern)
        frozen = {key: tuple(sorted(rows, key=lambda p: -p.specificity)) for key, rows in index.items()}
        return cls(by_key=MappingProxyType(frozen), intents=MappingProxyType(intents),
                   refusals=MappingProxyType(refusals))


def _lookup(table: Mapping[str, str], code: str) -> str | None:
    """Look ``code`` up by itself, then its 3-digit parent, then its root; "-" means not coded."""
    for key in (code, code[:3], code[:2]):
        if key in table:
            value = table[key]
            return None if value == "-" else value
    return None


def _data_path(path: str | Path | None, name: str) -> Path:
    if path is not None:
        return Path(path)
    return Path(str(resources.files("dyads") / "data" / "events" / name))


def _rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    """Non-comment, non-blank rows of a TSV file with their line numbers (header skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc}") from exc
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        yield number, line.rstrip("\n").split("\t")


def _parse_slots(text: str, path: Path, number: int) -> tuple[Slot, ...]:
    slots = []
    for raw in text.split("|"):
        raw = raw.strip()
        deep = raw.endswith("+")
        via, dot, name = raw.removesuffix("+").rpartition(".")
        if dot and via != "obj" and via not in PREPOSITIONS:
            raise DataFileError(str(path), number, f"unknown slot {raw!r}: before the dot write obj or a "
                                "preposition (obj.with, for.against)")
        if name not in BASE_SLOTS and name not in PREPOSITIONS:
            raise DataFileError(str(path), number, f"unknown slot {raw!r}; use one of "
                                f"{sorted(BASE_SLOTS)} or a preposition")
        slots.append(Slot(name, via == "obj", deep, via if via not in ("", "obj") else ""))
    return tuple(slots)


def _parse_conditions(text: str, path: Path, number: int) -> tuple[tuple[str, frozenset[str]], ...]:
    if text.strip() in ("", "-"):
        return ()
    conditions = []
    for part in text.split(";"):
        key, sep, values = part.strip().partition("=")
        if not sep or key not in CONDITIONS or not values.strip():
            raise DataFileError(str(path), number, f"bad condition {part!r}; write key=a,b with key in "
                                f"{sorted(CONDITIONS)}")
        conditions.append((key, frozenset(v.strip().lower() for v in values.split(",") if v.strip())))
    return tuple(conditions)


def _read_patterns(path: Path, known: frozenset[str] | None) -> list[Pattern]:
    patterns: list[Pattern] = []
    seen: dict[tuple, int] = {}
    for number, cells in _rows(path):
        if len(cells) != 7:
            raise DataFileError(str(path), number, f"expected 7 tab-separated columns, found {len(cells)}")
        kind, lemma, when, source, target, code, comment = (cell.strip() for cell in cells)
        if kind not in KINDS:
            raise DataFileError(str(path), number, f"kind must be one of {KINDS}, not {kind!r}")
        if not lemma or " " in lemma:
            raise DataFileError(str(path), number, f"lemma must be one word, not {lemma!r}")
        if code != NO_EVENT and (not code.isdigit() or len(code) not in (2, 3, 4)
                                 or (known is not None and code not in known)):
            raise DataFileError(str(path), number, f"unknown CAMEO code {code!r}")
        if code == NO_EVENT and (source, target) != (NO_EVENT, NO_EVENT):
            raise DataFileError(str(path), number, "a row that codes no event has no slots: write '-' for both")
        slots = ((), ()) if code == NO_EVENT else (_parse_slots(source, path, number),
                                                   _parse_slots(target, path, number))
        pattern = Pattern(kind=kind, lemma=lemma.lower(), conditions=_parse_conditions(when, path, number),
                          source=slots[0], target=slots[1], code=code, comment=comment, origin=f"{path.name}:{number}")
        if code == NO_EVENT and not pattern.conditions:
            raise DataFileError(str(path), number, "a row that codes no event needs a condition")
        key = (pattern.kind, pattern.lemma, pattern.conditions, pattern.source, pattern.target)
        if key in seen:
            raise DataFileError(str(path), number, f"same pattern as line {seen[key]}")
        seen[key] = number
        patterns.append(pattern)
    if not patterns:
        raise DataFileError(str(path), None, "no patterns found")
    return patterns


def _read_intents(path: Path, known: frozenset[str] | None) -> dict[str, str]:
    intents: dict[str, str] = {}
    for number, cells in _rows(path):
        if len(cells) != 3:
            raise DataFileError(str(path), number, f"expected 3 tab-separated columns, found {len(cells)}")
        code, intent, _comment = (cell.strip() for cell in cells)
        for value in (code, intent):
            if value != "-" and known is not None and value not in known:
                raise DataFileError(str(path), number, f"unknown CAMEO code {value!r}")
        if code in intents:
            raise DataFileError(str(path), number, f"code {code} listed twice")
        intents[code] = intent
    return intents
