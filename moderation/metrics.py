"""Figures for the metrics page: queue size, time to decision, reasons, volunteers.

Reads only. Time to decision is measured from when an item joined the queue to the
approval or rejection (escalation is a step, not a decision), as recorded on the
decision's audit entry. Percentiles use linear interpolation (PostgreSQL's
percentile_cont), so the figures match a query an analyst would write.
"""

import datetime as dt
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count

from moderation.models import QUEUE_STATUSES, AuditAction, AuditEntry, ModerationItem, Team

WINDOWS = (7, 30)


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Timing:
    days: int
    decisions: int
    median_seconds: float | None
    p90_seconds: float | None


@dataclass
class VolunteerFigures:
    moderator_id: int
    name: str
    decisions_7_days: int = 0
    decisions_30_days: int = 0
    approved: int = 0
    rejected: int = 0
    escalated: int = 0
    waits: list[int] = field(default_factory=list)
    overturned: int = 0

    @property
    def median_seconds(self) -> float | None:
        return percentile(self.waits, 0.5)

    @property
    def overturned_share(self) -> float | None:
        """Of this person's decisions in 30 days, the share another moderator later
        reversed (approved what they turned down, or the other way round) without the
        author changing the words in between."""
        return self.overturned / self.decisions_30_days if self.decisions_30_days else None


@dataclass
class TeamFigures:
    team_id: int | None
    name: str
    volunteers: list[VolunteerFigures]

    @property
    def decisions_30_days(self) -> int:
        return sum(v.decisions_30_days for v in self.volunteers)

    @property
    def median_seconds(self) -> float | None:
        return percentile([w for v in self.volunteers for w in v.waits], 0.5)

    @property
    def overturned_share(self) -> float | None:
        decisions = self.decisions_30_days
        return sum(v.overturned for v in self.volunteers) / decisions if decisions else None


@dataclass
class Metrics:
    queue_by_status: dict[str, int]  # the states that wait in the queue
    timings: list[Timing]
    approved_30_days: int
    escalated_30_days: int
    rejections_by_reason: list[tuple[str, int]]
    volunteers: list[VolunteerFigures]

    @property
    def queue_size(self) -> int:
        return sum(self.queue_by_status.get(status, 0) for status in QUEUE_STATUSES)


def _decision_rows(since: dt.datetime) -> list[tuple]:
    """(actor, action, reason, wait, when) of every decision and escalation since `since`."""
    return list(
        AuditEntry.objects.filter(
            action__in=(AuditAction.APPROVE, AuditAction.REJECT, AuditAction.ESCALATE),
            created_at__gte=since,
        ).values_list("actor_id", "action", "reason", "wait_seconds", "created_at")
    )


def overturned_counts(rows) -> Counter:
    """How many of each moderator's decisions were later reversed.

    `rows` are (item_id, actor_id, action, created_at) for the approvals, rejections
    and edits on the items concerned. A decision is overturned when the
    item's next decision is the opposite one by someone else, with no edit between.
    """
    by_item: dict[int, list] = defaultdict(list)
    for row in rows:
        by_item[row[0]].append(row)
    overturned: Counter = Counter()
    for entries in by_item.values():
        entries.sort(key=lambda row: row[3])
        for earlier, later in itertools.pairwise(entries):
            if (
                earlier[2] in DECISIONS
                and later[2] in DECISIONS
                and later[2] != earlier[2]
                and later[1] != earlier[1]
            ):
                overturned[earlier[1]] += 1
    return overturned


DECISIONS = (AuditAction.APPROVE, AuditAction.REJECT)


