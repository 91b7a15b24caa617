"""Everything we hold about one account, as plain data for "Download my data".

`participant_data_export(user)` reads; it changes nothing. Every relation from the
user model to another table is either exported (`EXPORTED`) or left out with the
reason said in the download itself (`EXCLUDED`); tests/participation/
test_privacy_export.py fails when a new relation is neither, so a new table of
personal data cannot be forgotten.

Some tables belong to apps that depend on this one (the site's campaign follows, say):
they are read generically by label, so this module imports none of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from moderation.author_view import author_state
from moderation.models import AuditAction, AuditEntry, ModerationItem, Notice, Report
from participation.models import (
    Ballot,
    Nomination,
    NotificationPreferences,
    RoundVoter,
    Support,
    SupportingStatement,
    User,
)

EXPORT_FORMAT_VERSION = 1

# Relations to the user ("app_label.Model.field") read by a function below.
EXPORTED = {
    "participation.Nomination.author": "nominations",
    "participation.SupportingStatement.author": "statements",
    "participation.Support.participant": "supports",
    "participation.Ballot.voter": "ballots",
    "participation.RoundVoter.participant": "ballots",
    "participation.NotificationPreferences.user": "notification_preferences",
    "participation.RoundOpeningNotice.participant": "round_opening_messages",
    "participation.User_groups.user": "account",
    "participation.User_user_permissions.user": "account",
    "account.EmailAddress.user": "email_addresses",
    "mfa.Authenticator.user": "two_step_log_in",
    "moderation.ModerationItem.author": "nominations",
    "moderation.Report.reporter": "reports_you_made",
    "moderation.Notice.recipient": "messages",
    "moderation.AuditEntry.actor": "your_actions_in_the_moderation_log",
    "moderation.Shift.moderator": "moderation_shifts",
    "moderation.TeamMembership.moderator": "moderation_team",
    "moderation.Team.lead": "moderation_teams_you_lead",
    "cms.CampaignFollow.participant": "campaigns_you_follow",
    "cms.CampaignAnnouncement.recipient": "campaign_start_messages",
    "wagtailusers.UserProfile.user": "admin_preferences",
    "wagtailcore.PageSubscription.user": "page_comment_subscriptions",
    "participation.AccountSignal.user": "duplicate_account_signals",
}

# Rows read generically: each concrete field except links to people.
GENERIC = {
    "participation.AccountSignal.user",
    "participation.RoundOpeningNotice.participant",
    "moderation.Shift.moderator",
    "moderation.TeamMembership.moderator",
    "moderation.Team.lead",
    "cms.CampaignFollow.participant",
    "cms.CampaignAnnouncement.recipient",
    "wagtailusers.UserProfile.user",
    "wagtailcore.PageSubscription.user",
}

_STAFF_WORK = (
    "Work done by staff in the admin (page edits, uploads, comments, imports). It is "
    "kept with the pages and files it belongs to. Staff can ask an administrator for it."
)
_OTHER_PEOPLE = (
    "What moderators did about other people's words. It is about other people, so it "
    "is not part of your data."
)

# Relations left out of the download, with the reason the download gives.
EXCLUDED = {
    "moderation.ModerationItem.claimed_by": _OTHER_PEOPLE,
    "moderation.ModerationItem.decided_by": _OTHER_PEOPLE,
    "moderation.SafeguardingCase.author": (
        "Safeguarding records: notes senior moderators keep when they are worried "
        "someone is at risk. We do not put them in the download, because that could "
        "put someone in danger. You can ask our data protection lead about them."
    ),
    "moderation.SafeguardingCase.opened_by": _OTHER_PEOPLE,
    "moderation.CaseEntry.actor": _OTHER_PEOPLE,
    "evidence.EvidenceSnippet.locked_by": _STAFF_WORK,
    "evidence.StatisticsImport.imported_by": _STAFF_WORK,
    "wagtaildocs.Document.uploaded_by_user": _STAFF_WORK,
    "wagtailimages.Image.uploaded_by_user": _STAFF_WORK,
    "wagtailadmin.EditingSession.user": _STAFF_WORK,
    "wagtailadmin.FormState.user": _STAFF_WORK,
    "wagtailcore.APIToken.user": _STAFF_WORK,
    "wagtailcore.Revision.user": _STAFF_WORK,
    "wagtailcore.UploadedFile.uploaded_by_user": _STAFF_WORK,
    "wagtailcore.WorkflowState.requested_by": _STAFF_WORK,
    "wagtailcore.TaskState.finished_by": _STAFF_WORK,
    "wagtailcore.Page.locked_by": _STAFF_WORK,
    "wagtailcore.Page.owner": _STAFF_WORK,
    "wagtailcore.Comment.user": _STAFF_WORK,
    "wagtailcore.Comment.resolved_by": _STAFF_WORK,
    "wagtailcore.CommentReply.user": _STAFF_WORK,
    "wagtailcore.ModelLogEntry.user": _STAFF_WORK,
    "wagtailcore.PageLogEntry.user": _STAFF_WORK,
    # Suspension is decided by a senior moderator; the person is told why at the time.
    "participation.User.suspended_by": _OTHER_PEOPLE,
    "participation.LinkedAccountsDismissal.dismissed_by": _OTHER_PEOPLE,
}

# What the download says about data that is not linked to anyone.
NOT_LINKED = {
    "page_feedback": (
        "Answers to “Was this page useful?” are saved without your account or your "
        "address, so we cannot tell which ones are yours."
    ),
    "closed_rounds": (
        "When a round closes, your ballot is cut off from your account so nobody, us "
        "included, can see how you voted. We keep that you voted, not how. Your receipt "
        "code still finds your ballot in the published results."
    ),
    "reports_about_you": (
        "If someone reported something you wrote, we don't say who or why: that could "
        "put the person who reported it at risk. A moderator's decision about your words "
        "is with each nomination and statement."
    ),
}


def relation_key(relation) -> str:
    """ "app_label.Model.field" for a relation from another model to the user."""
    return f"{relation.related_model._meta.label}.{relation.field.name}"


def user_relations() -> list:
    """Every relation from another table to the user model, hidden ones included."""
    return [
        field
        for field in User._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and field.related_model is not None
    ]


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _generic_rows(relation, user: User) -> list[dict]:
    """Concrete fields of each row, without links to anyone (the person included)."""
    user_model = User._meta.label
    rows = []
    for obj in relation.related_model._base_manager.filter(**{relation.field.name: user}):
        row = {}
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.related_model._meta.label == user_model:
                continue
            if field.primary_key:
                continue
            value = getattr(obj, field.name)
            row[field.name] = _plain(value)
        rows.append(row)
    return rows


def _items_by_object(user: User) -> dict[tuple[int, int], ModerationItem]:
    items = ModerationItem.objects.filter(author=user).select_related("rejection_reason")
    return {(item.content_type_id, item.object_id): item for item in items}


def _moderation(item: ModerationItem | None) -> dict:
    """Where it stands and the reason given to the author: never who decided, their
    private notes, screening flags or escalations (`author_state` reveals none)."""
    state = author_state(item)
    return {
        "state": state.label,
        "what_this_means": state.explanation,
        "sent_at": _when(item.submitted_at) if item else None,
        "decided_at": _when(item.decided_at) if item else None,
        "times_you_changed_it": (item.version - 1) if item else 0,
        "words_as_published": item.public_text() if item and item.is_public else None,
    }


def _nominations(user: User, items: dict) -> list[dict]:
    kind = ContentType.objects.get_for_model(Nomination).pk
    found = Nomination.objects.filter(author=user).select_related("campaign_vote", "topic")
    return [
        {
            "id": nomination.pk,
            "vote": nomination.campaign_vote.title,
            "title": nomination.title,
            "description": nomination.description,
            "topic": nomination.topic.name,
            "state": nomination.get_state_display(),
            "reason_not_eligible": nomination.ineligible_reason or None,
            "evidence_attached": [
                {"evidence": str(link.snippet), "your_note": link.note}
                for link in nomination.evidence_links.select_related("snippet")
            ],
            "created_at": _when(nomination.created_at),
            "changed_at": _when(nomination.updated_at),
            "moderation": _moderation(items.get((kind, nomination.pk))),
        }
        for nomination in found
    ]


def _statements(user: User, items: dict) -> list[dict]:
    kind = ContentType.objects.get_for_model(SupportingStatement).pk
    found = SupportingStatement.objects.filter(author=user).select_related(
        "nomination__campaign_vote"
    )
    return [
        {
            "id": statement.pk,
            "on_nomination": statement.nomination.title,
            "vote": statement.nomination.campaign_vote.title,
            "text": statement.text,
            "created_at": _when(statement.created_at),
            "changed_at": _when(statement.updated_at),
            "moderation": _moderation(items.get((kind, statement.pk))),
        }
        for statement in found
    ]


def _ballots(user: User) -> dict:
    open_ballots = list(Ballot.objects.filter(voter=user).select_related("round__page"))
    chosen = {pk for ballot in open_ballots for pk in ballot.choices}
    titles = dict(Nomination.objects.filter(pk__in=chosen).values_list("pk", "title"))
    return {
        "ballots_in_rounds_still_open": [
            {
                "vote": ballot.round.page.title,
                "round": ballot.round.label,
                "receipt": ballot.receipt,
                "your_choices_in_order": [
                    titles.get(pk, f"Nomination {pk}") for pk in ballot.choices
                ],
                "first_cast_at": _when(ballot.cast_at),
                "last_changed_at": _when(ballot.updated_at),
            }
            for ballot in open_ballots
        ],
        "rounds_you_voted_in": [
            {
                "vote": voter.round.page.title,
                "round": voter.round.label,
                "voted_at": _when(voter.voted_at),
            }
            for voter in RoundVoter.objects.filter(participant=user).select_related("round__page")
        ],
        "about_closed_rounds": NOT_LINKED["closed_rounds"],
    }


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_of_birth": _when(user.date_of_birth),
        "where_you_live": user.get_region_display() or None,
        "joined_at": _when(user.date_joined),
        "last_logged_in_at": _when(user.last_login),
        "house_rules_accepted_at": _when(user.house_rules_accepted_at),
        "profile_completed_at": _when(user.profile_completed_at),
        "erasure_requested_at": _when(user.erasure_requested_at),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "extra_permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
        "is_staff": user.is_staff,
    }


def _preferences(user: User) -> dict:
    preferences = NotificationPreferences.objects.filter(user=user).first()
    if preferences is None:
        return {"note": "You never changed them: every email is switched on."}
    return {
        "email_decisions": preferences.email_decisions,
        "email_round_openings": preferences.email_round_openings,
        "email_campaign_updates": preferences.email_campaign_updates,
        "changed_at": _when(preferences.updated_at),
    }


def _two_step(user: User) -> dict:
    # Only whether it is on and since when: never the secret or the recovery codes.
    kinds = Authenticator.objects.filter(user=user).values_list("type", "created_at")
    return {
        "turned_on": bool(kinds),
        "methods": [{"type": kind, "set_up_at": _when(created)} for kind, created in kinds],
    }


def _own_log_entries(user: User) -> list[dict]:
    """What the person did themselves (sent, changed, withdrew, reported), not others."""
    own = (AuditAction.SUBMIT, AuditAction.EDIT, AuditAction.WITHDRAW, AuditAction.REPORT)
    return [
        {"action": AuditAction(action).label, "at": _when(at)}
        for action, at in AuditEntry.objects.filter(actor=user, action__in=own).values_list(
            "action", "created_at"
        )
    ]


def participant_data_export(user: User) -> dict:
    """Everything we hold about `user`, for their own download. Reads only."""
    items = _items_by_object(user)
    export: dict[str, Any] = {
        "about_this_file": (
            "Everything the Listening Hub holds about your account, made when you asked "
            "for it. Keep it safe: it has your email address and date of birth in it."
        ),
        "format_version": EXPORT_FORMAT_VERSION,
        "made_at": _when(timezone.now()),
        "account": _account(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "main": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "two_step_log_in": _two_step(user),
        "notification_preferences": _preferences(user),
        "nominations": _nominations(user, items),
        "statements": _statements(user, items),
        "supports": [
            {"nomination": support.nomination.title, "at": _when(support.created_at)}
            for support in Support.objects.filter(participant=user).select_related("nomination")
        ],
        "ballots": _ballots(user),
        "reports_you_made": [
            {
                "about": str(report.item.type_label),
                "your_reason": report.reason,
                "made_at": _when(report.created_at),
                "looked_at": _when(report.resolved_at),
            }
            for report in Report.objects.filter(reporter=user).select_related("item")
        ],
        "reports_about_you": NOT_LINKED["reports_about_you"],
        "messages": [
            {
                "subject": notice.subject,
                "message": notice.message,
                "sent_at": _when(notice.created_at),
                "read_at": _when(notice.read_at),
            }
            for notice in Notice.objects.filter(recipient=user)
        ],
        "your_actions_in_the_moderation_log": _own_log_entries(user),
        "page_feedback": NOT_LINKED["page_feedback"],
        "not_included": {},
    }
    for relation in user_relations():
        key = relation_key(relation)
        if key in GENERIC:
            export[EXPORTED[key]] = _generic_rows(relation, user)
        elif key in EXCLUDED:
            export["not_included"].setdefault(EXCLUDED[key], []).append(
                relation.related_model._meta.verbose_name_plural.capitalize()
            )
    export["not_included"] = [
        {"what": sorted(set(what)), "why": why} for why, what in export["not_included"].items()
    ]
    return export
