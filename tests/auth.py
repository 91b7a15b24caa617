"""Signing people up and logging them in for tests, the way allauth's forms do.

Staff must have two-step log-in on, and their session must have passed it, before any
page opens for them (participation/staff_mfa.py). `log_in` gives a test client the
session allauth's log-in form would: logged in, with the password and (for anyone
with an authenticator app) the code recorded as this session's methods.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.test import Client, RequestFactory

from participation.regions import Region
from participation.staff_mfa import is_staff_member


def signup_answers(email: str = "newcomer@example.org", **overrides) -> dict:
    """What a young person types into the sign-up form, with `overrides` changed."""
    answers = {
        "email": email,
        "password1": "correct-horse-battery-9",
        "password2": "correct-horse-battery-9",
        "display_name": "HopefulFox",
        "date_of_birth": "2009-04-01",
        "region": Region.WALES,
        "accept_house_rules": "on",
    }
    return {**answers, **overrides}


def authenticator_app(user) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def turn_on_two_step(user, secret: str | None = None) -> Authenticator:
    """Give `user` an authenticator app and backup codes, as allauth's set-up does."""
    if existing := authenticator_app(user):
        return existing
    authenticator = TOTP.activate(user, secret or generate_totp_secret()).instance
    RecoveryCodes.activate(user)
    return authenticator


def secret_of(user) -> str:
    return decrypt(authenticator_app(user).data["secret"])


def code_for(secret: str, at: float | None = None) -> str:
    """The six digits an authenticator app shows for `secret` now (or at `at`)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def current_code(user) -> str:
    return code_for(secret_of(user))


def recovery_codes(user) -> list[str]:
    instance = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(instance).get_unused_codes()


def log_in(client: Client, user, *, second_step: bool = True) -> Client:
    """Log `user` in on `client` as allauth's log-in form does.

    The session records the password and, when `user` has an authenticator app and
    `second_step` is left on, the code, exactly as allauth writes them
    (`account_authentication_methods`). A staff member without an app is logged in
    with the password alone: the admin sends them to set one up.
    """
    client.force_login(user)
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    request.user = user
    record_authentication(request, user, method="password", email=user.email)
    if second_step and (authenticator := authenticator_app(user)):
        record_authentication(request, user, method="mfa", id=authenticator.pk, type="totp")
    session.save()
    return client


def client_for(user) -> Client:
    """A client logged in as `user`. Staff have set up two-step log-in (as they must
    before their first admin page) and typed their code."""
    if is_staff_member(type(user).objects.get(pk=user.pk)):
        turn_on_two_step(user)
    return log_in(Client(), user)
