"""Borda count, for comparison.

With n candidates a ballot gives n-1 points to its first choice, n-2 to its second,
and so on: each ranked candidate gets one point for every candidate ranked below it
*or left unranked*. Candidates a ballot leaves out get no points from it.
"""

from __future__ import annotations

from participation.counting.ballots import Ballots
from participation.counting.methods._common import column_tallies, fill_seats, score_tiers
from participation.counting.result import Decision, Outcome, Round
from participation.counting.tiebreak import TieBreaker

VERSION = "1"


def count_borda(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    n = len(ballots.candidates)
    width = ballots.rows.shape[1]
    points = column_tallies(ballots, [n - 1 - j for j in range(width)]).tolist()
    winners, ranking = fill_seats(
        score_tiers(points, ballots.candidates), seats, tiebreaker, round_number=1
    )
    reason = "most points" if seats == 1 else f"one of the {seats} highest scores"
    round_one = Round(
        number=1,
        action=f"Borda points counted ({n - 1} for a first choice, down to 0)",
        counts={name: points[i] for i, name in enumerate(ballots.candidates)},
        measure="points",
        elected=tuple(Decision(ballots.candidates[c], f"{reason} ({points[c]})") for c in winners),
    )
    return Outcome(winners=winners, rounds=[round_one], ranking=ranking)
