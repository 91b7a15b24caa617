"""Permissions per role: a table of role × action, through the services and the rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from moderation import rules as moderation_rules
from moderation import services
from moderation.models import Status
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
    if action == "claim next":
        services.item_claim_next(moderator=user)
    elif action == "claim a pending item":
        services.item_claim(item=item, moderator=user)
    elif action == "approve a pending item":
        services.item_approve(item=item, moderator=user)
    elif action == "reject a pending item":
        services.item_reject(item=item, moderator=user, reason="unkind")
    elif action == "escalate a pending item":
        services.item_escalate(item=item, moderator=user, kind="safeguarding", reason="worried")
    elif action == "approve an escalated item":
        services.item_approve(item=escalated(item, senior), moderator=user)
    elif action == "claim an escalated item":
        services.item_claim(item=escalated(item, senior), moderator=user)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_only_its_part(request, make_item, senior_moderator, role, action):
    item = make_item("Someone else's words", author=ParticipantFactory())
    user = person(request, role)
    if role in ACTIONS[action]:
        attempt(action, item, user, senior_moderator)
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
