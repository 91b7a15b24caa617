"""Teams and shifts: which queue an item joins, who is on now, and looking after
the people who read distressing words.

A shift starts when a moderator says so or takes their first item, and ends when
they say so or after `MODERATION_SHIFT_HOURS`. During a shift a volunteer is given
at most their team's `risk_items_per_shift` items with possible safeguarding risk;
after that the queue serves them none (senior moderators, whose work this is, have
no limit). The break prompt and "I need to talk to someone" are private: nothing of
them reaches the audit log, the figures or other volunteers.
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from moderation import conf
from moderation import rules as moderation_rules
from moderation.models import (
    AuditAction,
    AuditEntry,
    ModerationItem,
    NoticeKind,
    Shift,
    Team,
    TeamMembership,
)
from moderation.services import common, notices


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(hours=conf.shift_hours())


def current_shift(moderator, *, now: dt.datetime | None = None) -> Shift | None:
    """The moderator's open shift, if it is not older than a shift can last."""
    now = now or common.now()
    return (
        Shift.objects.filter(
            moderator_id=moderator.pk, ended_at__isnull=True, started_at__gte=_stale_before(now)
        )
        .select_related("team")
        .first()
    )


def _end_stale(moderator, *, now: dt.datetime) -> None:
    """End, at the most a shift lasts, any shift of theirs nobody ended (one UPDATE)."""
    Shift.objects.filter(
        moderator_id=moderator.pk, ended_at__isnull=True, started_at__lt=_stale_before(now)
    ).update(ended_at=F("started_at") + dt.timedelta(hours=conf.shift_hours()))


def shift_start(*, moderator, now: dt.datetime | None = None) -> Shift:
    """Start the moderator's shift (or return the one already open)."""
    common.require_moderator(moderator)
    now = now or common.now()
    with transaction.atomic():
        _end_stale(moderator, now=now)
        if shift := current_shift(moderator, now=now):
            return shift
        team_id = common.team_id_of(moderator)
        try:
            # The partial unique constraint settles two tabs starting a shift at once.
            with transaction.atomic():
                return Shift.objects.create(moderator=moderator, team_id=team_id, started_at=now)
        except IntegrityError:
            return current_shift(moderator, now=now)


def shift_end(*, moderator, now: dt.datetime | None = None) -> Shift | None:
    """End the moderator's shift. Their claim, if any, goes back to the queue."""
    common.require_moderator(moderator)
    now = now or common.now()
    with transaction.atomic():
        shift = current_shift(moderator, now=now)
        if shift is None:
            raise ValidationError("You're not on a shift just now.")
        held = common.lock_moderator(moderator)
        AuditEntry.objects.bulk_create(common.release_held(moderator, held, now=now, keep_pk=None))
        shift.ended_at = now
        shift.save(update_fields=["ended_at"])
    return shift


def shift_take_break(*, moderator, now: dt.datetime | None = None) -> Shift:
    """Record a break: the break prompt waits another full stretch before it asks again."""
    common.require_moderator(moderator)
    now = now or common.now()
    shift = current_shift(moderator, now=now)
    if shift is None:
        raise ValidationError("You're not on a shift just now.")
    shift.last_break_at = now
    shift.save(update_fields=["last_break_at"])
    return shift


def risk_limit_for(shift: Shift | None) -> int:
    if shift is not None and shift.team is not None:
        return shift.team.risk_items_per_shift
    return conf.risk_items_per_shift()


def break_minutes_for(shift: Shift | None) -> int:
    if shift is not None and shift.team is not None:
        return shift.team.break_after_minutes
    return conf.break_after_minutes()


def needs_break(shift: Shift | None, *, now: dt.datetime) -> int:
    """Minutes in the queue without a break, when that is past the team's prompt; else 0."""
    if shift is None:
        return 0
    since = shift.last_break_at or shift.started_at
    minutes = int((now - since).total_seconds() // 60)
    return minutes if minutes >= break_minutes_for(shift) else 0


def risk_items_left(moderator, shift: Shift | None) -> int | None:
    """How many more risk-flagged items the queue may give this moderator this shift;
    None for no limit (senior moderators)."""
    if moderation_rules.can_decide_escalations(moderator):
        return None
    used = shift.risk_items_seen if shift is not None else 0
    return max(0, risk_limit_for(shift) - used)


def shift_for_claim(moderator, *, now: dt.datetime) -> Shift:
    """The shift a claim counts against, started if need be. The caller holds the
    moderator's row lock, which keeps two tabs from counting the same claim twice."""
    _end_stale(moderator, now=now)
    return current_shift(moderator, now=now) or shift_start(moderator=moderator, now=now)


def count_risk_item(shift: Shift, item: ModerationItem, moderator) -> None:
    """Count a risk-flagged item towards the shift's limit, once however often it is
    taken (call before this claim's audit entry is written)."""
    if not item.has_risk_flag:
        return
    seen = AuditEntry.objects.filter(
        item_id=item.pk,
        actor_id=moderator.pk,
        action=AuditAction.CLAIM,
        created_at__gte=shift.started_at,
    ).exists()
    if not seen:
        Shift.objects.filter(pk=shift.pk).update(risk_items_seen=shift.risk_items_seen + 1)
        shift.risk_items_seen += 1


def given_back_this_shift(moderator, shift: Shift) -> models.QuerySet:
    """Items the moderator gave back during this shift: "take next" doesn't hand them
    straight back (a distressing item least of all)."""
    return AuditEntry.objects.filter(
        actor_id=moderator.pk,
        action=AuditAction.RELEASE,
        created_at__gte=shift.started_at,
        item_id__isnull=False,  # NOT IN over a NULL would exclude everything
    ).values("item_id")


def team_for_new_item(*, now: dt.datetime) -> int | None:
    """Which team's queue a new item joins: one of the active teams with someone on
    shift now, at random (so no counter row is contended and the load evens out);
    with nobody on, it waits in the shared queue that every team sees."""
    on_now = sorted(
        set(
            Shift.objects.filter(
                ended_at__isnull=True,
                started_at__gte=_stale_before(now),
                team__is_active=True,
            ).values_list("team_id", flat=True)
        )
        - {None}
    )
    if not on_now:
        return None
    return secrets.choice(on_now)


def team_of(moderator) -> Team | None:
    membership = TeamMembership.objects.filter(moderator_id=moderator.pk).select_related("team")
    found = membership.first()
    return found.team if found else None


def support_request(*, moderator, message: str = "") -> int:
    """ "I need to talk to someone about what I read": tell the moderator's team lead
    (or, without one, the senior moderators) privately. Returns how many were told.

    Nothing about it goes in the audit log or the figures.
    """
    common.require_moderator(moderator)
    message = common.clean_note(message, required=False, what="your message")
    lead = notices.team_lead_of(moderator)
    people = [lead] if lead and lead.pk != moderator.pk else list(notices.safeguarding_staff())
    people = [person for person in people if person.pk != moderator.pk]
    if not people:
        people = list(notices.administrators())
    text = (
        f"{moderator} would like to talk to someone about something they read while "
        "moderating. Please get in touch with them today, kindly and in private."
    )
    if message:
        text += f" They wrote: “{message}”"
    for person in people:
        notices.notice_send(
            recipient=person,
            message=text,
            subject="A volunteer would like to talk",
            kind=NoticeKind.STAFF_ALERT,
        )
    return len(people)
