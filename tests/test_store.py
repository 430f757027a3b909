"""Tests of the DuckDB event store and the exports (dyads.store)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dyads.errors import StoreError
from dyads.model import EVENT_FIELDS, CleanDocument, Event, Passage, RunReport
from dyads.store import (SCHEMA_VERSION, DocumentRow, Store, export_events, format_from_path,
                         open_store)


def make_event(event_id: str, doc_id: str = "doc-a", source: str = "RUSGOV",
               target: str = "PAKGOV", code: str = "042",
               date: dt.date | None = dt.date(2012, 10, 3), **changes: object) -> Event:
    """An event with every field filled; the countries follow the actor codes."""
    values = dict(
        event_id=event_id, doc_id=doc_id, sentence_index=0,
        sentence="Lavrov arrived in Islamabad.", date=date,
        source=source, source_country=source[:3], source_sector=source[3:6],
        source_text="Lavrov", target=target, target_country=target[:3],
        target_text="Islamabad", code=code, root_code=code[:2], quad_class=1,
        goldstein=1.9, plover="CONSULT", location="Islamabad", latitude=33.72,
        longitude=73.04, confidence=0.9, rule="verbs:visit", coder_version="dyads-test",
        target_sector=target[3:6], date_precision="day", mentions=1)
    values.update(changes)
    return Event(**values)


def make_document(doc_id: str, content_hash: str = "hash-1", **changes: object) -> DocumentRow:
    values = dict(doc_id=doc_id, origin=f"input.jsonl:{doc_id}", title="Lavrov in Islamabad",
                  url="https://example.org/a", source="Example News",
                  date=dt.date(2012, 10, 3), content_hash=content_hash, passages=4,
                  duplicate_passages=1, sentences=7, words=120)
    values.update(changes)
    return DocumentRow(**values)


def table_contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, read through a second connection.

    The connection is writable like the store's so that DuckDB shares the open database.
    """
    with duckdb.connect(str(path)) as connection:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                for table in ("meta", "documents", "events", "runs", "fingerprints")}


