"""Every rate limit on the site, in one place: named, with what it protects and why.

Views take a limit by name (`@limit("nominate")`); allauth's limits (sign-up, log-in,
password reset, two-step codes, email and password changes) are built from the same
table into ACCOUNT_RATE_LIMITS in settings; the open-data API reads API_RATE_LIMIT,
set from here too. docs/accounts.md has the table for people.

The limits live here, under config/, rather than in one of the apps: every app uses
them, and moderation may import no other app of the project.

Counts are kept in the shared cache (settings.RATELIMIT_USE_CACHE), so every worker
sees the same count. A deployment may change a limit without a code change:
HUB_RATE_LIMITS = {"search": "120/m"} in settings replaces the rate of that name.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


@dataclass(frozen=True)
class Limit:
    """One limit: `rate` is "count/period" (django-ratelimit's form: "10/h", "30/m")."""

    name: str
    rate: str
    key: str  # "user" (per account) or "ip" (per client address)
    path: str  # where it applies, for the docs
    doing: str  # what the person was doing, for the 429 page: "sending nominations"
    why: str  # for the docs

    def current_rate(self) -> str:
        return getattr(settings, "HUB_RATE_LIMITS", {}).get(self.name, self.rate)

    def in_words(self) -> str:
        return rate_in_words(self.current_rate())


def rate_in_words(rate: str) -> str:
    """Rates for people: "10/h" is "10 an hour", "5/5m" is "5 every 5 minutes"."""
    count, _, period = rate.partition("/")
    times, unit = period[:-1], UNITS.get(period[-1:], period)
    if times in ("", "1"):
        return f"{count} an {unit}" if unit == "hour" else f"{count} a {unit}"
    return f"{count} every {times} {unit}s"


# --- Our own views (django-ratelimit) ----------------------------------------------

LIMITS = {
    limit.name: limit
    for limit in (
        Limit(
            "nominate",
            "10/h",
            "user",
            "a vote's nominate page",
            "sending nominations",
            "Each nomination waits for a volunteer to read it; a flood would bury everyone else's.",
        ),
        Limit(
            "statement",
            "20/h",
            "user",
            "a nomination's “why this matters to me” form",
            "sending statements",
            "Statements are pre-moderated too: the same reason as nominations.",
        ),
        Limit(
            "support",
            "30/m",
            "user",
            "a nomination's “I support this” button",
            "supporting nominations",
            "Generous for people, tight for scripts that click every button.",
        ),
        Limit(
            "ballot",
            "30/m",
            "user",
            "a round's ballot page and /rounds/<id>/ballot/ (one count for both)",
            "changing your vote",
            "A ballot can be changed until the round closes; a script changing it "
            "thousands of times would only load the database.",
        ),
        Limit(
            "report",
            "10/h",
            "user",
            "/moderation/report/…",
            "reporting things",
            "Reports go to volunteers; a flood of them could be used to bury or silence someone.",
        ),
        Limit(
            "feedback",
            "10/h",
            "ip",
            "/feedback/<page id>/ (“Was this page useful?”)",
            "sending feedback",
            "Anyone may answer without an account, so the count is per address.",
        ),
        Limit(
            "search",
            "60/m",
            "ip",
            "/search/",
            "searching",
            "Every search reads the index; a script could slow the site for everyone.",
        ),
        Limit(
            "api",
            "120/m",
            "ip",
            "/api/v1/ (JSON answer)",
            "using the open-data API",
            "Open to any site's scripts without an account.",
        ),
    )
}


class LimitReached(Ratelimited):
    """Raised when a limit is reached; django-ratelimit's middleware hands it to
    settings.RATELIMIT_VIEW (cms.views.rate_limited), which draws the 429 page."""

    def __init__(self, limit: Limit, retry_after: int):
        super().__init__(f"The {limit.name} limit ({limit.current_rate()}) was reached")
        self.limit = limit
        self.retry_after = retry_after


def limit(name: str, *, methods: tuple[str, ...] = ("POST",)):
    """Count each request of `methods` against the limit called `name`; the one over
    it is answered with the friendly 429 page and the view is never called, so
    nothing is saved. Other methods (showing the form) are not counted."""
    chosen = LIMITS[name]  # a typo fails at import, not on the first request

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                usage = _usage(request, chosen)
                if usage is not None and usage["should_limit"]:
                    raise LimitReached(chosen, max(1, usage["time_left"]))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _usage(request, chosen: Limit) -> dict | None:
    options = {"group": f"hub-{chosen.name}", "rate": chosen.current_rate(), "increment": True}
    try:
        return get_usage(request, key="user_or_ip" if chosen.key == "user" else "ip", **options)
    except (ImproperlyConfigured, KeyError, ValueError):
        # No address to read (a unix socket without the header): such requests share
        # one count rather than failing.
        return get_usage(request, key=lambda group, request: "no-address", **options)


# The report form's limit, named in settings (MODERATION_REPORT_RATE_LIMIT) because
# moderation imports nothing of the project's.
report_limit = limit("report")


# --- allauth's own limits ------------------------------------------------------------
# allauth's form: "count/period/per", several separated by commas. "key" is what the
# person typed (the email address): a lockout of that account, from any address.

ACCOUNT_LIMITS = {
    # Whole classes sign up together from one school network: generous per address.
    "signup": "20/m/ip",
    # Each try to log in (right or wrong), per address.
    "login": "30/m/ip",
    # The lockout: 5 wrong passwords for one account in 5 minutes lock that account
    # for the rest of the 5 minutes, from anywhere; 10 wrong tries a minute from one
    # address lock that address. Two-step codes (/accounts/2fa/authenticate/ and
    # recovery codes) count against the same limit, per account.
    "login_failed": "10/m/ip,5/5m/key",
    "reauthenticate": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
# Two-step log-in with a passkey has no password to guess per account.
MFA_LIMITS = {"webauthn_login": "10/m/ip"}

ACCOUNT_LIMIT_NOTES = {
    "signup": ("/accounts/signup/", "Stops scripts making accounts in bulk."),
    "login": ("/accounts/login/ (and /admin/login/, sent there)", "Slows password guessing."),
    "login_failed": (
        "/accounts/login/, /accounts/2fa/authenticate/, /accounts/reauthenticate/",
        "Locks an account after repeated wrong passwords or codes.",
    ),
    "reauthenticate": ("/accounts/reauthenticate/", "Asking for the password again."),
    "reset_password": (
        "/accounts/password/reset/",
        "Stops someone filling a person's inbox with reset emails.",
    ),
    "reset_password_from_key": (
        "/accounts/password/reset/key/…",
        "Stops guessing of reset links.",
    ),
    "change_password": ("/accounts/password/change/", "Slows guessing the current password."),
    "manage_email": ("/accounts/email/", "Adding, removing or changing addresses."),
    "confirm_email": ("verification emails", "One email every 3 minutes per address."),
    "request_login_code": ("log-in codes by email", "Not offered here; limited all the same."),
}


# --- The client's address ----------------------------------------------------------


def client_ip(request) -> str:
    """The address a request came from: REMOTE_ADDR, or, behind a load balancer, the
    header named by settings.HUB_CLIENT_IP_HEADER (e.g. "X-Real-IP"), which the load
    balancer must set itself, overwriting what the client sent. When the header holds
    a list (X-Forwarded-For), the last entry is the one the load balancer added.

    django-ratelimit reads it (RATELIMIT_IP_META_KEY), and so do the duplicate-account
    signals; allauth reads the same header (ALLAUTH_TRUSTED_CLIENT_IP_HEADER)."""
    header = getattr(settings, "HUB_CLIENT_IP_HEADER", "")
    if header:
        raw = request.headers.get(header, "")
        raw = raw.split(",")[-1].strip()
    else:
        raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        raise ImproperlyConfigured(
            f"No client address in {header or 'REMOTE_ADDR'}: check HUB_CLIENT_IP_HEADER "
            "(docs/deploy.md)."
        ) from None
