"""Related items by topic, from every app: each app above evidence registers what it
has on a set of topics (evidence imports none of them; they call `register`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Related:
    kind: str  # "evidence", "nomination", "campaign vote", "page"
    title: str
    url: str
    when: object  # for ordering, newest first


# provider(topic_ids, limit) -> Related items everyone may see.
Provider = Callable[[set[int], int], Iterable[Related]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def from_providers(topic_ids: set[int], limit: int) -> list[Related]:
    found: list[Related] = []
    for provider in _providers:
        found.extend(provider(topic_ids, limit))
    return found
