"""The "Was this page useful?" form at the foot of every page posts here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from wagtail.models import Page

from cms import services

# Ids in addresses are range-checked before any query: the database refuses larger ones.
MAX_ID = 2**63 - 1
# Per address, counted in the shared cache so every worker sees the same count.
FEEDBACK_LIMIT = "10/h"
ANSWERS = {"yes": True, "no": False}

THANKS = "Thank you for your feedback."
THANKS_COMMENT = (
    "Thank you for your feedback. A moderator will read your comment; it is only "
    "shared with the charity's staff, never shown on the site."
)
SUPPORT = (
    " Some of what you wrote sounded like things might be hard for you right now. "
    "You don't have to go through it alone: the helplines at the bottom of this page "
    "are free and confidential."
)
TOO_MANY = (
    "Thank you, we've had a lot of feedback from you recently. "
    "Please try again in an hour. Nothing new was saved."
)


def _public_page(page_id: int) -> Page:
    if not 0 < page_id <= MAX_ID:
        raise Http404("No such page")
    page = Page.objects.live().public().filter(pk=page_id, depth__gt=1).first()
    if page is None:
        raise Http404("No such page")
    return page.specific


# The answer comes back beside the form the person just used (the page returns
# scrolled to it), not at the top of the page out of sight: templates/includes/
# messages.html leaves these out, and the form shows them.
SHOWN_BY_THE_FORM = "page-feedback"


@require_POST
@ratelimit(key="ip", rate=FEEDBACK_LIMIT, method="POST", block=False)
def page_feedback(request, page_id: int):
    """Record one answer (and any comment), then go back to the page's feedback form."""
    page = _public_page(page_id)
    back = (page.get_url(request) or "/") + "#page-feedback"
    if getattr(request, "limited", False):
        messages.warning(request, TOO_MANY, extra_tags=SHOWN_BY_THE_FORM)
        return redirect(back)
    try:
        _feedback, item = services.feedback_submit(
            page=page,
            useful=ANSWERS.get(request.POST.get("useful", "")),
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), extra_tags=SHOWN_BY_THE_FORM)
        return redirect(back)
    if item is None:
        messages.success(request, THANKS, extra_tags=SHOWN_BY_THE_FORM)
    else:
        messages.success(
            request,
            THANKS_COMMENT + (SUPPORT if item.shows_support else ""),
            extra_tags=SHOWN_BY_THE_FORM,
        )
    return redirect(back)
