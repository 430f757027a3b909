"""What every reader shares: decoding bytes, stable document ids, dates.

Decoding follows one rule for every format so that a file reads the same
whichever reader opens it: UTF-8 (with or without BOM) first; otherwise the
encoding charset-normalizer detects (logged, so that a wrong guess can be
seen); a file with NUL bytes near its start, or one no encoding explains, is
binary and refused. Formats that hold many records (JSONL, CSV) are decoded
line by line so that they are never held in memory whole.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import charset_normalizer

from dyads.errors import InputError
from dyads.model import Document

log = logging.getLogger(__name__)

#: A NUL byte within this many leading bytes marks a binary file.
BINARY_SNIFF_BYTES = 8192
#: How much of a streamed file is read to choose its encoding.
ENCODING_SAMPLE_BYTES = 1 << 16
#: When a Western code page explains the bytes almost as well as charset-normalizer's
#: first choice, prefer it: short Latin-1 texts are otherwise often labelled cp1250/cp1257.
WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")
WESTERN_CHAOS_MARGIN = 0.1
_UTF16_32_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                  (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
BINARY_HINT = "dyads reads text: .txt, .html, .jsonl, .csv, .tsv or .warc files"
EMPTY_HINT = "remove the file or give it some text"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options every format reader receives from the dispatcher."""

    default_date: dt.date | None = None
    text_column: str = "text"


#: What a format reader yields: a document, or the error of one bad record
#: (the dispatcher raises or logs it according to ``on_error``). Errors that
#: spoil the whole file are raised instead.
Record = Document | InputError


def stable_doc_id(path: Path) -> str:
    """``<stem>-<8 hex>``: the same file gives the same id in every run, two files never clash."""
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"{path.stem}-{digest}"


def parse_date(value: object, origin: str) -> dt.date | None:
    """A date from ``YYYY-MM-DD``, an ISO datetime, or None/empty (no date)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError(origin, f"date must be a string like 2012-10-03, not {value!r}")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError(origin, f"bad date {value!r}",
                         "write dates as YYYY-MM-DD or an ISO datetime, or leave them out") from None


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _UTF16_32_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _is_utf8(sample: bytes, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _detect(sample: bytes, origin: str) -> str:
    results = charset_normalizer.from_bytes(sample)
    best = results.best()
    if best is None:
        raise InputError(origin, "binary file, not text", BINARY_HINT)
    encoding = best.encoding
    for candidate in results:
        if candidate.encoding in WESTERN_ENCODINGS and candidate.chaos <= best.chaos + WESTERN_CHAOS_MARGIN:
            encoding = candidate.encoding
            break
    log.info("%s: not UTF-8; decoding as %s (detected by charset-normalizer)", origin, encoding)
    return encoding


def choose_encoding(sample: bytes, origin: str, *, complete: bool) -> str:
    """The codec to read bytes starting with ``sample``; ``complete`` says the sample is the whole file.

    Raises InputError for binary data.
    """
    bom_encoding = _bom_encoding(sample)
    if bom_encoding:
        return bom_encoding
    if b"\x00" in sample[:BINARY_SNIFF_BYTES]:
        raise InputError(origin, "binary file, not text", BINARY_HINT)
    if _is_utf8(sample, complete):
        return "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"
    return _detect(sample, origin)


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode a whole single-document input (a text file, an HTML page)."""
    encoding = choose_encoding(data, origin, complete=True)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(origin, "binary file, not text", BINARY_HINT) from None


def _read_bytes(path: Path, size: int = -1) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc


def read_text(path: Path) -> str:
    """The whole text of a single-document file; refuses binary and empty files."""
    text = decode_bytes(_read_bytes(path), str(path))
    if not text.strip():
        raise InputError(str(path), "empty file", EMPTY_HINT)
    return text


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` pairs of a record file, decoded one line at a time.

    Line endings are kept (the CSV reader needs them inside quoted fields). The
    encoding is chosen from the first bytes; a line that does not decode raises
    InputError at ``path:line``.
    """
    sample = _read_bytes(path, ENCODING_SAMPLE_BYTES)
    complete = len(sample) < ENCODING_SAMPLE_BYTES
    encoding = choose_encoding(sample, str(path), complete=complete)
    if complete and not sample.decode(encoding, errors="replace").strip():
        raise InputError(str(path), "empty file", EMPTY_HINT)
    if encoding.startswith(("utf-16", "utf-32")):
        yield from _iter_wide_lines(path, encoding)
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{path}:{number}", f"cannot decode the line as {encoding}",
                                 "save the file as UTF-8") from None
            yield number, line.lstrip("\ufeff") if number == 1 else line


def _iter_wide_lines(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    # UTF-16/32 cannot be split on b"\n", so let the text layer decode.
    number = 0
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                yield number, line
        except UnicodeDecodeError:
            raise InputError(f"{path}:{number + 1}", f"cannot decode the line as {encoding}",
                             "save the file as UTF-8") from None
