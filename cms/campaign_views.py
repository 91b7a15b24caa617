"""Views behind a campaign page's routes: follow and stop following. Each is a POST
that calls one service and goes back to the page, so a refresh sends nothing again.

A GET (for example the address someone is sent back to after logging in) just
returns to the page: following is always a button the person presses themselves.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from cms import routing, services
from participation.decorators import participant_required


@routing.page_view("campaign-follow")
@participant_required
def follow(request, page):
    if request.method == "POST":
        try:
            services.campaign_follow(participant=request.user, campaign=page)
        except (PermissionDenied, ValidationError) as error:
            messages.info(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                "You're following this campaign. We'll tell you in your messages when there's news.",
            )
    return redirect(page.url)


@routing.page_view("campaign-unfollow")
def unfollow(request, page):
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(page.url)
        if services.campaign_unfollow(participant=request.user, campaign=page):
            messages.success(request, "You've stopped following this campaign.")
    return redirect(page.url)
