"""The setting of a count: what the count record doesn't hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from participation.results_story.numbers import and_list, plural

# --- The setting of a count -------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """What the count record doesn't hold: the nominations' titles (by the candidate names
    in the record: labels, or nomination ids as strings in records frozen before labels),
    the ballots counted, and whether the winners win or go through to another round."""

    names: Mapping[str, str]
    ballots: int
    is_last: bool = True
    # Where the winners of an earlier round go, e.g. "the ranked vote (Round 2)".
    next_round: str = "the next round"
    max_choices: int | None = None

    def name(self, candidate: str) -> str:
        return f"“{self.names.get(candidate, candidate)}”"

    def names_of(self, candidates) -> str:
        return and_list([self.name(c) for c in candidates])

    @property
    def won(self) -> str:
        return "won" if self.is_last else f"went through to {self.next_round}"

    @property
    def outcome(self) -> str:
        """The word beside a winning nomination."""
        return "Won" if self.is_last else "Went through"

    @property
    def fate(self) -> str:
        """The start of a winning nomination's line in the table."""
        return "Won" if self.is_last else f"Went through to {self.next_round}"

    @property
    def people(self) -> str:
        return f"{plural(self.ballots, 'person', 'people')} voted"
