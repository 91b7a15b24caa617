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
    forms: dict | None = None  # bound forms with errors, when a decision was refused

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
        forms = self.forms or {}
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
            risk_escalate_form=forms.get("risk_escalate")
            or RiskEscalateForm(initial={**decision, "reason": risk_escalation_reason(item)}),
            clear_risk_form=forms.get("clear") or ClearRiskForm(),
            can_clear_risk=senior and item.has_risk_flag and item.author_id != user.pk,
            case=case,
            can_open_case=moderation_rules.can_manage_cases(user)
            and case is None
            and item.is_safeguarding,
            approval_warning=forms.get("approval_warning", ""),
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
            reject_form=forms.get("reject") or RejectForm(initial=decision),
            escalate_form=forms.get("escalate") or EscalateForm(initial=decision),
            redact_form=forms.get("redact") or RedactForm(initial=decision, item=item),
            has_personal_flags=any(f.kind == FlagKind.PERSONAL for f in flags),
        )
        return context


def _render_with(request, item: ModerationItem, **forms):
    """Show the item again with a form's errors (an empty or oversized note, say)."""
    if refusal := _may_view(request.user, item):
        return forbidden(request, refusal)
    view = ItemDetailView(forms=forms)
    view.setup(request, pk=item.pk)
    view.item = item
    return view.get(request)


def _decision_view(service_call, *, success: str):
    """A POST-only view that checks the moderator, then calls one decision service."""

    @require_POST
    def view(request, pk: int):
        item = item_or_404(pk)
        if not moderation_rules.can_work_queue(request.user):
            return forbidden(request)
        return service_call(request, item, success)

    return view


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


def _reject(request, item, success):
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _render_with(request, item, reject=form)
    return run_service(
        request,
        lambda: services.item_reject(
            item=item,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            note_to_author=form.cleaned_data["note_to_author"],
            seen_version=form.cleaned_data["version"],
        ),
        success=success,
        success_url=reverse(QUEUE_URL),
        failure_url=_detail_url(item),
    )


def _escalate(request, item, success):
    # A volunteer on a risk-flagged item has the one-click form; give its errors back to it.
    if item.has_risk_flag and not moderation_rules.can_decide_escalations(request.user):
        form, key = RiskEscalateForm(request.POST), "risk_escalate"
    else:
        form, key = EscalateForm(request.POST), "escalate"
    if not form.is_valid():
        return _render_with(request, item, **{key: form})
    return run_service(
        request,
        lambda: services.item_escalate(
            item=item,
            moderator=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            seen_version=form.cleaned_data["version"],
        ),
        success=success,
        success_url=reverse(QUEUE_URL),
        failure_url=_detail_url(item),
    )


def _redact(request, item, success):
    form = RedactForm(request.POST, item=item)
    if not form.is_valid():
        return _render_with(request, item, redact=form)
    return run_service(
        request,
        lambda: services.item_redact(
            item=item,
            moderator=request.user,
            spans=form.cleaned_data["span_list"],
            seen_version=form.cleaned_data["version"],
        ),
        success=success,
        success_url=_detail_url(item),
        failure_url=_detail_url(item),
    )


def _clear_risk(request, item, success):
    form = ClearRiskForm(request.POST)
    if not form.is_valid():
        return _render_with(request, item, clear=form)
    return run_service(
        request,
        lambda: services.item_clear_risk_flag(
            item=item, moderator=request.user, reason=form.cleaned_data["reason"]
        ),
        success=success,
        success_url=_detail_url(item),
        failure_url=_detail_url(item),
    )


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


def _claim(request, item, success):
    return run_service(
        request,
        lambda: services.item_claim(item=item, moderator=request.user),
        success=success,
        success_url=_detail_url(item),
        failure_url=_detail_url(item),
    )


def _release(request, item, success):
    return run_service(
        request,
        lambda: services.claim_release(item=item, moderator=request.user),
        success=success,
        success_url=reverse(QUEUE_URL),
        failure_url=_detail_url(item),
    )


item_approve = _decision_view(_approve, success="Approved. The author has been told.")
item_reject = _decision_view(
    _reject, success="Not approved. The author has been told kindly, with the reason."
)
item_escalate = _decision_view(
    _escalate, success="Escalated. Senior moderators have been told. Thank you."
)
item_redact = _decision_view(
    _redact, success="Those words will show as “[removed]”. Now decide on the rest."
)
item_clear_risk = _decision_view(
    _clear_risk, success="Risk flag cleared, with your reason in the audit log."
)
item_open_case = _decision_view(_open_case, success="Safeguarding case opened.")
item_claim = _decision_view(_claim, success="This item is yours for the next few minutes.")
item_release = _decision_view(_release, success="Given back to the queue.")

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
