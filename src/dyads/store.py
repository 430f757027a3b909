"""The event store: the only module of dyads that touches DuckDB.

A store is one DuckDB file holding five tables: ``meta`` (the schema version),
``documents`` (one row per coded document, with its content hash so unchanged
inputs are skipped on the next run), ``events`` (the public event record of
:data:`dyads.model.EVENT_FIELDS` plus the ``run_id`` that wrote it), ``runs``
(what each coding run did) and ``fingerprints`` (which document first held
each passage or sentence fingerprint, for de-duplication across documents and
runs).

Contract:

* :func:`open_store` creates the schema in a new file and refuses, with a
  :class:`~dyads.errors.StoreError`, files that are not dyads stores, that are
  locked by another process, or that a newer dyads wrote.
* :meth:`Store.write_batch` is one transaction: after an error nothing of the
  batch is written, and writing the same batch again leaves the same tables.
* Every query takes user values as SQL parameters, never as SQL text.
* :func:`export_events` writes JSONL, CSV, TSV or Parquet through a temporary
  file that is renamed at the end, so a failed export never leaves half a file.

All timestamps are stored in UTC without a time zone. A connection must not be
used by two threads at once; a server should open one store per worker.

A *Parquet dataset* is what a Dask run (:mod:`dyads.distributed`) writes: a
folder with ``events/month=YYYY-MM/part-<partition>.parquet`` (the event record,
one file per input partition and month of the event date; ``month=undated`` for
events without a date) and ``documents/part-<partition>.parquet``.
:func:`write_partition` writes one partition's files, each through a temporary
file that is renamed when complete; :func:`open_store` on such a folder gives a
read-only :class:`Store` with the same queries, reading the files through DuckDB.
The hive key is ``month``, not ``date``: a ``date=`` folder would replace the
events' own ``date`` column when the dataset is read with hive partitioning.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import itertools
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import duckdb

from dyads.errors import StoreError
from dyads.model import EVENT_FIELDS, CleanDocument, Event, RunReport

log = logging.getLogger(__name__)

#: Version of the table layout; bump it (and add a migration) when a table changes.
SCHEMA_VERSION = 1
#: Export formats, each named by its file extension.
FORMATS: tuple[str, ...] = ("jsonl", "csv", "tsv", "parquet")

_NON_TEXT_EVENT_TYPES = {
    "sentence_index": "INTEGER",
    "date": "DATE",
    "quad_class": "INTEGER",
    "goldstein": "DOUBLE",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "confidence": "DOUBLE",
    "mentions": "INTEGER",
}
#: DuckDB type of each event field, in export order; fields not named above are text.
EVENT_TYPES: Mapping[str, str] = MappingProxyType(
    {name: _NON_TEXT_EVENT_TYPES.get(name, "VARCHAR") for name in EVENT_FIELDS})

_DOCUMENT_TYPES: Mapping[str, str] = MappingProxyType({
    "doc_id": "VARCHAR", "origin": "VARCHAR", "title": "VARCHAR", "url": "VARCHAR",
    "source": "VARCHAR", "date": "DATE", "content_hash": "VARCHAR", "passages": "INTEGER",
    "duplicate_passages": "INTEGER", "sentences": "INTEGER", "words": "INTEGER",
    "run_id": "VARCHAR", "coded_at": "TIMESTAMP",
})
_RUN_COUNTS = ("documents_read", "documents_coded", "documents_unchanged", "documents_failed",
               "sentences", "words", "duplicate_passages", "events")
_FINGERPRINT_TYPES: Mapping[str, str] = MappingProxyType(
    {"fingerprint": "VARCHAR", "doc_id": "VARCHAR"})
_TABLES = ("meta", "documents", "events", "runs", "fingerprints")


def _column_list(types: Mapping[str, str], primary_key: str) -> str:
    return ", ".join(f"{name} {kind}{' PRIMARY KEY' if name == primary_key else ''}"
                     for name, kind in types.items())


_SCHEMA = (
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    f"CREATE TABLE documents ({_column_list(_DOCUMENT_TYPES, 'doc_id')})",
    f"CREATE TABLE events ({_column_list(EVENT_TYPES, 'event_id')}, run_id VARCHAR)",
    "CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, "
    "inputs VARCHAR[], settings VARCHAR, coder_version VARCHAR, "
    + ", ".join(f"{name} INTEGER" for name in _RUN_COUNTS)
    + ", errors VARCHAR[], status VARCHAR)",
    "CREATE TABLE fingerprints (fingerprint VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL)",
)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What the store keeps about one coded document (one row of ``documents``)."""

    doc_id: str
    origin: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: dt.date | None = None
    content_hash: str = ""
    passages: int = 0
    duplicate_passages: int = 0
    sentences: int = 0
    words: int = 0

    @classmethod
    def from_clean(cls, document: CleanDocument, sentences: int, words: int) -> "DocumentRow":
        """The row for a cleaned, de-duplicated document and the text counts the parser found."""
        return cls(doc_id=document.doc_id, origin=document.origin, title=document.title,
                   url=document.url, source=document.source, date=document.date,
                   content_hash=document.content_hash, passages=len(document.passages),
                   duplicate_passages=document.duplicate_passages,
                   sentences=sentences, words=words)


