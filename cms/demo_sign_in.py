"""Two-step log-in for the demo's staff accounts (development only).

Staff must have two-step log-in on before the admin opens (participation/staff_mfa.py),
so `manage.py demo_data` gives each demo staff account an authenticator app with the
one secret below, published in README.md like the demo password. Add it to an
authenticator app ("enter a setup key"), or run `manage.py demo_code` for the code now.
Never use it for a real account: anyone who reads the README can make its codes.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

DEMO_TOTP_SECRET = "LISTENINGHUBDEMOSTAFFTWOSTEPCODE"  # noqa: S105 (published, demo only)

# The demo's staff accounts (cms/management/commands/demo_data.py makes them).
DEMO_STAFF_EMAILS = (
    "volunteer@example.com",
    "senior.moderator@example.com",
    "policy@example.com",
    "admin@example.com",
)


def demo_authenticator_ensure(user) -> bool:
    """Give a demo staff account the demo authenticator app and backup codes, unless
    it has an app already (someone may have set up their own). True if it was added."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return False
    TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return True


def uses_demo_secret(user) -> bool:
    """Whether `user` is a demo account: a demo email whose app uses the demo secret."""
    if user.email not in DEMO_STAFF_EMAILS:
        return False
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return authenticator is not None and decrypt(authenticator.data["secret"]) == DEMO_TOTP_SECRET


def demo_code(at: float | None = None) -> tuple[str, int]:
    """The demo app's code now, and how many seconds it has left."""
    now = time.time() if at is None else at
    period = mfa_settings.TOTP_PERIOD
    counter = int(now) // period
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)), period - int(now) % period
