"""On the public site: reporting a published item, and reading your notices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from moderation import conf, registry, selectors, services
from moderation.forms import ReportForm
from moderation.models import ModerationItem, Notice, ReportKind


class KindReportForm(ReportForm):
    """The report form, asking first what kind of problem it is."""

    kind = forms.ChoiceField(
        label="What's the problem?",
        choices=ReportKind.choices,
        initial=ReportKind.HOUSE_RULES,
        required=False,  # left unchosen: the house rules
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what is wrong with it.",
            "invalid_choice": "Choose what is wrong with it.",
        },
    )
    field_order = ["kind", "reason"]

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or ReportKind.HOUSE_RULES


def _public_item_or_404(content_type_id: int, object_id: int) -> tuple[ModerationItem, object]:
    """Only published things can be reported; anything else is "not found"."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model is None or not registry.is_registered(model):
        raise Http404
    obj = get_object_or_404(selectors.public(model._default_manager.all()), pk=object_id)
    item = get_object_or_404(ModerationItem, content_type=content_type, object_id=obj.pk)
    return item, obj


@login_required
@conf.report_rate_limit()
def report_create(request, content_type_id: int, object_id: int):
    """Report something on the site. It goes back to a moderator to look at."""
    item, obj = _public_item_or_404(content_type_id, object_id)
    # Who may report is the owning app's rule; say it before anyone writes a word.
    refusal = registry.reporter_refusal(request.user)
    form = KindReportForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.item_report(
                item=item,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                kind=form.cleaned_data["kind"],
            )
        except PermissionDenied as error:
            refusal = str(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you for telling us. A moderator will look at it soon.")
            return redirect(registry.describe(obj).url or "/")
    return render(
        request,
        "moderation/report_form.html",
        {
            "form": form,
            "context": registry.describe(obj),
            "type_label": item.type_label,
            "refusal": refusal,
        },
        status=403 if refusal else 200,
    )


@login_required
def notice_list(request):
    return render(
        request, "moderation/notice_list.html", {"notices": selectors.notices_for(request.user)}
    )


@login_required
@require_POST
def notice_mark_read(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    services.notice_mark_read(notice=notice, user=request.user)
    return redirect("moderation:notice-list")


@login_required
@require_POST
def notices_mark_all_read(request):
    services.notices_mark_all_read(user=request.user)
    return redirect("moderation:notice-list")
