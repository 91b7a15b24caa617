"""Campaign votes and their rounds: live, public vote pages only."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from evidence import selectors as evidence_selectors
from evidence.api.common import (
    ERRORS_AND_404,
    Id,
    Mapped,
    optional_slug,
    paginated_get,
    set_last_modified,
)
from evidence.api.topics import topic_by_slug
from participation.api import serialize
from participation.api.schemas import VoteOut

router = Router(tags=["Campaign votes"])


@paginated_get(
    router,
    "",
    item=VoteOut,
    summary="List campaign votes",
    description="Every published campaign vote, newest first, with where it stands now "
    "and its rounds. Filter by `topic` to get the votes on it or on a topic under it.",
)
def vote_list(
    request: HttpRequest,
    topic: str | None = optional_slug(
        "Only votes on this topic (a slug from /api/v1/topics) or a topic under it."
    ),
):
    votes = serialize.public_votes()
    chosen = topic_by_slug(topic)
    if chosen is not None:
        ids = evidence_selectors.with_children([chosen.pk])
        votes = votes.filter(topics__in=ids).distinct()
    return Mapped(
        votes.order_by("-nominations_open_at", "-pk"),
        lambda vote: serialize.vote_json(request, vote),
    )


@router.get(
    "/{vote_id}",
    response={200: VoteOut, **ERRORS_AND_404},
    summary="One campaign vote",
    description="A published campaign vote by its id, with its rounds and, for each "
    "closed round, where its result and anonymised ballots are.",
)
def vote_detail(request: HttpRequest, vote_id: Id, response: HttpResponse):
    vote = serialize.vote_or_404(vote_id)
    set_last_modified(response, *serialize.vote_changed_at(vote))
    return serialize.vote_json(request, vote)
