"""Fixtures shared by the test modules.

The spaCy pipeline takes seconds to load, so the end-to-end tests share one
(``pipeline``); CLI tests call ``dyads.cli.main`` in-process so that they reuse it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import duckdb
import pytest

#: Every table of a dyads store, for before/after comparisons.
STORE_TABLES = ("meta", "documents", "events", "runs", "fingerprints")


@pytest.fixture(scope="session")
def pipeline():
    """The default pipeline, built once per test session (what the CLI and API build on)."""
    from dyads.api import get_pipeline

    return get_pipeline()


def _table_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every store table, in an order that does not depend on how they were written."""
    with duckdb.connect(str(db), read_only=True) as connection:
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                for table in STORE_TABLES}


@pytest.fixture(scope="session")
def table_rows() -> Callable[[Path], dict[str, list[tuple]]]:
    """A function giving the rows of each table of the store at a path (opened read-only)."""
    return _table_rows


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give the CLI's rich console room, so assertions on printed lines do not meet line wrapping."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No DYADS_* variables from the developer's shell, and a working directory without dyads.toml."""
    for name in list(os.environ):
        if name.startswith("DYADS_"):
            monkeypatch.delenv(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return workdir
