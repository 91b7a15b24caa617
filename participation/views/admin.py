"""The policy team's screens in the Wagtail admin: nominations, shortlists, closing rounds."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages

from moderation.selectors import item_for
from participation.forms_policy import IneligibleForm, MergeForm, ShortlistForm
from participation.models import CampaignVotePage, Nomination, NominationState, Round, RoundState
from participation.selectors.nominations import public_nominations
from participation.services import nominations as nomination_services
from participation.services import rounds as round_services

# Other apps add their actions beside a finished vote's winners (cms: "Start a campaign
# from this nomination"); each hook takes (request, nomination) and returns HTML or "".
WINNER_ACTIONS_HOOK = "participation_winner_actions"


def can_manage(user) -> bool:
    return user.is_active and user.has_perm("participation.change_nomination")


def _require(request) -> None:
    if not can_manage(request.user):
        raise PermissionDenied("Only the policy team can manage campaign votes.")


def _render(request, template, title, context, status=200):
    return TemplateResponse(
        request, template, {"page_title": title, "header_title": title, **context}, status=status
    )


def vote_list(request):
    _require(request)
    votes = (
        CampaignVotePage.objects.live().order_by("-nominations_open_at").prefetch_related("rounds")
    )
    rows = [
        (vote, [(r, r.state(), _winners(request, r)) for r in vote.ordered_rounds()])
        for vote in votes
    ]
    return _render(request, "participation/admin/vote_list.html", "Campaign votes", {"rows": rows})


def _winners(request, round_: Round) -> list[tuple[Nomination, list[str]]]:
    """A closed final round's winners, each with the actions other apps offer beside it.
    Nominations that went through from an earlier round have not won anything yet."""
    result = round_.result_or_none()
    if result is None or not round_.is_last:
        return []
    found = Nomination.objects.in_bulk(result.winners)
    winners = [found[pk] for pk in result.winners if pk in found]
    actions = hooks.get_hooks(WINNER_ACTIONS_HOOK)
    return [(n, [html for hook in actions if (html := hook(request, n))]) for n in winners]


def nomination_list(request, page_id: int):
    _require(request)
    vote = get_object_or_404(CampaignVotePage, pk=page_id)
    state = request.GET.get("state", NominationState.ACTIVE)
    nominations = (
        Nomination.objects.filter(campaign_vote=vote)
        .annotate(supporter_count=Count("supports"))
        .select_related("topic", "merged_into")
        .order_by("-supporter_count", "pk")
    )
    if state in NominationState.values:
        nominations = nominations.filter(state=state)
    public_ids = set(public_nominations(vote).values_list("pk", flat=True))
    return _render(
        request,
        "participation/admin/nomination_list.html",
        f"Nominations: {vote.title}",
        {
            "vote": vote,
            "nominations": nominations,
            "public_ids": public_ids,
            "states": NominationState.choices,
            "state": state,
            "rounds": vote.ordered_rounds(),
        },
    )


def _nomination_action(request, pk, form_class, template, title, run, *, kwargs_for):
    _require(request)
    nomination = get_object_or_404(Nomination.objects.select_related("campaign_vote"), pk=pk)
    back = reverse("participation_admin:nomination-list", args=[nomination.campaign_vote_id])
    form = form_class(request.POST or None, **kwargs_for(nomination))
    if request.method == "POST" and form.is_valid():
        try:
            run(nomination, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Done: “{nomination.title}”.")
            return redirect(back)
    item = item_for(nomination)
    return _render(
        request,
        template,
        title,
        {"nomination": nomination, "form": form, "back": back, "item": item},
        status=400 if form.is_bound and form.errors else 200,
    )


def nomination_merge(request, pk: int):
    return _nomination_action(
        request,
        pk,
        MergeForm,
        "participation/admin/nomination_action.html",
        "Merge a duplicate",
        lambda nomination, data: nomination_services.nomination_merge(
            source=nomination, target=data["target"], actor=request.user
        ),
        kwargs_for=lambda nomination: {"nomination": nomination},
    )


def nomination_ineligible(request, pk: int):
    return _nomination_action(
        request,
        pk,
        IneligibleForm,
        "participation/admin/nomination_action.html",
        "Mark as not eligible",
        lambda nomination, data: nomination_services.nomination_mark_ineligible(
            nomination=nomination, actor=request.user, reason=data["reason"]
        ),
        kwargs_for=lambda nomination: {},
    )


def round_shortlist(request, pk: int):
    _require(request)
    round_ = get_object_or_404(Round.objects.select_related("page"), pk=pk)
    back = reverse("participation_admin:nomination-list", args=[round_.page_id])
    if round_.number == 1:
        candidates = public_nominations(round_.page)
    else:
        previous = round_.page.ordered_rounds()[round_.number - 2]
        candidates = Nomination.objects.filter(shortlist_entries__round=previous)
    current = list(round_.shortlist.values_list("nomination_id", flat=True))
    form = ShortlistForm(
        request.POST or None,
        candidates=candidates.order_by("pk"),
        initial={"nominations": current or list(candidates.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_services.round_shortlist_set(
                round=round_,
                nominations=list(form.cleaned_data["nominations"]),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The shortlist for {round_.label} is saved.")
            return redirect(back)
    return _render(
        request,
        "participation/admin/round_shortlist.html",
        f"Shortlist: {round_}",
        {
            "round": round_,
            "form": form,
            "back": back,
            "locked": round_.has_opened(),
            "chosen": bool(current),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def round_close(request, pk: int):
    _require(request)
    round_ = get_object_or_404(Round.objects.select_related("page"), pk=pk)
    if round_.state() == RoundState.OPEN or round_.state() == RoundState.SCHEDULED:
        messages.error(
            request, f"{round_.label} is still open for voting, so it can't be closed yet."
        )
    else:
        try:
            result = round_services.round_close(round=round_, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{round_.label} is closed: {result.ballot_count} ballots counted."
            )
    return redirect(reverse("participation_admin:vote-list"))
