"""The addresses under a campaign vote page, each handing over to its view.

They are registered on the page from here, not written on the model, so that
`participation.models` imports no view: `ParticipationConfig.ready()` calls `attach()`,
which puts each route on `CampaignVotePage` as a routable-page method before any
request is routed.
"""

from __future__ import annotations

from wagtail.contrib.routable_page.models import path as route

import config.ids  # noqa: F401  (registers the "id" path converter the routes below use)
from participation.models import CampaignVotePage
from participation.views import share, thanks, votes

# (address under the page, route name, view), in the order the page tries them. Each
# view is called as view(request, page, **arguments), from the page method named after
# the route ("nomination-edit" -> nomination_edit_route).
ROUTES = [
    ("", "index", votes.vote_index),
    ("nominate/", "nominate", votes.nominate),
    ("nominations/<id:pk>/thanks/", "nomination-submitted", thanks.nomination_submitted),
    ("statements/<id:pk>/thanks/", "statement-submitted", thanks.statement_submitted),
    ("rounds/<id:number>/vote/received/", "ballot-received", thanks.ballot_received),
    ("nominations/<id:pk>/", "nomination-detail", votes.nomination_detail),
    ("nominations/<id:pk>/edit/", "nomination-edit", votes.nomination_edit),
    ("nominations/<id:pk>/withdraw/", "nomination-withdraw", votes.nomination_withdraw),
    ("nominations/<id:pk>/support/", "nomination-support", votes.nomination_support),
    ("nominations/<id:pk>/statement/", "nomination-statement", votes.nomination_statement),
    ("rounds/<id:number>/vote/", "ballot", votes.ballot),
    ("rounds/<id:number>/results/", "results", votes.results),
    ("rounds/<id:number>/share/", "results-share", share.results_share),
    ("rounds/<id:number>/ballots/csv/", "ballots-csv", votes.published_ballots_csv),
    ("rounds/<id:number>/ballots/blt/", "ballots-blt", votes.published_ballots_blt),
    ("rounds/<id:number>/receipts/csv/", "receipts-csv", votes.published_receipts),
    ("rounds/<id:number>/check/", "receipt-check", votes.receipt_check),
]


def _handing_to(view, method_name: str):
    def route_method(page, request, *args, **kwargs):
        return view(request, page, *args, **kwargs)

    route_method.__name__ = route_method.__qualname__ = method_name
    return route_method


def attach() -> None:
    """Put every route on CampaignVotePage; once, at start-up."""
    for pattern, name, view in ROUTES:
        method_name = name.replace("-", "_") + "_route"
        route_method = route(pattern, name=name)(_handing_to(view, method_name))
        setattr(CampaignVotePage, method_name, route_method)