def moderation_metrics(*, now: dt.datetime, with_volunteers: bool) -> Metrics:
    by_status = dict(
        ModerationItem.objects.in_queue()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    since = now - dt.timedelta(days=max(WINDOWS))
    rows = _decision_rows(since)
    volunteers = volunteer_figures(rows, now=now, since=since) if with_volunteers else []
    decisions = [row for row in rows if row[1] in (AuditAction.APPROVE, AuditAction.REJECT)]
    timings = []
    for days in WINDOWS:
        start = now - dt.timedelta(days=days)
        waits = [row[3] for row in decisions if row[4] >= start and row[3] is not None]
        timings.append(
            Timing(
                days=days,
                decisions=len(waits),
                median_seconds=percentile(waits, 0.5),
                p90_seconds=percentile(waits, 0.9),
            )
        )
    reasons = Counter(
        row[2] or "No reason recorded" for row in rows if row[1] == AuditAction.REJECT
    )

    return Metrics(
        queue_by_status={status.value: by_status.get(status.value, 0) for status in QUEUE_STATUSES},
        timings=timings,
        approved_30_days=sum(1 for row in rows if row[1] == AuditAction.APPROVE),
        escalated_30_days=sum(1 for row in rows if row[1] == AuditAction.ESCALATE),
        rejections_by_reason=reasons.most_common(),
        volunteers=volunteers,
    )


def volunteer_figures(rows, *, now: dt.datetime, since: dt.datetime) -> list[VolunteerFigures]:
    figures: dict[int, VolunteerFigures] = defaultdict(lambda: VolunteerFigures(0, ""))
    week_start = now - dt.timedelta(days=7)
    for actor_id, action, _reason, wait, created_at in rows:
        if actor_id is None:
            continue
        person = figures[actor_id]
        person.moderator_id = actor_id
        if action == AuditAction.ESCALATE:
            person.escalated += 1
            continue
        person.decisions_30_days += 1
        person.decisions_7_days += created_at >= week_start
        if action == AuditAction.APPROVE:
            person.approved += 1
        else:
            person.rejected += 1
        if wait is not None:
            person.waits.append(wait)
    decided = AuditEntry.objects.filter(
        action__in=DECISIONS, created_at__gte=since, actor_id__in=list(figures)
    ).values("item_id")
    later = AuditEntry.objects.filter(
        item_id__in=decided,
        action__in=(*DECISIONS, AuditAction.EDIT),
        created_at__gte=since,
    ).values_list("item_id", "actor_id", "action", "created_at")
    for actor_id, count in overturned_counts(later).items():
        if actor_id in figures:
            figures[actor_id].overturned = count
    names = {
        user.pk: str(user)
        for user in get_user_model()
        .objects.filter(pk__in=figures.keys())
        .only("pk", "display_name")
    }
    for person in figures.values():
        person.name = names.get(person.moderator_id, "A former moderator")
    return sorted(figures.values(), key=lambda p: (-p.decisions_30_days, p.name))


def team_figures(*, now: dt.datetime, viewer) -> list[TeamFigures]:
    """Each team's figures and its volunteers', for the teams `viewer` may see: the
    ones they lead, or every team (and those in none) with `view_volunteer_figures`."""
    sees_all = viewer.has_perm("moderation.view_volunteer_figures")
    if sees_all:
        teams = Team.objects.all()
    elif viewer.has_perm("moderation.decide_escalation"):
        teams = Team.objects.filter(lead=viewer)
    else:
        return []  # a lead who is no longer a senior moderator no longer sees figures
    teams = list(teams.prefetch_related("memberships"))
    if not teams and not sees_all:
        return []
    since = now - dt.timedelta(days=max(WINDOWS))
    rows = _decision_rows(since)
    members = {m.moderator_id: team.pk for team in teams for m in team.memberships.all()}
    if not sees_all:
        rows = [row for row in rows if row[0] in members]
    everyone = volunteer_figures(rows, now=now, since=since)
    result = [
        TeamFigures(
            team.pk, team.name, [v for v in everyone if members.get(v.moderator_id) == team.pk]
        )
        for team in teams
    ]
    if sees_all:
        outside = [v for v in everyone if v.moderator_id not in members]
        if outside:
            result.append(TeamFigures(None, "In no team", outside))
    return result


def humane_duration(seconds: float | None) -> str:
    """ "3 min", "2 h 5 min", "4 days": enough precision to act on, no more."""
    if seconds is None:
        return "\u2013"  # an en dash: nothing to show
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{round(hours / 24)} days"


def percent(share: float | None) -> str:
    """ "33%"; a dash when there were no decisions to take a share of."""
    return "\u2013" if share is None else f"{round(share * 100)}%"
