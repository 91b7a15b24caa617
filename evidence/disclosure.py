"""Disclosure control: the one function every public figure about young people passes through.

The charity publishes numbers about the young people who contact it and who vote on
the hub. A count of 1 or 2 in a small area or age band can point at a person, so every
figure on a public page, download or API answer follows three rules (product spec):

- a count under `THRESHOLD` (10) is shown as "fewer than 10" (*primary* suppression);
- every other count is rounded to the nearest `ROUND_TO` (5), half up, so that two
  published figures can't be subtracted to get a small exact number;
- no total, difference or breakdown may reveal a suppressed count (*secondary*
  suppression): if a total and all but one of its parts are published, the last part
  is a subtraction away, so a second part is hidden too.

Staff screens may show exact counts: those stay plain `int`s and never become a
`Figure`. A `Figure` can only hold a value that may be published, so anything typed
`Figure` is safe to put on a public page.

`disclose_table` does not stop at the "one hidden cell in a group" rule. Rounding
narrows what a hidden cell can be, and a published total can pin hidden cells on its
own (two cells "fewer than 10" whose total is published as 20 must both be 9). So
after the rule it audits the table as an attacker would: from everything published,
can each hidden cell still have at least two values? It hides more until the answer
is yes. The tests check the same thing by brute force on random tables.

Plain Python, no Django: the importer, the pages, the API and the tests all use it.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

THRESHOLD = 10
ROUND_TO = 5

K = TypeVar("K", bound=Hashable)

Reason = Literal["", "small", "secondary", "withheld", "unpublished"]
SHOWN: Reason = ""
SMALL: Reason = "small"  # primary: the count itself is under THRESHOLD
SECONDARY: Reason = "secondary"  # at least THRESHOLD, hidden so a small one can't be worked out
WITHHELD: Reason = "withheld"  # the whole table is hidden: nothing in it could be shown safely
UNPUBLISHED: Reason = "unpublished"  # never published, whatever it is (see disclose_table)

LABELS: dict[str, str] = {
    SMALL: f"fewer than {THRESHOLD}",
    SECONDARY: "not shown",
    WITHHELD: "not shown",
    UNPUBLISHED: "not shown",
}

# Upper limit of the search for another table that fits what was published (see
# _Audit). When it runs out the cell counts as unprotected and more is hidden:
# running out can only make a table more cautious, never leak.
SEARCH_BUDGET = 20_000


@dataclass(frozen=True)
class Figure:
    """A number as it may be published: rounded, or not shown and why.

    Built by `disclose`/`disclose_table`, never from an exact count by hand: the
    constructor refuses a value that could not have come out of the rounding, so an
    exact small count can't be smuggled onto a page as a `Figure`.
    """

    value: int | None
    reason: Reason = SHOWN

    def __post_init__(self) -> None:
        if self.reason == SHOWN:
            value = self.value
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < THRESHOLD
                or value % ROUND_TO
            ):
                raise ValueError(
                    f"A shown figure is a multiple of {ROUND_TO} of at least {THRESHOLD}, "
                    f"not {value!r}: pass the exact count through disclose()."
                )
        elif self.reason in LABELS:
            if self.value is not None:
                raise ValueError("A figure that isn't shown carries no value.")
        else:
            raise ValueError(f"Unknown reason for not showing a figure: {self.reason!r}")

    @property
    def shown(self) -> bool:
        return self.reason == SHOWN

    def __str__(self) -> str:
        if self.shown:
            return f"{self.value:,}"
        return LABELS[self.reason]

    def as_json(self) -> dict[str, object]:
        """The figure for an API answer or a JSON download: the label, never the reason's detail."""
        if self.shown:
            return {"value": self.value, "suppressed": False}
        return {"value": None, "suppressed": True, "label": str(self)}


def _check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"A count is a whole number, not {count!r}")
    if count < 0:
        raise ValueError(f"A count can't be negative: {count}")


def _round_half_up(count: int) -> int:
    # Integer arithmetic: floor(count / ROUND_TO + 1/2) * ROUND_TO, no float surprises
    # for large counts; 12 -> 10, 13 -> 15, 2,497 -> 2,495, 2,498 -> 2,500.
    return (2 * count + ROUND_TO) // (2 * ROUND_TO) * ROUND_TO


def disclose(count: int) -> Figure:
    """One count standing alone, as it may be published: "fewer than 10" or rounded to 5.

    Only for a count published with nothing it adds up with. When counts are published
    together with their totals, use `disclose_table`, which also hides what a
    subtraction would give away.
    """
    _check_count(count)
    if count < THRESHOLD:
        return Figure(None, SMALL)
    return Figure(_round_half_up(count))


def disclose_total(cells: Mapping[K, int]) -> Figure:
    """The total of some exact counts: summed exactly first, then disclosed.

    For a total published without its parts. A total shown beside its parts comes
    from `DisclosedTable.totals`, because the audit may have had to hide it.
    """
    return disclose(sum(cells.values()))


def share(part: Figure, whole: Figure) -> float | None:
    """`part` as a fraction of `whole`, from published values only; None unless both are shown.

    A share of exact counts beside a rounded count would undo the rounding.
    """
    if part.value is None or not whole.value:
        return None
    return part.value / whole.value


