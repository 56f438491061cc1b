"""Fixtures of the engine tests: compiled rule sources (synthetic and the demo JSON)."""

from __future__ import annotations

import pytest

from .rulebook import demo_source, make_source


@pytest.fixture(scope="session")
def source():
    return make_source()


@pytest.fixture(scope="session")
def demo_rules():
    """The demo bureaus' rules from the JSON files (no database)."""
    return demo_source()
