"""Recount a closed round from its published ballots (or a downloaded file).

Anyone may recount from the published files; this is the project's own recount, run
by `manage.py recount`, and it leaves a note in the vote page's history of who ran it
and whether it matched.

The ballots are counted again with each nomination named as the frozen count record
names it (its label, or its id for rounds counted before labels; see
`participation.labels`), so the ballot checksum can match. A downloaded file may name
nominations either way: by label, as published now, or by id, as published before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from participation import counting
from participation.counting.formats import read_election
from participation.labels import record_labels, record_nominations
from participation.models import Round, RoundResult, User
from participation.selectors.ballots import published_ballots
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
    record = result.count
    labels = record_labels(record)
    candidates = _candidates(round, record)
    build = counting.Ballots.ranked if round.is_ranked else counting.Ballots.approval
    try:
        if file:
            ballots = _from_file(file, round=round, record=record, candidates=candidates)
        else:
            rows = [
                [labels.get(pk, str(pk)) for pk in choices]
                for _, choices in published_ballots(round)
            ]
            ballots = build(candidates, rows)
        again = counting.count(
            result.method, ballots=ballots, seats=result.count["seats"], seed=result.seed
        )
    except (counting.CountingError, OSError) as error:
        raise ValidationError(f"Could not recount: {error}") from error
    named = record_nominations(record)
    recount = Recount(
        result=result,
        winners=[named[w] if w in named else int(w) for w in again.winners],
        checksum=again.ballot_checksum,
    )
    audit.record_round(
        round=round,
        action=audit.ROUND_RECOUNT,
        actor=actor,
        from_file=bool(file),
        winners=recount.winners,
        checksum=recount.checksum,
        matches=recount.matches,
    )
    return recount


def _candidates(round: Round, record: dict) -> list[str]:
    """The round's shortlist, named as the count record names it, in the record's order.

    A nomination on the shortlist that the record doesn't name keeps its id, and one
    the record names that is no longer on the shortlist is left out: either way the
    checksum differs, and the recount says it does not match.
    """
    shortlist = set(round.shortlist.values_list("nomination_id", flat=True))
    named = record_nominations(record)
    ordered = [str(c) for c in record.get("candidates") or [] if named.get(str(c)) in shortlist]
    labels = record_labels(record)
    return ordered + [str(pk) for pk in sorted(shortlist) if pk not in labels]


def _from_file(file: str, *, round: Round, record: dict, candidates: list[str]) -> counting.Ballots:
    """A downloaded ballot file's ballots, renamed to the count record's names.

    Files published before nominations had labels name them by id; those are read too.
    """
    labels = record_labels(record)
    known = set(candidates)
    # Each name a file may use for a nomination on the ballot: its label, or its id.
    rename = {name: name for name in candidates}
    for pk, label in labels.items():
        if label in known:
            rename.setdefault(str(pk), label)
    if file.endswith(".csv") and round.is_ranked:
        # A ranked CSV names only the nominations someone ranked; given the names, the
        # reader also says on which line an unknown one is.
        read = read_election(file, candidates=list(rename)).ballots
    else:
        read = read_election(file).ballots
    if read.marked:
        raise ValidationError(
            "Could not recount: the file has ballots with over-votes, skipped or repeated "
            "rankings, which this site never publishes."
        )
    unknown = [name for name in read.candidates if name not in rename]
    if unknown:
        raise ValidationError(
            f"Could not recount: the file names {unknown[0]!r}, which is not a nomination "
            "on this round's ballot paper."
        )
    rows, counts = [], []
    for choices, count in read:
        rows.append([rename[name] for name in choices])
        counts.append(count)
    build = counting.Ballots.ranked if round.is_ranked else counting.Ballots.approval
    return build(candidates, rows, counts)