class DisclosedTable(Mapping[K, Figure]):
    """The published cells of a table (by key, in the order given) and its groups' totals.

    `totals[i]` is the published total of the i-th group passed to `disclose_table`;
    groups passed as `exact_totals` are public already and have no entry.
    """

    def __init__(self, cells: dict[K, Figure], totals: tuple[Figure, ...]) -> None:
        self._cells = cells
        self.totals = totals

    def __getitem__(self, key: K) -> Figure:
        return self._cells[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)

    @property
    def suppressed(self) -> bool:
        """Whether any cell or total isn't shown: pages say so in plain words."""
        cells = [figure for figure in self._cells.values() if figure.reason != UNPUBLISHED]
        return any(not figure.shown for figure in (*cells, *self.totals))

    @property
    def withheld(self) -> bool:
        """Whether nothing in the table could be shown without giving a small count away."""
        return any(figure.reason == WITHHELD for figure in self._cells.values())

    def __repr__(self) -> str:
        return f"DisclosedTable({self._cells!r}, totals={self.totals!r})"


def disclose_table(
    cells: Mapping[K, int],
    groups: Iterable[Collection[K]] = (),
    *,
    exact_totals: Iterable[Collection[K]] = (),
    unpublished: Collection[K] = (),
) -> DisclosedTable[K]:
    """Cells of a table and the totals published beside them, with secondary suppression.

    `cells` maps any hashable key (a region, an (age band, month) pair...) to its exact
    count; the order of `cells` breaks ties, so the result is the same every time.
    `groups` are the sets of cells whose total is published next to them (a row, a
    column, the whole table); their published totals are `result.totals`.
    `exact_totals` are sets of cells whose exact total is public anyway, elsewhere
    (the number of ballots, which anyone can count in the published ballot file):
    they are never published here but are assumed known to anyone working cells out.
    `unpublished` cells are never shown (the explorer's "every other topic", which
    makes a row add up to all contacts): to anyone working cells out they could be
    anything, so they hide the cells beside them from a row's total, and the audit
    makes sure no one can work them out either; but they are not small counts in
    themselves, so one alone in a group doesn't make step 2 hide another.

    1. Every cell under THRESHOLD is hidden ("small").
    2. While a group with a known total has exactly one hidden cell, its smallest shown
       cell is hidden too ("secondary"); a cell can be in several groups, so this runs
       until nothing changes.
    3. The audit: each hidden cell must still have at least two possible values given
       everything published (rounded cells, rounded or exact totals, "small" means
       0-9, "secondary" means at least 10). If one doesn't, hide the smallest shown cell
       of a group it is in, else that group's total, else the whole table
       ("withheld"), and go back to 2.
    """
    keys = list(cells)
    for key in keys:
        _check_count(cells[key])
    values = [cells[key] for key in keys]
    index = {key: position for position, key in enumerate(keys)}
    published = [_members(group, index) for group in groups]
    exact = [_members(group, index) for group in exact_totals]
    never = set(unpublished)
    reasons: list[Reason] = [
        UNPUBLISHED if key in never else SMALL if value < THRESHOLD else SHOWN
        for key, value in zip(keys, values, strict=True)
    ]
    totals = [disclose(sum(values[i] for i in members)) for members in published]

    # Hiding more only widens what the published figures allow, so a cell once shown
    # to be protected stays protected: the audit needn't look at it again.
    protected: set[int] = set()
    while True:
        _hide_lone_cells(values, reasons, published, totals, exact)
        exposed = _Audit(values, reasons, published, totals, exact).first_exposed(protected)
        if exposed is None:
            break
        around = [members for members in (*published, *exact) if exposed in members]
        shown = [i for members in around for i in members if reasons[i] == SHOWN]
        hideable = [
            position
            for position, members in enumerate(published)
            if exposed in members and totals[position].shown
        ]
        if shown:
            reasons[min(shown, key=lambda i: (values[i], i))] = SECONDARY
        elif hideable:
            totals[hideable[0]] = Figure(None, SECONDARY)
        else:
            # Nothing left to hide around it: what was published pins it whatever we do
            # with single cells (e.g. every cell "fewer than 10" and an exact total that
            # only all-9s fits). Publishing nothing of the table is the safe answer.
            reasons = [WITHHELD] * len(values)
            totals = [Figure(None, WITHHELD) for _ in totals]
            break

    return DisclosedTable(
        {key: _figure(values[i], reasons[i]) for i, key in enumerate(keys)}, tuple(totals)
    )


def _members(group: Collection[K], index: Mapping[K, int]) -> tuple[int, ...]:
    try:
        return tuple(sorted({index[key] for key in group}))
    except KeyError as error:
        raise KeyError(f"A group names a cell the table doesn't have: {error.args[0]!r}") from None


def _figure(value: int, reason: Reason) -> Figure:
    return disclose(value) if reason == SHOWN else Figure(None, reason)


def _hide_lone_cells(
    values: list[int],
    reasons: list[Reason],
    published: list[tuple[int, ...]],
    totals: list[Figure],
    exact: list[tuple[int, ...]],
) -> None:
    """Step 2: a group whose total is known, with one hidden cell, gets a second one."""
    known = [m for m, total in zip(published, totals, strict=True) if total.shown] + exact
    changed = True
    while changed:
        changed = False
        for members in known:
            hidden = [i for i in members if reasons[i] != SHOWN]
            shown = [i for i in members if reasons[i] == SHOWN]
            if len(hidden) == 1 and shown and reasons[hidden[0]] != UNPUBLISHED:
                reasons[min(shown, key=lambda i: (values[i], i))] = SECONDARY
                changed = True


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
