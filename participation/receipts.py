"""Ballot receipts: the code a voter keeps, and the fingerprint the published ballots
show of it (enough to find one's ballot, not to forge a receipt)."""

import hashlib
import secrets

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def receipt_fingerprint(receipt: str) -> str:
    """What the published set shows of a receipt: enough to find it, not to forge it."""
    return hashlib.sha256(receipt.strip().upper().encode()).hexdigest()[:16]
