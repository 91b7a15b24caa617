"""Finding a vote page's round by its number, for the views under the page."""

from __future__ import annotations

from django.http import Http404

from participation.models import Round


def round_or_404(page, number: int) -> Round:
    """The page's round `number` (1, 2, ... in page order), or 404."""
    rounds = page.prefetch_rounds().ordered_rounds()
    if not 1 <= number <= len(rounds):
        raise Http404("No such round")
    return rounds[number - 1]


def closed_round_or_404(page, number: int) -> Round:
    """The page's round `number` once it has a result, or 404."""
    round_ = round_or_404(page, number)
    if round_.result_or_none() is None:
        raise Http404("This round has no result yet")
    return round_
