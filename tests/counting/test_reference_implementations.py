"""Thousands of random small elections, each counted here and by an independent
reference implementation: pref_voting for the ranked methods, pabutools for the
approval rules (and abcvoting's Method of Equal Shares when it is installed).

Where a tie is decided by lot the references cannot know our lottery, so either the
lot is replayed into them (Scottish STV, approval, equal shares, where the lottery
itself is recomputed here from its definition), or our winner must be among the
winners they allow under any tie-breaking (IRV, plurality, Borda, Schulze, which
also compare exactly when no tie-break was needed).
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pabutools.election import ApprovalBallot, ApprovalProfile, Cardinality_Sat, Instance, Project
from pabutools.fractions import frac
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
from pabutools.tiebreaking import TieBreakingRule
from pref_voting.iterative_methods import (
    instant_runoff_for_truncated_linear_orders,
    instant_runoff_put,
)
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.proportional_methods import stv_scottish
from pref_voting.scoring_methods import (
    borda_for_profile_with_ties,
    domination_borda_scores,
    plurality,
)

from participation.counting import Ballots, count
from tests.properties import many


@st.composite
def ranked_elections(draw, min_candidates=2, max_candidates=6, max_ballots=30, complete=False):
    n = draw(st.integers(min_candidates, max_candidates))
    lengths = st.just(n) if complete else st.integers(1, n)
    ballot = st.tuples(st.permutations(range(n)), lengths).map(lambda pair: pair[0][: pair[1]])
    rankings = draw(st.lists(ballot, min_size=1, max_size=max_ballots))
    return n, [list(r) for r in rankings]


@st.composite
def approval_elections(draw, max_candidates=6, max_ballots=25):
    n = draw(st.integers(2, max_candidates))
    ballot = st.sets(st.integers(0, n - 1), min_size=1, max_size=n)
    sets = draw(st.lists(ballot, min_size=1, max_size=max_ballots))
    seats = draw(st.integers(1, n - 1))
    return n, [sorted(s) for s in sets], seats


def ours(n: int, rankings: list[list[int]]) -> Ballots:
    return Ballots.ranked([str(c) for c in range(n)], [[str(c) for c in r] for r in rankings])


def theirs(n: int, rankings: list[list[int]]) -> ProfileWithTies:
    profile = ProfileWithTies(
        [{c: place for place, c in enumerate(r, start=1)} for r in rankings],
        candidates=list(range(n)),
    )
    profile.use_extended_strict_preference()  # ranked candidates beat unranked ones
    return profile


def indices(names) -> list[int]:
    return sorted(int(name) for name in names)


@many(600)
@given(ranked_elections())
def test_plurality_matches_pref_voting(election):
    n, rankings = election
    result = count("plurality", ballots=ours(n, rankings))
    profile = theirs(n, rankings)
    assert {int(c): v for c, v in result.rounds[0].counts.items()} == profile.plurality_scores()
    assert int(result.winners[0]) in plurality(profile)
    if not result.tie_breaks:
        assert [int(result.winners[0])] == plurality(profile)


@many(1000)
@given(ranked_elections())
def test_irv_matches_pref_voting(election):
    n, rankings = election
    result = count("irv", ballots=ours(n, rankings))
    profile = theirs(n, rankings)
    winner = int(result.winners[0])
    # Any tie-breaking at all: our winner is one pref_voting allows.
    assert winner in instant_runoff_put(profile)
    if not result.tie_breaks:
        assert [winner] == instant_runoff_for_truncated_linear_orders(profile)


@many(600)
@given(ranked_elections())
def test_borda_matches_pref_voting(election):
    n, rankings = election
    result = count("borda", ballots=ours(n, rankings))
    profile = theirs(n, rankings)
    scores = domination_borda_scores(profile)
    assert {int(c): v for c, v in result.rounds[0].counts.items()} == scores
    allowed = borda_for_profile_with_ties(profile, borda_scores=domination_borda_scores)
    assert int(result.winners[0]) in allowed
    if not result.tie_breaks:
        assert [int(result.winners[0])] == allowed


@many(600)
@given(ranked_elections())
def test_schulze_winning_votes_matches_pref_voting(election):
    n, rankings = election
    result = count("schulze", ballots=ours(n, rankings))
    profile = theirs(n, rankings)
    d = result.rounds[0].data["pairwise"]
    for a in range(n):
        for b in range(n):
            if a != b:
                assert d[str(a)][str(b)] == profile.support(a, b)
    reference = beat_path(profile, strength_function=profile.support)
    assert int(result.winners[0]) in reference
    if not result.tie_breaks:
        assert indices(result.ranking[0]) == reference


@many(300)
@given(ranked_elections(complete=True))
def test_schulze_on_complete_rankings_matches_the_margins_version(election):
    """With complete rankings winning votes and margins give the same winners."""
    n, rankings = election
    result = count("schulze", ballots=ours(n, rankings))
    reference = beat_path(theirs(n, rankings))
    assert int(result.winners[0]) in reference
    if not result.tie_breaks:
        assert indices(result.ranking[0]) == reference


class Replay:
    """Hands pref_voting's "by lot" decisions the ones our lottery made.

    pref_voting also asks for a lot where we hold none: to order equal surpluses
    after every seat is filled, and to order the truncation residues it transfers
    a second time (a known deviation it documents). Those calls get the lowest
    option and do not use up one of our decisions."""

    def __init__(self, picks):
        self.picks = list(picks)

    def choice(self, options):
        if self.picks and self.picks[0] in options:
            return self.picks.pop(0)
        return min(options)


def assert_scottish_stv_matches_pref_voting(election, data):
    """Our STV winners for a number of seats drawn from ``data`` are pref_voting's,
    its lots replayed from ours."""
    n, rankings = election
    seats = data.draw(st.integers(1, n - 1))
    result = count("stv", ballots=ours(n, rankings), seats=seats)
    lots = [int(tie.chosen[0]) for tie in result.tie_breaks if "lot" in tie.rule]
    reference = stv_scottish(theirs(n, rankings), num_seats=seats, rng=Replay(lots))
    assert indices(result.winners) == sorted(reference)


@many(1500)
@given(ranked_elections(min_candidates=2, max_candidates=6), st.data())
def test_scottish_stv_matches_pref_voting(election, data):
    assert_scottish_stv_matches_pref_voting(election, data)


@many(300)
@given(ranked_elections(min_candidates=3, max_candidates=5, max_ballots=300), st.data())
def test_scottish_stv_matches_pref_voting_with_more_voters(election, data):
    assert_scottish_stv_matches_pref_voting(election, data)


# ----------------------------------------------------------------- approval rules


def pabutools_election(n, sets, seats):
    projects = [Project(str(c), 1) for c in range(n)]
    instance = Instance(projects, budget_limit=seats)
    profile = ApprovalProfile([ApprovalBallot([projects[c] for c in s]) for s in sets])
    return projects, instance, profile


def approval_ballots(n, sets) -> Ballots:
    return Ballots.approval([str(c) for c in range(n)], [[str(c) for c in s] for s in sets])


def ticket(seed: str, draw: int, candidate: str) -> str:
    """Our published lottery (docs/counting.md), recomputed here from its definition."""
    return hashlib.sha256(f"{seed}:{draw}:{candidate}".encode()).hexdigest()


class ReplayOrder(TieBreakingRule):
    """pabutools tie-breaking that picks the project earliest in ``order``, and keeps
    every tie pabutools met (the names tied), to compare with the ties we logged."""

    def __init__(self, order):
        position = {name: i for i, name in enumerate(order)}
        super().__init__(lambda _instance, _profile, project: position[project.name])
        self.ties: list[list[str]] = []

    def order(self, instance, profile, projects, key=None):
        if len(projects) > 1:
            self.ties.append(sorted(p.name for p in projects))
        return super().order(instance, profile, projects, key)


def approval_winners_by_hand(n, sets, seats, seed):
    """Top ``seats`` by approvals; a score tier straddling the last seat is split by
    lot, smallest ticket first (the only lottery approval voting holds: draw 1)."""
    scores = [sum(c in s for s in sets) for c in range(n)]
    last = sorted(scores, reverse=True)[seats - 1]
    sure = [c for c in range(n) if scores[c] > last]
    tied = [c for c in range(n) if scores[c] == last]
    needed = seats - len(sure)
    drawn = sorted(tied, key=lambda c: ticket(seed, 1, str(c)))[:needed]
    return scores, sorted(sure + drawn), tied if needed < len(tied) else []


@many(600)
@given(approval_elections())
def test_approval_top_k_matches_a_count_by_hand_and_pabutools(election):
    n, sets, seats = election
    result = count("approval", ballots=approval_ballots(n, sets), seats=seats)
    scores, winners, lottery = approval_winners_by_hand(n, sets, seats, result.seed)
    assert [result.rounds[0].counts[str(c)] for c in range(n)] == scores
    assert indices(result.winners) == winners
    # A lottery is held exactly when a tier straddles the last seat, among that tier.
    assert [indices(tie.tied) for tie in result.tie_breaks] == ([lottery] if lottery else [])
    # pabutools' greedy welfare, its ties broken by the same tickets, agrees.
    _, instance, profile = pabutools_election(n, sets, seats)
    chosen = greedy_utilitarian_welfare(
        instance,
        profile,
        sat_class=Cardinality_Sat,
        tie_breaking=TieBreakingRule(lambda _i, _p, project: ticket(result.seed, 1, project.name)),
    )
    assert sorted(int(p.name) for p in chosen) == winners


def assert_equal_shares_ties_went_by_approvals_then_lot(result, sets):
    """Each tie went to the tied candidate with most approvals, then to the smallest
    ticket of the count's next lottery draw."""
    approvals = {str(c): sum(c in s for s in sets) for c in range(len(result.candidates))}
    draw = 0
    for tie in result.tie_breaks:
        if "nobody supports" in tie.purpose:
            most = list(tie.tied)  # nobody approves any of them: straight to the lot
        else:
            best = max(approvals[c] for c in tie.tied)
            most = [c for c in tie.tied if approvals[c] == best]
        if len(most) == 1:
            assert tie.chosen == (most[0],) and "lot" not in tie.rule
        else:
            draw += 1
            assert tie.chosen == (min(most, key=lambda c: ticket(result.seed, draw, c)),)


