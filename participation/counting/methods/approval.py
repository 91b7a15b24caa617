"""Approval voting: the candidates approved by the most voters win."""

from __future__ import annotations

from participation.counting.ballots import Ballots
from participation.counting.methods._common import column_tallies, fill_seats, score_tiers
from participation.counting.result import Decision, Outcome, Round
from participation.counting.tiebreak import TieBreaker

VERSION = "1"


def count_approval(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    """Each ballot gives one vote to every candidate it approves."""
    approvals = column_tallies(ballots).tolist()
    winners, ranking = fill_seats(
        score_tiers(approvals, ballots.candidates), seats, tiebreaker, round_number=1
    )
    reason = "most approvals" if seats == 1 else f"one of the {seats} most approved"
    round_one = Round(
        number=1,
        action="Approvals counted",
        counts={name: approvals[i] for i, name in enumerate(ballots.candidates)},
        measure="approvals",
        elected=tuple(
            Decision(ballots.candidates[c], f"{reason} ({approvals[c]})") for c in winners
        ),
    )
    return Outcome(winners=winners, rounds=[round_one], ranking=ranking)
