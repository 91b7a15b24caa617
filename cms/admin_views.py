"""The policy team's campaign screens in the Wagtail admin."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cms import services
from participation.models import Nomination


@require_POST
def campaign_promote(request, nomination_id: int):
    """Start a draft campaign from a winning nomination, then open it in the editor."""
    nomination = get_object_or_404(Nomination, pk=nomination_id)
    try:
        page = services.campaign_promote(nomination=nomination, user=request.user)
    except services.CampaignAlreadyStarted as started:
        messages.info(request, f"“{nomination.title}” already has a campaign: here it is.")
        return redirect("wagtailadmin_pages:edit", started.campaign.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("participation_admin:vote-list"))
    messages.success(
        request,
        f"A draft campaign “{page.title}” has started from the winning nomination. Put the "
        "summary in the charity's words, say what we will do, then submit it for sign-off.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


# Included under /admin/campaigns/ with the namespace "cms_admin" (cms/wagtail_hooks.py).
urlpatterns = [
    path("promote/<id:nomination_id>/", campaign_promote, name="campaign-promote"),
]
