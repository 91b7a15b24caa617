"""The ballot page of an open round, and the address its form posts to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.models import PageViewRestriction

from config.ids import is_id
from config.limits import limit
from participation.decorators import participant_required
from participation.forms import ballot_form_class
from participation.models import Ballot, Round, RoundState
from participation.selectors.rounds import (
    round_ballot_paper,
    round_frozen_paper,
    round_paper_shuffled_for,
)
from participation.services import ballots as ballot_services
from participation.views.votes.rounds import round_or_404


@participant_required
@limit("ballot")
def ballot(request, page, number: int):
    return _ballot(request, page, round_or_404(page, number), number)


@require_POST
@participant_required
@limit("ballot")
def ballot_post(request, round_id: int):
    """Where the ballot form sends its answer: the same as posting to the ballot page,
    without Wagtail's routing (the site, every page on the path, then the page's view
    restrictions: six queries), so the busiest write on the site does only what a
    ballot needs. The page must be live; a restricted page sends the form back to the
    ballot page, where Wagtail asks for the password or login it needs."""
    if not is_id(round_id):  # the route's converter refuses these; kept for direct calls
        raise Http404("No such round")
    rounds = (
        Round.objects.select_related("page", "result")
        .alias(order=_ORDER)
        .annotate(position=_ROUND_NUMBER)
    )
    round_ = get_object_or_404(rounds, pk=round_id)
    page = round_.page
    if not page.live:
        raise Http404("No such round")
    if _view_restricted(page):
        ballot_page = page.reverse_subpage("ballot", args=[round_.position])
        return redirect(page.get_url(request) + ballot_page)
    return _ballot(request, page, round_, round_.position)


# A round's number on its page (1, 2, ...), in the order of CampaignVotePage.ordered_rounds.
_ORDER = Coalesce("sort_order", 0)
_ROUND_NUMBER = Subquery(
    Round.objects.filter(page_id=OuterRef("page_id"))
    .alias(order=_ORDER)
    .filter(Q(order__lt=OuterRef("order")) | Q(order=OuterRef("order"), pk__lte=OuterRef("pk")))
    .order_by()
    .values("page_id")
    .annotate(count=Count("pk"))
    .values("count")
)


def _view_restricted(page) -> bool:
    """Whether a view restriction applies to `page` (on it, an ancestor, or the page an
    ancestor is an alias of), in one query; Page.get_view_restrictions takes two."""
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
    ).exists()


def _ballot(request, page, round_: Round, number: int):
    state = round_.state()
    if state != RoundState.OPEN:
        messages.info(
            request,
            "Voting in this round isn't open."
            if state == RoundState.SCHEDULED
            else "Voting in this round has closed.",
        )
        return redirect(page.url)
    paper = round_frozen_paper(round_) or round_ballot_paper(round_)
    paper = round_paper_shuffled_for(request.user, round_, paper)
    form_class = ballot_form_class(round_)
    if request.method == "POST":
        existing = None  # only read when the form is shown again (below)
        form = form_class(request.POST, round=round_, nominations=paper)
    else:
        existing = Ballot.objects.filter(round=round_, voter=request.user).first()
        form = form_class(
            round=round_, nominations=paper, initial_choices=existing.choices if existing else ()
        )
    if request.method == "POST" and form.is_valid():
        try:
            # The first ballot in the round also freezes the paper this voter was shown.
            ballot_services.ballot_cast(
                participant=request.user,
                round=round_,
                choices=form.cleaned_data["choices"],
                paper=paper,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            received = page.reverse_subpage("ballot-received", args=[number])
            return redirect(page.url + received)
    if request.method == "POST":
        existing = Ballot.objects.filter(round=round_, voter=request.user).first()
    return TemplateResponse(
        request,
        "participation/ballot.html",
        {"page": page, "round": round_, "number": number, "form": form, "existing": existing},
        status=400 if form.is_bound and form.errors else 200,
    )
