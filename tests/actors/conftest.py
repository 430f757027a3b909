"""Fixtures shared by the actor tests."""

import pytest

from dyads.actors.kb import KnowledgeBase


@pytest.fixture(scope="session")
def packaged() -> KnowledgeBase:
    """The knowledge base as packaged (loaded once for the whole run)."""
    return KnowledgeBase.load()
