"""Telling people what happened: in-app notices and emails, in kind, plain words.

Authors hear about every decision on what they wrote. Senior moderators hear at once
when something may be a safeguarding risk. Every notice has a kind (`NoticeKind`);
the notice policy set in `registry.set_notice_policy` says, kind by kind, whether a
person also wants the email, except for the kinds nobody may switch off
(`ALWAYS_DELIVERED`). Emails go through the task interface after the transaction
commits, so a rolled-back decision never sends one.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from moderation import conf, emails, registry
from moderation.models import ALWAYS_DELIVERED, ModerationItem, Notice, NoticeKind, TeamMembership

SUBJECT_MAX_LENGTH = 200


def delivery_for(recipient, kind: str) -> registry.NoticeDelivery:
    """How a notice of `kind` reaches `recipient`: the policy decides, except that a
    kind in ALWAYS_DELIVERED always arrives, in the site and (when it has a subject)
    by email, whatever anyone's preferences say."""
    if kind in ALWAYS_DELIVERED:
        return registry.NoticeDelivery()
    return registry.notice_delivery(recipient, kind)


@task()
def send_notice_email(*, notice_id: int) -> None:
    """Email one notice (its words and the address are looked up here, never passed
    around), unless its recipient switched that kind of email off in the meantime."""
    notice = Notice.objects.select_related("recipient").filter(pk=notice_id).first()
    if notice is None or not notice.subject:
        return
    recipient = notice.recipient
    if not recipient.is_active or not recipient.email:
        return
    delivery = delivery_for(recipient, notice.kind)
    if not delivery.email:
        return
    emails.notice_email(notice, delivery=delivery).send()


def notice_send(
    *, recipient, kind: str, message: str, link: str = "", subject: str = ""
) -> Notice | None:
    """Leave a notice of `kind` in the person's messages and, if `subject` is given and
    they want this kind by email, email it once the change commits.

    An emailed notice is always in the messages list too, with the same link. Returns
    the notice, or None if the person's preferences asked for neither.
    """
    if kind not in NoticeKind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")
    # One line, whatever a caller passed: a line break in a header is refused.
    subject = " ".join(subject.split())[:SUBJECT_MAX_LENGTH]
    delivery = delivery_for(recipient, kind)
    by_email = bool(subject) and delivery.email
    if not (delivery.in_site or by_email):
        return None
    notice = Notice.objects.create(
        recipient=recipient, kind=kind, subject=subject, message=message, link=link
    )
    if by_email:
        transaction.on_commit(partial(send_notice_email.enqueue, notice_id=notice.pk))
    return notice


def notice_mark_read(*, notice: Notice, user) -> Notice:
    """Mark one of your own notices as read."""
    if notice.recipient_id != user.pk:
        raise PermissionDenied("That message is not yours.")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user) -> int:
    """Mark all of your notices as read."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Words for authors -------------------------------------------------------------


def _about(item: ModerationItem, obj) -> tuple[str, str]:
    context = registry.describe(obj)
    title = context.title.strip()
    if len(title) > 80:
        title = title[:77].rstrip() + "…"
    return item.type_label, (f"“{title}”" if title else "")


def _tell_author(
    item: ModerationItem,
    obj,
    *,
    message: str,
    subject: str,
    link: str | None = None,
    kind: str = NoticeKind.DECISION,
) -> None:
    """A notice to the item's author, linking to what they wrote unless told otherwise."""
    notice_send(
        recipient=item.author,
        message=message,
        link=registry.describe(obj).url if link is None else link,
        subject=subject,
        kind=kind,
    )


def tell_author_approved(item: ModerationItem, obj) -> None:
    if obj is None:
        return  # withdrawn by its author: nothing of theirs is on the site or coming back
    kind, title = _about(item, obj)
    message = (
        f"Good news: your {kind} {title} has been checked and is now on the Listening Hub. "
        "Thank you for sharing it."
    ).replace("  ", " ")
    if item.redactions:
        message += (
            " To keep you safe, we replaced a few personal details (like a phone number, "
            "address or school) with “[removed]”."
        )
    _tell_author(item, obj, message=message, subject=f"Your {kind} is on the Listening Hub")


def tell_author_rejected(item: ModerationItem, obj) -> None:
    if obj is None:
        return  # withdrawn by its author: nothing of theirs is on the site or coming back
    kind, title = _about(item, obj)
    because = item.rejection_reason.message_to_author.rstrip(".") if item.rejection_reason else ""
    message = f"Thank you for your {kind} {title}. ".replace("  ", " ")
    message += "We couldn't put it on the Listening Hub this time"
    message += f", because {because}." if because else "."
    if item.note_to_author:
        message += f" A note from the moderator: {item.note_to_author}"
    message += " You're welcome to change it and send it again whenever you like."
    _tell_author(item, obj, message=message, subject=f"About your {kind}")


