"""Two-step log-in for staff: everyone who can open the Wagtail admin.

Volunteers, senior moderators, the policy team and administrators can read what young
people wrote before anyone has checked it, and administrators can read their email
addresses and dates of birth. A password alone is not enough to guard that: it can be
guessed, reused from another site or seen over a shoulder. So every staff member sets
up an authenticator app (allauth's TOTP, with backup codes) before any admin page
opens, and every staff session must have passed allauth's second step.

This lives in participation because participation owns accounts: the user model,
allauth's adapters and forms. cms/roles.py says which groups open the admin; here a
staff member is anyone who does (`wagtailadmin.access_admin`, or a superuser), so a
role added later is covered without a change here.

What counts as "passed the second step" is allauth's own record of the methods used in
this session (`account_authentication_methods`): the MFA stage of the log-in writes an
"mfa" entry when the code is right, and so does allauth's reauthentication by code.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail import hooks

STAFF_PERMISSION = "wagtailadmin.access_admin"
# Where a staff member was going when they were asked to set up two-step log-in, so
# the set-up page can send them on once it is done (allauth's own pages in between
# don't carry a `next`).
DESTINATION_SESSION_KEY = "hub_staff_two_step_next"

# Pages a staff member can open before finishing two-step log-in: allauth's own (log
# in, the code, reauthentication, turning two-step log-in on, backup codes, log out)
# and files. Everything else, the public site included, waits: staff see unapproved
# and escalated words on the public pages too.
OPEN_PREFIXES = ("/accounts/",)

# The history entry on a user when an administrator resets their two-step log-in
# (participation/services/two_step.py). Registered here because this module loads with
# the middleware, before any admin page reads the history.
TWO_STEP_RESET = "participation.two_step_reset"


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action(
        TWO_STEP_RESET, "Reset two-step log-in", "Reset two-step log-in (lost phone)"
    )


def is_required() -> bool:
    """On everywhere; the switch exists only so the rule is written down in settings."""
    return getattr(settings, "HUB_STAFF_MFA_REQUIRED", True)


def is_staff_member(user) -> bool:
    """Whether `user` can open the admin, so must use two-step log-in."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm(STAFF_PERMISSION)


def has_authenticator_app(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def session_passed_second_step(request: HttpRequest) -> bool:
    """Whether this session's log-in (or a later reauthentication) included a code."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def safe_destination(request: HttpRequest, candidate: str | None, fallback: str) -> str:
    """`candidate` if it is an address on this site, else `fallback`."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def with_next(url: str, destination: str) -> str:
    return f"{url}?{urlencode({'next': destination})}"


def _is_open(path: str) -> bool:
    open_prefixes = (*OPEN_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)
    return path.startswith(open_prefixes) or path in {
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
    }


def required_step(request: HttpRequest) -> HttpResponse | None:
    """Where a staff member must go before this request, or None if they may carry on."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_required():
        return None
    if _is_open(request.path) or not is_staff_member(user):
        return None
    # A form posted without two-step log-in is not acted on; its page is asked for
    # again afterwards, so only a page someone asked for is kept as the destination.
    if request.method in ("GET", "HEAD"):
        destination = request.get_full_path()
    else:
        destination = reverse("wagtailadmin_home")
    if not has_authenticator_app(user):
        return HttpResponseRedirect(with_next(reverse("staff-two-step"), destination))
    if not session_passed_second_step(request):
        return HttpResponseRedirect(with_next(reverse("mfa_reauthenticate"), destination))
    return None


def StaffTwoStepMiddleware(get_response):
    """Keep staff out of every page until their session has passed two-step log-in.

    Goes right after allauth's AccountMiddleware, so `request.user` and the session
    are there and allauth's request context is set.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        return required_step(request) or get_response(request)

    return middleware


@receiver(post_save, sender=Authenticator, dispatch_uid="hub-staff-totp-activated")
def _record_the_code_typed_to_activate(sender, instance, created, **kwargs):
    """Turning on an authenticator app means typing a code from it: that is the
    second step, so a staff member who has just set it up is not asked again at once.

    allauth's own `authenticator_added` signal waits for the transaction to commit,
    after the session may already have been saved; the row being written is the
    moment the code was accepted, in the person's own request.
    """
    request = allauth_context.request
    if not created or instance.type != Authenticator.Type.TOTP or request is None:
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk != instance.user_id:
        return
    record_authentication(request, user, "mfa", id=instance.pk, type=instance.type)
