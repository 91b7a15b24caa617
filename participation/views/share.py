"""A closed round's share page: its result as a card, with plain share links."""

from __future__ import annotations

from django.template.response import TemplateResponse

from evidence import share
from participation.share import result_card
from participation.views.votes import closed_round_or_404


def results_share(request, page, number: int):
    round_ = closed_round_or_404(page, number)
    card = result_card(round_, site_name=share.site_name(request))
    context = {
        "page": page,
        "round": round_,
        "number": number,
        **share.share_context(request, card=card),
    }
    return TemplateResponse(request, "participation/results_share.html", context)
