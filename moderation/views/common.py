"""What the moderation admin views share: refusals and running a service."""

import functools
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from moderation import rules as moderation_rules
from moderation.models import ModerationItem


def forbidden(request, message: str = "Only moderators can see this page.") -> TemplateResponse:
    """A plain 403 page inside the admin (Wagtail's own refusal redirects to the dashboard)."""
    return TemplateResponse(
        request,
        "moderation/forbidden.html",
        {"message": message, "header_title": "Not allowed", "page_title": "Not allowed"},
        status=403,
    )


def worker_only(view):
    """Let only those who may work the queue through to `view`; a 403 page for the rest."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not moderation_rules.can_work_queue(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def item_or_404(pk: int) -> ModerationItem:
    return get_object_or_404(ModerationItem, pk=pk)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def run_service(
    request,
    action: Callable,
    *,
    success: str,
    success_url: str,
    failure_url: str,
    passes: tuple[type[Exception], ...] = (),
):
    """Call `action`; a refusal is a 403, a broken rule a message, and nothing changes.

    Exceptions in `passes` are raised on, for the caller to answer in its own way.
    """
    try:
        action()
    except passes:
        raise
    except PermissionDenied as error:
        return forbidden(request, str(error) or "You can't do that.")
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(failure_url)
    messages.success(request, success)
    return redirect(success_url)


class ModerationPage(WagtailAdminTemplateMixin, TemplateView):
    """A page under "Moderation" in the admin, open to those `allowed` lets in."""

    allowed = staticmethod(moderation_rules.can_view_queue)
    refusal = "Only moderators can see this page."

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            return forbidden(request, self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_admin:item-list"), "label": "Moderation"},
            {"url": "", "label": self.get_page_title()},
        ]
