"""Web archives (``.warc``, ``.warc.gz``): each HTML response record is one document.

Records are streamed with warcio; each page goes through the same trafilatura
extraction as an HTML file. A record's origin is ``path:N`` where N counts the
archive's records from 1 (every record type counts), so a message names the
record to look at.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dyads.errors import InputError
from dyads.model import Document
from dyads.readers.common import ReadOptions, Record, decode_bytes
from dyads.readers.htmlpage import extract_page

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Yield one document (or one InputError) per HTML response record."""
    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file", "remove the file or give it some records")
    pages = 0
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.format != "warc":
                    raise ArchiveLoadFailed(f"record {number} is not a WARC record")
                if not _is_html_response(record):
                    continue
                pages += 1
                try:
                    yield _document(record, path, number, options)
                except InputError as error:
                    yield error
    except ArchiveLoadFailed as exc:
        raise InputError(str(path), f"not a readable WARC archive: {exc}",
                         "check that the file is a WARC (optionally gzipped) and is complete") from None
    if not pages:
        log.warning("%s: no HTML response records in the archive", path)


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and content_type.startswith(_HTML_TYPES)


def _document(record, path: Path, number: int, options: ReadOptions) -> Document:
    origin = f"{path}:{number}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    page = extract_page(_decode(record, origin), origin, url=url)
    return Document(doc_id=record_id or url or f"{path.stem}:{number}", text=page.text,
                    date=page.date or options.default_date, title=page.title, url=url or page.url,
                    source=page.source, origin=origin)


def _decode(record, origin: str) -> str:
    payload = record.content_stream().read()
    charset = _declared_charset(record.http_headers.get_header("Content-Type") or "")
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.info("%s: payload does not decode as declared %s; detecting", origin, charset)
    return decode_bytes(payload, origin)


def _declared_charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None
