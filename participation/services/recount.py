"""Recount a closed round from its published ballots (or a downloaded file).

Anyone may recount from the published files; this is the project's own recount, run
by `manage.py recount`, and it leaves a note in the vote page's history of who ran it
and whether it matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from participation import counting, selectors
from participation.counting.formats import read_election
from participation.models import Round, RoundResult, User
from participation.services import audit


@dataclass(frozen=True)
class Recount:
    result: RoundResult
    winners: list[int]
    checksum: str

    @property
    def matches(self) -> bool:
        return self.winners == self.result.winners and self.checksum == self.result.ballot_checksum


def round_recount(*, round: Round, actor: User | None, file: str | None = None) -> Recount | None:
    """Count `round` again and compare with its frozen result.

    `actor` is the person asking (policy team or administrator), or None for the
    system (the command run by an operator). Returns None when the round needed no
    count. Raises ValidationError when there is nothing to recount or the ballots
    cannot be read.
    """
    audit.require_policy_team(actor, "participation.change_round", "recount a round")
    result = round.result_or_none()
    if result is None:
        raise ValidationError(f"{round} has not closed yet, so there is nothing to recount.")
    if result.count.get("uncontested"):
        return None
    candidates = [str(pk) for pk in sorted(round.shortlist.values_list("nomination_id", flat=True))]
    try:
        if file:
            ballots = (
                read_election(file, candidates=candidates).ballots
                if file.endswith(".csv")
                else read_election(file).ballots
            )
        else:
            rows = [[str(c) for c in choices] for _, choices in selectors.published_ballots(round)]
            build = counting.Ballots.ranked if round.is_ranked else counting.Ballots.approval
            ballots = build(candidates, rows)
        again = counting.count(
            result.method, ballots=ballots, seats=result.count["seats"], seed=result.seed
        )
    except (counting.CountingError, OSError) as error:
        raise ValidationError(f"Could not recount: {error}") from error
    recount = Recount(
        result=result, winners=[int(w) for w in again.winners], checksum=again.ballot_checksum
    )
    audit.record(
        page=round.page,
        action=audit.ROUND_RECOUNT,
        actor=actor,
        data={
            "round": round.pk,
            "label": round.label,
            "from_file": bool(file),
            "winners": recount.winners,
            "checksum": recount.checksum,
            "matches": recount.matches,
        },
    )
    return recount
