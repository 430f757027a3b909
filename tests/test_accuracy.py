"""The accuracy gate: coding the gold sets and the bundled examples must not fall below the committed floors.

Floors live in tests/accuracy_baseline.json (written by scripts/update_baseline.py). Gold sets are read from
../shared/gold when present; the examples are the project's own and always checked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from accuracy import GOLD_DIR, example_report, measure_gold

pytestmark = pytest.mark.slow

BASELINE = json.loads((Path(__file__).parent / "accuracy_baseline.json").read_text(encoding="utf-8"))
GOLD_SETS = ("seed.jsonl", "petr2_gsr.jsonl", "plv_train.jsonl")


def _gold(name: str) -> Path:
    path = GOLD_DIR / name
    if not path.exists():
        pytest.skip(f"{path} not present (reference data lives in ../shared)")
    return path


@pytest.fixture(scope="module")
def reports() -> dict:
    return {}


def _report(reports: dict, name: str):
    if name not in reports:
        reports[name] = measure_gold(_gold(name))
    return reports[name]


@pytest.mark.shared
@pytest.mark.parametrize("name", GOLD_SETS)
def test_gold_accuracy_does_not_drop(reports, name):
    floor = BASELINE[name]
    report = _report(reports, name)
    assert report.required == floor["required"]
    assert report.recall >= floor["recall"], f"{name}: recall {report.recall:.3f} < floor {floor['recall']}"
    if floor["precision"] is not None:
        assert report.precision >= floor["precision"], \
            f"{name}: precision {report.precision:.3f} < floor {floor['precision']}"
    assert report.dyad_found >= floor["dyad_found"]
    assert report.duplicate_predictions <= floor["duplicate_predictions_max"]


@pytest.mark.shared
def test_seed_thread_meets_the_foundation_targets(reports):
    """Issue 2: recall and precision of at least 0.70 and no duplicate from the thread's second copy."""
    report = _report(reports, "seed.jsonl")
    assert report.recall >= 0.70 and report.precision >= 0.70
    assert report.duplicate_predictions == 0


@pytest.fixture(scope="module")
def seed_events():
    from dyads.api import get_pipeline
    from dyads.evaluate import gold_documents, load_gold

    documents = gold_documents(load_gold(_gold("seed.jsonl")))
    return [event for coded in get_pipeline().code_documents(documents) for event in coded.events]


def _find(events, source, code, target):
    return [e for e in events if e.source == source and e.code == code and e.target == target]


@pytest.mark.shared
def test_seed_lavrov_arrives_in_islamabad_on_october_3(seed_events):
    found = _find(seed_events, "RUSGOV", "042", "PAK")
    assert any(e.date == dt.date(2012, 10, 3) and e.date_precision == "day"
               and "arrived in Islamabad" in e.sentence for e in found)


@pytest.mark.shared
def test_seed_kayani_visits_moscow(seed_events):
    assert _find(seed_events, "PAKMIL", "042", "RUS")


@pytest.mark.shared
def test_seed_both_countries_signed_agreements_in_both_directions(seed_events):
    assert _find(seed_events, "RUS", "057", "PAK") and _find(seed_events, "PAK", "057", "RUS")


@pytest.mark.shared
def test_seed_russia_backs_pakistan_and_criticises_the_cia_strikes(seed_events):
    assert _find(seed_events, "RUSGOV", "051", "PAK")
    assert any(e.source == "RUSGOV" and e.root_code == "11" and e.target_country == "USA" for e in seed_events)


@pytest.mark.shared
def test_seed_pakistan_rejects_american_pressure(seed_events):
    assert any(e.source == "PAK" and e.root_code == "12" and e.target == "USA" for e in seed_events)


@pytest.mark.shared
def test_seed_repeated_copy_adds_no_event(seed_events):
    keys = [(e.source, e.code, e.target, e.sentence) for e in seed_events]
    assert len(keys) == len(set(keys))
    assert all(e.mentions >= 1 for e in seed_events)


def test_examples_accuracy_does_not_drop():
    report, _ = example_report()
    floor = BASELINE["examples"]
    assert report.required == floor["expected"]
    assert report.hits >= floor["hits"], f"examples: {report.hits} hits < floor {floor['hits']}"


@pytest.mark.parametrize("doc_id, source, code, target, date", [
    ("texts/lavrov-islamabad.txt", "RUSGOV", "042", "PAK", "2012-10-03"),
    ("ex-2015-xi-pakistan-cpec", "CHNGOV", "042", "PAK", "2015-04-20"),
    ("ex-2015-xi-pakistan-cpec", "CHNGOV", "040", "PAKGOV", "2015-04-20"),
    ("ex-2014-crimea-sanctions", "USAGOV", "163", "RUSGOV", "2014-03-17"),
    ("ex-2017-qatar-rift", "SAUGOV", "161", "QATGOV", "2017-06-05"),
    ("ex-2017-qatar-rift", "BHRGOV", "161", "QATGOV", "2017-06-05"),
    ("ex-2013-syria-chemical-framework", "USAGOV", "040", "RUSGOV", "2013-09-12"),
    ("pages/russia-invades-ukraine.html", "UKRGOV", "161", "RUSGOV", "2022-02-24"),
    ("texts/forum-kayani-moscow.txt", "PAKMIL", "042", "RUS", "2012-10-03"),
])
def test_example_key_events_are_coded_with_their_dates(example_events, doc_id, source, code, target, date):
    """Compared like the gold rules (actor country, CAMEO root), plus the exact date."""
    events, names = example_events
    found = [e for e in events if e.doc_id == names[doc_id] and e.source[:3] == source[:3]
             and e.root_code == code[:2] and e.target[:3] == target[:3]]
    assert found, f"{source} {code} {target} not coded in {doc_id}"
    assert any(e.date == dt.date.fromisoformat(date) for e in found), [str(e.date) for e in found]


@pytest.mark.parametrize("doc_id, source, code, target", [
    ("texts/lavrov-islamabad.txt", "RUSGOV", "042", "PAK"),
    ("ex-2015-xi-pakistan-cpec", "CHNGOV", "042", "PAK"),
    ("ex-2014-crimea-sanctions", "RUSGOV", "163", "USAGOV"),
    ("texts/forum-kayani-moscow.txt", "PAKMIL", "042", "RUS"),
    ("pages/russia-invades-ukraine.html", "USAGOV", "111", "RUSGOV"),
])
def test_example_actors_get_their_sector_codes(example_events, doc_id, source, code, target):
    events, names = example_events
    assert any(e.doc_id == names[doc_id] and (e.source, e.code, e.target) == (source, code, target)
               for e in events)


@pytest.fixture(scope="module")
def example_events():
    from accuracy import example_documents

    _, names = example_documents()
    _, events = example_report()
    return events, names
