"""A round's ballots read in bulk, for counting and for the published files.

A round may close with a million ballots, so nothing here makes one ORM object or one
Python list per ballot on PostgreSQL: the ballots come out of the database with one
`COPY ... TO STDOUT`, as lines of integers, and become a NumPy array of candidate
indices in a few vectorised steps (`read_rows`). SQLite (tests, a developer's
machine) takes the plain ORM path, which gives the same answers.

The published order is the order of the receipt fingerprints
(`selectors.ballots.published_ballots`), which shuffles the ballots: row N of the
ballots CSV is row N of the receipts CSV.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connections, router

from participation import counting
from participation.models import Ballot, Round
from participation.receipts import receipt_fingerprint

# One line per ballot, in no particular order: the receipt fingerprint
# (receipts.receipt_fingerprint, computed by PostgreSQL) as a 64-bit integer, the
# number of choices, then the nomination ids ("-8163...,3,12,15,31"). Sorting a
# million lines by fingerprint is quicker in NumPy than in the database.
_CHOICES_COPY = """
    COPY (
        SELECT ('x' || left(encode(sha256(convert_to(upper(btrim(receipt)), 'UTF8')), 'hex'), 16))
                   ::bit(64)::bigint::text
               || ',' || jsonb_array_length(choices)::text
               || CASE WHEN jsonb_array_length(choices) = 0 THEN ''
                  ELSE ',' || translate(choices::text, '[] ', '') END
        FROM participation_ballot WHERE round_id = {round_id}
    ) TO STDOUT
"""


@dataclass(frozen=True)
class BallotRows:
    """A round's ballots in the published order, as candidate indices.

    `nominations[i]` is the nomination id of candidate index i; `rows` has one row per
    ballot, padded with -1 (rankings in order; approval sets in nomination id order).
    """

    nominations: tuple[int, ...]
    rows: np.ndarray
    # Each row's receipt fingerprint, as the unsigned 64-bit number its hex digits spell.
    fingerprints: np.ndarray

    def __len__(self) -> int:
        return int(self.rows.shape[0])

    def ballots(self, candidates: Sequence[str], *, ranked: bool) -> counting.Ballots:
        """The engine's ballot set, with candidate i named `candidates[i]`."""
        kind = counting.RANKED if ranked else counting.APPROVAL
        return counting.Ballots.from_indices(candidates, self.rows, kind=kind)


def _copy_sql(query: str, round: Round):
    """COPY takes no parameters: the round's id goes in as a quoted literal. (Django's
    debugging cursor passes no parameters to `copy` either.)"""
    from psycopg import sql

    return sql.SQL(query).format(round_id=sql.Literal(int(round.pk)))


