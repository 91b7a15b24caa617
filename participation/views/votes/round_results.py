"""A round's results page, and checking a receipt against its published ballots."""

from __future__ import annotations

from django.template.response import TemplateResponse

from participation.forms import ReceiptForm
from participation.results import results_not_yet_context, results_view_model
from participation.selectors.ballots import published_ballot_find
from participation.views.votes.rounds import round_or_404


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
