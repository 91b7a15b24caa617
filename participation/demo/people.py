"""The demo's young people, signed up as the sign-up form does it."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from participation.models import User
from participation.regions import Region
from participation.services import accounts
from participation.services.staff import account_email_vouch

REGIONS = list(Region.values)


def participant_sign_up(
    *, email: str, password: str | None, display_name: str, date_of_birth: dt.date, region: str
) -> User:
    """A young person joining, as the sign-up form does it (the account, then its profile
    through `participant_profile_complete`), with the address confirmed at once rather
    than by the link a real sign-up is emailed."""
    user = User.objects.create_user(email=email, password=password)
    user = accounts.participant_profile_complete(
        user=user,
        display_name=display_name,
        date_of_birth=date_of_birth,
        region=region,
        accepted_house_rules=True,
    )
    account_email_vouch(user=user)
    return user


def _voters(count: int) -> list[User]:
    """Demo young people with verified emails and complete profiles (ages 13 to 25)."""
    rng = random.Random(2027)  # noqa: S311 - demo data, not security
    adjectives = (
        "Bright",
        "Calm",
        "Kind",
        "Swift",
        "Brave",
        "Gentle",
        "Sunny",
        "Bold",
        "Clever",
        "Quiet",
    )
    animals = ("Heron", "Otter", "Wren", "Badger", "Puffin", "Hare", "Robin", "Seal", "Owl", "Fox")
    today = timezone.localdate()
    voters = []
    for number in range(1, count + 1):
        email = f"young.person.{number:03d}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            age_days = rng.randint(13 * 366, 25 * 365)
            user = participant_sign_up(
                email=email,
                password=None,
                display_name=f"{adjectives[number % 10]}{animals[(number // 10) % 10]}{number:03d}",
                date_of_birth=today - dt.timedelta(days=age_days),
                region=rng.choice(REGIONS),
            )
        voters.append(user)
    return voters
