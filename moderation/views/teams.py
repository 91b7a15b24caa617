"""Shifts, breaks, "I need to talk to someone", who is on now, and bulk decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from moderation import rules as moderation_rules
from moderation import selectors, services
from moderation.forms import BulkDecisionForm, SupportRequestForm
from moderation.services.bulk import NOT_FOR_BULK
from moderation.views.common import (
    ModerationPage,
    error_text,
    forbidden,
    run_service,
    worker_only,
)

QUEUE_URL = "moderation_admin:item-list"


def _shift_view(service, *, success: str):
    """A POST-only view for a moderator's own shift: runs `service(moderator=...)`."""

    @require_POST
    @worker_only
    def view(request):
        return run_service(
            request,
            lambda: service(moderator=request.user),
            success=success,
            success_url=reverse(QUEUE_URL),
            failure_url=reverse(QUEUE_URL),
        )

    return view


shift_start = _shift_view(
    services.shift_start, success="Your shift has started. Thank you for being here."
)
shift_end = _shift_view(
    services.shift_end, success="Your shift has ended. Thank you: take care of yourself."
)
shift_break = _shift_view(
    services.shift_take_break,
    success="Enjoy your break. Step away from the screen for a few minutes if you can.",
)


class SupportRequestView(ModerationPage):
    """A private "I need to talk to someone about what I read"."""

    template_name = "moderation/support_request.html"
    page_title = "Talk to someone"
    header_icon = "help"
    allowed = staticmethod(moderation_rules.can_work_queue)
    form = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lead = services.team_lead_of(self.request.user)
        context.update(form=self.form or SupportRequestForm(), lead=lead)
        return context

    def post(self, request, *args, **kwargs):
        form = SupportRequestForm(request.POST)
        if not form.is_valid():
            self.form = form
            return self.get(request, *args, **kwargs)
        return run_service(
            request,
            lambda: services.support_request(
                moderator=request.user, message=form.cleaned_data["message"]
            ),
            success="We've let your team lead know, privately. They'll be in touch soon. "
            "You did the right thing by asking.",
            success_url=reverse(QUEUE_URL),
            failure_url=reverse("moderation_admin:support-request"),
        )


class OnShiftView(ModerationPage):
    template_name = "moderation/on_shift.html"
    page_title = "Who is on now"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["shifts"] = list(selectors.on_shift_now(now=timezone.now()))
        return context


@require_POST
def items_bulk(request):
    """Reject or escalate the items ticked in the queue (senior moderators)."""
    if not moderation_rules.can_bulk_decide(request.user):
        return forbidden(request, NOT_FOR_BULK)
    back = request.POST.get("next_query", "")
    url = reverse(QUEUE_URL) + (f"?{back}" if back and len(back) < 500 else "")
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(url)
    data = form.cleaned_data
    try:
        if data["action"] == "reject":
            outcome = services.items_reject(
                items=data["items"],
                moderator=request.user,
                reason=data["reason"],
                note_to_author="",
            )
            done = "not approved"
        else:
            outcome = services.items_escalate(
                items=data["items"], moderator=request.user, kind=data["kind"], reason=data["note"]
            )
            done = "escalated"
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(url)
    if outcome.done:
        messages.success(
            request,
            f"{len(outcome.done)} item{'s' if len(outcome.done) != 1 else ''} {done}, each recorded in the audit log.",
        )
    for pk, why in outcome.skipped:
        messages.warning(request, f"Item {pk} was left as it was: {why}")
    return redirect(url)
