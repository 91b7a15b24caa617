"""Disclosure control: examples from the spec, and a proof by brute force on random tables.

The property tests play the attacker: they take only what is published (each shown
cell's rounded value, each published total, "fewer than 10" means 0 to 9, "not shown"
for a secondary cell means at least 10) and enumerate every table that fits. Each
hidden cell must have at least two values that fit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from evidence.disclosure import (
    ROUND_TO,
    THRESHOLD,
    DisclosedTable,
    Figure,
    disclose,
    disclose_table,
    disclose_total,
    share,
)
from tests.properties import many

# One figure standing alone.


@pytest.mark.parametrize(
    ("count", "published"),
    [
        (0, "fewer than 10"),
        (1, "fewer than 10"),
        (9, "fewer than 10"),
        (10, "10"),
        (12, "10"),
        (13, "15"),
        (2497, "2,495"),
        (2498, "2,500"),
    ],
)
def test_a_count_is_hidden_under_10_and_rounded_to_5_half_up(count, published):
    assert str(disclose(count)) == published


def test_a_shown_figure_becomes_json_with_its_value():
    assert disclose(4251).as_json() == {"value": 4250, "suppressed": False}
    assert disclose(4251).shown


def test_a_small_figure_becomes_json_with_a_label_and_no_value():
    assert disclose(3).as_json() == {"value": None, "suppressed": True, "label": "fewer than 10"}
    assert not disclose(3).shown


def test_an_exact_count_cannot_pass_for_a_published_figure():
    for value in (3, 12, -5, None):
        with pytest.raises(ValueError, match="pass the exact count through disclose"):
            Figure(value)
    with pytest.raises(ValueError, match="carries no value"):
        Figure(3, "small")


def test_a_negative_or_fractional_count_is_refused():
    with pytest.raises(ValueError, match="can't be negative"):
        disclose(-1)
    with pytest.raises(TypeError):
        disclose(2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        disclose(True)


@pytest.mark.parametrize("value", range(10, 200, 5))
def test_a_rounded_value_means_the_count_is_within_2_of_it(value):
    # The interval the attacker below assumes, checked against the rounding itself:
    # 10 means 10 to 12, since 8 and 9 are "fewer than 10".
    assert [n for n in range(value - 10, value + 10) if disclose(n).value == value] == list(
        range(max(value - 2, THRESHOLD), value + 3)
    )


def test_a_total_is_summed_exactly_then_disclosed():
    assert str(disclose_total({"a": 6, "b": 6})) == "10"  # not 10 + 10, not "fewer than 10"
    assert str(disclose_total({"a": 1, "b": 2})) == "fewer than 10"


def test_a_share_uses_published_figures_only():
    assert share(disclose(16), disclose(61)) == 0.25  # 15 of 60, not 16 of 61
    assert share(disclose(3), disclose(61)) is None
    assert share(disclose(16), disclose(4)) is None


# Tables.


def published(table: DisclosedTable) -> dict[Hashable, str]:
    return {key: str(figure) for key, figure in table.items()}


def test_a_region_with_3_hides_the_next_smallest_region_too():
    regions = {"London": 40, "North West": 25, "North East": 3, "Wales": 30}
    table = disclose_table(regions, [list(regions)])
    assert published(table) == {
        "London": "40",
        "North West": "not shown",
        "North East": "fewer than 10",
        "Wales": "30",
    }
    assert table["North West"].reason == "secondary"
    assert [str(total) for total in table.totals] == ["100"]
    assert table.suppressed


def test_a_table_with_nothing_small_hides_nothing():
    regions = {"London": 40, "North West": 25, "North East": 13, "Wales": 30}
    table = disclose_table(regions, [list(regions)])
    assert published(table) == {
        "London": "40",
        "North West": "25",
        "North East": "15",
        "Wales": "30",
    }
    assert not table.suppressed


def test_a_group_with_two_small_cells_needs_no_secondary():
    regions = {"London": 40, "North West": 3, "North East": 4, "Wales": 50}
    table = disclose_table(regions, [list(regions)])
    assert published(table) == {
        "London": "40",
        "North West": "fewer than 10",
        "North East": "fewer than 10",
        "Wales": "50",
    }


def test_ties_for_smallest_are_broken_by_the_order_of_the_cells():
    assert published(disclose_table({"a": 3, "b": 20, "c": 20}, [["a", "b", "c"]])) == {
        "a": "fewer than 10",
        "b": "not shown",
        "c": "20",
    }
    assert published(disclose_table({"c": 20, "b": 20, "a": 3}, [["a", "b", "c"]])) == {
        "c": "not shown",
        "b": "20",
        "a": "fewer than 10",
    }


def test_secondary_suppression_follows_a_cell_through_rows_and_columns():
    grid = {("r1", "c1"): 3, ("r1", "c2"): 20, ("r2", "c1"): 30, ("r2", "c2"): 40}
    rows = [[key for key in grid if key[0] == row] for row in ("r1", "r2")]
    columns = [[key for key in grid if key[1] == column] for column in ("c1", "c2")]
    table = disclose_table(grid, rows + columns)
    # r1 has one hidden cell, so (r1, c2) goes; then column c2, then row r2.
    assert [figure.reason for figure in table.values()] == [
        "small",
        "secondary",
        "secondary",
        "secondary",
    ]
    assert [str(total) for total in table.totals] == ["25", "70", "35", "60"]


def test_a_total_that_pins_its_small_cells_is_hidden():
    # 9 and 9 with a total of 20 (18 to 22) could only be 9 and 9.
    table = disclose_table({"a": 9, "b": 9}, [["a", "b"]])
    assert published(table) == {"a": "fewer than 10", "b": "fewer than 10"}
    assert [str(total) for total in table.totals] == ["not shown"]


def test_rounding_that_pins_small_cells_hides_another_cell():
    # Total 50 means 48 to 52; 12 shows as 10, at most 12: four cells under 10 making
    # at least 36 are all 9. Hiding the 12 as well leaves them uncertain.
    cells = {"a": 9, "b": 9, "c": 9, "d": 9, "e": 12}
    table = disclose_table(cells, [list(cells)])
    assert table["e"].reason == "secondary"
    assert str(table.totals[0]) == "50"


def test_an_exact_total_known_elsewhere_is_taken_into_account():
    # Ten voters, all from London, and the number of ballots is public: showing
    # London as 10 says every other region had no one, and hiding it alone doesn't
    # help (it must be 10), so the table is withheld.
    cells = {"London": 10, **{f"region {n}": 0 for n in range(11)}}
    table = disclose_table(cells, exact_totals=[list(cells)])
    assert table.withheld
    assert set(published(table).values()) == {"not shown"}
    assert table.totals == ()
    # With 11 voters, London (10 to 12) could be 10 with one voter elsewhere.
    cells["London"] = 11
    table = disclose_table(cells, exact_totals=[list(cells)])
    assert str(table["London"]) == "10"
    assert not table.withheld


def test_a_group_naming_an_unknown_cell_is_refused():
    with pytest.raises(KeyError, match="doesn't have"):
        disclose_table({"a": 1}, [["a", "b"]])


def test_the_same_table_is_published_the_same_way_every_time():
    cells = {"a": 3, "b": 10, "c": 10, "d": 50}
    assert published(disclose_table(cells, [list(cells)])) == published(
        disclose_table(dict(cells), [list(cells)])
    )


# The attacker: everything published, and a brute-force search for tables that fit.


Interval = tuple[int, int]


def could_be(figure: Figure, ceiling: int) -> Interval:
    """The counts a published figure allows, worked out from the spec, not the code."""
    if figure.shown:
        assert figure.value is not None
        return max(figure.value - 2, THRESHOLD), figure.value + 2
    return {
        "small": (0, THRESHOLD - 1),
        "secondary": (THRESHOLD, ceiling),
        "withheld": (0, ceiling),
        "unpublished": (0, ceiling),
    }[figure.reason]


def nearest_first(interval: Interval, target: int) -> Iterator[int]:
    """Every value of the interval; near the real one first, which only makes it faster."""
    low, high = interval
    yield from sorted(range(low, high + 1), key=lambda value: (abs(value - target), value))


def within_totals(
    domains: Sequence[Interval], sums: Sequence[tuple[Sequence[int], int, int]]
) -> list[Interval]:
    """No cell is more than a total it is part of (counts aren't negative): a faster search."""
    return [
        (low, min([high] + [top for members, _, top in sums if i in members]))
        for i, (low, high) in enumerate(domains)
    ]


def something_fits(
    domains: Sequence[Interval],
    sums: Sequence[tuple[Sequence[int], int, int]],
    guide: Sequence[int],
) -> bool:
    """Is there a whole number for each cell, within its domain, meeting every sum?"""
    n = len(domains)

    def extend(assigned: list[int]) -> bool:
        done = len(assigned)
        for members, low, high in sums:
            fixed = sum(assigned[i] for i in members if i < done)
            least = fixed + sum(domains[i][0] for i in members if i >= done)
            most = fixed + sum(domains[i][1] for i in members if i >= done)
            if least > high or most < low:
                return False
        if done == n:
            return True
        for value in nearest_first(domains[done], guide[done]):
            if extend([*assigned, value]):
                return True
        return False

    return extend([])


def pinned_cells(
    cells: Mapping[Hashable, int],
    groups: Sequence[Sequence[Hashable]],
    exact: Sequence[Sequence[Hashable]],
    table: DisclosedTable,
) -> list[Hashable]:
    """The hidden cells whose value is the only one that fits what was published."""
    keys = list(cells)
    values = [cells[key] for key in keys]
    position = {key: i for i, key in enumerate(keys)}
    ceiling = sum(values) + 2 * THRESHOLD  # far above any cell: only ever too cautious
    domains = [could_be(table[key], ceiling) for key in keys]
    sums = []
    for group, total in zip(groups, table.totals, strict=True):
        members = [position[key] for key in set(group)]
        low, high = could_be(total, ceiling * len(members))
        sums.append((members, low, high))
    for group in exact:
        members = [position[key] for key in set(group)]
        count = sum(values[i] for i in members)
        sums.append((members, count, count))
    domains = within_totals(domains, sums)
    # The real table must fit what was published, or the knowledge above is wrong.
    assert all(low <= value <= high for value, (low, high) in zip(values, domains, strict=True))
    assert something_fits(domains, sums, values)
    pinned = []
    for i, key in enumerate(keys):
        if table[key].shown:
            continue
        others = (
            [*domains[:i], (value, value), *domains[i + 1 :]]
            for value in nearest_first(domains[i], values[i])
            if value != values[i]
        )
        if not any(something_fits(option, sums, values) for option in others):
            pinned.append(key)
    return pinned


def check_published_figures_are_right(cells, groups, table):
    for key, count in cells.items():
        figure = table[key]
        if count < THRESHOLD:
            assert figure.reason in ("small", "withheld", "unpublished")
        elif figure.shown:
            assert figure.value == disclose(count).value
            assert figure.value % ROUND_TO == 0
        else:
            assert figure.reason in ("secondary", "withheld", "unpublished")
    for group, total in zip(groups, table.totals, strict=True):
        if total.shown or total.reason == "small":
            assert total == disclose_total({key: cells[key] for key in set(group)})


# Mostly the counts where rounding and the threshold bite: 9, 10, and 2 or 3 past a
# multiple of 5 (the edges of what a rounded value can mean).
counts = st.one_of(
    st.sampled_from([0, 1, 8, 9, 10, 12, 13, 17, 18, 22, 23, 27, 28]), st.integers(0, 60)
)


@st.composite
def flat_tables(draw):
    """2 to 5 cells and 1 to 3 groups of them, which may overlap."""
    size = draw(st.integers(2, 5))
    keys = [f"cell {n}" for n in range(size)]
    cells = dict(zip(keys, draw(st.lists(counts, min_size=size, max_size=size)), strict=True))
    groups = draw(
        st.lists(
            st.lists(st.sampled_from(keys), min_size=1, max_size=size, unique=True),
            min_size=1,
            max_size=3,
        )
    )
    return cells, groups


@st.composite
def grids(draw):
    """A 2 x 3 table with its row and column totals, and sometimes the grand total."""
    values = draw(st.lists(counts, min_size=6, max_size=6))
    cells = {(row, column): values[3 * row + column] for row in range(2) for column in range(3)}
    rows = [[(row, column) for column in range(3)] for row in range(2)]
    columns = [[(row, column) for row in range(2)] for column in range(3)]
    groups = rows + columns
    if draw(st.booleans()):
        groups.append(list(cells))
    return cells, groups


tables = st.one_of(flat_tables(), grids())


@many(400)
@given(tables)
@example(({"a": 9, "b": 9}, [["a", "b"]]))
@example(({"a": 9, "b": 9, "c": 9, "d": 9, "e": 12}, [["a", "b", "c", "d", "e"]]))
@example(({"a": 0, "b": 13, "c": 13, "d": 13, "e": 13}, [["a", "b", "c", "d", "e"]]))
@example(({"a": 0, "b": 10, "c": 12}, [["a", "b", "c"], ["a", "b"]]))
@example(
    (
        {
            (r, c): v
            for (r, c), v in zip(
                [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)], [9, 9, 0, 9, 9, 0], strict=True
            )
        },
        [
            [(0, 0), (0, 1), (0, 2)],
            [(1, 0), (1, 1), (1, 2)],
            [(0, 0), (1, 0)],
            [(0, 1), (1, 1)],
            [(0, 2), (1, 2)],
        ],
    )
)
def test_no_hidden_cell_can_be_worked_out_from_what_is_published(case):
    cells, groups = case
    table = disclose_table(cells, groups)
    check_published_figures_are_right(cells, groups, table)
    assert pinned_cells(cells, groups, [], table) == []


