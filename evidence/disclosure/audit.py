"""The attacker's audit: can each hidden cell of a table still have two values?

Part of `evidence.disclosure`; `disclose_table` (in `tables`) runs it.
"""

from __future__ import annotations

from evidence.disclosure.figures import (
    ROUND_TO,
    SECONDARY,
    SHOWN,
    SMALL,
    THRESHOLD,
    Figure,
    Reason,
    _figure,
)

# Upper limit of the search for another table that fits what was published (see
# _Audit). When it runs out the cell counts as unprotected and more is hidden:
# running out can only make a table more cautious, never leak.
SEARCH_BUDGET = 20_000


class _Exhausted(Exception):
    pass


class _Audit:
    """What someone holding everything published can work out about each cell.

    Each cell is an unknown whole number in the interval its figure allows; each total
    bounds the sum of its cells. A hidden cell is protected when some other table,
    differing from the real one in that cell, fits all of it. The real table always
    fits, so looking for a fitting table with the cell one higher or one lower is
    enough (for tables of rows and columns the possible values of a cell run without
    gaps; where they might not, missing one only hides more). The real values guide
    the search, which is the only use of them beyond the published figures.
    """

    def __init__(
        self,
        values: list[int],
        reasons: list[Reason],
        published: list[tuple[int, ...]],
        totals: list[Figure],
        exact: list[tuple[int, ...]],
    ) -> None:
        # Far above anything a real cell could be: treating "at least 10" as "10 to
        # this" only makes the audit more cautious.
        self.ceiling = sum(values) + THRESHOLD + ROUND_TO
        self.values = values
        self.reasons = reasons
        self.low: list[int] = []
        self.high: list[int] = []
        for value, reason in zip(values, reasons, strict=True):
            low, high = self._interval(_figure(value, reason))
            self.low.append(low)
            self.high.append(high)
        self.groups: list[tuple[tuple[int, ...], int, int]] = []
        for members, total in zip(published, totals, strict=True):
            low, high = self._interval(total)
            self.groups.append((members, low, min(high, self.ceiling * max(len(members), 1))))
        self.published_count = len(self.groups)
        for members in exact:
            count = sum(values[i] for i in members)
            self.groups.append((members, count, count))

    def _interval(self, figure: Figure) -> tuple[int, int]:
        if figure.shown:
            value = figure.value or 0
            return max(value - ROUND_TO // 2, THRESHOLD), value + (ROUND_TO - 1) // 2
        if figure.reason == SMALL:
            return 0, THRESHOLD - 1
        if figure.reason == SECONDARY:
            return THRESHOLD, self.ceiling
        return 0, self.ceiling

    def first_exposed(self, protected: set[int]) -> int | None:
        """The first hidden cell whose value everything published pins down, if any.

        Cells found protected are added to `protected`, and those already in it skipped.
        """
        for cell, reason in enumerate(self.reasons):
            if reason == SHOWN or cell in protected:
                continue
            if not self.is_protected(cell):
                return cell
            protected.add(cell)
        return None

    def is_protected(self, cell: int) -> bool:
        if self._another_value(cell, self.low, self.high, self.groups):
            return True
        # A cell that the totals public anyway pin on their own (every cell in an exact
        # total of 0, say) was known before anything was published: hiding more can't
        # help it. Only a proof counts; running out of search is no proof.
        exact = self.groups[self.published_count :]
        if not exact:
            return False
        size = len(self.values)
        return self._another_value(cell, [0] * size, [self.ceiling] * size, exact) is False

    def _another_value(
        self,
        cell: int,
        low: list[int],
        high: list[int],
        groups: list[tuple[tuple[int, ...], int, int]],
    ) -> bool | None:
        """Whether a table fitting `groups` has another value in `cell`; None if the search ran out."""
        actual = self.values[cell]
        ran_out = False
        for other in (actual + 1, actual - 1):
            if not low[cell] <= other <= high[cell]:
                continue
            trial_low, trial_high = list(low), list(high)
            trial_low[cell] = trial_high[cell] = other
            try:
                if self._search(trial_low, trial_high, groups, [SEARCH_BUDGET]):
                    return True
            except _Exhausted:
                ran_out = True
        return None if ran_out else False

    def _search(
        self,
        low: list[int],
        high: list[int],
        groups: list[tuple[tuple[int, ...], int, int]],
        budget: list[int],
    ) -> bool:
        """Is there a table within `low`/`high` meeting every group's bounds?

        Tries the real values moved into the intervals; if a group's sum is then too
        high, some cell of it must be lower in any table that fits, so it branches on
        which one (the first cell lower; else the second, the first not; ...) and
        likewise for too low. The branches cover every fitting table, so a False is a
        proof; the real values make the first branch right nearly every time.
        """
        budget[0] -= 1
        if budget[0] < 0:
            raise _Exhausted
        if not _propagate(low, high, groups):
            return False
        nearest = [min(max(value, low[i]), high[i]) for i, value in enumerate(self.values)]
        for members, bottom, top in groups:
            total = sum(nearest[i] for i in members)
            if bottom <= total <= top:
                continue
            lower = total > top
            low, high = list(low), list(high)
            for i in members:
                trial_low, trial_high = list(low), list(high)
                if lower and low[i] < nearest[i]:
                    trial_high[i] = nearest[i] - 1
                    low[i] = nearest[i]  # the branches after this one: not lower here
                elif not lower and high[i] > nearest[i]:
                    trial_low[i] = nearest[i] + 1
                    high[i] = nearest[i]
                else:
                    continue
                if self._search(trial_low, trial_high, groups, budget):
                    return True
            return False
        return True


def _propagate(
    low: list[int],
    high: list[int],
    groups: list[tuple[tuple[int, ...], int, int]],
    passes: int = 50,
) -> bool:
    """Narrow each cell's interval from its groups' sums; False if nothing fits.

    Stopping after `passes` is safe: propagation only prunes, the search decides.
    """
    for _ in range(passes):
        changed = False
        for members, bottom, top in groups:
            least = sum(low[i] for i in members)
            most = sum(high[i] for i in members)
            if least > top or most < bottom:
                return False
            for i in members:
                new_low = max(low[i], bottom - (most - high[i]))
                new_high = min(high[i], top - (least - low[i]))
                if new_low > new_high:
                    return False
                if (new_low, new_high) != (low[i], high[i]):
                    least += new_low - low[i]
                    most += new_high - high[i]
                    low[i], high[i] = new_low, new_high
                    changed = True
        if not changed:
            break
    return True