# Six events over three documents, chosen so each filter selects a different subset.
EVENTS = (
    make_event("e1", "doc-a", "RUSGOV", "PAKGOV", "042", dt.date(2012, 10, 3)),
    make_event("e2", "doc-a", "RUS", "USA", "111", dt.date(2012, 10, 4), quad_class=3,
               goldstein=-2.0, plover="DISAPPROVE"),
    make_event("e3", "doc-b", "PAKMIL", "RUS", "042", dt.date(2012, 10, 17)),
    make_event("e4", "doc-b", "RUSGOVMIL", "IGONAT", "0421", dt.date(2012, 10, 18)),
    make_event("e5", "doc-c", "RUSMIL", "PAK", "057", None),
    make_event("e6", "doc-c", "IGOUNO", "RUSGOV", "051", dt.date(2012, 9, 30), plover="AGREE"),
)
DOCUMENTS = (make_document("doc-a"), make_document("doc-b"), make_document("doc-c"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.duckdb"


@pytest.fixture
def store(db_path: Path):
    with open_store(db_path) as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> Store:
    store.write_batch(DOCUMENTS, EVENTS, [("fp-1", "doc-a"), ("fp-2", "doc-b")], run_id="run-1")
    return store


def ids(events: list[Event]) -> set[str]:
    return {event.event_id for event in events}


# --- opening and schema ----------------------------------------------------------------------


def test_new_store_has_the_schema_and_its_version(db_path: Path) -> None:
    open_store(db_path).close()
    contents = table_contents(db_path)
    assert contents["meta"] == [("schema_version", str(SCHEMA_VERSION))]
    with duckdb.connect(str(db_path)) as connection:
        columns = dict(connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'events'").fetchall())
    assert list(columns)[:len(EVENT_FIELDS)] == list(EVENT_FIELDS)
    assert columns["date"] == "DATE" and columns["goldstein"] == "DOUBLE"
    assert columns["quad_class"] == "INTEGER" and columns["code"] == "VARCHAR"
    assert columns["run_id"] == "VARCHAR"


def test_reopening_keeps_the_data(filled: Store) -> None:
    path = filled.path
    filled.close()
    with open_store(path, read_only=True) as again:
        assert ids(again.events()) == ids(list(EVENTS))


def test_a_newer_schema_version_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                           [str(SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError, match="newer dyads"):
        open_store(db_path)


def test_a_duckdb_file_of_someone_else_is_refused(db_path: Path) -> None:
    with duckdb.connect(str(db_path)) as connection:
        connection.execute("CREATE TABLE prices (day DATE, price DOUBLE)")
    with pytest.raises(StoreError, match="not a dyads store"):
        open_store(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a DuckDB database") as caught:
        open_store(path)
    assert str(path) in str(caught.value)
    assert path.read_text().startswith("these are my notes")


def test_read_only_on_a_missing_file_says_to_code_first(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as caught:
        open_store(path, read_only=True)
    assert str(caught.value) == f"no database at {path}; run `dyads code` first"
    assert not path.exists()


def test_a_directory_or_missing_parent_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "dir.duckdb")


def test_a_file_locked_by_another_process_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); sys.stdin.read()", str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            open_store(db_path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_read_only_store_refuses_writes(filled: Store) -> None:
    path = filled.path
    filled.close()
    with open_store(path, read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.write_batch(DOCUMENTS[:1], EVENTS[:1], [], run_id="run-2")
        with pytest.raises(StoreError, match="read-only"):
            reader.start_run("run-2", [], {})


def test_a_closed_store_raises_store_error(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match=str(store.path)):
        store.events()


# --- writing ---------------------------------------------------------------------------------


def test_events_round_trip_unchanged(filled: Store) -> None:
    assert sorted(filled.events(), key=lambda event: event.event_id) == list(EVENTS)


def test_documents_are_stored_with_run_and_counts(filled: Store) -> None:
    (row,) = filled.documents("doc-b")
    assert row["doc_id"] == "doc-b" and row["run_id"] == "run-1"
    assert row["date"] == dt.date(2012, 10, 3) and row["sentences"] == 7
    assert row["duplicate_passages"] == 1 and row["content_hash"] == "hash-1"
    assert [row["doc_id"] for row in filled.documents()] == ["doc-a", "doc-b", "doc-c"]


def test_writing_the_same_batch_again_leaves_identical_tables(store: Store) -> None:
    store.start_run("run-1", ["input.jsonl"], {"batch_size": 2})
    batch = (DOCUMENTS, EVENTS, [("fp-1", "doc-a"), ("fp-2", "doc-b")])
    store.write_batch(*batch, run_id="run-1")
    before = table_contents(store.path)
    store.write_batch(*batch, run_id="run-1")
    assert table_contents(store.path) == before


def test_a_changed_document_replaces_its_events_and_fingerprints(filled: Store) -> None:
    changed = make_document("doc-a", content_hash="hash-2", title="New title")
    filled.write_batch([changed], [make_event("e7", "doc-a")], [("fp-9", "doc-a")], "run-2")
    assert ids(filled.events(doc_id="doc-a")) == {"e7"}
    assert ids(filled.events()) == {"e3", "e4", "e5", "e6", "e7"}
    assert filled.documents("doc-a")[0]["title"] == "New title"
    assert filled.passage_index().owners(["fp-1", "fp-9"]) == {"fp-9": "doc-a"}


def test_a_duplicate_event_id_rolls_back_the_whole_batch(filled: Store) -> None:
    before = table_contents(filled.path)
    changed = make_document("doc-a", content_hash="hash-2")
    clash = [make_event("e8", "doc-a"), make_event("e8", "doc-a", code="043")]
    with pytest.raises(StoreError, match="nothing was written") as caught:
        filled.write_batch([changed], clash, [("fp-new", "doc-a")], run_id="run-2")
    assert str(filled.path) in str(caught.value)
    assert table_contents(filled.path) == before
    assert filled.document_status("doc-a", "hash-1") == "unchanged"


def test_a_failure_midway_rolls_back_the_whole_batch(filled: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = table_contents(filled.path)

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_fingerprints", staticmethod(broken))
    new_events = [make_event("e9", "doc-a"), make_event("e10", "doc-d")]
    documents = [make_document("doc-a", content_hash="hash-2"), make_document("doc-d")]
    with pytest.raises(StoreError, match="disk on fire"):
        filled.write_batch(documents, new_events, [], run_id="run-2")
    assert table_contents(filled.path) == before
    # The store is still usable after the rollback.
    monkeypatch.undo()
    filled.write_batch(documents, new_events, [], run_id="run-2")
    assert ids(filled.events(doc_id=["doc-a", "doc-d"])) == {"e9", "e10"}


def test_events_of_documents_outside_the_batch_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match=r"not in the batch: \['doc-z'\]"):
        store.write_batch([make_document("doc-a")], [make_event("e1", "doc-z")], [], "run-1")
    assert store.documents() == []


def test_coded_at_is_the_start_of_the_run(store: Store) -> None:
    store.start_run("run-1", ["a.txt"], {})
    store.write_batch(DOCUMENTS[:1], EVENTS[:1], [], run_id="run-1")
    assert store.documents("doc-a")[0]["coded_at"] == store.runs()[0]["started"]


def test_document_status(filled: Store) -> None:
    assert filled.document_status("doc-a", "hash-1") == "unchanged"
    assert filled.document_status("doc-a", "hash-2") == "changed"
    assert filled.document_status("doc-new", "hash-1") == "new"


def test_document_row_from_a_clean_document() -> None:
    clean = CleanDocument(doc_id="d1", passages=(Passage("A."), Passage("B.", True)),
                          date=dt.date(2012, 1, 2), title="T", origin="in.txt",
                          duplicate_passages=3, content_hash="abc")
    row = DocumentRow.from_clean(clean, sentences=5, words=40)
    assert row == DocumentRow(doc_id="d1", origin="in.txt", title="T", date=dt.date(2012, 1, 2),
                              content_hash="abc", passages=2, duplicate_passages=3,
                              sentences=5, words=40)


# --- runs ------------------------------------------------------------------------------------


def test_runs_record_start_and_finish(store: Store) -> None:
    started = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    store.start_run("run-1", ["corpus/a.jsonl"], {"batch_size": 8, "coder_version": "dyads-9",
                                                  "actor_dictionaries": ("x.txt",)})
    (running,) = store.runs()
    assert running["status"] == "running" and running["coder_version"] == "dyads-9"
    assert running["settings"] == {"actor_dictionaries": ["x.txt"], "batch_size": 8,
                                   "coder_version": "dyads-9"}
    report = RunReport(run_id="run-1", started=started, finished=started + dt.timedelta(minutes=3),
                       inputs=("corpus/a.jsonl",), documents_read=5, documents_coded=4,
                       documents_failed=1, events=9, errors=("b.jsonl:3: no text",))
    store.finish_run(report, status="failed")
    (done,) = store.runs()
    assert done["status"] == "failed" and done["events"] == 9 and done["documents_failed"] == 1
    assert done["started"] == dt.datetime(2024, 5, 1, 10, 0)  # stored as UTC
    assert done["errors"] == ["b.jsonl:3: no text"] and done["coder_version"] == "dyads-9"
    assert done["settings"]["batch_size"] == 8


def test_a_run_id_cannot_be_started_twice(store: Store) -> None:
    store.start_run("run-1", [], {})
    with pytest.raises(StoreError, match="already recorded"):
        store.start_run("run-1", [], {})


def test_finish_run_without_start_adds_the_run(store: Store) -> None:
    moment = dt.datetime(2024, 1, 1, 8, 30)
    store.finish_run(RunReport(run_id="r", started=moment, finished=moment, inputs=("a",)))
    (run,) = store.runs()
    assert run["run_id"] == "r" and run["status"] == "ok" and run["settings"] == {}
    assert run["inputs"] == ["a"]


def test_start_run_accepts_a_settings_object(store: Store) -> None:
    from dyads.settings import Settings
    store.start_run("run-1", ["a"], Settings(batch_size=3))
    (run,) = store.runs()
    assert run["settings"]["batch_size"] == 3
    assert run["coder_version"] == Settings().coder_version


# --- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, {"e1", "e2", "e3", "e4", "e5", "e6"}),
    ({"source": "RUS"}, {"e1", "e2", "e4", "e5"}),
    ({"source": "rus"}, {"e1", "e2", "e4", "e5"}),
    ({"source": "RUSGOV"}, {"e1", "e4"}),
    ({"source": "RUSMIL"}, {"e5"}),
    ({"source": ["PAK", "IGO"]}, {"e3", "e6"}),
    ({"target": "IGO"}, {"e4"}),
    ({"target": "RUS"}, {"e3", "e6"}),
    ({"actor": "RUSGOV"}, {"e1", "e4", "e6"}),
    ({"actor": "USA"}, {"e2"}),
    ({"actor": "PAK", "source": "RUS"}, {"e1", "e5"}),
    ({"code": "042"}, {"e1", "e3"}),
    ({"code": ["042", "0421"]}, {"e1", "e3", "e4"}),
    ({"root": "04"}, {"e1", "e3", "e4"}),
    ({"root": "4"}, {"e1", "e3", "e4"}),
    ({"root": 4}, {"e1", "e3", "e4"}),
    ({"root": ["05", "11"]}, {"e2", "e5", "e6"}),
    ({"quad_class": 3}, {"e2"}),
    ({"since": "2012-10-04"}, {"e2", "e3", "e4"}),
    ({"until": dt.date(2012, 10, 4)}, {"e1", "e2", "e6"}),
    ({"since": dt.date(2012, 10, 3), "until": "2012-10-17"}, {"e1", "e2", "e3"}),
    ({"doc_id": "doc-c"}, {"e5", "e6"}),
    ({"plover": "agree"}, {"e6"}),
    ({"plover": "CONSULT", "root": "04", "since": "2012-10-10"}, {"e3", "e4"}),
])
def test_event_filters(filled: Store, filters: dict, expected: set[str]) -> None:
    assert ids(filled.events(**filters)) == expected


def test_filters_are_parameters_not_sql(filled: Store) -> None:
    assert filled.events(source="RUS' OR '1'='1") == []
    assert filled.events(doc_id="doc-a' OR 1=1 --") == []
    assert len(filled.events()) == len(EVENTS)


def test_events_are_ordered_and_limited(filled: Store) -> None:
    assert [event.event_id for event in filled.events()] == ["e6", "e1", "e2", "e3", "e4", "e5"]
    assert [event.event_id for event in filled.events(limit=2)] == ["e6", "e1"]
    assert filled.events(limit=0) == []


@pytest.mark.parametrize(("filters", "message"), [
    ({"root": "abc"}, "root filter"),
    ({"root": "123"}, "root filter"),
    ({"quad_class": 7}, "quad_class filter"),
    ({"since": "yesterday"}, "since filter.*YYYY-MM-DD"),
    ({"until": "2012-13-01"}, "until filter"),
    ({"source": ""}, "source filter"),
    ({"limit": -1}, "limit"),
])
def test_bad_filters_raise_store_error(filled: Store, filters: dict, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        filled.events(**filters)


def test_event_records_are_export_ready(filled: Store) -> None:
    records = filled.event_records(code="111")
    assert records == [EVENTS[1].to_record()]
    assert list(records[0]) == list(EVENT_FIELDS) and records[0]["date"] == "2012-10-04"


def test_summary(filled: Store) -> None:
    filled.start_run("run-2", [], {})
    extra = make_event("e11", "doc-c", "RUSGOV", "PAKMIL", "043")
    filled.write_batch([DOCUMENTS[2]], [EVENTS[4], EVENTS[5], extra], [], run_id="run-2")
    summary = filled.summary(root_names={"04": "Consult"})
    assert summary["documents"] == 3 and summary["sentences"] == 21 and summary["words"] == 360
    assert summary["events"] == 7 and summary["runs"] == 1
    assert summary["by_dyad"][0] == ("RUS", "PAK", 3)
    assert sorted(summary["by_dyad"]) == sorted([("RUS", "PAK", 3), ("RUS", "USA", 1),
                                                 ("PAK", "RUS", 1), ("RUS", "IGO", 1),
                                                 ("IGO", "RUS", 1)])
    assert summary["by_root"] == [("04", "Consult", 4), ("05", "", 2), ("11", "", 1)]
    assert len(filled.summary(top=2)["by_dyad"]) == 2


def test_summary_of_an_empty_store(store: Store) -> None:
    assert store.summary() == {"documents": 0, "sentences": 0, "words": 0, "events": 0,
                               "runs": 0, "by_dyad": [], "by_root": []}


# --- passage index ---------------------------------------------------------------------------


def test_passage_index_sees_pending_and_stored_fingerprints(store: Store) -> None:
    index = store.passage_index()
    assert index is store.passage_index()
    assert index.owners(["fp-1"]) == {}
    index.add(["fp-1", "fp-2"], "doc-a")
    index.add(["fp-2", "fp-3"], "doc-b")
    assert index.owners(["fp-1", "fp-2", "fp-3", "fp-4"]) == {
        "fp-1": "doc-a", "fp-2": "doc-a", "fp-3": "doc-b"}
    # Only doc-a is written: its pending pairs go to the table, doc-b's stay pending.
    store.write_batch([make_document("doc-a")], [], [], run_id="run-1")
    assert index.pending() == [("fp-3", "doc-b")]
    assert table_contents(store.path)["fingerprints"] == [("fp-1", "doc-a"), ("fp-2", "doc-a")]


def test_a_stored_fingerprint_keeps_its_first_owner(filled: Store) -> None:
    filled.write_batch([make_document("doc-d")], [], [("fp-1", "doc-d"), ("fp-5", "doc-d")],
                       run_id="run-2")
    assert filled.passage_index().owners(["fp-1", "fp-5"]) == {"fp-1": "doc-a", "fp-5": "doc-d"}
    filled.passage_index().add(["fp-1"], "doc-e")
    assert filled.passage_index().owners(["fp-1"]) == {"fp-1": "doc-a"}


def test_stored_fingerprints_are_seen_after_reopening(filled: Store) -> None:
    path = filled.path
    filled.close()
    with open_store(path) as again:
        assert again.passage_index().owners(["fp-2", "fp-x"]) == {"fp-2": "doc-b"}


# --- exports ---------------------------------------------------------------------------------

TRICKY = make_event("t1", "doc-t", sentence='He said: "tab\there, newline\nthere, cr\rend", ok',
                    target_text="Pakistan, Islamabad", location=None, latitude=None,
                    longitude=None, date=None, source_text="Лавров")


@pytest.fixture
def records() -> list[dict]:
    return [event.to_record() for event in (*EVENTS, TRICKY)]


def test_format_from_path() -> None:
    assert [format_from_path(name) for name in ("a.jsonl", "b.CSV", "c.tsv", "d.parquet")] == [
        "jsonl", "csv", "tsv", "parquet"]
    with pytest.raises(StoreError, match=r"\.jsonl, \.csv, \.tsv, \.parquet"):
        format_from_path("events.xlsx")


def test_export_jsonl_round_trip(tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "events.jsonl"
    assert export_events(iter(records), path) == len(records)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records)
    loaded = [json.loads(line) for line in lines]
    assert loaded == records
    assert all(list(record) == list(EVENT_FIELDS) for record in loaded)


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ","), (".tsv", "\t")])
def test_export_delimited_round_trip(tmp_path: Path, records: list[dict], suffix: str,
                                     delimiter: str) -> None:
    path = tmp_path / f"events{suffix}"
    assert export_events(records, path) == len(records)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    assert rows[0] == list(EVENT_FIELDS)
    expected = [["" if value is None else str(value) for value in record.values()]
                for record in records]
    assert rows[1:] == expected


def test_delimited_export_quotes_line_breaks_and_delimiters(tmp_path: Path) -> None:
    """A bare \\r, \\n or delimiter inside a value is quoted, so pandas and R keep one row."""
    path = tmp_path / "events.tsv"
    export_events([TRICKY.to_record()], path)
    body = path.read_bytes().decode("utf-8").split("\r\n", 1)[1]
    assert '"He said: ""tab\there, newline\nthere, cr\rend"", ok"' in body


def test_export_parquet_round_trip(tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "events.parquet"
    assert export_events(records, path) == len(records)
    with duckdb.connect() as connection:
        cursor = connection.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
        types = dict(connection.execute(
            "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
            [str(path)]).fetchall())
    assert names == list(EVENT_FIELDS)
    assert types["date"] == "DATE" and types["goldstein"] == "DOUBLE"
    assert types["code"] == "VARCHAR" and types["quad_class"] == "INTEGER"
    loaded = [Event(**dict(zip(names, row))) for row in rows]
    assert loaded == [*EVENTS, TRICKY]


def test_export_of_nothing_writes_a_header_or_empty_file(tmp_path: Path) -> None:
    assert export_events([], tmp_path / "none.csv") == 0
    assert (tmp_path / "none.csv").read_text().strip() == ",".join(EVENT_FIELDS)
    assert export_events([], tmp_path / "none.parquet") == 0
    with duckdb.connect() as connection:
        assert connection.execute("SELECT count(*) FROM read_parquet(?)",
                                  [str(tmp_path / "none.parquet")]).fetchone() == (0,)


def test_explicit_format_wins_over_the_extension(tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "events.txt"
    export_events(records[:2], path, fmt="tsv")
    assert path.read_text(encoding="utf-8").startswith("\t".join(EVENT_FIELDS[:3]))
    with pytest.raises(StoreError, match="jsonl, csv, tsv, parquet"):
        export_events(records, tmp_path / "events.csv", fmt="xml")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".tsv", ".parquet"])
def test_a_failed_export_leaves_no_file(tmp_path: Path, records: list[dict], suffix: str) -> None:
    path = tmp_path / f"events{suffix}"
    path.write_text("previous export\n")

    def failing():
        yield records[0]
        raise RuntimeError("input went away")

    with pytest.raises(StoreError, match="input went away"):
        export_events(failing(), path)
    assert path.read_text() == "previous export\n"
    assert sorted(item.name for item in tmp_path.iterdir()) == [path.name]


def test_an_incomplete_record_is_refused(tmp_path: Path, records: list[dict]) -> None:
    broken = dict(records[0])
    del broken["goldstein"]
    with pytest.raises(StoreError, match=r"record 2 lacks the fields \['goldstein'\]"):
        export_events([records[0], broken], tmp_path / "events.jsonl")
    assert not (tmp_path / "events.jsonl").exists()


def test_store_export_of_a_filtered_query(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "rus.jsonl"
    assert export_events(filled.event_records(source="RUS", root="04"), path) == 2
    assert [json.loads(line)["event_id"] for line in path.read_text().splitlines()] == ["e1", "e4"]


def test_events_keep_all_fields_through_the_store(store: Store) -> None:
    """Every field, including None and non-ASCII values, survives a write and a read."""
    store.write_batch([make_document("doc-t")], [TRICKY], [], run_id="run-1")
    assert store.events() == [TRICKY]
    assert dataclasses.asdict(store.events()[0]) == dataclasses.asdict(TRICKY)
