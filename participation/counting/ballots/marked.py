"""Ballots a ballot rule changed (`Marked`), and their line in the canonical text form.

Part of `participation.counting.ballots`.
"""

from __future__ import annotations

from dataclasses import dataclass

from participation.counting.rules import Groups


@dataclass(frozen=True)
class Marked:
    """Ballots a rule changed, kept apart so the count can say why they stop.

    ``groups`` is the ranking as the rules left it: one candidate per rank, or
    several at one rank under the over-vote rule ``exhaust-if-multiple``. ``end`` is
    why the ranking stops early (``"overvote"``, ``"skipped"``, ``"repeated"``), or
    None when it simply runs out. ``count`` voters cast it.
    """

    groups: Groups
    end: str | None
    count: int

    @property
    def choices(self) -> tuple[int, ...]:
        return tuple(c for group in self.groups for c in group)

    @property
    def strict(self) -> tuple[int, ...]:
        """The ranking when every candidate is still in the count: it stops at the
        first rank that marks several (the over-vote then exhausts it)."""
        out: list[int] = []
        for rank in self.groups:
            if len(rank) > 1:
                break
            out.extend(rank)
        return tuple(out)


def _marked_line(marked: Marked, position: dict[int, int]) -> str:
    parts = [str(marked.count)]
    parts += ["=".join(str(p) for p in sorted(position[c] for c in g)) for g in marked.groups]
    if marked.end:
        parts.append(f"!{marked.end}")
    return " ".join(parts)
