"""Views behind a campaign vote page: short, each calling one service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.models import PageViewRestriction

from config.db_router import reads_from_replica
from config.ids import is_id
from config.limits import limit
from evidence.views import snippet_contexts
from participation import ballot_files
from participation.decorators import participant_required
from participation.forms import NominationForm, ReceiptForm, StatementForm, ballot_form_class
from participation.models import Ballot, Nomination, NominationState, Round, RoundState
from participation.results import results_not_yet_context, results_view_model
from participation.selectors.ballots import published_ballot_find
from participation.selectors.nominations import (
    nomination_author_may_edit,
    nomination_live_evidence_links,
    nomination_visible_statements,
    public_nominations,
    similar_nominations,
)
from participation.selectors.related import related_items
from participation.selectors.rounds import (
    round_ballot_paper,
    round_frozen_paper,
    round_paper_shuffled_for,
)
from participation.services import ballots as ballot_services
from participation.services import nominations as nomination_services


def round_or_404(page, number: int) -> Round:
    """The page's round `number` (1, 2, ... in page order), or 404."""
    rounds = page.prefetch_rounds().ordered_rounds()
    if not 1 <= number <= len(rounds):
        raise Http404("No such round")
    return rounds[number - 1]


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


def vote_index(request, page):
    page.prefetch_rounds()
    prefetch_related_objects([page], "topics")
    standing = page.standing()
    nominations = (
        public_nominations(page)
        .with_counts()
        .select_related("topic")
        .order_by("-supporter_count", "pk")
    )
    mine = []
    if request.user.is_authenticated:
        mine = list(
            Nomination.objects.visible_to(request.user)
            .filter(campaign_vote=page, author=request.user, state=NominationState.ACTIVE)
            .exclude(pk__in=nominations.values("pk"))
        )
    rounds = [(number, r, r.state()) for number, r in enumerate(page.ordered_rounds(), start=1)]
    return TemplateResponse(
        request,
        page.get_template(request),
        {
            "page": page,
            "standing": standing,
            "nominations": nominations,
            "mine": mine,
            "rounds": rounds,
            "related": related_items(
                [topic.pk for topic in page.topics.all()],
                user=request.user,
                exclude=page,
                request=request,
            ),
        },
    )


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


def closed_round_or_404(page, number: int) -> Round:
    """The page's round `number` once it has a result, or 404."""
    round_ = round_or_404(page, number)
    if round_.result_or_none() is None:
        raise Http404("This round has no result yet")
    return round_


def results(request, page, number: int):
    round_ = round_or_404(page, number)
    if round_.result_or_none() is None:
        # The address is right and the page will exist: say when, rather than "not found".
        response = TemplateResponse(
            request, "participation/results_not_yet.html", results_not_yet_context(round_)
        )
        response["Cache-Control"] = "no-cache"
        return response
    return TemplateResponse(
        request,
        "participation/results.html",
        {"page": page, "round": round_, "number": number, "view": results_view_model(round_)},
    )


@reads_from_replica
def published_ballots_csv(request, page, number: int):
    round_ = closed_round_or_404(page, number)
    return _download(round_, "ballots_csv", f"{page.slug}-round-{number}-ballots.csv")


@reads_from_replica
def published_ballots_blt(request, page, number: int):
    round_ = closed_round_or_404(page, number)
    if not round_.is_ranked:
        raise Http404("Approval ballots are published as CSV")
    if not round_.result.ballot_count:
        raise Http404("No ballots were cast")
    return _download(round_, "ballots_blt", f"{page.slug}-round-{number}-ballots.blt")


@reads_from_replica
def published_receipts(request, page, number: int):
    round_ = closed_round_or_404(page, number)
    return _download(round_, "receipts_csv", f"{page.slug}-round-{number}-receipts.csv")


def _download(round_: Round, which: str, filename: str) -> FileResponse:
    """A published file as stored at closing (made now for rounds closed before)."""
    content_type = ballot_files.FILES[which]
    response = FileResponse(
        ballot_files.open_published(round_, which),
        as_attachment=True,
        filename=filename,
        content_type=f"{content_type}; charset=utf-8",
    )
    # Streamed, so the middleware can't hash the body for one.
    response["ETag"] = ballot_files.published_etag(round_, which)
    return response


def receipt_check(request, page, number: int):
    round_ = round_or_404(page, number)
    form = ReceiptForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        found = published_ballot_find(round_, form.cleaned_data["receipt"])
    return TemplateResponse(
        request,
        "participation/receipt_check.html",
        {
            "page": page,
            "round": round_,
            "number": number,
            "form": form,
            "found": found,
            "checked": form.is_bound and form.is_valid(),
        },
    )
