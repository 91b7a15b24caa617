"""Where every ranked ballot sits during a count that transfers votes (IRV, STV).

Identical ballots always travel together and always carry the same value, so the
state is kept per distinct ballot row: which position of the ranking it has reached
and which candidate holds it (-1 once it is exhausted).
"""

from __future__ import annotations

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.errors import SetupError

# Totals are summed through float64, exact for whole numbers below 2**53.
EXACT_LIMIT = 2**53


class Piles:
    def __init__(self, ballots: Ballots):
        self.n = len(ballots.candidates)
        self.rows = ballots.rows
        self.counts = ballots.counts
        self.width = self.rows.shape[1]
        # One contiguous array per preference: gathers from these are fast.
        self.columns = [np.ascontiguousarray(self.rows[:, j]) for j in range(self.width)]
        # continuing[-1] (the padding index) is always False.
        self.continuing = np.zeros(self.n + 1, dtype=bool)
        self.continuing[: self.n] = True
        self.position = np.zeros(len(self.rows), dtype=np.int64)
        if self.width:
            self.holder = self.rows[:, 0].astype(np.int64)
        else:
            self.holder = np.full(len(self.rows), -1, dtype=np.int64)
        # Each candidate's rows, as the parcels in which they arrived, so that
        # finding a candidate's ballots never means scanning them all.
        self.parcels: list[list[np.ndarray]] = [[] for _ in range(self.n)]
        self._file(np.arange(len(self.rows)), self.holder)

    def take(self, candidate: int) -> np.ndarray:
        """The rows the candidate holds, all of which are about to move on."""
        parcels, self.parcels[candidate] = self.parcels[candidate], []
        if not parcels:
            return np.zeros(0, dtype=np.int64)
        return parcels[0] if len(parcels) == 1 else np.concatenate(parcels)

    def _file(self, which: np.ndarray, holders: np.ndarray) -> None:
        arriving = holders >= 0
        which, holders = which[arriving], holders[arriving]
        if which.size == 0:
            return
        small = holders.astype(np.int16 if self.n < 32767 else np.int32)
        order = np.argsort(small, kind="stable")  # a radix sort for 16-bit keys
        bounds = np.searchsorted(small[order], np.arange(self.n + 1))
        which = which[order]
        for candidate in np.flatnonzero(np.diff(bounds)).tolist():
            self.parcels[candidate].append(which[bounds[candidate] : bounds[candidate + 1]])

    def advance(self, which: np.ndarray) -> np.ndarray:
        """Move the given rows to their next continuing preference; return holders."""
        new_holder = np.full(len(which), -1, dtype=np.int64)
        if which.size == 0:
            return new_holder
        current = self.position[which]
        new_position = np.full(len(which), self.width, dtype=np.int64)
        waiting = np.ones(len(which), dtype=bool)
        for j in range(int(current.min()) + 1, self.width):
            candidates = self.columns[j][which]
            found = waiting & (current < j) & self.continuing[candidates]
            new_holder[found] = candidates[found]
            new_position[found] = j
            waiting &= ~found
            if not waiting.any():
                break
        self.position[which] = new_position
        self.holder[which] = new_holder
        self._file(which, new_holder)
        return new_holder

    def tally(self, values: np.ndarray | int = 1) -> np.ndarray:
        """Total value held by each candidate: sum of count * value per row."""
        held = self.holder >= 0
        weights = self.counts[held] * (values if np.isscalar(values) else values[held])
        return exact_bincount(self.holder[held], weights, self.n)


def exact_bincount(index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    if index.size == 0:
        return np.zeros(n, dtype=np.int64)
    total = int(np.asarray(weights, dtype=np.int64).sum())
    if total >= EXACT_LIMIT:
        raise SetupError("the ballot set is too large to count exactly")
    summed = np.bincount(index, weights=weights, minlength=n)
    return np.rint(summed).astype(np.int64)
