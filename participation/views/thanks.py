"""The pages after a successful POST: each POST redirects here, so refreshing a "thank
you" page shows it again and never sends a nomination, a statement or a ballot twice."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from moderation.selectors import item_for
from participation.decorators import participant_required
from participation.models import Ballot, Nomination, SupportingStatement
from participation.views.votes import round_or_404


@participant_required
def nomination_submitted(request, page, pk: int):
    nomination = get_object_or_404(
        Nomination.objects.all(), campaign_vote=page, pk=pk, author=request.user
    )
    return TemplateResponse(
        request,
        "participation/nomination_submitted.html",
        {"page": page, "nomination": nomination, "item": item_for(nomination)},
    )


@participant_required
def statement_submitted(request, page, pk: int):
    statement = get_object_or_404(
        SupportingStatement.objects.select_related("nomination"),
        nomination__campaign_vote=page,
        pk=pk,
        author=request.user,
    )
    return TemplateResponse(
        request,
        "participation/nomination_submitted.html",
        {
            "page": page,
            "nomination": statement.nomination,
            "statement": statement,
            "item": item_for(statement),
        },
    )


@participant_required
def ballot_received(request, page, number: int):
    round_ = round_or_404(page, number)
    ballot = Ballot.objects.filter(round=round_, voter=request.user).first()
    if ballot is None:
        return redirect(page.url + page.reverse_subpage("ballot", args=[number]))
    return TemplateResponse(
        request,
        "participation/ballot_received.html",
        {
            "page": page,
            "round": round_,
            "number": number,
            "ballot": ballot,
            "changed": ballot.updated_at > ballot.cast_at,
        },
    )
