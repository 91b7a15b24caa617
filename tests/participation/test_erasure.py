"""Erase my account: ask, change your mind within the cooling-off period, or be erased."""

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms import roles
from moderation.models import ModerationItem, Notice
from moderation.selectors import item_for
from moderation.services import item_submit
from participation.models import (
    Nomination,
    NominationState,
    NotificationPreferences,
    RoundResult,
    Support,
    SupportingStatement,
    User,
)
from participation.models.account_signals import AccountSignal
from participation.services.ballots import ballot_cast
from participation.services.privacy import (
    participant_erase,
    participant_erasure_cancel,
    participant_erasure_request,
)
from participation.services.rounds import round_close
from tests.factories import PASSWORD, ParticipantFactory
from tests.participation.factories import campaign_vote, nominations, submitted_nominations

pytestmark = pytest.mark.django_db

WEEK = dt.timedelta(days=7)


def reauthenticated(client_for, user):
    client = client_for(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


def asked(user, *, at=None) -> User:
    with time_machine.travel(at or timezone.now(), tick=False):
        return participant_erasure_request(user=user)


def erased(user) -> User:
    return User.objects.get(pk=user.pk)


# --- Asking -------------------------------------------------------------------------


def test_the_confirm_page_says_what_happens_and_what_is_kept(client_for, participant):
    page = reauthenticated(client_for, participant).get("/me/privacy/erase/").content.decode()
    assert "7 days to change your mind" in page
    assert "What we keep, and why" in page
    assert "6 years" in page


def test_asking_needs_the_password_again(client_for, participant):
    response = client_for(participant).post("/me/privacy/erase/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert erased(participant).erasure_requested_at is None


def test_asking_logs_out_emails_and_records_it(
    client_for, participant, django_capture_on_commit_callbacks
):
    client = reauthenticated(client_for, participant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/privacy/erase/")
    assert response.status_code == 302
    assert response["Location"] == "/me/privacy/erase/requested/"
    assert erased(participant).erasure_requested_at is not None
    # Logged out: the account page now asks them to log in.
    assert "/accounts/login/" in client.get("/me/")["Location"]
    (email,) = mail.outbox
    assert email.to == ["participant@example.org"]
    assert "Keep my account" in email.body
    assert "/accounts/login/?next=/me/privacy/erase/pending/" in email.body
    entry = ModelLogEntry.objects.get(action="participation.erasure_request")
    assert entry.label == f"Account {participant.pk}"
    assert "QuietOtter" not in str(entry.data) and "@" not in entry.label


def test_asking_twice_keeps_the_first_date(participant):
    first = asked(participant, at=timezone.now() - dt.timedelta(days=2))
    again = asked(participant)
    assert again.erasure_requested_at == first.erasure_requested_at


def test_staff_accounts_cannot_be_erased_from_the_site(volunteer):
    with pytest.raises(PermissionDenied, match="ask an administrator"):
        participant_erasure_request(user=volunteer)
    assert erased(volunteer).erasure_requested_at is None


def test_an_account_given_a_role_while_cooling_off_is_not_erased(participant):
    asked(participant, at=timezone.now() - 2 * WEEK)
    participant.groups.add(Group.objects.get(name=roles.VOLUNTEER_MODERATOR))
    assert participant_erase(user=participant) is False
    assert erased(participant).email == "participant@example.org"


# --- Changing your mind ---------------------------------------------------------------


def test_logging_in_during_the_cooling_off_period_offers_one_button_to_cancel(
    client_for, participant
):
    asked(participant)
    client = client_for(erased(participant))
    assert "Keep my account" in client.get("/me/").content.decode()
    # Wherever logging in took them (a `next` address), every page offers it.
    assert "Keep my account" in client.get("/search/?q=buses").content.decode()
    pending = client.get("/me/privacy/erase/pending/").content.decode()
    assert "Your account is due to be erased" in pending
    response = client.post("/me/privacy/erase/pending/", follow=True)
    assert "Good to have you back" in response.content.decode()
    assert erased(participant).erasure_requested_at is None
    assert ModelLogEntry.objects.filter(action="participation.erasure_cancel").count() == 1


def test_there_is_nothing_to_cancel_without_a_request(participant):
    with pytest.raises(ValidationError, match="nothing to cancel"):
        participant_erasure_cancel(user=participant)


def test_a_cancelled_request_is_never_carried_out(participant):
    asked(participant, at=timezone.now() - 2 * WEEK)
    participant_erasure_cancel(user=participant)
    assert participant_erase(user=participant) is False
    assert erased(participant).email == "participant@example.org"


# --- Erasing ----------------------------------------------------------------------------


def test_nothing_happens_before_the_cooling_off_period_ends(participant):
    asked(participant, at=timezone.now() - WEEK + dt.timedelta(hours=1))
    assert participant_erase(user=participant) is False
    assert erased(participant).display_name == "QuietOtter"


def test_erasing_removes_personal_data_and_ends_every_session(
    client_for, participant, other_participant
):
    client_for(participant)  # a session on some device
    NotificationPreferences.objects.create(user=participant)
    Notice.objects.create(recipient=participant, message="Hello")
    AccountSignal.objects.create(user=participant, kind="device", digest="d" * 64)
    asked(participant, at=timezone.now() - WEEK - dt.timedelta(minutes=1))

    assert participant_erase(user=participant) is True

    user = erased(participant)
    assert user.email.endswith("@erased.invalid")
    assert "participant" not in user.email
    assert (user.display_name, user.date_of_birth, user.region) == (None, None, "")
    assert str(user) == "Former member"
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not NotificationPreferences.objects.filter(user=user).exists()
    assert not Notice.objects.filter(recipient=user).exists()
    assert not AccountSignal.objects.filter(user=user).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all()
    )
    # Someone else's data is untouched.
    assert erased(other_participant).email == "other@example.org"
    entry = ModelLogEntry.objects.get(action="participation.erase")
    assert entry.label == f"Account {user.pk}" and entry.user is None


def test_erasing_twice_changes_nothing_the_second_time(participant):
    asked(participant, at=timezone.now() - 2 * WEEK)
    assert participant_erase(user=participant) is True
    assert participant_erase(user=participant) is False
    assert ModelLogEntry.objects.filter(action="participation.erase").count() == 1


def test_published_words_stay_without_an_author_and_pending_ones_are_withdrawn(
    participant, volunteer, other_participant
):
    vote = campaign_vote(open_round=None)
    (published,) = submitted_nominations(vote, 1, author=participant, moderator=volunteer)
    (pending,) = submitted_nominations(vote, 1, author=participant, titles=["My school's name"])
    (theirs,) = submitted_nominations(vote, 1, author=other_participant, moderator=volunteer)
    Support.objects.create(nomination=theirs, participant=participant)
    statement = SupportingStatement.objects.create(
        nomination=theirs, author=participant, text="Me too"
    )
    item_submit(obj=statement, author=participant, text_fields={"text": "Me too"})
    asked(participant, at=timezone.now() - 2 * WEEK)

    participant_erase(user=participant)

    published.refresh_from_db()
    assert published.author is None and published.title == "Issue number 0"
    assert item_for(published) is not None  # still on the site
    pending.refresh_from_db()
    assert pending.author is None
    assert pending.state == NominationState.WITHDRAWN
    assert "school" not in pending.title
    assert item_for(pending) is None
    assert not SupportingStatement.objects.filter(pk=statement.pk).exists()
    assert not Support.objects.filter(participant_id=participant.pk).exists()


def test_words_with_a_safeguarding_concern_stay_with_senior_moderators_anonymised(participant):
    vote = campaign_vote(open_round=None)
    nomination = Nomination.objects.create(
        campaign_vote=vote,
        author=participant,
        title="Help",
        description="I want to kill myself",
        topic=nominations(vote, 1)[0].topic,
    )
    item_submit(
        obj=nomination, author=participant, text_fields={"description": nomination.description}
    )
    asked(participant, at=timezone.now() - 2 * WEEK)

    participant_erase(user=participant)

    item = ModerationItem.objects.get(pk=item_for(nomination).pk)
    assert item.has_risk_flag
    assert item.text_snapshot == {"description": "I want to kill myself"}
    assert str(item.author) == "Former member"
    assert item.author.email.endswith("@erased.invalid")
    nomination.refresh_from_db()
    assert nomination.author is None


def _published_files(client, page, number=1) -> tuple[bytes, bytes]:
    ballots = client.get(f"{page.url}rounds/{number}/ballots/csv/")
    receipts = client.get(f"{page.url}rounds/{number}/receipts/csv/")
    assert ballots.status_code == receipts.status_code == 200
    return ballots.getvalue(), receipts.getvalue()


def test_erasure_leaves_closed_results_and_published_files_unchanged(visitor, participant):
    page = campaign_vote(rounds=(("approval", 1, 2),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 3, shortlist_round=round_)
    sorted(issue.pk for issue in issues)
    voters = [participant, ParticipantFactory(), ParticipantFactory()]
    for voter, choice in zip(voters, [0, 0, 1], strict=True):
        ballot_cast(participant=voter, round=round_, choices=[issues[choice].pk])
    round_close(round=round_, actor=None, now=round_.closes_at)
    result_before = RoundResult.objects.values().get(round=round_)
    files_before = _published_files(visitor, page)
    asked(participant, at=timezone.now() - 2 * WEEK)

    participant_erase(user=participant)

    assert RoundResult.objects.values().get(round=round_) == result_before
    assert _published_files(visitor, page) == files_before


def test_a_ballot_in_an_open_round_still_counts_after_erasure(participant):
    page = campaign_vote(rounds=(("approval", 1, 2),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 3, shortlist_round=round_)
    sorted(issue.pk for issue in issues)
    ballot_cast(participant=participant, round=round_, choices=[issues[2].pk])
    ballot_cast(participant=ParticipantFactory(), round=round_, choices=[issues[2].pk])
    ballot_cast(participant=ParticipantFactory(), round=round_, choices=[issues[1].pk])
    asked(participant, at=timezone.now() - 2 * WEEK)

    participant_erase(user=participant)

    result = round_close(round=round_, actor=None, now=round_.closes_at)
    assert result.ballot_count == 3
    assert result.winners == [issues[2].pk]
