"""Demo data for moderation: call from the site's demo_data command.

    from moderation import demo
    demo.seed(
        submissions=[(nomination, author, {"title": ..., "description": ...}), ...],
        moderator=volunteer,
    )

Every object is sent through the real services, so screening flags, notices and
the audit log are all real. By default every third object (and anything with a
risk flag) is left waiting, every fifth is not approved and the rest are approved,
so the queue, the audit log and the figures all have something to show. Safe to run
again: objects already sent for checking are skipped.
"""

from collections.abc import Iterable, Mapping

from django.db import models

from moderation import selectors, services


def seed(
    *,
    submissions: Iterable[tuple[models.Model, object, Mapping[str, str]]],
    moderator=None,
    leave_waiting_every: int = 3,
    reject_every: int = 5,
    when=None,
) -> dict[str, int]:
    """Submit each (object, author, text fields); decide some as `moderator`, as if at
    `when` (default: now), so a past vote's nominations were approved in time."""
    counts = {"submitted": 0, "approved": 0, "rejected": 0, "waiting": 0}
    for position, (obj, author, text_fields) in enumerate(submissions, start=1):
        if selectors.item_for(obj) is not None:
            continue
        item = services.item_submit(obj=obj, author=author, text_fields=text_fields, now=when)
        counts["submitted"] += 1
        if moderator is None or position % leave_waiting_every == 0 or item.has_risk_flag:
            counts["waiting"] += 1
            continue
        if position % reject_every == 0:
            services.item_reject(item=item, moderator=moderator, reason="off-topic", now=when)
            counts["rejected"] += 1
        else:
            services.item_approve(item=item, moderator=moderator, now=when)
            counts["approved"] += 1
    return counts


def seed_team(*, name: str, lead, members) -> None:
    """A volunteer team with its lead (idempotent), and one safeguarding escalation so
    the case screens have something to show."""
    from moderation.models import ModerationItem, Status, Team, TeamMembership

    team, _ = Team.objects.get_or_create(name=name, defaults={"lead": lead})
    for member in members:
        TeamMembership.objects.get_or_create(moderator=member, defaults={"team": team})
    risky = (
        ModerationItem.objects.filter(has_risk_flag=True, status=Status.PENDING)
        .order_by("pk")
        .first()
    )
    if (
        risky is not None
        and members
        and not ModerationItem.objects.filter(status=Status.ESCALATED).exists()
    ):
        from moderation.services.items import risk_escalation_reason

        services.item_escalate(
            item=risky,
            moderator=members[0],
            kind="safeguarding",
            reason=risk_escalation_reason(risky),
        )
