"""Choosing which emails you get, and the one-click unsubscribe link in every email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from participation.forms_notifications import NotificationPreferencesForm
from participation.services import notifications
from participation.services.notifications import (
    EMAIL_ABOUT,
    UNSUBSCRIBE_MAX_AGE,
    UnsubscribeLinkError,
)


@login_required
def notification_preferences(request):
    preferences = notifications.preferences_for(request.user)
    initial = {
        "email_decisions": preferences.email_decisions,
        "email_round_openings": preferences.email_round_openings,
        "email_campaign_updates": preferences.email_campaign_updates,
    }
    form = NotificationPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notifications.notification_preferences_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your email choices are saved.")
            return redirect("participation:notification-preferences")
    return render(request, "participation/notification_preferences.html", {"form": form})


# Mail apps send a one-click unsubscribe (RFC 8058) as a POST with no cookies and no
# CSRF token, so this view can't ask for one. Safe: it changes nothing without the
# signed token, and it only ever switches one kind of email off. A GET never
# changes anything, because mail scanners follow links.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def notification_unsubscribe(request, token: str):
    try:
        link = notifications.unsubscribe_link_read(token)
    except UnsubscribeLinkError as problem:
        return render(
            request,
            "participation/notification_unsubscribe_problem.html",
            {"reason": problem.reason, "days": UNSUBSCRIBE_MAX_AGE.days},
            status=400,
        )
    about = EMAIL_ABOUT[link.kind]
    if request.method == "POST":
        notifications.notification_email_stop(user=link.user, kind=link.kind)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            # A mail app, not a person: RFC 8058 wants the answer itself, no redirect.
            return render(
                request,
                "participation/notification_unsubscribe.html",
                {"about": about, "is_off": True},
            )
        messages.success(request, f"Done: we won't email you about {about} any more.")
        return redirect("participation:notification-unsubscribe", token=token)
    is_off = not notifications.preferences_for(link.user).wants_email(link.kind)
    return render(
        request,
        "participation/notification_unsubscribe.html",
        {"about": about, "is_off": is_off},
    )
