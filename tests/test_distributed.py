"""The distributed engine: partitions, the Parquet dataset, the manifest, and Dask runs that resume.

Fast tests cover planning, reading line ranges, writing and reading the dataset
and the manifest without spaCy. The slow ones code a small corpus on an
in-process Dask cluster (one worker thread, sharing the session's pipeline) and
compare it with a local run, event for event, including a run stopped after its
first partition and started again.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dyads.distributed import Manifest, PartitionResult, _read_line_range, plan_partitions, run_dask
from dyads.errors import StoreError
from dyads.model import Event
from dyads.readers import read_paths
from dyads.store import DocumentRow, open_store, partition_files, write_partition

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

# Our own sentences: each gives known events (see the slow tests), months spread over the year.
NEWS = [
    ("n01", "2012-10-06", "Russian Foreign Minister Sergei Lavrov arrived in Islamabad on October 3 for talks "
                          "with Pakistani officials."),
    ("n02", "2012-10-07", "China urged Japan to release the detained fishing crew without delay."),
    ("n03", "2012-11-02", "Iran rejected the proposal of the European Union on its nuclear programme."),
    ("n04", "2012-11-05", "German Chancellor Angela Merkel praised Greece for its budget reforms."),
    ("n05", "2012-12-01", "Brazil and Argentina signed a trade agreement in Buenos Aires.\n\n"
                          "India accused Pakistan of violating the ceasefire in Kashmir."),
    # repeats a passage of n05 in the same partition: de-duplication drops it
    ("n06", "2012-12-02", "India accused Pakistan of violating the ceasefire in Kashmir.\n\n"
                          "The United States imposed sanctions on North Korea after the missile test."),
    ("n07", None, "Turkey condemned the Syrian government for shelling border villages."),
    ("n08", "2013-01-09", "France offered humanitarian aid to Mali."),
]
PARTITION_SIZE = 2  # n05 and n06 share the third partition


def write_news(path: Path, records=NEWS) -> Path:
    lines = [json.dumps({"id": doc_id, "date": date, "text": text}) for doc_id, date, text in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def event(doc_id: str, sentence_index: int, date: dt.date | None, code: str = "042") -> Event:
    return Event(event_id=f"{doc_id}-{sentence_index}", doc_id=doc_id, sentence_index=sentence_index,
                 sentence="Someone visited.", date=date, source="RUSGOV", source_country="RUS",
                 source_sector="GOV", source_text="Lavrov", target="PAK", target_country="PAK",
                 target_text="Islamabad", code=code, root_code=code[:2], quad_class=1, goldstein=1.9,
                 plover="CONSULT", location=None, latitude=None, longitude=None, confidence=0.9,
                 rule="verb:visit", coder_version="test")


# --- planning and reading partitions -------------------------------------------------------


def test_a_jsonl_file_is_cut_into_line_ranges_with_stable_ids(tmp_path: Path):
    path = write_news(tmp_path / "news.jsonl")
    partitions = plan_partitions([path], 3)
    assert [p.first_line for p in partitions] == [1, 4, 7]
    assert partitions[0].start == 0 and partitions[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(partitions, partitions[1:]))
    assert [p.partition_id for p in plan_partitions([path], 3)] == [p.partition_id for p in partitions]
    assert len({p.partition_id for p in partitions}) == 3


def test_line_ranges_read_exactly_what_the_whole_file_reader_reads(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "No id, dated.", "date": "2012-10-01"}\n\n'
                    '{"id": "b", "text": "Caf\u00e9 talks."}\nnot json\n'
                    '{"text": "Also without an id."}\n', encoding="utf-8")
    whole = list(read_paths([path], on_error="skip"))
    ranged = [record for partition in plan_partitions([path], 2)
              for record in _read_line_range(partition, None) if not isinstance(record, Exception)]
    assert [(d.doc_id, d.text, d.date) for d in ranged] == [(d.doc_id, d.text, d.date) for d in whole]
    assert [d.doc_id for d in ranged] == ["mixed:1", "b", "mixed:5"]
    errors = [record for partition in plan_partitions([path], 2)
              for record in _read_line_range(partition, None) if isinstance(record, Exception)]
    assert [error.origin for error in errors] == [f"{path.resolve()}:4"]


def test_single_document_files_are_grouped_and_other_files_stand_alone(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.html", "d.txt"):
        (folder / name).write_text("Some text.", encoding="utf-8")
    (folder / "e.csv").write_text("text\nOne.\n", encoding="utf-8")
    partitions = plan_partitions([folder], 3)
    assert [[Path(f).name for f in p.files] for p in partitions] == [["a.txt", "b.txt", "c.html"],
                                                                      ["d.txt"], ["e.csv"]]
    assert not any(p.is_line_range for p in partitions)


# --- the Parquet dataset -------------------------------------------------------------------


def test_a_dataset_opens_read_only_with_the_store_queries(tmp_path: Path):
    root = tmp_path / "dataset"
    write_partition(root, "p1", [DocumentRow("d1", words=10, sentences=2)],
                    [event("d1", 0, dt.date(2012, 10, 3)), event("d1", 1, None, "111")])
    write_partition(root, "p2", [DocumentRow("d2", words=5, sentences=1)], [event("d2", 0, dt.date(2012, 11, 4))])
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.parquet")) == [
        "documents/part-p1.parquet", "documents/part-p2.parquet", "events/month=2012-10/part-p1.parquet",
        "events/month=2012-11/part-p2.parquet", "events/month=undated/part-p1.parquet"]
    with open_store(root, read_only=True) as store:
        assert [e.event_id for e in store.events()] == ["d1-0", "d2-0", "d1-1"]
        assert [e.event_id for e in store.events(since="2012-11-01")] == ["d2-0"]
        assert [e.event_id for e in store.events(root="11")] == ["d1-1"]
        assert store.events(doc_id="d1")[0].date == dt.date(2012, 10, 3)
        summary = store.summary()
        assert (summary["documents"], summary["words"], summary["events"]) == (2, 15, 3)


def test_writing_a_partition_again_replaces_its_files(tmp_path: Path):
    root = tmp_path / "dataset"
    write_partition(root, "p1", [DocumentRow("d1")], [event("d1", 0, dt.date(2012, 10, 3))])
    write_partition(root, "p1", [DocumentRow("d1")], [event("d1", 0, dt.date(2012, 12, 3))])
    assert [p.relative_to(root).as_posix() for p in partition_files(root, "p1")] == [
        "events/month=2012-12/part-p1.parquet", "documents/part-p1.parquet"]
    with open_store(root, read_only=True) as store:
        assert [(e.event_id, e.date) for e in store.events()] == [("d1-0", dt.date(2012, 12, 3))]


def test_a_dataset_cannot_be_opened_for_writing(tmp_path: Path):
    root = tmp_path / "dataset"
    write_partition(root, "p1", [DocumentRow("d1")], [])
    with pytest.raises(StoreError, match="Parquet dataset .* read-only"):
        open_store(root)
    with open_store(root, read_only=True) as store:
        assert store.events() == [] and store.summary()["documents"] == 1


def test_a_plain_folder_is_still_refused(tmp_path: Path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path, read_only=True)


def test_manifest_entries_round_trip_and_a_damaged_entry_means_not_done(tmp_path: Path):
    manifest = Manifest(tmp_path)
    result = PartitionResult("abc", ("/in/news.jsonl",), 0, 120, documents=3, failed=0, sentences=4, words=40,
                             duplicate_passages=1, events=2, outputs=("events/month=2012-10/part-abc.parquet",))
    manifest.record(result)
    (tmp_path / "_manifest" / "bad.json").write_text("{not json", encoding="utf-8")
    assert manifest.done() == {"abc": result}
    assert not list((tmp_path / "_manifest").glob(".*"))  # no temporary file left


# --- Dask runs (slow: they code a corpus) ----------------------------------------------------


@pytest.fixture(scope="module")
def client():
    """An in-process cluster of one single-threaded worker (it shares the test session's pipeline)."""
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0") as client:
        yield client


def events_of(path: Path) -> list[dict]:
    with open_store(path, read_only=True) as store:
        return sorted((e.to_record() for e in store.events()), key=lambda record: record["event_id"])


def local_run(pipeline, inputs: list[Path], db: Path) -> list[dict]:
    from dyads.pipeline import run_files

    with open_store(db) as store:
        run_files(pipeline, inputs, store)
    return events_of(db)


@pytest.mark.slow
def test_a_dask_run_gives_the_events_of_a_local_run(pipeline, client, tmp_path: Path):
    news = write_news(tmp_path / "news.jsonl")
    expected = local_run(pipeline, [news], tmp_path / "local.duckdb")
    assert len(expected) >= 8 and "n06" not in {e["doc_id"] for e in expected if e["code"] == "112"}

    report = run_dask([news], tmp_path / "out", client, pipeline.settings, partition_size=PARTITION_SIZE)
    assert events_of(tmp_path / "out") == expected
    assert (report.documents_coded, report.events, report.duplicate_passages) == (8, len(expected), 1)
    assert len(Manifest(tmp_path / "out").done()) == 4


class Stop(Exception):
    pass


@pytest.mark.slow
def test_a_run_stopped_after_one_partition_resumes_to_the_same_events(pipeline, client, tmp_path: Path):
    news = write_news(tmp_path / "news.jsonl")
    expected = local_run(pipeline, [news], tmp_path / "local.duckdb")
    out = tmp_path / "out"

    def stop_after_first(result: PartitionResult) -> None:
        raise Stop(result.partition_id)

    with pytest.raises(Stop):
        run_dask([news], out, client, pipeline.settings, partition_size=PARTITION_SIZE,
                 on_partition=stop_after_first)
    assert len(Manifest(out).done()) == 1

    report = run_dask([news], out, client, pipeline.settings, partition_size=PARTITION_SIZE)
    assert report.documents_unchanged == PARTITION_SIZE and report.documents_coded == 8 - PARTITION_SIZE
    resumed = events_of(out)
    assert resumed == expected
    assert len({e["event_id"] for e in resumed}) == len(resumed)


@pytest.mark.slow
def test_a_partition_written_but_not_recorded_is_redone_without_duplicates(pipeline, client, tmp_path: Path):
    news = write_news(tmp_path / "news.jsonl")
    out = tmp_path / "out"
    run_dask([news], out, client, pipeline.settings, partition_size=PARTITION_SIZE)
    complete = events_of(out)
    # A worker killed after writing its files but before its manifest entry, with a file of an earlier
    # attempt in another month folder:
    victim = plan_partitions([news], PARTITION_SIZE)[1].partition_id
    (out / "_manifest" / f"{victim}.json").unlink()
    stale = out / "events" / "month=1999-01" / f"part-{victim}.parquet"
    stale.parent.mkdir(parents=True)
    (out / "events" / "month=2012-11" / f"part-{victim}.parquet").rename(stale)

    report = run_dask([news], out, client, pipeline.settings, partition_size=PARTITION_SIZE)
    assert report.documents_coded == PARTITION_SIZE and report.documents_unchanged == 8 - PARTITION_SIZE
    assert events_of(out) == complete and not stale.exists()


@pytest.mark.slow
def test_cli_codes_on_a_local_cluster_and_events_reads_the_dataset(pipeline, tmp_path: Path, capsys):
    from dyads.cli import main

    news = write_news(tmp_path / "news.jsonl", NEWS[:3])
    out = tmp_path / "out"
    assert main(["code", str(news), "--dask", "local:1", "--out-dir", str(out), "--no-progress"]) == 0
    assert "3 documents read, 3 coded" in capsys.readouterr().out
    assert main(["events", "--db", str(out), "--format", "jsonl", "--source", "RUS"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["doc_id"], r["source"], r["code"], r["target"], r["date"]) for r in records] == [
        ("n01", "RUSGOV", "042", "PAK", "2012-10-03")]


def test_cli_dask_needs_an_out_dir_and_no_db(tmp_path: Path, capsys):
    from dyads.cli import main

    news = write_news(tmp_path / "news.jsonl")
    assert main(["code", str(news), "--dask", "local:1", "--no-progress"]) == 1
    assert "--out-dir" in capsys.readouterr().err
    assert main(["code", str(news), "--dask", "local", "--out-dir", str(tmp_path / "o"),
                 "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "drop --db" in capsys.readouterr().err


@pytest.mark.slow
def test_a_killed_command_line_run_resumes_to_the_events_of_an_uninterrupted_run(pipeline, tmp_path: Path):
    """The real thing: SIGKILL the whole `dyads code --dask` process group once a partition is recorded,
    start the same command again, and get exactly the events of a run that was never interrupted."""
    import os
    import signal
    import subprocess
    import sys
    import time

    pairs = [("Russia", "Pakistan"), ("China", "Japan"), ("Iran", "France"), ("Brazil", "Argentina"),
             ("India", "Nepal"), ("Turkey", "Greece"), ("Kenya", "Uganda"), ("Egypt", "Sudan")]
    records = []  # 24 distinct documents of 12 sentences (no passage repeats: de-duplication is per partition)
    for n in range(24):
        source, target = pairs[n % len(pairs)]
        sentences = [f"{source} criticised {target} over the dispute number {n * 100 + k}." for k in range(12)]
        records.append((f"k{n:02d}", "2012-10-06", " ".join(sentences)))
    news = write_news(tmp_path / "news.jsonl", records)
    expected = local_run(pipeline, [news], tmp_path / "local.duckdb")
    out = tmp_path / "out"
    command = [str(Path(sys.executable).with_name("dyads")), "code", str(news), "--dask", "local:1", "--out-dir", str(out),
               "--partition-size", "2"]
    runner = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and runner.poll() is None:
        done = list((out / "_manifest").glob("*.json")) if (out / "_manifest").exists() else []
        if done:
            break
        time.sleep(0.2)
    assert runner.poll() is None, "the run finished before it could be killed"
    os.killpg(runner.pid, signal.SIGKILL)
    runner.wait()
    assert 0 < len(Manifest(out).done()) < 12

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    resumed = events_of(out)
    assert resumed == expected
    assert len({e["event_id"] for e in resumed}) == len(resumed)
