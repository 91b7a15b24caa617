"""Scottish STV (Scottish Local Government Elections Order 2007), rule by rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participation.counting import Ballots, count
from participation.counting.formats.blt import read_blt

D = Decimal


def ranked(spec: list[tuple[int, str]], candidates: str) -> Ballots:
    """Ballots from (count, "ABC") pairs."""
    return Ballots.ranked(
        list(candidates), [list(order) for _, order in spec], [n for n, _ in spec]
    )


def test_the_quota_is_the_droop_quota_of_valid_papers():
    # 23 valid papers, 3 seats: floor(23 / 4) + 1 = 6. Empty papers are not valid.
    ballots = Ballots.ranked(
        list("ABCDE"),
        [["A"]] * 10 + [["B"]] * 5 + [["C"]] * 3 + [["D"]] * 3 + [["E"]] * 2 + [[]] * 4,
    )
    result = count("stv", ballots=ballots, seats=3)
    assert result.quota == 6
    assert result.data["valid_ballots"] == 23
    assert result.empty_ballots == 4


def test_surplus_transfer_values_are_truncated_to_five_places_per_paper_value():
    """A (10) has a surplus of 4 at 4/10; B reaches 9 with papers held at two values,
    so B's surplus of 3 moves at 3 x 1 / 9 = 0.33333 and 3 x 0.4 / 9 = 0.13333."""
    ballots = ranked([(10, "ABC"), (5, "BD"), (3, "C"), (3, "D"), (2, "E")], "ABCDE")
    result = count("stv", ballots=ballots, seats=3)
    assert result.quota == 6
    first_surplus, second_surplus = result.rounds[1], result.rounds[2]
    assert first_surplus.action.startswith("Surplus of A")
    assert [
        (t.value_received, t.transfer_value, t.papers) for t in first_surplus.transfer_values
    ] == [(D("1.00000"), D("0.40000"), 10)]
    assert first_surplus.counts["B"] == D("9.00000")
    assert second_surplus.action.startswith("Surplus of B")
    assert [
        (t.value_received, t.transfer_value, t.papers) for t in second_surplus.transfer_values
    ] == [
        (D("0.40000"), D("0.13333"), 10),
        (D("1.00000"), D("0.33333"), 5),
    ]
    assert second_surplus.counts["C"] == D("4.33330")
    assert second_surplus.counts["D"] == D("4.66665")
    assert second_surplus.counts["B"] == D("6.00000")
    assert second_surplus.data["lost_to_truncation"] == "0.00005"
    assert result.winners == ("A", "B", "D")


def test_an_elected_candidate_gets_no_transfers_while_their_own_surplus_waits():
    """A (10) and B (8) both pass the quota of 6 at the first stage. A's larger
    surplus goes first; its papers name B next, but B is already elected, so they
    go to C, and B's total stays 8 until B's own surplus is transferred."""
    ballots = ranked([(10, "ABC"), (8, "BC"), (1, "C"), (3, "D")], "ABCD")
    result = count("stv", ballots=ballots, seats=3)
    assert result.quota == 6
    assert [d.candidate for d in result.rounds[0].elected] == ["A", "B"]
    after_a = result.rounds[1]
    assert after_a.action.startswith("Surplus of A")
    assert after_a.counts["B"] == D("8.00000")
    assert after_a.counts["C"] == D("5.00000")
    after_b = result.rounds[2]
    assert after_b.action.startswith("Surplus of B")
    assert after_b.counts["C"] == D("7.00000")
    assert result.winners == ("A", "B", "C")


def test_equal_surpluses_go_in_order_of_an_earlier_stage_rule_49():
    """B and C both end stage 2 on 8.5 (surplus 0.5); at stage 1 B had 5 and C 4,
    so B's surplus is transferred first."""
    ballots = ranked(
        [(7, "AB"), (9, "AC"), (5, "BD"), (4, "CE"), (4, "D"), (3, "E"), (3, "F")], "ABCDEF"
    )
    result = count("stv", ballots=ballots, seats=4)
    assert result.quota == 8
    assert result.rounds[1].counts["B"] == result.rounds[1].counts["C"] == D("8.50000")
    (tie,) = result.tie_breaks
    assert "rule 49" in tie.purpose
    assert tie.tied == ("B", "C")
    assert tie.rule == "earlier rounds"
    assert tie.chosen == ("B",)
    assert result.rounds[2].action.startswith("Surplus of B")
    assert result.rounds[3].action.startswith("Surplus of C")
    assert result.rounds[2].counts["D"] == D("4.29410")  # 5 x 0.05882
    assert result.winners == ("A", "B", "C", "D")


def test_an_exclusion_tie_is_broken_by_the_most_recent_earlier_stage_rule_51():
    """After D is excluded B and C both have 4; at stage 1 B had 3 and C 4, so B
    is excluded and A is elected with B's papers."""
    ballots = ranked([(5, "A"), (3, "BA"), (4, "C"), (1, "DBA")], "ABCD")
    result = count("stv", ballots=ballots, seats=1)
    (tie,) = result.tie_breaks
    assert tie.tied == ("B", "C")
    assert tie.rule == "earlier rounds"
    assert tie.chosen == ("B",)
    assert "round 1: B 3.00000, C 4.00000" in tie.detail
    assert [d.candidate for r in result.rounds for d in r.eliminated] == ["D", "B"]
    assert result.winners == ("A",)


