"""Settings shared by the property-based tests (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings


def many(examples: int):
    """Hypothesis settings for ``examples`` examples, the same on every run: no
    deadline, no example database, derandomized, and no complaint that generating
    the (large) examples is slow."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
