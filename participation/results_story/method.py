"""How a voting round's method finds the winners, in one sentence."""

from __future__ import annotations

from participation.counting.methods import METHODS

# --- The method in one sentence -----------------------------------------------------------


def method_sentence(method: str, *, seats: int, is_last: bool, max_choices: int | None) -> str:
    """How this method finds the winners, in one plain sentence: the method's own
    explanation (`MethodSpec.explain`), so every page and the API say the same."""
    spec = METHODS.get(method)
    if spec is None:
        return f"Counted with the {method} method."
    return spec.explain(seats=seats, is_last=is_last, max_choices=max_choices)


def round_seats(round) -> int:
    """The places a round fills as its method counts them: one for a single-winner method."""
    return round.advance_count if round.spec.multiple_seats else 1


def round_method_sentence(round) -> str:
    """`method_sentence` for a voting round (anything with its method, places, choices and
    whether it is the last), the same before the vote, on the ballot and on the results."""
    return method_sentence(
        round.method, seats=round_seats(round), is_last=round.is_last, max_choices=round.max_choices
    )
