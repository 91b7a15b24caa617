"""Published worked examples, counted by every method they illustrate."""

from __future__ import annotations

import pytest
from pref_voting.iterative_methods import instant_runoff
from pref_voting.profiles import Profile

from participation.counting import Ballots, count

# The 45-voter example from Markus Schulze's description of his method (also on
# the Wikipedia page "Schulze method").
SCHULZE_45 = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]

# Tennessee's capital: Memphis 42%, Nashville 26%, Chattanooga 15%, Knoxville 17%,
# each voter ranking the cities by distance from home.
TENNESSEE = [
    (42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
    (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
    (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
    (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"]),
]
CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def schulze_ballots() -> Ballots:
    return Ballots.ranked(
        list("ABCDE"), [list(order) for _, order in SCHULZE_45], [n for n, _ in SCHULZE_45]
    )


def tennessee_ballots() -> Ballots:
    return Ballots.ranked(CITIES, [order for _, order in TENNESSEE], [n for n, _ in TENNESSEE])


def test_schulze_example_pairwise_matrix_matches_the_published_one():
    result = count("schulze", ballots=schulze_ballots())
    d = result.rounds[0].data["pairwise"]
    assert [d["A"][x] for x in "BCDE"] == [20, 26, 30, 22]
    assert [d["B"][x] for x in "ACDE"] == [25, 16, 33, 18]
    assert [d["C"][x] for x in "ABDE"] == [19, 29, 17, 24]
    assert [d["D"][x] for x in "ABCE"] == [15, 12, 28, 14]
    assert [d["E"][x] for x in "ABCD"] == [23, 27, 21, 31]


def test_schulze_example_strongest_paths_and_ranking():
    result = count("schulze", ballots=schulze_ballots())
    p = result.rounds[0].data["strongest_paths"]
    assert [p["A"][x] for x in "BCDE"] == [28, 28, 30, 24]
    assert [p["E"][x] for x in "ABCD"] == [25, 28, 28, 31]
    assert result.winners == ("E",)
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.tie_breaks == ()


def test_schulze_example_other_methods_disagree():
    ballots = schulze_ballots()
    assert count("plurality", ballots=ballots).winners == ("C",)
    assert count("borda", ballots=ballots).winners == ("E",)


def test_irv_tie_for_last_rule_changes_the_winner_on_the_schulze_example():
    """After D goes, B and E are tied for last with 8 votes each, and were tied in
    round 1 too. Eliminating one of them (by lot) lets the other collect the 8
    transfers and then A goes out: C wins whichever is drawn. Eliminating B and E
    together sends all 16 ballots to A, who then beats C. pref_voting's
    instant_runoff eliminates tied candidates together."""
    ballots = schulze_ballots()
    winners = set()
    for seed in ("one", "two", "three", "four", "five", "six"):
        result = count("irv", ballots=ballots, seed=seed)
        assert result.tie_breaks[0].tied == ("B", "E")
        assert result.tie_breaks[0].rule == "lot"
        winners.add(result.winners[0])
    assert winners == {"C"}
    rankings = [[ord(c) - ord("A") for c in order] for _, order in SCHULZE_45]
    together = instant_runoff(Profile(rankings, [n for n, _ in SCHULZE_45]))
    assert together == [0]  # A


def test_tennessee_plurality_elects_memphis():
    result = count("plurality", ballots=tennessee_ballots())
    assert result.winners == ("Memphis",)
    assert result.rounds[0].counts == {
        "Memphis": 42,
        "Nashville": 26,
        "Chattanooga": 15,
        "Knoxville": 17,
    }


def test_tennessee_irv_elects_knoxville():
    result = count("irv", ballots=tennessee_ballots())
    assert result.winners == ("Knoxville",)
    eliminated = [d.candidate for r in result.rounds for d in r.eliminated]
    assert eliminated == ["Chattanooga", "Nashville"]
    assert result.rounds[-1].counts["Knoxville"] == 58
    assert result.rounds[-1].elected[0].reason.startswith("more than half")


@pytest.mark.parametrize("method", ["schulze", "borda"])
def test_tennessee_condorcet_and_borda_elect_nashville(method):
    assert count(method, ballots=tennessee_ballots()).winners == ("Nashville",)


def test_tennessee_borda_points():
    result = count("borda", ballots=tennessee_ballots())
    assert result.rounds[0].counts == {
        "Memphis": 126,
        "Nashville": 194,
        "Chattanooga": 173,
        "Knoxville": 107,
    }


def test_tennessee_stv_one_seat_is_irv_with_a_droop_quota():
    result = count("stv", ballots=tennessee_ballots(), seats=1)
    assert result.quota == 51
    assert result.winners == ("Knoxville",)


def test_lackner_skowron_example_2_12_equal_shares_then_phragmen():
    """Multi-Winner Voting with Approval Preferences (Lackner and Skowron), Example
    2.12: the Method of Equal Shares elects {a, c, d}; seq-Phragmén alone would
    elect {b, c, d}. c costs 1/5 of a seat per supporter, then a 13/40."""
    sets = [["c", "d"]] * 3 + [["a", "b"]] * 2 + [["a", "c"]] * 2 + [["b", "d"]]
    result = count("mes", list("abcd"), sets, seats=3)
    assert result.winners == ("c", "a", "d")
    # Tokens: each voter holds 1, a seat costs 8/3; the book's units are seats.
    costs = [r.data.get("cost_per_supporter", {}) for r in result.rounds]
    assert costs[0]["c"] == "8/15"  # 1/5 of a seat
    assert costs[1]["a"] == "13/15"  # 13/40 of a seat
    assert result.rounds[2].data["phase"] == "completion (seq-Phragmén)"


def test_lackner_skowron_running_example_equal_shares():
    """The book's running example (Example 1), committee of 4: {a, b, c, d}."""
    sets = (
        [["a", "b"]] * 3
        + [["a", "c"]] * 3
        + [["a", "d"]] * 2
        + [["b", "c", "f"], ["e"], ["f"], ["g"]]
    )
    result = count("mes", list("abcdefgh"), sets, seats=4)
    assert set(result.winners) == set("abcd")
    assert result.winners[0] == "a"
    assert result.data["seats_by_equal_shares"] == 1
