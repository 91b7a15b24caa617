"""The Method of Equal Shares for approval ballots, completed by seq-Phragmén.

Every voter who approved at least one candidate starts with 1 token. A seat costs
``voters / seats`` tokens (so the budget buys exactly every seat). In each round the
candidate whose supporters can pay the price while each pays the *least* is elected:
their supporters share the cost as equally as their remaining tokens allow (anyone
with fewer tokens than the equal share pays everything they have, the others pay
the same amount rho). A group of voters holding a quarter of the tokens can buy a
quarter of the seats, which is what gives minorities their share.

When no candidate's supporters can afford a seat any more, the committee is
completed with sequential Phragmén, starting from the tokens voters have left:
everybody is given extra tokens at the same rate, and the first candidate whose
supporters together hold the price is elected, emptying their supporters' tokens.
This is the Phragmén completion of Peters and Skowron's "Rule X" and the default
"equal-shares" rule of the abcvoting library.

Exact arithmetic throughout (fractions). Voters are handled in classes of voters who
approved the same elected candidates, who always hold the same number of tokens.
Ties (equal cost per supporter, or equal Phragmén time) go to the candidate with
more approvals, then to the seeded lot.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from participation.counting.ballots import Ballots
from participation.counting.methods._common import column_tallies
from participation.counting.result import Decision, Outcome, Round, encode_value, format_value
from participation.counting.tiebreak import HIGHEST, TieBreaker

VERSION = "mes-phragmen/1"


def count_equal_shares(ballots: Ballots, seats: int, tiebreaker: TieBreaker) -> Outcome:
    names = ballots.candidates
    n = len(names)
    rows, counts = ballots.rows, ballots.counts
    voters = ballots.valid
    price = Fraction(voters, seats)
    approvals = column_tallies(ballots).tolist()
    # Voters in the same class approved the same elected candidates so far.
    voter_class = np.zeros(len(rows), dtype=np.int64)
    money: list[Fraction] = [Fraction(1)]
    winners: list[int] = []
    rounds: list[Round] = []
    phase_one_seats = 0
    extra = Fraction(0)  # tokens handed to everybody during the completion
    completing = False

    while len(winners) < seats:
        supporters = _supporters_by_class(rows, counts, voter_class, len(money), n)
        open_candidates = [c for c in range(n) if c not in winners]
        holdings = {
            c: sum((int(supporters[g, c]) * money[g] for g in range(len(money))), Fraction(0))
            for c in open_candidates
        }
        costs = {}
        if not completing:
            for c in open_candidates:
                rho = _cost_per_supporter(supporters[:, c], money, price)
                if rho is not None:
                    costs[c] = rho
            completing = not costs
        number = len(rounds) + 1
        if costs:
            chosen, rho = _lowest(
                costs, approvals, tiebreaker, number, "elect (equal cost per supporter)"
            )
            paying = int(supporters[:, chosen].sum())
            reason = (
                f"lowest cost per supporter: its {paying} supporters pay at most"
                f" {format_value(rho)} token{'' if rho == 1 else 's'} each"
            )
            new_money = [m - min(m, rho) for m in money]
            action = f"{names[chosen]} elected by equal shares"
            data = {
                "phase": "equal shares",
                "price": encode_value(price),
                "cost_per_supporter": {names[c]: encode_value(costs[c]) for c in costs},
            }
            counts_shown = holdings
            phase_one_seats += 1
        else:
            times = {}
            for c in open_candidates:
                backers = int(supporters[:, c].sum())
                if backers:
                    times[c] = (price - holdings[c]) / backers
            if not times:
                # Nobody left has a single supporter: the seat is filled by lot.
                chosen = tiebreaker.choose_one(
                    open_candidates,
                    round_number=number,
                    purpose="fill a seat nobody supports",
                    prefer=HIGHEST,
                )
                reason = "no remaining candidate has any supporter; chosen by lot"
                new_money = list(money)
                data = {"phase": "completion (seq-Phragmén)", "price": encode_value(price)}
                counts_shown = holdings
            else:
                chosen, best = _lowest(
                    times, approvals, tiebreaker, number, "elect (equal Phragmén time)"
                )
                extra += best
                reason = (
                    f"completion: first whose supporters hold the price once every voter"
                    f" gets {format_value(best)} more token{'' if best == 1 else 's'}"
                )
                # Money is measured at the moment of purchase; supporters then hold 0.
                money = [m + best for m in money]
                new_money = [Fraction(0)] * len(money)
                data = {
                    "phase": "completion (seq-Phragmén)",
                    "price": encode_value(price),
                    "extra_tokens_so_far": encode_value(extra),
                    "extra_tokens_needed": {names[c]: encode_value(times[c]) for c in times},
                }
                counts_shown = {
                    c: holdings[c] + best * int(supporters[:, c].sum()) for c in open_candidates
                }
            action = f"{names[chosen]} elected by the completion"
        winners.append(chosen)
        rounds.append(
            Round(
                number=number,
                action=action,
                counts={names[c]: (counts_shown.get(c, 0)) for c in range(n)},
                measure="tokens held by supporters",
                elected=(Decision(names[chosen], reason),),
                data=data,
            )
        )
        voter_class, money = _split_classes(rows, voter_class, chosen, money, new_money)
    return Outcome(
        winners=winners,
        rounds=rounds,
        data={
            "voters": voters,
            "price": encode_value(price),
            "seats_by_equal_shares": phase_one_seats,
        },
    )


def _supporters_by_class(rows, counts, voter_class, n_classes, n) -> np.ndarray:
    """supporters[g, c]: voters in class g who approve candidate c."""
    table = np.zeros(n_classes * n, dtype=np.int64)
    for j in range(rows.shape[1]):
        present = rows[:, j] >= 0
        if not present.any():
            continue
        index = voter_class[present] * n + rows[present, j]
        table += np.rint(
            np.bincount(index, weights=counts[present], minlength=n_classes * n)
        ).astype(np.int64)
    return table.reshape(n_classes, n)


def _cost_per_supporter(column: np.ndarray, money: list[Fraction], price: Fraction):
    """Smallest rho with sum over supporters of min(tokens, rho) == price, or None."""
    groups = sorted((money[g], int(column[g])) for g in range(len(money)) if column[g] > 0)
    if sum((m * k for m, k in groups), Fraction(0)) < price:
        return None
    paid = Fraction(0)
    remaining = sum(k for _, k in groups)
    for tokens, size in groups:
        rho = (price - paid) / remaining
        if rho <= tokens:
            return rho
        paid += tokens * size
        remaining -= size
    return None  # pragma: no cover - excluded by the affordability check above


def _lowest(values, approvals, tiebreaker, number, purpose) -> tuple[int, Fraction]:
    """The candidate with the lowest of ``values`` (candidate -> cost or time), a tie
    broken by ``purpose`` (approvals first, then the lot), and its value."""
    best = min(values.values())
    tied = [c for c in values if values[c] == best]
    if len(tied) == 1:
        return tied[0], best
    chosen = tiebreaker.choose_one(
        tied,
        round_number=number,
        purpose=purpose,
        history=[approvals],
        history_names=["approvals"],
        prefer=HIGHEST,
    )
    return chosen, best


def _split_classes(rows, voter_class, chosen, money, new_money):
    """Move the chosen candidate's supporters into classes of their own."""
    approves = np.zeros(len(rows), dtype=bool)
    for j in range(rows.shape[1]):
        approves |= rows[:, j] == chosen
    combined = voter_class * 2 + approves
    labels, voter_class = np.unique(combined, return_inverse=True)
    money = [new_money[label // 2] if label % 2 else money[label // 2] for label in labels.tolist()]
    return voter_class.astype(np.int64), money
