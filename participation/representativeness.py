"""Is a vote representative of young people in the UK? Turnout beside the population.

Compares who voted (by age band and by region, frozen when a round closes) with the
ONS mid-2020 population aged 13–25 (participation/data/), and gives the 95% margin
of error of the leading shares. Plain Python: the numbers are small.

The numbers of voters in each group are figures about identifiable young people, so
they pass disclosure control (`evidence.disclosure`): a region where one person voted
must not say so. The number of voters itself is public exactly (it is the number of
ballots, which anyone can count in the published ballot file), so each breakdown is
disclosed knowing its total is known, and a breakdown of fewer than `THRESHOLD`
voters isn't shown at all.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from evidence.disclosure import THRESHOLD, Figure, disclose_table
from participation.regions import Region

DATA = Path(__file__).parent / "data" / "uk_population_13_25.csv"
AGE_BANDS = ((13, 15), (16, 17), (18, 21), (22, 25))
Z_95 = 1.959964


def band_label(low: int, high: int) -> str:
    return f"{low}–{high}"


@cache
def population() -> dict[str, dict[int, int]]:
    """Population by area code, then by single year of age."""
    table: dict[str, dict[int, int]] = {}
    with DATA.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["area_code"], {})[int(row["age"])] = int(row["population"])
    return table


def population_by_region() -> dict[str, int]:
    table = population()
    return {region.value: sum(table[region.value].values()) for region in Region}


def population_by_age_band() -> dict[str, int]:
    uk = population()["K02000001"]
    return {
        band_label(low, high): sum(uk[age] for age in range(low, high + 1))
        for low, high in AGE_BANDS
    }


# Voters the groups don't cover: no date of birth or region given, or an age outside
# 13–25 on the day the round closed. Counted as a group of their own, or the other
# groups' figures and the public number of voters would give them away.
NOT_KNOWN = "not known"


@dataclass(frozen=True)
class Comparison:
    group: str
    voters: Figure
    voter_share: float | None  # of the published figure; None when it isn't shown
    population_share: float | None  # None for voters the population table doesn't cover

    @property
    def ratio(self) -> float | None:
        """Over- (>1) or under- (<1) representation; None when it can't be said."""
        if self.voter_share is None or not self.population_share:
            return None
        return self.voter_share / self.population_share


@dataclass(frozen=True)
class Breakdown:
    """Voters by one kind of group, as published: empty when too few voted to show it."""

    rows: list[Comparison]
    suppressed: bool = False  # some groups aren't shown
    withheld: bool = False  # no group could be shown without giving a small one away

    @property
    def shown(self) -> bool:
        return bool(self.rows)


def compare(
    voters: dict[str, int],
    population_counts: dict[str, int],
    labels: dict[str, str],
    *,
    total: int,
    not_known_label: str,
) -> Breakdown:
    """Voters per group beside the population, through disclosure control.

    `total` is the number of voters, which is public exactly; voters in none of the
    groups form a group of their own so that no subtraction reveals them.
    """
    if total < THRESHOLD:
        return Breakdown(rows=[])
    cells = {key: voters.get(key, 0) for key in population_counts}
    rest = total - sum(cells.values())
    if rest > 0:
        cells[NOT_KNOWN] = rest
    table = disclose_table(cells, exact_totals=[list(cells)])
    total_population = sum(population_counts.values())
    rows = [
        Comparison(
            group=not_known_label if key == NOT_KNOWN else labels.get(key, key),
            voters=figure,
            # From the published (rounded) figure and the public number of voters, so
            # a share can't be multiplied back into an exact count.
            voter_share=figure.value / total if figure.value is not None else None,
            population_share=(population_counts[key] / total_population)
            if key in population_counts
            else None,
        )
        for key, figure in table.items()
    ]
    return Breakdown(rows=rows, suppressed=table.suppressed, withheld=table.withheld)


def by_region(turnout: dict) -> Breakdown:
    return compare(
        turnout.get("by_region", {}),
        population_by_region(),
        dict(Region.choices),
        total=turnout.get("voters", 0),
        not_known_label="Not given",
    )


def by_age_band(turnout: dict) -> Breakdown:
    return compare(
        turnout.get("by_age_band", {}),
        population_by_age_band(),
        {},
        total=turnout.get("voters", 0),
        not_known_label="Not given, or outside 13–25 on the day",
    )


def margin_of_error(share: float, sample: int) -> float | None:
    """Half-width of the 95% confidence interval of a share from a simple random sample.

    Voters choose themselves, so this is the smallest uncertainty there is: the real
    one is larger when some groups vote more than others.
    """
    if sample <= 0:
        return None
    return Z_95 * math.sqrt(share * (1 - share) / sample)
