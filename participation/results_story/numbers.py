"""The numbers of a count as the page writes them: values, measures, plurals and lists."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from participation.counting.result import Value

HUNDREDTH = Decimal("0.01")

# How the engine names what a method counts, as the page says it.
MEASURES = {"candidates beaten": "nominations beaten", "tokens held by supporters": "tokens"}


# --- Numbers ---------------------------------------------------------------------------


def _as_decimal(value: Value) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def human_value(value: Value) -> str:
    """A vote value to read: whole numbers as they are, others to at most two decimal
    places with trailing zeros dropped ("4", "3.5", "2.99").

    Rounded down, never up, so that no nomination looks as if it reached a quota it
    missed. The published files keep the exact values.
    """
    if isinstance(value, int):
        return f"{value:,}"
    exact = _as_decimal(value)
    shown = exact.quantize(HUNDREDTH, rounding=ROUND_DOWN)
    if shown == 0:
        return "under 0.01" if exact > 0 else "0"
    text = f"{shown:,.2f}"
    return text.rstrip("0").rstrip(".")


def is_shortened(value: Value) -> bool:
    """True when `human_value` had to drop decimal places of `value`."""
    if isinstance(value, int):
        return False
    exact = _as_decimal(value)
    return exact != exact.quantize(HUNDREDTH, rounding=ROUND_DOWN)


def measure_name(measure: str) -> str:
    return MEASURES.get(measure, measure)


def plural(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else (many or one + 's')}"


def and_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _votes(value: Value) -> str:
    return f"{human_value(value)} {'vote' if value == 1 else 'votes'}"
