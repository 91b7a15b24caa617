"""Duplicate-account signals are noted when someone signs up or logs in (allauth's
signals, connected in ParticipationConfig.ready). Noting them never stands in the way
of signing in: a failure is logged and the person carries on."""

from __future__ import annotations

import logging

from allauth.account.signals import user_logged_in, user_signed_up
from django.conf import settings

from config.limits import client_ip
from participation.services import signals

logger = logging.getLogger(__name__)


def _address(request) -> str | None:
    try:
        return client_ip(request)
    except Exception:  # no usable address (a unix socket, a misconfigured header)
        return None


def _device_token(request) -> str | None:
    # A log-in right after sign-up in the same request uses the token chosen then.
    token = getattr(request, "hub_device_token", None) or request.COOKIES.get(signals.DEVICE_COOKIE)
    return token if signals.is_device_token(token) else None


def set_device_cookie(response, token: str) -> None:
    """First-party, HttpOnly, SameSite=Lax, and Secure wherever the session cookie is."""
    response.set_cookie(
        signals.DEVICE_COOKIE,
        token,
        max_age=signals.DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _record(request, user, token: str | None) -> None:
    try:
        signals.account_signals_record(user=user, device_token=token, address=_address(request))
    except Exception:
        logger.exception("Could not note the duplicate-account signals of account %s", user.pk)


def on_signed_up(sender, request, user, **kwargs) -> None:
    if request is not None:
        _record(request, user, _device_token(request))


def on_logged_in(sender, request, user, response=None, **kwargs) -> None:
    if request is None:
        return
    token = _device_token(request)
    if token is None and response is not None and signals.is_recorded(user):
        token = request.hub_device_token = signals.new_device_token()
        set_device_cookie(response, token)
    _record(request, user, token)


def connect() -> None:
    user_signed_up.connect(on_signed_up, dispatch_uid="participation.signals.signed_up")
    user_logged_in.connect(on_logged_in, dispatch_uid="participation.signals.logged_in")
