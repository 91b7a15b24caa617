"""Closed rounds: their results and anonymised ballots, the same as the results page.

The CSV and BLT files are the results page's own downloads (the same views make
them), so the API and the page can never publish different ballots. Ballots carry no
voter: voters are detached from them when the round closes.
"""

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from ninja import Path, Router

from evidence.api.common import (
    ERRORS_AND_404,
    ErrorOut,
    Id,
    not_found,
    paginated_get,
    set_last_modified,
)
from evidence.api.http import CACHE_SECONDS
from participation.api import serialize
from participation.api.schemas import BallotOut, ResultOut
from participation.selectors.ballots import published_ballots
from participation.views import votes as vote_views

router = Router(tags=["Results and ballots"])

Number = Annotated[
    int,
    Path(
        ...,
        ge=1,
        le=serialize.MAX_ROUND_NUMBER,
        description="The round's number in its vote: 1 for the first.",
        examples=[1],
    ),
]


def _file_responses(media_type: str, description: str) -> dict:
    """The OpenAPI entry of a file download: not JSON, so Ninja can't describe it."""
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {media_type: {"schema": {"type": "string"}}},
            }
        }
    }


@router.get(
    "/{vote_id}/rounds/{number}/result",
    response={200: ResultOut, **ERRORS_AND_404},
    summary="A closed round's result",
    description="The frozen result: winners, the count round by round (published "
    "exactly, so anyone can recount the ballots), the method and its version, the "
    "ballot checksum and seed, and who voted as the results page shows it (through "
    "disclosure control). 404 until the round has been counted.",
)
def round_result(request: HttpRequest, vote_id: Id, number: Number, response: HttpResponse):
    vote = serialize.vote_or_404(vote_id)
    round_ = serialize.closed_round_or_404(vote, number)
    set_last_modified(response, round_.result.counted_at)
    return serialize.result_json(request, vote, number, round_)


@paginated_get(
    router,
    "/{vote_id}/rounds/{number}/ballots",
    item=BallotOut,
    summary="A closed round's anonymised ballots",
    description="The same ballots as the results page's CSV file, in the same order "
    "(shuffled by receipt), page by page. No voter: nothing links a ballot to a person.",
    errors=ERRORS_AND_404,
)
def round_ballots(request: HttpRequest, vote_id: Id, number: Number, response: HttpResponse):
    vote = serialize.vote_or_404(vote_id)
    round_ = serialize.closed_round_or_404(vote, number)
    # Frozen when the round closed: ballots are written once, at counting.
    set_last_modified(response, round_.result.counted_at)
    return [
        {"row": row, "choices": choices}
        for row, (_, choices) in enumerate(published_ballots(round_), start=1)
    ]


@router.get(
    "/{vote_id}/rounds/{number}/ballots.csv",
    response={400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="A closed round's ballots as CSV",
    description="Exactly the results page's CSV download. Ranked rounds: one line per "
    "ballot, columns rank1, rank2… holding nomination ids. Approval rounds: one column "
    "per nomination id, 1 where the ballot ticked it.",
    openapi_extra=_file_responses("text/csv", "The ballots, one line each."),
)
def round_ballots_csv(request: HttpRequest, vote_id: Id, number: Number):
    vote = serialize.vote_or_404(vote_id)
    round_ = serialize.closed_round_or_404(vote, number)
    return _file(request, round_, vote_views.published_ballots_csv(request, vote, number))


@router.get(
    "/{vote_id}/rounds/{number}/ballots.blt",
    response={400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="A closed round's ballots as BLT",
    description="Exactly the results page's BLT download, for STV counting software. "
    "Ranked rounds with at least one ballot only; otherwise 404.",
    openapi_extra=_file_responses("text/plain", "The ballots in BLT format."),
)
def round_ballots_blt(request: HttpRequest, vote_id: Id, number: Number):
    vote = serialize.vote_or_404(vote_id)
    round_ = serialize.closed_round_or_404(vote, number)
    if not round_.is_ranked:
        raise not_found("This round was an approval vote: its ballots are published as CSV only.")
    if not round_.result.ballot_count:
        raise not_found("No ballots were cast in this round, so there is no BLT file.")
    return _file(request, round_, vote_views.published_ballots_blt(request, vote, number))


def _file(request: HttpRequest, round_, response: HttpResponse) -> HttpResponse:
    """A stored file, streamed: the caching headers and 304 the API gives every answer
    (evidence/api/http.py gives them to answers it can hash)."""
    set_last_modified(response, round_.result.counted_at)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    answer = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]),
        response=response,
    )
    if answer is not response:
        response.close()  # not sent: let go of the file
    return answer