# --- opening ---------------------------------------------------------------------------------


def open_store(path: str | Path = "dyads.duckdb", *, read_only: bool = False) -> "Store":
    """Open (and, unless ``read_only``, create) the store at ``path``.

    A Parquet dataset folder (see the module docstring) opens read-only.
    Raises :class:`StoreError` with what to do next when the file is missing (read-only),
    not a DuckDB database, not a dyads store, locked by another process, or newer than
    this version of dyads.
    """
    path = Path(path)
    if is_dataset(path):
        return _open_dataset(path, read_only)
    _check_path(path, read_only)
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(_open_problem(path, exc)) from exc
    try:
        _prepare_schema(connection, path, read_only)
    except BaseException:
        connection.close()
        raise
    log.debug("opened store %s%s", path, " read-only" if read_only else "")
    return Store(connection, path, read_only)


def _check_path(path: Path, read_only: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give a database file such as "
                         f"{path / 'dyads.duckdb'}")
    if read_only and not path.exists():
        raise StoreError(f"no database at {path}; run `dyads code` first")
    if not path.parent.is_dir():
        raise StoreError(f"cannot create {path}: directory {path.parent} does not exist; "
                         "create it first or choose another path")


def _open_problem(path: Path, exc: duckdb.Error) -> str:
    """A message for a failed connect that says what to do next."""
    text = str(exc)
    if "not a valid DuckDB database" in text:
        return (f"{path} is not a DuckDB database (another kind of file?); "
                "choose another path or move the file away")
    if "lock" in text.lower():
        return (f"{path} is in use by another process (a running `dyads code` or "
                f"`dyads serve`?); wait for it to finish or stop it. DuckDB said: {text}")
    if "different configuration" in text:
        return (f"{path} is already open in this process in another mode "
                "(read-only versus writable); close that store first")
    if "Permission denied" in text or "Read-only file system" in text:
        return f"cannot write {path} ({text}); open it read-only or choose a writable path"
    return f"cannot open {path}: {text}"


