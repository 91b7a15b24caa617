import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from participation import services
from participation.models import User
from participation.regions import Region
from participation.selectors.participants import ParticipantStatus, participant_status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_made():
    """A verified account with no profile, as an administrator might create one."""
    return UserFactory(email="jordan.lee@example.org")


def complete(client, **overrides):
    data = {
        "display_name": "SteadyWren",
        "date_of_birth": "2008-01-31",
        "region": Region.NORTH_EAST,
        "accept_house_rules": "on",
    }
    data.update(overrides)
    return client.post("/me/complete/?next=/me/", data)


def test_finishing_the_profile_makes_a_participant(client_for, staff_made):
    response = complete(client_for(staff_made))
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert participant_status(User.objects.get(pk=staff_made.pk)) is ParticipantStatus.PARTICIPANT


def test_an_offsite_next_address_is_ignored(client_for, staff_made):
    client = client_for(staff_made)
    response = client.post(
        "/me/complete/?next=https://evil.example/",
        {
            "display_name": "SteadyWren",
            "date_of_birth": "2008-01-31",
            "region": Region.NORTH_EAST,
            "accept_house_rules": "on",
        },
    )
    assert response["Location"] == "/me/"


def test_an_ineligible_age_is_refused_with_signposting_and_nothing_saved(client_for, staff_made):
    response = complete(client_for(staff_made), date_of_birth="1980-05-05")
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "we can't give you an account" in html
    assert "Other places that can help" in html
    staff_made.refresh_from_db()
    assert (staff_made.date_of_birth, staff_made.display_name) == (None, None)


def test_the_profile_page_never_shows_a_suggested_name_from_the_email(client_for, staff_made):
    html = client_for(staff_made).get("/me/complete/").content.decode()
    assert "jordan" not in html.split("Need an idea for a name?")[1].split("</p>")[0].lower()


def test_a_participant_can_change_display_name_and_region(client_for, participant):
    response = client_for(participant).post(
        "/me/edit/", {"display_name": "CalmerOtter", "region": Region.WALES}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.display_name, participant.region) == ("CalmerOtter", Region.WALES)


def test_a_taken_name_is_refused_on_edit_and_nothing_changes(
    client_for, participant, other_participant
):
    response = client_for(participant).post(
        "/me/edit/", {"display_name": "BRAVEHERON", "region": Region.WALES}
    )
    assert "Someone is already using that name" in response.content.decode()
    participant.refresh_from_db()
    assert (participant.display_name, participant.region) == ("QuietOtter", Region.LONDON)


def test_the_date_of_birth_cannot_be_changed_once_given(participant):
    with pytest.raises(ValidationError) as refused:
        services.participant_profile_complete(
            user=participant,
            display_name="QuietOtter",
            date_of_birth=dt.date(2001, 1, 1),
            region=Region.LONDON,
            accepted_house_rules=True,
        )
    assert "can't be changed" in str(refused.value)


def test_a_profile_already_complete_is_refused_and_left_as_it_is(participant):
    before = User.objects.values().get(pk=participant.pk)
    with pytest.raises(ValidationError) as refused:
        services.participant_profile_complete(
            user=participant,
            display_name="SomeoneNew",
            date_of_birth=participant.date_of_birth,
            region=Region.WALES,
            accepted_house_rules=True,
        )
    assert refused.value.messages == [
        "Your profile is already complete, so you can take part. "
        "You can change your name or region on your profile page."
    ]
    assert User.objects.values().get(pk=participant.pk) == before


def test_eligibility_is_judged_at_registration_not_today():
    with time_machine.travel(dt.datetime(2020, 6, 1, 12, 0), tick=False):
        user = UserFactory(email="grown-up@example.org")
        services.participant_profile_complete(
            user=user,
            display_name="OnceYoung",
            date_of_birth=dt.date(1996, 1, 1),
            region=Region.LONDON,
            accepted_house_rules=True,
        )
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, 0), tick=False):
        assert participant_status(User.objects.get(pk=user.pk)) is ParticipantStatus.PARTICIPANT


def test_the_account_page_shows_the_pseudonym_and_never_the_date_of_birth(client_for, participant):
    html = client_for(participant).get("/me/").content.decode()
    assert "QuietOtter" in html
    assert participant.date_of_birth.isoformat() not in html
    assert participant.date_of_birth.strftime("%d/%m/%Y") not in html


def test_a_user_is_named_by_their_pseudonym_never_their_email(participant):
    assert str(participant) == "QuietOtter"
    assert participant.get_full_name() == "QuietOtter"
