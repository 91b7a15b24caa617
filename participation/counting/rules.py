"""Ballot rules: how a marked paper ballot becomes a ranking that can be counted.

Real ballots are messy. A voter may mark two candidates at one rank (an
*over-vote*), leave ranks out (*skipped ranks*), mark the same candidate twice
(a *repeated candidate*) or mark nothing (a *blank ballot*). Election laws say what
happens to each; the rules here name the common choices, as RCTab does, so a count
states which it used and anyone can repeat it:

``overvote``
    ``exhaust`` (the default; Minneapolis and Burlington-style IRV): the ballot
    stops at the over-voted rank. ``skip``: the over-voted rank is passed over and
    the next rank counts (a ballot whose last mark is a passed-over over-vote is
    shown as stopped by it). ``exhaust-if-multiple``: when the count reaches that rank,
    the ballot stops only if more than one of the marked candidates is still in
    the count; if one is, it counts for that one; if none is, the next rank counts.
    (For methods that never eliminate, every candidate is always still in the count,
    so this is the same as ``exhaust``.)
``skipped_ranks``
    ``None`` (the default): skip any number of unmarked ranks. A number N: a ballot
    stops where a mark follows more than N unmarked ranks in a row (RCTab's
    "maximum skipped ranks allowed"; Minneapolis allowed 1).
``repeated``
    ``ignore`` (the default): a candidate marked again at a later rank is passed
    over there. ``exhaust``: the ballot stops at the repeat. ``refuse``: the file is
    refused, naming the line.

A blank ballot always counts as cast and is shown as inactive from the first round.

``apply_rules`` takes one ballot as its ranks, each rank a tuple of candidate
indices (``()`` for an unmarked rank, ``None`` for an over-vote whose candidates the
record does not name), and returns the ranking as groups (a group of several
candidates only under ``exhaust-if-multiple``) and why it stops early, if it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from participation.counting.errors import RuleError, SetupError

EXHAUST = "exhaust"
SKIP = "skip"
EXHAUST_IF_MULTIPLE = "exhaust-if-multiple"
OVERVOTE_RULES = (EXHAUST, SKIP, EXHAUST_IF_MULTIPLE)

IGNORE = "ignore"
REFUSE = "refuse"
REPEATED_RULES = (IGNORE, EXHAUST, REFUSE)

# Why a ballot counts for nobody. The order is the order of the codes used in counts
# (code = position + 1; 0 means "still counting").
BLANK = "blank"
OVERVOTE = "overvote"
SKIPPED = "skipped"
REPEATED = "repeated"
NO_PREFERENCE = "no-preference"
REASONS = (BLANK, OVERVOTE, SKIPPED, REPEATED, NO_PREFERENCE)
REASON_CODE = {reason: code for code, reason in enumerate(REASONS, start=1)}
REASON_WORDS = {
    BLANK: "blank ballots",
    OVERVOTE: "over-votes",
    SKIPPED: "too many skipped ranks",
    REPEATED: "repeated candidates",
    NO_PREFERENCE: "no continuing preference",
}

Rank = tuple[int, ...] | None
Groups = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class BallotRules:
    """The named rules a count applies to marked ballots (see the module docstring)."""

    overvote: str = EXHAUST
    skipped_ranks: int | None = None
    repeated: str = IGNORE

    def __post_init__(self):
        if self.overvote not in OVERVOTE_RULES:
            raise SetupError(
                f"unknown over-vote rule {self.overvote!r}; use one of {', '.join(OVERVOTE_RULES)}"
            )
        if self.repeated not in REPEATED_RULES:
            raise SetupError(
                f"unknown repeated-candidate rule {self.repeated!r}; use one of"
                f" {', '.join(REPEATED_RULES)}"
            )
        skipped = self.skipped_ranks
        if skipped is not None and (
            isinstance(skipped, bool) or not isinstance(skipped, int) or skipped < 0
        ):
            raise SetupError(
                f"the skipped-ranks limit must be a whole number of 0 or more, not {skipped!r}"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "overvote": self.overvote,
            "skipped_ranks": "any" if self.skipped_ranks is None else self.skipped_ranks,
            "repeated": self.repeated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BallotRules:
        skipped = data.get("skipped_ranks", "any")
        return cls(
            overvote=str(data.get("overvote", EXHAUST)),
            skipped_ranks=None if skipped in (None, "any") else int(skipped),
            repeated=str(data.get("repeated", IGNORE)),
        )

    def describe(self) -> str:
        """The rules in one line, as the command line and reports show them."""
        skipped = (
            "any number skipped"
            if self.skipped_ranks is None
            else f"at most {self.skipped_ranks} skipped in a row"
        )
        return (
            f"over-votes: {self.overvote}; skipped ranks: {skipped};"
            f" repeated candidates: {self.repeated}"
        )


DEFAULT_RULES = BallotRules()


def apply_rules(
    ranks: Sequence[Rank], rules: BallotRules, names: Sequence[str] = ()
) -> tuple[Groups, str | None]:
    """One marked ballot as counted: ``(groups, reason it stops early or None)``.

    Raises ``RuleError`` (naming the flag) where the rules cannot apply: a repeat
    under ``repeated="refuse"``, or an over-vote that names no candidates under
    ``exhaust-if-multiple``.
    """
    groups: list[tuple[int, ...]] = []
    seen: set[int] = set()
    unmarked = 0
    # An over-vote passed over as the ballot's last mark is why it stops (as RCTab).
    ends_in_overvote = False
    for rank in ranks:
        if rank is not None and not rank:
            unmarked += 1
            continue
        if rules.skipped_ranks is not None and unmarked > rules.skipped_ranks:
            return tuple(groups), SKIPPED
        unmarked = 0
        if rank is None:
            if rules.overvote == EXHAUST:
                return tuple(groups), OVERVOTE
            if rules.overvote == SKIP:
                ends_in_overvote = True
                continue
            raise RuleError(
                "the ballot has an over-vote that does not say which candidates were marked,"
                " so the rule 'exhaust-if-multiple' cannot tell who is still in the count",
                flag="--overvote exhaust (or skip)",
            )
        members = tuple(dict.fromkeys(rank))
        if any(c in seen for c in members):
            if rules.repeated == REFUSE:
                twice = next(c for c in members if c in seen)
                who = repr(names[twice]) if names else f"candidate {twice + 1}"
                raise RuleError(
                    f"the ballot ranks {who} more than once",
                    flag="--repeated ignore (or exhaust)",
                )
            if rules.repeated == EXHAUST:
                return tuple(groups), REPEATED
            members = tuple(c for c in members if c not in seen)
            if not members:
                continue
        if len(members) > 1:
            if rules.overvote == EXHAUST:
                return tuple(groups), OVERVOTE
            if rules.overvote == SKIP:
                # Marked, though passed over: marking them again later is a repeat.
                seen.update(members)
                ends_in_overvote = True
                continue
        groups.append(members)
        seen.update(members)
        ends_in_overvote = False
    return tuple(groups), OVERVOTE if ends_in_overvote else None