def _prepare_schema(connection: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    """Check the schema version of an existing store, or create the tables of a new one."""
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_catalog = current_database()").fetchall()}
        if "meta" in tables:
            _check_version(connection, path)
        elif tables:
            raise StoreError(f"{path} is a DuckDB database but not a dyads store (it has tables "
                             f"{sorted(tables)} and no 'meta' table); choose another path")
        elif read_only:
            raise StoreError(f"{path} holds no dyads data yet; run `dyads code` first")
        else:
            _create_schema(connection)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot read the store's tables: {exc}") from exc


def _check_version(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row else None
    except ValueError:
        version = None
    if version is None:
        raise StoreError(f"{path}: the 'meta' table has no valid schema_version; "
                         "the file was not written by dyads or is damaged")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer dyads (schema version {version}; this "
                         f"version reads up to {SCHEMA_VERSION}); upgrade dyads to read it")
    if version < SCHEMA_VERSION:
        raise StoreError(f"{path} has schema version {version}, which this dyads cannot "
                         f"migrate to {SCHEMA_VERSION}; code the inputs again into a new file")


def _create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    connection.begin()
    try:
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


# --- helpers shared by writes and exports ----------------------------------------------------


def _insert_columns(connection: duckdb.DuckDBPyConnection, table: str,
                    types: Mapping[str, str], rows: Sequence[Sequence[Any]],
                    verb: str = "INSERT") -> None:
    """Insert ``rows`` (values in ``types`` order) as one statement, column by column.

    DuckDB runs ``executemany`` one row at a time (minutes for tens of thousands of
    events); binding one list per column and unnesting them is hundreds of times faster.
    ``table`` and ``types`` are this module's constants, never user values.
    """
    if not rows:
        return
    names = list(types)
    selects = ", ".join(f"unnest(?::{types[name]}[])" for name in names)
    columns = [[row[index] for row in rows] for index in range(len(names))]
    connection.execute(f"{verb} INTO {table} ({', '.join(names)}) SELECT {selects}", columns)


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC without a time zone (naive values are taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _now() -> dt.datetime:
    return _utc_naive(dt.datetime.now(dt.timezone.utc))


def _settings_json(settings: Any) -> str:
    if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
        settings = dataclasses.asdict(settings)
    return json.dumps(dict(settings), sort_keys=True, default=str)


# --- the store -------------------------------------------------------------------------------


class Store:
    """An open event store. Build it with :func:`open_store`; use it as a context manager."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._connection = connection
        self._index: PassageIndex | None = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, read_only={self.read_only})"

    def close(self) -> None:
        """Close the connection; closing twice is harmless."""
        self._connection.close()

    # -- plumbing

    @contextlib.contextmanager
    def _reading(self, action: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the connection, turning DuckDB errors into StoreError naming the file."""
        try:
            yield self._connection
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {action} failed: {exc}") from exc

    @contextlib.contextmanager
    def _transaction(self, action: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction: commit at the end, roll back everything on any error."""
        if self.read_only:
            raise StoreError(f"{self.path}: cannot {action}: the store was opened read-only")
        with self._reading(action) as connection:
            connection.begin()
        try:
            yield self._connection
            self._connection.commit()
        except BaseException as exc:
            with contextlib.suppress(duckdb.Error):
                self._connection.rollback()
            if isinstance(exc, StoreError) or not isinstance(exc, Exception):
                raise
            raise StoreError(f"{self.path}: cannot {action}; nothing was written: {exc}") from exc

    def _dicts(self, action: str, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        with self._reading(action) as connection:
            cursor = connection.execute(sql, list(params))
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    # -- documents and runs

    def document_status(self, doc_id: str, content_hash: str) -> str:
        """``"new"`` if ``doc_id`` was never stored, else ``"unchanged"`` or ``"changed"``."""
        with self._reading("looking up a document") as connection:
            row = connection.execute("SELECT content_hash FROM documents WHERE doc_id = ?",
                                     [doc_id]).fetchone()
        if row is None:
            return "new"
        return "unchanged" if row[0] == content_hash else "changed"

    def start_run(self, run_id: str, inputs: Sequence[str], settings: Any) -> None:
        """Record that run ``run_id`` started; ``settings`` is a mapping or a Settings object."""
        settings_json = _settings_json(settings)
        coder_version = json.loads(settings_json).get("coder_version")
        with self._transaction(f"start run {run_id}") as connection:
            if connection.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone():
                raise StoreError(f"{self.path}: run {run_id!r} is already recorded; "
                                 "give each run a new id")
            connection.execute(
                "INSERT INTO runs (run_id, started, inputs, settings, coder_version, status) "
                "VALUES (?, ?, ?, ?, ?, 'running')",
                [run_id, _now(), [str(name) for name in inputs], settings_json, coder_version])

    def finish_run(self, report: RunReport, status: str = "ok") -> None:
        """Store what the run did. A run that :meth:`start_run` did not record is added."""
        if not status:
            raise StoreError("finish_run: status must be a non-empty word such as 'ok' or 'failed'")
        columns = ("run_id", "started", "finished", "inputs", "settings", "coder_version",
                   *_RUN_COUNTS, "errors", "status")
        with self._transaction(f"finish run {report.run_id}") as connection:
            # Delete and insert rather than UPDATE: DuckDB 1.1 cannot update list columns,
            # and the upserts of 1.2 and 1.3 empty the columns they do not set.
            kept = connection.execute("SELECT settings, coder_version FROM runs WHERE run_id = ?",
                                      [report.run_id]).fetchone() or ("{}", None)
            connection.execute("DELETE FROM runs WHERE run_id = ?", [report.run_id])
            connection.execute(
                f"INSERT INTO runs ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [report.run_id, _utc_naive(report.started), _utc_naive(report.finished),
                 list(report.inputs), *kept, *(getattr(report, name) for name in _RUN_COUNTS),
                 list(report.errors), status])

    # -- writing a batch

    def write_batch(self, documents: Sequence[DocumentRow], events: Sequence[Event],
                    fingerprints: Sequence[tuple[str, str]], run_id: str) -> None:
        """Replace the stored documents, events and fingerprints of ``documents`` at once.

        ``fingerprints`` are ``(fingerprint, doc_id)`` pairs; the pairs added to this store's
        :meth:`passage_index` for these documents are written too. A fingerprint already
        owned by another document keeps its first owner. One transaction: on any error
        nothing is written and :class:`StoreError` names the database file.
        """
        doc_ids = [document.doc_id for document in documents]
        pairs = self._batch_fingerprints(fingerprints, doc_ids)
        self._check_batch(doc_ids, events, pairs)
        if not doc_ids:
            return
        coded_at = self._coded_at(run_id)
        with self._transaction(f"write {len(doc_ids)} documents") as connection:
            self._delete_documents(connection, doc_ids)
            self._insert_documents(connection, documents, run_id, coded_at)
            self._insert_events(connection, events, run_id)
            self._insert_fingerprints(connection, pairs)
        if self._index is not None:
            self._index.forget(doc_ids)
        log.debug("%s: wrote %d documents, %d events, %d fingerprints",
                  self.path, len(doc_ids), len(events), len(pairs))

    def _batch_fingerprints(self, fingerprints: Sequence[tuple[str, str]],
                            doc_ids: Sequence[str]) -> list[tuple[str, str]]:
        """Given pairs plus pending index pairs of the batch; the first owner of each wins."""
        pending = self._index.pending(doc_ids) if self._index is not None else []
        owners: dict[str, str] = {}
        for fingerprint, doc_id in itertools.chain(fingerprints, pending):
            owners.setdefault(fingerprint, doc_id)
        return list(owners.items())

    def _check_batch(self, doc_ids: Sequence[str], events: Sequence[Event],
                     pairs: Sequence[tuple[str, str]]) -> None:
        known = set(doc_ids)
        named = {event.doc_id for event in events} | {doc_id for _, doc_id in pairs}
        strays = sorted(named - known)
        if strays:
            raise StoreError(f"{self.path}: events or fingerprints name documents that are not "
                             f"in the batch: {strays[:5]}; nothing was written")

    def _coded_at(self, run_id: str) -> dt.datetime:
        """When the run started, so that writing a batch again gives identical rows."""
        with self._reading("looking up a run") as connection:
            row = connection.execute("SELECT started FROM runs WHERE run_id = ?",
                                     [run_id]).fetchone()
        return row[0] if row and row[0] is not None else _now()

    @staticmethod
    def _delete_documents(connection: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
        # Deleting and re-inserting a primary key in one transaction needs DuckDB 1.2 or newer
        # (1.1 reports a false constraint violation).
        for table in ("events", "fingerprints", "documents"):
            connection.execute(
                f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(doc_ids)])

    @staticmethod
    def _insert_documents(connection: duckdb.DuckDBPyConnection,
                          documents: Sequence[DocumentRow], run_id: str,
                          coded_at: dt.datetime) -> None:
        rows = [(*dataclasses.astuple(document), run_id, coded_at) for document in documents]
        _insert_columns(connection, "documents", _DOCUMENT_TYPES, rows)

    @staticmethod
    def _insert_events(connection: duckdb.DuckDBPyConnection, events: Sequence[Event],
                       run_id: str) -> None:
        types = {**EVENT_TYPES, "run_id": "VARCHAR"}
        rows = [tuple(getattr(event, name) for name in EVENT_FIELDS) + (run_id,)
                for event in events]
        _insert_columns(connection, "events", types, rows)

    @staticmethod
    def _insert_fingerprints(connection: duckdb.DuckDBPyConnection,
                             pairs: Sequence[tuple[str, str]]) -> None:
        _insert_columns(connection, "fingerprints", _FINGERPRINT_TYPES, pairs,
                        verb="INSERT OR IGNORE")

    # -- queries

    def events(self, *, source: Any = None, target: Any = None, actor: Any = None,
               code: Any = None, root: Any = None, quad_class: Any = None,
               since: Any = None, until: Any = None, doc_id: Any = None, plover: Any = None,
               limit: int | None = None) -> list[Event]:
        """Stored events matching every filter given, ordered by date, document and sentence.

        ``source``/``target``/``actor`` are actor code prefixes, case-insensitive ("RUS"
        matches RUSGOV; ``actor`` matches either side); ``code``, ``root``, ``quad_class``,
        ``doc_id`` and ``plover`` match exactly; ``root`` may be "04", "4" or 4; ``since``
        and ``until`` are inclusive dates or ISO strings. Each filter but the dates and
        ``limit`` also takes a list, matching any of its values.
        """
        where, params = _event_conditions(
            source=source, target=target, actor=actor, code=code, root=root,
            quad_class=quad_class, since=since, until=until, doc_id=doc_id, plover=plover)
        sql = (f"SELECT {', '.join(EVENT_FIELDS)} FROM events {where} "
               "ORDER BY date NULLS LAST, doc_id, sentence_index, event_id")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(_checked_limit(limit))
        with self._reading("reading events") as connection:
            rows = connection.execute(sql, params).fetchall()
        return [Event(**dict(zip(EVENT_FIELDS, row))) for row in rows]

    def event_records(self, **filters: Any) -> list[dict]:
        """Like :meth:`events` (same filters) as export-ready dicts (dates as ISO strings)."""
        return [event.to_record() for event in self.events(**filters)]

    def documents(self, doc_id: str | None = None) -> list[dict]:
        """Stored document rows (all, or the one named), ordered by ``doc_id``."""
        if doc_id is None:
            return self._dicts("reading documents", "SELECT * FROM documents ORDER BY doc_id")
        return self._dicts("reading documents", "SELECT * FROM documents WHERE doc_id = ?",
                           [doc_id])

    def runs(self) -> list[dict]:
        """Stored runs, oldest first; ``settings`` parsed back into a dict."""
        runs = self._dicts("reading runs", "SELECT * FROM runs ORDER BY started, run_id")
        for run in runs:
            run["settings"] = json.loads(run["settings"]) if run["settings"] else {}
        return runs

    def summary(self, *, top: int | None = 20,
                root_names: Mapping[str, str] | None = None) -> dict:
        """Counts for a quick look: documents, sentences, words, events, runs, and the
        ``top`` dyads ``(source_country, target_country, n)`` and root codes
        ``(root, name, n)`` by number of events (``root_names`` gives the names)."""
        names = root_names or {}
        with self._reading("summarising the store") as connection:
            documents, sentences, words = connection.execute(
                "SELECT count(*), coalesce(sum(sentences), 0), coalesce(sum(words), 0) "
                "FROM documents").fetchone()
            events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
            runs = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
            limit = [_checked_limit(top)] if top is not None else []
            dyads = connection.execute(
                "SELECT source_country, target_country, count(*) AS n FROM events "
                "GROUP BY ALL ORDER BY n DESC, source_country, target_country"
                + (" LIMIT ?" if limit else ""), limit).fetchall()
            roots = connection.execute(
                "SELECT root_code, count(*) AS n FROM events GROUP BY ALL ORDER BY root_code"
            ).fetchall()
        return {"documents": documents, "sentences": sentences, "words": words,
                "events": events, "runs": runs, "by_dyad": [tuple(row) for row in dyads],
                "by_root": [(root, names.get(root, ""), n) for root, n in roots]}

    def passage_index(self) -> "PassageIndex":
        """This store's index of passage fingerprints (one per store, created on first use)."""
        if self._index is None:
            self._index = PassageIndex(self)
        return self._index

    def _stored_owners(self, fingerprints: Sequence[str]) -> dict[str, str]:
        with self._reading("reading fingerprints") as connection:
            rows = connection.execute(
                "SELECT fingerprint, doc_id FROM fingerprints "
                "WHERE fingerprint IN (SELECT unnest(?::VARCHAR[]))",  # a hash join
                [list(fingerprints)]).fetchall()
        return dict(rows)


class PassageIndex:
    """Which document first held each passage or sentence fingerprint.

    Backed by the ``fingerprints`` table; :meth:`add` keeps pairs in memory until the
    store's :meth:`Store.write_batch` for their document commits them, so documents of
    the batch being built already see each other. The stored owner of a fingerprint
    always wins over a pending one.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pending: dict[str, str] = {}

    def owners(self, fingerprints: Iterable[str]) -> dict[str, str]:
        """The owning ``doc_id`` of each known fingerprint; unknown ones are left out."""
        wanted = list(dict.fromkeys(fingerprints))
        found = {fp: self._pending[fp] for fp in wanted if fp in self._pending}
        if wanted:
            found.update(self._store._stored_owners(wanted))
        return found

    def add(self, fingerprints: Iterable[str], doc_id: str) -> None:
        """Claim ``fingerprints`` for ``doc_id`` unless a pending claim exists (first wins)."""
        for fingerprint in fingerprints:
            self._pending.setdefault(fingerprint, doc_id)

    def pending(self, doc_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """Pairs added but not yet written (only those of ``doc_ids`` when given)."""
        if doc_ids is None:
            return list(self._pending.items())
        wanted = set(doc_ids)
        return [(fp, doc_id) for fp, doc_id in self._pending.items() if doc_id in wanted]

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Drop the pending pairs of ``doc_ids`` (called once they are written)."""
        written = set(doc_ids)
        self._pending = {fp: doc_id for fp, doc_id in self._pending.items()
                         if doc_id not in written}


# --- event filters ---------------------------------------------------------------------------


def _values(value: Any) -> tuple:
    """A filter value as a tuple: one string or number, or any iterable of them."""
    if isinstance(value, (str, int, float)):
        return (value,)
    return tuple(value)


def _actor_prefixes(value: Any, name: str) -> list[str]:
    prefixes = [str(item).strip().upper() for item in _values(value)]
    if not prefixes or not all(prefixes):
        raise StoreError(f"{name} filter: give an actor code or prefix such as RUS or RUSGOV")
    return prefixes


def _root_codes(value: Any) -> list[str]:
    roots = [str(item).strip() for item in _values(value)]
    if not roots or not all(root.isdigit() and 1 <= len(root) <= 2 for root in roots):
        raise StoreError(f"root filter: {value!r} is not a CAMEO root code (01 to 20)")
    return [root.zfill(2) for root in roots]


def _quad_classes(value: Any) -> list[int]:
    try:
        classes = [int(item) for item in _values(value)]
    except (TypeError, ValueError):
        classes = []
    if not classes or not all(1 <= item <= 4 for item in classes):
        raise StoreError(f"quad_class filter: {value!r} is not a quad class (1 to 4)")
    return classes


def _filter_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise StoreError(f"{name} filter: {value!r} is not a date; use YYYY-MM-DD") from None


def _checked_limit(limit: Any) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise StoreError(f"limit must be a whole number of 0 or more, not {limit!r}")
    return limit


def _event_conditions(**filters: Any) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for the filters that are not None."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, *values: Any) -> None:
        clauses.append(clause)
        params.extend(values)

    for name, columns in (("source", ("source",)), ("target", ("target",)),
                          ("actor", ("source", "target"))):
        if filters[name] is not None:
            prefixes = _actor_prefixes(filters[name], name)
            tests = [f"starts_with(upper({column}), ?)" for column in columns for _ in prefixes]
            add("(" + " OR ".join(tests) + ")", *(prefixes * len(columns)))
    _add_exact(add, filters)
    if filters["since"] is not None:
        add("date >= ?", _filter_date(filters["since"], "since"))
    if filters["until"] is not None:
        add("date <= ?", _filter_date(filters["until"], "until"))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _add_exact(add: Callable[..., None], filters: Mapping[str, Any]) -> None:
    """Conditions of the filters that match whole values (code, root, quad class, doc, PLOVER)."""
    if filters["code"] is not None:
        add("list_contains(?::VARCHAR[], code)",
            [str(item).strip() for item in _values(filters["code"])])
    if filters["root"] is not None:
        add("list_contains(?::VARCHAR[], root_code)", _root_codes(filters["root"]))
    if filters["quad_class"] is not None:
        add("list_contains(?::INTEGER[], quad_class)", _quad_classes(filters["quad_class"]))
    if filters["doc_id"] is not None:
        add("list_contains(?::VARCHAR[], doc_id)",
            [str(item) for item in _values(filters["doc_id"])])
    if filters["plover"] is not None:
        add("list_contains(?::VARCHAR[], upper(plover))",
            [str(item).strip().upper() for item in _values(filters["plover"])])


# --- exports ---------------------------------------------------------------------------------

_EXPORT_CHUNK = 50_000


def format_from_path(path: str | Path) -> str:
    """The export format named by ``path``'s extension (``.jsonl .csv .tsv .parquet``)."""
    suffix = Path(path).suffix.lower()
    if suffix[1:] in FORMATS:
        return suffix[1:]
    raise StoreError(f"{path}: cannot tell the export format from the extension "
                     f"{suffix or '(none)'}; use one of {', '.join('.' + f for f in FORMATS)}")


def export_events(records: Iterable[Mapping[str, Any]], path: str | Path,
                  fmt: str | None = None) -> int:
    """Write event records (as from :meth:`Store.event_records`) to ``path``; return the count.

    The format comes from ``fmt`` or the extension. Fields are written in
    :data:`EVENT_FIELDS` order, dates as ISO strings (DATE in Parquet), missing values
    empty (CSV/TSV) or null. The file appears only when complete.
    """
    path = Path(path)
    fmt = _checked_format(fmt, path) if fmt else format_from_path(path)
    if not path.parent.is_dir():
        raise StoreError(f"cannot export to {path}: directory {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        count = _WRITERS[fmt](_export_rows(records), temporary)
        os.replace(temporary, path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, StoreError) or not isinstance(exc, Exception):
            raise
        raise StoreError(f"cannot export events to {path}: {exc}") from exc
    log.info("exported %d events to %s (%s)", count, path, fmt)
    return count


def _checked_format(fmt: str, path: Path) -> str:
    name = fmt.lower().lstrip(".")
    if name not in FORMATS:
        raise StoreError(f"{path}: unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return name


def _export_rows(records: Iterable[Mapping[str, Any]]) -> Iterator[tuple]:
    """Each record as a tuple in EVENT_FIELDS order, dates as ISO strings."""
    for number, record in enumerate(records, start=1):
        missing = [name for name in EVENT_FIELDS if name not in record]
        if missing:
            raise StoreError(f"event record {number} lacks the fields {missing}")
        yield tuple(value.isoformat() if isinstance(value, dt.date) else value
                    for value in (record[name] for name in EVENT_FIELDS))


def _write_jsonl(rows: Iterator[tuple], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(dict(zip(EVENT_FIELDS, row)), ensure_ascii=False,
                                    allow_nan=False) + "\n")
            count += 1
    return count


def _delimited_writer(delimiter: str) -> Callable[[Iterator[tuple], Path], int]:
    def write(rows: Iterator[tuple], path: Path) -> int:
        # CRLF line ends make the csv module quote values holding a bare "\r" as well as
        # "\n"; with "\n" alone it leaves "\r" bare and pandas and R split the row there.
        count = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n",
                                quoting=csv.QUOTE_MINIMAL)
            writer.writerow(EVENT_FIELDS)
            for row in rows:
                writer.writerow(row)
                count += 1
        return count
    return write


def _write_parquet(rows: Iterator[tuple], path: Path) -> int:
    """Load the rows into an in-memory DuckDB table (typed as in the store) and COPY it out."""
    count = 0
    with duckdb.connect() as connection:
        connection.execute(f"CREATE TABLE export ({_column_list(EVENT_TYPES, '')})")
        while chunk := list(itertools.islice(rows, _EXPORT_CHUNK)):
            _insert_columns(connection, "export", EVENT_TYPES, chunk)
            count += len(chunk)
        # The relation API runs COPY ... TO ... (FORMAT parquet) with the path kept out of
        # the SQL text; DuckDB 1.3 and older cannot take the path of COPY as a parameter.
        connection.table("export").write_parquet(str(path))
    return count


_WRITERS: Mapping[str, Callable[[Iterator[tuple], Path], int]] = MappingProxyType({
    "jsonl": _write_jsonl,
    "csv": _delimited_writer(","),
    "tsv": _delimited_writer("\t"),
    "parquet": _write_parquet,
})


# --- Parquet datasets ------------------------------------------------------------------------

#: Sub-folders of a Parquet dataset.
DATASET_EVENTS = "events"
DATASET_DOCUMENTS = "documents"
#: Folder name of events without a date (hive value of ``month``).
UNDATED_MONTH = "undated"
_PARTITION_ID_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz-_")


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a Parquet dataset folder (one with an ``events`` or ``documents`` folder)."""
    path = Path(path)
    return path.is_dir() and ((path / DATASET_EVENTS).is_dir() or (path / DATASET_DOCUMENTS).is_dir())


def event_month(event: Event) -> str:
    """The ``month=`` folder value of an event: ``YYYY-MM`` of its date, or ``undated``."""
    return f"{event.date:%Y-%m}" if event.date is not None else UNDATED_MONTH


def partition_files(root: str | Path, partition_id: str) -> list[Path]:
    """The files of one partition in the dataset at ``root`` (events of every month, and documents)."""
    root = Path(root)
    name = _partition_file_name(partition_id)
    found = sorted((root / DATASET_EVENTS).glob(f"month=*/{name}"))
    documents = root / DATASET_DOCUMENTS / name
    return found + ([documents] if documents.exists() else [])


def write_partition(root: str | Path, partition_id: str, documents: Sequence[DocumentRow],
                    events: Sequence[Event]) -> list[Path]:
    """Write one partition of a Parquet dataset; return the files written.

    Files this partition left from an earlier, interrupted attempt are removed
    first, so writing a partition again replaces it (its file names depend only
    on ``partition_id``). Each file appears only when complete.
    """
    root = Path(root)
    name = _partition_file_name(partition_id)
    for stale in partition_files(root, partition_id):
        stale.unlink(missing_ok=True)
    by_month: dict[str, list[dict]] = {}
    for event in events:
        by_month.setdefault(event_month(event), []).append(event.to_record())
    written = []
    for month, records in sorted(by_month.items()):
        folder = root / DATASET_EVENTS / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        export_events(records, folder / name, "parquet")
        written.append(folder / name)
    (root / DATASET_DOCUMENTS).mkdir(parents=True, exist_ok=True)
    _write_documents_parquet(documents, root / DATASET_DOCUMENTS / name)
    written.append(root / DATASET_DOCUMENTS / name)
    return written


def _partition_file_name(partition_id: str) -> str:
    if not partition_id or not set(partition_id) <= _PARTITION_ID_CHARS:
        raise StoreError(f"partition id {partition_id!r}: use lower-case letters, digits, '-' and '_'")
    return f"part-{partition_id}.parquet"


def _write_documents_parquet(documents: Sequence[DocumentRow], path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    rows = [dataclasses.astuple(document) for document in documents]
    types = {name: kind for name, kind in _DOCUMENT_TYPES.items() if name not in ("run_id", "coded_at")}
    try:
        with duckdb.connect() as connection:
            connection.execute(f"CREATE TABLE documents ({_column_list(types, '')})")
            _insert_columns(connection, "documents", types, rows)
            connection.table("documents").write_parquet(str(temporary))
        os.replace(temporary, path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"cannot write {path}: {exc}") from exc
        raise


def _open_dataset(path: Path, read_only: bool) -> Store:
    """A read-only store whose ``events`` and ``documents`` are views over the dataset's Parquet files."""
    if not read_only:
        raise StoreError(f"{path} is a Parquet dataset (written by `dyads code --dask`); it can be read but "
                         "not written: open it read-only, or add to it with `dyads code --dask ... --out-dir`")
    connection = duckdb.connect()
    try:
        _create_schema(connection)
        _dataset_view(connection, path / DATASET_EVENTS, "events", EVENT_TYPES)
        _dataset_view(connection, path / DATASET_DOCUMENTS, "documents", _DOCUMENT_TYPES)
    except duckdb.Error as exc:
        connection.close()
        raise StoreError(f"{path}: cannot read the Parquet dataset: {exc}") from exc
    log.debug("opened Parquet dataset %s", path)
    return Store(connection, path, read_only=True)


def _dataset_view(connection: duckdb.DuckDBPyConnection, folder: Path, table: str,
                  types: Mapping[str, str]) -> None:
    """Replace the empty ``table`` by a view over the Parquet files under ``folder``, typed as the table.

    Columns the files lack (``run_id`` and ``coded_at`` of documents) are null. With no
    files yet, the empty table stays. The relation API keeps the path out of the SQL text.
    """
    if not any(folder.glob("**/*.parquet")):
        return
    files = connection.read_parquet(str(folder / "**" / "*.parquet"), hive_partitioning=True,
                                    union_by_name=True)
    present = set(files.columns)
    columns = ", ".join(f"CAST({name} AS {kind}) AS {name}" if name in present
                        else f"CAST(NULL AS {kind}) AS {name}" for name, kind in types.items())
    connection.execute(f"DROP TABLE {table}")
    files.select(columns).create_view(table)
