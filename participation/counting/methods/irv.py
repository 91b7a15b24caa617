"""Instant-runoff voting (IRV, the alternative vote), one winner.

Each ballot counts for its highest-ranked candidate still in the count. A candidate
with more than half of the ballots still counting (not exhausted) wins. Otherwise
the candidate with the fewest votes is eliminated and their ballots move to the next
candidate each ranks who is still in the count; a ballot with nobody left is
exhausted. Candidates are eliminated one at a time.

A tie for last place is broken by the earlier rounds (the candidate with fewer votes
at the most recent round where the tied candidates differed is eliminated), then by
the seeded lot. This is one of two common rules; the other eliminates all candidates
tied for last together. They can elect different winners (see docs/counting.md).
"""

from __future__ import annotations

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.methods._piles import Piles, exact_bincount, exhausted_of
from participation.counting.result import Decision, Outcome, Round
from participation.counting.tiebreak import LOWEST, TieBreaker

VERSION = "1"


def count_irv(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    names = ballots.candidates
    n = len(names)
    piles = Piles(ballots)
    votes = piles.tally()
    inactive = piles.inactive_at_start()
    history = [votes.copy()]
    rounds: list[Round] = []
    transfers: dict[str, int] = {}
    action = "First preferences counted"
    eliminated: tuple[Decision, ...] = ()
    while True:
        number = len(history)
        continuing = np.flatnonzero(piles.continuing[:n])
        active = int(votes[continuing].sum())
        leader = int(continuing[np.argmax(votes[continuing])])
        winner = None
        if 2 * int(votes[leader]) > active:
            winner = leader
            reason = f"more than half of the {active} votes still counting ({votes[leader]})"
        elif len(continuing) == 1:
            winner = leader
            reason = "the only candidate left"
        round_record = Round(
            number=number,
            action=action,
            counts={name: int(votes[i]) for i, name in enumerate(names)},
            transfers=transfers,
            exhausted=exhausted_of(inactive),
            inactive=dict(inactive),
            eliminated=eliminated,
            elected=(Decision(names[winner], reason),) if winner is not None else (),
        )
        rounds.append(round_record)
        if winner is not None:
            return Outcome(winners=[winner], rounds=rounds)

        fewest = int(votes[continuing].min())
        tied = [int(c) for c in continuing if votes[c] == fewest]
        if len(tied) > 1:
            loser = tiebreaker.choose_one(
                tied,
                round_number=number + 1,
                purpose="eliminate",
                history=history,
                prefer=LOWEST,
            )
            why = f"tied for fewest votes ({fewest}) in round {number}; tie broken, see tie-breaks"
        else:
            loser = tied[0]
            why = f"fewest votes ({fewest}) in round {number}"
        piles.continuing[loser] = False
        moving = piles.take(loser)
        new_holders = piles.advance(moving)
        moved = piles.counts[moving]
        arriving = new_holders >= 0
        gained = exact_bincount(new_holders[arriving], moved[arriving], n)
        lost = int(votes[loser])
        votes = votes + gained
        votes[loser] = 0
        gone = piles.exits(moving[~arriving], moved[~arriving])
        inactive = {reason: inactive[reason] + gone[reason] for reason in inactive}
        transfers = {names[i]: int(gained[i]) for i in range(n) if gained[i]}
        transfers[names[loser]] = -lost
        action = f"{names[loser]} eliminated; their ballots transferred"
        eliminated = (Decision(names[loser], why),)
        history.append(votes.copy())
