"""A closed round's published files: its ballots (CSV, BLT) and its receipts."""

from __future__ import annotations

from django.http import FileResponse, Http404

from config.db_router import reads_from_replica
from participation import ballot_files
from participation.models import Round
from participation.views.votes.rounds import closed_round_or_404


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
