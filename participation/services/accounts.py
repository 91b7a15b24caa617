"""State changes for participants. Views, forms, commands and tests call these."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participation.eligibility import date_of_birth_problems
from participation.models import User
from participation.regions import Region
from participation.selectors.participants import (
    NAME_TAKEN_MESSAGE,
    display_name_problems,
    participant_profile_is_complete,
)

ALREADY_COMPLETE_MESSAGE = (
    "Your profile is already complete, so you can take part. "
    "You can change your name or region on your profile page."
)

NAME_CONSTRAINT = "participation_user_display_name_unique_ci"


def _name_taken(error: IntegrityError) -> bool:
    """Whether the database refused the save for the unique display name (SQLite names
    the column, PostgreSQL the constraint)."""
    text = str(error)
    return NAME_CONSTRAINT in text or "display_name" in text


def _save_name(user: User, fields: list[str]) -> None:
    """Save `fields`, answering a name taken in the meantime as a field error.

    The check in `display_name_problems` reads before this writes, so two people
    choosing the same name at once both pass it; the case-insensitive unique
    constraint lets one of them in, and the other hears that the name is taken.
    """
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives
            user.save(update_fields=fields)
    except IntegrityError as error:
        if not _name_taken(error):
            raise
        raise ValidationError({"display_name": [NAME_TAKEN_MESSAGE]}) from None


def participant_profile_complete(
    *,
    user: User,
    display_name: str,
    date_of_birth: dt.date,
    region: str,
    accepted_house_rules: bool,
    today: dt.date | None = None,
) -> User:
    """Record the profile that makes a verified user a participant.

    Refuses (ValidationError keyed by field) an ineligible age, a taken or blocked
    display name, an unknown region or house rules not accepted. The date of birth
    can be set only once: a later change would let anyone re-register at another age.
    A profile that is already complete is refused (ALREADY_COMPLETE_MESSAGE) and left
    as it is: changes go through `participant_profile_update`.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if user.date_of_birth and user.date_of_birth != date_of_birth:
        errors["date_of_birth"] = [
            "Your date of birth can't be changed here. Please contact us if it is wrong."
        ]
    elif problems := date_of_birth_problems(date_of_birth, today=today):
        errors["date_of_birth"] = problems
    if problems := display_name_problems(display_name, email=user.email, user=user):
        errors["display_name"] = problems
    if region not in Region.values:
        errors["region"] = ["Choose the part of the UK where you live."]
    if not accepted_house_rules:
        errors["accept_house_rules"] = ["You need to agree to the house rules to take part."]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # Lock the row so two tabs completing the profile at once cannot interleave.
        user = User.objects.select_for_update().get(pk=user.pk)
        if participant_profile_is_complete(user):
            # Another tab got there first, or a participant came back to this step.
            raise ValidationError(ALREADY_COMPLETE_MESSAGE)
        now = timezone.now()
        user.display_name = display_name.strip()
        user.date_of_birth = date_of_birth
        user.region = region
        user.house_rules_accepted_at = user.house_rules_accepted_at or now
        user.profile_completed_at = user.profile_completed_at or now
        _save_name(
            user,
            [
                "display_name",
                "date_of_birth",
                "region",
                "house_rules_accepted_at",
                "profile_completed_at",
            ],
        )
    return user


def participant_profile_update(*, user: User, display_name: str, region: str) -> User:
    """Change the display name or region of an existing profile."""
    errors: dict[str, list[str]] = {}
    if problems := display_name_problems(display_name, email=user.email, user=user):
        errors["display_name"] = problems
    if region not in Region.values:
        errors["region"] = ["Choose the part of the UK where you live."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.display_name = display_name.strip()
        user.region = region
        _save_name(user, ["display_name", "region"])
    return user


def user_display_name_set(*, user: User, display_name: str) -> User:
    """Give a staff or volunteer account the name shown beside their decisions."""
    if problems := display_name_problems(display_name, email=user.email, user=user):
        raise ValidationError({"display_name": problems})
    before, user.display_name = user.display_name, display_name.strip()
    try:
        _save_name(user, ["display_name"])
    except ValidationError:
        user.display_name = before
        raise
    return user
