"""Reading and writing ballot files: BLT, PrefLib and CSV.

Every reader returns an :class:`Election` and raises :class:`FormatError` naming the
file, the line and the problem when a file is malformed.
"""

from __future__ import annotations

from pathlib import Path

from participation.counting.errors import FormatError
from participation.counting.formats import blt, csv, preflib
from participation.counting.formats.common import Election, read_text
from participation.counting.rules import DEFAULT_RULES, BallotRules

__all__ = ["PREFLIB_SUFFIXES", "Election", "detect_format", "read_election", "read_text"]


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
