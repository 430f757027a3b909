"""Shared measuring code of the accuracy gate (tests/test_accuracy.py) and scripts/update_baseline.py."""

from __future__ import annotations

import csv
from pathlib import Path

from dyads.api import evaluate_gold, get_pipeline
from dyads.evaluate import EvalReport, GoldEvent, GoldRecord, score
from dyads.readers import read_paths

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT.parent / "shared" / "gold"
EXAMPLES = ROOT / "examples"
EXAMPLE_EVENTS = ROOT / "tests" / "data" / "example_events.tsv"


def measure_gold(path: Path) -> EvalReport:
    return evaluate_gold(path)


def example_expectations() -> list[dict]:
    with EXAMPLE_EVENTS.open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def example_documents():
    """The example inputs, and a map from the names used in example_events.tsv to document ids."""
    documents = list(read_paths([EXAMPLES]))
    names = {}
    for document in documents:
        names[document.doc_id] = document.doc_id
        path = Path(document.origin.split(":")[0])
        if path.is_absolute() or path.exists():
            names[str(path.resolve().relative_to(EXAMPLES.resolve()))] = document.doc_id
    return documents, names


def example_report() -> tuple[EvalReport, list]:
    """Score the coder on the example corpus, each expected event as a required gold event."""
    documents, names = example_documents()
    by_doc: dict[str, list[GoldEvent]] = {}
    for row in example_expectations():
        event = GoldEvent(source=(row["source"],), target=(row["target"],), source_text=None, target_text=None,
                          codes=(row["code"],), plover=None, symmetric=False, optional=False, date=row["date"],
                          evidence=row["evidence"])
        by_doc.setdefault(names[row["doc_id"]], []).append(event)
    records = [GoldRecord(doc_id=d.doc_id, text=d.text, date=d.date, title=d.title, exhaustive=False,
                          set="examples", events=tuple(by_doc.get(d.doc_id, ()))) for d in documents]
    events = [e for coded in get_pipeline().code_documents(documents) for e in coded.events]
    return score(records, events, name="examples"), events


def measure_examples() -> tuple[int, int]:
    report, _ = example_report()
    return report.hits, report.required
