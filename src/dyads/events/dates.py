"""Event dates: an explicit date in the event's clause, resolved against the document date.

"on October 3" in a document of 2012-10-06 is 2012-10-03 (day precision);
"on Thursday" is the Thursday before the document date; "in May 2011" is
2011-05 (month precision, stored as its first day); "in 2010" is year precision.
With no explicit date the document date is used (precision ``document``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

log = logging.getLogger(__name__)

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = ("yesterday", "today", "tonight")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_DAY = re.compile(r"\b([1-9]|[12]\d|3[01])(st|nd|rd|th)?\b")
_NOISE = re.compile(r",?\s*\b(this|last|next) year\b|\b(on|in|of|the|since|by|during|early|late|mid)\b",
                    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EventDate:
    date: dt.date | None
    precision: str  # day | month | year | document | none
    text: str = ""


def precision_of(text: str) -> str | None:
    """The precision an expression states, or None when it names no calendar date."""
    lowered = text.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    has_month = any(m in words for m in MONTHS)
    has_year = bool(_YEAR.search(lowered))
    if words & set(WEEKDAYS) or words & set(RELATIVE_DAYS):
        return "day"
    if has_month:
        stripped = _YEAR.sub(" ", lowered)
        return "day" if _DAY.search(stripped) else "month"
    if has_year and re.fullmatch(r"\s*(in\s+|of\s+)?(19|20)\d{2}\s*", lowered):
        return "year"
    return None


@lru_cache(maxsize=4096)
def resolve_expression(text: str, document_date: dt.date | None) -> EventDate | None:
    """Resolve one date expression; None when it is not a calendar date or cannot be resolved."""
    precision = precision_of(text)
    if precision is None:
        return None
    if precision == "year":
        year = int(_YEAR.search(text).group(0))
        return EventDate(dt.date(year, 1, 1), "year", text)
    needs_base = not _YEAR.search(text)
    if needs_base and document_date is None:
        return None
    import dateparser  # imported lazily: it takes a while and most stages never need it

    cleaned = _NOISE.sub(" ", text).strip(" ,")
    base = dt.datetime.combine(document_date or dt.date.today(), dt.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    value = parsed.date()
    if document_date is not None and value == document_date - dt.timedelta(days=7) and \
            any(day in text.lower() for day in WEEKDAYS):
        value = document_date  # "on Tuesday" in a paper of Tuesday is that very day
    if precision == "month":
        value = value.replace(day=1)
    return EventDate(value, precision, text)


def event_date(event_token: Token, sent: Span, document_date: dt.date | None) -> EventDate:
    """The date of the event whose word is ``event_token``, from a DATE entity attached to its clause."""
    anchors = [event_token]
    if event_token.pos_ in ("NOUN", "PROPN") and event_token.head.pos_ in ("VERB", "AUX"):
        anchors.append(event_token.head)  # "made a stop in Lahore on Friday"
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or not any(_attached(ent.root, anchor) for anchor in anchors):
            continue
        resolved = resolve_expression(ent.text, document_date)
        if resolved is not None:
            return resolved
    if document_date is not None:
        return EventDate(document_date, "document")
    return EventDate(None, "none")


def _attached(date_token: Token, event_token: Token) -> bool:
    """True when the date modifies the event word (directly or through a preposition) and not another verb."""
    current = date_token
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return False
        if head.i == event_token.i:
            return True
        if head.pos_ in ("VERB", "AUX") and head.i != event_token.i:
            return False
        current = head
    return False
