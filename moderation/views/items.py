"""One item: its words with flags highlighted, its context, and the decision buttons."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from moderation import escalations, registry, selectors, services
from moderation import rules as moderation_rules
from moderation.forms import (
    ClearRiskForm,
    DecisionForm,
    EscalateForm,
    RedactForm,
    RejectForm,
    RiskEscalateForm,
)
from moderation.models import CaseStatus, ModerationItem, Status
from moderation.screening import FlagKind, highlight
from moderation.services.items import risk_escalation_reason
from moderation.views.common import error_text, forbidden, item_or_404, run_service

QUEUE_URL = "moderation_admin:item-list"
ESCALATED_ONLY_FOR_SENIORS = "Only senior moderators can see escalated items."
RISK_LIMIT_FOR_VIEWING = (
    "This item may be about a safeguarding risk, and you've read as many of those as one "
    "shift should hold. Someone else will take it. Thank you: please look after yourself."
)


def _detail_url(item: ModerationItem) -> str:
    return reverse("moderation_admin:item-detail", args=[item.pk])


def _may_view(user, item: ModerationItem) -> str:
    """Why `user` may not see `item`, or "" if they may."""
    if not moderation_rules.can_view_queue(user):
        return "Only moderators can see this page."
    if item.status == Status.ESCALATED and not moderation_rules.can_view_escalations(user):
        return ESCALATED_ONLY_FOR_SENIORS
    if (
        item.has_risk_flag
        and item.claimed_by_id != user.pk
        and moderation_rules.can_work_queue(user)
        and services.risk_items_left(user, services.current_shift(user)) == 0
    ):
        return RISK_LIMIT_FOR_VIEWING
    return ""


class FieldView:
    """One text field as the moderator sees it."""

    def __init__(self, name: str, segments, *, redacted_view: bool):
        self.name = name
        self.label = name.replace("_", " ").capitalize()
        self.segments = segments
        self.redacted_view = redacted_view


class ItemDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/item_detail.html"
    header_icon = "doc-full"
    refused_form = None  # the bound form with errors, when a decision was refused
    approval_warning = ""  # the owning app's warning, when an approval needs confirming

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.item = item_or_404(pk)
        if refusal := _may_view(request.user, self.item):
            return forbidden(request, refusal)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.item.type_label.capitalize()} waiting for a decision"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(QUEUE_URL), "label": "Moderation"},
            {"url": "", "label": f"{self.item.type_label.capitalize()} {self.item.pk}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user, now = self.item, self.request.user, timezone.now()
        obj = item.content_object
        sees_original = not item.redactions or moderation_rules.can_view_original(user)
        flags = item.flag_list
        if sees_original:
            fields = [
                FieldView(
                    name,
                    highlight(text, [f for f in flags if f.field == name]),
                    redacted_view=False,
                )
                for name, text in item.text_snapshot.items()
            ]
        else:
            fields = [
                FieldView(name, highlight(text, []), redacted_view=True)
                for name, text in item.public_text().items()
            ]
        claim_is_live = item.claim_is_live(now=now)
        claimed_by_other = claim_is_live and item.claimed_by_id != user.pk
        can_decide = (
            item.is_in_queue
            and moderation_rules.can_decide(user, item)
            and item.author_id != user.pk
        )
        decision = {"version": item.version}
        senior = moderation_rules.can_decide_escalations(user)
        # A volunteer can only escalate a risk-flagged item; the service refuses the rest.
        risk_locked = item.has_risk_flag and not senior
        other_team = bool(item.team_id and not senior and item.team_id != services.team_id_of(user))
        case = (
            item.cases.exclude(status=CaseStatus.CLOSED).first()
            if moderation_rules.can_manage_cases(user)
            else None
        )
        context.update(
            item=item,
            context=registry.describe(obj),
            object_missing=obj is None,
            fields=fields,
            flags=flags if sees_original else [],
            flag_kinds=sorted({str(f.kind) for f in flags}),
            sees_original=sees_original,
            redacted=bool(item.redactions),
            shows_guidance=item.is_safeguarding,
            guidance=selectors.screening_settings().safeguarding_guidance
            if item.is_safeguarding
            else "",
            escalation_wording=escalations.wording(item.escalation_kind)
            if item.status == Status.ESCALATED and item.escalation_kind
            else None,
            risk_locked=risk_locked,
            risk_escalate_form=self._form(
                RiskEscalateForm, initial={**decision, "reason": risk_escalation_reason(item)}
            ),
            clear_risk_form=self._form(ClearRiskForm),
            can_clear_risk=senior and item.has_risk_flag and item.author_id != user.pk,
            case=case,
            can_open_case=moderation_rules.can_manage_cases(user)
            and case is None
            and item.is_safeguarding,
            approval_warning=self.approval_warning,
            team=item.team,
            history=selectors.author_history(item),
            reports=list(selectors.open_reports(item)),
            audit_entries=list(selectors.item_audit_entries(item))
            if moderation_rules.can_view_audit_log(user)
            else [],
            can_decide=can_decide and not claimed_by_other and not other_team,
            other_team=other_team,
            claimed_by_you=claim_is_live and item.claimed_by_id == user.pk,
            claimed_by_other=claimed_by_other,
            is_own_item=item.author_id == user.pk,
            approve_form=DecisionForm(initial=decision),
            confirm_form=DecisionForm(initial={**decision, "confirmed": True}),
            reject_form=self._form(RejectForm, initial=decision),
            escalate_form=self._form(EscalateForm, initial=decision),
            redact_form=self._form(RedactForm, initial=decision, item=item),
            has_personal_flags=any(f.kind == FlagKind.PERSONAL for f in flags),
        )
        return context

    def _form(self, form_class, **kwargs):
        """The refused form, if it is one of `form_class`, else a fresh one."""
        if type(self.refused_form) is form_class:
            return self.refused_form
        return form_class(**kwargs)


def _render_with(request, item: ModerationItem, *, form=None, approval_warning: str = ""):
    """Show the item again with a form's errors (an empty or oversized note, say), or
    with the approval warning to confirm."""
    if refusal := _may_view(request.user, item):
        return forbidden(request, refusal)
    view = ItemDetailView(refused_form=form, approval_warning=approval_warning)
    view.setup(request, pk=item.pk)
    view.item = item
    return view.get(request)


def _decision_view(handler, *, success: str):
    """A POST-only view that checks the moderator, then lets `handler` answer."""

    @require_POST
    def view(request, pk: int):
        item = item_or_404(pk)
        if not moderation_rules.can_work_queue(request.user):
            return forbidden(request)
        return handler(request, item, success)

    return view


# Form fields whose service argument has another name.
_ARGUMENT_FOR = {"version": "seen_version", "span_list": "spans"}


def _service_view(service, *, success: str, form=None, fields=(), then_queue: bool = False):
    """A decision view that runs one service, `service(item=, moderator=, ...)`.

    With a `form` (a form class, or `form(request, item)` making the bound form), the
    posted form is checked first and its errors shown on the item's page; its cleaned
    `fields` are passed on to the service. Afterwards the moderator goes back to the
    queue (`then_queue`) or to the item; when the service refuses, to the item with
    the reason.
    """

    def handler(request, item: ModerationItem, success: str):
        arguments = {}
        if form is not None:
            bound = form(request.POST) if isinstance(form, type) else form(request, item)
            if not bound.is_valid():
                return _render_with(request, item, form=bound)
            arguments = {_ARGUMENT_FOR.get(name, name): bound.cleaned_data[name] for name in fields}
        return run_service(
            request,
            lambda: service(item=item, moderator=request.user, **arguments),
            success=success,
            success_url=reverse(QUEUE_URL) if then_queue else _detail_url(item),
            failure_url=_detail_url(item),
        )

    return _decision_view(handler, success=success)


def _approve(request, item, success):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please reload the page and try again.")
        return redirect(_detail_url(item))
    try:
        return run_service(
            request,
            lambda: services.item_approve(
                item=item,
                moderator=request.user,
                seen_version=form.cleaned_data["version"],
                confirmed=form.cleaned_data["confirmed"],
            ),
            success=success,
            success_url=reverse(QUEUE_URL),
            failure_url=_detail_url(item),
            passes=(services.ApprovalNeedsConfirmation,),
        )
    except services.ApprovalNeedsConfirmation as warning:
        # Nothing changed: ask, on the same page, whether it should still appear.
        return _render_with(request, item, approval_warning=error_text(warning))


def _escalate_form(request, item):
    # A volunteer on a risk-flagged item has the one-click form; give its errors back to it.
    if item.has_risk_flag and not moderation_rules.can_decide_escalations(request.user):
        return RiskEscalateForm(request.POST)
    return EscalateForm(request.POST)


def _open_case(request, item, success):
    try:
        case = services.case_open(item=item, moderator=request.user)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_detail_url(item))
    messages.success(request, success)
    return redirect("moderation_admin:case-detail", pk=case.pk)


item_approve = _decision_view(_approve, success="Approved. The author has been told.")
item_reject = _service_view(
    services.item_reject,
    form=RejectForm,
    fields=("reason", "note_to_author", "version"),
    then_queue=True,
    success="Not approved. The author has been told kindly, with the reason.",
)
item_escalate = _service_view(
    services.item_escalate,
    form=_escalate_form,
    fields=("kind", "reason", "version"),
    then_queue=True,
    success="Escalated. Senior moderators have been told. Thank you.",
)
item_redact = _service_view(
    services.item_redact,
    form=lambda request, item: RedactForm(request.POST, item=item),
    fields=("span_list", "version"),
    success="Those words will show as “[removed]”. Now decide on the rest.",
)
item_clear_risk = _service_view(
    services.item_clear_risk_flag,
    form=ClearRiskForm,
    fields=("reason",),
    success="Risk flag cleared, with your reason in the audit log.",
)
item_open_case = _decision_view(_open_case, success="Safeguarding case opened.")
item_claim = _service_view(
    services.item_claim, success="This item is yours for the next few minutes."
)
item_release = _service_view(
    services.claim_release, then_queue=True, success="Given back to the queue."
)

__all__ = [
    "ItemDetailView",
    "item_approve",
    "item_claim",
    "item_clear_risk",
    "item_escalate",
    "item_open_case",
    "item_redact",
    "item_reject",
    "item_release",
]
