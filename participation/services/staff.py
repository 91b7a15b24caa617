"""Adding a member of staff: a volunteer or senior moderator, the policy team, an administrator.

Staff do not sign up like young people: an administrator adds them, as Wagtail's
"Add user" screen does, and vouches for their email address (it is the one they were
invited with), so it is verified at once. Each addition writes the "Created" entry
in the account's history, with the role it was given.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.log_actions import log

from participation.models import User

ADMINISTRATOR = "Administrator"  # not a group: administrators are superusers
CREATE_ACTION = "wagtail.create"  # the entry Wagtail's own "Add user" writes


def account_email_vouch(*, user: User) -> EmailAddress:
    """Mark the account's own address verified and primary without a confirmation
    email, as the confirmation link would: for staff an administrator invited, and for
    the demo's accounts (`manage.py demo_data`), whose addresses receive nothing."""
    address = EmailAddress.objects.add_email(None, user, user.email)
    address.set_verified(commit=False)
    address.primary = True
    address.save()
    return address


@transaction.atomic
def staff_member_create(
    *, email: str, password: str | None, role: str, actor: User | None = None
) -> User:
    """Add a staff account with `role`: one of the roles' group names, or ADMINISTRATOR.

    `actor` is the administrator adding them; None only for management commands run by
    whoever runs the site. Refuses an address already in use and an unknown role.
    """
    if actor is not None and not (actor.is_active and actor.is_superuser):
        raise PermissionDenied("Only an administrator can add staff.")
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Someone already has an account with this email address."})
    if role == ADMINISTRATOR:
        user = User.objects.create_superuser(email=email, password=password)
    else:
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise ValidationError({"role": f"There is no role called {role!r}."})
        user = User.objects.create_user(email=email, password=password)
        user.groups.add(group)
    account_email_vouch(user=user)
    log(instance=user, action=CREATE_ACTION, user=actor, data={"role": role})
    return user
