"""The counting engine: ballots in, a result with a full audit trail out.

Plain Python and NumPy, no Django. The app calls::

    from participation.counting import Ballots, count, METHODS

    ballots = Ballots.ranked(["12", "15", "31"], [["15", "12"], ["31"], ...])
    result = count("stv", ballots=ballots, seats=2, seed="drawn when the round closed")
    result.winners, result.rounds, result.to_json()

See docs/counting.md for every method and tie rule.
"""

from participation.counting.ballots import APPROVAL, KINDS, RANKED, Ballots
from participation.counting.engine import count
from participation.counting.errors import (
    BallotError,
    CandidateError,
    CountingError,
    FormatError,
    RuleError,
    SetupError,
    UnknownMethodError,
)
from participation.counting.methods import METHODS, MethodSpec
from participation.counting.result import Decision, Result, Round, TieBreak, TransferValue
from participation.counting.rules import BallotRules

__all__ = [
    "APPROVAL",
    "KINDS",
    "METHODS",
    "RANKED",
    "BallotError",
    "BallotRules",
    "Ballots",
    "CandidateError",
    "CountingError",
    "Decision",
    "FormatError",
    "MethodSpec",
    "Result",
    "Round",
    "RuleError",
    "SetupError",
    "TieBreak",
    "TransferValue",
    "UnknownMethodError",
    "count",
]