def test_a_tie_at_every_stage_is_decided_by_the_recorded_lot():
    ballots = ranked([(3, "A"), (2, "B"), (2, "C")], "ABC")
    first = count("stv", ballots=ballots, seats=1, seed="round-7")
    again = count("stv", ballots=ballots, seats=1, seed="round-7")
    assert first == again
    (tie,) = first.tie_breaks
    assert tie.rule == "lot"
    assert set(tie.tickets) == {"B", "C"}
    loser = min(tie.tickets, key=tie.tickets.get)
    assert tie.chosen == (loser,)
    assert first.seed == "round-7"


def test_last_vacancies_are_filled_without_further_transfers_rule_52():
    """Quota 4 (11 papers, 2 seats): A is elected with a surplus of 1 at stage 1,
    leaving B, C and D for one seat. A's surplus goes to B; C and D are excluded
    in turn; once B is the only continuing candidate B is elected without any
    further transfer."""
    ballots = ranked([(5, "AB"), (2, "B"), (2, "C"), (2, "D")], "ABCD")
    result = count("stv", ballots=ballots, seats=2)
    assert result.quota == 4
    last = result.rounds[-1]
    assert last.elected[-1].candidate == "B"
    assert "rule 52" in last.elected[-1].reason
    assert last.transfers == {}
    assert result.winners == ("A", "B")


def test_votes_are_conserved_at_every_stage():
    ballots = ranked(
        [(7, "AB"), (9, "AC"), (5, "BD"), (4, "CE"), (4, "D"), (3, "E"), (3, "F")], "ABCDEF"
    )
    result = count("stv", ballots=ballots, seats=4)
    lost = D(0)
    for record in result.rounds:
        lost += D(record.data.get("lost_to_truncation", "0"))
        assert sum(record.counts.values()) + record.exhausted + lost == 35


HIGHLAND = "scotland_highland_stv"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            "highland_2017_ward1_north_west_and_central_sutherland.original.blt",
            {"Hugh MORRISON (Ind)", "Kirsteen CURRIE (SNP)", "Linda MUNRO (LD)"},
        ),
        (
            "highland_2022_northwest_and_central_sutherland.original.blt",
            {
                'Hugh MORRISON "Independent"',
                'Michael BAIRD "Scottish Liberal Democrats"',
                'Marianne HUTCHISON "Scottish National Party (SNP)"',
            },
        ),
    ],
)
def test_highland_counts_elect_the_published_councillors(elections_dir, filename, expected):
    election = read_blt(elections_dir / HIGHLAND / filename)
    assert election.seats == 3
    assert expected <= set(election.ballots.candidates)
    result = count("stv", ballots=election.ballots, seats=election.seats)
    assert set(result.winners) == expected
    assert result.tie_breaks == ()


def test_highland_2017_stage_by_stage(elections_dir):
    election = read_blt(
        elections_dir
        / HIGHLAND
        / "highland_2017_ward1_north_west_and_central_sutherland.original.blt"
    )
    result = count("stv", ballots=election.ballots, seats=3)
    assert result.ballots == 2807
    assert result.quota == 702
    first = result.rounds[0].counts
    assert first["Kirsteen CURRIE (SNP)"] == D("556.00000")
    assert first["Russell TAYLOR (C)"] == D("557.00000")
    excluded = [d.candidate for r in result.rounds for d in r.eliminated]
    assert excluded == [
        "Brendan O'HANRAHAN (Ind)",
        "Michael SIMPSON (Ind)",
        "William SINCLAIR (Lab)",
        "Malcolm BANGOR-JONES (Ind)",
        "Russell TAYLOR (C)",
    ]
    assert result.winners == ("Linda MUNRO (LD)", "Hugh MORRISON (Ind)", "Kirsteen CURRIE (SNP)")


@pytest.mark.parametrize(
    ("filename", "seats", "expected"),
    [
        ("dublin_west_2002.blt", 3, {"Brian Lenihan", "Joe Higgins", "Joan Burton"}),
        (
            "dublin_north_2002.blt",
            4,
            {"Trevor Sargent", "Sean Ryan", "G. V. Wright", "Jim Glennon"},
        ),
        (
            "meath_2002.blt",
            5,
            {"Noel Dempsey", "John Bruton", "Mary Wallace", "Damien English", "Johnny Brady"},
        ),
    ],
)
def test_irish_pilot_ballots_counted_under_scottish_rules(elections_dir, filename, seats, expected):
    """The Irish count moved whole papers, not fractions, but on these ballots the
    Scottish rules elect the same TDs as were returned in 2002."""
    election = read_blt(elections_dir / "ireland_2002_stv" / filename)
    assert election.seats == seats
    result = count("stv", ballots=election.ballots, seats=seats)
    assert {name.split(" (")[0] for name in result.winners} == expected
