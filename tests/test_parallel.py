"""Local parallelism: ``dyads code --workers N`` writes exactly what a one-process run writes."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import duckdb
import pytest

from dyads.cli import main
from dyads.errors import DyadsError, InputError
from dyads.parallel import WorkerError, WorkerPool, portable_error
from dyads.settings import Settings

# Our own sentences; a passage repeated across documents checks that de-duplication sees documents in
# input order whichever worker codes them.
DOCUMENTS = [
    ("w1", "2012-10-06", "China urged Japan to release the detained fishing crew without delay."),
    ("w2", "2012-10-07", "Iran rejected the proposal of the European Union on its nuclear programme."),
    ("w3", "2012-11-05", "German Chancellor Angela Merkel praised Greece for its budget reforms.\n\n"
                         "Brazil and Argentina signed a trade agreement in Buenos Aires."),
    ("w4", "2012-11-06", "Brazil and Argentina signed a trade agreement in Buenos Aires.\n\n"
                         "India accused Pakistan of violating the ceasefire in Kashmir."),
    ("w5", "2012-12-01", "The United States imposed sanctions on North Korea after the missile test."),
    ("w6", "2012-12-02", "Turkey condemned the Syrian government for shelling border villages."),
    ("w7", "2013-01-09", "France offered humanitarian aid to Mali."),
]


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    lines = [json.dumps({"id": doc_id, "date": date, "text": text}) for doc_id, date, text in DOCUMENTS]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "visit.txt").write_text("Russian Foreign Minister Sergei Lavrov arrived in Islamabad on October 3 "
                                      "for talks with Pakistani officials.\n", encoding="utf-8")
    return folder


def stored(db: Path) -> dict[str, list[tuple]]:
    """What a run wrote, without the columns that name the run."""
    queries = {"events": "SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id",
               "documents": "SELECT * EXCLUDE (run_id, coded_at) FROM documents ORDER BY doc_id",
               "fingerprints": "SELECT * FROM fingerprints ORDER BY fingerprint"}
    with duckdb.connect(str(db), read_only=True) as connection:
        return {table: connection.execute(sql).fetchall() for table, sql in queries.items()}


def code(*arguments: str) -> int:
    return main(["code", *arguments, "--date", "2012-10-06", "--no-progress", "--batch-size", "2"])


@pytest.mark.slow
def test_two_workers_write_what_one_process_writes(pipeline, tmp_path: Path, capsys):
    corpus = write_corpus(tmp_path / "in")
    assert code(str(corpus), "--db", str(tmp_path / "one.duckdb")) == 0
    one = capsys.readouterr().out
    assert code(str(corpus), "--db", str(tmp_path / "two.duckdb"), "--workers", "2") == 0
    two = capsys.readouterr().out
    assert "8 documents read, 8 coded" in two and "1 repeated passages skipped" in two
    assert one.split("; ", 1)[1].splitlines()[0] == two.split("; ", 1)[1].splitlines()[0]  # same counts
    expected, found = stored(tmp_path / "one.duckdb"), stored(tmp_path / "two.duckdb")
    assert len(expected["events"]) >= 8
    assert found == expected

    # a second run with workers finds every document unchanged and writes nothing
    assert code(str(corpus), "--db", str(tmp_path / "two.duckdb"), "--workers", "2") == 0
    assert "0 coded, 8 unchanged" in capsys.readouterr().out
    assert stored(tmp_path / "two.duckdb") == expected


def test_workers_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit):
        main(["code", "x.jsonl", "--workers", "0"])
    assert "not a whole number of 1 or more" in capsys.readouterr().err


def test_a_pool_of_no_workers_is_refused():
    with pytest.raises(Exception, match="at least 1"):
        WorkerPool(Settings(), 0)


def test_errors_that_cannot_be_unpickled_travel_as_worker_errors():
    class RecordError(DyadsError):  # like InputError: more than one constructor argument
        exit_code = 2

        def __init__(self, origin: str, problem: str) -> None:
            super().__init__(f"{origin}: {problem}")

    error = portable_error(RecordError("news.jsonl:4", "bad date '2012-13-01'"))
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, WorkerError) and copy.exit_code == 2
    assert str(copy) == "news.jsonl:4: bad date '2012-13-01'"
    plain = WorkerError("plain")
    assert portable_error(plain) is plain


def test_input_errors_reach_the_main_process_with_message_and_exit_code():
    error = pickle.loads(pickle.dumps(portable_error(InputError("news.jsonl:4", "bad date", "write YYYY-MM-DD"))))
    assert isinstance(error, DyadsError) and error.exit_code == 2
    assert str(error) == "news.jsonl:4: bad date (write YYYY-MM-DD)"
