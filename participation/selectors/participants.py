"""Reads about participants: where a user stands on the way to taking part, and
whether a display name is taken."""

from enum import StrEnum

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from participation import display_names
from participation.eligibility import check_age
from participation.models import User


class ParticipantStatus(StrEnum):
    """Where a user stands on the way to taking part, in the order they meet the steps."""

    ANONYMOUS = "anonymous"
    UNVERIFIED = "unverified"
    INCOMPLETE = "incomplete"
    INELIGIBLE = "ineligible"
    PARTICIPANT = "participant"
    # A senior moderator has paused their taking part (see services/suspension.py).
    SUSPENDED = "suspended"


def participant_email_verified(user: User) -> bool:
    """Whether the account's own address is verified. Remembered on this user object
    for its address (one request's `request.user`), as every participant-only step
    asks; a later address change asks the database again."""
    known = user.__dict__.get("_email_verified")
    if known is not None and known[0] == user.email:
        return known[1]
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    user.__dict__["_email_verified"] = (user.email, verified)
    return verified


def participant_profile_is_complete(user: User) -> bool:
    return bool(
        user.display_name
        and user.date_of_birth
        and user.region
        and user.house_rules_accepted_at
        and user.profile_completed_at
    )


def participant_status(user: User | AnonymousUser) -> ParticipantStatus:
    """Whether `user` is a participant and, if not, which step they lack.

    Eligibility is judged on the age at registration (when the profile was
    completed), as the glossary defines a participant, on that day's UK date (as
    sign-up judged it: `timezone.localdate`, Europe/London), not the UTC date. A
    participant a senior moderator suspended is SUSPENDED until it is lifted.
    """
    if not user.is_authenticated:
        return ParticipantStatus.ANONYMOUS
    if not participant_email_verified(user):
        return ParticipantStatus.UNVERIFIED
    if not participant_profile_is_complete(user):
        return ParticipantStatus.INCOMPLETE
    registered_on = timezone.localdate(user.profile_completed_at)
    if not check_age(user.date_of_birth, registered_on).eligible:
        return ParticipantStatus.INELIGIBLE
    if user.suspended_at is not None:
        return ParticipantStatus.SUSPENDED
    return ParticipantStatus.PARTICIPANT


def display_name_taken(name: str, *, exclude_user: User | None = None) -> bool:
    users = User.objects.filter(display_name__iexact=name.strip())
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


NAME_TAKEN_MESSAGE = "Someone is already using that name. Please choose another."


def display_name_problems(name: str, *, email: str, user: User | None = None) -> list[str]:
    found = display_names.problems(name, email=email)
    if not found and display_name_taken(name, exclude_user=user):
        found = [NAME_TAKEN_MESSAGE]
    return found
