from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from participation import services
from participation.decorators import participant_required
from participation.display_names import suggestion
from participation.forms import ProfileCompleteForm, ProfileUpdateForm
from participation.selectors.history import participant_history
from participation.selectors.participants import ParticipantStatus, participant_status


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def profile_detail(request):
    return render(
        request,
        "participation/profile_detail.html",
        {
            "status": participant_status(request.user),
            # By name, not the enum class itself: templates call anything callable, and
            # calling the class fails silently, so every `statuses.X` would be empty.
            "statuses": {status.name: status for status in ParticipantStatus},
        },
    )


@login_required
def profile_complete(request):
    user = request.user
    if participant_status(user) in (ParticipantStatus.PARTICIPANT, ParticipantStatus.SUSPENDED):
        # Nothing left to complete (a suspended person's profile is complete too).
        return redirect(_safe_next(request, "participation:profile-detail"))
    form = ProfileCompleteForm(
        request.POST or None, user=user, initial={"display_name": user.display_name or ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_profile_complete(user=user, **form.profile_answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thanks, your profile is complete. You can take part now.")
            return redirect(_safe_next(request, "participation:profile-detail"))
    return render(
        request,
        "participation/profile_complete.html",
        {"form": form, "next": _safe_next(request, ""), "name_suggestion": suggestion()},
    )


@login_required
def profile_update(request):
    user = request.user
    form = ProfileUpdateForm(
        request.POST or None,
        user=user,
        initial={"display_name": user.display_name, "region": user.region},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                region=form.cleaned_data["region"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("participation:profile-detail")
    return render(request, "participation/profile_update.html", {"form": form})


@participant_required
def my_participation(request):
    return render(request, "participation/my_participation.html", participant_history(request.user))