@st.composite
def tables_with_a_public_total(draw):
    """A table where one total is public exactly elsewhere, as the number of ballots is.

    One exact total over two or more cells, adding up to at least 1, can't pin a cell
    on its own, so any pinned cell would be the publication's fault.
    """
    cells, groups = draw(tables)
    candidates = [list(cells)] + [group for group in groups if len(group) >= 2]
    exact = draw(st.sampled_from(candidates))
    assume(sum(cells[key] for key in exact) >= 1)
    rounded = [group for group in groups if set(group) != set(exact)]
    return cells, rounded, exact


@many(300)
@given(tables_with_a_public_total())
@example(({"a": 10, "b": 0, "c": 0}, [], ["a", "b", "c"]))
@example(({"a": 9, "b": 9}, [], ["a", "b"]))
@example(({"a": 0, "b": 10, "c": 13, "d": 13}, [], ["a", "b", "c", "d"]))
@example(({"a": 9, "b": 9, "c": 9, "d": 9}, [], ["a", "b", "c", "d"]))
@example(({"a": 0, "b": 13, "c": 13, "d": 13, "e": 13}, [["a", "b"]], ["a", "b", "c", "d", "e"]))
def test_no_hidden_cell_can_be_worked_out_when_a_total_is_public_exactly(case):
    cells, rounded, exact = case
    table = disclose_table(cells, rounded, exact_totals=[exact])
    check_published_figures_are_right(cells, rounded, table)
    assert pinned_cells(cells, rounded, [exact], table) == []


