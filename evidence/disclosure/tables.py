"""Tables of counts and their totals, with secondary suppression (`disclose_table`).

Part of `evidence.disclosure`; see the package docstring for the rules.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping

from evidence.disclosure.audit import _Audit
from evidence.disclosure.figures import (
    SECONDARY,
    SHOWN,
    SMALL,
    THRESHOLD,
    UNPUBLISHED,
    WITHHELD,
    Figure,
    K,
    Reason,
    _check_count,
    _figure,
    disclose,
)


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
