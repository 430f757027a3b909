"""Readers: input files in, :class:`~dyads.model.Document` records out.

One module per format; this module picks the reader by file extension, walks
folders, and applies the ``on_error`` policy: ``"fail"`` raises the first
:class:`~dyads.errors.InputError`, ``"skip"`` logs it as a warning and goes on
with the next record or file.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from dyads.errors import InputError, SettingsError
from dyads.model import Document
from dyads.readers import delimited, htmlpage, jsonl, plaintext, warc
from dyads.readers.common import ReadOptions, Record
from dyads.settings import ON_ERROR_CHOICES

__all__ = ["SUPPORTED_EXTENSIONS", "iter_input_files", "read_paths"]

log = logging.getLogger(__name__)

Reader = Callable[[Path, ReadOptions], Iterator[Record]]

#: Extension -> reader. Longer extensions first so ``.warc.gz`` wins over ``.gz``.
_READERS: tuple[tuple[str, Reader], ...] = (
    (".warc.gz", warc.read),
    (".warc", warc.read),
    (".txt", plaintext.read),
    (".text", plaintext.read),
    (".html", htmlpage.read),
    (".htm", htmlpage.read),
    (".jsonl", jsonl.read),
    (".ndjson", jsonl.read),
    (".csv", delimited.read_csv),
    (".tsv", delimited.read_tsv),
)
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(extension for extension, _ in _READERS)


def _reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for extension, reader in _READERS:
        if name.endswith(extension):
            return reader
    return None


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or _is_hidden(path, folder):
            continue
        if _reader_for(path) is None:
            log.warning("%s: skipped, not a supported input (%s)", path, ", ".join(SUPPORTED_EXTENSIONS))
            continue
        yield path


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The input files named by ``paths``, folders walked recursively in sorted order.

    Hidden files and folders inside a walked folder are skipped, and so (with a
    warning) are files of unsupported types; a file named explicitly must be of
    a supported type. A path that does not exist raises InputError.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            if _reader_for(path) is None:
                raise InputError(str(path), "unsupported file type",
                                 f"supported: {', '.join(SUPPORTED_EXTENSIONS)}")
            yield path
        else:
            raise InputError(str(path), "no such file or folder", "check the path")


def read_paths(paths: Iterable[str | Path], *, default_date: dt.date | None = None,
               text_column: str = "text", on_error: str = "fail",
               skipped: Callable[[InputError], None] | None = None) -> Iterator[Document]:
    """Stream the documents of every input in ``paths`` (files or folders).

    ``default_date`` is the date of documents whose input gives none;
    ``text_column`` names the text column of CSV/TSV files; ``on_error`` is
    ``"fail"`` (raise the first InputError) or ``"skip"`` (log it, pass it to
    ``skipped`` when given, and go on).
    """
    if on_error not in ON_ERROR_CHOICES:
        raise SettingsError(f"on_error must be one of {ON_ERROR_CHOICES}, not {on_error!r}")
    options = ReadOptions(default_date=default_date, text_column=text_column)
    policy = _Policy(on_error, skipped)
    for raw in paths:
        try:
            files = list(iter_input_files([raw]))
        except InputError as error:
            policy.handle(error)
            continue
        for path in files:
            yield from _read_file(path, options, policy)


def _read_file(path: Path, options: ReadOptions, policy: "_Policy") -> Iterator[Document]:
    reader = _reader_for(path)
    assert reader is not None  # iter_input_files yields supported files only
    try:
        for record in reader(path, options):
            if isinstance(record, InputError):
                policy.handle(record)
            else:
                yield record
    except InputError as error:
        policy.handle(error)
    except OSError as exc:
        policy.handle(InputError(str(path), f"cannot read the file: {exc.strerror or exc}"))


@dataclass(frozen=True, slots=True)
class _Policy:
    """What to do with bad input: raise it, or log it, report it to ``skipped`` and go on."""

    on_error: str
    skipped: Callable[[InputError], None] | None = None

    def handle(self, error: InputError) -> None:
        if self.on_error == "fail":
            raise error
        log.warning("skipped %s", error)
        if self.skipped is not None:
            self.skipped(error)