def test_a_cell_that_exact_totals_pin_on_their_own_doesnt_withhold_the_table():
    # Both totals are public exactly, so everyone knows "c" is 20 - 20 = 0 before
    # anything is published: that can't be helped, and needn't hide "a" and "b".
    cells = {"a": 12, "b": 8, "c": 0}
    table = disclose_table(cells, exact_totals=[["a", "b", "c"], ["a", "b"]])
    assert not table.withheld
    assert published(table) == {"a": "not shown", "b": "fewer than 10", "c": "fewer than 10"}


@st.composite
def grids_with_an_unpublished_column(draw):
    """The explorer's table: rows of compared topics plus "every other topic", never
    shown, with each row's total (all contacts) and each shown column's total."""
    cells, groups = draw(grids())
    unpublished = [(row, 2) for row in range(2)]
    return cells, groups, unpublished


@many(300)
@given(grids_with_an_unpublished_column())
@example(
    (
        {
            (r, c): v
            for (r, c), v in zip(
                [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)], [3, 40, 0, 25, 30, 0], strict=True
            )
        },
        [[(0, 0), (0, 1), (0, 2)], [(1, 0), (1, 1), (1, 2)], [(0, 0), (1, 0)], [(0, 1), (1, 1)]],
        [(0, 2), (1, 2)],
    )
)
def test_no_cell_can_be_worked_out_beside_cells_that_are_never_published(case):
    cells, groups, unpublished = case
    table = disclose_table(cells, groups, unpublished=unpublished)
    check_published_figures_are_right(cells, groups, table)
    assert all(table[key].reason in ("unpublished", "withheld") for key in unpublished)
    assert pinned_cells(cells, groups, [], table) == []


def test_a_row_total_with_only_the_unpublished_part_hidden_hides_nothing_more():
    # Every other topic had no contacts: the compared topic's 1,203 still shows, since
    # the row total only says "the others had about 0 to 4", never an exact count.
    cells = {"money": 1203, "other": 0}
    table = disclose_table(cells, [["money", "other"]], unpublished=["other"])
    assert published(table) == {"money": "1,205", "other": "not shown"}
    assert str(table.totals[0]) == "1,205"
