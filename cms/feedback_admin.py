"""The page feedback report in the Wagtail admin, for the policy team and administrators."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from wagtail.models import Page

from cms import selectors
from config.ids import is_id

PERMISSION = "cms.view_page_feedback"


def _chosen_page(request) -> Page | None:
    """The page picked in the filter; anything else (missing, not a number, out of
    range, no such page) means all pages."""
    raw = request.GET.get("page_id", "")
    if not is_id(raw):
        return None
    return Page.objects.filter(pk=int(raw)).first()


def feedback_report(request):
    """Usefulness by page and by month, and the comments moderators approved."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only the policy team and administrators can see page feedback.")
    chosen = _chosen_page(request)
    page_id = chosen.pk if chosen else None
    by_page = selectors.feedback_by_page()
    context = {
        "by_page": by_page,
        "chosen": chosen,
        "by_month": selectors.feedback_by_month(now=timezone.now(), page_id=page_id),
        "comments": selectors.approved_feedback_comments(page_id=page_id),
    }
    return TemplateResponse(request, "cms/admin/page_feedback_report.html", context)


# Included under /admin/feedback/ with the namespace "cms_feedback" (cms/wagtail_hooks.py).
urlpatterns = [path("", feedback_report, name="report")]
