"""The result of a count: winners, the round-by-round table and the audit trail.

A ``Result`` is a frozen dataclass that turns into plain JSON and back without
losing anything: vote values are whole numbers (``int``), exact decimals
(``Decimal``, for the Scottish STV's five decimal places) or exact fractions
(``Fraction``, for the Method of Equal Shares). In JSON a whole number stays a
number, a decimal becomes a string such as ``"123.45678"`` and a fraction a string
such as ``"7/40"``, so ``Result.from_dict(result.to_dict()) == result`` always.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Union

from participation.counting.errors import CountingError

Value = Union[int, Decimal, Fraction]  # noqa: UP007 - used at run time by isinstance

RESULT_FORMAT = "listening-hub-result/1"


def normalise(value: Any) -> Value:
    """Check a vote value and give it its canonical Python type."""
    if isinstance(value, bool):
        raise TypeError("a vote value cannot be a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, Decimal):
        return value
    if hasattr(value, "item"):  # a NumPy integer
        return normalise(value.item())
    raise TypeError(f"{value!r} is not an exact vote value")


def encode_value(value: Value) -> int | str:
    value = normalise(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def decode_value(value: Any) -> Value:
    if isinstance(value, bool):
        raise CountingError("a vote value in the result is a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        if "/" in value:
            return normalise(Fraction(value))
        return Decimal(value)
    raise CountingError(f"{value!r} is not a vote value")


def format_value(value: Value, places: int = 5) -> str:
    """A value for people: whole numbers as they are, others to ``places`` decimals."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.{places}f}"


@dataclass(frozen=True)
class Decision:
    """A candidate elected or eliminated in a round, and why."""

    candidate: str
    reason: str


@dataclass(frozen=True)
class TransferValue:
    """Papers that moved together at one value (Scottish STV surplus transfers)."""

    value_received: Value
    transfer_value: Value
    papers: int


