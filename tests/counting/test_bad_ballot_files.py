"""Bad ballot files, through the command line as someone counting an election uses it.

Every case ends one of two ways: the file counts by the rule named, with the result
worked out by hand below, or the command exits with status 2 and one line on stderr,
``error: FILE, line N: what is wrong``, ending ``(use --FLAG ... to count it)`` where
an option would let it count. Never a traceback, never exit status 1, never a
different result without saying so.

Most elections here are the same four candidates A, B, C, D and nine voters:

    4  A, B
    3  B
    2  C, then something awkward (an over-vote, a skipped rank, a repeat), then B

C is eliminated after D (who has no votes). Where C's two ballots go next decides
the winner: kept for B, B wins 5 to 4; stopped, A wins 4 to 3 with the two ballots
shown inactive for the reason the rule gives; over-vote {A, D} counted for A (D is
out of the count by then) under ``exhaust-if-multiple``, A wins 6 to 3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from participation.counting.__main__ import main

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JSON_TEXT = '{\n  "candidates": ["A", "B"],\n  "ballots": [["A", "B"], ["B"]]\n}\n'
CANDIDATES = "id,name\n1,A\n2,B\n3,C\n4,D\n"

# The final round of each outcome: (winner, counts, inactive reason -> ballots).
B_WINS = ("B", {"A": 4, "B": 5, "C": 0, "D": 0}, {})
A_WINS_OVERVOTE = ("A", {"A": 4, "B": 3, "C": 0, "D": 0}, {"overvote": 2})
A_WINS_SKIPPED = ("A", {"A": 4, "B": 3, "C": 0, "D": 0}, {"skipped": 2})
A_WINS_REPEATED = ("A", {"A": 4, "B": 3, "C": 0, "D": 0}, {"repeated": 2})
A_WINS_BY_SIX = ("A", {"A": 6, "B": 3, "C": 0, "D": 0}, {})


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(capsys, path: Path, *options: str) -> tuple[int, str, str]:
    """The command's exit status, stdout and stderr. An exception escaping ``main``
    (what a person would see as a traceback) fails the test by itself."""
    code = main([str(path), *options])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def counted(capsys, path: Path, *options: str, method: str = "irv") -> dict:
    code, out, err = run(capsys, path, "--method", method, "--json", *options)
    assert (code, err) == (0, "")
    return json.loads(out)


def assert_outcome(result: dict, outcome) -> None:
    winner, counts, inactive = outcome
    final = result["rounds"][-1]
    assert result["winners"] == [winner]
    assert final["counts"] == counts
    assert {reason: n for reason, n in final["inactive"].items() if n} == inactive
    assert result["ballots"] == 9


def refused(
    capsys,
    path: Path,
    *options: str,
    line: int | set[int | None] | None,
    says: str,
    flag: str | None = None,
    method: str = "irv",
    named: Path | None = None,
) -> str:
    """Exit 2 with ``error: FILE, line N: ...`` naming the (``named``) file, the line
    (one of a set where more than one is a fair answer; None for no line), words of the message and,
    where an option would let it count, the option."""
    code, out, err = run(capsys, path, "--method", method, *options)
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: "), err
    where = str(named or path)
    lines = line if isinstance(line, set) else {line}
    starts = [f"error: {where}: " if n is None else f"error: {where}, line {n}: " for n in lines]
    assert any(err.startswith(start) for start in starts), err
    assert says.lower() in err.lower(), err
    if flag is not None:
        assert f"(use {flag}" in err and err.rstrip().endswith("to count it)"), err
    return err


def cvr(tmp_path: Path, rows: str, candidates: str = CANDIDATES) -> tuple[Path, list[str]]:
    records = write(tmp_path, "records.csv", "rank1,rank2,rank3\n" + rows)
    names = write(tmp_path, "names.csv", candidates)
    return records, ["--format", "cvr", "--candidates-file", str(names)]


# ------------------------------------------------------------------------------ BLT

BLT_NAMES = '"A"\n"B"\n"C"\n"D"\n'


def blt(awkward: str) -> str:
    return f"4 1\n4 1 2 0\n3 2 0\n2 3 {awkward} 2 0\n0\n" + BLT_NAMES


@pytest.mark.parametrize(
    ("options", "outcome"),
    [
        ((), A_WINS_OVERVOTE),
        (("--overvote", "exhaust"), A_WINS_OVERVOTE),
        (("--overvote", "skip"), B_WINS),
        (("--overvote", "exhaust-if-multiple"), A_WINS_BY_SIX),
    ],
    ids=["default", "exhaust", "skip", "exhaust-if-multiple"],
)
def test_a_blt_over_vote_counts_by_the_rule_named(capsys, tmp_path, options, outcome):
    path = write(tmp_path, "overvote.blt", blt("1=4"))
    result = counted(capsys, path, *options)
    assert_outcome(result, outcome)
    assert result["rules"]["overvote"] == (options[1] if options else "exhaust")


@pytest.mark.parametrize(
    ("options", "outcome"),
    [
        ((), B_WINS),
        (("--repeated", "ignore"), B_WINS),
        (("--repeated", "exhaust"), A_WINS_REPEATED),
    ],
    ids=["default", "ignore", "exhaust"],
)
def test_a_blt_repeated_candidate_counts_by_the_rule_named(capsys, tmp_path, options, outcome):
    assert_outcome(counted(capsys, write(tmp_path, "repeat.blt", blt("3")), *options), outcome)


def test_a_blt_repeated_candidate_refused_names_the_line_and_the_flag(capsys, tmp_path):
    path = write(tmp_path, "repeat.blt", blt("3"))
    refused(capsys, path, "--repeated", "refuse", line=4, says="more than once", flag="--repeated")


def test_a_blt_cut_mid_ballot(capsys, tmp_path):
    path = write(tmp_path, "cut.blt", "4 1\n4 1 2 0\n3 2")
    refused(capsys, path, line=3, says="must end with 0")


def test_a_blt_without_the_zero_that_ends_the_ballots(capsys, tmp_path):
    # The names are then read as ballots: the first name is where it goes wrong.
    path = write(tmp_path, "nozero.blt", "4 1\n4 1 2 0\n3 2 0\n" + BLT_NAMES)
    refused(capsys, path, line=4, says='"A"')


def test_a_blt_that_stops_after_the_ballots(capsys, tmp_path):
    path = write(tmp_path, "stops.blt", "4 1\n4 1 2 0\n3 2 0\n")
    # The last line read, or the first line missing, is a fair place to point at.
    refused(capsys, path, line={3, 4}, says="0")


def test_a_blt_missing_candidate_names(capsys, tmp_path):
    path = write(tmp_path, "names.blt", "4 1\n4 1 2 0\n0\n" + '"A"\n"B"\n')
    # The header line that promised 4 names, or the end where the third should be.
    refused(capsys, path, line={1, 5, 6}, says="expected 4 candidate names")


def test_a_blt_header_of_five_candidates_with_four_names(capsys, tmp_path):
    path = write(tmp_path, "five.blt", "5 1\n4 1 2 0\n3 2 0\n0\n" + BLT_NAMES)
    refused(capsys, path, line={1, 8, 9}, says="5 candidate names")


def test_a_blt_ballot_naming_candidate_nine_of_five(capsys, tmp_path):
    path = write(tmp_path, "nine.blt", "5 1\n4 1 2 0\n3 9 1 0\n0\n" + BLT_NAMES + '"E"\n')
    refused(capsys, path, line=3, says="candidate 9 does not exist (there are 5)")


def test_a_blt_with_a_latin_1_name_gives_its_line(capsys, tmp_path):
    content = b"2 1\n1 1 2 0\n0\n" + '"Zoë"\n"Ana"\n'.encode("latin-1")
    path = write(tmp_path, "latin.blt", content)
    refused(capsys, path, line=4, says="not UTF-8")


# -------------------------------------------------------------------------- PrefLib


def preflib(kind: str, orders: str, alternatives: int = 4, voters: int = 9) -> str:
    names = "".join(f"# ALTERNATIVE NAME {i}: {'ABCDE'[i - 1]}\n" for i in range(1, 5))
    return (
        f"# FILE NAME: test.{kind}\n# DATA TYPE: {kind}\n"
        f"# NUMBER ALTERNATIVES: {alternatives}\n{names}"
        f"# NUMBER VOTERS: {voters}\n" + orders
    )


# Header lines 1-8; the three orders are on lines 9, 10 and 11.
TOI = "4: 1,2\n3: 2\n2: 3,{1,4},2\n"
# In a complete order a last group holding everyone not yet ranked is "unranked".
TOC = "4: 1,2,{3,4}\n3: 2,{1,3,4}\n2: 3,{1,4},2\n"
# C's two ballots rank C again.
REPEAT = "4: 1,2\n3: 2\n2: 3,3,2\n"


@pytest.mark.parametrize(("kind", "orders"), [("toi", TOI), ("toc", TOC)])
@pytest.mark.parametrize(
    ("options", "outcome"),
    [
        ((), A_WINS_OVERVOTE),
        (("--overvote", "skip"), B_WINS),
        (("--overvote", "exhaust-if-multiple"), A_WINS_BY_SIX),
    ],
    ids=["default", "skip", "exhaust-if-multiple"],
)
def test_a_preflib_tie_is_an_over_vote_counted_by_the_rule_named(
    capsys, tmp_path, kind, orders, options, outcome
):
    path = write(tmp_path, f"ties.{kind}", preflib(kind, orders))
    assert_outcome(counted(capsys, path, *options), outcome)


@pytest.mark.parametrize(
    ("options", "outcome"),
    [((), B_WINS), (("--repeated", "exhaust"), A_WINS_REPEATED)],
    ids=["default", "exhaust"],
)
def test_a_preflib_repeated_alternative_counts_by_the_rule_named(
    capsys, tmp_path, options, outcome
):
    path = write(tmp_path, "repeat.soi", preflib("soi", REPEAT))
    assert_outcome(counted(capsys, path, *options), outcome)


def test_a_preflib_repeated_alternative_refused_names_the_line_and_the_flag(capsys, tmp_path):
    path = write(tmp_path, "repeat.soi", preflib("soi", REPEAT))
    refused(capsys, path, "--repeated", "refuse", line=11, says="more than once", flag="--repeated")


def test_a_preflib_file_cut_mid_order(capsys, tmp_path):
    path = write(tmp_path, "cut.toi", preflib("toi", "4: 1,2\n3: 2\n2: 3,{1,"))
    refused(capsys, path, line=11, says="cannot read the ballot")


def test_a_preflib_order_without_its_count(capsys, tmp_path):
    path = write(tmp_path, "nocount.soi", preflib("soi", "4: 1,2\n3: 2\n3,1,2\n", voters=7))
    refused(capsys, path, line=11, says="expected 'count: ballot'")


def test_a_preflib_header_of_five_alternatives_with_four_names(capsys, tmp_path):
    path = write(tmp_path, "five.soi", preflib("soi", "4: 1,2\n3: 2\n2: 3,2\n", alternatives=5))
    # The count line says 5; name 5 is missing.
    refused(capsys, path, line=3, says="5")


def test_a_preflib_order_naming_alternative_nine_of_four(capsys, tmp_path):
    path = write(tmp_path, "nine.soi", preflib("soi", "4: 1,2\n3: 9,2\n2: 3,2\n"))
    refused(capsys, path, line=10, says="9")


def test_a_complete_order_file_with_an_incomplete_order(capsys, tmp_path):
    path = write(tmp_path, "short.soc", preflib("soc", "4: 1,2,3,4\n3: 2,1,3,4\n2: 3,2\n"))
    refused(capsys, path, line=11, says="")


def test_a_preflib_voter_total_that_disagrees_with_the_orders(capsys, tmp_path):
    path = write(tmp_path, "total.soi", preflib("soi", TOI.replace("{1,4},", ""), voters=10))
    refused(capsys, path, line=8, says="the header says 10 voters but the ballots add up to 9")


def test_a_preflib_latin_1_name_gives_its_line(capsys, tmp_path):
    text = preflib("soi", "4: 1,2\n3: 2\n2: 3,2\n").replace("NAME 3: C", "NAME 3: Zoë")
    path = write(tmp_path, "latin.soi", text.encode("latin-1"))
    refused(capsys, path, line=6, says="not UTF-8")


def test_categories_count_as_approvals(capsys, tmp_path):
    path = write(
        tmp_path, "votes.cat", preflib("cat", "4: {1,3},{2,4}\n3: {2},{1,3,4}\n2: {3,4},{1,2}\n")
    )
    result = counted(capsys, path, method="approval")
    assert result["winners"] == ["C"]
    assert result["rounds"][0]["counts"] == {"A": 4, "B": 3, "C": 6, "D": 2}


def test_a_categories_file_cut_mid_line(capsys, tmp_path):
    path = write(tmp_path, "cut.cat", preflib("cat", "4: {1,3},{2,4}\n3: {2},{1,3,4}\n2: {3,"))
    refused(capsys, path, line=11, says="cannot read", method="approval")


# ------------------------------------------------------------------------------ CSV


def csv_election(awkward: str) -> str:
    return f"count,rank1,rank2,rank3\n4,A,B,\n3,B,,\n2,C,{awkward},B\n1,D,,\n"


def test_a_csv_skipped_rank_counts_by_the_rule_named(capsys, tmp_path):
    # D has one first preference here (so the total is 10) and goes out first.
    path = write(tmp_path, "skip.csv", csv_election(""))
    any_number = counted(capsys, path)
    limited = counted(capsys, path, "--skipped-ranks", "0")
    assert any_number["winners"] == ["B"]
    assert any_number["rounds"][-1]["counts"]["B"] == 5
    assert limited["winners"] == ["A"]
    assert limited["rounds"][-1]["inactive"]["skipped"] == 2
    assert limited["rules"]["skipped_ranks"] == 0


def test_a_csv_repeated_candidate_counts_by_the_rule_named_or_is_refused(capsys, tmp_path):
    path = write(tmp_path, "repeat.csv", csv_election("C"))
    assert counted(capsys, path)["winners"] == ["B"]
    exhausted = counted(capsys, path, "--repeated", "exhaust")
    assert exhausted["winners"] == ["A"]
    assert exhausted["rounds"][-1]["inactive"]["repeated"] == 2
    refused(capsys, path, "--repeated", "refuse", line=4, says="more than once", flag="--repeated")


def test_a_csv_over_vote_is_never_counted_as_a_candidate_named_a_equals_d(capsys, tmp_path):
    path = write(tmp_path, "overvote.csv", csv_election("A=D"))
    code, out, err = run(capsys, path, "--method", "irv", "--json")
    if code == 0:
        result = json.loads(out)
        assert "A=D" not in result["candidates"]
        assert result["winners"] == ["A"]
        assert result["rounds"][-1]["inactive"]["overvote"] == 2
    else:
        assert code == 2
        assert err.startswith(f"error: {path}, line 4: "), err


def test_a_csv_ragged_row(capsys, tmp_path):
    path = write(tmp_path, "ragged.csv", "rank1,rank2\nA,B\nB,A,C\nA,\n")
    refused(capsys, path, line=3, says="the row has 3 cells but the header has 2")


def test_an_approval_csv_ragged_row(capsys, tmp_path):
    path = write(tmp_path, "ragged.csv", "A,B,C\n1,0,1\n0,1,1,1\n")
    refused(
        capsys, path, line=3, says="the row has 4 cells but the header has 3", method="approval"
    )


def test_a_csv_cut_inside_a_quoted_name(capsys, tmp_path):
    path = write(tmp_path, "cut.csv", 'rank1,rank2\nA,B\nB,"A')
    refused(capsys, path, line=3, says="quote")


def test_a_csv_latin_1_name_gives_its_line(capsys, tmp_path):
    path = write(tmp_path, "latin.csv", b"rank1,rank2\nA,B\n" + "Zoë,A\n".encode("latin-1"))
    refused(capsys, path, line=3, says="not UTF-8")


# ------------------------------------------------------------------------------ CVR


def cvr_election(awkward: str, after_b: str = "") -> str:
    """The nine voters as records under ``rank1,rank2,rank3``: C's two ballots (lines
    8 and 9) mark ``awkward`` at the second rank; B's three mark ``after_b`` there."""
    return "1,2,\n" * 4 + f"2,{after_b},\n" * 3 + f"3,{awkward},2\n" * 2


