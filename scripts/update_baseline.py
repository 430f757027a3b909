"""Measure accuracy on the gold sets and the bundled examples, and write the floors that the tests enforce.

Run after a change that raises accuracy:  .venv/bin/python scripts/update_baseline.py
The floors are the measured figures rounded down to two decimals (counts kept exact), so that the gate
catches real drops and not rounding noise. Never lower a floor quietly: say why in the commit.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from accuracy import GOLD_DIR, measure_examples, measure_gold  # noqa: E402

BASELINE = ROOT / "tests" / "accuracy_baseline.json"


def floor(value: float | None) -> float | None:
    return None if value is None else math.floor(value * 100) / 100


def main() -> int:
    baseline: dict = {"note": "floors enforced by tests/test_accuracy.py; written by scripts/update_baseline.py"}
    for name in ("seed.jsonl", "petr2_gsr.jsonl", "plv_train.jsonl"):
        path = GOLD_DIR / name
        if not path.exists():
            print(f"{path} missing: keeping no floor for it", file=sys.stderr)
            continue
        report = measure_gold(path)
        baseline[name] = {"recall": floor(report.recall), "precision": floor(report.precision),
                          "dyad_found": report.dyad_found, "required": report.required,
                          "duplicate_predictions_max": report.duplicate_predictions}
        print(name, json.dumps(baseline[name]))
    hits, total = measure_examples()
    baseline["examples"] = {"hits": hits, "expected": total}
    print("examples", hits, "/", total)
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