@dataclass(frozen=True)
class TieBreak:
    """How one tie was broken.

    ``rule`` is ``"earlier rounds"`` when counts at an earlier round decided it,
    ``"lot"`` when the seeded lottery did, or ``"earlier rounds, then lot"``.
    ``tickets`` holds each lot ticket (see ``tiebreak.py``) so anyone can replay it.
    """

    round: int
    purpose: str
    tied: tuple[str, ...]
    rule: str
    chosen: tuple[str, ...]
    detail: str
    tickets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Round:
    """One round (stage) of a count.

    ``counts`` are every candidate's total at the end of the round, in the unit named
    by ``measure``; ``transfers`` the change this round made (negative for the
    candidate whose votes moved); ``exhausted`` the running total of votes that could
    not move on because the ballot named nobody still in the count, or stopped by a
    ballot rule. ``inactive`` breaks down every ballot counting for nobody at the end
    of the round by why (``rules.REASONS``: blank, overvote, skipped, repeated,
    no-preference), as a running total; ``exhausted`` is all of it but the blank
    ballots. Methods that never move votes leave it empty. ``elected`` and
    ``eliminated`` say who was decided in this round and why; ``data`` holds extra
    method-specific figures as plain JSON (exact values written as strings).
    """

    number: int
    action: str
    counts: dict[str, Value]
    measure: str = "votes"
    transfers: dict[str, Value] = field(default_factory=dict)
    exhausted: Value = 0
    elected: tuple[Decision, ...] = ()
    eliminated: tuple[Decision, ...] = ()
    transfer_values: tuple[TransferValue, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    inactive: dict[str, Value] = field(default_factory=dict)

    def __post_init__(self):
        # Whole fractions become ints, so equal values always look the same.
        object.__setattr__(self, "counts", {k: normalise(v) for k, v in self.counts.items()})
        object.__setattr__(self, "transfers", {k: normalise(v) for k, v in self.transfers.items()})
        object.__setattr__(self, "exhausted", normalise(self.exhausted))
        object.__setattr__(self, "inactive", {k: normalise(v) for k, v in self.inactive.items()})

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "action": self.action,
            "measure": self.measure,
            "counts": {name: encode_value(v) for name, v in self.counts.items()},
            "transfers": {name: encode_value(v) for name, v in self.transfers.items()},
            "exhausted": encode_value(self.exhausted),
            "inactive": {reason: encode_value(v) for reason, v in self.inactive.items()},
            "elected": [{"candidate": d.candidate, "reason": d.reason} for d in self.elected],
            "eliminated": [{"candidate": d.candidate, "reason": d.reason} for d in self.eliminated],
            "transfer_values": [
                {
                    "value_received": encode_value(t.value_received),
                    "transfer_value": encode_value(t.transfer_value),
                    "papers": t.papers,
                }
                for t in self.transfer_values
            ],
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Round:
        return cls(
            number=int(data["number"]),
            action=str(data["action"]),
            measure=str(data.get("measure", "votes")),
            counts={name: decode_value(v) for name, v in data["counts"].items()},
            transfers={name: decode_value(v) for name, v in data.get("transfers", {}).items()},
            exhausted=decode_value(data.get("exhausted", 0)),
            inactive={k: decode_value(v) for k, v in data.get("inactive", {}).items()},
            elected=tuple(Decision(**d) for d in data.get("elected", [])),
            eliminated=tuple(Decision(**d) for d in data.get("eliminated", [])),
            transfer_values=tuple(
                TransferValue(
                    value_received=decode_value(t["value_received"]),
                    transfer_value=decode_value(t["transfer_value"]),
                    papers=int(t["papers"]),
                )
                for t in data.get("transfer_values", [])
            ),
            data=dict(data.get("data", {})),
        )


@dataclass(frozen=True)
class Result:
    """The frozen outcome of a count.

    ``winners`` are in the order they were elected (or ranked). ``ranking`` is the
    full order where the method gives one, best first, as tiers of tied candidates
    (ties are only broken where they decide a seat). ``seed`` is the lottery seed
    used for any tie decided by lot; ``ballot_checksum`` the SHA-256 of the
    canonical ballot text (see ``Ballots.canonical_text``).
    """

    method: str
    method_version: str
    candidates: tuple[str, ...]
    seats: int
    winners: tuple[str, ...]
    rounds: tuple[Round, ...]
    tie_breaks: tuple[TieBreak, ...]
    ballot_checksum: str
    seed: str
    ballots: int
    empty_ballots: int = 0
    ranking: tuple[tuple[str, ...], ...] = ()
    quota: Value | None = None
    data: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "method": self.method,
            "method_version": self.method_version,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "winners": list(self.winners),
            "ranking": [list(tier) for tier in self.ranking],
            "quota": None if self.quota is None else encode_value(self.quota),
            "ballots": self.ballots,
            "empty_ballots": self.empty_ballots,
            "ballot_checksum": self.ballot_checksum,
            "seed": self.seed,
            "rules": dict(self.rules),
            "rounds": [r.to_dict() for r in self.rounds],
            "tie_breaks": [
                {
                    "round": t.round,
                    "purpose": t.purpose,
                    "tied": list(t.tied),
                    "rule": t.rule,
                    "chosen": list(t.chosen),
                    "detail": t.detail,
                    "tickets": dict(t.tickets),
                }
                for t in self.tie_breaks
            ],
            "data": self.data,
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        if data.get("format") != RESULT_FORMAT:
            raise CountingError(f"not a counting result in format {RESULT_FORMAT}")
        quota = data.get("quota")
        return cls(
            method=str(data["method"]),
            method_version=str(data["method_version"]),
            candidates=tuple(data["candidates"]),
            seats=int(data["seats"]),
            winners=tuple(data["winners"]),
            ranking=tuple(tuple(tier) for tier in data.get("ranking", [])),
            quota=None if quota is None else decode_value(quota),
            ballots=int(data["ballots"]),
            empty_ballots=int(data.get("empty_ballots", 0)),
            ballot_checksum=str(data["ballot_checksum"]),
            seed=str(data["seed"]),
            rounds=tuple(Round.from_dict(r) for r in data["rounds"]),
            tie_breaks=tuple(
                TieBreak(
                    round=int(t["round"]),
                    purpose=str(t["purpose"]),
                    tied=tuple(t["tied"]),
                    rule=str(t["rule"]),
                    chosen=tuple(t["chosen"]),
                    detail=str(t["detail"]),
                    tickets=dict(t.get("tickets", {})),
                )
                for t in data.get("tie_breaks", [])
            ),
            data=dict(data.get("data", {})),
            rules=dict(data.get("rules", {})),
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls.from_dict(json.loads(text))


@dataclass
class Outcome:
    """What a counting method hands back to ``count`` (indices, not ids)."""

    winners: list[int]
    rounds: list[Round]
    ranking: list[list[int]] = field(default_factory=list)
    quota: Value | None = None
    data: dict[str, Any] = field(default_factory=dict)
