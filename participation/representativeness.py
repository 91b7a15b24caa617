"""Is a vote representative of young people in the UK? Turnout beside the population.

Compares who voted (by age band and by region, frozen when a round closes) with the
ONS mid-2020 population aged 13–25 (participation/data/), and gives the 95% margin
of error of the leading shares. Plain Python: the numbers are small.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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


@dataclass(frozen=True)
class Comparison:
    group: str
    voters: int
    voter_share: float
    population_share: float

    @property
    def ratio(self) -> float | None:
        """Over- (>1) or under- (<1) representation; None when nobody from the group could be expected."""
        return self.voter_share / self.population_share if self.population_share else None


def compare(
    voters: dict[str, int], population_counts: dict[str, int], labels: dict[str, str]
) -> list[Comparison]:
    total_voters = sum(voters.values())
    total_population = sum(population_counts.values())
    return [
        Comparison(
            group=labels.get(key, key),
            voters=voters.get(key, 0),
            voter_share=(voters.get(key, 0) / total_voters) if total_voters else 0.0,
            population_share=population_counts[key] / total_population,
        )
        for key in population_counts
    ]


def by_region(turnout: dict) -> list[Comparison]:
    return compare(turnout.get("by_region", {}), population_by_region(), dict(Region.choices))


def by_age_band(turnout: dict) -> list[Comparison]:
    return compare(turnout.get("by_age_band", {}), population_by_age_band(), {})


def margin_of_error(share: float, sample: int) -> float | None:
    """Half-width of the 95% confidence interval of a share from a simple random sample.

    Voters choose themselves, so this is the smallest uncertainty there is: the real
    one is larger when some groups vote more than others.
    """
    if sample <= 0:
        return None
    return Z_95 * math.sqrt(share * (1 - share) / sample)
