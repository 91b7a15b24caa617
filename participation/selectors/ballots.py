"""Reads about a closed round's published ballots and the receipts that find them."""

from participation.models import Ballot, Round
from participation.receipts import receipt_fingerprint


def published_ballots(round: Round) -> list[tuple[str, list[int]]]:
    """A closed round's anonymised ballots: (receipt fingerprint, choices), in the order of
    the fingerprints, which shuffles them. No voter ids: they were removed at closing."""
    rows = Ballot.objects.filter(round=round, voter__isnull=True).values_list("receipt", "choices")
    # Ties between fingerprints (never yet seen) go by receipt, as in the published files
    # (participation/ballot_files.py).
    ordered = sorted((receipt_fingerprint(receipt), receipt, choices) for receipt, choices in rows)
    return [(fingerprint, choices) for fingerprint, _, choices in ordered]


def published_ballot_find(round: Round, receipt: str) -> tuple[int, list[int]] | None:
    """Where a receipt's ballot stands in the published set (row number, choices), if it is there."""
    fingerprint = receipt_fingerprint(receipt)
    for row, (published, choices) in enumerate(published_ballots(round), start=1):
        if published == fingerprint:
            return row, choices
    return None
