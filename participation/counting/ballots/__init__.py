"""The ballot set: a compact, canonical, immutable multiset of ballots.

A ballot is either a *ranking* (candidates in order of preference, possibly
truncated) or an *approval set* (the candidates a voter approves of). Internally a
``Ballots`` holds one row per distinct ballot in a 2-D integer array of candidate
indices padded with -1, and a vector of how many voters cast each row. Identical
ballots are merged when the set is built, and rows are kept in the canonical order
described in ``docs/counting.md``, so the same ballots always give the same arrays
and the same SHA-256 checksum, whatever order they arrived in.
"""

from participation.counting.ballots.ballot_set import CANONICAL_HEADER, MARKED_HEADER, Ballots
from participation.counting.ballots.inputs import KINDS, check_candidates
from participation.counting.ballots.marked import Marked
from participation.counting.canonical import APPROVAL, RANKED

__all__ = [
    "APPROVAL",
    "CANONICAL_HEADER",
    "KINDS",
    "MARKED_HEADER",
    "RANKED",
    "Ballots",
    "Marked",
    "check_candidates",
]
