"""Suspension: a senior moderator pauses a participant's taking part, and lifts it."""

import html

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms import roles
from moderation import selectors as moderation_selectors
from moderation import services as moderation
from moderation.models import AuditAction, AuditEntry, Status
from participation.models import Ballot, Nomination, Support, User
from participation.selectors.participants import ParticipantStatus, participant_status
from participation.services import nominations as nomination_services
from participation.services import participant_suspend, participant_unsuspend
from participation.services.ballots import ballot_cast
from tests.factories import ParticipantFactory
from tests.participation.factories import (
    campaign_vote,
    nominations,
    submitted_nominations,
    topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def role_permissions(db):
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    roles.sync_role_permissions()


@pytest.fixture
def open_vote():
    return campaign_vote(open_round=None)


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def suspend(senior, user, reason="Sent unkind reports about others"):
    return participant_suspend(actor=senior, user=user, reason=reason)


def test_a_senior_moderator_suspends_with_a_reason_and_an_audit_entry(
    senior_moderator, participant
):
    suspend(senior_moderator, participant)
    user = fresh(participant)
    assert user.suspended_at is not None and user.suspended_by == senior_moderator
    assert participant_status(user) is ParticipantStatus.SUSPENDED
    entry = ModelLogEntry.objects.get(action="participation.suspend", object_id=str(user.pk))
    assert entry.user == senior_moderator
    assert entry.data["reason"] == "Sent unkind reports about others"


@pytest.mark.parametrize("who", ["volunteer", "policy_editor", "other_participant"])
def test_only_senior_moderators_may_suspend(request, participant, who):
    with pytest.raises(PermissionDenied):
        suspend(request.getfixturevalue(who), participant)
    assert fresh(participant).suspended_at is None
    assert not ModelLogEntry.objects.filter(action="participation.suspend").exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_suspension_needs_a_short_reason(senior_moderator, participant, reason):
    with pytest.raises(ValidationError):
        suspend(senior_moderator, participant, reason)
    assert fresh(participant).suspended_at is None


def test_suspending_twice_or_lifting_nothing_changes_nothing(senior_moderator, participant):
    with pytest.raises(ValidationError, match="isn't suspended"):
        participant_unsuspend(actor=senior_moderator, user=participant)
    suspend(senior_moderator, participant)
    with pytest.raises(ValidationError, match="already suspended"):
        suspend(senior_moderator, fresh(participant))
    assert ModelLogEntry.objects.filter(action="participation.suspend").count() == 1


def test_a_suspended_participant_can_take_no_participant_step(
    senior_moderator, participant, open_vote
):
    (public,) = submitted_nominations(
        open_vote, 1, author=ParticipantFactory(), moderator=senior_moderator
    )
    suspend(senior_moderator, participant)
    user = fresh(participant)
    with pytest.raises(PermissionDenied):
        nomination_services.nomination_submit(
            participant=user,
            campaign_vote=open_vote,
            title="Free buses",
            description="Getting to college costs too much.",
            topic=topic(),
        )
    with pytest.raises(PermissionDenied):
        nomination_services.support_add(participant=user, nomination=public)
    with pytest.raises(PermissionDenied):
        nomination_services.statement_submit(participant=user, nomination=public, text="Me too")
    with pytest.raises(PermissionDenied, match="paused"):
        moderation.item_report(
            item=moderation_selectors.item_for(public), reporter=user, reason="Unkind"
        )
    assert not Nomination.objects.filter(author=user).exists()
    assert not Support.objects.filter(participant=user).exists()


def test_a_suspended_participant_cannot_vote(senior_moderator, participant):
    page = campaign_vote()
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 3, shortlist_round=round_)
    suspend(senior_moderator, participant)
    with pytest.raises(PermissionDenied):
        ballot_cast(
            participant=fresh(participant),
            round=round_,
            choices=[issues[0].pk],
        )
    assert not Ballot.objects.filter(round=round_).exists()


def test_their_waiting_items_are_held_back_and_never_published(
    senior_moderator, volunteer, participant, open_vote
):
    waiting, risky = submitted_nominations(
        open_vote,
        2,
        author=participant,
        titles=["Longer library hours", "I want to kill myself when exams come"],
    )
    suspend(senior_moderator, participant)
    queue = list(moderation_selectors.queue_for(senior_moderator, now=timezone.now()))
    held = moderation_selectors.item_for(waiting)
    assert held not in queue and held.withheld_at is not None
    # A safeguarding concern is never held back.
    assert moderation_selectors.item_for(risky) in queue
    with pytest.raises(ValidationError, match="paused"):
        moderation.item_approve(item=held, moderator=volunteer)
    assert moderation_selectors.item_for(waiting).status == Status.PENDING
    assert not Nomination.objects.public().filter(pk=waiting.pk).exists()
    assert AuditEntry.objects.filter(item_id=held.pk, action=AuditAction.WITHHOLD).exists()


def test_their_open_reports_stop_counting(senior_moderator, participant, open_vote):
    (reported,) = submitted_nominations(
        open_vote, 1, author=ParticipantFactory(), moderator=senior_moderator
    )
    item = moderation_selectors.item_for(reported)
    moderation.item_report(item=item, reporter=participant, reason="Unkind")
    moderation.item_report(item=item, reporter=ParticipantFactory(), reason="Unkind")
    assert moderation_selectors.item_for(reported).report_score == 1
    suspend(senior_moderator, participant)
    item = moderation_selectors.item_for(reported)
    assert (item.open_report_count, item.report_score) == (1, 0.5)


