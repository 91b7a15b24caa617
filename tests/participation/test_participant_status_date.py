"""Age is judged on the UK date everywhere: sign-up and participant_status agree."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from allauth.account.models import EmailAddress

from participation.regions import Region
from participation.selectors.participants import ParticipantStatus, participant_status
from participation.services import participant_profile_complete
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_completing_a_profile_at_half_past_midnight_bst_on_a_13th_birthday():
    # 00:30 on 14 June 2026 in London (BST) is still 13 June in UTC.
    at = dt.datetime(2026, 6, 14, 0, 30, tzinfo=LONDON)
    user = UserFactory()
    assert EmailAddress.objects.filter(user=user, verified=True).exists()
    with time_machine.travel(at, tick=False):
        user = participant_profile_complete(
            user=user,
            display_name="BirthdayOwl",
            date_of_birth=dt.date(2013, 6, 14),
            region=Region.LONDON,
            accepted_house_rules=True,
        )
    assert user.profile_completed_at.astimezone(dt.UTC).date() == dt.date(2026, 6, 13)
    # Accepted at sign-up, and a participant ever after (not "ineligible for good").
    assert participant_status(user) is ParticipantStatus.PARTICIPANT


def test_the_day_before_the_13th_birthday_is_still_too_young():
    at = dt.datetime(2026, 6, 13, 23, 30, tzinfo=LONDON)
    user = UserFactory()
    user.display_name, user.region = "NearlyOwl", Region.LONDON
    user.date_of_birth = dt.date(2013, 6, 14)
    user.house_rules_accepted_at = user.profile_completed_at = at
    user.save()
    assert participant_status(user) is ParticipantStatus.INELIGIBLE
