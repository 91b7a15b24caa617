"""Reading and writing BLT, PrefLib and CSV, and refusing malformed files."""

from __future__ import annotations

import pytest

from participation.counting import BallotRules, Ballots, FormatError, count
from participation.counting.formats import detect_format, read_election
from participation.counting.formats.blt import parse_blt, read_blt, write_blt
from participation.counting.formats.csv import parse_csv, parse_cvr, read_cvr, write_csv
from participation.counting.formats.preflib import parse_preflib, write_preflib

BLT = """4 2
-4
3 1 2 0
2 2 4 3 0
(ballot-7) 1 3 0
1 0
0
"Ann ""the Brave"" Smith"
Ben
"Cat"
"Dan"
"A small election"
"""


def test_blt_reads_counts_names_withdrawals_and_title():
    election = parse_blt(BLT)
    assert election.seats == 2
    assert election.title == "A small election"
    assert election.withdrawn == ("Dan",)
    assert election.ballots.candidates == ('Ann "the Brave" Smith', "Ben", "Cat")
    assert dict(election.ballots) == {
        ('Ann "the Brave" Smith', "Ben"): 3,
        ("Ben", "Cat"): 2,  # the withdrawn Dan is skipped
        ("Cat",): 1,
        (): 1,
    }


def test_blt_round_trips():
    ballots = parse_blt(BLT).ballots
    again = parse_blt(write_blt(ballots, seats=2, title="again"))
    assert again.ballots == ballots
    assert again.title == "again"


def test_blt_accepts_unquoted_names_and_no_final_newline():
    election = parse_blt("2 1\n1 1 2 0\n0\nAnn Smith (Ind)\nBen\nTitle without quotes")
    assert election.ballots.candidates == ("Ann Smith (Ind)", "Ben")
    assert election.title == "Title without quotes"


def test_blt_equal_rankings_are_over_votes_counted_by_the_named_rule():
    text = "3 1\n4 1 0\n3 2 0\n2 3=1 2 0\n0\nAnn\nBen\nCat\n"
    assert dict(parse_blt(text).ballots)[()] == 2  # exhausted at the over-vote
    assert dict(parse_blt(text, rules=BallotRules(overvote="skip")).ballots)[("Ben",)] == 5
    multiple = parse_blt(text, rules=BallotRules(overvote="exhaust-if-multiple")).ballots
    result = count("irv", ballots=multiple)
    # Ann and Cat are both in the count at first: the two ballots stop there.
    assert result.rounds[0].inactive["overvote"] == 2
    assert result.rounds[0].counts == {"Ann": 4, "Ben": 3, "Cat": 0}


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("", None, "the file is empty"),
        ("three 1\n", 1, "number of candidates and of seats"),
        ("2 1\n1 1 2\n0\nA\nB\n", 2, "a ballot must end with 0"),
        ("2 1\n1 1 1 0\n0\nA\nB\n", 2, "ranks 'A' more than once.*--repeated ignore"),
        ("2 1\n1 1 3 0\n0\nA\nB\n", 2, "candidate 3 does not exist"),
        ("2 1\n1 1 x 0\n0\nA\nB\n", 2, "'x' is not a candidate number"),
        ("2 1\n1 1 0 2 0\n0\nA\nB\n", 2, "0 ends a ballot"),
        ("2 1\n1 1 0\n", 3, "the ballots never end"),
        ("2 1\n1 1 0\n0\nA\n", 5, "expected 2 candidate names"),
        ("2 1\n1 1 0\n0\nA\nA\n", 5, "name 'A' appears twice"),
        ('2 1\n1 1 0\n0\n"A\nB\n', 4, "quoted name is not closed"),
        ("2 1\n1 1 0\n0\nA\nB\nTitle\nmore\n", 7, "unexpected text after the title"),
        ("2 1\n-3\n1 1 0\n0\nA\nB\n", 2, "withdrawn candidate 3 does not exist"),
    ],
)
def test_malformed_blt_names_the_line_and_the_problem(text, line, problem):
    with pytest.raises(FormatError, match=problem) as caught:
        parse_blt(text, source="votes.blt", rules=BallotRules(repeated="refuse"))
    assert caught.value.line == line
    if line is not None:
        assert str(caught.value).startswith(f"votes.blt, line {line}: ")


SOI = """# FILE NAME: 00001-00000001.soi
# TITLE: Small
# DATA TYPE: soi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Ben
# ALTERNATIVE NAME 3: Cat
# NUMBER VOTERS: 6
# NUMBER UNIQUE ORDERS: 3
3: 1,2,3
2: 2
1: 3,1
"""


def test_preflib_soi_reads_counts_and_names():
    election = parse_preflib(SOI)
    assert election.title == "Small"
    assert election.ballots.candidates == ("Ann", "Ben", "Cat")
    assert dict(election.ballots) == {("Ann", "Ben", "Cat"): 3, ("Ben",): 2, ("Cat", "Ann"): 1}