@pytest.mark.parametrize(
    ("awkward", "after_b", "options", "outcome"),
    [
        # An over-vote naming its candidates, 1=4.
        pytest.param("1=4", "", (), A_WINS_OVERVOTE, id="named-over-vote-default"),
        pytest.param("1=4", "", ("--overvote", "skip"), B_WINS, id="named-over-vote-skip"),
        pytest.param(
            "1=4",
            "",
            ("--overvote", "exhaust-if-multiple"),
            A_WINS_BY_SIX,
            id="named-over-vote-exhaust-if-multiple",
        ),
        # An over-vote that does not say which candidates, O.
        pytest.param("O", "", (), A_WINS_OVERVOTE, id="unnamed-over-vote-default"),
        pytest.param("O", "", ("--overvote", "skip"), B_WINS, id="unnamed-over-vote-skip"),
        # A skipped rank, U (B's ballots skip their second rank too).
        pytest.param("U", "U", (), B_WINS, id="skipped-rank-any"),
        pytest.param("U", "U", ("--skipped-ranks", "1"), B_WINS, id="skipped-rank-one"),
        pytest.param("U", "U", ("--skipped-ranks", "0"), A_WINS_SKIPPED, id="skipped-rank-none"),
        # C marked again.
        pytest.param("3", "", (), B_WINS, id="repeated-default"),
        pytest.param("3", "", ("--repeated", "exhaust"), A_WINS_REPEATED, id="repeated-exhaust"),
    ],
)
def test_a_cvr_awkward_rank_counts_by_the_rule_named(
    capsys, tmp_path, awkward, after_b, options, outcome
):
    records, cvr_options = cvr(tmp_path, cvr_election(awkward, after_b))
    assert_outcome(counted(capsys, records, *cvr_options, *options), outcome)


