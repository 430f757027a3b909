"""Scoring coded events against gold-standard JSONL.

Contract: :func:`load_gold` reads a gold file (format and matching rules in
``shared/gold/README.md``) into frozen :class:`GoldRecord` objects, failing with
a :class:`~dyads.errors.GoldError` that names ``path:line``;
:func:`gold_documents` turns them into pipeline input; :func:`score` compares
predicted events (``Event`` objects or event-record dicts) with the gold and
returns an :class:`EvalReport`. The coder is passed in by the caller, so this
module does no NLP and never loads spaCy.

Matching, in short: a gold event is *hit* when a prediction of the same
document matches its dyad (source and target, either direction when
``symmetric``) and its type (CAMEO root and/or PLOVER category). Recall counts
required gold events over every record; precision and F1 are defined only over
records marked ``exhaustive``, where every prediction that matches no gold event
is a false alarm and a prediction matching only ``optional`` events counts for
neither side.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.errors import GoldError
from dyads.model import Document, Event

logger = logging.getLogger(__name__)

#: The PLOVER categories a gold event may name (see the gold README).
PLOVER_CATEGORIES: frozenset[str] = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "YIELD", "REQUEST", "ACCUSE",
        "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
    }
)
# Older PLOVER drafts split YIELD into these; the gold README folds them into YIELD.
_PLOVER_ALIASES: Mapping[str, str] = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
# CAMEO roots whose PLOVER category the README fixes, whatever the coder wrote:
# 01 (make statement) has none, 02 (appeal) counts as REQUEST.
_ROOT_PLOVER: Mapping[str, str | None] = {"01": None, "02": "REQUEST"}

# Mention texts match when they share a word. These words are ignored because
# they carry no identity: "the Iranian minister" and "the U.S. envoy" must not
# match on "the", nor "Kim's" and "Lee's" on the "s" left by the possessive.
_STOP_WORDS: frozenset[str] = frozenset(
    {"the", "a", "an", "of", "and", "s", "for", "in", "on", "to", "at", "by"}
)
_POSSESSIVE = re.compile(r"['’]s\b")
_INNER_PUNCTUATION = re.compile(r"(?<=\w)[.'’](?=\w)")  # "U.S." -> "us", "U.N." -> "un"
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")

_ACTOR_CODE = re.compile(r"^(?:---|[A-Z]{3})[A-Z0-9]*$")
_CAMEO_CODE = re.compile(r"^\d{2,4}$")
_GOLD_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_TYPE_AND_DYAD_KEYS = ("source", "target", "source_text", "target_text", "code", "plover")
_EVENT_KEYS = frozenset(_TYPE_AND_DYAD_KEYS + ("symmetric", "optional", "date", "evidence"))
_ANY_CATEGORY = "(any)"
_NO_CATEGORY = "(none)"


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event. ``None`` means the gold does not constrain that part.

    ``source``/``target`` hold acceptable actor codes, ``codes`` acceptable
    CAMEO codes, ``plover`` a PLOVER category (CONCEDE/RETREAT already folded
    into YIELD); ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """

    source: tuple[str, ...] | None
    target: tuple[str, ...] | None
    source_text: str | None
    target_text: str | None
    codes: tuple[str, ...] | None
    plover: str | None
    symmetric: bool
    optional: bool
    date: str | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold document and its events; ``origin`` is the ``path:line`` it came from."""

    doc_id: str
    text: str
    date: dt.date | None
    title: str | None
    exhaustive: bool
    set: str
    events: tuple[GoldEvent, ...]
    origin: str = ""


class _Malformed(Exception):
    """A problem in one gold line; :func:`load_gold` adds ``path:line``."""


def load_gold(path: str | os.PathLike[str]) -> list[GoldRecord]:
    """Read a gold JSONL file; blank lines are skipped, ids must be unique.

    Raises :class:`GoldError` naming ``path:line`` for the first malformed record.
    """
    gold_path = Path(path)
    try:
        content = gold_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{gold_path}: cannot read the gold file ({exc})") from exc
    records: list[GoldRecord] = []
    first_seen: dict[str, int] = {}
    # split on "\n" only: str.splitlines would also break on U+2028 inside JSON strings.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{gold_path}:{number}"
        try:
            record = _parse_record(line, where, default_set=gold_path.stem)
        except _Malformed as exc:
            raise GoldError(f"{where}: {exc} (see shared/gold/README.md for the format)") from None
        if record.doc_id in first_seen:
            raise GoldError(
                f"{where}: duplicate id {record.doc_id!r}, first used at line "
                f"{first_seen[record.doc_id]} (ids must be unique within a gold file)"
            )
        first_seen[record.doc_id] = number
        records.append(record)
    logger.info("loaded %d gold records from %s", len(records), gold_path)
    return records


def gold_documents(records: Iterable[GoldRecord]) -> list[Document]:
    """The documents to code for a gold set: one :class:`Document` per record."""
    return [
        Document(doc_id=record.doc_id, text=record.text, date=record.date, title=record.title,
                 origin=record.origin)
        for record in records
    ]


def _parse_record(line: str, where: str, default_set: str) -> GoldRecord:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _Malformed(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(raw, dict):
        raise _Malformed("a gold record must be a JSON object")
    doc_id = raw.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or str(doc_id) == "":
        raise _Malformed("'id' must be a non-empty string")
    text = raw.get("text")
    if not isinstance(text, str):
        raise _Malformed("'text' must be a string")
    events = raw.get("events")
    if not isinstance(events, list):
        raise _Malformed("'events' must be a list (use [] for a document with no event)")
    return GoldRecord(
        doc_id=str(doc_id),
        text=text,
        date=_record_date(raw.get("date")),
        title=_optional_str(raw, "title"),
        exhaustive=_flag(raw, "exhaustive"),
        set=_optional_str(raw, "set") or default_set,
        events=tuple(_parse_event_at(index, item) for index, item in enumerate(events, start=1)),
        origin=where,
    )


def _parse_event_at(index: int, raw: Any) -> GoldEvent:
    try:
        return _parse_event(raw)
    except _Malformed as exc:
        raise _Malformed(f"event {index}: {exc}") from None


def _parse_event(raw: Any) -> GoldEvent:
    if not isinstance(raw, dict):
        raise _Malformed("must be a JSON object")
    unknown = sorted(set(raw) - _EVENT_KEYS)
    if unknown:
        # Tolerated so that gold sets may carry notes, but a typo would change scoring.
        logger.warning("gold event ignores unknown keys %s", ", ".join(unknown))
    if not any(raw.get(key) is not None for key in _TYPE_AND_DYAD_KEYS):
        raise _Malformed(f"needs at least one of {', '.join(_TYPE_AND_DYAD_KEYS)}")
    return GoldEvent(
        source=_actor_codes(raw, "source"),
        target=_actor_codes(raw, "target"),
        source_text=_optional_str(raw, "source_text"),
        target_text=_optional_str(raw, "target_text"),
        codes=_cameo_codes(raw),
        plover=_gold_plover(raw),
        symmetric=_flag(raw, "symmetric"),
        optional=_flag(raw, "optional"),
        date=_gold_event_date(raw.get("date")),
        evidence=_optional_str(raw, "evidence"),
    )


def _string_list(raw: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    """A string or non-empty list of strings, as a tuple; ``None`` when absent."""
    value = raw.get(key)
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise _Malformed(f"'{key}' must be a string or a non-empty list of strings")
    return tuple(v.strip() for v in values)


def _actor_codes(raw: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    codes = _string_list(raw, key)
    if codes is None:
        return None
    codes = tuple(code.upper() for code in codes)
    for code in codes:
        if not _ACTOR_CODE.match(code):
            raise _Malformed(
                f"'{key}' code {code!r} is not a CAMEO actor code (three letters or '---', "
                "then agent codes, e.g. RUSGOV, ---LEG, IGOUNO)"
            )
    return codes


def _cameo_codes(raw: Mapping[str, Any]) -> tuple[str, ...] | None:
    codes = _string_list(raw, "code")
    for code in codes or ():
        if not _CAMEO_CODE.match(code):
            raise _Malformed(f"'code' {code!r} is not a CAMEO event code (2-4 digits, e.g. '042')")
    return codes


def _gold_plover(raw: Mapping[str, Any]) -> str | None:
    value = raw.get("plover")
    if value is None:
        return None
    category = _plover_category(value) if isinstance(value, str) else None
    if category not in PLOVER_CATEGORIES:
        raise _Malformed(
            f"'plover' {value!r} is not a PLOVER category ({', '.join(sorted(PLOVER_CATEGORIES))})"
        )
    return category


def _flag(raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise _Malformed(f"'{key}' must be true or false, not {value!r}")
    return value


def _optional_str(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise _Malformed(f"'{key}' must be a string or null")
    return value


def _record_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Malformed(f"'date' {value!r} must be YYYY-MM-DD or null") from None


def _gold_event_date(value: Any) -> str | None:
    """A gold event date at year, month or day precision, checked for validity."""
    if value is None:
        return None
    if not isinstance(value, str) or not _GOLD_DATE.match(value):
        raise _Malformed(f"event 'date' {value!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    padded = value + "-01" * (2 - value.count("-"))
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        raise _Malformed(f"event 'date' {value!r} is not a calendar date") from None
    return value


def _plover_category(value: str) -> str:
    category = value.strip().upper()
    return _PLOVER_ALIASES.get(category, category)


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True, slots=True)
class _Prediction:
    """A predicted event reduced to what scoring compares, whatever its input form."""

    doc_id: str
    source: str
    target: str
    source_words: frozenset[str]
    target_words: frozenset[str]
    code: str
    root: str
    plover: str | None
    date: str | None
    sentence: str

    def summary(self) -> str:
        plover = f" ({self.plover})" if self.plover else ""
        date = f" {self.date}" if self.date else ""
        return f"{self.source or '?'} -> {self.target or '?'} {self.code or '?'}{plover}{date}"


def _prediction(item: Event | Mapping[str, Any]) -> _Prediction:
    fields: Mapping[str, Any] = item.to_record() if isinstance(item, Event) else item
    code = _text(fields.get("code"))
    root = _text(fields.get("root_code")) or code[:2]
    plover = _ROOT_PLOVER[root] if root in _ROOT_PLOVER else _plover_category(_text(fields.get("plover")))
    date = fields.get("date")
    return _Prediction(
        doc_id=_text(fields.get("doc_id")),
        source=_actor_code(fields, "source"),
        target=_actor_code(fields, "target"),
        source_words=_words(_text(fields.get("source_text"))),
        target_words=_words(_text(fields.get("target_text"))),
        code=code,
        root=root,
        plover=plover or None,
        date=date.isoformat() if isinstance(date, dt.date) else (_text(date) or None),
        sentence=_text(fields.get("sentence")),
    )


def _actor_code(fields: Mapping[str, Any], side: str) -> str:
    """The predicted actor code, or its country when a dict gives only ``*_country``."""
    return (_text(fields.get(side)) or _text(fields.get(f"{side}_country"))).upper()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _words(text: str) -> frozenset[str]:
    """The identifying words of a mention: case-folded, punctuation and stop words dropped."""
    folded = _INNER_PUNCTUATION.sub("", _POSSESSIVE.sub(" ", text.casefold()))
    return frozenset(word for word in _WORD.findall(folded) if word not in _STOP_WORDS)


def _duplicate_key(prediction: _Prediction) -> tuple[str, ...]:
    sentence = _SPACE.sub(" ", prediction.sentence).strip().casefold()
    return (prediction.source, prediction.target, prediction.code, sentence)


# --------------------------------------------------------------------------- matching


def _actor_matches(gold_code: str, predicted_code: str) -> bool:
    """Country part (first three letters) agrees; ``---`` is any country.

    For ``IGO``/``NGO``/``IMG`` the first three letters are that prefix, so gold
    ``IGO`` (or ``IGOUNO``) matches any predicted ``IGO...`` code.
    """
    country = gold_code[:3]
    return country == "---" or predicted_code[:3] == country


def _side_matches(
    codes: tuple[str, ...] | None, text: str | None, predicted_code: str, predicted_words: frozenset[str]
) -> bool:
    if codes is not None and not any(_actor_matches(code, predicted_code) for code in codes):
        return False
    return text is None or bool(_words(text) & predicted_words)


def _dyad_matches(gold: GoldEvent, prediction: _Prediction) -> bool:
    p = prediction
    if _oriented_matches(gold, (p.source, p.source_words), (p.target, p.target_words)):
        return True
    return gold.symmetric and _oriented_matches(gold, (p.target, p.target_words), (p.source, p.source_words))


def _oriented_matches(
    gold: GoldEvent, source: tuple[str, frozenset[str]], target: tuple[str, frozenset[str]]
) -> bool:
    """Gold source against ``source`` and gold target against ``target`` (code, words)."""
    return _side_matches(gold.source, gold.source_text, *source) and _side_matches(
        gold.target, gold.target_text, *target
    )


def _type_matches(gold: GoldEvent, prediction: _Prediction) -> bool:
    """Every type key the gold gives must agree; a gold event without one matches any type."""
    if gold.codes is not None and prediction.root not in {code[:2] for code in gold.codes}:
        return False
    return gold.plover is None or gold.plover == prediction.plover


def _event_matches(gold: GoldEvent, prediction: _Prediction) -> bool:
    return _dyad_matches(gold, prediction) and _type_matches(gold, prediction)


def _date_agrees(gold_date: str, predicted_date: str | None) -> bool:
    """Agreement at the gold's precision: ISO strings share the gold's prefix."""
    return predicted_date is not None and predicted_date.startswith(gold_date)


def _gold_category(gold: GoldEvent) -> str:
    if gold.plover is not None:
        return gold.plover
    return gold.codes[0][:2] if gold.codes else _ANY_CATEGORY


def _predicted_category(gold: GoldEvent, prediction: _Prediction) -> str:
    """The prediction's type in the gold's vocabulary (PLOVER or CAMEO root)."""
    category = prediction.plover if gold.plover is not None else prediction.root
    return category or _NO_CATEGORY


def _gold_summary(gold: GoldEvent) -> str:
    def side(codes: tuple[str, ...] | None, text: str | None) -> str:
        parts = (["|".join(codes)] if codes else []) + ([f'"{text}"'] if text else [])
        return " ".join(parts) or "*"

    kind = " ".join(filter(None, ["|".join(gold.codes or ()), gold.plover])) or "any type"
    extras = "".join([" (symmetric)" if gold.symmetric else "", f" {gold.date}" if gold.date else ""])
    return f"{side(gold.source, gold.source_text)} -> {side(gold.target, gold.target_text)} {kind}{extras}"


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """Recall for one gold category (PLOVER category, or CAMEO root such as ``04``)."""

    category: str
    required: int
    hits: int

    @property
    def recall(self) -> float | None:
        return _ratio(self.hits, self.required)


@dataclass(frozen=True, slots=True)
class Confusion:
    """How many missed gold events of one category had their dyad coded as another."""

    gold: str
    predicted: str
    count: int


@dataclass(frozen=True, slots=True)
class Miss:
    """A required gold event no prediction hit."""

    doc_id: str
    event: str
    dyad_found: bool
    evidence: str | None


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A prediction in an exhaustive record that matches no gold event."""

    doc_id: str
    event: str
    sentence: str


