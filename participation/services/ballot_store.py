"""A round's ballots in bulk: read for counting, written again anonymously, published.

A round may close with a million ballots, so nothing here makes one ORM object or one
Python list per ballot on PostgreSQL: the ballots come out of the database with one
`COPY ... TO STDOUT`, as lines of integers, and become a NumPy array of candidate
indices in a few vectorised steps (`read_rows`); they are written again by one SQL
statement (`detach`, `detaching`); and the published files are streamed from those
arrays to storage once, at closing (`publish`). SQLite (tests, a developer's
machine) takes the plain ORM path, which gives the same answers.

The published order is the order of the receipt fingerprints (`selectors.published_ballots`),
which shuffles the ballots: row N of the ballots CSV is row N of the receipts CSV.
Rounds closed before the files were stored get them made when asked for
(`open_published`).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, router
from django.utils.crypto import get_random_string

from participation import counting
from participation.counting.formats.csv import write_csv_rows
from participation.labels import record_labels
from participation.models import Ballot, Round, RoundResult
from participation.selectors import receipt_fingerprint

# One line per ballot, in no particular order: the receipt fingerprint
# (selectors.receipt_fingerprint, computed by PostgreSQL) as a 64-bit integer, the
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
RECEIPTS_HEADER = "ballot,receipt_fingerprint\n"


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


# ------------------------------------------------------------------- anonymity


def _rewrite(connection, round: Round, stamp) -> None:
    """`detach` on PostgreSQL: one statement, in place. Each row gets a new id, drawn
    from the sequence in receipt order, no voter and the stamp. Updating rather than
    deleting and inserting leaves the round's foreign key as it was, so a million rows
    need no foreign-key checks when the transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE participation_ballot AS ballot
            SET id = drawn.id, voter_id = NULL, cast_at = %s, updated_at = %s
            FROM (
                SELECT old_id, nextval(pg_get_serial_sequence('participation_ballot', 'id'))
                    AS id
                FROM (
                    SELECT id AS old_id FROM participation_ballot
                    WHERE round_id = %s ORDER BY receipt COLLATE "C"
                ) AS in_receipt_order
            ) AS drawn
            WHERE ballot.id = drawn.old_id
            """,
            [stamp, stamp, round.pk],
        )


@contextmanager
def detaching(round: Round, *, stamp):
    """Detach the round's ballots (`detach`) while the body of the `with` runs.

    On PostgreSQL the rewrite is most of a big close's time, all of it the database's,
    while counting and writing the files is all Python's: so the rewrite runs on this
    transaction's connection from a second thread, and the `with` waits for it at the
    end. The body must not use the database meanwhile (it would wait its turn). On
    other databases the rewrite runs after the body.
    """
    using = router.db_for_write(Ballot)
    if not _is_postgresql(using):
        yield
        detach(round, stamp=stamp)
        return
    connection = connections[using]
    failures: list[BaseException] = []

    def rewrite() -> None:
        try:
            _rewrite(connection, round, stamp)
        except BaseException as error:  # raised in the closing thread below
            failures.append(error)

    connection.inc_thread_sharing()
    worker = threading.Thread(target=rewrite, name=f"detach-round-{round.pk}")
    worker.start()
    try:
        yield
    finally:
        worker.join()
        connection.dec_thread_sharing()
    if failures:
        raise failures[0]


def detach(round: Round, *, stamp) -> None:
    """Cut every link between the round's ballots and the people who cast them.

    Clearing `voter` is not enough: ballot ids and times were written in the same
    transactions as the RoundVoter rows, so they would line up. The ballots are
    written again, in receipt order (random), all stamped with `stamp` (the closing
    time). Call inside the closing transaction.
    """
    using = router.db_for_write(Ballot)
    if _is_postgresql(using):
        _rewrite(connections[using], round, stamp)
        return
    rows = list(
        Ballot.objects.filter(round=round).order_by("receipt").values_list("receipt", "choices")
    )
    Ballot.objects.filter(round=round).delete()
    Ballot.objects.bulk_create(
        [
            Ballot(
                round=round,
                voter=None,
                receipt=receipt,
                choices=choices,
                cast_at=stamp,
                updated_at=stamp,
            )
            for receipt, choices in rows
        ],
        batch_size=5000,
    )


# ------------------------------------------------------------- published files


def write_ballots_csv(out, candidates: Sequence[str], rows: BallotRows, *, ranked: bool) -> None:
    """The ballots CSV: each nomination named by `candidates` (its label)."""
    kind = counting.RANKED if ranked else counting.APPROVAL
    write_csv_rows(out, candidates, rows.rows, kind)


def write_receipts_csv(out, rows: BallotRows, *, chunk: int = 100_000) -> None:
    """The receipts CSV: row N's receipt fingerprint, in the published order."""
    out.write(RECEIPTS_HEADER)
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    for start in range(0, len(rows), chunk):
        part = rows.fingerprints[start : start + chunk].astype(">u8").view(np.uint8)
        part = part.reshape(-1, 8)
        text = np.empty((part.shape[0], 16), dtype=np.uint8)
        text[:, 0::2] = digits[part >> 4]
        text[:, 1::2] = digits[part & 15]
        hexes = text.tobytes().decode("ascii")
        out.write(
            "".join(
                f"{start + i + 1},{hexes[16 * i : 16 * i + 16]}\n" for i in range(part.shape[0])
            )
        )


