"""End-to-end tests of the ``dyads`` command, run in-process through ``dyads.cli.main``.

One small news folder (a .txt, a .jsonl, an .html page and a .csv) is coded once
per module; the query, export, summary, explain, eval and settings tests work on
it or on inputs of their own, all written to tmp_path.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dyads.cli import main
from dyads.model import EVENT_FIELDS

pytestmark = pytest.mark.slow

DOCUMENT_DATE = "2012-10-06"

LAVROV = "Russian Foreign Minister Sergei Lavrov arrived in Islamabad on October 3."
WIRE = [
    {"id": "w1", "date": "2012-09-01", "source": "Wire",
     "text": "Indian Prime Minister Manmohan Singh met Pakistani President Asif Ali Zardari in Tehran on August 30."},
    {"id": "w2", "date": "2012-09-20", "title": "Islands row", "section": "Asia",
     "text": "China urged Japan to return the detained fishermen."},
]
PAGE = """<!DOCTYPE html>
<html><head><title>Merkel in Athens</title>
<meta property="article:published_time" content="2012-10-09"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/europe">Europe</a></nav>
<article><h1>Merkel in Athens</h1>
<p>German Chancellor Angela Merkel praised Greece for its reforms during a visit to Athens.</p>
<p>Thousands of people gathered in the centre of the city while she spoke, and the police closed several
streets around the parliament building for the whole afternoon.</p>
</article><footer>All rights reserved.</footer></body></html>
"""
TABLE = [
    ("id", "date", "text"),
    ("c1", "2012-11-02", "Iran rejected the proposal of the European Union."),
    ("c2", "2012-10-05", "Turkish Prime Minister Recep Tayyip Erdogan accused Syria of shelling Turkish villages."),
]

# doc -> the events its text supports: (source, code, target, date)
EXPECTED_EVENTS = {
    "lavrov": [("RUSGOV", "042", "PAK", "2012-10-03")],
    "w1": [("INDGOV", "040", "PAKGOV", "2012-08-30")],
    "w2": [("CHN", "020", "JPN", "2012-09-20")],
    "page": [("DEUGOV", "051", "GRC", "2012-10-09")],
    "c1": [("IRN", "120", "IGOEEC", "2012-11-02")],
    "c2": [("TURGOV", "112", "SYR", "2012-10-05")],
}


def write_news(folder: Path) -> Path:
    """The test corpus: one file of each common input format."""
    folder.mkdir(parents=True)
    (folder / "lavrov.txt").write_text(LAVROV + "\n", encoding="utf-8")
    (folder / "wire.jsonl").write_text("".join(json.dumps(record) + "\n" for record in WIRE), encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    with (folder / "table.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(TABLE)
    return folder


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run ``dyads ARGV`` in-process outside any test (module fixtures cannot use capsys)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@dataclass(frozen=True)
class NewsRun:
    folder: Path
    db: Path
    exports: dict[str, Path]
    status: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def news_run(pipeline, tmp_path_factory: pytest.TempPathFactory) -> NewsRun:
    """The news folder coded into a fresh store; then exported by three more runs of the same input."""
    root = tmp_path_factory.mktemp("news")
    folder = write_news(root / "news")
    db = root / "events.duckdb"
    exports = {fmt: root / f"run.{fmt}" for fmt in ("jsonl", "csv", "tsv", "parquet")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "400")
        status, stdout, stderr = run_cli(["code", str(folder), "--db", str(db), "--date", DOCUMENT_DATE,
                                          "--no-progress", "--out", str(exports["jsonl"])])
        for fmt in ("csv", "tsv", "parquet"):
            again = run_cli(["code", str(folder), "--db", str(db), "--date", DOCUMENT_DATE,
                             "--no-progress", "--out", str(exports[fmt])])
            assert again[0] == 0, again
    return NewsRun(folder, db, exports, status, stdout, stderr)


def stored(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()


def doc_key(doc_id: str) -> str:
    """The EXPECTED_EVENTS key of a document id (path-derived ids start with the file stem)."""
    for stem in ("lavrov", "page"):
        if doc_id.startswith(stem + "-"):
            return stem
    return doc_id


def events_by_doc(records: list[dict]) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for record in records:
        found.setdefault(doc_key(record["doc_id"]), []).append(
            (record["source"], record["code"], record["target"], str(record["date"])))
    return {key: sorted(value) for key, value in found.items()}


# --- dyads code ---------------------------------------------------------------------------


def test_code_exits_zero_and_reports_the_run(news_run: NewsRun):
    assert news_run.status == 0, news_run.stderr
    assert "6 documents read, 6 coded, 0 unchanged, 0 failed" in news_run.stdout
    assert "6 events" in news_run.stdout
    assert f"database: {news_run.db.resolve()}" in news_run.stdout
    assert f"events of this run: {news_run.exports['jsonl'].resolve()}" in news_run.stdout


def test_code_stores_every_document_under_its_id(news_run: NewsRun):
    rows = stored(news_run.db, "SELECT doc_id, date, title FROM documents ORDER BY doc_id")
    ids = [doc_id for doc_id, _, _ in rows]
    assert {doc_key(doc_id) for doc_id in ids} == set(EXPECTED_EVENTS)
    assert len(ids) == 6
    by_key = {doc_key(doc_id): (doc_id, date, title) for doc_id, date, title in rows}
    # JSONL and CSV records keep their own ids and dates; --date only fills in missing ones
    assert by_key["w1"][1] == dt.date(2012, 9, 1)
    assert by_key["w2"][2] == "Islands row"
    assert by_key["c1"][1] == dt.date(2012, 11, 2)
    assert by_key["lavrov"][1] == dt.date(2012, 10, 6)
    # the HTML page's date and title come from its markup, not from --date
    assert by_key["page"][1:] == (dt.date(2012, 10, 9), "Merkel in Athens")


def test_path_derived_ids_are_stable_and_distinct(news_run: NewsRun, tmp_path: Path, capsys):
    """A .txt file gets the same id in every run; two files with one name in two folders do not clash."""
    text_id = next(doc_id for (doc_id,) in stored(news_run.db, "SELECT doc_id FROM documents")
                   if doc_key(doc_id) == "lavrov")
    db = tmp_path / "other.duckdb"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for name in ("a", "b"):
        (tmp_path / name / "note.txt").write_text(f"China urged Japan to return fishermen held in case {name}.\n")
    assert main(["code", str(news_run.folder / "lavrov.txt"), str(tmp_path), "--db", str(db),
                 "--no-progress", "--date", DOCUMENT_DATE]) == 0
    ids = [doc_id for (doc_id,) in stored(db, "SELECT doc_id FROM documents")]
    assert text_id in ids
    notes = [doc_id for doc_id in ids if doc_id.startswith("note-")]
    assert len(notes) == 2 and notes[0] != notes[1]


def test_code_finds_source_code_target_and_date(news_run: NewsRun):
    records = [dict(zip(("doc_id", "source", "code", "target", "date"), row))
               for row in stored(news_run.db, "SELECT doc_id, source, code, target, date FROM events")]
    assert events_by_doc(records) == EXPECTED_EVENTS


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "parquet"])
def test_code_out_writes_the_event_records_of_the_run(news_run: NewsRun, fmt: str):
    path = news_run.exports[fmt]
    if fmt == "jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert all(tuple(record) == EVENT_FIELDS for record in records)
    elif fmt in ("csv", "tsv"):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="," if fmt == "csv" else "\t")
            assert tuple(reader.fieldnames) == EVENT_FIELDS
            records = list(reader)
    else:
        with duckdb.connect() as connection:
            cursor = connection.execute("SELECT * FROM read_parquet(?)", [str(path)])
            assert tuple(column[0] for column in cursor.description) == EVENT_FIELDS
            records = [dict(zip(EVENT_FIELDS, row)) for row in cursor.fetchall()]
        assert isinstance(records[0]["date"], dt.date) and isinstance(records[0]["goldstein"], float)
    stored_ids = {event_id for (event_id,) in stored(news_run.db, "SELECT event_id FROM events")}
    assert len(records) == len(stored_ids) == 6
    assert {record["event_id"] for record in records} == stored_ids
    assert events_by_doc(records) == EXPECTED_EVENTS  # codes stay strings: "042", not 42


# --- dyads events -------------------------------------------------------------------------


def query(news_run: NewsRun, capsys, *options: str) -> list[dict]:
    """``dyads events`` on the news store with ``options``, its JSONL output parsed."""
    assert main(["events", "--db", str(news_run.db), "--format", "jsonl", *options]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_events_by_source_and_target_prefix(news_run: NewsRun, capsys):
    records = query(news_run, capsys, "--source", "RUS", "--target", "PAK")
    assert events_by_doc(records) == {"lavrov": EXPECTED_EVENTS["lavrov"]}
    assert tuple(records[0]) == EVENT_FIELDS


def test_events_by_root_code(news_run: NewsRun, capsys):
    assert {record["code"] for record in query(news_run, capsys, "--root", "04")} == {"040", "042"}


def test_events_by_date_range_is_inclusive(news_run: NewsRun, capsys):
    records = query(news_run, capsys, "--since", "2012-09-20", "--until", "2012-10-09")
    assert [record["date"] for record in records] == ["2012-09-20", "2012-10-03", "2012-10-05", "2012-10-09"]


def test_events_by_quad_class(news_run: NewsRun, capsys):
    records = query(news_run, capsys, "--quad-class", "3")
    assert sorted(record["code"] for record in records) == ["112", "120"]
    assert {record["quad_class"] for record in records} == {3}


def test_events_by_document(news_run: NewsRun, capsys):
    records = query(news_run, capsys, "--doc", "w1", "--doc", "c1")
    assert sorted(record["doc_id"] for record in records) == ["c1", "w1"]


def test_events_as_csv_on_stdout(news_run: NewsRun, capsys):
    assert main(["events", "--db", str(news_run.db), "--format", "csv", "--source", "CHN"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["source"], row["code"], row["target"], row["date"]) for row in rows] == \
        [("CHN", "020", "JPN", "2012-09-20")]
    assert tuple(rows[0]) == EVENT_FIELDS


def test_events_table_lists_matches(news_run: NewsRun, capsys, wide_console):
    assert main(["events", "--db", str(news_run.db), "--actor", "PAK"]) == 0
    out = capsys.readouterr().out
    assert "RUSGOV" in out and "INDGOV" in out and "CHN" not in out
    assert "2 events" in out


def test_events_out_parquet(news_run: NewsRun, tmp_path: Path, capsys):
    path = tmp_path / "asia.parquet"
    assert main(["events", "--db", str(news_run.db), "--target", "JPN", "--out", str(path)]) == 0
    assert "1 events written" in capsys.readouterr().err
    with duckdb.connect() as connection:
        rows = connection.execute("SELECT source, code, target, date FROM read_parquet(?)", [str(path)]).fetchall()
    assert rows == [("CHN", "020", "JPN", dt.date(2012, 9, 20))]


def test_events_without_a_database_is_a_clear_error(tmp_path: Path, capsys):
    missing = tmp_path / "nowhere.duckdb"
    assert main(["events", "--db", str(missing)]) == 5
    err = capsys.readouterr().err
    assert str(missing) in err and "dyads code" in err
    assert not missing.exists()


# --- dyads explain ------------------------------------------------------------------------


def test_explain_shows_mention_code_and_rule(pipeline, capsys, wide_console):
    assert main(["explain", LAVROV, "--date", DOCUMENT_DATE]) == 0
    out = capsys.readouterr().out
    mention_line = next(line for line in out.splitlines() if "Russian Foreign Minister Sergei Lavrov" in line)
    assert "RUSGOV" in mention_line and "dictionary:person" in mention_line
    decision_line = next(line for line in out.splitlines() if "verb:arrive>042" in line and "coded" in line)
    assert "coded RUSGOV 042 PAK" in decision_line
    assert "2012-10-03" in out


def test_explain_json(pipeline, capsys):
    assert main(["explain", LAVROV, "--date", DOCUMENT_DATE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"tokens", "mentions", "events", "decisions"} <= set(data)
    assert {"text": "arrived", "lemma": "arrive"}.items() <= next(
        token for token in data["tokens"] if token["text"] == "arrived").items()
    mentions = {mention["text"]: mention for mention in data["mentions"]}
    assert mentions["Islamabad"]["codes"] == ["PAK"] and mentions["Islamabad"]["reason"]
    assert mentions["Russian Foreign Minister Sergei Lavrov"]["codes"] == ["RUSGOV"]
    [event] = data["events"]
    assert (event["source"], event["code"], event["target"], event["date"]) == ("RUSGOV", "042", "PAK", "2012-10-03")
    assert any(decision["rule"] == event["rule"] and decision["outcome"] == "coded RUSGOV 042 PAK"
               for decision in data["decisions"])


def test_explain_reads_standard_input(pipeline, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("China urged Japan to return the detained fishermen.\n"))
    assert main(["explain", "-", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert [(event["source"], event["code"], event["target"]) for event in events] == [("CHN", "020", "JPN")]


# --- dyads summary ------------------------------------------------------------------------


def test_summary_prints_counts_and_database(news_run: NewsRun, capsys, wide_console):
    assert main(["summary", "--db", str(news_run.db)]) == 0
    out = capsys.readouterr().out
    assert "6 documents" in out and "6 events" in out and "4 runs" in out
    assert f"database: {news_run.db.resolve()}" in out
    dyad_line = next(line for line in out.splitlines() if "RUS" in line)
    assert "PAK" in dyad_line


def test_summary_without_a_database_is_a_clear_error(tmp_path: Path, capsys):
    assert main(["summary", "--db", str(tmp_path / "none.duckdb")]) == 5
    assert "none.duckdb" in capsys.readouterr().err


def test_printed_database_path_is_never_split(news_run: NewsRun, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    deep = tmp_path / ("a-folder-with-a-rather-long-name-" * 2) / "events.duckdb"
    deep.parent.mkdir()
    deep.write_bytes(news_run.db.read_bytes())
    assert main(["summary", "--db", str(deep)]) == 0
    assert f"database: {deep.resolve()}" in capsys.readouterr().out.splitlines()


# --- dyads eval ---------------------------------------------------------------------------


def write_gold(path: Path, second_code: str) -> Path:
    records = [
        {"id": "g1", "text": LAVROV, "date": DOCUMENT_DATE, "set": "test", "exhaustive": True,
         "events": [{"source": "RUSGOV", "target": "PAK", "code": "042", "date": "2012-10-03"}]},
        {"id": "g2", "text": "China urged Japan to return the detained fishermen.", "date": "2012-09-20",
         "set": "test", "exhaustive": True, "events": [{"source": "CHN", "target": "JPN", "code": second_code}]},
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_eval_prints_recall_and_precision(pipeline, tmp_path: Path, capsys):
    assert main(["eval", str(write_gold(tmp_path / "gold.jsonl", "020"))]) == 0
    out = capsys.readouterr().out
    assert "recall               1.000" in out
    assert "precision            1.000" in out


def test_eval_json_scores_an_easy_set_perfectly(pipeline, tmp_path: Path, capsys):
    assert main(["eval", str(write_gold(tmp_path / "gold.jsonl", "020")), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["recall"], report["precision"], report["hits"], report["required"]) == (1.0, 1.0, 2, 2)


def test_eval_json_counts_a_miss_and_a_false_alarm(pipeline, tmp_path: Path, capsys):
    """Gold says the appeal was a criticism (111): one miss, and the coded 020 becomes a false alarm."""
    assert main(["eval", str(write_gold(tmp_path / "gold.jsonl", "111")), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["recall"], report["precision"], report["false_alarms"]) == (0.5, 0.5, 1)
    assert [miss["doc_id"] for miss in report["misses"]] == ["g2"]


def test_eval_of_a_malformed_gold_file_names_the_line(tmp_path: Path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "g1", "text": "China urged Japan.", "events": []}\n{"id": \n', encoding="utf-8")
    assert main(["eval", str(gold)]) == 7
    assert f"{gold}:2" in capsys.readouterr().err


# --- settings -----------------------------------------------------------------------------


def code_lavrov(folder: Path, *options: str) -> int:
    text = folder / "lavrov.txt"
    text.write_text(LAVROV + "\n", encoding="utf-8")
    return main(["code", str(text), "--date", DOCUMENT_DATE, "--no-progress", *options])


def documents_in(db: Path) -> int:
    return stored(db, "SELECT count(*) FROM documents")[0][0]


def test_db_path_from_the_environment(pipeline, clean_environment: Path, monkeypatch, capsys, wide_console):
    db = clean_environment / "from-env.duckdb"
    monkeypatch.setenv("DYADS_DB_PATH", str(db))
    assert code_lavrov(clean_environment) == 0
    assert documents_in(db) == 1
    assert not (clean_environment / "dyads.duckdb").exists()
    capsys.readouterr()
    assert main(["summary"]) == 0
    assert f"database: {db.resolve()}" in capsys.readouterr().out


def test_db_path_from_dyads_toml_in_the_working_directory(pipeline, clean_environment: Path, monkeypatch):
    (clean_environment / "dyads.toml").write_text('db_path = "from-toml.duckdb"\n', encoding="utf-8")
    assert code_lavrov(clean_environment) == 0
    assert documents_in(clean_environment / "from-toml.duckdb") == 1
    # the environment beats the file, and an argument beats both
    monkeypatch.setenv("DYADS_DB_PATH", "from-env.duckdb")
    assert code_lavrov(clean_environment) == 0
    assert documents_in(clean_environment / "from-env.duckdb") == 1
    assert code_lavrov(clean_environment, "--db", "from-argument.duckdb") == 0
    assert documents_in(clean_environment / "from-argument.duckdb") == 1


@pytest.mark.parametrize("variable, value, named", [
    ("DYADS_BATCH_SIZE", "0", "batch_size"),
    ("DYADS_BATCH_SIZE", "many", "batch_size"),
    ("DYADS_ON_ERROR", "ignore", "on_error"),
])
def test_invalid_environment_setting_is_a_clear_error(clean_environment: Path, monkeypatch, capsys,
                                                      variable: str, value: str, named: str):
    monkeypatch.setenv(variable, value)
    assert code_lavrov(clean_environment, "--db", "events.duckdb") == 6
    err = capsys.readouterr().err
    assert named in err and value in err
    assert not (clean_environment / "events.duckdb").exists()


def test_unknown_setting_in_dyads_toml_is_a_clear_error(clean_environment: Path, capsys):
    (clean_environment / "dyads.toml").write_text('db_pth = "typo.duckdb"\n', encoding="utf-8")
    assert main(["summary"]) == 6
    err = capsys.readouterr().err
    assert "dyads.toml" in err and "db_pth" in err and "db_path" in err


def test_invalid_command_line_setting_is_a_clear_error(clean_environment: Path, capsys):
    assert code_lavrov(clean_environment, "--db", "events.duckdb", "--batch-size", "0") == 6
    assert "batch_size" in capsys.readouterr().err


def test_code_refuses_an_unknown_export_format_before_coding(news_run: NewsRun, tmp_path: Path, capsys):
    db = tmp_path / "events.duckdb"
    status = main(["code", str(news_run.folder), "--db", str(db), "--date", DOCUMENT_DATE, "--no-progress",
                   "--out", str(tmp_path / "run.xlsx")])
    assert status != 0 and ".xlsx" in capsys.readouterr().err
    assert not db.exists() or documents_in(db) == 0


def test_dictionaries_import_then_code_with_them(pipeline, tmp_path: Path, capsys):
    """A PETRARCH actor file (written here) is converted and its dated roles code a made-up minister."""
    source = tmp_path / "Mine.actors.txt"
    source.write_text("# test dictionary\nZORAN_VELKOVSKI_ [SRBGOV 100101-141231]\n+MINISTER_VELKOVSKI\n",
                      encoding="utf-8")
    out = tmp_path / "converted"
    assert main(["dictionaries", "import", str(source), "--out", str(out)]) == 0
    assert "files written" in capsys.readouterr().out
    assert main(["--dictionaries", str(out), "explain", "Zoran Velkovski visited Moscow.", "--date",
                 "2012-05-01", "--json"]) == 0
    mentions = json.loads(capsys.readouterr().out)["mentions"]
    assert any(m["codes"] == ["SRBGOV"] for m in mentions)
