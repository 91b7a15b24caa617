"""The policy team's record: who merged, ruled out, shortlisted, froze, closed or recounted.

Entries are Wagtail log entries on the campaign vote page, so they appear in the page's
history and in the admin's site history report, where the policy team reads them. An
entry without a user was made by the system (the minute job closing a round by the
clock, or the first ballot fixing the ballot paper).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.log_actions import log

from participation.models import CampaignVotePage, Nomination, NominationState, Round, User

NOMINATION_MERGE = "participation.nomination_merge"
NOMINATION_INELIGIBLE = "participation.nomination_ineligible"
ROUND_SHORTLIST = "participation.round_shortlist"
ROUND_SHORTLIST_FREEZE = "participation.round_shortlist_freeze"
ROUND_OPEN = "participation.round_open"
ROUND_CLOSE = "participation.round_close"
ROUND_RECOUNT = "participation.round_recount"

ACTIONS = {
    NOMINATION_MERGE: ("Merge nominations", "Merged a duplicate nomination into another"),
    NOMINATION_INELIGIBLE: ("Mark a nomination not eligible", "Marked a nomination not eligible"),
    ROUND_SHORTLIST: ("Set a round's shortlist", "Set a round's shortlist"),
    ROUND_SHORTLIST_FREEZE: ("Fix a ballot paper", "Fixed a round's ballot paper"),
    ROUND_OPEN: ("Open a round", "Voting opened in a round"),
    ROUND_CLOSE: ("Close a round", "Closed a round and published its result"),
    ROUND_RECOUNT: ("Recount a round", "Recounted a round from its published ballots"),
}


def register_log_actions(actions: dict[str, tuple[str, str]]) -> None:
    """Name these log actions (action: (label, message)) in the admin's history."""

    @hooks.register("register_log_actions")
    def register(registry) -> None:
        for action, (label, message) in actions.items():
            registry.register_action(action, label, message)


register_log_actions(ACTIONS)


def require_policy_team(actor: User | None, permission: str, doing: str) -> None:
    """Refuse anyone but the policy team or an administrator. `actor=None` is the
    system, which only the clock-driven jobs pass."""
    if actor is None:
        return
    if not (actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied(f"Only the policy team can {doing}.")


def record(*, page: CampaignVotePage, action: str, actor: User | None, data: dict) -> None:
    """Write one entry in the vote page's history, inside the caller's transaction."""
    log(instance=page, action=action, user=actor, data=data)


def record_round(*, round: Round, action: str, actor: User | None, **data) -> None:
    """Write one entry about `round` in its vote page's history: every round entry names
    the round (its id and label), then what happened."""
    record(
        page=round.page,
        action=action,
        actor=actor,
        data={"round": round.pk, "label": round.label, **data},
    )


def nomination_named(nomination: Nomination) -> dict:
    """A nomination as the history names it: its id and its title at the time."""
    return {"id": nomination.pk, "title": nomination.title}


def record_taken_out(taken_out: Nomination, action: str, actor: User, **data) -> None:
    """The vote's history entry for an active nomination the policy team took out of
    the vote (merged or not eligible), with the state it moved to."""
    record(
        page=taken_out.campaign_vote,
        action=action,
        actor=actor,
        data={**data, "state": {"from": NominationState.ACTIVE, "to": taken_out.state}},
    )
