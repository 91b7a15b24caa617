"""Where every ranked ballot sits during a count that transfers votes (IRV, STV).

Identical ballots always travel together and always carry the same value, so the
state is kept per distinct ballot row: which position of the ranking it has reached
and which candidate holds it (-1 once it is exhausted), and, once it is exhausted,
why (a code from ``rules.REASONS``).

Ballots a rule changed (``Ballots.marked``) are extra rows after the plain ones. A
row with several candidates at one rank (the over-vote rule ``exhaust-if-multiple``)
is moved on in Python, one row at a time: there are few, and the rule needs to know
who is still in the count when the ballot reaches that rank.
"""

from __future__ import annotations

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.errors import SetupError
from participation.counting.rules import BLANK, NO_PREFERENCE, OVERVOTE, REASON_CODE, REASONS

# Totals are summed through float64, exact for whole numbers below 2**53.
EXACT_LIMIT = 2**53


class Piles:
    def __init__(self, ballots: Ballots):
        self.n = len(ballots.candidates)
        self.rows, self.counts, self.ends, self.ties = _rows_with_marked(ballots)
        self.width = self.rows.shape[1]
        self.tied = np.zeros(len(self.rows), dtype=bool)
        self.tied[list(self.ties)] = True
        # Why each row stopped counting: 0 while it still counts.
        self.exit = np.zeros(len(self.rows), dtype=np.int8)
        # One contiguous array per preference: gathers from these are fast.
        # The smallest integer type that holds every candidate index (and -1).
        small = np.int8 if self.n < 127 else np.int16 if self.n < 32767 else np.int32
        self.columns = [
            np.ascontiguousarray(self.rows[:, j], dtype=small) for j in range(self.width)
        ]
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
        overvoted = np.zeros(0, dtype=np.int64)
        if self.ties:
            tied = np.fromiter(self.ties, dtype=np.int64, count=len(self.ties))
            holders, positions, stopped = self._advance_tied(tied, np.full(len(tied), -1))
            self.holder[tied], self.position[tied] = holders, positions
            overvoted = tied[stopped]
        blank = self.holder < 0
        self.exit[blank] = np.where(self.ends[blank] > 0, self.ends[blank], REASON_CODE[BLANK])
        # A first rank with several candidates still in the count is an over-vote.
        self.exit[overvoted] = REASON_CODE[OVERVOTE]
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
        overvoted = np.zeros(len(which), dtype=bool)
        if self.ties:
            tied = np.flatnonzero(self.tied[which])
            if tied.size:
                holders, positions, stopped = self._advance_tied(which[tied], current[tied])
                new_holder[tied], new_position[tied] = holders, positions
                overvoted[tied] = stopped
        self.position[which] = new_position
        self.holder[which] = new_holder
        gone = new_holder < 0
        if gone.any():
            ends = self.ends[which[gone]]
            self.exit[which[gone]] = np.where(ends > 0, ends, REASON_CODE[NO_PREFERENCE])
            self.exit[which[overvoted]] = REASON_CODE[OVERVOTE]
        self._file(which, new_holder)
        return new_holder

    def _advance_tied(self, which: np.ndarray, current: np.ndarray):
        """Move on rows that mark several candidates at one rank, in Python.

        At such a rank the ballot stops (an over-vote) if more than one of them is
        still in the count, counts for the one that is, or passes on if none is.
        Returns the new holders, positions and which rows stopped at an over-vote.
        """
        holders = np.full(len(which), -1, dtype=np.int64)
        positions = np.full(len(which), self.width, dtype=np.int64)
        stopped = np.zeros(len(which), dtype=bool)
        for k, row in enumerate(which.tolist()):
            spans = self.ties[row]
            cells = self.rows[row]
            j = int(current[k]) + 1
            while j < self.width and cells[j] >= 0:
                stop = spans.get(j)
                if stop is None:
                    if self.continuing[cells[j]]:
                        holders[k], positions[k] = int(cells[j]), j
                        break
                    j += 1
                    continue
                still = [int(c) for c in cells[j:stop] if self.continuing[c]]
                if len(still) > 1:
                    stopped[k] = True
                    break
                if still:
                    # Later moves start after the whole rank.
                    holders[k], positions[k] = still[0], stop - 1
                    break
                j = stop
        return holders, positions, stopped

    def exits(self, which: np.ndarray, weights: np.ndarray) -> dict[str, int]:
        """Total ``weights`` of the rows in ``which`` that stopped counting, by reason."""
        gone = self.exit[which] > 0
        totals = np.bincount(
            self.exit[which][gone], weights=weights[gone], minlength=len(REASONS) + 1
        )
        return {reason: int(np.rint(totals[code])) for reason, code in REASON_CODE.items()}

    def inactive_at_start(self, values: np.ndarray | int = 1) -> dict[str, int]:
        """The ballots that count for nobody from the first round, by reason."""
        which = np.flatnonzero(self.holder < 0)
        weights = self.counts[which] * (values if np.isscalar(values) else values[which])
        return self.exits(which, weights)

    def tally(self, values: np.ndarray | int = 1) -> np.ndarray:
        """Total value held by each candidate: sum of count * value per row."""
        held = self.holder >= 0
        weights = self.counts[held] * (values if np.isscalar(values) else values[held])
        return exact_bincount(self.holder[held], weights, self.n)


def _rows_with_marked(ballots: Ballots):
    """Rows, counts, end-reason codes and tie spans, with marked ballots appended.

    ``ties`` maps a row to {start: stop} for each rank holding several candidates
    (cells ``start`` to ``stop - 1`` of the row).
    """
    rows, counts = ballots.rows, ballots.counts
    ends = np.zeros(len(rows), dtype=np.int8)
    if not ballots.marked:
        return rows, counts, ends, {}
    marked = ballots.marked
    width = max([rows.shape[1]] + [len(m.choices) for m in marked])
    extra = np.full((len(marked), width), -1, dtype=np.int32)
    ties: dict[int, dict[int, int]] = {}
    for i, m in enumerate(marked):
        extra[i, : len(m.choices)] = m.choices
        spans, j = {}, 0
        for group in m.groups:
            if len(group) > 1:
                spans[j] = j + len(group)
            j += len(group)
        if spans:
            ties[len(rows) + i] = spans
    padded = np.full((len(rows), width), -1, dtype=np.int32)
    padded[:, : rows.shape[1]] = rows
    all_rows = np.vstack([padded, extra])
    all_counts = np.concatenate([counts, np.array([m.count for m in marked], dtype=np.int64)])
    all_ends = np.concatenate(
        [ends, np.array([REASON_CODE[m.end] if m.end else 0 for m in marked], dtype=np.int8)]
    )
    return all_rows, all_counts, all_ends, ties


def exhausted_of(inactive: dict[str, int]) -> int:
    """Everything counting for nobody except the blank ballots."""
    return sum(value for reason, value in inactive.items() if reason != BLANK)


def exact_bincount(index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    if index.size == 0:
        return np.zeros(n, dtype=np.int64)
    total = int(np.asarray(weights, dtype=np.int64).sum())
    if total >= EXACT_LIMIT:
        raise SetupError("the ballot set is too large to count exactly")
    summed = np.bincount(index, weights=weights, minlength=n)
    return np.rint(summed).astype(np.int64)
