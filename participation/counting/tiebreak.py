"""Deterministic tie-breaking: earlier rounds first, then a replayable lottery.

Earlier rounds. When candidates are tied, look back to the most recent earlier
round at which their counts were not all equal, and keep only those with the
lowest count there (when choosing whom to eliminate) or the highest (when choosing
whom to elect or whose surplus goes first). If several are still tied, keep looking
further back among just those. This is rule 51 (and 49) of the Scottish Local
Government Elections Order 2007, applied the same way by every method that counts
in rounds.

The lottery. If the candidates were equal at every earlier round, or the method has
no earlier rounds, each tied candidate gets a ticket::

    ticket = SHA-256( "<seed>:<draw>:<candidate id>" encoded as UTF-8 ), in hex

where ``draw`` counts the lotteries held in this count (1, 2, ...). The candidate
with the smallest ticket is drawn; when several places must be filled from one tie,
they go in increasing order of ticket. The seed and every ticket are recorded, so
anyone can replay the draw with a few lines of code in any language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from participation.counting.result import TieBreak

LOWEST = "lowest"
HIGHEST = "highest"


def lottery_ticket(seed: str, draw: int, candidate: str) -> str:
    return hashlib.sha256(f"{seed}:{draw}:{candidate}".encode()).hexdigest()


class TieBreaker:
    """Breaks ties for one count and keeps the log of every decision."""

    def __init__(self, seed: str, candidates: Sequence[str]):
        self.seed = seed
        self.candidates = tuple(candidates)
        self.records: list[TieBreak] = []
        self.draws = 0

    def choose(
        self,
        tied: Sequence[int],
        *,
        round_number: int,
        purpose: str,
        history: Sequence[Sequence] = (),
        prefer: str = LOWEST,
        count: int = 1,
        show: Callable[[object], str] = str,
        history_names: Sequence[str] | None = None,
    ) -> list[int]:
        """Pick ``count`` of the tied candidates (indices); log how.

        ``history`` holds each earlier round's counts (indexable by candidate),
        oldest first; it may include the current round, whose equal counts are
        skipped like any other equal round (``history_names`` can name the entries,
        by default "round 1", "round 2", ...). ``prefer`` says which end of an earlier
        round's counts is picked: ``"lowest"`` to eliminate, ``"highest"`` to elect.
        """
        tied = sorted(tied, key=self.candidates.__getitem__)
        if count >= len(tied):
            return list(tied)
        chosen: list[int] = []
        remaining = list(tied)
        steps: list[str] = []
        used_history = False
        for back in range(len(history) - 1, -1, -1):
            counts = history[back]
            values = {c: counts[c] for c in remaining}
            if len(set(values.values())) == 1:
                continue
            # Sort so the preferred end comes first.
            ordered = sorted(remaining, key=lambda c: values[c], reverse=prefer == HIGHEST)
            listing = ", ".join(f"{self.candidates[c]} {show(values[c])}" for c in ordered)
            label = history_names[back] if history_names else f"round {back + 1}"
            steps.append(f"{label}: {listing}")
            used_history = True
            # Take whole groups of equal value while they fit.
            groups: list[list[int]] = []
            for c in ordered:
                if groups and values[groups[-1][0]] == values[c]:
                    groups[-1].append(c)
                else:
                    groups.append([c])
            still_needed = count - len(chosen)
            remaining = []
            for group in groups:
                if len(group) <= still_needed:
                    chosen.extend(group)
                    still_needed -= len(group)
                else:
                    remaining = group
                    break
            if still_needed == 0 or not remaining:
                remaining = []
                break
        tickets: dict[str, str] = {}
        if remaining and len(chosen) < count:
            self.draws += 1
            tickets = {
                self.candidates[c]: lottery_ticket(self.seed, self.draws, self.candidates[c])
                for c in remaining
            }
            by_ticket = sorted(remaining, key=lambda c: tickets[self.candidates[c]])
            chosen.extend(by_ticket[: count - len(chosen)])
            steps.append(f"lot (draw {self.draws}, seed {self.seed!r}): smallest ticket first")
        rule = "earlier rounds" if not tickets else "lot"
        if used_history and tickets:
            rule = "earlier rounds, then lot"
        self.records.append(
            TieBreak(
                round=round_number,
                purpose=purpose,
                tied=tuple(self.candidates[c] for c in tied),
                rule=rule,
                chosen=tuple(self.candidates[c] for c in chosen),
                detail="; ".join(steps),
                tickets=tickets,
            )
        )
        return chosen

    def choose_one(self, tied: Sequence[int], **kwargs) -> int:
        return self.choose(tied, count=1, **kwargs)[0]
