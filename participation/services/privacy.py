"""Privacy: download my data and erase my account.

Erasing has a cooling-off period. `participant_erasure_request` records the wish,
and the person is logged out and emailed; logging in again within
HUB_ERASURE_COOLING_OFF_DAYS lets them cancel (`participant_erasure_cancel`). After
that `apply_retention` (through services/retention.py) calls `participant_erase`,
which removes the personal data and detaches authorship, keeping results unchanged
and what safeguarding needs for HUB_SAFEGUARDING_RETENTION_DAYS. docs/privacy.md
says the same for the charity.

Every step writes an entry in the admin's log (Wagtail's model log) naming the account
by its number only, with counts, never an email, name or words.
"""

from __future__ import annotations

import datetime as dt
import logging
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from moderation import services as moderation
from moderation.models import PUBLIC_STATUSES
from moderation.selectors import item_for
from moderation.services import privacy as moderation_privacy
from participation.adapters import site_name, site_url
from participation.models import (
    Ballot,
    Nomination,
    NominationEvidence,
    NominationState,
    NotificationPreferences,
    RoundOpeningNotice,
    RoundVoter,
    Support,
    SupportingStatement,
    User,
)
from participation.privacy_export import participant_data_export, relation_key, user_relations
from participation.services import audit

logger = logging.getLogger(__name__)

__all__ = [
    "ERASED",
    "KEPT",
    "participant_data_export",
    "participant_erase",
    "participant_erasure_cancel",
    "participant_erasure_request",
]

FORMER_MEMBER = "Former member"
WITHDRAWN_TITLE = "Withdrawn nomination"

# Relations removed outright by `participant_erase` (any not named in `_erase_own`).
ERASED = {
    "participation.AccountSignal.user",
    "cms.CampaignFollow.participant",
    "cms.CampaignAnnouncement.recipient",
    "wagtailusers.UserProfile.user",
    "wagtailcore.PageSubscription.user",
    "wagtailadmin.EditingSession.user",
    "wagtailadmin.FormState.user",
    "wagtailcore.APIToken.user",
}

# Relations kept after erasure, and why: they point at the account, which keeps no
# personal data once erased, or are handled by `_erase_own` and moderation.
KEPT = {
    "participation.Nomination.author": "published ones stay, detached; others withdrawn",
    "participation.SupportingStatement.author": "published ones stay, detached; others go",
    "participation.Support.participant": "removed by _erase_own",
    "participation.Ballot.voter": "detached: the ballot still counts",
    "participation.RoundVoter.participant": "removed for closed rounds; open ones need turnout",
    "participation.NotificationPreferences.user": "removed by _erase_own",
    "participation.RoundOpeningNotice.participant": "removed by _erase_own",
    "participation.User_groups.user": "cleared by _erase_own",
    "participation.User_user_permissions.user": "cleared by _erase_own",
    "participation.User.suspended_by": "a senior moderator's decision about someone else",
    "participation.LinkedAccountsDismissal.dismissed_by": "staff only",
    "account.EmailAddress.user": "removed by _erase_own",
    "mfa.Authenticator.user": "removed by _erase_own",
    "moderation.ModerationItem.author": "decisions stay; safeguarding items until the period ends",
    "moderation.ModerationItem.claimed_by": "moderators' work on others' words",
    "moderation.ModerationItem.decided_by": "moderators' work on others' words",
    "moderation.Report.reporter": "reports stay with the item they are about, anonymised",
    "moderation.Notice.recipient": "removed by moderation's person_notices_delete",
    "moderation.AuditEntry.actor": "the log of what was done; the account is anonymised",
    "moderation.SafeguardingCase.author": "safeguarding record, kept for the period",
    "moderation.SafeguardingCase.opened_by": "safeguarding record",
    "moderation.CaseEntry.actor": "safeguarding record",
    "moderation.Shift.moderator": "staff only: staff accounts are closed by an administrator",
    "moderation.TeamMembership.moderator": "staff only",
    "moderation.Team.lead": "staff only",
    "evidence.EvidenceSnippet.locked_by": "staff only",
    "evidence.StatisticsImport.imported_by": "staff only",
    "wagtaildocs.Document.uploaded_by_user": "staff only",
    "wagtailimages.Image.uploaded_by_user": "staff only",
    "wagtailcore.Revision.user": "staff only",
    "wagtailcore.UploadedFile.uploaded_by_user": "staff only",
    "wagtailcore.WorkflowState.requested_by": "staff only",
    "wagtailcore.TaskState.finished_by": "staff only",
    "wagtailcore.Page.locked_by": "staff only",
    "wagtailcore.Page.owner": "staff only",
    "wagtailcore.Comment.user": "staff only",
    "wagtailcore.Comment.resolved_by": "staff only",
    "wagtailcore.CommentReply.user": "staff only",
    "wagtailcore.ModelLogEntry.user": "the admin's log; the account is anonymised",
    "wagtailcore.PageLogEntry.user": "the admin's log; the account is anonymised",
}

