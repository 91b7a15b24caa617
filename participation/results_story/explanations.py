"""The words of a count: what the terms on its table mean."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from participation.counting.result import Result, Value
from participation.results_story.numbers import _votes, human_value, plural
from participation.results_story.setting import Setting

# --- The words of a count ---------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    term: str
    meaning: str


def _quota_working(result: Result) -> str:
    valid = int(result.data.get("valid_ballots", result.ballots - result.empty_ballots))
    seats = result.seats
    share = valid // (seats + 1)
    return (
        f"{valid:,} votes ÷ ({plural(seats, 'place')} + 1) = {share:,}"
        f"{'' if valid % (seats + 1) == 0 else ', leaving out the fraction'}, plus 1"
        f" = {human_value(result.quota)}"
    )


def _first_surplus(result: Result, setting: Setting) -> str:
    for stage in result.rounds:
        if "surplus" not in stage.data or not stage.transfer_values:
            continue
        giver = min(stage.transfers, key=lambda c: stage.transfers[c])
        papers = sum(t.papers for t in stage.transfer_values)
        value = stage.transfer_values[0].transfer_value
        return (
            f" For example, at count {stage.number} {setting.name(giver)} had"
            f" {_votes(Decimal(stage.data['surplus']))} more than the quota, so its"
            f" {plural(papers, 'vote')} moved on worth {human_value(value)} of a vote"
            f"{' each' if len(stage.transfer_values) == 1 else ' or less'}."
        )
    return ""


def explanations(result: Result, setting: Setting) -> list[Explanation]:
    """What the words on this count's table mean: only those this count uses."""
    found = []
    if result.method == "stv" and result.quota is not None:
        found.append(
            Explanation(
                "Quota",
                f"The number of votes that is sure to win a place: {human_value(result.quota)}."
                f" It is worked out from the number of votes and places:"
                f" {_quota_working(result)}. No more than {plural(result.seats, 'nomination')}"
                " can reach it.",
            )
        )
    if result.method == "irv":
        found.append(
            Explanation(
                "Transfer",
                "When a nomination is out, each vote for it moves to that voter's next choice"
                " among the nominations still in the count.",
            )
        )
    if result.method == "stv":
        found.append(
            Explanation(
                "Transfer",
                "Votes moving from one nomination to another. When a nomination is out, each"
                " vote for it moves to that voter's next choice still in the count. When a"
                " nomination has more votes than the quota, it keeps the quota and the extra"
                " (its surplus) moves on: every one of its votes goes to that voter's next"
                " choice, at a reduced value, so that together they add up to the surplus."
                " That is why some totals are not whole numbers." + _first_surplus(result, setting),
            )
        )
    if result.method in ("irv", "stv") and any(stage.exhausted for stage in result.rounds):
        found.append(
            Explanation(
                "Exhausted ballot",
                "A ballot with no more choices left among the nominations still in the count:"
                " the voter didn't rank any of them. It stops counting for anyone, so later"
                " counts can add up to fewer votes than there were ballots.",
            )
        )
    if result.method == "mes":
        price = result.data.get("price", "")
        found.append(
            Explanation(
                "Tokens",
                "Every voter starts with 1 token. A place costs the same number of tokens"
                f" for every nomination ({human_value(_price(price))}), paid by the voters who"
                " ticked it. The table shows the tokens each nomination's supporters held"
                " when it was counted.",
            )
        )
    return found


def _price(encoded) -> Value:
    if isinstance(encoded, str) and "/" in encoded:
        return Fraction(encoded)
    return Decimal(encoded) if isinstance(encoded, str) else int(encoded or 0)
