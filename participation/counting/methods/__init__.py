"""The registry of counting methods."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

from participation.counting.ballots import APPROVAL, RANKED
from participation.counting.methods import (
    approval,
    borda,
    equal_shares,
    irv,
    plurality,
    schulze,
    stv,
)


@dataclass(frozen=True)
class MethodSpec:
    """What the app needs to offer a method: its name, ballot kind and seats."""

    name: str
    display_name: str
    ballot_kind: str
    multiple_seats: bool
    version: str
    summary: str
    function: Callable = field(repr=False, compare=False)


METHODS = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            MethodSpec(
                "plurality",
                "Plurality (first choices)",
                RANKED,
                True,
                plurality.VERSION,
                "The most first choices win.",
                plurality.count_plurality,
            ),
            MethodSpec(
                "approval",
                "Approval voting",
                APPROVAL,
                True,
                approval.VERSION,
                "The most approved candidates win.",
                approval.count_approval,
            ),
            MethodSpec(
                "irv",
                "Instant-runoff voting",
                RANKED,
                False,
                irv.VERSION,
                "Eliminate the last and transfer, until someone has a majority.",
                irv.count_irv,
            ),
            MethodSpec(
                "stv",
                "Single transferable vote (Scottish rules)",
                RANKED,
                True,
                stv.VERSION,
                "Proportional: elect on a quota, transfer surpluses and eliminated votes.",
                stv.count_stv,
            ),
            MethodSpec(
                "schulze",
                "Schulze method",
                RANKED,
                True,
                schulze.VERSION,
                "The candidate who beats every other on strongest paths wins.",
                schulze.count_schulze,
            ),
            MethodSpec(
                "borda",
                "Borda count",
                RANKED,
                True,
                borda.VERSION,
                "Points for each place on the ballot; the most points win.",
                borda.count_borda,
            ),
            MethodSpec(
                "mes",
                "Method of Equal Shares",
                APPROVAL,
                True,
                equal_shares.VERSION,
                "Proportional approval: each group of voters buys its share of the seats.",
                equal_shares.count_equal_shares,
            ),
        )
    }
)