def tell_author_escalated(item: ModerationItem, obj, *, signposts_support: bool) -> None:
    """Tell the author someone is taking a closer look, without saying who or why.

    Only a safeguarding escalation points them to support: for a question about the
    house rules, helplines would be alarming and out of place.
    """
    kind, title = _about(item, obj)
    message = (
        f"Thank you for your {kind} {title}. We're looking at this before it goes on the "
        "Listening Hub, and we'll let you know what happens."
    ).replace("  ", " ")
    link = registry.describe(obj).url if obj is not None else ""
    notice_kind = NoticeKind.DECISION
    if signposts_support:
        # Pointing someone to support is a safety message: it always reaches them.
        notice_kind = NoticeKind.SAFEGUARDING
        message += (
            " If anything is worrying you, you don't have to wait: there are people you "
            "can talk to right now."
        )
        link = conf.support_url()
    _tell_author(
        item, obj, message=message, subject=f"About your {kind}", link=link, kind=notice_kind
    )


def tell_author_hidden(item: ModerationItem, obj) -> None:
    if obj is None:
        return  # withdrawn by its author: nothing of theirs is on the site or coming back
    kind, title = _about(item, obj)
    message = (
        f"We've taken your {kind} {title} off the Listening Hub for a little while, "
        "so a moderator can look at it again. We'll let you know what happens next."
    ).replace("  ", " ")
    _tell_author(item, obj, message=message, subject=f"About your {kind}")


def tell_author_support(item: ModerationItem) -> None:
    """Sent when what someone wrote suggests they may be struggling."""
    notice_send(
        recipient=item.author,
        message=(
            "Thank you for sharing. Some of what you wrote sounded like things might be "
            "hard for you right now. You don't have to go through it alone: there are "
            "people you can talk to, for free, today."
        ),
        link=conf.support_url(),
        kind=NoticeKind.SAFEGUARDING,
    )


# --- Alerts for staff --------------------------------------------------------------


def holders_of(codename: str):
    """Active people holding a moderation permission through a group or directly."""
    User = get_user_model()
    permission = Permission.objects.filter(
        content_type__app_label="moderation", codename=codename
    ).first()
    if permission is None:
        return User.objects.none()
    return User.objects.filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True
    ).distinct()


def administrators():
    return get_user_model().objects.filter(is_superuser=True, is_active=True)


def safeguarding_staff():
    """Senior moderators (holders of the escalation permission), else administrators."""
    staff = holders_of("decide_escalation")
    if not staff.exists():
        staff = administrators()
    return staff


def team_lead_of(moderator):
    """The moderator's team lead, or None."""
    membership = (
        TeamMembership.objects.filter(moderator_id=moderator.pk)
        .select_related("team__lead")
        .first()
    )
    lead = membership.team.lead if membership else None
    # A lead who is no longer a senior moderator is no longer told private things.
    if lead is None or not lead.is_active or not lead.has_perm("moderation.decide_escalation"):
        return None
    return lead


def _admin_item_url(item: ModerationItem) -> str:
    try:
        return reverse("moderation_admin:item-detail", args=[item.pk])
    except NoReverseMatch:
        return ""


def _send_to(people, *, skip_ids, message: str, link: str, subject: str) -> int:
    """A notice to each person once (an email too when there is a subject); how many."""
    seen = set(skip_ids)
    told = 0
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        notice_send(
            recipient=person,
            message=message,
            link=link,
            subject=subject,
            kind=NoticeKind.STAFF_ALERT,
        )
        told += 1
    return told


def alert_safeguarding_staff(item: ModerationItem, *, why: str) -> None:
    """Tell senior moderators at once. No user-written words go in the email."""
    _send_to(
        safeguarding_staff(),
        skip_ids={item.author_id},
        message=(
            f"A {item.type_label} in the moderation queue needs safeguarding attention: {why}. "
            "Please look at it as soon as you can."
        ),
        link=_admin_item_url(item),
        subject="Safeguarding: an item needs attention",
    )


def alert_escalation(item: ModerationItem, *, wording, moderator, why: str) -> None:
    """Tell the people this kind of escalation goes to, in its own words.

    Safeguarding goes to every senior moderator by email as well; a question goes to
    the volunteer's team lead (or, without one, the senior moderators) in the admin,
    and a policy question to the policy team too.
    """
    people = []
    for who in wording.tells:
        if who == "senior":
            people.extend(safeguarding_staff())
        elif who == "lead":
            lead = team_lead_of(moderator)
            people.extend([lead] if lead else safeguarding_staff())
        elif who == "policy":
            people.extend(holders_of("hear_policy_questions"))
    alert = {
        "skip_ids": {item.author_id, moderator.pk},
        "message": wording.alert_message.format(type=item.type_label, why=why),
        "link": _admin_item_url(item),
        # In the admin only, unless it is safeguarding: an email is for what can't wait.
        "subject": wording.alert_subject if wording.email else "",
    }
    if not _send_to(people, **alert):
        # The lead escalated it themselves: someone else must hear of it.
        _send_to(safeguarding_staff(), **alert)
