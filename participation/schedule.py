"""When campaign votes next change by the clock alone: nominations or a round opening or
closing. Public pages cached for logged-out visitors are kept no longer than this."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q

from participation.models import CampaignVotePage, Round


def next_scheduled_change(now: dt.datetime) -> dt.datetime | None:
    rounds = Round.objects.aggregate(
        opens=Min("opens_at", filter=_after("opens_at", now)),
        closes=Min("closes_at", filter=_after("closes_at", now)),
    )
    votes = CampaignVotePage.objects.aggregate(
        opens=Min("nominations_open_at", filter=_after("nominations_open_at", now)),
        closes=Min("nominations_close_at", filter=_after("nominations_close_at", now)),
    )
    moments = [when for when in [*rounds.values(), *votes.values()] if when is not None]
    return min(moments, default=None)


def _after(field: str, now: dt.datetime) -> Q:
    return Q(**{f"{field}__gt": now})
