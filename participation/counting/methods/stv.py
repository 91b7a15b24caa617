"""Single transferable vote under the Scottish Local Government Elections Order 2007.

Schedule 1, rules 45 to 52, as used for Scottish council elections:

* Rule 46: the quota is floor(valid ballot papers / (seats + 1)) + 1.
* Rule 47: a candidate whose votes equal or exceed the quota is elected.
* Rules 48 and 49: an elected candidate's surplus is transferred by sorting *all*
  their papers by next available preference (weighted inclusive Gregory); each
  transferable paper carries (surplus x its value when received) / (candidate's
  total), truncated to five decimal places. The largest surplus goes first; equal
  surpluses are ordered by the most recent earlier stage at which the candidates'
  votes differed (highest first), then by lot. Papers naming no continuing
  candidate are non-transferable. Every surplus is transferred once.
* Rules 50 and 51: when no surplus remains to transfer, the candidate with the
  fewest votes is excluded and all their papers move on at the value they carry.
  Ties go back to the most recent earlier stage at which the tied candidates'
  votes differed (lowest is excluded), then to lot.
* Rule 52: when the continuing candidates are as many as the seats left, they are
  elected and nothing more is transferred.

Candidates already elected or excluded are skipped when a paper moves on ("next
available preference"), so an elected candidate never receives more votes, even
while their own surplus waits. All arithmetic is in whole numbers of
hundred-thousandths of a vote, so every figure is exact.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.methods._piles import Piles, exact_bincount, exhausted_of
from participation.counting.result import Decision, Outcome, Round, TransferValue
from participation.counting.tiebreak import HIGHEST, LOWEST, TieBreaker

VERSION = "scottish-2007/1"
SCALE = 100_000  # five decimal places


@lru_cache(maxsize=4096)
def _as_decimal(scaled: int) -> Decimal:
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), SCALE)
    return Decimal(f"{sign}{whole}.{part:05d}")


def as_decimal(scaled) -> Decimal:
    """Hundred-thousandths of a vote as an exact Decimal with five places."""
    return _as_decimal(int(scaled))


def count_stv(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    return _ScottishCount(ballots, seats, tiebreaker).run()


class _ScottishCount:
    def __init__(self, ballots: Ballots, seats: int, tiebreaker: TieBreaker):
        self.names = ballots.candidates
        self.n = len(self.names)
        self.seats = seats
        self.tiebreaker = tiebreaker
        self.piles = Piles(ballots)
        # Valid papers have a first preference once the ballot rules are applied.
        self.valid = int(self.piles.counts[self.piles.holder >= 0].sum())
        self.quota_votes = self.valid // (seats + 1) + 1
        self.quota = self.quota_votes * SCALE
        self.value = np.full(len(self.piles.rows), SCALE, dtype=np.int64)
        self.votes = self.piles.tally(self.value)
        self.elected: list[int] = []
        self.surplus_done: set[int] = set()
        # Running totals (in units of 1/SCALE) of papers counting for nobody, by why.
        self.inactive = self.piles.inactive_at_start(self.value)
        self.lost = 0
        self.history = [self.votes.copy()]
        self.rounds: list[Round] = []

    # ------------------------------------------------------------------ the count

    def run(self) -> Outcome:
        elected_now = self._elect_reaching_quota()
        self._record("First preferences counted", elected=elected_now)
        while len(self.elected) < self.seats:
            continuing = self._continuing()
            vacancies = self.seats - len(self.elected)
            if len(continuing) <= vacancies:
                self._fill_last_vacancies(continuing)
                break
            waiting = [
                c for c in self.elected if c not in self.surplus_done and self.votes[c] > self.quota
            ]
            if waiting:
                largest, _ = self._pick(
                    waiting, HIGHEST, "choose whose equal surplus is transferred first (rule 49)"
                )
                self._transfer_surplus(largest)
            else:
                self._exclude(*self._pick(continuing, LOWEST, "exclude (rule 51)"))
            self.history.append(self.votes.copy())
            elected_now = self._elect_reaching_quota()
            self.rounds[-1] = _with_elected(self.rounds[-1], elected_now)
        return Outcome(
            winners=list(self.elected),
            rounds=self.rounds,
            quota=self.quota_votes,
            data={
                "valid_ballots": self.valid,
                "quota": self.quota_votes,
                "lost_to_truncation": str(as_decimal(self.lost)),
            },
        )

    def _continuing(self) -> list[int]:
        return [int(c) for c in np.flatnonzero(self.piles.continuing[: self.n])]

    def _elect_reaching_quota(self) -> tuple[Decision, ...]:
        reached = [c for c in self._continuing() if self.votes[c] >= self.quota]
        # Several at once are listed by votes, then by earlier stages; the order of
        # their surplus transfers is decided separately (rule 49).
        reached.sort(key=lambda c: (*(-int(h[c]) for h in reversed(self.history)), self.names[c]))
        decisions = []
        for c in reached:
            if len(self.elected) == self.seats:
                break
            self.piles.continuing[c] = False
            self.elected.append(c)
            decisions.append(
                Decision(
                    self.names[c],
                    f"reached the quota of {self.quota_votes} ({as_decimal(self.votes[c])})",
                )
            )
        return tuple(decisions)

    def _fill_last_vacancies(self, continuing: list[int]) -> None:
        continuing = sorted(continuing, key=lambda c: (-int(self.votes[c]), self.names[c]))
        vacancies = self.seats - len(self.elected)
        if len(continuing) == 1:
            reason = "the only continuing candidate for the last seat (rule 52)"
        else:
            reason = (
                f"the {len(continuing)} continuing candidates fill the {vacancies}"
                " remaining seats (rule 52)"
            )
        decisions = []
        for c in continuing:
            self.piles.continuing[c] = False
            self.elected.append(c)
            decisions.append(Decision(self.names[c], reason))
        self._record(
            "Continuing candidates fill the remaining seats; no further transfers",
            elected=tuple(decisions),
        )

    def _pick(self, among: list[int], prefer: str, purpose: str) -> tuple[int, bool]:
        """The candidate of ``among`` with the most votes (``prefer`` HIGHEST) or the
        fewest (LOWEST), and whether a tie had to be broken to find them."""
        target = (max if prefer == HIGHEST else min)(int(self.votes[c]) for c in among)
        tied = [c for c in among if self.votes[c] == target]
        if len(tied) == 1:
            return tied[0], False
        chosen = self.tiebreaker.choose_one(
            tied,
            round_number=len(self.history) + 1,
            purpose=purpose,
            history=self.history,
            prefer=prefer,
            show=lambda v: str(as_decimal(v)),
        )
        return chosen, True

    # --------------------------------------------------------------- transfers

    def _transfer_surplus(self, candidate: int) -> None:
        total = int(self.votes[candidate])
        surplus = total - self.quota
        which = self.piles.take(candidate)
        received = self.value[which]
        # Few distinct values sit in one pile; compute each transfer value in Python
        # integers so no product can overflow.
        distinct, position = np.unique(received, return_inverse=True)
        values = [surplus * int(v) // total for v in distinct.tolist()]
        transfer_value = np.asarray(values, dtype=np.int64)[position]
        papers = self.piles.counts[which]
        paper_totals = np.bincount(position, weights=papers, minlength=len(distinct))
        breakdown = tuple(
            TransferValue(as_decimal(v), as_decimal(tv), round(p))
            for v, tv, p in zip(distinct.tolist(), values, paper_totals.tolist(), strict=True)
        )
        new_holders = self.piles.advance(which)
        moving_value = papers * transfer_value
        arriving = new_holders >= 0
        gained = exact_bincount(new_holders[arriving], moving_value[arriving], self.n)
        non_transferable = int(moving_value[~arriving].sum())
        self._add_inactive(which[~arriving], moving_value[~arriving])
        lost = surplus - int(moving_value.sum())
        self.value[which] = transfer_value
        self.votes = self.votes + gained
        self.votes[candidate] = self.quota
        self.lost += lost
        self.surplus_done.add(candidate)
        transfers = {self.names[i]: as_decimal(gained[i]) for i in range(self.n) if gained[i]}
        transfers[self.names[candidate]] = as_decimal(-surplus)
        self._record(
            f"Surplus of {self.names[candidate]} ({as_decimal(surplus)}) transferred",
            transfers=transfers,
            transfer_values=breakdown,
            data={
                "surplus": str(as_decimal(surplus)),
                "non_transferable": str(as_decimal(non_transferable)),
                "lost_to_truncation": str(as_decimal(lost)),
            },
        )

    def _exclude(self, candidate: int, tie: bool) -> None:
        fewest = int(self.votes[candidate])
        self.piles.continuing[candidate] = False
        which = self.piles.take(candidate)
        new_holders = self.piles.advance(which)
        moving_value = self.piles.counts[which] * self.value[which]
        arriving = new_holders >= 0
        gained = exact_bincount(new_holders[arriving], moving_value[arriving], self.n)
        non_transferable = int(moving_value[~arriving].sum())
        self._add_inactive(which[~arriving], moving_value[~arriving])
        self.votes = self.votes + gained
        self.votes[candidate] = 0
        transfers = {self.names[i]: as_decimal(gained[i]) for i in range(self.n) if gained[i]}
        transfers[self.names[candidate]] = as_decimal(-fewest)
        stage = len(self.history)
        reason = f"fewest votes ({as_decimal(fewest)}) after stage {stage}"
        if tie:
            reason = f"tied for fewest votes ({as_decimal(fewest)}); tie broken, see tie-breaks"
        self._record(
            f"{self.names[candidate]} excluded; their papers transferred",
            transfers=transfers,
            eliminated=(Decision(self.names[candidate], reason),),
            data={"non_transferable": str(as_decimal(non_transferable))},
        )

    # ------------------------------------------------------------------ records

    def _add_inactive(self, which: np.ndarray, values: np.ndarray) -> None:
        gone = self.piles.exits(which, values)
        self.inactive = {reason: self.inactive[reason] + gone[reason] for reason in self.inactive}

    def _record(self, action: str, **fields) -> None:
        self.rounds.append(
            Round(
                number=len(self.rounds) + 1,
                action=action,
                counts={name: as_decimal(self.votes[i]) for i, name in enumerate(self.names)},
                exhausted=as_decimal(exhausted_of(self.inactive)),
                inactive={reason: as_decimal(v) for reason, v in self.inactive.items()},
                **fields,
            )
        )


def _with_elected(record: Round, elected: tuple[Decision, ...]) -> Round:
    return replace(record, elected=record.elected + elected) if elected else record
