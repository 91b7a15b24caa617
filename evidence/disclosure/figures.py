"""Published figures: the thresholds, `Figure`, and disclosure of a count standing alone.

Part of `evidence.disclosure`; see the package docstring for the rules.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
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


def _figure(value: int, reason: Reason) -> Figure:
    return disclose(value) if reason == SHOWN else Figure(None, reason)
