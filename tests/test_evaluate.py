"""Tests for dyads.evaluate: gold loading and the matching rules of the gold README.

Every gold file here is written by the test itself; the sentences are our own.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dyads.errors import GoldError
from dyads.evaluate import (
    EvalReport,
    GoldEvent,
    GoldRecord,
    gold_documents,
    load_gold,
    score,
)
from dyads.model import Document, Event

SHARED_GOLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold"


def write_gold(tmp_path: Path, *records: dict[str, Any]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def record(doc_id: str, *events: dict[str, Any], exhaustive: bool = True, **extra: Any) -> dict[str, Any]:
    return {"id": doc_id, "text": "Some text.", "date": None, "set": "test", "exhaustive": exhaustive,
            "events": list(events), **extra}


def gold(tmp_path: Path, *events: dict[str, Any], exhaustive: bool = True) -> list[GoldRecord]:
    """One gold record ``d1`` holding ``events``, written and loaded back."""
    return load_gold(write_gold(tmp_path, record("d1", *events, exhaustive=exhaustive)))


def event(source: str, target: str, code: str, *, doc_id: str = "d1", **fields: Any) -> Event:
    """A predicted event with the given dyad and code; other fields get neutral values."""
    values: dict[str, Any] = {
        "event_id": f"{doc_id}-{source}-{target}-{code}",
        "doc_id": doc_id,
        "sentence_index": 0,
        "sentence": f"{source} did {code} to {target}.",
        "date": None,
        "source": source,
        "source_country": source[:3],
        "source_sector": source[3:6],
        "source_text": source.lower(),
        "target": target,
        "target_country": target[:3],
        "target_text": target.lower(),
        "code": code,
        "root_code": code[:2],
        "quad_class": 1,
        "goldstein": 1.0,
        "plover": "",
        "location": None,
        "latitude": None,
        "longitude": None,
        "confidence": 1.0,
        "rule": "test",
        "coder_version": "test",
    }
    values.update(fields)
    return Event(**values)


def recall_of(records: list[GoldRecord], *predictions: Event) -> float | None:
    return score(records, list(predictions)).recall


# --------------------------------------------------------------------------- actor codes


def test_actor_codes_compare_on_the_country_part(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "RUSGOV", "target": "PAK", "code": "042"})
    assert recall_of(records, event("RUSMIL", "PAKGOV", "042")) == 1.0
    assert recall_of(records, event("USAGOV", "PAKGOV", "042")) == 0.0
    assert recall_of(records, event("RUSGOV", "AFG", "042")) == 0.0


def test_three_dashes_match_any_country(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "---LEG", "target": "USA", "code": "111"})
    assert recall_of(records, event("BRALEG", "USA", "111")) == 1.0
    assert recall_of(records, event("IGOUNO", "USAGOV", "112")) == 1.0
    assert recall_of(records, event("BRALEG", "CHN", "111")) == 0.0


def test_igo_ngo_img_match_codes_with_that_prefix(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "IGO", "target": "SYR", "code": "111"},
        {"source": "NGO", "target": "SYR", "code": "112"},
    )
    report = score(records, [event("IGOUNO", "SYR", "111"), event("NGOHRI", "SYRGOV", "112")])
    assert (report.hits, report.required) == (2, 2)
    assert recall_of(records, event("IRQ", "SYR", "111"), event("IMGMUS", "SYR", "112")) == 0.0


def test_a_list_of_actor_codes_accepts_any_of_them(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": ["CHN", "RUS"], "target": "USA", "code": "120"})
    assert recall_of(records, event("RUSGOV", "USA", "125")) == 1.0
    assert recall_of(records, event("CHNGOV", "USA", "125")) == 1.0
    assert recall_of(records, event("IRNGOV", "USA", "125")) == 0.0


# --------------------------------------------------------------------------- event types


def test_cameo_codes_compare_on_the_root_and_may_be_listed(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUS", "target": "PAK", "code": "042"},
        {"source": "PAK", "target": "RUS", "code": ["051", "032"]},
    )
    report = score(records, [event("RUS", "PAK", "043"), event("PAK", "RUS", "036")])
    assert report.recall == 1.0
    assert recall_of(records, event("RUS", "PAK", "057"), event("PAK", "RUS", "111")) == 0.0
    assert recall_of(records, event("PAK", "RUS", "0571")) == 0.5


def test_plover_yield_covers_concede_and_retreat(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "ISR", "target": "PSE", "plover": "YIELD"})
    assert recall_of(records, event("ISR", "PSE", "081", plover="CONCEDE")) == 1.0
    assert recall_of(records, event("ISR", "PSE", "087", plover="retreat")) == 1.0
    assert recall_of(records, event("ISR", "PSE", "081", plover="AGREE")) == 0.0


def test_plover_appeals_are_requests_and_statements_have_no_category(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "FRA", "target": "IRN", "plover": "REQUEST"})
    assert recall_of(records, event("FRA", "IRN", "020", plover="")) == 1.0
    assert recall_of(records, event("FRA", "IRN", "028", plover="COOPERATE")) == 1.0
    assert recall_of(records, event("FRA", "IRN", "100", plover="REQUEST")) == 1.0
    # A statement (01) never carries a PLOVER category, whatever the coder wrote.
    assert recall_of(records, event("FRA", "IRN", "010", plover="REQUEST")) == 0.0


def test_gold_without_a_type_key_matches_any_type(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "UZB", "target": "RUS"})
    assert recall_of(records, event("UZBGOV", "RUS", "190")) == 1.0


def test_gold_with_code_and_plover_needs_both(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "EGY", "target": "ISR", "code": "042", "plover": "CONSULT"})
    assert recall_of(records, event("EGY", "ISR", "042", plover="CONSULT")) == 1.0
    assert recall_of(records, event("EGY", "ISR", "042", plover="")) == 0.0


# --------------------------------------------------------------------------- mention text


def test_mention_text_matches_on_a_shared_word_ignoring_case_and_punctuation(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source_text": "The Ruritanian Foreign Minister", "target_text": "U.N. inspectors",
         "plover": "ACCUSE"},
    )
    hit = event("RUR", "IGOUNO", "111", plover="ACCUSE", source_text="the minister",
                target_text="the UN")
    assert recall_of(records, hit) == 1.0
    wrong_target = event("RUR", "IGOUNO", "111", plover="ACCUSE", source_text="minister",
                         target_text="the inspector-general")
    assert recall_of(records, wrong_target) == 0.0


def test_stop_words_and_possessives_alone_do_not_make_a_match(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source_text": "the mayor of Elbonia", "target_text": "Kim's party",
                              "plover": "REJECT"})

    def rejects(source_text: str, target_text: str) -> Event:
        return event("ELB", "ELB", "120", plover="REJECT", source_text=source_text, target_text=target_text)

    assert recall_of(records, rejects("Elbonia's mayor", "Lee's party")) == 1.0
    assert recall_of(records, rejects("an Elbonian MAYOR,", "Kim")) == 1.0
    assert recall_of(records, rejects("the head of the army", "the party")) == 0.0  # only "the", "of"
    assert recall_of(records, rejects("the mayor", "Lee's allies")) == 0.0  # only the possessive


def test_mention_text_and_code_both_apply_when_given(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "RUS", "source_text": "Lavrov", "target": "PAK", "code": "042"})
    assert recall_of(records, event("RUSGOV", "PAK", "042", source_text="Sergei Lavrov")) == 1.0
    assert recall_of(records, event("RUSGOV", "PAK", "042", source_text="Putin")) == 0.0


# --------------------------------------------------------------------------- direction, optional


def test_symmetric_gold_matches_either_direction(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUS", "target": "PAK", "code": "057", "symmetric": True},
        {"source": "USA", "target": "AFG", "code": "057"},
    )
    report = score(records, [event("PAK", "RUS", "057"), event("AFG", "USA", "057")])
    assert (report.hits, report.required) == (1, 2)
    assert [miss.event for miss in report.misses] == ["USA -> AFG 057"]


def test_optional_gold_is_neither_hit_nor_false_alarm(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUS", "target": "PAK", "code": "042"},
        {"source": "CHN", "target": "PAK", "code": "061", "optional": True},
        {"source": "USA", "target": "AFG", "code": "057"},
    )
    report = score(
        records,
        [
            event("RUS", "PAK", "042"),  # hits a required event
            event("CHN", "PAK", "061"),  # matches only the optional one
            event("IND", "PAK", "111"),  # matches nothing: false alarm
        ],
    )
    assert (report.required, report.optional, report.hits) == (2, 1, 1)
    assert (report.matched_predictions, report.optional_predictions, report.false_alarms) == (1, 1, 1)
    assert report.recall == 0.5
    assert report.precision == 0.5
    assert report.f1 == 0.5
    assert [alarm.event for alarm in report.false_alarm_events] == ["IND -> PAK 111"]


def test_prediction_matching_required_and_optional_counts_as_matched(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUS", "target": "PAK", "code": "042", "optional": True},
        {"source": "RUSGOV", "target": "PAK", "code": ["040", "042"]},
    )
    report = score(records, [event("RUSGOV", "PAKGOV", "042"), event("RUSGOV", "PAKGOV", "042")])
    assert (report.matched_predictions, report.optional_predictions, report.false_alarms) == (2, 0, 0)
    assert report.precision == 1.0


def test_non_exhaustive_records_give_recall_only(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source": "IRN", "target": "USA", "code": "111"},
                   {"source": "IRN", "target": "ISR", "code": "138"}, exhaustive=False)
    report = score(records, [event("IRN", "USA", "112"), event("BRA", "ARG", "042")])
    assert report.recall == 0.5
    assert report.precision is None
    assert report.f1 is None
    assert report.false_alarms == 0
    assert "precision, F1        undefined" in report.format_text()


def test_precision_and_f1_use_exhaustive_records_only(tmp_path: Path) -> None:
    path = write_gold(
        tmp_path,
        record("ex", {"source": "RUS", "target": "PAK", "code": "042"},
               {"source": "RUS", "target": "USA", "code": "111"}),
        record("open", {"source": "CHN", "target": "PAK", "code": "061"}, exhaustive=False),
    )
    predictions = [
        event("RUS", "PAK", "042", doc_id="ex"),
        event("RUS", "IND", "042", doc_id="ex"),
        event("RUS", "IND", "042", doc_id="ex", sentence="Another sentence."),
        event("CHN", "PAK", "061", doc_id="open"),
        event("CHN", "USA", "061", doc_id="open"),  # not exhaustive: no false alarm
        event("CHN", "PAK", "061", doc_id="elsewhere"),  # no such gold record
    ]
    report = score(load_gold(path), predictions, name="mixed")
    assert report.recall == pytest.approx(2 / 3)
    assert report.exhaustive_recall == 0.5
    assert report.precision == pytest.approx(1 / 3)
    assert report.f1 == pytest.approx(2 * (1 / 3) * 0.5 / (1 / 3 + 0.5))
    assert (report.predictions, report.outside_predictions) == (5, 1)


def test_empty_predictions_give_zero_recall_and_undefined_precision(tmp_path: Path) -> None:
    report = score(gold(tmp_path, {"source": "RUS", "target": "PAK", "code": "042"}), [])
    assert report.recall == 0.0
    assert report.precision is None
    assert report.f1 is None


# --------------------------------------------------------------------------- diagnostics


def test_duplicate_predictions_normalise_whitespace_and_case(tmp_path: Path) -> None:
    path = write_gold(tmp_path, record("d1", {"source": "RUS", "target": "PAK", "code": "042"}), record("d2"))
    sentence = "Lavrov arrived in Islamabad on Wednesday."
    report = score(
        load_gold(path),
        [
            event("RUSGOV", "PAK", "042", sentence=sentence),
            event("RUSGOV", "PAK", "042", sentence="  lavrov arrived in\nIslamabad  on Wednesday."),
            event("RUSGOV", "PAK", "043", sentence=sentence),  # other code: not a duplicate
            event("RUSGOV", "PAK", "042", sentence=sentence, doc_id="d2"),  # other document
            event("RUSGOV", "PAK", "042", sentence="Lavrov left Islamabad."),  # other sentence
        ],
    )
    assert report.duplicate_predictions == 1
    assert report.predictions == 5


def test_dyad_found_and_confusion_for_type_misses(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUSGOV", "target": "PAK", "code": "057"},
        {"source": "PAK", "target": "USA", "code": ["120", "125"]},
        {"source": "RUS", "target": "USA", "code": "111"},
    )
    report = score(
        records,
        [
            event("RUSGOV", "PAKGOV", "042"),
            event("RUSGOV", "PAKGOV", "043"),  # same root: counted once for that gold event
            event("RUSGOV", "PAKGOV", "036"),
            event("USA", "PAK", "125"),  # wrong direction: dyad not found
            event("RUS", "USA", "112"),
        ],
    )
    assert (report.hits, report.dyad_found, report.required) == (1, 2, 3)
    assert [(c.gold, c.predicted, c.count) for c in report.confusion] == [("05", "03", 1), ("05", "04", 1)]
    assert [(m.event, m.dyad_found) for m in report.misses] == [
        ("RUSGOV -> PAK 057", True),
        ("PAK -> USA 120|125", False),
    ]


def test_per_category_recall_uses_plover_else_the_first_code_root(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUS", "target": "PAK", "code": ["042", "051"]},
        {"source": "RUS", "target": "USA", "code": "042"},
        {"source": "PAK", "target": "USA", "plover": "REJECT"},
        {"source": "PAK", "target": "IND"},
    )
    report = score(records, [event("RUS", "PAK", "051"), event("PAK", "USA", "120", plover="REJECT")])
    assert [(c.category, c.hits, c.required) for c in report.categories] == [
        ("(any)", 0, 1),
        ("04", 1, 2),
        ("REJECT", 1, 1),
    ]


def test_plover_confusion_uses_predicted_plover(tmp_path: Path) -> None:
    records = gold(tmp_path, {"source_text": "the protesters", "target_text": "police", "plover": "PROTEST"})
    report = score(records, [event("---", "---", "180", plover="ASSAULT", source_text="protesters",
                                   target_text="riot police")])
    assert [(c.gold, c.predicted, c.count) for c in report.confusion] == [("PROTEST", "ASSAULT", 1)]


def test_date_accuracy_at_day_month_and_year_precision(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUS", "target": "PAK", "code": "042", "date": "2012-10-03"},
        {"source": "PAK", "target": "RUS", "code": "042", "date": "2011-05"},
        {"source": "RUS", "target": "AFG", "code": "042", "date": "2010"},
        {"source": "USA", "target": "AFG", "code": "057", "date": "2012-05-01"},
        {"source": "CHN", "target": "AFG", "code": "057", "date": "2012"},  # not hit: not scored
    )
    predictions = [
        event("RUS", "PAK", "042", date=dt.date(2012, 10, 4)),  # wrong day ...
        event("RUS", "PAK", "042", date=dt.date(2012, 10, 3)),  # ... but another prediction agrees
        event("PAK", "RUS", "042", date=dt.date(2011, 5, 20)),  # month agrees
        event("RUS", "AFG", "042", date=dt.date(2009, 12, 31)),  # year wrong
        event("USA", "AFG", "057", date=None),  # no date: wrong
    ]
    report = score(records, predictions)
    assert (report.dates_correct, report.dated_hits) == (2, 4)
    assert report.date_accuracy == 0.5
    assert score(records, predictions[1:3]).date_accuracy == 1.0
    assert score(records, predictions[:1]).date_accuracy == 0.0


def test_dict_predictions_score_like_events(tmp_path: Path) -> None:
    records = gold(
        tmp_path,
        {"source": "RUSGOV", "target": "PAK", "code": "042", "date": "2012-10"},
        {"source": "USA", "target": "AFG", "code": "057"},
    )
    events = [event("RUSGOV", "PAK", "042", date=dt.date(2012, 10, 3)), event("IND", "PAK", "111")]
    from_events = score(records, events, name="x")
    from_dicts = score(records, [item.to_record() for item in events], name="x")
    assert from_dicts == from_events
    minimal = score(records, [{"doc_id": "d1", "source": "RUS", "target": "PAK", "code": "042",
                               "date": "2012-10-03"}])
    assert (minimal.hits, minimal.dates_correct, minimal.false_alarms) == (1, 1, 0)


def test_report_to_dict_is_json_and_text_lists_first_n(tmp_path: Path) -> None:
    records = gold(tmp_path, *({"source": "RUS", "target": country, "code": "042"}
                               for country in ("PAK", "AFG", "IND")))
    report = score(records, [event("RUS", "CHN", "042", sentence="Lavrov met Wang in Beijing.")], name="demo")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["name"] == "demo"
    assert (data["recall"], data["precision"], data["f1"]) == (0.0, 0.0, 0.0)
    assert len(data["misses"]) == 3
    assert data["false_alarm_events"] == [
        {"doc_id": "d1", "event": "RUS -> CHN 042", "sentence": "Lavrov met Wang in Beijing."}
    ]
    text = report.format_text(limit=2)
    assert "Misses (first 2 of 3)" in text
    assert "d1: RUS -> PAK 042" in text and "d1: RUS -> IND 042" not in text
    assert "Lavrov met Wang in Beijing." in text
    assert isinstance(report, EvalReport)


# --------------------------------------------------------------------------- loading


def test_load_gold_reads_records_and_events(tmp_path: Path) -> None:
    path = write_gold(
        tmp_path,
        record("a", {"source": "rusgov", "target": ["PAK", "AFG"], "code": "042", "date": "2012-10",
                     "symmetric": True, "evidence": "visited"}, date="2012-10-06", title="Visit"),
        record("b", {"source_text": "Kim", "target_text": "Lee", "plover": "concede", "optional": True},
               exhaustive=False, set=None),
    )
    first, second = load_gold(path)
    assert first == GoldRecord(
        doc_id="a", text="Some text.", date=dt.date(2012, 10, 6), title="Visit", exhaustive=True, set="test",
        events=(GoldEvent(source=("RUSGOV",), target=("PAK", "AFG"), source_text=None, target_text=None,
                          codes=("042",), plover=None, symmetric=True, optional=False, date="2012-10",
                          evidence="visited"),),
        origin=f"{path}:1",
    )
    assert second.events[0].plover == "YIELD"
    assert second.events[0].optional and not second.exhaustive
    assert second.set == "gold"  # defaults to the file name


def test_gold_documents_carry_id_text_date_and_title(tmp_path: Path) -> None:
    path = write_gold(tmp_path, record("a", date="2012-10-06", title="Visit"), record("b"))
    documents = gold_documents(load_gold(path))
    assert documents == [
        Document(doc_id="a", text="Some text.", date=dt.date(2012, 10, 6), title="Visit", origin=f"{path}:1"),
        Document(doc_id="b", text="Some text.", origin=f"{path}:2"),
    ]


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ('{"id": "x", "text": "t", "events": [}', "not valid JSON"),
        ('["x"]', "must be a JSON object"),
        ('{"text": "t", "events": []}', "'id'"),
        ('{"id": "x", "events": []}', "'text'"),
        ('{"id": "x", "text": "t"}', "'events'"),
        ('{"id": "x", "text": "t", "events": [], "date": "06/10/2012"}', "'date'"),
        ('{"id": "x", "text": "t", "events": [], "exhaustive": "yes"}', "'exhaustive'"),
        ('{"id": "x", "text": "t", "events": [{"source": "RUS", "code": "4x"}]}', "event 1: 'code'"),
        ('{"id": "x", "text": "t", "events": [{"source": "R1", "code": "042"}]}', "'source'"),
        ('{"id": "x", "text": "t", "events": [{"target": [], "code": "042"}]}', "'target'"),
        ('{"id": "x", "text": "t", "events": [{"plover": "HUG"}]}', "'plover'"),
        ('{"id": "x", "text": "t", "events": [{"code": "042", "date": "2012-13"}]}', "calendar date"),
        ('{"id": "x", "text": "t", "events": [{"code": "042", "optional": 1}]}', "'optional'"),
        ('{"id": "x", "text": "t", "events": [{"evidence": "it"}]}', "at least one of"),
        ('{"id": "d1", "text": "t", "events": []}', "duplicate id 'd1', first used at line 1"),
    ],
)
def test_malformed_gold_line_names_path_and_line(tmp_path: Path, bad_line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "d1", "text": "t", "events": []}\n\n' + bad_line + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert problem in str(caught.value)


def test_missing_gold_file_is_a_gold_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="cannot read the gold file"):
        load_gold(tmp_path / "absent.jsonl")


# --------------------------------------------------------------------------- shared gold sets


def _required_as_predictions(records: list[GoldRecord]) -> list[dict[str, Any]]:
    """One prediction per required gold event, built from its first acceptable values."""
    return [
        {"doc_id": r.doc_id, "source": (g.source or ("---",))[0], "target": (g.target or ("---",))[0],
         "source_text": g.source_text, "target_text": g.target_text, "code": (g.codes or ("",))[0],
         "plover": g.plover, "date": g.date, "sentence": f"{r.doc_id} {index}"}
        for r in records
        for index, g in enumerate(r.events)
        if not g.optional
    ]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "records", "exhaustive", "required", "optional"),
    [
        ("seed.jsonl", 1, 1, 26, 46),
        ("petr2_gsr.jsonl", 70, 70, 73, 0),
        ("plv_train.jsonl", 1044, 0, 1050, 0),
    ],
)
def test_shared_gold_files_load_and_score_their_own_events(
    name: str, records: int, exhaustive: int, required: int, optional: int
) -> None:
    path = SHARED_GOLD / name
    if not path.exists():
        pytest.skip(f"shared gold file {path} is absent")
    gold_records = load_gold(path)
    report = score(gold_records, _required_as_predictions(gold_records), name=name)
    assert (report.records, report.exhaustive_records) == (records, exhaustive)
    assert (report.required, report.optional) == (required, optional)
    assert report.recall == 1.0
    assert report.false_alarms == 0
    assert report.precision == (1.0 if exhaustive else None)
