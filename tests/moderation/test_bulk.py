"""Bulk decisions for spam waves: senior moderators only, one audit entry per item."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moderation import services
from moderation.models import AuditAction, AuditEntry, Status
from tests.moderation.conftest import last_notice, refreshed


@pytest.fixture
def wave(make_item):
    return [make_item(f"Buy cheap trainers at example dot com, offer {n}") for n in range(5)]


def test_rejecting_a_selection_audits_and_tells_each_author(wave, senior_moderator, participant):
    outcome = services.items_reject(items=wave, moderator=senior_moderator, reason="off-topic")
    assert sorted(outcome.done) == sorted(item.pk for item in wave) and not outcome.skipped
    for item in wave:
        assert refreshed(item).status == Status.REJECTED
        entries = AuditEntry.objects.filter(item_id=item.pk, action=AuditAction.REJECT)
        assert entries.count() == 1 and entries.get().actor == senior_moderator
    assert "couldn't put it on the Listening Hub" in last_notice(participant).message


def test_escalating_a_selection_audits_each(wave, senior_moderator):
    outcome = services.items_escalate(
        items=[item.pk for item in wave], moderator=senior_moderator, kind="policy", reason="Ask"
    )
    assert len(outcome.done) == 5
    assert (
        AuditEntry.objects.filter(
            item_id__in=[i.pk for i in wave], action=AuditAction.ESCALATE
        ).count()
        == 5
    )


def test_items_that_cannot_be_decided_are_left_and_listed(wave, senior_moderator, volunteer):
    services.item_approve(item=wave[0], moderator=volunteer)
    services.item_claim(item=wave[1], moderator=volunteer)
    outcome = services.items_reject(items=wave, moderator=senior_moderator, reason="off-topic")
    assert sorted(outcome.done) == sorted(item.pk for item in wave[2:])
    skipped = dict(outcome.skipped)
    assert "already been decided" in skipped[wave[0].pk]
    assert "already working on this item" in skipped[wave[1].pk]
    assert refreshed(wave[0]).status == Status.APPROVED
    assert refreshed(wave[1]).status == Status.PENDING


@pytest.mark.parametrize("role", ["volunteer", "policy_editor", "participant"])
def test_only_senior_moderators_decide_in_bulk(request, wave, role):
    with pytest.raises(PermissionDenied):
        services.items_reject(
            items=wave, moderator=request.getfixturevalue(role), reason="off-topic"
        )
    assert all(refreshed(item).status == Status.PENDING for item in wave)


def test_a_bad_reason_rejects_none_of_them(wave, senior_moderator):
    outcome = services.items_reject(items=wave, moderator=senior_moderator, reason="no-such")
    assert not outcome.done and len(outcome.skipped) == 5
    assert all(refreshed(item).status == Status.PENDING for item in wave)


def test_an_empty_selection_is_refused(senior_moderator):
    with pytest.raises(ValidationError, match="at least one"):
        services.items_reject(items=[], moderator=senior_moderator, reason="off-topic")


def test_the_queue_page_decides_a_selection(client_for, senior_moderator, wave):
    client = client_for(senior_moderator)
    page = client.get("/admin/moderation/").content.decode()
    assert 'name="bulk-items"' in page
    chosen = [wave[0].pk, wave[1].pk]
    response = client.post(
        "/admin/moderation/bulk/",
        {"bulk-items": chosen, "bulk-action": "reject", "bulk-reason": _reason_id("off-topic")},
    )
    assert response.status_code == 302
    assert [refreshed(i).status for i in wave[:3]] == [
        Status.REJECTED,
        Status.REJECTED,
        Status.PENDING,
    ]


@pytest.mark.parametrize("items", [["9" * 30], ["-1"], ["abc"], ["１２"], []])
def test_the_queue_page_refuses_nonsense_ids_kindly(client_for, senior_moderator, wave, items):
    response = client_for(senior_moderator).post(
        "/admin/moderation/bulk/",
        {"bulk-items": items, "bulk-action": "reject", "bulk-reason": _reason_id("off-topic")},
        follow=True,
    )
    assert response.status_code == 200
    assert all(refreshed(item).status == Status.PENDING for item in wave)


def test_volunteers_see_no_bulk_controls_and_cannot_post(client_for, volunteer, wave):
    client = client_for(volunteer)
    assert 'name="bulk-items"' not in client.get("/admin/moderation/").content.decode()
    response = client.post(
        "/admin/moderation/bulk/",
        {
            "bulk-items": [wave[0].pk],
            "bulk-action": "reject",
            "bulk-reason": _reason_id("off-topic"),
        },
    )
    assert response.status_code == 403
    assert refreshed(wave[0]).status == Status.PENDING


def _reason_id(code):
    from moderation.models import HouseRuleReason

    return HouseRuleReason.objects.get(code=code).pk
