"""Plurality: the candidates with the most first preferences win."""

from __future__ import annotations

from participation.counting.ballots import Ballots
from participation.counting.methods._common import column_tallies, fill_seats, score_tiers
from participation.counting.result import Decision, Outcome, Round
from participation.counting.tiebreak import TieBreaker

VERSION = "1"


def count_plurality(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    """Each ballot counts once, for its first choice; later choices are ignored."""
    width = ballots.rows.shape[1]
    votes = column_tallies(ballots, [1] + [0] * (width - 1) if width else []).tolist()
    winners, ranking = fill_seats(
        score_tiers(votes, ballots.candidates), seats, tiebreaker, round_number=1
    )
    reason = "most first preferences" if seats == 1 else f"one of the {seats} highest"
    elected = tuple(Decision(ballots.candidates[c], f"{reason} ({votes[c]})") for c in winners)
    round_one = Round(
        number=1,
        action="First preferences counted",
        counts={name: votes[i] for i, name in enumerate(ballots.candidates)},
        measure="votes",
        elected=elected,
    )
    return Outcome(winners=winners, rounds=[round_one], ranking=ranking)