STAFF_CANNOT_ERASE = (
    "Accounts with a role in the admin can't be erased from here, because moderation "
    "and safeguarding records depend on them. Please ask an administrator to close it."
)
NOT_SIGNED_IN = "Please log in first."
ALREADY_ERASED = "This account has already been erased."
NOTHING_TO_CANCEL = "Your account isn't due to be erased, so there is nothing to cancel."


ERASURE_REQUEST = "participation.erasure_request"
ERASURE_CANCEL = "participation.erasure_cancel"
ERASE = "participation.erase"

LOG_ACTIONS = {
    ERASURE_REQUEST: ("Ask to erase an account", "Asked for their account to be erased"),
    ERASURE_CANCEL: ("Keep an account", "Cancelled the erasure of their account"),
    ERASE: ("Erase an account", "Erased the account after the cooling-off period"),
}


audit.register_log_actions(LOG_ACTIONS)


def cooling_off() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "HUB_ERASURE_COOLING_OFF_DAYS", 7))


def safeguarding_retention() -> dt.timedelta:
    # Six years, as UK safeguarding practice commonly keeps records of concerns.
    return dt.timedelta(days=getattr(settings, "HUB_SAFEGUARDING_RETENTION_DAYS", 6 * 365 + 2))


def unverified_account_age() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "HUB_UNVERIFIED_ACCOUNT_DAYS", 7))


def erasure_due_at(user: User) -> dt.datetime | None:
    """When a requested erasure will be carried out, or None."""
    if user.erasure_requested_at is None or user.erased_at is not None:
        return None
    return user.erasure_requested_at + cooling_off()


def _log(user: User, action: str, *, actor: User | None, **counts: int) -> None:
    """An entry in the admin's log with the account number and counts only."""
    ModelLogEntry.objects.log_action(
        user, action, user=actor, title=f"Account {user.pk}", data=counts
    )


def is_staff_account(user: User) -> bool:
    return user.is_staff or user.is_superuser or user.groups.exists()


