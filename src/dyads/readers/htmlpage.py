"""HTML pages (``.html``, ``.htm``): the main text, title and date found by trafilatura.

The same extraction serves the WARC reader, so a page reads the same from a
file or from an archive. Comments below articles are left out: they are
readers' opinions, not the reporting that events are coded from.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import trafilatura

from dyads.errors import InputError
from dyads.model import Document
from dyads.readers.common import ReadOptions, Record, read_text, stable_doc_id

log = logging.getLogger(__name__)

#: Dates only from the page's markup: a date guessed from the article text is
#: often the date of an event it mentions, which is worse than no date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura found in one HTML page."""

    text: str
    title: str | None
    date: dt.date | None
    url: str | None
    source: str | None


def extract_page(html: str, origin: str, url: str | None = None) -> Page:
    """Main text and metadata of ``html``; InputError when there is no main text."""
    result = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True,
                                         date_extraction_params=_DATE_PARAMS)
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        raise InputError(origin, "no main text found in the HTML page",
                         "the page may be a navigation, login or script-only page")
    return Page(text=text, title=result.title or None, date=_page_date(result.date, origin),
                url=result.url or url, source=result.sitename or result.hostname or None)


def _page_date(value: str | None, origin: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        log.debug("%s: ignoring unreadable page date %r", origin, value)
        return None


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Yield the page as one document with an id derived from its path."""
    page = extract_page(read_text(path), str(path))
    yield Document(doc_id=stable_doc_id(path), text=page.text, date=page.date or options.default_date,
                   title=page.title, url=page.url, source=page.source, origin=str(path))
