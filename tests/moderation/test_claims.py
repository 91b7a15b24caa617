"""Claims: the order "take next" serves, leases, releases and the release_claims command."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from moderation import services
from moderation.models import AuditAction, AuditEntry, ModerationItem
from tests.factories import UserFactory
from tests.moderation.conftest import refreshed

pytestmark = pytest.mark.django_db


def aged(item: ModerationItem, *, minutes: int) -> ModerationItem:
    ModerationItem.objects.filter(pk=item.pk).update(
        queued_at=timezone.now() - dt.timedelta(minutes=minutes)
    )
    return refreshed(item)


def test_the_oldest_item_comes_first(make_item, volunteer):
    newer = aged(make_item("newer"), minutes=5)
    older = aged(make_item("older"), minutes=50)
    assert services.item_claim_next(moderator=volunteer) == older
    assert refreshed(older).claimed_by == volunteer
    assert newer.claimed_by is None


def test_risks_come_first_then_escalations_then_reports_then_the_oldest(
    make_item, volunteer, senior_moderator, other_participant
):
    oldest = aged(make_item("plain and old"), minutes=500)
    reported = aged(make_item("reported"), minutes=10)
    services.item_approve(item=reported, moderator=senior_moderator)
    services.item_report(item=reported, reporter=other_participant, reason="unkind")
    escalated = aged(make_item("escalated"), minutes=5)
    services.item_escalate(
        item=escalated, moderator=volunteer, kind="personal_details", reason="worried"
    )
    risk = make_item("I want to kill myself")

    served = []
    moderator = UserFactory(is_superuser=True, is_staff=True, display_name="Keeper")
    for _ in range(4):
        item = services.item_claim_next(moderator=moderator)
        served.append(item.pk)
        services.claim_release(item=item, moderator=moderator)
        ModerationItem.objects.filter(pk=item.pk).update(status="approved", priority=3)
    assert served == [risk.pk, escalated.pk, reported.pk, oldest.pk]


def test_volunteers_are_not_served_escalations(make_item, volunteer, senior_moderator):
    item = make_item("worrying")
    services.item_escalate(
        item=item, moderator=senior_moderator, kind="safeguarding", reason="worried"
    )
    assert services.item_claim_next(moderator=volunteer) is None
    assert services.item_claim_next(moderator=senior_moderator) == item


def test_nobody_is_served_their_own_writing(make_item, volunteer):
    make_item("mine", author=volunteer)
    assert services.item_claim_next(moderator=volunteer) is None


def test_a_claimed_item_is_not_served_to_anyone_else_until_the_lease_runs_out(
    item, volunteer, senior_moderator
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert services.item_claim_next(moderator=volunteer) == item
        assert services.item_claim_next(moderator=senior_moderator) is None
        clock.shift(dt.timedelta(minutes=9, seconds=59))
        assert services.item_claim_next(moderator=senior_moderator) is None
        clock.shift(dt.timedelta(seconds=2))
        assert services.item_claim_next(moderator=senior_moderator) == item


def test_taking_the_next_item_gives_back_the_last_one(make_item, volunteer):
    first = aged(make_item("first"), minutes=20)
    second = aged(make_item("second"), minutes=10)
    assert services.item_claim_next(moderator=volunteer) == first
    assert services.item_claim_next(moderator=volunteer) == second
    assert refreshed(first).claimed_by is None
    assert AuditEntry.objects.filter(item_id=first.pk, action=AuditAction.RELEASE).exists()


def test_a_moderator_holds_at_most_one_claim_by_database_constraint(make_item, volunteer):
    first, second = make_item("one"), make_item("two")
    services.item_claim(item=first, moderator=volunteer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationItem.objects.filter(pk=second.pk).update(
            claimed_by=volunteer, claimed_until=timezone.now()
        )


def test_claiming_a_chosen_item_someone_else_holds_is_refused(item, volunteer, senior_moderator):
    services.item_claim(item=item, moderator=senior_moderator)
    with pytest.raises(ValidationError, match="already working on this item"):
        services.item_claim(item=item, moderator=volunteer)
    assert refreshed(item).claimed_by == senior_moderator


def test_claiming_again_renews_the_lease(item, volunteer):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.item_claim(item=item, moderator=volunteer)
        clock.shift(dt.timedelta(minutes=8))
        services.item_claim(item=item, moderator=volunteer)
        assert refreshed(item).claimed_until == timezone.now() + dt.timedelta(minutes=10)


def test_a_decided_item_cannot_be_claimed(item, volunteer):
    services.item_approve(item=item, moderator=volunteer)
    with pytest.raises(ValidationError, match="already been decided"):
        services.item_claim(item=item, moderator=volunteer)


def test_only_moderators_claim(item, participant, policy_editor):
    for person in (participant, policy_editor):
        with pytest.raises(PermissionDenied):
            services.item_claim_next(moderator=person)
        with pytest.raises(PermissionDenied):
            services.item_claim(item=item, moderator=person)


def test_releasing_gives_the_item_back(item, volunteer, senior_moderator):
    services.item_claim(item=item, moderator=volunteer)
    with pytest.raises(ValidationError, match="haven't claimed"):
        services.claim_release(item=item, moderator=senior_moderator)
    services.claim_release(item=item, moderator=volunteer)
    assert refreshed(item).claimed_by is None
    assert services.item_claim_next(moderator=senior_moderator) == item


@pytest.mark.parametrize("minutes", [5, 30])
def test_the_lease_length_is_a_setting(item, volunteer, settings, minutes):
    settings.MODERATION_CLAIM_MINUTES = minutes
    with time_machine.travel(timezone.now(), tick=False):
        services.item_claim(item=item, moderator=volunteer)
        assert refreshed(item).claimed_until == timezone.now() + dt.timedelta(minutes=minutes)


def test_expired_claims_are_ended_and_recorded(make_item, volunteer, senior_moderator):
    live, stale = make_item("live"), make_item("stale")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.item_claim(item=stale, moderator=volunteer)
        clock.shift(dt.timedelta(minutes=11))
        services.item_claim(item=live, moderator=senior_moderator)
        assert services.claims_release_expired() == 1
    assert refreshed(stale).claimed_by is None
    assert refreshed(live).claimed_by == senior_moderator
    entry = AuditEntry.objects.get(item_id=stale.pk, action=AuditAction.CLAIM_EXPIRED)
    assert (entry.item_id, entry.actor, entry.detail) == (
        stale.pk,
        None,
        {"moderator_id": volunteer.pk},
    )


def test_the_release_claims_command(item, volunteer):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.item_claim(item=item, moderator=volunteer)
        clock.shift(dt.timedelta(minutes=11))
        out = io.StringIO()
        call_command("release_claims", stdout=out)
        assert out.getvalue().strip() == "Released 1 expired claim."
        call_command("release_claims", stdout=out)
    assert "Released 0 expired claims." in out.getvalue()
    assert refreshed(item).claimed_by is None


def test_an_empty_queue_gives_nothing(volunteer):
    assert services.item_claim_next(moderator=volunteer) is None
