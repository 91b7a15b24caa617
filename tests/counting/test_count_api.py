"""The public entry point: refusals, the method registry and the JSON result."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from participation.counting import (
    METHODS,
    Ballots,
    CandidateError,
    CountingError,
    Result,
    SetupError,
    UnknownMethodError,
    count,
)


def test_the_registry_describes_every_method():
    assert list(METHODS) == ["plurality", "approval", "irv", "stv", "schulze", "borda", "mes"]
    assert METHODS["stv"].ballot_kind == "ranked"
    assert METHODS["mes"].ballot_kind == "approval"
    assert METHODS["irv"].multiple_seats is False
    # Only the methods that drop candidates can let an over-vote skip the ones gone.
    assert {name for name, spec in METHODS.items() if spec.eliminates} == {"irv", "stv"}
    assert all(spec.display_name and spec.version for spec in METHODS.values())


def test_every_error_is_a_value_error():
    assert issubclass(CountingError, ValueError)
    with pytest.raises(ValueError):
        count("stv", ["a", "b"], [], seats=1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"method": "coin-toss"}, UnknownMethodError, "unknown counting method 'coin-toss'"),
        ({"ballots": []}, SetupError, "no ballots to count"),
        ({"ballots": [[], []]}, SetupError, "every ballot is empty"),
        ({"seats": 3}, SetupError, "3 seats for 3 candidates"),
        ({"seats": 0}, SetupError, "at least one seat"),
        ({"seats": 2, "method": "irv"}, SetupError, "elects one winner"),
        ({"seats": 1.5}, SetupError, "whole number"),
        ({"candidates": ["a", "a", "b"]}, CandidateError, "appears twice"),
    ],
)
def test_ill_posed_counts_are_refused(kwargs, error, message):
    arguments = {
        "method": "stv",
        "candidates": ["a", "b", "c"],
        "ballots": [["a", "b"]],
        "seats": 1,
    } | kwargs
    with pytest.raises(error, match=message):
        count(**arguments)


def test_a_method_refuses_the_wrong_kind_of_ballot():
    approvals = Ballots.approval(["a", "b", "c"], [["a", "b"]])
    with pytest.raises(SetupError, match="counts ranked ballots, but these are approval"):
        count("irv", ballots=approvals)


def test_candidates_given_with_a_ballot_set_must_match_it():
    ballots = Ballots.ranked(["a", "b"], [["a"]])
    with pytest.raises(CandidateError, match="differ"):
        count("irv", ["a", "c"], ballots)


def test_plain_lists_need_the_candidates():
    with pytest.raises(CandidateError, match="give the candidates"):
        count("irv", ballots=[["a"]])


def test_the_result_names_method_version_seed_and_checksum():
    ballots = Ballots.ranked(["a", "b", "c"], [["a", "b"], ["b"], ["c", "b"]])
    result = count("irv", ballots=ballots)
    assert result.method == "irv"
    assert result.method_version == METHODS["irv"].version
    assert result.ballot_checksum == ballots.checksum()
    assert result.seed == ballots.checksum()  # the default seed
    assert count("irv", ballots=ballots, seed="x").seed == "x"


@pytest.mark.parametrize("method", list(METHODS))
def test_results_round_trip_through_json_exactly(method):
    if METHODS[method].ballot_kind == "ranked":
        ballots = Ballots.ranked(
            list("abcd"),
            [list("abc"), list("bca"), list("cab"), list("d"), list("ab"), list("ca")],
            [5, 4, 3, 2, 2, 1],
        )
    else:
        ballots = Ballots.approval(
            list("abcd"), [["a", "b"], ["c"], ["a", "d"], ["b", "c"]], [5, 3, 2, 2]
        )
    seats = 1 if not METHODS[method].multiple_seats else 2
    result = count(method, ballots=ballots, seats=seats, seed="json")
    text = result.to_json()
    again = Result.from_json(text)
    assert again == result
    assert again.to_json() == text
    json.loads(text)  # plain JSON


def test_exact_values_survive_json():
    stv = count("stv", list("abc"), [list("ab")] * 5 + [list("b")] * 2 + [list("c")] * 3, seats=2)
    values = [v for r in stv.rounds for v in r.counts.values()]
    assert all(isinstance(v, Decimal) for v in values)
    assert Result.from_json(stv.to_json()).rounds[1].counts == stv.rounds[1].counts
    mes = count("mes", list("abc"), [["a"], ["a", "b"], ["c"]], seats=2)
    assert any(isinstance(v, Fraction) for r in mes.rounds for v in r.counts.values())
    assert Result.from_json(mes.to_json()) == mes


def test_a_result_in_another_format_is_refused():
    with pytest.raises(CountingError, match="not a counting result"):
        Result.from_dict({"format": "something-else/9"})


def test_the_example_in_the_docs_gives_the_result_the_docs_show():
    ballots = Ballots.ranked(
        ["12", "15", "31"],
        [["15", "12"], ["31"], ["15"], ["12", "31"], ["15", "31"]],
    )
    result = count("stv", ballots=ballots, seats=2, seed="drawn when the round closed")
    assert result.winners == ("15", "12")
    assert Result.from_json(result.to_json()) == result
