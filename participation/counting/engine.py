"""``count``: the one entry point that turns ballots into a ``Result``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from participation.counting.ballots import APPROVAL, Ballots
from participation.counting.errors import CandidateError, SetupError, UnknownMethodError
from participation.counting.methods import METHODS
from participation.counting.result import Result, normalise
from participation.counting.rules import DEFAULT_RULES
from participation.counting.tiebreak import TieBreaker

# Totals are summed in float64, exact below 2**53; STV works in units of 1/100000.
EXACT_BALLOT_LIMIT = 2**53 // 100_000


def count(
    method: str,
    candidates: Sequence[str] | None = None,
    ballots: Ballots | Iterable[Iterable[str]] | None = None,
    seats: int = 1,
    seed: str | None = None,
) -> Result:
    """Count ``ballots`` with ``method`` for ``seats`` seats.

    ``ballots`` is a :class:`Ballots`, or a list of rankings / approval sets of
    candidate ids (then ``candidates`` is required and the method says which kind).
    ``seed`` drives any lottery needed to break a tie; it defaults to the ballot
    checksum, so a recount of the same ballots always gives the same result. It is
    recorded in the result either way.
    """
    spec = METHODS.get(method)
    if spec is None:
        choices = ", ".join(METHODS)
        raise UnknownMethodError(f"unknown counting method {method!r}; choose one of {choices}")
    if ballots is None:
        raise SetupError("there are no ballots to count")
    if isinstance(ballots, Ballots):
        if candidates is not None and tuple(candidates) != ballots.candidates:
            raise CandidateError("the candidates given differ from the candidates of the ballots")
    else:
        if candidates is None:
            raise CandidateError("give the candidates when the ballots are plain lists")
        build = Ballots.approval if spec.ballot_kind == APPROVAL else Ballots.ranked
        ballots = build(candidates, ballots)
    if ballots.kind != spec.ballot_kind:
        raise SetupError(
            f"{spec.display_name} counts {spec.ballot_kind} ballots, but these are"
            f" {ballots.kind} ballots"
        )
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise SetupError(f"the number of seats must be a whole number, not {seats!r}")
    n = len(ballots.candidates)
    if seats < 1:
        raise SetupError("there must be at least one seat")
    if seats > 1 and not spec.multiple_seats:
        raise SetupError(f"{spec.display_name} elects one winner; use 'stv' for several seats")
    if seats >= n:
        raise SetupError(
            f"{seats} seat{'s' if seats > 1 else ''} for {n} candidate{'s' if n > 1 else ''}:"
            " there must be fewer seats than candidates, or there is nothing to decide"
        )
    if ballots.total == 0:
        raise SetupError("there are no ballots to count")
    if ballots.total >= EXACT_BALLOT_LIMIT:
        raise SetupError("too many ballots to count exactly (the limit is 90 thousand million)")
    if ballots.valid == 0:
        verb = "approves" if ballots.kind == APPROVAL else "ranks"
        raise SetupError(f"every ballot is empty: no ballot {verb} any candidate")
    checksum = ballots.checksum()
    seed = checksum if seed is None else str(seed)
    tiebreaker = TieBreaker(seed, ballots.candidates)
    counted = ballots if spec.eliminates else ballots.strict()
    outcome = spec.function(counted, seats, tiebreaker)
    names = ballots.candidates
    return Result(
        method=spec.name,
        method_version=spec.version,
        candidates=names,
        seats=seats,
        winners=tuple(names[c] for c in outcome.winners),
        rounds=tuple(outcome.rounds),
        tie_breaks=tuple(tiebreaker.records),
        ballot_checksum=checksum,
        seed=seed,
        ballots=ballots.total,
        empty_ballots=ballots.empty,
        ranking=tuple(tuple(names[c] for c in tier) for tier in outcome.ranking),
        quota=None if outcome.quota is None else normalise(outcome.quota),
        data=outcome.data,
        rules=(ballots.rules or DEFAULT_RULES).to_dict(),
    )
