"""The command line, run in-process."""

from __future__ import annotations

import hashlib
import json

from participation.counting.__main__ import main

BLT = "3 1\n4 1 2 0\n3 2 0\n2 3 2 0\n0\nAnn\nBen\nCat\nLittle election\n"


def test_it_prints_the_winners_and_the_round_table(tmp_path, capsys):
    path = tmp_path / "little.blt"
    path.write_text(BLT)
    assert main([str(path), "--method", "irv"]) == 0
    out = capsys.readouterr().out
    assert "Little election" in out
    assert "Winners:\n  1. Ben" in out
    assert "Round by round (votes):" in out
    assert "Cat eliminated" in out


def test_it_prints_json_that_names_the_winners(tmp_path, capsys):
    path = tmp_path / "little.blt"
    path.write_text(BLT)
    assert main([str(path), "--method", "stv", "--json", "--seed", "s"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["winners"] == ["Ben"]
    assert data["seats"] == 1
    assert data["seed"] == "s"


def test_the_canonical_text_reproduces_the_checksum(tmp_path, capsys):
    path = tmp_path / "little.blt"
    path.write_text(BLT)
    assert main([str(path), "--method", "irv", "--canonical"]) == 0
    canonical = capsys.readouterr().out
    assert main([str(path), "--method", "irv", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert hashlib.sha256(canonical.encode()).hexdigest() == data["ballot_checksum"]


def test_a_bad_file_gives_a_message_and_status_2(tmp_path, capsys):
    path = tmp_path / "bad.blt"
    path.write_text("3 1\n4 1 9 0\n0\nAnn\nBen\nCat\n")
    assert main([str(path), "--method", "stv"]) == 2
    assert capsys.readouterr().err == (
        f"error: {path}, line 2: candidate 9 does not exist (there are 3)\n"
    )


def test_a_refused_repeat_names_the_line_and_the_flag_that_counts_it(tmp_path, capsys):
    path = tmp_path / "repeat.blt"
    path.write_text("3 1\n3 2 3 0\n4 1 1 2 0\n0\nAnn\nBen\nCat\n")
    assert main([str(path), "--method", "irv", "--repeated", "refuse"]) == 2
    assert capsys.readouterr().err == (
        f"error: {path}, line 3: the ballot ranks 'Ann' more than once"
        " (use --repeated ignore (or exhaust) to count it)\n"
    )
    # Ignoring the repeat (the default) counts Ann's four voters as Ann, then Ben.
    assert main([str(path), "--method", "irv", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["winners"] == ["Ann"]
    assert result["rounds"][0]["counts"] == {"Ann": 4, "Ben": 3, "Cat": 0}
    assert result["rules"] == {"overvote": "exhaust", "skipped_ranks": "any", "repeated": "ignore"}


def test_too_many_seats_is_refused(tmp_path, capsys):
    path = tmp_path / "little.blt"
    path.write_text(BLT)
    assert main([str(path), "--method", "stv", "--seats", "3"]) == 2
    assert "3 seats for 3 candidates" in capsys.readouterr().err


def test_approval_methods_read_approval_csv(tmp_path, capsys):
    path = tmp_path / "shortlist.csv"
    path.write_text("A,B,C,X\n1,1,0,0\n1,1,0,0\n1,0,1,0\n0,0,0,1\n0,0,1,1\n")
    assert main([str(path), "--method", "mes", "--seats", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "mes"
    assert len(data["winners"]) == 2
