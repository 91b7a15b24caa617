"""Nominating an issue, and a nomination's page: edit, withdraw, support, statement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from config.limits import limit
from evidence.views import snippet_contexts
from participation.decorators import participant_required
from participation.forms import NominationForm, StatementForm
from participation.models import Nomination
from participation.selectors.nominations import (
    nomination_author_may_edit,
    nomination_live_evidence_links,
    nomination_visible_statements,
    similar_nominations,
)
from participation.selectors.related import related_items
from participation.services import nominations as nomination_services


def _visible_nomination(request, page, pk: int) -> Nomination:
    queryset = Nomination.objects.visible_to(request.user).filter(campaign_vote=page)
    nomination = get_object_or_404(
        queryset.with_counts().with_is_public().select_related("topic"), pk=pk
    )
    nomination.campaign_vote = page  # the page it was found under: no need to read it again
    return nomination


def _send_nomination(form, service, **who):
    """Call `service` (submit or edit) with what a valid NominationForm holds.

    Its answer, or None when it refuses: the reason is then on the form, to show again.
    """
    try:
        return service(
            **who,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            topic=form.cleaned_data["topic"],
            evidence=form.evidence(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


# Limits per participant (config/limits.py) are generous for people and tight for
# scripts; counted in the shared cache so every worker sees the same count.


@participant_required
@limit("nominate")
def nominate(request, page):
    form = NominationForm(request.POST or None, campaign_vote=page)
    similar = []
    if request.method == "POST" and form.is_valid():
        text = f"{form.cleaned_data['title']} {form.cleaned_data['description']}"
        similar = similar_nominations(page, text)
        if similar and "confirm" not in request.POST:
            # Offer to support an existing nomination first; sending again confirms.
            return TemplateResponse(
                request,
                "participation/nomination_form.html",
                {"page": page, "form": form, "similar": similar},
            )
        sent = _send_nomination(
            form,
            nomination_services.nomination_submit,
            participant=request.user,
            campaign_vote=page,
        )
        if sent is not None:
            nomination, _item = sent
            return redirect(_submitted(page, nomination))
    if not page.nominations_are_open():
        messages.info(request, "Nominations for this vote are closed.")
        return redirect(page.url)
    return TemplateResponse(
        request,
        "participation/nomination_form.html",
        {"page": page, "form": form, "similar": similar},
    )


def _detail_response(request, page, nomination, *, statement_form=None, status=200):
    supported = (
        request.user.is_authenticated
        and nomination.supports.filter(participant=request.user).exists()
    )
    is_public = nomination.is_public
    links = nomination_live_evidence_links(nomination)
    return TemplateResponse(
        request,
        "participation/nomination_detail.html",
        {
            "page": page,
            "nomination": nomination,
            "statements": nomination_visible_statements(nomination, request.user),
            "supported": supported,
            "statement_form": statement_form or StatementForm(),
            "is_public": is_public,
            # Only its author is offered the change (the template asks the same).
            "can_edit": nomination.author_id == request.user.pk
            and nomination_author_may_edit(nomination),
            "evidence_links": links,
            "evidence": list(
                zip(links, snippet_contexts([link.snippet for link in links]), strict=True)
            ),
            "related": related_items(
                [nomination.topic_id], user=request.user, exclude=nomination, request=request
            )
            if is_public
            else [],
        },
        status=status,
    )


def nomination_detail(request, page, pk: int):
    return _detail_response(request, page, _visible_nomination(request, page, pk))


def _submitted(page, nomination: Nomination) -> str:
    return page.url + page.reverse_subpage("nomination-submitted", args=[nomination.pk])


def _own_nomination(request, page, pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.select_related("topic"), campaign_vote=page, pk=pk, author=request.user
    )


@participant_required
def nomination_edit(request, page, pk: int):
    nomination = _own_nomination(request, page, pk)
    detail = page.url + page.reverse_subpage("nomination-detail", args=[nomination.pk])
    initial = {
        "title": nomination.title,
        "description": nomination.description,
        "topic": nomination.topic,
    }
    for n, link in enumerate(nomination.evidence_links.all(), start=1):
        initial[f"evidence_{n}"], initial[f"note_{n}"] = link.snippet_id, link.note
    form = NominationForm(request.POST or None, campaign_vote=page, initial=initial)
    if request.method == "POST" and form.is_valid():
        # Evidence unpublished since it was attached can't be chosen again: say so.
        gone = [
            link.snippet.headline
            for link in nomination.evidence_links.select_related("snippet")
            if not link.snippet.live
        ]
        sent = _send_nomination(
            form, nomination_services.nomination_edit, nomination=nomination, author=request.user
        )
        if sent is not None:
            for headline in gone:
                messages.info(
                    request,
                    f"“{headline}” is no longer published, so it was taken off your nomination.",
                )
            return redirect(_submitted(page, nomination))
    return TemplateResponse(
        request,
        "participation/nomination_form.html",
        {"page": page, "form": form, "editing": nomination, "back": detail},
        status=400 if form.errors and not form.only_asks_about_personal_details else 200,
    )


@participant_required
def nomination_withdraw(request, page, pk: int):
    nomination = _own_nomination(request, page, pk)
    if request.method == "POST":
        try:
            nomination_services.nomination_withdraw(nomination=nomination, author=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"You've withdrawn “{nomination.title}”.")
            return redirect(page.url)
    return TemplateResponse(
        request, "participation/nomination_withdraw.html", {"page": page, "nomination": nomination}
    )


@require_POST
@participant_required
@limit("support")
def nomination_support(request, page, pk: int):
    nomination = _visible_nomination(request, page, pk)
    try:
        nomination_services.support_add(participant=request.user, nomination=nomination)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "Thanks for your support. You're not alone in this.")
    return redirect(page.url + page.reverse_subpage("nomination-detail", args=[nomination.pk]))


@require_POST
@participant_required
@limit("statement")
def nomination_statement(request, page, pk: int):
    nomination = _visible_nomination(request, page, pk)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            statement, _item = nomination_services.statement_submit(
                participant=request.user, nomination=nomination, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(
                page.url + page.reverse_subpage("statement-submitted", args=[statement.pk])
            )
    status = 200 if form.only_asks_about_personal_details else 400
    return _detail_response(request, page, nomination, statement_form=form, status=status)
