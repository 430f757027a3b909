"""The CAMEO event ontology: codes, names, Goldstein weights, quad classes, PLOVER.

Contract: :meth:`Ontology.load` reads a CAMEO table (the packaged
``data/events/cameo.tsv`` unless told otherwise), checks every row and returns an
immutable :class:`Ontology`; any problem in the table raises
:class:`~dyads.errors.DataFileError` naming ``file:line``. Load it once and pass
it to the stages that need it: it holds no state beyond the table.

Codes are always strings ("03", "031", "0311"): read as numbers, "010" (make a
statement) and "10" (demand) would collide.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from dyads.errors import DataFileError

logger = logging.getLogger(__name__)

#: Columns of a CAMEO table, in order.
COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "goldstein",
    "quad_class",
    "plover",
    "plover_mode",
    "description",
)

#: The 16 PLOVER event categories.
PLOVER_CATEGORIES: frozenset[str] = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)

#: Quad class of each CAMEO root: GDELT's QuadClass grouping of the 20 roots.
QUAD_CLASS_OF_ROOT: Mapping[str, int] = MappingProxyType(
    {
        f"{root:02d}": 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        for root in range(1, 21)
    }
)

QUAD_CLASS_NAMES: Mapping[int, str] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)

# Gold files use YIELD, the CAMEO-era name of the category PLOVER split in two.
_YIELD = "YIELD"
_YIELD_FAMILY = frozenset({_YIELD, "CONCEDE", "RETREAT"})
_EMPTY_CELL = "-"
_MODE_PATTERN = re.compile(r"[a-z][a-z_-]*")
_PACKAGED_TABLE = "data/events/cameo.tsv"

# Makes the DataFileError for the row being parsed, so helpers need not know its line.
_Fail = Callable[[str], DataFileError]


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its weights and PLOVER category.

    ``plover`` and ``plover_mode`` are ``""`` where there is none (CAMEO 01
    statements have no PLOVER category; most codes have no mode).
    """

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str
    description: str


def plover_matches(predicted: str, gold: str) -> bool:
    """Whether a predicted PLOVER category counts as the gold one.

    Gold files say YIELD where PLOVER says CONCEDE (verbal) or RETREAT
    (material), so YIELD matches either, in both directions; CONCEDE and RETREAT
    do not match each other. Case and surrounding space are ignored; an empty
    or "-" category (no PLOVER category) matches nothing.
    """
    predicted, gold = predicted.strip().upper(), gold.strip().upper()
    if predicted in ("", _EMPTY_CELL) or gold in ("", _EMPTY_CELL):
        return False
    if predicted == gold:
        return True
    return _YIELD in (predicted, gold) and {predicted, gold} <= _YIELD_FAMILY


def is_well_formed_code(code: object) -> bool:
    """True for a string of 2-4 ASCII digits under one of the roots 01-20."""
    return (
        isinstance(code, str)
        and 2 <= len(code) <= 4
        and code.isascii()
        and code.isdigit()
        and code[:2] in QUAD_CLASS_OF_ROOT
    )


def _require_well_formed(code: str) -> str:
    if not is_well_formed_code(code):
        raise ValueError(f"{code!r} is not a CAMEO code: expected 2-4 digits under a root 01-20")
    return code


def _generality_node(code: str) -> str:
    """The node a code stands for: "030" (intent, not specified) stands for root "03"."""
    return code[:2] if len(code) == 3 and code.endswith("0") else code


