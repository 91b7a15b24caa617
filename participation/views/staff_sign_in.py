"""Staff sign in where everyone does: allauth's log-in, with its two-step stage and its
lockout after repeated wrong passwords. See participation/staff_mfa.py for the rule."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from participation import staff_mfa


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's own log-in page takes a password alone. Send everyone to allauth's,
    keeping where they were going if it is on this site. A posted password is never
    read here."""
    destination = staff_mfa.safe_destination(
        request, request.GET.get("next"), reverse("wagtailadmin_home")
    )
    return HttpResponseRedirect(staff_mfa.with_next(reverse("account_login"), destination))


@never_cache
def two_step_required(request: HttpRequest) -> HttpResponse:
    """Why staff need two-step log-in, and the way to turn it on.

    Also where allauth's pages send a staff member back to once it is on (the backup
    codes page links here): they carry on to where they were going.
    """
    if not request.user.is_authenticated:
        return HttpResponseRedirect(
            staff_mfa.with_next(reverse("account_login"), request.get_full_path())
        )
    if not staff_mfa.is_staff_member(request.user):
        # Participants choose for themselves (My account → Two-step log-in).
        return HttpResponseRedirect(reverse("participation:profile-detail"))
    destination = staff_mfa.safe_destination(
        request,
        request.GET.get("next") or request.session.get(staff_mfa.DESTINATION_SESSION_KEY),
        reverse("wagtailadmin_home"),
    )
    if staff_mfa.has_authenticator_app(request.user):
        if not staff_mfa.session_passed_second_step(request):
            return HttpResponseRedirect(
                staff_mfa.with_next(reverse("mfa_reauthenticate"), destination)
            )
        request.session.pop(staff_mfa.DESTINATION_SESSION_KEY, None)
        return HttpResponseRedirect(destination)
    request.session[staff_mfa.DESTINATION_SESSION_KEY] = destination
    return render(request, "mfa/staff_two_step_required.html", {"destination": destination})
