"""Views behind a campaign vote page: short, each calling one service or selector.

One module a page: `index` (the vote page), `nominations`, `ballots`, `round_results` (and
the receipt check), `files` (the published ballot and receipt files); `rounds` finds
a round by its number. The names below are the ones routes and callers use.
"""

from participation.views.votes.ballots import ballot, ballot_post
from participation.views.votes.files import (
    published_ballots_blt,
    published_ballots_csv,
    published_receipts,
)
from participation.views.votes.index import vote_index
from participation.views.votes.nominations import (
    nominate,
    nomination_detail,
    nomination_edit,
    nomination_statement,
    nomination_support,
    nomination_withdraw,
)
from participation.views.votes.round_results import receipt_check, results
from participation.views.votes.rounds import closed_round_or_404, round_or_404

__all__ = [
    "ballot",
    "ballot_post",
    "closed_round_or_404",
    "nominate",
    "nomination_detail",
    "nomination_edit",
    "nomination_statement",
    "nomination_support",
    "nomination_withdraw",
    "published_ballots_blt",
    "published_ballots_csv",
    "published_receipts",
    "receipt_check",
    "results",
    "round_or_404",
    "vote_index",
]