def _erasure_email(user: User) -> None:
    due = timezone.localtime(erasure_due_at(user))
    context = {
        "site_name": site_name(),
        "due": due,
        "days": cooling_off().days,
        "login_url": site_url(
            f"{reverse('account_login')}?next={reverse('participation:erasure-pending')}"
        ),
    }
    send_mail(
        subject=f"[{site_name()}] We will erase your account on {due.day} {due:%B}",
        message=render_to_string("participation/privacy/erasure_requested_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def participant_erasure_request(*, user: User, now: dt.datetime | None = None) -> User:
    """Ask for the account to be erased once the cooling-off period has passed.

    Asking twice changes nothing (the first date stands). Staff accounts are refused:
    an administrator closes them. The caller logs the person out; they are emailed
    how to cancel.
    """
    if not user.is_authenticated:
        raise PermissionDenied(NOT_SIGNED_IN)
    now = now or timezone.now()
    with transaction.atomic():
        # Locked: a request racing `participant_erase` must not undo an erasure.
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at is not None:
            raise ValidationError(ALREADY_ERASED)
        if is_staff_account(user):
            raise PermissionDenied(STAFF_CANNOT_ERASE)
        if user.erasure_requested_at is not None:
            return user
        user.erasure_requested_at = now
        user.save(update_fields=["erasure_requested_at"])
        _log(user, ERASURE_REQUEST, actor=user)
        transaction.on_commit(lambda: _erasure_email(user))
    return user


def participant_erasure_cancel(*, user: User) -> User:
    """Keep the account after all (only before the erasure has been carried out)."""
    if not user.is_authenticated:
        raise PermissionDenied(NOT_SIGNED_IN)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at is not None:
            raise ValidationError(ALREADY_ERASED)
        if user.erasure_requested_at is None:
            raise ValidationError(NOTHING_TO_CANCEL)
        user.erasure_requested_at = None
        user.save(update_fields=["erasure_requested_at"])
        _log(user, ERASURE_CANCEL, actor=user)
    return user


def sessions_end(*, user_id: int) -> int:
    """End every session of the account, on every device; returns how many."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not hasattr(store, "get_model_class"):
        return 0  # cookie or cache sessions: they stop working with the password
    ended = 0
    for session in store.get_model_class().objects.filter(expire_date__gte=timezone.now()):
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _withdraw_words(user: User, obj, *, published: bool) -> bool:
    """Take back what `user` wrote and has not been published. True when moderation
    keeps it for a safeguarding concern (the words then stay, with senior moderators)."""
    if published:
        return True
    if item_for(obj) is None:
        return False
    return moderation.item_withdraw(obj=obj, author=user) is not None


def _is_published(obj) -> bool:
    item = item_for(obj)
    return item is not None and item.status in PUBLIC_STATUSES


def _erase_words(user: User) -> dict[str, int]:
    counts = {"nominations_detached": 0, "nominations_withdrawn": 0, "statements_removed": 0}
    for nomination in Nomination.objects.select_for_update().filter(author=user):
        published = _is_published(nomination)
        kept = _withdraw_words(user, nomination, published=published)
        if not published:
            opened = nomination.shortlist_entries.filter(round__opens_at__lte=timezone.now())
            if nomination.state == NominationState.ACTIVE and not opened.exists():
                nomination.state = NominationState.WITHDRAWN
            if not kept:
                nomination.title, nomination.description = WITHDRAWN_TITLE, ""
                NominationEvidence.objects.filter(nomination=nomination).update(note="")
            counts["nominations_withdrawn"] += 1
        else:
            counts["nominations_detached"] += 1
        nomination.author = None
        nomination.save()
    for statement in SupportingStatement.objects.select_for_update().filter(author=user):
        published = _is_published(statement)
        if _withdraw_words(user, statement, published=published):
            statement.author = None
            statement.save(update_fields=["author", "updated_at"])
        else:
            statement.delete()
            counts["statements_removed"] += 1
    return counts


def _erase_own(user: User, *, now: dt.datetime) -> dict[str, int]:
    counts = _erase_words(user)
    counts["supports"] = Support.objects.filter(participant=user).delete()[0]
    # The ballot still counts; it is no longer anyone's. Closed rounds did this already.
    counts["ballots_detached"] = Ballot.objects.filter(voter=user).update(voter=None)
    # Who voted in a closed round is only for "my participation"; an open round's
    # turnout is counted at closing from these rows, so they stay (anonymous) till then.
    counts["rounds_voted"] = RoundVoter.objects.filter(
        participant=user, round__result__isnull=False
    ).delete()[0]
    RoundOpeningNotice.objects.filter(participant=user).delete()
    NotificationPreferences.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    counts["email_addresses"] = EmailAddress.objects.filter(user=user).delete()[0]
    counts["messages"] = moderation_privacy.person_notices_delete(user_id=user.pk)
    for relation in user_relations():
        if relation_key(relation) in ERASED:
            relation.related_model._base_manager.filter(**{relation.field.name: user}).delete()
    user.groups.clear()
    user.user_permissions.clear()
    counts["sessions"] = sessions_end(user_id=user.pk)
    return counts


def participant_erase(*, user: User, now: dt.datetime | None = None) -> bool:
    """Carry out a requested erasure whose cooling-off period has passed. Idempotent:
    returns False when there was nothing to do (already erased, or not due).

    Called by retention only (cms/retention.py). Removes email addresses, name, date
    of birth, region, password, sessions, two-step log-in, preferences, messages and
    supports; published nominations and statements stay without an author, others
    are withdrawn; ballots stay (detached) so results never change; items kept for a
    safeguarding concern stay with senior moderators until the period ends.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked: two retention runs at once erase once; a cancel waits for this.
        user = User.objects.select_for_update().get(pk=user.pk)
        due = erasure_due_at(user)
        if due is None or due > now:
            return False
        if is_staff_account(user):
            # Given a role during the cooling-off period: an administrator decides.
            return False
        counts = _erase_own(user, now=now)
        user.email = f"erased-{user.pk}@erased.invalid"
        user.display_name = None
        user.first_name = user.last_name = ""
        user.date_of_birth = None
        user.region = ""
        user.house_rules_accepted_at = None
        user.profile_completed_at = None
        user.last_login = None
        user.is_active = False
        user.set_unusable_password()
        user.erased_at = now
        user.save()
        _log(user, ERASE, actor=None, **counts)
    return True