@pytest.mark.parametrize(
    ("awkward", "rule", "says"),
    [
        ("O", ("--overvote", "exhaust-if-multiple"), "does not say which candidates"),
        ("3", ("--repeated", "refuse"), "more than once"),
    ],
    ids=["unnamed-over-vote-exhausted-if-multiple", "repeated-refused"],
)
def test_a_cvr_ballot_the_rule_cannot_count_names_the_line_and_the_flag(
    capsys, tmp_path, awkward, rule, says
):
    records, options = cvr(tmp_path, cvr_election(awkward))
    refused(capsys, records, *options, *rule, line=9, says=says, flag=rule[0])


def test_a_cvr_cut_mid_line(capsys, tmp_path):
    records, options = cvr(tmp_path, "1,2,3\n2,1,3\n1,2")
    refused(capsys, records, *options, line=4, says="the row has 2 cells but the header has 3")


def test_a_cvr_naming_candidate_nine_of_four(capsys, tmp_path):
    records, options = cvr(tmp_path, "1,2,3\n9,1,2\n")
    refused(capsys, records, *options, line=3, says="unknown candidate id '9'")


def test_a_cvr_candidates_file_with_a_missing_name(capsys, tmp_path):
    records, options = cvr(tmp_path, "1,2,3\n", candidates="id,name\n1,A\n2,\n3,C\n")
    refused(
        capsys, records, *options, line=3, says="expected 'id,name'", named=tmp_path / "names.csv"
    )


