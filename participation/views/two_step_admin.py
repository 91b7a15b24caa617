"""Administrators reset a staff member's two-step log-in after a lost phone.

The screen only asks; `participation.services.two_step.staff_two_step_reset` decides
and refuses (administrators only, never their own).
"""

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from participation.models import User
from participation.services.two_step import staff_two_step_reset

USERS_LIST = "wagtailusers_users:index"


def two_step_reset(request, user_id: int):
    """GET: what resetting does, and a button. POST: reset, then back to the users."""
    if not request.user.is_superuser:
        return permission_denied(request)
    person = get_object_or_404(User, pk=user_id)
    problem = ""
    if request.method == "POST":
        try:
            staff_two_step_reset(user=person, actor=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                f"{person}'s two-step log-in is reset. They will be asked to set up a new "
                "authenticator app the next time they log in.",
            )
            return redirect(USERS_LIST)
    title = f"Reset {person}'s two-step log-in"
    return TemplateResponse(
        request,
        "participation/admin/two_step_reset.html",
        {
            "page_title": title,
            "header_title": title,
            "person": person,
            "has_app": Authenticator.objects.filter(user=person).exists(),
            "problem": problem,
        },
        status=400 if problem else 200,
    )