def _is_postgresql(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def read_rows(round: Round, nominations: Sequence[int], *, using: str | None = None) -> BallotRows:
    """Every ballot in `round`, in the published order, over the nominations given
    (the shortlist, in the order of their candidate indices).

    Raises ValidationError if a ballot names a nomination not in `nominations`, which
    the ballot service never lets happen.
    """
    using = using or router.db_for_read(Ballot)
    nominations = tuple(int(pk) for pk in nominations)
    lookup = _lookup(nominations)
    read = _copy_choices(round, using, lookup) if _is_postgresql(using) else None
    if read is None:  # SQLite, or two fingerprints alike: their order needs the receipts
        fingerprints, lengths, values = _orm_choices(round, using)
        rows = _padded(lengths, _indices(values, lookup), np.arange(lengths.size))
        return BallotRows(nominations, rows, fingerprints)
    return BallotRows(nominations, *read)


# Lines parsed at a time: the temporary arrays stay small beside the result.
_PARSE_LINES = 100_000


def _copy_choices(round: Round, using: str, lookup: np.ndarray):
    """(padded rows, fingerprints) in the published order, or None when two ballots'
    fingerprints are the same (then the receipts decide: `_orm_choices`).

    Two passes over the text: the first reads each line's fingerprint and choices
    (as candidate indices, small integers), the second puts each ballot's choices in
    its row once the fingerprints have been sorted."""
    buffer = io.BytesIO()
    with (
        connections[using].cursor() as cursor,
        cursor.copy(_copy_sql(_CHOICES_COPY, round)) as copy,
    ):
        for data in copy:
            buffer.write(data)
    text = buffer.getbuffer()
    raw = np.frombuffer(text, dtype=np.uint8)
    ends = np.flatnonzero(raw == ord("\n"))
    fingerprints, lengths, choices = [], [], []
    begin = 0
    for first in range(0, ends.size, _PARSE_LINES):
        stop = int(ends[min(first + _PARSE_LINES, ends.size) - 1]) + 1
        part_fingerprints, part_lengths, part_values = _parse(raw[begin:stop])
        fingerprints.append(part_fingerprints)
        lengths.append(part_lengths)
        choices.append(_indices(part_values, lookup))
        begin = stop
    del raw, text, buffer, ends
    if not fingerprints:
        empty = np.zeros((0, 0), dtype=np.int8)
        return empty, np.zeros(0, np.uint64)
    fingerprints = np.concatenate(fingerprints)
    order = np.argsort(fingerprints, kind="stable")
    fingerprints = fingerprints[order]
    if fingerprints.size > 1 and not np.all(fingerprints[1:] != fingerprints[:-1]):
        return None
    # where[i]: the published row of the i-th ballot read.
    where = np.empty(order.size, dtype=np.int64)
    where[order] = np.arange(order.size)
    del order
    width = max(int(part.max(initial=0)) for part in lengths)
    rows = np.full((where.size, width), -1, dtype=_row_type(lookup))
    offset = 0
    for part_lengths, part_choices in zip(lengths, choices, strict=True):
        _fill(rows, part_lengths, part_choices, where[offset : offset + part_lengths.size])
        offset += part_lengths.size
    return rows, fingerprints


def _parse(raw: np.ndarray):
    """Lines "fingerprint,3,12,15,31" -> (fingerprints, lengths, nomination ids)."""
    ends = np.flatnonzero(raw == ord("\n"))
    starts = np.concatenate([[0], ends[:-1] + 1])
    # One comma more than there are choices.
    lengths = np.add.reduceat((raw == ord(",")).view(np.uint8), starts, dtype=np.int64) - 1
    text = raw.tobytes().replace(b"\n", b",")[:-1]
    flat = np.fromstring(text, dtype=np.int64, sep=",")
    heads = np.cumsum(lengths + 2) - (lengths + 2)  # where each line's fingerprint sits
    if flat.size != int(lengths.sum()) + 2 * lengths.size or not np.array_equal(
        flat[heads + 1], lengths
    ):
        raise ValidationError("The ballots could not be read back from the database.")
    keep = np.ones(flat.size, dtype=bool)
    keep[heads] = False
    keep[heads + 1] = False
    return flat[heads].view(np.uint64), lengths, flat[keep]


def _orm_choices(round: Round, using: str):
    rows = (
        Ballot.objects.using(using).filter(round=round).values_list("receipt", "choices").iterator()
    )
    ordered = sorted((receipt_fingerprint(receipt), receipt, choices) for receipt, choices in rows)
    fingerprints = np.fromiter(
        (int(fingerprint, 16) for fingerprint, _, _ in ordered), dtype=np.uint64, count=len(ordered)
    )
    lengths = np.fromiter((len(c) for _, _, c in ordered), dtype=np.int64, count=len(ordered))
    values = np.fromiter(
        (int(v) for _, _, c in ordered for v in c), dtype=np.int64, count=int(lengths.sum())
    )
    return fingerprints, lengths, values


def _lookup(nominations: tuple[int, ...]) -> np.ndarray:
    """Nomination id -> candidate index (-1: not on the ballot paper)."""
    lookup = np.full(max(nominations, default=0) + 1, -1, dtype=np.int32)
    lookup[np.asarray(nominations, dtype=np.int64)] = np.arange(len(nominations))
    return lookup


def _row_type(lookup: np.ndarray):
    candidates = int(lookup.max(initial=-1)) + 1
    return np.int8 if candidates < 127 else (np.int16 if candidates < 32_000 else np.int32)


def _indices(values: np.ndarray, lookup: np.ndarray) -> np.ndarray:
    if not values.size:
        return values.astype(np.int32)
    if int(values.min()) < 0 or int(values.max()) >= lookup.size:
        raise ValidationError("A ballot names a nomination that isn't on this round's ballot.")
    indices = lookup[values]
    if int(indices.min()) < 0:
        raise ValidationError("A ballot names a nomination that isn't on this round's ballot.")
    return indices


def _fill(rows: np.ndarray, lengths: np.ndarray, indices: np.ndarray, where: np.ndarray) -> None:
    """Put each ballot's choices (`indices`, `lengths` of them each) in row `where`."""
    if indices.size:
        starts = np.cumsum(lengths) - lengths
        column = np.arange(indices.size) - np.repeat(starts, lengths)
        rows[np.repeat(where, lengths), column] = indices


def _padded(lengths: np.ndarray, indices: np.ndarray, where: np.ndarray) -> np.ndarray:
    width = int(lengths.max()) if lengths.size else 0
    rows = np.full((lengths.size, width), -1, dtype=np.int32)
    _fill(rows, lengths, indices, where)
    return rows