def test_a_cvr_candidates_file_with_a_latin_1_name(capsys, tmp_path):
    records, options = cvr(tmp_path, "1,2,3\n")
    (tmp_path / "names.csv").write_bytes("id,name\n1,A\n2,Zoë\n3,C\n".encode("latin-1"))
    refused(capsys, records, *options, line=3, says="not UTF-8", named=tmp_path / "names.csv")


def test_a_cvr_without_its_candidates_file(capsys, tmp_path):
    records = write(tmp_path, "records.csv", "rank1,rank2\n1,2\n")
    missing = tmp_path / "nowhere.csv"
    code, out, err = run(
        capsys, records, "--method", "irv", "--format", "cvr", "--candidates-file", str(missing)
    )
    assert code == 2 and out == ""
    assert err.startswith(f"error: {missing}: cannot read the file"), err


# ------------------------------------------------------------- every format at once

FILES = {
    "blt": ("votes.blt", []),
    "soi": ("votes.soi", []),
    "toi": ("votes.toi", []),
    "toc": ("votes.toc", []),
    "soc": ("votes.soc", []),
    "cat": ("votes.cat", []),
    "csv": ("votes.csv", []),
    "cvr": ("records.csv", ["--format", "cvr"]),
}


def in_format(tmp_path: Path, key: str, content: str | bytes) -> tuple[Path, list[str]]:
    name, options = FILES[key]
    if key == "cvr":
        names = write(tmp_path, "names.csv", CANDIDATES)
        options = [*options, "--candidates-file", str(names)]
    return write(tmp_path, name, content), options


