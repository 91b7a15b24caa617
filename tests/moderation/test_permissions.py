"""Permissions per role: a table of role × action, through the services and the rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moderation import rules as moderation_rules
from moderation import services
from moderation.models import AuditAction, AuditEntry, Status
from tests.factories import ParticipantFactory
from tests.moderation.conftest import refreshed

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "participant",
    "unverified",
    "volunteer",
    "senior_moderator",
    "policy_editor",
    "admin",
]


def person(request, role):
    return AnonymousUser() if role == "visitor" else request.getfixturevalue(role)


def escalated(item, senior):
    services.item_escalate(item=item, moderator=senior, kind="safeguarding", reason="worried")
    return refreshed(item)


# action → roles allowed. The item is written by someone else (a fresh participant).
ACTIONS = {
    "claim next": {"volunteer", "senior_moderator", "admin"},
    "claim a pending item": {"volunteer", "senior_moderator", "admin"},
    "approve a pending item": {"volunteer", "senior_moderator", "admin"},
    "reject a pending item": {"volunteer", "senior_moderator", "admin"},
    "escalate a pending item": {"volunteer", "senior_moderator", "admin"},
    "approve an escalated item": {"senior_moderator", "admin"},
    "claim an escalated item": {"senior_moderator", "admin"},
}


def attempt(action, item, user, senior):
    """Do `action` as `user`; returns the item it was done to (escalated first if the
    action needs it)."""
    if "escalated" in action:
        item = escalated(item, senior)
    if action == "claim next":
        assert services.item_claim_next(moderator=user) == item  # the only item queued
    elif action in ("claim a pending item", "claim an escalated item"):
        services.item_claim(item=item, moderator=user)
    elif action in ("approve a pending item", "approve an escalated item"):
        services.item_approve(item=item, moderator=user)
    elif action == "reject a pending item":
        services.item_reject(item=item, moderator=user, reason="unkind")
    elif action == "escalate a pending item":
        services.item_escalate(item=item, moderator=user, kind="safeguarding", reason="worried")
    return item


# What an allowed action leaves behind: the item's state, and the audit entry it writes
# (action, state before, state after).
OUTCOMES = {
    "claim next": (Status.PENDING, AuditAction.CLAIM, Status.PENDING),
    "claim a pending item": (Status.PENDING, AuditAction.CLAIM, Status.PENDING),
    "approve a pending item": (Status.APPROVED, AuditAction.APPROVE, Status.PENDING),
    "reject a pending item": (Status.REJECTED, AuditAction.REJECT, Status.PENDING),
    "escalate a pending item": (Status.ESCALATED, AuditAction.ESCALATE, Status.PENDING),
    "approve an escalated item": (Status.APPROVED, AuditAction.APPROVE, Status.ESCALATED),
    "claim an escalated item": (Status.ESCALATED, AuditAction.CLAIM, Status.ESCALATED),
}


def assert_done(action, item, user):
    status, audit_action, status_before = OUTCOMES[action]
    after = refreshed(item)
    assert after.status == status
    entry = AuditEntry.objects.filter(item_id=item.pk, action=audit_action).latest("id")
    assert entry.actor_id == user.pk
    assert (entry.status_before, entry.status_after) == (status_before, status)
    if audit_action == AuditAction.CLAIM:
        # The claim is theirs, and the item leaves everyone else's "take next".
        assert after.claimed_by_id == user.pk
        assert after.claimed_until > timezone.now()
    else:
        # A decision ends any claim and records who decided.
        assert after.claimed_by_id is None and after.claimed_until is None
    if audit_action in (AuditAction.APPROVE, AuditAction.REJECT):
        assert after.decided_by_id == user.pk
    if audit_action == AuditAction.REJECT:
        assert after.rejection_reason.code == entry.reason_code == "unkind"
    if audit_action == AuditAction.ESCALATE:
        assert (after.escalation_kind, after.escalation_reason) == ("safeguarding", "worried")
        assert (entry.reason_code, entry.reason) == ("safeguarding", "worried")
        assert after.cases.count() == 1  # a safeguarding escalation opens a case


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_only_its_part(request, make_item, senior_moderator, role, action):
    item = make_item("Someone else's words", author=ParticipantFactory())
    user = person(request, role)
    if role in ACTIONS[action]:
        assert_done(action, attempt(action, item, user, senior_moderator), user)
    else:
        before = refreshed(item).status
        with pytest.raises(PermissionDenied):
            attempt(action, item, user, senior_moderator)
        after = refreshed(item).status
        assert after == before or (after == Status.ESCALATED and "escalated" in action)


RULES = {
    "can_view_queue": {"volunteer", "senior_moderator", "policy_editor", "admin"},
    "can_work_queue": {"volunteer", "senior_moderator", "admin"},
    "can_view_escalations": {"senior_moderator", "policy_editor", "admin"},
    "can_decide_escalations": {"senior_moderator", "admin"},
    "can_view_original": {"senior_moderator", "policy_editor", "admin"},
    "can_view_audit_log": {"senior_moderator", "policy_editor", "admin"},
    "can_view_volunteer_figures": {"admin"},
    "can_manage_cases": {"senior_moderator", "admin"},
    "can_bulk_decide": {"senior_moderator", "admin"},
    "is_signed_in": {
        "participant",
        "unverified",
        "volunteer",
        "senior_moderator",
        "policy_editor",
        "admin",
    },
}


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("role", ROLES)
def test_the_permission_table(request, role, rule):
    assert bool(getattr(moderation_rules, rule)(person(request, role))) is (role in RULES[rule])


def test_an_inactive_moderator_loses_every_moderation_permission(volunteer, item):
    volunteer.is_active = False
    volunteer.save()
    assert not moderation_rules.can_work_queue(volunteer)
    with pytest.raises(PermissionDenied):
        services.item_approve(item=item, moderator=volunteer)


def test_object_rules_for_deciding_and_reporting(
    item, volunteer, senior_moderator, participant, other_participant
):
    assert volunteer.has_perm("moderation.decide_item", item)
    assert other_participant.has_perm("moderation.report_item", item)
    assert not participant.has_perm("moderation.report_item", item)  # their own
    item = escalated(item, senior_moderator)
    assert not volunteer.has_perm("moderation.decide_item", item)
    assert senior_moderator.has_perm("moderation.decide_item", item)


def test_administrators_can_grant_the_moderation_permissions_in_the_admin(
    client_for, admin, role_permissions
):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Volunteer moderator")
    page = client_for(admin).get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "Can claim and decide items in the moderation queue" in page