def test_preflib_toc_accepts_a_bottom_tie_as_unranked():
    toc = (
        SOI.replace("soi", "toc")
        .replace("2: 2\n", "2: 2,{1,3}\n")
        .replace("1: 3,1\n", "1: 3,1,2\n")
    )
    election = parse_preflib(toc)
    assert dict(election.ballots)[("Ben",)] == 2


def test_preflib_ties_are_over_votes_counted_by_the_named_rule():
    """Two voters rank Ann and Ben equally, then Cat."""
    toi = SOI.replace("soi", "toi").replace("2: 2\n", "2: {1,2},3\n")
    exhaust = parse_preflib(toi).ballots  # the default: the ballot stops at the tie
    assert dict(exhaust)[()] == 2
    assert [(m.groups, m.end, m.count) for m in exhaust.marked] == [((), "overvote", 2)]
    skip = parse_preflib(toi, rules=BallotRules(overvote="skip")).ballots
    assert dict(skip)[("Cat",)] == 2 and dict(skip)[("Cat", "Ann")] == 1
    multiple = parse_preflib(toi, rules=BallotRules(overvote="exhaust-if-multiple")).ballots
    assert [(m.groups, m.end) for m in multiple.marked] == [(((0, 1), (2,)), None)]
    # Under exhaust-if-multiple the tie stops the two ballots at once, as Ann and Ben
    # are both still in the count, and the round table says why.
    result = count("irv", ballots=multiple)
    assert result.rounds[0].inactive["overvote"] == 2
    assert result.rules["overvote"] == "exhaust-if-multiple"


def test_preflib_cat_is_read_as_approval_ballots():
    cat = """# DATA TYPE: cat
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Ben
# ALTERNATIVE NAME 3: Cat
# NUMBER CATEGORIES: 2
4: {1,3},2
1: 2,{1,3}
2: {},{1,2,3}
"""
    election = parse_preflib(cat)
    assert election.ballots.kind == "approval"
    assert dict(election.ballots) == {("Ann", "Cat"): 4, ("Ben",): 1, (): 2}


def test_preflib_old_format_is_read():
    old = "3\n1,Ann\n2,Ben\n3,Cat\n6,6,3\n3,1,2,3\n2,2\n1,3,1\n"
    assert parse_preflib(old, data_type="soi").ballots == parse_preflib(SOI).ballots


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (("1: 3,1", "1: 3,4"), 12, "alternative 4 does not exist"),
        (("1: 3,1", "x: 3,1"), 12, "the count 'x' is not a whole number"),
        (("1: 3,1", "1 3,1"), 12, "expected 'count: ballot'"),
        (("# NUMBER VOTERS: 6", "# NUMBER VOTERS: 7"), 8, "says 7 voters"),
        (("# DATA TYPE: soi", "# DATA TYPE: xyz"), None, "unknown PrefLib data type"),
    ],
)
def test_malformed_preflib_names_the_line_and_the_problem(change, line, problem):
    with pytest.raises(FormatError, match=problem) as caught:
        parse_preflib(SOI.replace(*change))
    assert caught.value.line == line


@pytest.mark.parametrize("kind", ["ranked", "approval"])
def test_preflib_and_csv_round_trip(kind):
    if kind == "ranked":
        ballots = Ballots.ranked(list("abcd"), [list("abcd"), list("b"), list("dc")], [3, 2, 1])
    else:
        ballots = Ballots.approval(list("abcd"), [["a", "c"], ["b"], []], [3, 2, 1])
    assert parse_preflib(write_preflib(ballots, title="t")).ballots == ballots
    assert parse_csv(write_csv(ballots), candidates=list("abcd")).ballots == ballots


def test_ranked_csv():
    election = parse_csv("rank1,rank2,rank3\nAnn,Ben,\nBen,,\nAnn,Ben,\n")
    assert dict(election.ballots) == {("Ann", "Ben"): 2, ("Ben",): 1}
    weighted = parse_csv("count,rank1,rank2\n5,Ann,Ben\n", candidates=["Ann", "Ben", "Cat"])
    assert weighted.ballots.candidates == ("Ann", "Ben", "Cat")
    assert dict(weighted.ballots) == {("Ann", "Ben"): 5}


