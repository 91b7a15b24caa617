"""Shared helpers for the counting tests: no database, no Django."""

from __future__ import annotations

from pathlib import Path

import pytest

ELECTIONS = Path(__file__).resolve().parents[3] / "shared" / "data" / "elections"


@pytest.fixture(scope="session")
def elections_dir() -> Path:
    if not ELECTIONS.is_dir():
        pytest.skip(f"the real election files are not here: {ELECTIONS}")
    return ELECTIONS
