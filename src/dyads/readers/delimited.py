"""Delimited tables (``.csv``, ``.tsv``) with a header row, one document per row.

The text comes from the column named by ``text_column``; ``id``, ``date``,
``title``, ``url`` and ``source`` columns are used when present. Rows are read
one at a time. A row's line is the line it starts on (quoted fields may span
lines).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator, Sequence

from dyads.errors import InputError
from dyads.model import Document
from dyads.readers.common import ReadOptions, Record, iter_lines, parse_date

_OPTIONAL_TEXT_COLUMNS = ("title", "url", "source")


def read_csv(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Rows of a comma-separated file."""
    yield from _read(path, options, delimiter=",")


def read_tsv(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Rows of a tab-separated file."""
    yield from _read(path, options, delimiter="\t")


def _read(path: Path, options: ReadOptions, delimiter: str) -> Iterator[Record]:
    rows = csv.reader((line for _, line in iter_lines(path)), delimiter=delimiter)
    header = _header(rows, path, options.text_column)
    end_line = rows.line_num
    while True:
        start_line = end_line + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"{path}:{start_line}", f"malformed row: {exc}",
                             "check the quoting around this line") from None
        end_line = rows.line_num
        if not row:
            continue
        try:
            yield _document(header, row, path, start_line, options)
        except InputError as error:
            yield error


def _header(rows: Iterator[list[str]], path: Path, text_column: str) -> list[str]:
    try:
        header = [name.strip() for name in next(rows)]
    except StopIteration:
        raise InputError(str(path), "empty file", "a table needs a header row and rows") from None
    except csv.Error as exc:
        raise InputError(f"{path}:1", f"malformed header row: {exc}") from None
    if text_column not in header:
        raise InputError(str(path), f"no column named {text_column!r}; the columns are {header}",
                         "rename the text column or choose it with text_column / --text-column")
    return header


def _document(header: Sequence[str], row: list[str], path: Path, line: int,
              options: ReadOptions) -> Document:
    origin = f"{path}:{line}"
    if len(row) != len(header):
        raise InputError(origin, f"the row has {len(row)} fields but the header has {len(header)}",
                         "check the delimiters and quoting on this row")
    values = dict(zip(header, row, strict=True))
    text = values[options.text_column]
    if not text.strip():
        raise InputError(origin, f"empty {options.text_column!r} cell")
    doc_id = values.get("id", "").strip() or f"{path.stem}:{line}"
    extras = {name: values.get(name, "").strip() or None for name in _OPTIONAL_TEXT_COLUMNS}
    date = parse_date(values.get("date"), origin) or options.default_date
    return Document(doc_id=doc_id, text=text, date=date, origin=origin, **extras)
