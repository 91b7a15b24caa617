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

# The named fields an explanation may use, filled in by MethodSpec.explain.
EXPLANATION_FIELDS = ("places", "top", "win", "ticks")


@dataclass(frozen=True)
class MethodSpec:
    """What the app needs to offer a method: its name, ballot kind and seats, and how
    it works in one plain sentence (``explanation``, filled in by ``explain``)."""

    name: str
    display_name: str
    ballot_kind: str
    multiple_seats: bool
    version: str
    summary: str
    function: Callable = field(repr=False, compare=False)
    # A template with the named fields of EXPLANATION_FIELDS: {places} "3 places",
    # {top} "one" or "3", {win} "wins", "win", "goes through" or "go through" (as
    # many as {top}), {ticks} "up to 3" or "any of the". In the present tense, so the
    # same sentence reads right on the ballot before the vote and on the results after.
    explanation: str = ""
    # Whether the method moves votes as candidates drop out, and so can apply the
    # over-vote rule "exhaust-if-multiple" and say why each ballot stops counting. For
    # the others every candidate stays in the count throughout, so an over-vote stops
    # the ballot there (``Ballots.strict``).
    eliminates: bool = False

    def explain(
        self, *, seats: int = 1, is_last: bool = True, max_choices: int | None = None
    ) -> str:
        """How this method finds the winners of a round, in one plain sentence.

        ``seats`` is the number of places filled, ``is_last`` whether they win (the last
        round) or go through to another round, ``max_choices`` the most a voter may
        tick or rank (None for no limit).
        """
        if not self.explanation:
            return f"Counted with the {self.display_name} method."
        return self.explanation.format(
            places=f"{seats:,} {'place' if seats == 1 else 'places'}",
            top="one" if seats == 1 else f"{seats:,}",
            win={
                (True, True): "wins",
                (True, False): "win",
                (False, True): "goes through",
                (False, False): "go through",
            }[(is_last, seats == 1)],
            ticks=f"up to {max_choices}" if max_choices else "any of the",
        )


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
                explanation=(
                    "First choices: each ballot counts once, for the voter's first choice, and"
                    " the {top} with the most first choices {win}."
                ),
            ),
            MethodSpec(
                "approval",
                "Approval voting",
                APPROVAL,
                True,
                approval.VERSION,
                "The most approved candidates win.",
                approval.count_approval,
                explanation=(
                    "Approval voting: each voter ticks (approves) {ticks} nominations they"
                    " support, and the {top} with the most approvals {win}."
                ),
            ),
            MethodSpec(
                "irv",
                "Instant-runoff voting",
                RANKED,
                False,
                irv.VERSION,
                "Eliminate the last and transfer, until someone has a majority.",
                irv.count_irv,
                eliminates=True,
                explanation=(
                    "Instant runoff: voters put the nominations in order; while no nomination"
                    " has more than half of the votes, the one with the fewest is out and each"
                    " of its votes goes to that voter's next choice, until one has more than"
                    " half and {win}."
                ),
            ),
            MethodSpec(
                "stv",
                "Single transferable vote (Scottish rules)",
                RANKED,
                True,
                stv.VERSION,
                "Proportional: elect on a quota, transfer surpluses and eliminated votes.",
                stv.count_stv,
                eliminates=True,
                explanation=(
                    "Single transferable vote, for {places}: voters put the nominations in"
                    " order; a nomination whose votes reach the quota takes a place and the"
                    " votes it doesn't need go on to voters' next choices; when no one reaches"
                    " the quota, the one with the fewest votes is out and its votes go on too,"
                    " until every place is filled."
                ),
            ),
            MethodSpec(
                "schulze",
                "Schulze method",
                RANKED,
                True,
                schulze.VERSION,
                "The candidate who beats every other on strongest paths wins.",
                schulze.count_schulze,
                explanation=(
                    "Schulze method: every pair of nominations is compared by how many voters"
                    " put one above the other, a nomination that beats every other, directly or"
                    " through a chain of wins, comes top, and the top {top} {win}."
                ),
            ),
            MethodSpec(
                "borda",
                "Borda count",
                RANKED,
                True,
                borda.VERSION,
                "Points for each place on the ballot; the most points win.",
                borda.count_borda,
                explanation=(
                    "Borda count: each place on a ballot is worth points (the higher the place,"
                    " the more points), and the {top} with the most points {win}."
                ),
            ),
            MethodSpec(
                "mes",
                "Method of Equal Shares",
                APPROVAL,
                True,
                equal_shares.VERSION,
                "Proportional approval: each group of voters buys its share of the seats.",
                equal_shares.count_equal_shares,
                explanation=(
                    "Method of Equal Shares: every voter gets an equal share of a budget, and"
                    " the places go one at a time to the nomination whose supporters can pay"
                    " for it with the least each, so each group of voters gets a share of the"
                    " places in line with its size."
                ),
            ),
        )
    }
)
