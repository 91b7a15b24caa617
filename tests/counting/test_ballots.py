"""The ballot set: grouping, canonical order, checksum and refusals."""

from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np
import pytest

from participation.counting import BallotError, Ballots, CandidateError, count


def test_identical_ballots_are_merged_and_counted():
    ballots = Ballots.ranked(["a", "b", "c"], [["a", "b"], ["c"], ["a", "b"], ["a", "b"]])
    assert ballots.total == 4
    assert ballots.distinct == 2
    assert list(ballots) == [(("a", "b"), 3), (("c",), 1)]


def test_counts_weight_ballots_and_zero_counts_vanish():
    ballots = Ballots.ranked(["a", "b"], [["a"], ["b"], ["a"]], counts=[2, 0, 5])
    assert list(ballots) == [(("a",), 7)]


def test_the_canonical_text_is_documented_and_hashed():
    ballots = Ballots.ranked(["b", "a", "c"], [["a", "b"], ["c"], ["a", "b"], [], ["b", "a", "c"]])
    text = ballots.canonical_text()
    assert text == (
        "listening-hub-ballots 1\n"
        "kind ranked\n"
        "candidate a\n"
        "candidate b\n"
        "candidate c\n"
        "1\n"
        "2 1 2\n"
        "1 2 1 3\n"
        "1 3\n"
    )
    assert ballots.checksum() == hashlib.sha256(text.encode()).hexdigest()


def test_the_checksum_ignores_ballot_order_and_candidate_order():
    rankings = [["a", "b"], ["c"], ["b", "a", "c"], ["a"], ["a", "b"]]
    first = Ballots.ranked(["a", "b", "c"], rankings)
    shuffled = Ballots.ranked(["c", "a", "b"], list(reversed(rankings)))
    assert first.checksum() == shuffled.checksum()
    different = Ballots.ranked(["a", "b", "c"], rankings[:-1])
    assert different.checksum() != first.checksum()


def test_approval_sets_ignore_the_order_of_approvals():
    first = Ballots.approval(["x", "y", "z"], [["z", "x"], ["y"]])
    second = Ballots.approval(["x", "y", "z"], [["y"], ["x", "z"]])
    assert first == second
    # Approval ballots are ordered by sum(2 ** (position - 1)): {y} (2) before {x, z} (5).
    assert first.canonical_text().splitlines()[-2:] == ["1 2", "1 1 3"]


def test_ranked_and_approval_sets_never_share_a_checksum():
    ranked = Ballots.ranked(["x", "y"], [["x", "y"]])
    approval = Ballots.approval(["x", "y"], [["x", "y"]])
    assert ranked.checksum() != approval.checksum()


def test_from_indices_agrees_with_building_from_ids():
    rng = np.random.default_rng(4)
    rows = np.full((500, 4), -1)
    for i in range(500):
        k = int(rng.integers(0, 5))
        rows[i, :k] = rng.permutation(6)[:k]
    names = [f"n{i}" for i in range(6)]
    fast = Ballots.from_indices(names, rows)
    slow = Ballots.ranked(names, [[names[c] for c in row if c >= 0] for row in rows])
    assert fast == slow
    assert fast.checksum() == slow.checksum()


def test_many_candidates_use_the_wide_path_and_agree():
    names = [f"candidate {i:03d}" for i in range(300)]
    rankings = [[names[(7 * i + j) % 300] for j in range(i % 12)] for i in range(400)]
    ballots = Ballots.ranked(names, rankings)
    assert ballots.total == 400
    assert dict(ballots) == Counter(tuple(r) for r in rankings)
    approvals = Ballots.approval(names, [r[::-1] for r in rankings])
    assert approvals.total == 400


@pytest.mark.parametrize(
    ("candidates", "message"),
    [
        ([], "there are no candidates"),
        (["a", "a"], "'a' appears twice"),
        (["a", ""], "empty"),
        (["a", 3], "not a string"),
        (["a", "b\nc"], "control character"),
    ],
)
def test_bad_candidate_lists_are_refused(candidates, message):
    with pytest.raises(CandidateError, match=message):
        Ballots.ranked(candidates, [["a"]])


@pytest.mark.parametrize(
    ("rankings", "message"),
    [
        ([["a"], ["a", "z"]], "ballot 2 names unknown candidate 'z'"),
        ([["a", "b", "a"]], "ballot 1 ranks 'a' twice"),
        (["ab"], "ballot 1 is a single string"),
    ],
)
def test_bad_ranked_ballots_are_refused(rankings, message):
    with pytest.raises(BallotError, match=message):
        Ballots.ranked(["a", "b"], rankings)


def test_bad_index_rows_name_the_first_bad_ballot():
    with pytest.raises(BallotError, match="ballot 3 ranks 'c' twice"):
        Ballots.from_indices(["a", "b", "c"], [[0, 1], [1, -1], [2, 2]])
    with pytest.raises(BallotError, match="ballot 2 has a gap"):
        Ballots.from_indices(["a", "b", "c"], [[0, 1], [-1, 2]])
    with pytest.raises(BallotError, match="ballot 1 refers to candidate number 3"):
        Ballots.from_indices(["a", "b", "c"], [[3, -1]])
    with pytest.raises(BallotError, match="ballot 2 approves 'b' twice"):
        Ballots.from_indices(["a", "b", "c"], [[0, 1], [1, 1]], kind="approval")
    with pytest.raises(BallotError, match="negative count"):
        Ballots.from_indices(["a", "b"], [[0], [1]], counts=[1, -1])


def test_ballots_cannot_be_changed_after_they_are_built():
    ballots = Ballots.ranked(["a", "b"], [["a", "b"]])
    with pytest.raises(ValueError, match="read-only"):
        ballots.rows[0, 0] = 1
    with pytest.raises(TypeError):
        Ballots(("a",), ballots.rows, ballots.counts, "ranked")


def test_empty_ballots_are_kept_but_not_counted():
    ballots = Ballots.ranked(["a", "b"], [[], ["a"], []])
    assert (ballots.total, ballots.empty, ballots.valid) == (3, 2, 1)
    result = count("plurality", ballots=ballots)
    assert result.ballots == 3
    assert result.empty_ballots == 2
    assert result.rounds[0].counts == {"a": 1, "b": 0}
