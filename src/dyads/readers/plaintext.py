"""Plain text files (``.txt``, ``.text``): the whole file is one document."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from dyads.model import Document
from dyads.readers.common import ReadOptions, Record, read_text, stable_doc_id


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Yield the file as one document with an id derived from its path."""
    yield Document(doc_id=stable_doc_id(path), text=read_text(path),
                   date=options.default_date, origin=str(path))
