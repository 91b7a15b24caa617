"""Errors raised by the counting engine.

Every error is a ``CountingError``, itself a ``ValueError``, so a caller can catch
one type. The message always says what is wrong in words a person can act on; a
file error also names the file and the line.
"""

from __future__ import annotations


class CountingError(ValueError):
    """Anything that stops a count from giving a trustworthy result."""


class CandidateError(CountingError):
    """The candidate list is wrong: empty, repeated or unknown ids."""


class BallotError(CountingError):
    """A ballot is invalid: an unknown candidate, a candidate ranked twice, a gap."""


class SetupError(CountingError):
    """The count itself is ill-posed: no ballots, too many seats, wrong ballot kind."""


class UnknownMethodError(SetupError):
    """No counting method has that name."""


class RuleError(BallotError):
    """A ballot rule cannot apply to this ballot. ``flag`` names the command-line
    option (and value) that would let the ballot be counted."""

    def __init__(self, problem: str, *, flag: str | None = None):
        self.problem = problem
        self.flag = flag
        super().__init__(f"{problem} (use {flag} to count it)" if flag else problem)


class FormatError(CountingError):
    """A file could not be read. ``line`` is 1-based, or None for the whole file.
    ``flag`` names the command-line option that would let the file be counted."""

    def __init__(
        self,
        problem: str,
        *,
        line: int | None = None,
        source: str | None = None,
        flag: str | None = None,
    ):
        self.line = line
        self.source = source
        self.flag = flag
        if flag and flag not in problem:
            problem = f"{problem} (use {flag} to count it)"
        self.problem = problem
        where = []
        if source:
            where.append(str(source))
        if line is not None:
            where.append(f"line {line}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {problem}" if prefix else problem)