def method_for(key: str) -> str:
    return "approval" if key == "cat" else "irv"


@pytest.mark.parametrize("key", FILES)
def test_an_empty_file(capsys, tmp_path, key):
    path, options = in_format(tmp_path, key, "")
    refused(capsys, path, *options, line={None, 1}, says="empty", method=method_for(key))


@pytest.mark.parametrize("key", FILES)
def test_a_png_image(capsys, tmp_path, key):
    path, options = in_format(tmp_path, key, PNG)
    refused(capsys, path, *options, line=1, says="not UTF-8", method=method_for(key))


@pytest.mark.parametrize("key", FILES)
def test_a_json_file(capsys, tmp_path, key):
    path, options = in_format(tmp_path, key, JSON_TEXT)
    # Not a ballot file of any kind: refused at the line where that shows (the first
    # or, for CSV, where the rows stop matching the header).
    refused(capsys, path, *options, line={1, 2}, says="", method=method_for(key))


MILLION = 1_000_000


@pytest.mark.parametrize(
    ("key", "header", "line"),
    [
        ("blt", "2 1\n", "1 1 2 0\n"),
        (
            "soi",
            preflib("soi", "", alternatives=2, voters=MILLION).replace(
                "# ALTERNATIVE NAME 3: C\n# ALTERNATIVE NAME 4: D\n", ""
            ),
            "1: 1,2\n",
        ),
        ("csv", "rank1,rank2\n", "A,B\n"),
        ("cvr", "rank1,rank2\n", "1,2\n"),
    ],
)
def test_a_million_identical_lines_count(capsys, tmp_path, key, header, line):
    footer = '0\n"A"\n"B"\n' if key == "blt" else ""
    path, options = in_format(tmp_path, key, header + line * MILLION + footer)
    result = counted(capsys, path, *options, method="plurality")
    assert result["ballots"] == MILLION
    assert result["winners"] == ["A"]
    assert result["rounds"][0]["counts"] == {"A": MILLION, "B": 0} | (
        {"C": 0, "D": 0} if key == "cvr" else {}
    )