def test_lifting_puts_things_back(senior_moderator, volunteer, participant, open_vote):
    (waiting,) = submitted_nominations(open_vote, 1, author=participant)
    suspend(senior_moderator, participant)
    participant_unsuspend(actor=senior_moderator, user=fresh(participant), reason="Talked it over")
    user = fresh(participant)
    assert participant_status(user) is ParticipantStatus.PARTICIPANT
    item = moderation_selectors.item_for(waiting)
    assert item.withheld_at is None
    assert item in moderation_selectors.queue_for(volunteer, now=timezone.now())
    moderation.item_approve(item=item, moderator=volunteer)
    assert Nomination.objects.public().filter(pk=waiting.pk).exists()
    entry = ModelLogEntry.objects.get(action="participation.unsuspend", object_id=str(user.pk))
    assert entry.user == senior_moderator


# --- The screens -----------------------------------------------------------------------


def test_the_participant_is_told_kindly_on_their_profile_and_any_refused_step(
    client_for, senior_moderator, participant, open_vote
):
    suspend(senior_moderator, participant)
    client = client_for(participant)
    profile = html.unescape(client.get("/me/").content.decode())
    assert "Your taking part is paused for now" in profile
    assert "Sent unkind reports" not in profile  # the reason is for senior moderators
    response = client.get(open_vote.url + open_vote.reverse_subpage("nominate"))
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "Your taking part is paused for now" in page and "/get-help/" in page


def test_a_senior_moderator_suspends_and_lifts_from_the_admin(
    client_for, senior_moderator, participant
):
    client = client_for(senior_moderator)
    url = f"/admin/participants/suspensions/{participant.pk}/"
    form = client.get(url)
    assert form.status_code == 200 and "Suspend QuietOtter" in form.content.decode()
    response = client.post(url, {"reason": "Unkind messages"})
    assert response.status_code == 302
    assert fresh(participant).suspended_reason == "Unkind messages"
    listing = client.get("/admin/participants/suspensions/").content.decode()
    assert "QuietOtter" in listing and "Unkind messages" in listing
    assert "Lift QuietOtter" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 302
    assert fresh(participant).suspended_at is None


def test_an_empty_reason_in_the_admin_changes_nothing(client_for, senior_moderator, participant):
    response = client_for(senior_moderator).post(
        f"/admin/participants/suspensions/{participant.pk}/", {"reason": "  "}
    )
    assert response.status_code == 400
    assert fresh(participant).suspended_at is None


@pytest.mark.parametrize("who", ["volunteer", "policy_editor"])
def test_other_staff_cannot_open_the_suspension_screens(request, client_for, participant, who):
    client = client_for(request.getfixturevalue(who))
    url = f"/admin/participants/suspensions/{participant.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "No"}).status_code == 403
    assert client.get("/admin/participants/suspensions/").status_code == 403
    assert fresh(participant).suspended_at is None


def test_a_huge_or_unknown_id_is_not_a_crash(client_for, senior_moderator):
    client = client_for(senior_moderator)
    assert client.get("/admin/participants/suspensions/99999999/").status_code == 404
    assert client.get(f"/admin/participants/suspensions/{2**70}/").status_code == 404


def test_the_users_list_offers_suspension_beside_participants_only(client_for, admin, participant):
    page = client_for(admin).get("/admin/users/").content.decode()
    assert f"/admin/participants/suspensions/{participant.pk}/" in page
    assert f"/admin/participants/suspensions/{admin.pk}/" not in page


def test_take_next_never_hands_out_what_is_held_back(senior_moderator, volunteer, participant):
    vote = campaign_vote(open_round=None)
    (held,) = submitted_nominations(vote, 1, author=participant, titles=["Free bus passes"])
    (other,) = submitted_nominations(vote, 1, author=ParticipantFactory(), titles=["Parks"])
    suspend(senior_moderator, participant)
    claimed = moderation.item_claim_next(moderator=volunteer)
    assert claimed == moderation_selectors.item_for(other)
    moderation.item_approve(item=claimed, moderator=volunteer)
    assert moderation.item_claim_next(moderator=volunteer) is None
    assert moderation_selectors.item_for(held).status == Status.PENDING


def test_a_suspended_author_cannot_change_a_turned_down_nomination_back_into_the_queue(
    senior_moderator, participant
):
    vote = campaign_vote(open_round=None)
    (nomination,) = submitted_nominations(vote, 1, author=participant, titles=["Free buses"])
    moderation.item_reject(
        item=moderation_selectors.item_for(nomination),
        moderator=senior_moderator,
        reason="personal-details",
    )
    suspend(senior_moderator, participant)
    with pytest.raises(PermissionDenied, match="paused"):
        nomination_services.nomination_edit(
            nomination=nomination,
            author=fresh(participant),
            title="Free buses for everyone",
            description="So we can get to college.",
            topic=nomination.topic,
        )
    assert moderation_selectors.item_for(nomination).status == Status.REJECTED


def test_a_suspended_participant_has_no_profile_to_complete(
    client_for, senior_moderator, participant
):
    suspend(senior_moderator, participant)
    response = client_for(fresh(participant)).get("/me/complete/")
    assert response.status_code == 302 and response["Location"] == "/me/"


def test_a_search_with_control_characters_finds_by_the_rest(client_for, senior_moderator):
    ParticipantFactory(display_name="QuietFox")
    response = client_for(senior_moderator).get("/admin/participants/suspensions/?q=Quiet%00Fox")
    assert response.status_code == 200
    assert "QuietFox" in response.content.decode()