@many(1000)
@given(approval_elections())
def test_equal_shares_with_phragmen_completion_matches_pabutools(election):
    """pabutools computes the equal-shares phase; its seq-Phragmén then completes the
    committee from the loads voters carry out of that phase (what each spent).

    Ties: pabutools is handed our choices (among the projects it finds tied, the one
    we elected first). Until the two counts differ that is exactly the candidate we
    chose, so a choice outside the tie shows up as a different committee; the ties
    pabutools met must be the ones we logged, and how we chose is checked on its own."""
    n, sets, seats = election
    result = count("mes", ballots=approval_ballots(n, sets), seats=seats)
    assert_equal_shares_ties_went_by_approvals_then_lot(result, sets)
    replay = ReplayOrder(
        [*result.winners, *(c for c in result.candidates if c not in result.winners)]
    )
    _projects, instance, profile = pabutools_election(n, sets, seats)
    phase_one = result.winners[: result.data["seats_by_equal_shares"]]
    allocation = method_of_equal_shares(
        instance, profile, sat_class=Cardinality_Sat, tie_breaking=replay, analytics=True
    )
    assert [p.name for p in allocation] == list(phase_one)
    steps = [
        i for i in allocation.details.iterations if i.voters_budget_after_selection is not None
    ]
    start = frac(seats, len(sets))
    budgets = steps[-1].voters_budget_after_selection if steps else [start] * len(sets)
    completed = sequential_phragmen(
        instance,
        profile,
        initial_loads=[start - b for b in budgets],
        initial_budget_allocation=list(allocation),
        tie_breaking=replay,
    )
    assert indices(result.winners) == sorted(int(p.name) for p in completed)
    # The same ties, among the same candidates, in the same order.
    assert replay.ties == [sorted(tie.tied) for tie in result.tie_breaks]


@many(300)
@given(approval_elections())
def test_equal_shares_matches_abcvoting_when_installed(election):
    """abcvoting is not a test requirement (pabutools above is): without it this is
    skipped, saying so, rather than passing."""
    abcrules = pytest.importorskip(
        "abcvoting.abcrules", reason="abcvoting is not installed: pip install abcvoting"
    )
    preferences = pytest.importorskip("abcvoting.preferences")
    n, sets, seats = election
    result = count("mes", ballots=approval_ballots(n, sets), seats=seats)
    profile = preferences.Profile(n)
    profile.add_voters(sets)
    # Every committee equal shares allows under some tie-breaking; ours must be one.
    committees = abcrules.compute(
        "equal-shares", profile, seats, resolute=False, algorithm="standard-fractions"
    )
    assert set(indices(result.winners)) in [set(c) for c in committees]
