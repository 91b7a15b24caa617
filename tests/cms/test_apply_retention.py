"""`manage.py apply_retention`: each rule removes what its time is up for, and no more."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cms import roles
from cms.retention import retention_run
from moderation.models import AuditAction, AuditEntry, ModerationItem
from moderation.selectors import item_for
from moderation.services import item_submit
from participation.models import Nomination, User
from participation.models.account_signals import AccountSignal
from participation.services.privacy import participant_erasure_request
from tests.factories import ParticipantFactory, UserFactory
from tests.participation.factories import campaign_vote, topic

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
SIX_YEARS = dt.timedelta(days=6 * 365 + 2)


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_unverified_accounts_go_after_seven_days_and_no_one_else(participant, senior_moderator):
    now = timezone.now()
    stale = ParticipantFactory(verified=False, date_joined=now - 8 * DAY)
    recent = ParticipantFactory(verified=False, date_joined=now - 6 * DAY)
    staff = UserFactory(verified=False, date_joined=now - 30 * DAY, is_staff=True)
    User.objects.filter(pk=participant.pk).update(date_joined=now - 30 * DAY)

    assert "Unverified accounts deleted: 1" in run()

    assert not User.objects.filter(pk=stale.pk).exists()
    assert User.objects.filter(pk__in=[recent.pk, staff.pk, participant.pk]).count() == 3
    assert User.objects.filter(pk=senior_moderator.pk).exists()


def test_a_moderator_whose_address_is_unverified_is_never_deleted():
    moderator = UserFactory(
        verified=False, date_joined=timezone.now() - 30 * DAY, groups=[roles.VOLUNTEER_MODERATOR]
    )
    run()
    assert User.objects.filter(pk=moderator.pk).exists()


def test_erasures_are_carried_out_once_the_cooling_off_period_is_over(participant):
    asked_at = timezone.now()
    with time_machine.travel(asked_at, tick=False):
        participant_erasure_request(user=participant)
    with time_machine.travel(asked_at + 6 * DAY, tick=False):
        assert "erased after the cooling-off period: 0" in run()
    assert User.objects.get(pk=participant.pk).erased_at is None
    with time_machine.travel(asked_at + 7 * DAY + dt.timedelta(minutes=1), tick=False):
        assert "erased after the cooling-off period: 1" in run()
    assert User.objects.get(pk=participant.pk).email.endswith("@erased.invalid")


def test_safeguarding_items_of_an_erased_account_go_after_six_years(participant):
    vote = campaign_vote(open_round=None)
    nomination = Nomination.objects.create(
        campaign_vote=vote,
        author=participant,
        title="Help",
        description="I want to kill myself",
        topic=topic(),
    )
    item_submit(
        obj=nomination, author=participant, text_fields={"description": nomination.description}
    )
    item_id = item_for(nomination).pk
    asked_at = timezone.now()
    with time_machine.travel(asked_at, tick=False):
        participant_erasure_request(user=participant)
    with time_machine.travel(asked_at + 8 * DAY, tick=False):
        run()
    assert ModerationItem.objects.filter(pk=item_id).exists()  # with senior moderators
    with time_machine.travel(asked_at + 8 * DAY + SIX_YEARS - DAY, tick=False):
        assert "Safeguarding items deleted after their period: 0" in run()
    with time_machine.travel(asked_at + 8 * DAY + SIX_YEARS + DAY, tick=False):
        assert "Safeguarding items deleted after their period: 1" in run()
    assert not ModerationItem.objects.filter(pk=item_id).exists()
    nomination.refresh_from_db()
    assert "kill" not in nomination.description


def test_old_audit_details_are_cleared_and_what_happened_is_kept(volunteer):
    now = timezone.now()
    old = AuditEntry.objects.create(
        action=AuditAction.ESCALATE,
        actor=volunteer,
        reason="Mentions her school",
        reason_code="personal_details",
        created_at=now - SIX_YEARS - DAY,
    )
    recent = AuditEntry.objects.create(
        action=AuditAction.ESCALATE,
        actor=volunteer,
        reason="Mentions a school",
        created_at=now - SIX_YEARS + DAY,
    )

    assert "Old audit entries with their details cleared: 1" in run()

    old = AuditEntry.objects.get(pk=old.pk)
    assert (old.reason, old.actor_id, old.detail) == ("", None, {})
    assert (old.action, old.reason_code) == (AuditAction.ESCALATE, "personal_details")
    recent = AuditEntry.objects.get(pk=recent.pk)
    assert (recent.reason, recent.actor_id) == ("Mentions a school", volunteer.pk)


def test_expired_duplicate_account_signals_go(participant):
    now = timezone.now()
    AccountSignal.objects.create(
        user=participant, kind="device", digest="a" * 64, last_seen_at=now - 60 * DAY
    )
    fresh = AccountSignal.objects.create(
        user=participant, kind="network", digest="b" * 64, last_seen_at=now - DAY
    )
    assert "Expired duplicate-account signals: 1" in run()
    assert list(AccountSignal.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_a_dry_run_counts_and_changes_nothing(participant):
    stale = ParticipantFactory(verified=False, date_joined=timezone.now() - 8 * DAY)
    with time_machine.travel(timezone.now() - 8 * DAY, tick=False):
        participant_erasure_request(user=participant)

    output = run("--dry-run")

    assert "nothing was changed" in output
    assert "Unverified accounts deleted: 1" in output
    assert "erased after the cooling-off period: 1" in output
    assert User.objects.filter(pk=stale.pk).exists()
    assert User.objects.get(pk=participant.pk).erased_at is None


def test_the_scheduler_runs_the_same_rules():
    stale = ParticipantFactory(verified=False, date_joined=timezone.now() - 8 * DAY)
    report = retention_run()
    assert report.unverified_accounts == 1
    assert "1 unverified account;" in str(report)
    assert not User.objects.filter(pk=stale.pk).exists()


CLEAR = (
    "UPDATE moderation_auditentry SET reason = '', note_to_author = '', detail = '{{}}'::jsonb, "
    "actor_id = NULL{extra} WHERE id = %s"
)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("retention", "extra"),
    [(False, ""), (True, ", action = 'approve'")],
    ids=["outside retention", "changing what happened"],
)
def test_postgresql_lets_only_retention_clear_audit_details(volunteer, retention, extra):
    entry = AuditEntry.objects.create(
        action=AuditAction.ESCALATE, actor=volunteer, reason="Mentions her school"
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        if retention:
            cursor.execute("SET LOCAL moderation.retention = 'on'")
        cursor.execute(CLEAR.format(extra=extra), [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Mentions her school"
