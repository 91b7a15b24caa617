"""Sign-up → email verification → participant, as a young person goes through it."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from participation.models import User
from participation.regions import Region
from participation.selectors.participants import ParticipantStatus, participant_status
from tests.auth import signup_answers

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 0), tick=False):
        yield


@pytest.mark.django_db
def test_sign_up_verify_and_become_a_participant(client, site):
    response = client.post(reverse("account_signup"), signup_answers())
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert participant_status(user) is ParticipantStatus.UNVERIFIED
    assert (user.display_name, user.region, user.date_of_birth) == (
        "HopefulFox",
        Region.WALES,
        dt.date(2009, 4, 1),
    )

    # The verification link arrives by email.
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(
        1
    )

    # Before verifying, logging in is not enough to take part.
    client.logout()
    client.post(
        reverse("account_login"),
        {"login": "newcomer@example.org", "password": "correct-horse-battery-9"},
    )
    assert participant_status(User.objects.get(pk=user.pk)) is ParticipantStatus.UNVERIFIED

    page = client.get(link)
    assert page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert participant_status(User.objects.get(pk=user.pk)) is ParticipantStatus.PARTICIPANT


@pytest.mark.django_db
def test_the_sign_up_page_shows_every_question_with_a_label(client, site):
    html = client.get(reverse("account_signup")).content.decode()
    for field in (
        "email",
        "password1",
        "password2",
        "display_name",
        "date_of_birth",
        "region",
        "accept_house_rules",
    ):
        assert f'for="id_{field}"' in html
    assert html.count("<h1") == 1
    assert 'href="/house-rules/"' in html


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        ("2013-11-24", False),  # 12: 13 tomorrow
        ("2013-11-23", True),  # 13 today
        ("2000-11-24", True),  # 25: 26 tomorrow
        ("2000-11-23", False),  # 26 today
    ],
)
@pytest.mark.django_db
def test_age_boundaries_are_exact_on_the_day(client, site, born, accepted):
    client.post(reverse("account_signup"), signup_answers(date_of_birth=born))
    assert User.objects.filter(email="newcomer@example.org").exists() is accepted


@pytest.mark.django_db
def test_a_leap_day_child_can_join_on_1_march_of_a_common_year(client, site):
    with time_machine.travel(dt.datetime(2025, 2, 28, 12, 0), tick=False):
        client.post(reverse("account_signup"), signup_answers(date_of_birth="2012-02-29"))
        assert not User.objects.filter(email="newcomer@example.org").exists()
    with time_machine.travel(dt.datetime(2025, 3, 1, 12, 0), tick=False):
        client.post(reverse("account_signup"), signup_answers(date_of_birth="2012-02-29"))
        assert User.objects.filter(email="newcomer@example.org").exists()


@pytest.mark.parametrize(
    ("born", "message"),
    [("2015-01-01", "you can't join just yet"), ("1990-01-01", "we can't give you an account")],
)
@pytest.mark.django_db
def test_under_13s_and_over_25s_are_refused_kindly_with_signposting(client, site, born, message):
    response = client.post(reverse("account_signup"), signup_answers(date_of_birth=born))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in html
    assert "Other places that can help" in html
    assert "116 123" in html  # a helpline from the site's signposting settings
    assert "We haven't kept anything you typed." in html
    assert User.objects.count() == User.objects.exclude(email="newcomer@example.org").count()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": "QuietOtter42"}, "display_name", "Someone is already using that name"),
        ({"display_name": "quietotter42"}, "display_name", "Someone is already using that name"),
        ({"display_name": "Admin4Life"}, "display_name", "isn't allowed here"),
        ({"display_name": "newcomer"}, "display_name", "part of your email address"),
        ({"display_name": ""}, "display_name", "This field is required"),
        (
            {"date_of_birth": "31/02/2010"},
            "date_of_birth",
            "Enter your date of birth as day/month/year",
        ),
        ({"date_of_birth": "2030-01-01"}, "date_of_birth", "Enter your real date of birth"),
        ({"region": "Atlantis"}, "region", "Select a valid choice"),
        ({"region": ""}, "region", "This field is required"),
        ({"accept_house_rules": ""}, "accept_house_rules", "agree to the house rules"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"password2": "something-else-entirely"}, "password2", "same password"),
    ],
)
@pytest.mark.django_db
def test_each_bad_answer_gets_its_own_message_and_saves_nothing(
    client, site, overrides, field, message
):
    users_before = User.objects.count()
    response = client.post(reverse("account_signup"), signup_answers(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert User.objects.count() == users_before
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_day_month_year_date_is_understood_without_a_date_picker(client, site):
    client.post(reverse("account_signup"), signup_answers(date_of_birth="01/04/2009"))
    assert User.objects.get(email="newcomer@example.org").date_of_birth == dt.date(2009, 4, 1)


@pytest.mark.django_db
def test_an_email_already_registered_gets_no_second_account_and_no_hint(client, site, participant):
    response = client.post(
        reverse("account_signup"), signup_answers(email=participant.email.upper())
    )
    # The page looks the same as for a new address, so nobody can test whether an
    # email belongs to a member; the owner is told by email instead.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=participant.email).count() == 1
    assert [message.to for message in mail.outbox] == [[participant.email]]
    assert "already" in mail.outbox[0].body
