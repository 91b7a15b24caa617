"""The ballot kinds, and checking and reading candidate ids and ballots given as ids.

Part of `participation.counting.ballots`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from participation.counting.canonical import APPROVAL, RANKED
from participation.counting.errors import BallotError, CandidateError

KINDS = (RANKED, APPROVAL)


def check_candidates(candidates: Iterable[str]) -> tuple[str, ...]:
    """Return the candidate ids as a tuple, refusing anything ambiguous."""
    if isinstance(candidates, str):
        raise CandidateError("candidates must be a list of ids, not one string")
    result = tuple(candidates)
    if not result:
        raise CandidateError("there are no candidates")
    seen: set[str] = set()
    for candidate in result:
        if not isinstance(candidate, str):
            raise CandidateError(f"candidate id {candidate!r} is not a string")
        if not candidate.strip():
            raise CandidateError("a candidate id is empty")
        # Control characters would make the canonical text form ambiguous.
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
            raise CandidateError(f"candidate id {candidate!r} contains a control character")
        if candidate in seen:
            raise CandidateError(f"candidate {candidate!r} appears twice in the candidate list")
        seen.add(candidate)
    return result


# ----------------------------------------------------------------- internals


def _rows_from_ids(candidates, ballots, kind) -> np.ndarray:
    index = {candidate: i for i, candidate in enumerate(candidates)}
    lists: list[list[int]] = []
    verb = "ranks" if kind == RANKED else "approves"
    for number, ballot in enumerate(ballots, start=1):
        if isinstance(ballot, str):
            raise BallotError(f"ballot {number} is a single string; give a list of candidate ids")
        try:
            row = [index[choice] for choice in ballot]
        except KeyError as error:
            raise BallotError(
                f"ballot {number} names unknown candidate {error.args[0]!r}"
            ) from None
        except TypeError:
            raise BallotError(f"ballot {number} names a candidate that is not a string") from None
        if len(set(row)) != len(row):
            seen: set[int] = set()
            for i in row:
                if i in seen:
                    raise BallotError(f"ballot {number} {verb} {candidates[i]!r} twice")
                seen.add(i)
        lists.append(row)
    width = max((len(row) for row in lists), default=0)
    array = np.full((len(lists), width), -1, dtype=np.int32)
    if width:
        lengths = np.fromiter((len(row) for row in lists), dtype=np.int64, count=len(lists))
        flat = np.fromiter(
            (i for row in lists for i in row), dtype=np.int32, count=int(lengths.sum())
        )
        row_of = np.repeat(np.arange(len(lists)), lengths)
        starts = np.cumsum(lengths) - lengths
        column = np.arange(flat.size) - np.repeat(starts, lengths)
        array[row_of, column] = flat
    return array
