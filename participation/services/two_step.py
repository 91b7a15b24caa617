"""Resetting a staff member's two-step log-in when they have lost their phone.

Staff cannot turn two-step log-in off themselves (participation/adapters.py), so a lost
phone with no backup codes left needs an administrator: they remove the person's
authenticator app and backup codes, and the person sets up a new app the next time
they log in (participation/staff_mfa.py sends them there). Only administrators may,
because it undoes the protection on an account that can read young people's words.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.log_actions import log

from participation.models import User
from participation.staff_mfa import TWO_STEP_RESET


@transaction.atomic
def staff_two_step_reset(*, user: User, actor: User) -> int:
    """Remove `user`'s authenticator app and backup codes; return how many were removed.

    Refuses anyone but an active administrator, and refuses an administrator resetting
    their own (someone holding only their password could otherwise take the account).
    Writes an entry in the user's history.
    """
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied("Only an administrator can reset two-step log-in.")
    if actor.pk == user.pk:
        raise ValidationError(
            "You can't reset your own two-step log-in. Use a backup code, or ask another "
            "administrator."
        )
    # Lock the person's row so two administrators resetting at once write one entry each
    # against the same, consistent set of authenticators.
    User.objects.select_for_update().filter(pk=user.pk).first()
    authenticators = Authenticator.objects.filter(user=user)
    types = sorted(authenticators.values_list("type", flat=True))
    if not types:
        raise ValidationError(
            f"{user} doesn't have two-step log-in set up, so there's nothing to reset."
        )
    removed, _ = authenticators.delete()
    log(instance=user, action=TWO_STEP_RESET, user=actor, data={"removed": types})
    return removed
