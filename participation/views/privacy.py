"""Your data: download it, erase your account, or keep it after asking to erase it."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participation.services import privacy


def _context(request) -> dict:
    user = request.user
    return {
        "erasure_due_at": privacy.erasure_due_at(user),
        "cooling_off_days": privacy.cooling_off().days,
        "is_staff_account": privacy.is_staff_account(user),
    }


@login_required
@never_cache
def privacy_overview(request):
    return render(request, "participation/privacy/overview.html", _context(request))


@login_required
@reauthentication_required
@require_http_methods(["GET"])
def data_download(request):
    """The whole export as a JSON file. Asks for the password again first: the file
    holds an email address and a date of birth, and a shared computer may be open."""
    data = privacy.participant_data_export(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="listening-hub-my-data-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def erasure_confirm(request):
    context = _context(request)
    if context["erasure_due_at"] is not None:
        return redirect("participation:erasure-pending")
    if request.method == "POST":
        try:
            privacy.participant_erasure_request(user=request.user)
        except (PermissionDenied, ValidationError) as error:
            context["problem"] = " ".join(getattr(error, "messages", None) or [str(error)])
        else:
            logout(request)
            return redirect("participation:erasure-requested")
    response = render(request, "participation/privacy/erasure_confirm.html", context)
    if "problem" in context:
        response.status_code = 400
    return response


def erasure_requested(request):
    return render(
        request,
        "participation/privacy/erasure_requested.html",
        {"cooling_off_days": privacy.cooling_off().days},
    )


@login_required
@require_http_methods(["GET", "POST"])
def erasure_pending(request):
    if request.method == "POST":
        try:
            privacy.participant_erasure_cancel(user=request.user)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, "Good to have you back. We won't erase your account.")
        return redirect("participation:profile-detail")
    context = _context(request)
    if context["erasure_due_at"] is None:
        return redirect("participation:privacy")
    return render(request, "participation/privacy/erasure_pending.html", context)
