"""Properties every count must have, checked on random elections."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from participation.counting import METHODS, Ballots, count
from participation.counting.tiebreak import lottery_ticket
from tests.properties import many


@st.composite
def rankings(draw, min_candidates=2, max_candidates=6, max_ballots=25):
    n = draw(st.integers(min_candidates, max_candidates))
    ballot = st.tuples(st.permutations(range(n)), st.integers(1, n)).map(lambda p: p[0][: p[1]])
    return n, [list(b) for b in draw(st.lists(ballot, min_size=1, max_size=max_ballots))]


@st.composite
def approvals(draw, max_candidates=6, max_ballots=25):
    n = draw(st.integers(2, max_candidates))
    ballot = st.sets(st.integers(0, n - 1), min_size=1, max_size=n)
    return n, [sorted(b) for b in draw(st.lists(ballot, min_size=1, max_size=max_ballots))]


def names(n):
    return [f"c{i}" for i in range(n)]


def ranked(n, ballots):
    return Ballots.ranked(names(n), [[f"c{c}" for c in b] for b in ballots])


@many(300)
@given(rankings(), st.integers(1, 30))
def test_a_majority_of_first_preferences_wins_irv(election, extra):
    n, ballots = election
    # Give c0 more first preferences than all the others together.
    others = sum(1 for b in ballots if b[0] != 0)
    ballots = ballots + [[0]] * (others + 1)
    result = count("irv", ballots=ranked(n, ballots))
    assert result.winners == ("c0",)
    assert len(result.rounds) == 1


@many(300)
@given(rankings(min_candidates=3), st.data())
def test_a_candidate_with_a_quota_of_first_preferences_is_elected(election, data):
    n, ballots = election
    seats = data.draw(st.integers(1, n - 1))
    result = count("stv", ballots=ranked(n, ballots), seats=seats)
    first = result.rounds[0].counts
    for name, votes in first.items():
        if votes >= result.quota:
            assert name in result.winners
    assert len(result.winners) == seats


@many(300)
@given(rankings(min_candidates=3), st.data())
def test_stv_conserves_every_vote(election, data):
    n, ballots = election
    seats = data.draw(st.integers(1, n - 1))
    result = count("stv", ballots=ranked(n, ballots), seats=seats)
    lost = Decimal(0)
    valid = result.data["valid_ballots"]
    for record in result.rounds:
        lost += Decimal(record.data.get("lost_to_truncation", "0"))
        assert sum(record.counts.values()) + record.exhausted + lost == valid
        assert all(v >= 0 for v in record.counts.values())
    # An elected candidate's total never rises after election.
    for name in result.winners:
        elected_at = next(
            r.number for r in result.rounds if any(d.candidate == name for d in r.elected)
        )
        totals = [r.counts[name] for r in result.rounds[elected_at - 1 :]]
        assert totals == sorted(totals, reverse=True)


def _shuffle(ballots, seed):
    shuffled = list(ballots)
    random.Random(seed).shuffle(shuffled)
    return shuffled


@many(300)
@given(
    rankings(min_candidates=3),
    st.sampled_from(["plurality", "irv", "stv", "schulze", "borda"]),
    st.integers(0, 10**6),
)
def test_ranked_results_do_not_depend_on_ballot_or_candidate_order(election, method, seed):
    n, ballots = election
    seats = 2 if METHODS[method].multiple_seats else 1
    first = count(method, ballots=ranked(n, ballots), seats=seats)
    again = count(method, ballots=ranked(n, _shuffle(ballots, seed)), seats=seats)
    assert again.to_dict() == first.to_dict()
    reordered = Ballots.ranked(_shuffle(names(n), seed), [[f"c{c}" for c in b] for b in ballots])
    other = count(method, ballots=reordered, seats=seats)
    assert other.winners == first.winners
    assert other.ballot_checksum == first.ballot_checksum
    assert [t.chosen for t in other.tie_breaks] == [t.chosen for t in first.tie_breaks]


@many(200)
@given(approvals(max_candidates=5), st.sampled_from(["approval", "mes"]), st.integers(0, 10**6))
def test_approval_results_do_not_depend_on_ballot_order(election, method, seed):
    n, sets = election
    build = lambda s: Ballots.approval(names(n), [[f"c{c}" for c in b] for b in s])  # noqa: E731
    first = count(method, ballots=build(sets), seats=n - 1 if n > 2 else 1)
    again = count(
        method, ballots=build(_shuffle([b[::-1] for b in sets], seed)), seats=n - 1 if n > 2 else 1
    )
    assert again.to_dict() == first.to_dict()


@many(300)
@given(approvals(), st.data())
def test_equal_shares_gives_justified_representation(election, data):
    """No group of at least voters/seats voters who all approve one candidate is
    left with nobody they approve elected."""
    n, sets = election
    seats = data.draw(st.integers(1, n - 1))
    result = count(
        "mes", ballots=Ballots.approval(names(n), [[f"c{c}" for c in b] for b in sets]), seats=seats
    )
    winners = {int(w[1:]) for w in result.winners}
    assert len(winners) == seats
    for c in set(range(n)) - winners:
        unrepresented = [b for b in sets if c in b and not winners & set(b)]
        assert len(unrepresented) * seats < len(sets)


def test_equal_shares_gives_a_minority_its_share_where_approval_voting_does_not():
    majority = [["A", "B", "C", "D"]] * 20
    minority = [["X", "Y"]] * 10
    candidates = ["A", "B", "C", "D", "X", "Y"]
    ballots = majority + minority
    assert set(count("approval", candidates, ballots, seats=3).winners) <= {"A", "B", "C", "D"}
    shares = count("mes", candidates, ballots, seats=3, seed="shortlist")
    assert len(set(shares.winners) & {"X", "Y"}) == 1
    assert len(set(shares.winners) & {"A", "B", "C", "D"}) == 2


@many(300)
@given(rankings())
def test_a_condorcet_winner_wins_schulze(election):
    n, ballots = election
    result = count("schulze", ballots=ranked(n, ballots))
    d = result.rounds[0].data["pairwise"]
    for a in d:
        if all(d[a][b] > d[b][a] for b in d[a]):
            assert result.winners == (a,)


@many(300)
@given(rankings(), st.data())
def test_score_methods_elect_the_highest_scores(election, data):
    n, ballots = election
    seats = data.draw(st.integers(1, n - 1))
    for method in ("plurality", "borda"):
        result = count(method, ballots=ranked(n, ballots), seats=seats)
        scores = result.rounds[0].counts
        losers = set(scores) - set(result.winners)
        assert min(scores[w] for w in result.winners) >= max(scores[x] for x in losers)


@many(300)
@given(rankings(min_candidates=3), st.text(min_size=1, max_size=12))
def test_every_lot_can_be_replayed_from_the_seed(election, seed):
    n, ballots = election
    result = count("stv", ballots=ranked(n, ballots), seats=1, seed=seed)
    draw = 0
    for tie in result.tie_breaks:
        if not tie.tickets:
            continue
        draw += 1
        for name, ticket in tie.tickets.items():
            assert ticket == lottery_ticket(seed, draw, name)
        assert tie.chosen[0] == min(tie.tickets, key=tie.tickets.get)
    assert count("stv", ballots=ranked(n, ballots), seats=1, seed=seed) == result