def test_approval_csv():
    election = parse_csv("Ann,Ben,Cat\n1,0,1\n0,1,\n")
    assert election.ballots.kind == "approval"
    assert dict(election.ballots) == {("Ann", "Cat"): 1, ("Ben",): 1}


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("", 1, "the file is empty"),
        ("rank1,rank2\nAnn,Ann\n", 2, "ranks 'Ann' more than once.*--repeated ignore"),
        ("rank1,rank2\nAnn,Ben,Cat\n", 2, "the row has 3 cells"),
        ("count,rank1\nx,Ann\n", 2, "the count 'x'"),
        ("Ann,Ben\n1,2\n", 2, "must be 1, 0 or blank"),
        ("Ann,Ann\n1,0\n", 1, "'Ann' appears twice in the header"),
    ],
)
def test_malformed_csv_names_the_line_and_the_problem(text, line, problem):
    with pytest.raises(FormatError, match=problem) as caught:
        parse_csv(text, rules=BallotRules(repeated="refuse"))
    assert caught.value.line == line


def test_csv_skipped_ranks_and_repeats_follow_the_named_rules():
    text = "rank1,rank2,rank3\n,Ann,Ben\nAnn,Ann,Ben\nBen,,\n"
    plain = dict(parse_csv(text).ballots)
    assert plain == {("Ann", "Ben"): 2, ("Ben",): 1}
    strict = parse_csv(text, rules=BallotRules(skipped_ranks=0, repeated="exhaust")).ballots
    assert dict(strict) == {(): 1, ("Ann",): 1, ("Ben",): 1}
    assert sorted((m.end, m.count) for m in strict.marked) == [("repeated", 1), ("skipped", 1)]


def test_csv_refuses_a_candidate_outside_the_list():
    with pytest.raises(FormatError, match="unknown candidate 'Zed'"):
        parse_csv("rank1\nZed\n", candidates=["Ann"])


def test_cast_vote_records_skip_blanks_and_exhaust_at_an_over_vote():
    names = {"1": "Ann", "2": "Ben", "3": "Cat", "W": "Write-ins"}
    text = "rank1,rank2,rank3\nU,1,2\n1,O,2\n3,3,1\nW,U,U\nU,U,2\nO,U,U\n"
    election = parse_cvr(text, names)
    assert dict(election.ballots) == {
        ("Ann", "Ben"): 1,  # a blank first rank is skipped
        ("Ann",): 1,  # exhausted at the over-vote in rank 2
        ("Cat", "Ann"): 1,  # the repeated Cat is ignored
        ("Write-ins",): 1,
        ("Ben",): 1,
        (): 1,  # an over-vote at rank 1: nothing counts
    }
    strict = parse_cvr(text, names, rules=BallotRules(skipped_ranks=1))
    assert ("Ben",) not in dict(strict.ballots)  # two skipped ranks before Ben


def test_cast_vote_records_refuse_unknown_ids():
    with pytest.raises(FormatError, match="unknown candidate id '9'") as caught:
        parse_cvr("rank1\n1\n9\n", {"1": "Ann"})
    assert caught.value.line == 3


def test_minneapolis_2013_matches_the_published_tabulation(elections_dir):
    """RCTab's expected summary for this contest (Minneapolis rules: exhaust at an
    over-vote, at most one skipped rank) has Hodges 28,951 and Andrew 19,621 in
    round 1 and Hodges 38,852 to Andrew's 24,942 in the final round."""
    election = read_cvr(
        elections_dir / "minneapolis_2013_mayor_irv" / "mpls2013_mayor_cvr.csv",
        rules=BallotRules(skipped_ranks=1),
    )
    assert election.ballots.total == 80101
    result = count("irv", ballots=election.ballots)
    first, last = result.rounds[0].counts, result.rounds[-1].counts
    assert (first["BETSY HODGES"], first["MARK ANDREW"], first["DON SAMUELS"]) == (
        28951,
        19621,
        8344,
    )
    assert first["Undeclared Write-ins"] == 117
    assert (last["BETSY HODGES"], last["MARK ANDREW"]) == (38852, 24942)
    assert result.winners == ("BETSY HODGES",)


def test_formats_are_chosen_by_file_name(tmp_path, elections_dir):
    assert detect_format("x.blt") == "blt"
    assert detect_format("x.toi") == "preflib"
    assert detect_format("x.csv") == "csv"
    with pytest.raises(FormatError, match="cannot tell the format"):
        detect_format("x.doc")
    path = tmp_path / "ballots.soi"
    path.write_text(SOI)
    assert read_election(path).ballots == parse_preflib(SOI).ballots
    highland = elections_dir / "scotland_highland_stv"
    for blt in highland.glob("*.blt"):
        assert read_election(blt).ballots == read_blt(blt).ballots


def test_a_missing_or_undecodable_file_is_a_format_error(tmp_path):
    with pytest.raises(FormatError, match="cannot read the file"):
        read_blt(tmp_path / "missing.blt")
    bad = tmp_path / "latin1.blt"
    bad.write_bytes("2 1\n1 1 0\n0\nAnn\nB\xe9n\n".encode("latin-1"))
    with pytest.raises(FormatError, match="not UTF-8"):
        read_blt(bad)
