"""The "Was this page useful?" form at the foot of every page posts here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from wagtail.models import Page

from cms import services
from config.limits import limit

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


def _public_page(page_id: int) -> Page:
    page = Page.objects.live().public().filter(pk=page_id, depth__gt=1).first()
    if page is None:
        raise Http404("No such page")
    return page.specific


# The answer comes back beside the form the person just used (the page returns
# scrolled to it), not at the top of the page out of sight: templates/includes/
# messages.html leaves these out, and the form shows them.
SHOWN_BY_THE_FORM = "page-feedback"


# Per address (config/limits.py): the 11th answer in an hour gets the 429 page, which
# shows the comment back so it is not lost.
@require_POST
@limit("feedback")
def page_feedback(request, page_id: int):
    """Record one answer (and any comment), then go back to the page's feedback form."""
    page = _public_page(page_id)
    back = (page.get_url(request) or "/") + "#page-feedback"
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
