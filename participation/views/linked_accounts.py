"""Senior moderators' screen in the admin: accounts that may belong to one person.

Shows groups of accounts that shared a device or a network (services/signals.py),
by display name only, never email or date of birth, with a link to suspend each and
a button to dismiss the group. The screen only shows and asks; the service decides.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from moderation import rules as moderation_rules
from participation.services import signals

LIST_URL = "participation_linked_accounts:list"
TITLE = "Linked accounts"


def can_see(user) -> bool:
    return moderation_rules.can_decide_escalations(user)


def _refused(request):
    return TemplateResponse(
        request,
        "moderation/forbidden.html",
        {"message": signals.NOT_SENIOR, "header_title": "Not allowed", "page_title": "Not allowed"},
        status=403,
    )


def _suspend_url(user_id: int) -> str:
    """The suspension screen for an account, while that screen exists."""
    try:
        return reverse("participation_suspensions:participant", args=[user_id])
    except NoReverseMatch:
        return ""


def linked_account_list(request):
    try:
        groups = signals.linked_account_groups(viewer=request.user)
    except PermissionDenied:
        return _refused(request)
    rows = [
        (group, [(account, _suspend_url(account.user.pk)) for account in group.accounts])
        for group in groups
    ]
    return TemplateResponse(
        request,
        "participation/admin/linked_accounts.html",
        {
            "page_title": TITLE,
            "header_title": TITLE,
            "rows": rows,
            "window_days": signals.window_days(),
            "per_network": signals.accounts_per_network(),
        },
    )


@require_POST
def linked_accounts_dismiss(request):
    try:
        signals.linked_accounts_dismiss(
            moderator=request.user,
            kind=request.POST.get("kind", "")[:16],
            digest=request.POST.get("digest", "")[:64],
        )
    except PermissionDenied:
        return _refused(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Dismissed. These accounts won't be shown again unless another joins them."
        )
    return redirect(LIST_URL)
