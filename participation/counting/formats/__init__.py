"""Reading and writing ballot files: BLT, PrefLib and CSV.

Every reader returns an :class:`Election` and raises :class:`FormatError` naming the
file, the line and the problem when a file is malformed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from participation.counting.ballots import Ballots
from participation.counting.errors import FormatError
from participation.counting.rules import DEFAULT_RULES, BallotRules


@dataclass(frozen=True)
class Election:
    """Ballots read from a file, with what the file says about the election."""

    ballots: Ballots
    seats: int | None = None
    title: str | None = None
    withdrawn: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # candidate id -> display name


PREFLIB_SUFFIXES = (".soc", ".soi", ".toc", ".toi", ".cat")


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".blt":
        return "blt"
    if suffix in PREFLIB_SUFFIXES:
        return "preflib"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise FormatError(
        f"cannot tell the format from the name; use .blt, {', '.join(PREFLIB_SUFFIXES)}"
        " or .csv, or name the format",
        source=str(path),
    )


def read_election(
    path: str | Path, format: str | None = None, rules: BallotRules = DEFAULT_RULES, **options
) -> Election:
    """Read a ballot file, choosing the reader from ``format`` or the file name, and
    applying the ballot ``rules`` to over-votes, skipped ranks and repeats."""
    from participation.counting.formats import blt, csv, preflib

    chosen = format or detect_format(path)
    readers = {
        "blt": blt.read_blt,
        "preflib": preflib.read_preflib,
        "csv": csv.read_csv,
        "cvr": csv.read_cvr,
    }
    if chosen not in readers:
        raise FormatError(f"unknown format {chosen!r}; use one of {', '.join(readers)}")
    return readers[chosen](path, rules=rules, **options)


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
