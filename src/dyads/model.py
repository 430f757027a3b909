"""Frozen records passed between the stages of the pipeline.

Data flows one way: readers yield :class:`Document`; cleaning turns it into a
:class:`CleanDocument` of :class:`Passage` objects; de-duplication drops passages;
parsing, actor resolution and event coding (which work on spaCy objects
internally) emit :class:`Mention` and :class:`Event` records; the store keeps
documents, events and :class:`RunReport` rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

#: Field names of the public event record, in export order (see DESIGN.md).
EVENT_FIELDS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "sentence_index",
    "sentence",
    "date",
    "source",
    "source_country",
    "source_sector",
    "source_text",
    "target",
    "target_country",
    "target_text",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover",
    "location",
    "latitude",
    "longitude",
    "confidence",
    "rule",
    "coder_version",
    # Additions beyond the DESIGN.md core, appended so the core keeps its order.
    "target_sector",
    "date_precision",
    "mentions",
)


@dataclass(frozen=True, slots=True)
class Document:
    """One input record as read, before any cleaning.

    ``origin`` names where it came from (``path`` or ``path:line``) so that any
    error or event can be traced back to the input.
    """

    doc_id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of cleaned text. Headlines are kept apart from body text."""

    text: str
    is_headline: bool = False


@dataclass(frozen=True, slots=True)
class Repair:
    """One change the cleaning stage made to the text, for explanation."""

    kind: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """A document after cleaning (and, later, de-duplication)."""

    doc_id: str
    passages: tuple[Passage, ...]
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""
    repairs: tuple[Repair, ...] = ()
    dropped_lines: int = 0
    duplicate_passages: int = 0
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: a CAMEO-style code and its parts.

    ``code`` is the full code (``RUSGOV``, ``IGOUNO``, ``PAKMIL``); ``country`` is
    the ISO3 part or ``""`` for actors without one (most IGOs); ``sector`` is
    the first agent code after the country (``GOV``), ``""`` if none.
    """

    code: str
    country: str = ""
    sector: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a sentence that refers to one or more actors.

    ``actors`` holds more than one actor for plural references ("both
    countries", "Moscow and Beijing" when coded as one phrase). ``reason`` says
    how the code was found: ``dictionary:countries``, ``title``,
    ``coref:surname``, ``coref:pronoun``, ``coref:pair`` ...
    """

    text: str
    start_char: int
    end_char: int
    actors: tuple[Actor, ...]
    reason: str
    sentence_index: int = 0

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(actor.code for actor in self.actors)


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the public event record (see :data:`EVENT_FIELDS`)."""

    event_id: str
    doc_id: str
    sentence_index: int
    sentence: str
    date: dt.date | None
    source: str
    source_country: str
    source_sector: str
    source_text: str
    target: str
    target_country: str
    target_text: str
    code: str
    root_code: str
    quad_class: int
    goldstein: float
    plover: str
    location: str | None
    latitude: float | None
    longitude: float | None
    confidence: float
    rule: str
    coder_version: str
    target_sector: str = ""
    date_precision: str = "day"
    mentions: int = 1

    def to_record(self) -> dict:
        """The event as a plain dict in export order, dates as ISO strings."""
        record = asdict(self)
        if self.date is not None:
            record["date"] = self.date.isoformat()
        return {name: record[name] for name in EVENT_FIELDS}


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one coding run did, returned by the API and stored in ``runs``."""

    run_id: str
    started: dt.datetime
    finished: dt.datetime
    inputs: tuple[str, ...]
    documents_read: int = 0
    documents_coded: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    sentences: int = 0
    words: int = 0
    duplicate_passages: int = 0
    events: int = 0
    errors: tuple[str, ...] = field(default_factory=tuple)