@dataclass(frozen=True)
class EvalReport:
    """The scores of one set of predictions against one gold set.

    Counts are stored; rates are derived (``None`` where undefined). Precision
    and F1 use exhaustive records only (``exhaustive_required`` and
    ``exhaustive_hits`` give their recall); ``recall`` uses every record.
    ``matched_predictions`` match a required gold event, ``optional_predictions``
    only optional ones (excluded from precision). ``outside_predictions`` have a
    ``doc_id`` that is no gold record and are ignored.
    """

    name: str
    records: int
    exhaustive_records: int
    required: int
    optional: int
    hits: int
    dyad_found: int
    exhaustive_required: int
    exhaustive_hits: int
    predictions: int
    matched_predictions: int
    optional_predictions: int
    false_alarms: int
    duplicate_predictions: int
    outside_predictions: int
    dated_hits: int
    dates_correct: int
    categories: tuple[CategoryScore, ...]
    confusion: tuple[Confusion, ...]
    misses: tuple[Miss, ...]
    false_alarm_events: tuple[FalseAlarm, ...]

    @property
    def recall(self) -> float | None:
        return _ratio(self.hits, self.required)

    @property
    def exhaustive_recall(self) -> float | None:
        return _ratio(self.exhaustive_hits, self.exhaustive_required)

    @property
    def precision(self) -> float | None:
        # Only exhaustive records produce matched predictions and false alarms.
        return _ratio(self.matched_predictions, self.matched_predictions + self.false_alarms)

    @property
    def f1(self) -> float | None:
        precision, recall = self.precision, self.exhaustive_recall
        if precision is None or recall is None:
            return None
        return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)

    @property
    def date_accuracy(self) -> float | None:
        return _ratio(self.dates_correct, self.dated_hits)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: every count, every rate, and the lists in full."""
        counts = {name: getattr(self, name) for name in _REPORT_COUNTS}
        rates = {name: getattr(self, name) for name in _REPORT_RATES}
        return {
            **counts,
            **rates,
            "categories": [
                {"category": c.category, "required": c.required, "hits": c.hits, "recall": c.recall}
                for c in self.categories
            ],
            "confusion": [
                {"gold": c.gold, "predicted": c.predicted, "count": c.count} for c in self.confusion
            ],
            "misses": [
                {"doc_id": m.doc_id, "event": m.event, "dyad_found": m.dyad_found, "evidence": m.evidence}
                for m in self.misses
            ],
            "false_alarm_events": [
                {"doc_id": f.doc_id, "event": f.event, "sentence": f.sentence}
                for f in self.false_alarm_events
            ],
        }

    def format_text(self, limit: int = 10) -> str:
        """A readable report; at most ``limit`` misses and false alarms are listed."""
        lines = self._summary_lines()
        lines += _table("Recall by gold category", [
            f"  {c.category:<10} {c.hits:>5}/{c.required:<5} {_rate(c.recall)}" for c in self.categories
        ])
        lines += _table("Confusions (dyad found, type missed: gold -> predicted)", [
            f"  {c.gold:<10} -> {c.predicted:<10} {c.count:>5}" for c in self.confusion
        ])
        lines += _listing("Misses", self.misses, limit, lambda m: (
            f"  {m.doc_id}: {m.event}" + (" [dyad found]" if m.dyad_found else "")
        ))
        lines += _listing("False alarms", self.false_alarm_events, limit, lambda f: (
            f"  {f.doc_id}: {f.event}\n      {_shorten(f.sentence)}"
        ))
        return "\n".join(lines)

    def _summary_lines(self) -> list[str]:
        lines = [
            f"Evaluation{': ' + self.name if self.name else ''}",
            f"  records              {self.records} ({self.exhaustive_records} exhaustive)",
            f"  gold events          {self.required} required, {self.optional} optional",
            f"  recall               {_rate(self.recall)}  ({self.hits}/{self.required} hit; "
            f"dyad found {self.dyad_found}/{self.required})",
        ]
        if self.precision is not None:
            lines += [
                f"  precision            {_rate(self.precision)}  ({self.matched_predictions} matched, "
                f"{self.false_alarms} false alarms; {self.optional_predictions} matching only optional "
                "events not counted)",
                f"  F1                   {_rate(self.f1)}  (recall on exhaustive records "
                f"{_rate(self.exhaustive_recall)})",
            ]
        else:
            lines.append("  precision, F1        undefined (no exhaustive record)")
        lines += [
            f"  predictions          {self.predictions} in gold documents, "
            f"{self.duplicate_predictions} duplicates, {self.outside_predictions} outside the gold",
            f"  date accuracy        {_rate(self.date_accuracy)}  ({self.dates_correct}/{self.dated_hits} "
            "dated hits)",
        ]
        return lines


_REPORT_COUNTS = (
    "name", "records", "exhaustive_records", "required", "optional", "hits", "dyad_found",
    "exhaustive_required", "exhaustive_hits", "predictions", "matched_predictions",
    "optional_predictions", "false_alarms", "duplicate_predictions", "outside_predictions",
    "dated_hits", "dates_correct",
)
_REPORT_RATES = ("recall", "exhaustive_recall", "precision", "f1", "date_accuracy")


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _shorten(sentence: str, width: int = 140) -> str:
    flat = _SPACE.sub(" ", sentence).strip()
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _table(title: str, rows: list[str]) -> list[str]:
    return ["", title, *rows] if rows else []


def _listing(title: str, items: Sequence[Any], limit: int, render: Callable[[Any], str]) -> list[str]:
    if not items:
        return []
    shown = items[: max(limit, 0)]
    return ["", f"{title} (first {len(shown)} of {len(items)})", *(render(item) for item in shown)]


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class _GoldOutcome:
    """What happened to one required gold event."""

    doc_id: str
    event: GoldEvent
    exhaustive: bool
    hit: bool
    dyad_found: bool
    date_correct: bool | None  # None: not a dated hit
    confused_with: tuple[str, ...]


def _judge_gold(record: GoldRecord, gold: GoldEvent, predictions: Sequence[_Prediction]) -> _GoldOutcome:
    dyad = [p for p in predictions if _dyad_matches(gold, p)]
    matching = [p for p in dyad if _type_matches(gold, p)]
    date_correct = None
    if matching and gold.date is not None:
        date_correct = any(_date_agrees(gold.date, p.date) for p in matching)
    # One count per distinct predicted category, so a dyad coded in many sentences
    # does not swamp the confusion table.
    confused = () if matching else tuple(sorted({_predicted_category(gold, p) for p in dyad}))
    return _GoldOutcome(
        record.doc_id, gold, record.exhaustive, bool(matching), bool(dyad), date_correct, confused
    )


def _judge_prediction(record: GoldRecord, prediction: _Prediction) -> str:
    """``matched`` (some required gold event), ``optional`` (only optional ones) or ``false_alarm``."""
    matched = [gold for gold in record.events if _event_matches(gold, prediction)]
    if any(not gold.optional for gold in matched):
        return "matched"
    return "optional" if matched else "false_alarm"


def _count_duplicates(predictions: Iterable[_Prediction]) -> int:
    seen: set[tuple[str, ...]] = set()
    duplicates = 0
    for prediction in predictions:
        key = (prediction.doc_id, *_duplicate_key(prediction))
        duplicates += key in seen
        seen.add(key)
    return duplicates


def score(
    records: Sequence[GoldRecord],
    predictions: Sequence[Event] | Sequence[Mapping[str, Any]],
    *,
    name: str = "",
) -> EvalReport:
    """Score predicted events against gold records (matching rules: gold README).

    ``predictions`` are :class:`~dyads.model.Event` objects or dicts with the
    event-record field names; they are tied to records by ``doc_id``.
    """
    gold_ids = {record.doc_id for record in records}
    by_doc: dict[str, list[_Prediction]] = defaultdict(list)
    outside = 0
    for item in predictions:
        prediction = _prediction(item)
        if prediction.doc_id in gold_ids:
            by_doc[prediction.doc_id].append(prediction)
        else:
            outside += 1
    if outside:
        logger.info("%d predictions belong to no gold record and are ignored", outside)
    outcomes = [
        _judge_gold(record, gold, by_doc.get(record.doc_id, ()))
        for record in records
        for gold in record.events
        if not gold.optional
    ]
    verdicts = [
        (record.doc_id, prediction, _judge_prediction(record, prediction))
        for record in records
        if record.exhaustive
        for prediction in by_doc.get(record.doc_id, ())
    ]
    return _build_report(name, records, by_doc, outside, outcomes, verdicts)


def _build_report(
    name: str,
    records: Sequence[GoldRecord],
    by_doc: Mapping[str, list[_Prediction]],
    outside: int,
    outcomes: Sequence[_GoldOutcome],
    verdicts: Sequence[tuple[str, _Prediction, str]],
) -> EvalReport:
    verdict_counts = Counter(verdict for _, _, verdict in verdicts)
    dated = [o.date_correct for o in outcomes if o.date_correct is not None]
    return EvalReport(
        name=name,
        records=len(records),
        exhaustive_records=sum(record.exhaustive for record in records),
        required=len(outcomes),
        optional=sum(gold.optional for record in records for gold in record.events),
        hits=sum(o.hit for o in outcomes),
        dyad_found=sum(o.dyad_found for o in outcomes),
        exhaustive_required=sum(o.exhaustive for o in outcomes),
        exhaustive_hits=sum(o.exhaustive and o.hit for o in outcomes),
        predictions=sum(len(found) for found in by_doc.values()),
        matched_predictions=verdict_counts["matched"],
        optional_predictions=verdict_counts["optional"],
        false_alarms=verdict_counts["false_alarm"],
        duplicate_predictions=_count_duplicates(p for found in by_doc.values() for p in found),
        outside_predictions=outside,
        dated_hits=len(dated),
        dates_correct=sum(dated),
        categories=_category_scores(outcomes),
        confusion=_confusion(outcomes),
        misses=tuple(
            Miss(o.doc_id, _gold_summary(o.event), o.dyad_found, o.event.evidence)
            for o in outcomes
            if not o.hit
        ),
        false_alarm_events=tuple(
            FalseAlarm(doc_id, p.summary(), p.sentence)
            for doc_id, p, verdict in verdicts
            if verdict == "false_alarm"
        ),
    )


def _category_scores(outcomes: Sequence[_GoldOutcome]) -> tuple[CategoryScore, ...]:
    required: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for outcome in outcomes:
        category = _gold_category(outcome.event)
        required[category] += 1
        hits[category] += outcome.hit
    return tuple(CategoryScore(category, required[category], hits[category]) for category in sorted(required))


def _confusion(outcomes: Sequence[_GoldOutcome]) -> tuple[Confusion, ...]:
    counts = Counter(
        (_gold_category(outcome.event), predicted)
        for outcome in outcomes
        for predicted in outcome.confused_with
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Confusion(gold, predicted, count) for (gold, predicted), count in ordered)
