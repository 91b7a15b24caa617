"""Shared reads: what a person may see, the queue, and an item's surroundings.

Every app lists user-written things through `visible_to` (or the `ModeratedQuerySet`
mixin), so no view can forget the rule: nothing is public until approved.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from moderation import conf, registry
from moderation import rules as moderation_rules
from moderation.models import (
    PUBLIC_STATUSES,
    QUEUE_ORDER,
    QUEUE_STATUSES,
    VOLUNTEER_STATUSES,
    AuditAction,
    AuditEntry,
    CaseStatus,
    ModerationItem,
    Notice,
    ReportKind,
    SafeguardingCase,
    ScreeningSettings,
    Shift,
    Status,
    TeamMembership,
)
from moderation.screening import ScreeningConfig, personal_detail_warnings, screen

# --- What a person may see ---------------------------------------------------------


def visible_to(queryset: models.QuerySet, user) -> models.QuerySet:
    """Narrow `queryset` (of a registered model) to what `user` may see.

    The queryset form of `moderation.rules.can_view`, one rule for every surface:

    - everyone: approved items that are not hidden after reports;
    - the author: also their own waiting, not-approved, hidden and escalated items;
    - those who see the queue (volunteers, senior moderators, the policy team,
      administrators): also everything waiting, not approved or hidden;
    - escalated items: only their author and those who see escalations (senior
      moderators, the policy team and administrators), never volunteers.

    An object never sent for checking (or withdrawn, its item gone) is seen by nobody.
    One query: a correlated EXISTS on the item's unique (content type, object id)
    index, never a lookup per row.
    """
    registry.get(queryset.model)
    content_type = ContentType.objects.get_for_model(queryset.model)
    items = ModerationItem.objects.filter(
        visible_items_q(user), content_type_id=content_type.pk, object_id=OuterRef("pk")
    )
    return queryset.filter(Exists(items))


def visible_items_q(user) -> Q:
    """The moderation items `user` may see, as a filter on ModerationItem."""
    visible = Q(status__in=PUBLIC_STATUSES, is_hidden=False)
    if user is None or not moderation_rules.is_signed_in(user):
        return visible
    visible |= Q(author_id=user.pk)
    if moderation_rules.can_view_escalations(user):
        return Q(pk__isnull=False)
    if moderation_rules.can_view_queue(user):
        visible |= ~Q(status=Status.ESCALATED)
    return visible


def public(queryset: models.QuerySet) -> models.QuerySet:
    """Only what everyone may see (for public counts, feeds and exports)."""
    return visible_to(queryset, None)


def is_visible_to(obj: models.Model, user) -> bool:
    return visible_to(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


class ModeratedQuerySet(models.QuerySet):
    """Mix into a moderated model's queryset: `Nomination.objects.visible_to(user)`."""

    def visible_to(self, user):
        return visible_to(self, user)

    def public(self):
        return public(self)


def item_for(obj: models.Model) -> ModerationItem | None:
    content_type = ContentType.objects.get_for_model(obj)
    return ModerationItem.objects.filter(content_type=content_type, object_id=obj.pk).first()


# --- Screening ---------------------------------------------------------------------


def screening_settings() -> ScreeningSettings:
    return ScreeningSettings.load()


def screening_config() -> ScreeningConfig:
    return screening_settings().as_config()


# --- The queue ---------------------------------------------------------------------


class FlagFilter(models.TextChoices):
    RISK = "risk", "Possible safeguarding risk"
    PERSONAL = "personal", "Personal details"
    PROFANITY = "profanity", "Swearing"
    REPORTED = "reported", "Reported"
    NONE = "none", "No flags"


class AgeFilter(models.TextChoices):
    HOUR = "1h", "Waiting over an hour"
    DAY = "1d", "Waiting over a day"
    WEEK = "7d", "Waiting over a week"


AGE_DELTAS = {
    AgeFilter.HOUR: dt.timedelta(hours=1),
    AgeFilter.DAY: dt.timedelta(days=1),
    AgeFilter.WEEK: dt.timedelta(days=7),
}


def queue_statuses_for(user) -> tuple[str, ...]:
    if moderation_rules.can_view_escalations(user):
        return QUEUE_STATUSES
    return VOLUNTEER_STATUSES


def queue_for(
    user,
    *,
    now: dt.datetime,
    content_type_id: int | None = None,
    flag: str = "",
    age: str = "",
    status: str = "",
    hide_risk: bool = False,
) -> models.QuerySet:
    """The queue as `user` may see it, in the order "take next" would serve it: for a
    volunteer, their team's items and the shared ones, without items with a risk flag
    once they have had their limit for the shift (`hide_risk`)."""
    # Items held back while their author is suspended wait outside the queue.
    items = ModerationItem.objects.filter(
        status__in=queue_statuses_for(user), withheld_at__isnull=True
    )
    if not moderation_rules.can_view_escalations(user):
        items = items.filter(team_filter(user, now=now))
        if hide_risk:
            items = items.filter(has_risk_flag=False)
    if status and status in queue_statuses_for(user):
        items = items.filter(status=status)
    if content_type_id:
        items = items.filter(content_type_id=content_type_id)
    if flag == FlagFilter.RISK:
        items = items.filter(has_risk_flag=True)
    elif flag == FlagFilter.PERSONAL:
        items = items.filter(has_personal_flag=True)
    elif flag == FlagFilter.PROFANITY:
        items = items.filter(has_profanity_flag=True)
    elif flag == FlagFilter.REPORTED:
        items = items.filter(open_report_count__gt=0)
    elif flag == FlagFilter.NONE:
        items = items.filter(has_risk_flag=False, has_personal_flag=False, has_profanity_flag=False)
    if age in AGE_DELTAS:
        items = items.filter(queued_at__lt=now - AGE_DELTAS[age])
    return items.select_related("claimed_by").order_by(*QUEUE_ORDER)


