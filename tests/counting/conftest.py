"""Shared helpers for the counting tests: no database, no Django."""

from __future__ import annotations

from pathlib import Path

import pytest

# Real ballots of real elections, copied in with their source note (data/elections/README.md).
ELECTIONS = Path(__file__).resolve().parent / "data" / "elections"


@pytest.fixture(scope="session")
def elections_dir() -> Path:
    assert ELECTIONS.is_dir(), f"the real election files are missing: {ELECTIONS}"
    return ELECTIONS
