"""End-to-end tests of the public Python API (``import dyads``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import dyads
from dyads.model import EVENT_FIELDS

pytestmark = pytest.mark.slow

VISIT = "Russian Foreign Minister Sergei Lavrov arrived in Islamabad on October 3."
APPEAL = "China urged Japan to return the detained fishermen."
REJECTION = "Iran rejected the proposal of the European Union."
MEETING = "Japanese Prime Minister Yoshihiko Noda met South Korean President Lee Myung-bak in Vladivostok on September 8."


def triples(events: list[dyads.Event]) -> list[tuple[str, str, str, str, str]]:
    return [(event.doc_id, event.source, event.code, event.target, str(event.date)) for event in events]


# --- code_texts -----------------------------------------------------------------------------


def test_code_texts_takes_strings_dicts_and_documents(pipeline, clean_environment: Path):
    events = dyads.code_texts([
        VISIT,
        {"id": "wire-7", "text": APPEAL, "date": "2012-09-20", "title": "Islands row", "lang": "en"},
        dyads.Document(doc_id="doc-9", text=REJECTION, date=dt.date(2012, 11, 2), origin="memory"),
    ], date=dt.date(2012, 10, 6))
    assert all(isinstance(event, dyads.Event) for event in events)
    assert triples(events) == [
        ("text-1", "RUSGOV", "042", "PAK", "2012-10-03"),
        ("wire-7", "CHN", "020", "JPN", "2012-09-20"),
        ("doc-9", "IRN", "120", "IGOEEC", "2012-11-02"),
    ]
    assert tuple(events[0].to_record()) == EVENT_FIELDS
    assert list(clean_environment.iterdir()) == []  # nothing stored


def test_code_texts_without_date_leaves_relative_dates_open(pipeline):
    [event] = dyads.code_texts([APPEAL])
    assert event.date is None


def test_code_texts_codes_a_repeated_text_once(pipeline):
    events = dyads.code_texts([APPEAL, MEETING, APPEAL], date=dt.date(2012, 10, 6))
    assert [(event.doc_id, event.code) for event in events] == [("text-1", "020"), ("text-2", "040")]


@pytest.mark.parametrize("item, problem", [
    ({"id": "x"}, "no text"),
    ({"id": "x", "text": "   "}, "no text"),
    (42, "int"),
])
def test_code_texts_refuses_items_it_cannot_code(pipeline, item, problem: str):
    with pytest.raises(dyads.InputError, match=problem):
        dyads.code_texts([APPEAL, item])


def test_code_texts_names_a_bad_date(pipeline):
    with pytest.raises(dyads.InputError, match="text 1"):
        dyads.code_texts([{"id": "a", "text": APPEAL, "date": "September 20, 2012"}])


# --- code_files and open_store --------------------------------------------------------------


def write_inputs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "visit.txt").write_text(VISIT + "\n", encoding="utf-8")
    records = [{"id": "a1", "text": APPEAL, "date": "2012-09-20"},
               {"id": "a2", "text": MEETING, "date": "2012-09-09"}]
    (folder / "feed.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return folder


def test_code_files_stores_exports_and_reports(pipeline, tmp_path: Path):
    folder = write_inputs(tmp_path / "in")
    db, out = tmp_path / "events.duckdb", tmp_path / "run.jsonl"
    batches: list[int] = []
    report = dyads.code_files([folder], db=db, out=out, default_date=dt.date(2012, 10, 6), progress=batches.append)

    assert isinstance(report, dyads.RunReport)
    assert (report.documents_read, report.documents_coded, report.documents_unchanged,
            report.documents_failed) == (3, 3, 0, 0)
    assert (report.sentences, report.events, report.duplicate_passages, report.errors) == (3, 3, 0, ())
    assert report.inputs == (str(folder),) and report.finished >= report.started
    assert sum(batches) == 3
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((record["source"], record["code"], record["target"], record["date"]) for record in exported) == [
        ("CHN", "020", "JPN", "2012-09-20"), ("JPNGOV", "040", "KORGOV", "2012-09-08"),
        ("RUSGOV", "042", "PAK", "2012-10-03")]

    again = dyads.code_files([folder], db=db, default_date=dt.date(2012, 10, 6))
    assert (again.documents_read, again.documents_coded, again.documents_unchanged, again.events) == (3, 0, 3, 0)
    assert again.run_id != report.run_id


def test_open_store_read_only_queries(pipeline, tmp_path: Path):
    db = tmp_path / "events.duckdb"
    dyads.code_files([write_inputs(tmp_path / "in")], db=db, default_date=dt.date(2012, 10, 6))
    with dyads.open_store(db, read_only=True) as store:
        russian = store.events(source="RUS")
        assert triples(russian) == [(russian[0].doc_id, "RUSGOV", "042", "PAK", "2012-10-03")]
        assert store.events(source="rus") == russian
        assert [event.code for event in store.events(actor="JPN")] == ["040", "020"]  # date order
        assert store.events(since="2012-09-10", root=["02", "04"], limit=5) == store.events(code="020") + russian
        assert [document["doc_id"] for document in store.documents()][:2] == ["a1", "a2"]
        [run] = store.runs()
        assert (run["status"], run["documents_coded"], run["events"]) == ("ok", 3, 3)
        with pytest.raises(dyads.StoreError, match="read-only"):
            store.start_run("run-x", [], {})


def test_open_store_of_a_missing_file_read_only(tmp_path: Path):
    with pytest.raises(dyads.StoreError, match="dyads code"):
        dyads.open_store(tmp_path / "missing.duckdb", read_only=True)


def test_code_files_with_bad_input_raises_input_error(pipeline, tmp_path: Path):
    bad = tmp_path / "feed.jsonl"
    bad.write_text(json.dumps({"id": "a1", "text": APPEAL}) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(dyads.InputError) as raised:
        dyads.code_files([bad], db=tmp_path / "events.duckdb")
    assert raised.value.origin == f"{bad}:2"


# --- explain and evaluate_gold --------------------------------------------------------------


def test_explain_keeps_every_step(pipeline):
    explanation = dyads.explain("Lavrov backed Pakistans position on drone strikes.", date=dt.date(2012, 10, 6))
    assert isinstance(explanation, dyads.Explanation)
    assert [(event.source, event.code, event.target) for event in explanation.events] == [("RUSGOV", "051", "PAK")]
    mentions = {mention.text: mention for mention in explanation.mentions}
    assert mentions["Lavrov"].codes == ("RUSGOV",) and mentions["Lavrov"].reason
    assert mentions["Pakistan"].codes == ("PAK",)
    [event] = explanation.events
    assert (0, "backed", event.rule, "coded RUSGOV 051 PAK") in explanation.decisions
    assert ("possessive", "Pakistans", "Pakistan's") in explanation.repairs
    assert [token[2] for token in explanation.tokens][:3] == ["Lavrov", "backed", "Pakistan"]
    data = json.loads(json.dumps(explanation.to_dict()))
    assert data["events"][0]["code"] == "051"


def test_evaluate_gold_scores_a_file(pipeline, tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": MEETING, "date": "2012-09-09", "exhaustive": True,
                                "events": [{"source": "JPN", "target": "KOR", "code": "040"}]}) + "\n",
                    encoding="utf-8")
    report = dyads.evaluate_gold(gold)
    assert (report.recall, report.precision, report.hits, report.predictions) == (1.0, 1.0, 1, 1)


def test_pipeline_stages_are_shared_across_output_settings(pipeline):
    other = pipeline.settings.replace(db_path="elsewhere.duckdb", progress=not pipeline.settings.progress)
    assert dyads.api.get_pipeline(other).resolver is pipeline.resolver


@pytest.mark.slow
def test_gold_records_sharing_a_sentence_are_each_coded(tmp_path):
    sentence = "Russian Foreign Minister Sergei Lavrov arrived in Islamabad on October 3."
    event = {"source": "RUS", "target": "PAK", "code": "042"}
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"id": f"r{n}", "text": sentence, "date": "2012-10-06",
                                          "exhaustive": True, "events": [event]}) for n in (1, 2)) + "\n")
    report = dyads.evaluate_gold(gold)
    assert (report.hits, report.required) == (2, 2)
