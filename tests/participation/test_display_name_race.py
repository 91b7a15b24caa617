"""Two people taking the same display name at the same moment: one gets it, the other
is told kindly that it is taken. Never a server error."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from participation import services
from participation.models import User
from participation.regions import Region
from participation.selectors.participants import display_name_taken
from tests.factories import ParticipantFactory, UserFactory

TAKEN = "Someone is already using that name"
BORN = dt.date(2008, 1, 31)


def taken_in_the_meantime(monkeypatch, name: str):
    """The name is free when checked; someone else takes it before our save."""

    def check(candidate, *, exclude_user=None):
        if (
            candidate.strip().lower() == name.lower()
            and not User.objects.filter(display_name__iexact=name).exists()
        ):
            ParticipantFactory(display_name=name)
        return False

    monkeypatch.setattr("participation.selectors.participants.display_name_taken", check)


@pytest.mark.django_db
def test_completing_a_profile_with_a_name_taken_meanwhile_is_refused_kindly(
    monkeypatch, client_for
):
    person = UserFactory(email="sam@example.org")
    taken_in_the_meantime(monkeypatch, "SteadyWren")
    response = client_for(person).post(
        "/me/complete/",
        {
            "display_name": "SteadyWren",
            "date_of_birth": "2008-01-31",
            "region": Region.NORTH_EAST,
            "accept_house_rules": "on",
        },
    )
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    person.refresh_from_db()
    assert person.profile_completed_at is None and person.display_name is None


@pytest.mark.django_db
def test_changing_to_a_name_taken_meanwhile_is_refused_and_nothing_changes(
    monkeypatch, participant
):
    taken_in_the_meantime(monkeypatch, "CalmerOtter")
    with pytest.raises(ValidationError) as refused:
        services.participant_profile_update(
            user=participant, display_name="calmerotter", region=Region.WALES
        )
    assert TAKEN in refused.value.message_dict["display_name"][0]
    participant.refresh_from_db()
    assert (participant.display_name, participant.region) == ("QuietOtter", Region.LONDON)


@pytest.mark.django_db
def test_a_staff_name_taken_meanwhile_is_refused(monkeypatch, volunteer):
    taken_in_the_meantime(monkeypatch, "NightReader")
    with pytest.raises(ValidationError, match=TAKEN):
        services.user_display_name_set(user=volunteer, display_name="NightReader")
    volunteer.refresh_from_db()
    assert volunteer.display_name == "KindReader"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_choosing_one_name_at_once_on_postgresql(monkeypatch):
    first, second = UserFactory(), UserFactory()
    both_checked = threading.Barrier(2, timeout=10)

    def check(name, *, exclude_user=None):
        free = not display_name_taken(name, exclude_user=exclude_user)
        both_checked.wait()  # both find the name free before either saves it
        return not free

    monkeypatch.setattr("participation.selectors.participants.display_name_taken", check)

    def complete(user):
        try:
            services.participant_profile_complete(
                user=user,
                display_name="SteadyWren",
                date_of_birth=BORN,
                region=Region.LONDON,
                accepted_house_rules=True,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            return error.message_dict["display_name"][0]
        finally:
            connection.close()
        return "done"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(complete, [first, second]))

    assert outcomes.count("done") == 1
    (refusal,) = [outcome for outcome in outcomes if outcome != "done"]
    assert TAKEN in refusal
    assert User.objects.filter(display_name__iexact="SteadyWren").count() == 1