def teams_on_shift(*, now: dt.datetime) -> models.QuerySet:
    """Ids of the active teams with someone on shift now (a subquery)."""
    return Shift.objects.filter(
        ended_at__isnull=True,
        started_at__gte=now - dt.timedelta(hours=conf.shift_hours()),
        team__is_active=True,
    ).values("team_id")


def team_filter(user, *, now: dt.datetime | None = None) -> Q:
    """A volunteer's queue: their team's items and the shared ones. An item whose team
    is inactive or has nobody on shift is shared too, so nothing waits for a team
    that has gone home."""
    team_id = (
        TeamMembership.objects.filter(moderator_id=user.pk)
        .values_list("team_id", flat=True)
        .first()
    )
    shared = Q(team__isnull=True) | ~Q(team_id__in=teams_on_shift(now=now or timezone.now()))
    return shared | Q(team_id=team_id) if team_id else shared


@dataclass(frozen=True)
class QueueCounts:
    queue: int
    escalations: int
    cap: int
    cases_due: int = 0

    def label(self, count: int) -> str:
        return f"{self.cap}+" if count >= self.cap else str(count)


def queue_counts(user) -> QueueCounts:
    """Counts for the admin menu, capped so they stay cheap on every page at any size."""
    cap = conf.menu_count_cap()
    waiting = ModerationItem.objects.filter(status__in=VOLUNTEER_STATUSES, withheld_at__isnull=True)
    escalations = cases_due = 0
    if moderation_rules.can_view_escalations(user):
        escalations = ModerationItem.objects.filter(status=Status.ESCALATED)[:cap].count()
    else:
        waiting = waiting.filter(team_filter(user))
    if moderation_rules.can_manage_cases(user):
        cases_due = cases(show="due", today=timezone.localdate())[:cap].count()
    return QueueCounts(
        queue=waiting[:cap].count(), escalations=escalations, cap=cap, cases_due=cases_due
    )


# --- One item and its surroundings -------------------------------------------------


@dataclass(frozen=True)
class AuthorHistory:
    """The author's other items by state, and the latest decisions on them."""

    counts: dict[str, int]
    recent: list[ModerationItem]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def author_history(item: ModerationItem, *, recent: int = 5) -> AuthorHistory:
    """Never the author's email or date of birth: only what they wrote before."""
    others = ModerationItem.objects.filter(author_id=item.author_id).exclude(pk=item.pk)
    counts = {row["status"]: row["n"] for row in others.values("status").annotate(n=Count("id"))}
    latest = list(
        others.filter(decided_at__isnull=False)
        .select_related("rejection_reason")
        .order_by("-decided_at")[:recent]
    )
    return AuthorHistory(counts={s.value: counts.get(s.value, 0) for s in Status}, recent=latest)


def item_audit_entries(item: ModerationItem) -> models.QuerySet:
    return (
        AuditEntry.objects.filter(item_id=item.pk)
        .select_related("actor")
        .order_by("created_at", "id")
    )


def approved_before(obj: models.Model, when: dt.datetime) -> bool:
    """Whether `obj` was approved at some moment before `when` (from the audit log)."""
    item = item_for(obj)
    return item is not None and (
        AuditEntry.objects.filter(
            item_id=item.pk, action=AuditAction.APPROVE, created_at__lt=when
        ).exists()
    )


def open_reports(item: ModerationItem) -> models.QuerySet:
    """The reports a moderator reads: open, still counted (the reporter was not
    suspended since), and within the item's limit of listed reports; "someone may be
    in danger" first."""
    return item.reports.filter(
        resolved_at__isnull=True, ignored_at__isnull=True, folded=False
    ).order_by(models.Case(models.When(kind=ReportKind.DANGER, then=0), default=1), "created_at")


# --- Notices -----------------------------------------------------------------------


def notices_for(user, *, limit: int = 50) -> list[Notice]:
    return list(Notice.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def unread_notice_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


# --- Before sending ----------------------------------------------------------------


def personal_detail_warnings_for(text_fields: dict[str, str]) -> list[str]:
    """What to tell an author, before anything is saved, about personal details in their
    words ("This looks like a phone number — …"), screened with the site's lists.

    Only a warning: the service screens again when the words are sent, so the
    moderator sees the same flags whether or not the author took the details out.
    """
    return personal_detail_warnings(screen(text_fields, screening_config()))


# --- Safeguarding cases and shifts -------------------------------------------------


def cases(*, show: str, today: dt.date) -> models.QuerySet:
    """Cases for the list: "due" (open, follow-up today or before, or none set),
    "open" (every case not closed) or "closed". Most urgent first."""
    found = SafeguardingCase.objects.select_related("opened_by", "item")
    if show == "closed":
        return found.filter(status=CaseStatus.CLOSED).order_by("-closed_at", "-id")
    found = found.exclude(status=CaseStatus.CLOSED)
    if show == "due":
        found = found.filter(Q(follow_up_on__lte=today) | Q(follow_up_on__isnull=True))
    return found.order_by(models.F("follow_up_on").asc(nulls_first=True), "opened_at", "id")


def on_shift_now(*, now: dt.datetime):
    """Who is on shift now, with their team, longest on first."""
    since = now - dt.timedelta(hours=conf.shift_hours())
    return (
        Shift.objects.filter(ended_at__isnull=True, started_at__gte=since)
        .select_related("moderator", "team")
        .order_by("started_at")
    )
