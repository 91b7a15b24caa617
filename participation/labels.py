"""What a count and the published ballot files call each nomination.

A round is counted, and its ballots are published, with each nomination named by its
title, so that anyone who downloads the ballots can recount them and check the
ballot checksum without a lookup table. Titles are not unique, so a title shared by
two nominations on one ballot paper (ignoring case and spaces) gets the nomination's
number after it: "Free bus travel (#12)".

The frozen count record keeps the mapping back to nominations under
``record["nominations"]`` ({label: nomination id}). Records frozen before labels
were used have none: their candidates are the nomination ids as strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from participation.text import without_invisible

NOMINATIONS_KEY = "nominations"


def _plain_title(title: str) -> str:
    """The title on one line, without control or invisible characters."""
    text = " ".join(without_invisible(title or "").split())
    return "".join(ch for ch in text if ch.isprintable()).strip()


def nomination_labels(nominations: Iterable[tuple[int, str]]) -> dict[int, str]:
    """{nomination id: label} for the (id, title) pairs of one ballot paper.

    Every label is unique, non-empty and printable; a repeated or empty title is
    told apart by the nomination's number.
    """
    pairs = sorted((int(pk), _plain_title(title)) for pk, title in nominations)
    seen: dict[str, int] = {}
    for _, title in pairs:
        key = title.casefold()
        seen[key] = seen.get(key, 0) + 1
    labels: dict[int, str] = {}
    for pk, title in pairs:
        if not title:
            labels[pk] = f"Nomination #{pk}"
        elif seen[title.casefold()] > 1:
            labels[pk] = f"{title} (#{pk})"
        else:
            labels[pk] = title
    # A title such as "Travel (#3)" could still meet a generated label: number them all.
    if len(set(labels.values())) != len(labels):
        labels = {pk: f"{title or 'Nomination'} (#{pk})" for pk, title in pairs}
    return labels


def record_nominations(record: Mapping) -> dict[str, int]:
    """{candidate in the count record: nomination id} for a frozen count record."""
    mapping = record.get(NOMINATIONS_KEY)
    if mapping:
        return {str(label): int(pk) for label, pk in mapping.items()}
    candidates = record.get("candidates") or []
    return {str(candidate): int(candidate) for candidate in candidates if str(candidate).isdigit()}


def record_labels(record: Mapping) -> dict[int, str]:
    """{nomination id: its candidate name in the count record}."""
    return {pk: label for label, pk in record_nominations(record).items()}
