"""What every ballot-file reader shares: the :class:`Election` it returns, reading
the file's text, and turning the ballot rules' refusals into file errors.

The readers (``blt``, ``csv``, ``preflib``) import from here, never from the
``formats`` package itself, which imports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from participation.counting.ballots import Ballots
from participation.counting.errors import CountingError, FormatError, RuleError
from participation.counting.rules import BallotRules, apply_rules


@dataclass(frozen=True)
class Election:
    """Ballots read from a file, with what the file says about the election."""

    ballots: Ballots
    seats: int | None = None
    title: str | None = None
    withdrawn: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # candidate id -> display name


def read_text(path: str | Path) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise FormatError(
            f"the file is not UTF-8 text ({error.reason}); save it as UTF-8 and try again",
            source=str(path),
            line=line,
        ) from None
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", source=str(path)) from None


def ruled(ranks: tuple, rules: BallotRules, candidates: Sequence[str], line: int, source: str):
    """``apply_rules`` for the ballot on ``line`` of ``source``: its ``(groups, end)``,
    or the rule's refusal as a :class:`FormatError` naming the file and the line (and
    the option that would let the ballot count)."""
    try:
        return apply_rules(ranks, rules, candidates)
    except RuleError as error:
        raise FormatError(error.problem, line=line, source=source, flag=error.flag) from None


def built(build, *args, source: str, **kwargs) -> Ballots:
    """``build(*args, **kwargs)`` (a :class:`Ballots` constructor), with a counting
    error raised as a :class:`FormatError` naming the file."""
    try:
        return build(*args, **kwargs)
    except CountingError as error:
        raise FormatError(str(error), source=source) from None
