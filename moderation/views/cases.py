"""Safeguarding cases: the list (with those due for follow-up), one case, and the
forms that record on it. Senior moderators and administrators only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from moderation import rules as moderation_rules
from moderation import selectors, services
from moderation.forms import CaseMessageForm, CaseRecordForm
from moderation.models import SafeguardingCase
from moderation.services.cases import NOT_CASE_STAFF, message_templates, message_text
from moderation.views.common import ModerationPage, forbidden, run_service

CASES_URL = "moderation_admin:case-list"


class CasePage(ModerationPage):
    allowed = staticmethod(moderation_rules.can_manage_cases)
    refusal = NOT_CASE_STAFF
    header_icon = "warning"


class CaseListView(CasePage):
    template_name = "moderation/case_list.html"
    page_title = "Safeguarding cases"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "due")
        if show not in ("due", "open", "closed"):
            show = "due"
        today = timezone.localdate()
        context.update(
            show=show,
            cases=selectors.cases(show=show, today=today)[:200],
            due_count=selectors.cases(show="due", today=today).count(),
            today=today,
        )
        return context


class CaseDetailView(CasePage):
    template_name = "moderation/case_detail.html"
    forms: dict | None = None

    @cached_property
    def case(self) -> SafeguardingCase:
        # Read after the permission check, so nobody else learns which cases exist.
        return get_object_or_404(
            SafeguardingCase.objects.select_related("item"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return f"Safeguarding case {self.case.pk}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(CASES_URL), "label": "Safeguarding cases"},
            {"url": "", "label": f"Case {self.case.pk}"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, forms = self.case, self.forms or {}
        templates = message_templates()
        name = str(case.author) if case.author else "there"
        context.update(
            case=case,
            item=case.item,
            entries=list(case.entries.select_related("actor", "action_type")),
            record_form=forms.get("record") or CaseRecordForm(case=case),
            message_form=forms.get("message") or CaseMessageForm(templates=templates),
            previews=[(code, title, message_text(code, name=name)) for code, title in templates],
            today=timezone.localdate(),
        )
        return context


def _render_with(request, case, **forms):
    view = CaseDetailView(forms=forms)
    view.setup(request, pk=case.pk)
    view.case = case
    return view.get(request)


def _case_or_refuse(request, pk: int):
    if not moderation_rules.can_manage_cases(request.user):
        return None, forbidden(request, NOT_CASE_STAFF)
    return get_object_or_404(SafeguardingCase.objects.select_related("item"), pk=pk), None


@require_POST
def case_record(request, pk: int):
    case, refusal = _case_or_refuse(request, pk)
    if refusal:
        return refusal
    form = CaseRecordForm(request.POST, case=case)
    if not form.is_valid():
        return _render_with(request, case, record=form)
    data = form.cleaned_data
    try:
        services.case_record(
            case=case,
            moderator=request.user,
            action_type=data["action_type"],
            note=data["note"],
            status=data["status"] or None,
            follow_up_on=data["follow_up_on"],
        )
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        # Shown with what they typed, so a missing note costs nothing to fix.
        form.add_error(None, error)
        return _render_with(request, case, record=form)
    messages.success(request, "Recorded on the case.")
    return redirect("moderation_admin:case-detail", pk=case.pk)


@require_POST
def case_message(request, pk: int):
    case, refusal = _case_or_refuse(request, pk)
    if refusal:
        return refusal
    form = CaseMessageForm(request.POST, templates=message_templates())
    if not form.is_valid():
        return _render_with(request, case, message=form)
    url = reverse("moderation_admin:case-detail", args=[case.pk])
    return run_service(
        request,
        lambda: services.case_message_young_person(
            case=case, moderator=request.user, template=form.cleaned_data["template"]
        ),
        success="Sent. They'll see it in their messages on the site; it's recorded on the case.",
        success_url=url,
        failure_url=url,
    )
