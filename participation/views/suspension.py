"""Senior moderators' screens in the admin: suspended participants, suspending and lifting.

Each screen only shows and asks; `participation.services.suspension` decides and
refuses. Participants are known here by display name only, never email or age.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages

from config.ids import is_id
from moderation import rules as moderation_rules
from participation.models import User
from participation.services import suspension
from participation.text import without_invisible

LIST_URL = "participation_suspensions:list"


def can_suspend(user) -> bool:
    return moderation_rules.can_decide_escalations(user)


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        label="Why?",
        max_length=suspension.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For other senior moderators. The participant is not shown this: they are "
        "told kindly that their taking part is paused and how to get in touch.",
    )


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Anything to note? (optional)",
        required=False,
        max_length=suspension.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _refused(request):
    return TemplateResponse(
        request,
        "moderation/forbidden.html",
        {
            "message": "Only senior moderators can suspend participants.",
            "header_title": "Not allowed",
            "page_title": "Not allowed",
        },
        status=403,
    )


def _render(request, template, title, context, status=200):
    return TemplateResponse(
        request, template, {"page_title": title, "header_title": title, **context}, status=status
    )


def suspension_list(request):
    """Who is suspended now, and a search by display name to suspend someone."""
    if not can_suspend(request.user):
        return _refused(request)
    query = without_invisible(request.GET.get("q") or "").strip()[:30]
    found = []
    if query:
        found = list(
            User.objects.filter(display_name__icontains=query, is_staff=False)
            .order_by("display_name")
            .only("pk", "display_name", "suspended_at")[:25]
        )
    suspended = list(
        User.objects.filter(suspended_at__isnull=False)
        .select_related("suspended_by")
        .order_by("-suspended_at")[:200]
    )
    return _render(
        request,
        "participation/admin/suspension_list.html",
        "Suspended participants",
        {"suspended": suspended, "found": found, "query": query},
    )


def participant_suspension(request, user_id: int):
    """GET: a confirm form to suspend, or to lift the suspension. POST: do it, then back
    to the list; a refusal shows the form again with the reason, and changes nothing."""
    if not can_suspend(request.user):
        return _refused(request)
    if not is_id(user_id):
        raise Http404("No such participant")
    person = get_object_or_404(User, pk=user_id)
    lifting = person.suspended_at is not None
    form = (LiftForm if lifting else SuspensionForm)(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if lifting:
                    suspension.participant_unsuspend(
                        actor=request.user, user=person, reason=form.cleaned_data["reason"]
                    )
                else:
                    suspension.participant_suspend(
                        actor=request.user, user=person, reason=form.cleaned_data["reason"]
                    )
            except PermissionDenied:
                return _refused(request)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"{person}'s suspension is lifted: they can take part again."
                    if lifting
                    else f"{person} is suspended. What they sent that was waiting is held back.",
                )
                return redirect(LIST_URL)
        status = 400
    title = f"Lift {person}'s suspension" if lifting else f"Suspend {person}"
    return _render(
        request,
        "participation/admin/suspension_form.html",
        title,
        {"person": person, "form": form, "lifting": lifting},
        status=status,
    )
