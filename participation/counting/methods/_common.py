"""Helpers shared by the counting methods."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.tiebreak import HIGHEST, TieBreaker


def column_tallies(ballots: Ballots, weights_by_column: Sequence[int] | None = None) -> np.ndarray:
    """Sum of ballot counts per candidate over every column (optionally weighted).

    Exact: NumPy sums the weights in float64, which is exact for whole numbers
    below 2**53 (about nine thousand million million); the count refuses
    anything bigger.
    """
    n = len(ballots.candidates)
    totals = np.zeros(n + 1, dtype=np.int64)
    rows, counts = ballots.rows, ballots.counts
    for j in range(rows.shape[1]):
        factor = 1 if weights_by_column is None else int(weights_by_column[j])
        if factor == 0:
            continue
        # Shift by one so padding (-1) lands in bin 0, which is dropped.
        summed = np.bincount(rows[:, j] + 1, weights=counts, minlength=n + 1)
        totals += np.rint(summed).astype(np.int64) * factor
    return totals[1:]


def score_tiers(scores: Sequence[int], names: Sequence[str]) -> list[list[int]]:
    """Candidates grouped by equal score, best first; by id within a tier, so the
    order never depends on the order the candidates were listed in."""
    values = list(scores)
    ordered = sorted(range(len(values)), key=lambda c: (-values[c], names[c]))
    tiers: list[list[int]] = []
    for c in ordered:
        if tiers and values[tiers[-1][0]] == values[c]:
            tiers[-1].append(c)
        else:
            tiers.append([c])
    return tiers


def fill_seats(
    tiers: list[list[int]],
    seats: int,
    tiebreaker: TieBreaker,
    *,
    round_number: int,
    purpose: str = "fill the last seat",
    show=str,
) -> tuple[list[int], list[list[int]]]:
    """Take tiers best first until the seats are full; a tier that straddles the
    last seat is split by lot. Returns (winners, ranking tiers after the split)."""
    winners: list[int] = []
    ranking: list[list[int]] = []
    for tier in tiers:
        needed = seats - len(winners)
        if 0 < needed < len(tier):
            drawn = tiebreaker.choose(
                tier,
                round_number=round_number,
                purpose=purpose,
                prefer=HIGHEST,
                count=needed,
                show=show,
            )
            winners.extend(drawn)
            ranking.extend([c] for c in drawn)
            ranking.append([c for c in tier if c not in drawn])
        else:
            if needed > 0:
                winners.extend(tier)
            ranking.append(list(tier))
    return winners, ranking


def names(ballots: Ballots, values: Sequence) -> dict[str, object]:
    return {name: values[i] for i, name in enumerate(ballots.candidates)}