class Ontology:
    """The CAMEO code table: lookup by code and navigation of the hierarchy.

    Immutable: the codes live in read-only mappings and tuples. Iteration is in
    code order, which is the hierarchy's pre-order ("03", "030", "031", "0311").
    """

    __slots__ = ("_codes", "_children", "source")

    def __init__(self, codes: Iterable[CameoCode], source: str = "<memory>") -> None:
        """Build from rows that :meth:`load` has already checked."""
        by_code = {entry.code: entry for entry in sorted(codes, key=lambda entry: entry.code)}
        children: dict[str, list[CameoCode]] = {}
        for entry in by_code.values():
            if len(entry.code) > 2:
                children.setdefault(entry.code[:-1], []).append(entry)
        frozen_children = {code: tuple(kids) for code, kids in children.items()}
        object.__setattr__(self, "_codes", MappingProxyType(by_code))
        object.__setattr__(self, "_children", MappingProxyType(frozen_children))
        object.__setattr__(self, "source", source)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Ontology:
        """Read and check a CAMEO table; by default the one packaged with dyads."""
        table = resources.files("dyads").joinpath(_PACKAGED_TABLE) if path is None else Path(path)
        source = str(table)
        try:
            data = table.read_bytes()
        except OSError as error:
            problem = f"cannot read the CAMEO table ({error.strerror or error})"
            raise DataFileError(source, None, problem) from error
        ontology = cls(_parse_table(_decode(data, source), source), source)
        logger.debug("loaded %d CAMEO codes from %s", len(ontology), source)
        return ontology

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Ontology is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Ontology is immutable; cannot delete {name!r}")

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a CAMEO code in {self.source}") from None

    def get(self, code: str) -> CameoCode | None:
        return self._codes.get(code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._codes

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"Ontology({len(self)} codes from {self.source})"

    def roots(self) -> tuple[CameoCode, ...]:
        """The two-digit root codes, in order."""
        return tuple(entry for entry in self if len(entry.code) == 2)

    def root_of(self, code: str) -> str:
        """The root of any well-formed code ("0311" -> "03"), even one not in the table.

        Codes from CAMEO variants (in gold files, say) still have a root, so
        this checks the form only; a malformed code raises ValueError.
        """
        return _require_well_formed(code)[:2]

    def is_more_specific(self, code: str, other: str) -> bool:
        """Whether ``code`` lies strictly below ``other`` in the hierarchy.

        "0311" is more specific than "031" and "03". A three-digit code ending
        in 0 ("030", intent not specified below) stands for its root, so "031" is
        also more specific than "030", while "030" is not more specific than "03".
        Malformed codes raise ValueError.
        """
        node = _generality_node(_require_well_formed(code))
        other_node = _generality_node(_require_well_formed(other))
        return node != other_node and node.startswith(other_node)

    def children(self, code: str) -> tuple[CameoCode, ...]:
        """The codes one level below ``code`` ("03" -> "030".."039"); KeyError if unknown."""
        if code not in self._codes:
            raise KeyError(f"{code!r} is not a CAMEO code in {self.source}")
        return self._children.get(code, ())


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(source, line, "not UTF-8 text; save the table as UTF-8") from error


def _parse_table(text: str, source: str) -> list[CameoCode]:
    """Check the header and every row, then that codes are unique and have parents."""
    rows: list[tuple[int, CameoCode]] = []
    header_seen = False
    for line_number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header_seen:
            rows.append((line_number, _parse_row(fields, source, line_number)))
        else:
            _check_header(fields, source, line_number)
            header_seen = True
    if not header_seen:
        raise DataFileError(source, None, "no header line; expected: " + "\t".join(COLUMNS))
    _check_unique(rows, source)
    _check_parents(rows, source)
    return [entry for _, entry in rows]


def _check_header(fields: list[str], source: str, line_number: int) -> None:
    if tuple(field.strip() for field in fields) != COLUMNS:
        raise DataFileError(
            source,
            line_number,
            f"header is {' | '.join(fields)!r}; "
            f"expected the tab-separated columns {' '.join(COLUMNS)}",
        )


def _parse_row(fields: list[str], source: str, line_number: int) -> CameoCode:
    def fail(problem: str) -> DataFileError:
        return DataFileError(source, line_number, problem)

    if len(fields) != len(COLUMNS):
        raise fail(
            f"expected {len(COLUMNS)} tab-separated columns ({' '.join(COLUMNS)}), "
            f"found {len(fields)}; check for spaces typed instead of tabs"
        )
    cells = [field.strip() for field in fields]
    code, name, goldstein, quad_class, plover, plover_mode, description = cells
    if not is_well_formed_code(code):
        raise fail(
            f"code {code!r} must be 2, 3 or 4 digits under a root 01-20 (e.g. 03, 031, 0311)"
        )
    if not name or not description:
        raise fail(f"code {code}: name and description must not be empty")
    category, mode = _parse_plover(code, plover, plover_mode, fail)
    return CameoCode(
        code=code,
        name=name,
        root=code[:2],
        goldstein=_parse_goldstein(code, goldstein, fail),
        quad_class=_parse_quad_class(code, quad_class, fail),
        plover=category,
        plover_mode=mode,
        description=description,
    )


def _parse_goldstein(code: str, cell: str, fail: _Fail) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise fail(f"code {code}: goldstein {cell!r} is not a number") from None
    if not math.isfinite(value) or not -10.0 <= value <= 10.0:
        raise fail(f"code {code}: goldstein {cell} is outside the scale [-10, 10]")
    return value


def _parse_quad_class(code: str, cell: str, fail: _Fail) -> int:
    if cell not in ("1", "2", "3", "4"):
        raise fail(f"code {code}: quad_class {cell!r} must be 1, 2, 3 or 4")
    expected = QUAD_CLASS_OF_ROOT[code[:2]]
    if int(cell) != expected:
        raise fail(
            f"code {code}: quad_class {cell} does not match its root {code[:2]}, "
            f"which is {expected} ({QUAD_CLASS_NAMES[expected]})"
        )
    return expected


def _parse_plover(code: str, category: str, mode: str, fail: _Fail) -> tuple[str, str]:
    if category != _EMPTY_CELL and category not in PLOVER_CATEGORIES:
        hint = " (use CONCEDE or RETREAT for YIELD)" if category.upper() == _YIELD else ""
        raise fail(
            f"code {code}: unknown PLOVER category {category!r}{hint}; "
            f"expected one of {' '.join(sorted(PLOVER_CATEGORIES))} or '-'"
        )
    if mode != _EMPTY_CELL and not _MODE_PATTERN.fullmatch(mode):
        raise fail(
            f"code {code}: plover_mode {mode!r} must be a lower-case word such as 'visit', or '-'"
        )
    if category == _EMPTY_CELL and mode != _EMPTY_CELL:
        raise fail(f"code {code}: plover_mode {mode!r} given without a PLOVER category")
    return ("" if category == _EMPTY_CELL else category), ("" if mode == _EMPTY_CELL else mode)


def _check_unique(rows: list[tuple[int, CameoCode]], source: str) -> None:
    first_line: dict[str, int] = {}
    for line_number, entry in rows:
        if entry.code in first_line:
            first = first_line[entry.code]
            problem = f"duplicate code {entry.code} (first defined on line {first})"
            raise DataFileError(source, line_number, problem)
        first_line[entry.code] = line_number


def _check_parents(rows: list[tuple[int, CameoCode]], source: str) -> None:
    codes = {entry.code for _, entry in rows}
    for line_number, entry in rows:
        parent = entry.code[:-1]
        if len(entry.code) > 2 and parent not in codes:
            problem = f"code {entry.code} has no parent row: add code {parent} to the table"
            raise DataFileError(source, line_number, problem)
