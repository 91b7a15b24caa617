"""The named ballot rules: over-votes, skipped ranks, repeated candidates, blanks.

Hand-worked cases first, then a property: on random messy ballots, every round of
the engine's IRV count (tallies and inactive ballots by reason) matches a plain
re-reading of each paper ballot under the rules, written here from the rules'
definitions and sharing no code with the engine.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.counting import BallotRules, Ballots, FormatError, count
from participation.counting.errors import RuleError, SetupError
from participation.counting.formats.csv import parse_cvr
from participation.counting.result import Result
from participation.counting.rules import DEFAULT_RULES, apply_rules

NAMES = {"1": "Ann", "2": "Ben", "3": "Cat", "4": "Dev"}


def cvr(*rows: str, rules: BallotRules = DEFAULT_RULES) -> Ballots:
    width = max(len(row.split(",")) for row in rows)
    header = ",".join(f"rank{i}" for i in range(1, width + 1))
    padded = [row + ",U" * (width - len(row.split(","))) for row in rows]
    return parse_cvr("\n".join([header, *padded]) + "\n", NAMES, rules=rules).ballots


# ------------------------------------------------------------ one ballot at a time


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (BallotRules(), ((0,),)),  # exhaust at the over-vote (the default)
        (BallotRules(overvote="skip"), ((0,), (3,))),
        (BallotRules(overvote="exhaust-if-multiple"), ((0,), (1, 2), (3,))),
    ],
)
def test_an_over_vote_follows_the_rule_named(rules, expected):
    groups, end = apply_rules([(0,), (1, 2), (3,)], rules)
    assert groups == expected[: len(groups)] and len(groups) == len(expected)
    assert end == ("overvote" if rules.overvote == "exhaust" else None)


def test_skipped_ranks_are_passed_over_unless_a_limit_is_named():
    ballot = [(), (0,), (), (), (1,)]
    assert apply_rules(ballot, BallotRules()) == (((0,), (1,)), None)
    # One skipped rank before Ann is allowed; two before Ben are not.
    assert apply_rules(ballot, BallotRules(skipped_ranks=1)) == (((0,),), "skipped")
    assert apply_rules(ballot, BallotRules(skipped_ranks=0)) == ((), "skipped")
    # Unmarked ranks at the end never stop a ballot: nothing follows them.
    assert apply_rules([(0,), (), (), ()], BallotRules(skipped_ranks=0)) == (((0,),), None)


def test_repeated_candidates_are_ignored_exhausted_or_refused():
    ballot = [(0,), (0,), (1,)]
    assert apply_rules(ballot, BallotRules()) == (((0,), (1,)), None)
    assert apply_rules(ballot, BallotRules(repeated="exhaust")) == (((0,),), "repeated")
    with pytest.raises(RuleError, match="ranks 'Ann' more than once") as caught:
        apply_rules(ballot, BallotRules(repeated="refuse"), ["Ann", "Ben"])
    assert caught.value.flag.startswith("--repeated ignore")


def test_an_unnamed_over_vote_cannot_be_judged_by_who_is_still_in_the_count():
    with pytest.raises(RuleError, match="does not say which candidates") as caught:
        apply_rules([(0,), None], BallotRules(overvote="exhaust-if-multiple"))
    assert caught.value.flag.startswith("--overvote exhaust")
    assert apply_rules([(0,), None, (1,)], BallotRules(overvote="skip")) == (((0,), (1,)), None)


def test_the_cvr_reader_names_the_line_and_the_flag_when_a_rule_cannot_apply():
    with pytest.raises(FormatError) as caught:
        cvr("1,2", "2,O", rules=BallotRules(overvote="exhaust-if-multiple"))
    assert caught.value.line == 3
    assert "--overvote exhaust" in str(caught.value)


@pytest.mark.parametrize(
    "rules",
    [{"overvote": "maybe"}, {"repeated": "twice"}, {"skipped_ranks": -1}, {"skipped_ranks": 1.5}],
)
def test_unknown_rules_are_refused_in_words(rules):
    with pytest.raises(SetupError):
        BallotRules(**rules)


# ------------------------------------------------------------------- in a count


def test_exhaust_if_multiple_is_decided_when_the_count_reaches_the_rank():
    """Three ballots rank Dev first, then Ben and Cat equally. While Ben and Cat are both
    in the count that is an over-vote; once Cat is out, it is a vote for Ben."""
    rules = BallotRules(overvote="exhaust-if-multiple")
    ballots = cvr(*["1"] * 5, *["2"] * 4, "3", *["4,2=3"] * 2, "4,3=2,1", rules=rules)
    result = count("irv", ballots=ballots)
    assert [r.eliminated[0].candidate for r in result.rounds[1:]] == ["Cat", "Dev"]
    second, third = result.rounds[1], result.rounds[2]
    # Cat out: Cat's one ballot names nobody else.
    assert second.inactive["no-preference"] == 1
    # Dev out: Ben and Cat were marked equally, and only Ben is still in the count.
    assert third.counts["Ben"] == 4 + 3
    assert third.inactive == {
        "blank": 0,
        "overvote": 0,
        "skipped": 0,
        "repeated": 0,
        "no-preference": 1,
    }
    assert result.winners == ("Ben",)


def test_an_over_vote_reached_while_both_are_in_the_count_exhausts_the_ballot():
    rules = BallotRules(overvote="exhaust-if-multiple")
    ballots = cvr(*["1"] * 5, *["2"] * 4, *["3"] * 3, "4,2=3", "4,2=3", rules=rules)
    result = count("irv", ballots=ballots)
    dev_out = result.rounds[1]
    assert dev_out.eliminated[0].candidate == "Dev"
    assert dev_out.inactive["overvote"] == 2
    assert dev_out.exhausted == 2
    assert dev_out.counts["Ben"] == 4 and dev_out.counts["Cat"] == 3


def test_blank_ballots_count_as_cast_and_are_inactive_from_the_first_round():
    ballots = cvr("1", "1", "2", "U,U", "O,1", "U,U,2", rules=BallotRules(skipped_ranks=1))
    result = count("irv", ballots=ballots)
    first = result.rounds[0]
    assert result.ballots == 6
    assert first.inactive == {
        "blank": 1,
        "overvote": 1,
        "skipped": 1,
        "repeated": 0,
        "no-preference": 0,
    }
    assert first.exhausted == 2  # everything but the blank ballot
    assert first.counts == {"Ann": 2, "Ben": 1, "Cat": 0, "Dev": 0}


def test_stv_reports_inactive_papers_by_reason_and_counts_the_quota_on_valid_papers():
    ballots = cvr(*["1,2"] * 6, *["2"] * 3, *["3"] * 2, "O", "1,O", "U,U")
    result = count("stv", ballots=ballots, seats=2)
    # 14 papers: 2 have no first preference, so the quota is 12 // 3 + 1 = 5.
    assert result.quota == 5
    first = result.rounds[0]
    assert first.inactive["overvote"] == 1 and first.inactive["blank"] == 1
    assert result.winners[0] == "Ann"
    surplus = result.rounds[1]
    # Ann's surplus moves on; "1,O" stops at its over-vote at its share of the surplus.
    assert surplus.inactive["overvote"] > 1
    assert surplus.exhausted == surplus.inactive["overvote"]


def test_methods_that_never_eliminate_stop_a_ballot_at_its_first_over_vote():
    rules = BallotRules(overvote="exhaust-if-multiple")
    ballots = cvr("1,2=3,4", "2", "3", "4,1", rules=rules)
    borda = count("borda", ballots=ballots)
    assert borda.rules["overvote"] == "exhaust-if-multiple"
    # The same as the ballots with the over-vote exhausting: Ann's ballot is just Ann.
    plain = count("borda", ballots=cvr("1", "2", "3", "4,1"))
    assert borda.rounds[0].counts == plain.rounds[0].counts


def test_rules_and_inactive_ballots_survive_the_json_record():
    ballots = cvr("1,O", "2", "2", "3,1", rules=BallotRules(skipped_ranks=2))
    result = count("irv", ballots=ballots)
    again = Result.from_json(result.to_json())
    assert again == result
    assert again.rules == {"overvote": "exhaust", "skipped_ranks": 2, "repeated": "ignore"}
    assert again.rounds[-1].inactive == result.rounds[-1].inactive


def test_the_checksum_covers_what_the_rules_did_and_nothing_else():
    plain = Ballots.ranked(["Ann", "Ben", "Cat", "Dev"], [["Ann"], ["Ben", "Ann"]])
    same = cvr("1", "2,1")
    assert same.checksum() == plain.checksum()  # no rule changed anything
    exhausted = cvr("1,O", "2,1")
    # "Ann" and "Ann, then an over-vote" count alike, but the count says why one stops.
    assert exhausted.checksum() != plain.checksum()
    assert "!overvote" in exhausted.canonical_text()
    assert cvr("2,1", "1,O").checksum() == exhausted.checksum()


# ------------------------------------------------------- against a plain re-reading


def read_paper(ballot, rules, continuing, gone):
    """Who this paper ballot counts for now, or why it counts for nobody.

    ``gone`` remembers papers that stopped: a ballot that stopped at an over-vote
    stays stopped even if one of the candidates is later out.
    """
    seen: set[int] = set()
    unmarked = 0
    marked_any = False
    passed_over = False  # the last mark so far was an over-vote passed over
    for rank in ballot:
        if rank == ():
            unmarked += 1
            continue
        marked_any = True
        if rules.skipped_ranks is not None and unmarked > rules.skipped_ranks:
            return "skipped"
        unmarked = 0
        if rank is None:
            if rules.overvote == "exhaust":
                return "overvote"
            passed_over = True
            continue
        members = list(dict.fromkeys(rank))
        if any(c in seen for c in members):
            if rules.repeated == "exhaust":
                return "repeated"
            members = [c for c in members if c not in seen]
            if not members:
                continue
        seen.update(members)
        if len(members) > 1:
            if rules.overvote == "exhaust":
                return "overvote"
            if rules.overvote == "skip":
                passed_over = True
                continue
            passed_over = False
            alive = [c for c in members if c in continuing]
            if len(alive) > 1:
                return "overvote"
            if alive:
                return alive[0]
            continue
        passed_over = False
        if members[0] in continuing:
            return members[0]
    if passed_over:
        return "overvote"
    return "no-preference" if marked_any else "blank"


def replay(ballots_by_line, rules, n, eliminated_in_order):
    """Tallies and inactive counts per round, given the order candidates went out."""
    continuing = set(range(n))
    stopped: dict[int, str] = {}
    rounds = []
    for out in [None, *eliminated_in_order]:
        if out is not None:
            continuing.discard(out)
        tally = dict.fromkeys(range(n), 0)
        inactive = dict.fromkeys(["blank", "overvote", "skipped", "repeated", "no-preference"], 0)
        for i, ballot in enumerate(ballots_by_line):
            where = stopped.get(i) or read_paper(ballot, rules, continuing, stopped)
            if isinstance(where, str):
                stopped[i] = where
                inactive[where] += 1
            else:
                tally[where] += 1
        rounds.append((tally, inactive))
    return rounds


RANK = st.one_of(
    st.just(()),
    st.just(()),
    st.just(None),
    st.tuples(st.integers(0, 3)),
    st.tuples(st.integers(0, 3)),
    st.tuples(st.integers(0, 3)),
    st.lists(st.integers(0, 3), min_size=2, max_size=3, unique=True).map(tuple),
)
RULES = st.builds(
    BallotRules,
    overvote=st.sampled_from(["exhaust", "skip", "exhaust-if-multiple"]),
    skipped_ranks=st.one_of(st.none(), st.integers(0, 2)),
    repeated=st.sampled_from(["ignore", "exhaust"]),
)


def _cell(rank) -> str:
    if rank is None:
        return "O"
    if rank == ():
        return "U"
    return "=".join(str(c + 1) for c in rank)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(RANK, min_size=4, max_size=4), min_size=1, max_size=25), RULES)
def test_every_round_matches_a_plain_reading_of_each_paper(papers, rules):
    if rules.overvote == "exhaust-if-multiple":
        papers = [[() if rank is None else rank for rank in paper] for paper in papers]
    rows = [",".join(_cell(rank) for rank in paper) for paper in papers]
    ballots = cvr(*rows, rules=rules)
    try:
        result = count("irv", ballots=ballots)
    except SetupError:
        return  # every ballot counts for nobody: there is nothing to count
    index = {name: i for i, name in enumerate(ballots.candidates)}
    order = [index[r.eliminated[0].candidate] for r in result.rounds if r.eliminated]
    expected = replay(papers, rules, 4, order)
    for record, (tally, inactive) in zip(result.rounds, expected, strict=True):
        assert record.counts == {name: tally[i] for name, i in index.items()}, (papers, rules)
        assert record.inactive == inactive, (papers, rules)
        assert record.exhausted == sum(inactive.values()) - inactive["blank"]
