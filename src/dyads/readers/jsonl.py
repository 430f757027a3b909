"""JSON Lines (``.jsonl``, ``.ndjson``): one record ``{"id", "text", "date"?, "title"?,
"url"?, "source"?}`` per line; other keys are ignored, blank lines skipped.

The file is read a line at a time; a bad record is reported at ``path:line``
and does not stop the records after it (the dispatcher decides whether it is
fatal).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from dyads.errors import InputError
from dyads.model import Document
from dyads.readers.common import ReadOptions, Record, iter_lines, parse_date

RECORD_HINT = 'each line must be a JSON object like {"id": "a1", "text": "...", "date": "2012-10-03"}'
_OPTIONAL_TEXT_FIELDS = ("title", "url", "source")


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Yield one document (or one InputError) per non-blank line."""
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            yield _document(_parse(line, origin), path, number, origin, options)
        except InputError as error:
            yield error


def _parse(line: str, origin: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"not valid JSON ({exc.msg}, column {exc.colno})", RECORD_HINT) from None
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, found {type(record).__name__}", RECORD_HINT)
    return record


def _document(record: dict[str, Any], path: Path, number: int, origin: str,
              options: ReadOptions) -> Document:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(origin, 'missing or empty "text"', RECORD_HINT)
    raw_id = record.get("id")
    if isinstance(raw_id, (dict, list, bool)):
        raise InputError(origin, f'"id" must be a string or number, not {raw_id!r}')
    doc_id = str(raw_id) if raw_id not in (None, "") else f"{path.stem}:{number}"
    extras = {}
    for name in _OPTIONAL_TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(origin, f'"{name}" must be a string, not {value!r}')
        extras[name] = value or None
    date = parse_date(record.get("date"), origin) or options.default_date
    return Document(doc_id=doc_id, text=text, date=date, origin=origin, **extras)
