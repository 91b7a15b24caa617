"""A closed round's published files: the ballots CSV, the ballots in BLT form and the
receipts CSV, streamed from the ballots read in bulk (selectors/ballot_rows.py) to
storage once, at closing (`publish`). Rounds closed before the files were stored get
them made when asked for (`open_published`)."""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.crypto import get_random_string

from participation import counting
from participation.counting.formats.csv import write_csv_rows
from participation.labels import record_labels
from participation.models import Round, RoundResult
from participation.selectors.ballot_rows import BallotRows, read_rows

RECEIPTS_HEADER = "ballot,receipt_fingerprint\n"


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
