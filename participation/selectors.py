"""Shared reads about participants."""

from enum import StrEnum

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from participation.eligibility import check_age
from participation.models import User


class ParticipantStatus(StrEnum):
    """Where a user stands on the way to taking part, in the order they meet the steps."""

    ANONYMOUS = "anonymous"
    UNVERIFIED = "unverified"
    INCOMPLETE = "incomplete"
    INELIGIBLE = "ineligible"
    PARTICIPANT = "participant"


def email_is_verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def profile_is_complete(user: User) -> bool:
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
    completed), as the glossary defines a participant.
    """
    if not user.is_authenticated:
        return ParticipantStatus.ANONYMOUS
    if not email_is_verified(user):
        return ParticipantStatus.UNVERIFIED
    if not profile_is_complete(user):
        return ParticipantStatus.INCOMPLETE
    registered_on = user.profile_completed_at.date()
    if not check_age(user.date_of_birth, registered_on).eligible:
        return ParticipantStatus.INELIGIBLE
    return ParticipantStatus.PARTICIPANT


def display_name_taken(name: str, *, exclude_user: User | None = None) -> bool:
    users = User.objects.filter(display_name__iexact=name.strip())
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()
