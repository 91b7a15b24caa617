"""The Schulze method (beatpath), with winning votes as the strength of a defeat.

d[a, b] is the number of ballots that put a above b; a ballot puts every candidate
it ranks above every candidate it leaves out, and says nothing about two candidates
it leaves out. a beats b directly when d[a, b] > d[b, a], with strength d[a, b]
(winning votes). A path's strength is its weakest link; p[a, b] is the strength of
the strongest path from a to b. a is ranked above b when p[a, b] > p[b, a]. This
relation is transitive, so the full ranking is built by repeatedly taking the
candidates nobody left beats; a tier with several candidates is a genuine tie, and
is split by lot only where it decides a seat.
"""

from __future__ import annotations

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.methods._common import fill_seats
from participation.counting.result import Decision, Outcome, Round
from participation.counting.tiebreak import TieBreaker

VERSION = "1"


def pairwise_preferences(ballots: Ballots) -> np.ndarray:
    """d[a, b]: how many ballots rank a above b (unranked counts as below)."""
    n = len(ballots.candidates)
    rows, counts = ballots.rows, ballots.counts
    width = rows.shape[1]
    ranked = np.zeros(n, dtype=np.int64)
    above = np.zeros(n * n, dtype=np.int64)  # both ranked, first above second
    for j in range(width):
        present = rows[:, j] >= 0
        if not present.any():
            continue
        ranked += np.rint(
            np.bincount(rows[present, j], weights=counts[present], minlength=n)
        ).astype(np.int64)
        for i in range(j):
            pair = rows[present, i].astype(np.int64) * n + rows[present, j]
            above += np.rint(np.bincount(pair, weights=counts[present], minlength=n * n)).astype(
                np.int64
            )
    above = above.reshape(n, n)
    d = ranked[:, None] - above.T
    np.fill_diagonal(d, 0)
    return d


def strongest_paths(d: np.ndarray) -> np.ndarray:
    """Floyd-Warshall widest paths over the winning-votes links."""
    p = np.where(d > d.T, d, 0)
    for k in range(len(d)):
        p = np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]))
    np.fill_diagonal(p, 0)
    return p


def schulze_tiers(p: np.ndarray, names) -> list[list[int]]:
    beats = p > p.T
    remaining = sorted(range(len(p)), key=names.__getitem__)
    tiers: list[list[int]] = []
    while remaining:
        tier = [a for a in remaining if not any(beats[b, a] for b in remaining)]
        tiers.append(tier)
        remaining = [c for c in remaining if c not in tier]
    return tiers


def count_schulze(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    names = ballots.candidates
    d = pairwise_preferences(ballots)
    p = strongest_paths(d)
    tiers = schulze_tiers(p, names)
    winners, ranking = fill_seats(tiers, seats, tiebreaker, round_number=1)
    beaten = (p > p.T).sum(axis=1).tolist()
    reason = "beats every other candidate on strongest paths"
    elected = []
    for c in winners:
        if seats == 1 and len(tiers[0]) == 1:
            elected.append(Decision(names[c], reason))
        else:
            place = next(i for i, tier in enumerate(ranking) if c in tier) + 1
            elected.append(Decision(names[c], f"place {place} in the Schulze ranking"))
    round_one = Round(
        number=1,
        action="Pairwise preferences counted and strongest paths found",
        counts={name: beaten[i] for i, name in enumerate(names)},
        measure="candidates beaten",
        elected=tuple(elected),
        data={
            "pairwise": {
                a: {b: int(d[i, j]) for j, b in enumerate(names) if i != j}
                for i, a in enumerate(names)
            },
            "strongest_paths": {
                a: {b: int(p[i, j]) for j, b in enumerate(names) if i != j}
                for i, a in enumerate(names)
            },
        },
    )
    return Outcome(winners=winners, rounds=[round_one], ranking=ranking)