def write_ballots_blt(out, ballots: counting.Ballots, *, seats: int, title: str) -> None:
    """The ballots in BLT form, exactly as the engine's `write_blt` writes them (one
    line per distinct ranking, with its count), streamed in chunks: `write_blt` makes
    a Python list per ballot line, too much memory for a million ballots."""
    out.write(f"{len(ballots.candidates)} {seats}\n")
    numbers = np.array([f"{c + 1} " for c in range(len(ballots.candidates))], dtype=object)
    chunk = 100_000
    for start in range(0, ballots.rows.shape[0], chunk):
        part = ballots.rows[start : start + chunk]
        marked = part >= 0
        lengths = marked.sum(axis=1)
        heads = np.cumsum(lengths + 2) - (lengths + 2)  # each line: count, choices, 0
        pieces = np.empty(int(lengths.sum()) + 2 * part.shape[0], dtype=object)
        counts = ballots.counts[start : start + chunk].astype(str).astype(object)
        pieces[heads] = counts + " "
        pieces[heads + lengths + 1] = "0\n"
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        pieces[np.repeat(heads + 1, lengths) + within] = numbers[part[marked]]
        out.write("".join(pieces.tolist()))
    out.write("0\n")
    for name in [*ballots.candidates, title]:
        out.write('"' + name.replace('"', '""') + '"\n')


def blt_title(round: Round) -> str:
    return f"{round.page.title}: {round.label}"


@dataclass(frozen=True)
class PublishedFiles:
    ballots_csv: str
    ballots_blt: str
    receipts_csv: str

    def names(self) -> list[str]:
        return [name for name in (self.ballots_csv, self.ballots_blt, self.receipts_csv) if name]

    def delete(self) -> None:
        for name in self.names():
            default_storage.delete(name)


def publish(
    round: Round,
    *,
    candidates: Sequence[str],
    rows: BallotRows,
    ballots: counting.Ballots | None,
) -> PublishedFiles:
    """Write the round's published files to storage once, at closing, and return their
    names. Each file is streamed to a temporary file first, then stored, so a million
    ballots never sit in memory as one string. No BLT file when there are no ballots
    or they are approval ballots (BLT holds rankings)."""
    folder = f"{RoundResult._meta.get_field('ballots_csv').upload_to}round-{round.pk}"
    token = get_random_string(8).lower()

    def store(suffix: str, write) -> str:
        with tempfile.TemporaryFile("w+b") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            write(text)
            text.flush()
            raw.seek(0)
            name = default_storage.save(f"{folder}/{token}-{suffix}", File(raw))
            text.detach()
        return name

    stored: list[str] = []
    try:
        csv_name = store(
            "ballots.csv",
            lambda out: write_ballots_csv(out, candidates, rows, ranked=round.is_ranked),
        )
        stored.append(csv_name)
        blt_name = ""
        if round.is_ranked and len(rows) and ballots is not None:
            blt_name = store(
                "ballots.blt",
                lambda out: write_ballots_blt(
                    out, ballots, seats=round.advance_count, title=blt_title(round)
                ),
            )
            stored.append(blt_name)
        receipts_name = store("receipts.csv", lambda out: write_receipts_csv(out, rows))
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return PublishedFiles(csv_name, blt_name, receipts_name)


# Which published file: (the RoundResult field, the content type).
FILES = {
    "ballots_csv": "text/csv",
    "ballots_blt": "text/plain",
    "receipts_csv": "text/csv",
}


def open_published(round: Round, which: str):
    """The published file `which` (a key of FILES) of a closed round, open for reading
    in binary.

    The file stored at closing, or for a round closed before files were stored (or
    whose stored file is gone) the same file made now from its ballots, naming each
    nomination as its count record does (by id, for those rounds).
    """
    result = round.result
    stored = getattr(result, which)
    if stored:
        try:
            return stored.open("rb")
        except FileNotFoundError:
            pass
    # Returned open, for the response to stream and close.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")  # noqa: SIM115
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    _generate(round, result, which, text)
    text.flush()
    text.detach()
    out.seek(0)
    return out


def published_etag(round: Round, which: str) -> str:
    """An ETag for a published file: its stored name is drawn afresh for every file
    written, and a file made on request is made from a frozen result."""
    result = round.result
    stored = getattr(result, which)
    identity = stored.name if stored else f"{result.pk}:{result.ballot_checksum}:{which}"
    return '"' + hashlib.sha256(identity.encode()).hexdigest()[:32] + '"'


def _generate(round: Round, result: RoundResult, which: str, out) -> None:
    nominations = sorted(round.shortlist.values_list("nomination_id", flat=True))
    labels = record_labels(result.count)
    candidates = [labels.get(pk, str(pk)) for pk in nominations]
    rows = read_rows(round, nominations)
    if which == "receipts_csv":
        write_receipts_csv(out, rows)
    elif which == "ballots_csv":
        write_ballots_csv(out, candidates, rows, ranked=round.is_ranked)
    else:
        ballots = rows.ballots(candidates, ranked=True)
        write_ballots_blt(out, ballots, seats=round.advance_count, title=blt_title(round))
