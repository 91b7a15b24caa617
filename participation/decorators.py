"""One rule for pages only participants may use, sending everyone else to the step they lack."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from participation.selectors.participants import ParticipantStatus, participant_status
from participation.services.suspension import support_url


def next_step_response(request, status: ParticipantStatus):
    """The response that moves a non-participant on: log in, verify, complete, or explain
    (an age outside 13 to 25, or taking part paused by a senior moderator)."""
    if status is ParticipantStatus.ANONYMOUS:
        return redirect_to_login(request.get_full_path())
    if status is ParticipantStatus.UNVERIFIED:
        messages.info(
            request,
            "Please verify your email address first, then you can take part. If our email "
            "hasn't arrived, we can send the link again from this page.",
        )
        return redirect("account_email")
    if status is ParticipantStatus.INCOMPLETE:
        url = reverse("participation:profile-complete")
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
    if status is ParticipantStatus.SUSPENDED:
        return render(
            request,
            "participation/participant_suspended.html",
            {"support_url": support_url()},
            status=403,
        )
    return render(request, "participation/participant_ineligible.html", status=403)


def participant_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        status = participant_status(request.user)
        if status is not ParticipantStatus.PARTICIPANT:
            return next_step_response(request, status)
        return view(request, *args, **kwargs)

    return wrapped


class ParticipantRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        status = participant_status(request.user)
        if status is not ParticipantStatus.PARTICIPANT:
            return next_step_response(request, status)
        return super().dispatch(request, *args, **kwargs)
