import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.participation.urls")]

PAGES = ["/members-only/", "/members-only-class/"]


@pytest.mark.parametrize("url", PAGES)
def test_a_participant_gets_in(client_for, participant, url):
    response = client_for(participant).get(url)
    assert response.status_code == 200
    assert response.content == b"welcome, participant"


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_is_sent_to_log_in_and_brought_back(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", PAGES)
def test_an_unverified_user_is_sent_to_confirm_their_email(client_for, unverified, url):
    response = client_for(unverified).get(url, follow=True)
    assert response.redirect_chain[0] == ("/accounts/email/", 302)
    assert "Please verify your email address first" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_user_without_a_profile_is_sent_to_finish_it_and_brought_back(client_for, url):
    user = UserFactory(email="staff-made@example.org")
    response = client_for(user).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/me/complete/?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize("url", PAGES)
def test_an_account_registered_at_an_ineligible_age_is_told_kindly(client_for, url):
    registered = timezone.now()
    aged_out = ParticipantFactory(
        date_of_birth=registered.date() - dt.timedelta(days=30 * 366),
        profile_completed_at=registered,
    )
    response = client_for(aged_out).get(url)
    assert response.status_code == 403
    assert "for people aged 13 to 25" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_staff_are_not_participants(client_for, volunteer, url):
    response = client_for(volunteer).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/me/complete/")
