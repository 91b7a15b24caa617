"""Campaign votes, rounds and results as the plain data the API publishes.

Only what the site shows in public: live, public vote pages; nomination titles only
while the nomination is public; who voted only through disclosure control, exactly
as `participation.results` arranges it for the results page. No voter, no author.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import expand_db_html, get_text_for_indexing

from evidence.api.common import absolute, not_found
from participation import representativeness
from participation.labels import record_nominations
from participation.models import CampaignVotePage, Nomination, Round, RoundState
from participation.results import results_view_model
from participation.text import staff_html

MAX_ROUND_NUMBER = 1000


def public_votes():
    """Live, public campaign votes, their rounds and results in the same few queries."""
    rounds = Round.objects.select_related("result").order_by("sort_order", "pk")
    return (
        CampaignVotePage.objects.live()
        .public()
        .prefetch_related(Prefetch("rounds", queryset=rounds), "topics")
    )


def vote_or_404(vote_id: int) -> CampaignVotePage:
    vote = public_votes().filter(pk=vote_id).first()
    if vote is None:
        raise not_found(f"There is no published campaign vote {vote_id}.")
    return vote


def round_or_404(vote: CampaignVotePage, number: int) -> Round:
    rounds = vote.ordered_rounds()
    if not 1 <= number <= len(rounds):
        count = len(rounds)
        raise not_found(
            f"Campaign vote {vote.pk} has {count} round{'s' * (count != 1)}: there is no round {number}."
        )
    return rounds[number - 1]


def closed_round_or_404(vote: CampaignVotePage, number: int) -> Round:
    round_ = round_or_404(vote, number)
    if round_.result_or_none() is None:
        raise not_found(
            f"Round {number} of campaign vote {vote.pk} hasn't been counted yet: its result "
            "and ballots are published when it closes."
        )
    return round_


def _page_url(request: HttpRequest, vote: CampaignVotePage, route: str = "", *args) -> str | None:
    base = vote.get_url(request=request)
    if base is None:
        return None
    return absolute(request, base + vote.reverse_subpage(route, args=args) if route else base)


def _api_url(request: HttpRequest, name: str, *args) -> str:
    return absolute(request, reverse(f"api-v1:{name}", args=args))


def round_links(request: HttpRequest, vote: CampaignVotePage, number: int, round_: Round) -> dict:
    closed = round_.result_or_none() is not None
    if not closed:
        return dict.fromkeys(
            ("results_page", "result", "ballots", "ballots_csv", "ballots_blt", "receipts_csv")
        )
    has_blt = round_.is_ranked and round_.result.ballot_count > 0
    return {
        "results_page": _page_url(request, vote, "results", number),
        "result": _api_url(request, "round_result", vote.pk, number),
        "ballots": _api_url(request, "round_ballots", vote.pk, number),
        "ballots_csv": _api_url(request, "round_ballots_csv", vote.pk, number),
        "ballots_blt": _api_url(request, "round_ballots_blt", vote.pk, number) if has_blt else None,
        "receipts_csv": _page_url(request, vote, "receipts-csv", number),
    }


def round_json(
    request: HttpRequest, vote: CampaignVotePage, number: int, round_: Round, now
) -> dict:
    state = round_.state(now)
    return {
        "number": number,
        "label": round_.title or f"Round {number}",
        "method": round_.method,
        "method_name": round_.spec.display_name,
        "method_explanation": round_.method_explanation,
        "ballot_kind": "ranked" if round_.is_ranked else "approval",
        "opens_at": round_.opens_at,
        "closes_at": round_.closes_at,
        "state": state,
        "state_label": RoundState(state).label,
        "advance_count": round_.advance_count,
        "max_choices": round_.max_choices,
        "links": round_links(request, vote, number, round_),
    }


def introduction_html(vote: CampaignVotePage) -> str:
    return staff_html(expand_db_html(vote.introduction or ""))


def vote_json(request: HttpRequest, vote: CampaignVotePage) -> dict:
    now = timezone.now()
    standing = vote.standing(now)
    rounds = vote.ordered_rounds()
    numbers = {r.pk: n for n, r in enumerate(rounds, start=1)}
    return {
        "id": vote.pk,
        "title": vote.title,
        "slug": vote.slug,
        "introduction": " ".join(get_text_for_indexing(introduction_html(vote)).split()),
        "introduction_html": introduction_html(vote),
        "topics": sorted(topic.slug for topic in vote.topics.all()),
        "nominations_open_at": vote.nominations_open_at,
        "nominations_close_at": vote.nominations_close_at,
        "phase": standing.phase,
        "phase_label": standing.phase.label,
        "current_round": numbers.get(standing.round.pk) if standing.round else None,
        "next_change": standing.next_change,
        "rounds": [
            round_json(request, vote, number, round_, now)
            for number, round_ in enumerate(rounds, start=1)
        ],
        "last_published_at": vote.last_published_at,
        "page_url": _page_url(request, vote),
        "url": _api_url(request, "vote_detail", vote.pk),
    }


def vote_changed_at(vote: CampaignVotePage, now: dt.datetime | None = None) -> list:
    """Every moment the vote's answer may have changed at: its publishing, and each
    opening, closing and count that has happened (the phase moves with the clock)."""
    now = now or timezone.now()
    moments = [vote.last_published_at, vote.nominations_open_at, vote.nominations_close_at]
    for round_ in vote.ordered_rounds():
        moments += [round_.opens_at, round_.closes_at]
        result = round_.result_or_none()
        if result is not None:
            moments.append(result.counted_at)
    return [moment for moment in moments if moment is not None and moment <= now]


# --- Results ------------------------------------------------------------------------


def _nominations(request, vote, ids) -> dict[int, dict]:
    public = {
        n.pk: n.title for n in Nomination.objects.public().filter(pk__in=ids).only("pk", "title")
    }
    return {
        pk: {
            "id": pk,
            "title": public.get(pk),
            "url": _page_url(request, vote, "nomination-detail", pk) if pk in public else None,
        }
        for pk in ids
    }


def _decisions(items: list[dict], ids: dict[str, int]) -> list[dict]:
    return [{"nomination_id": ids[d["candidate"]], "reason": d["reason"]} for d in items]


def _by_id(values: dict, ids: dict[str, int]) -> dict:
    """A mapping keyed by the record's candidate names, keyed by nomination id instead."""
    return {str(ids.get(candidate, candidate)): value for candidate, value in values.items()}


def _tie_break(tie: dict, ids: dict[str, int]) -> dict:
    def as_ids(candidates):
        return [str(ids.get(c, c)) for c in candidates]

    return {
        **tie,
        "tied": as_ids(tie.get("tied", [])),
        "chosen": as_ids(tie.get("chosen", [])),
        "tickets": _by_id(tie.get("tickets", {}), ids),
    }


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _groups(breakdown: representativeness.Breakdown) -> dict:
    return {
        "shown": breakdown.shown,
        "suppressed": breakdown.suppressed,
        "withheld": breakdown.withheld,
        "rows": [
            {
                "group": row.group,
                "voters": row.voters.as_json(),
                "voter_share": _share(row.voter_share),
                "population_share": _share(row.population_share),
            }
            for row in breakdown.rows
        ],
    }


def result_json(request: HttpRequest, vote: CampaignVotePage, number: int, round_: Round) -> dict:
    result = round_.result
    view = results_view_model(round_)
    record = result.count or {}
    # {candidate name in the record: nomination id}: labels, or ids in older records.
    named = record_nominations(record)
    ids = [row.nomination_id for row in view.rows]
    ids += [pk for pk in [*result.winners, *named.values()] if pk not in ids]
    nominations = _nominations(request, vote, ids)
    stages = [
        {
            "number": stage["number"],
            "action": stage.get("action", ""),
            "measure": stage.get("measure", "votes"),
            "counts": _by_id(stage.get("counts", {}), named),
            "transfers": _by_id(stage.get("transfers", {}), named),
            "exhausted": stage.get("exhausted", 0),
            "elected": _decisions(stage.get("elected", []), named),
            "eliminated": _decisions(stage.get("eliminated", []), named),
        }
        for stage in record.get("rounds", [])
    ]
    return {
        "vote_id": vote.pk,
        "round_number": number,
        "round_label": round_.title or f"Round {number}",
        "method": result.method,
        "method_name": round_.spec.display_name,
        "method_version": result.method_version,
        "method_explanation": view.method_sentence,
        "counted_at": result.counted_at,
        "ballot_count": result.ballot_count,
        "ballot_checksum": result.ballot_checksum,
        "seed": result.seed,
        "uncontested": bool(record.get("uncontested")),
        "uncontested_reason": view.uncontested_reason,
        "measure": view.measure,
        "winners": [nominations[pk] for pk in result.winners],
        "shortlist": [
            {**nominations[row.nomination_id], "won": row.won, "fate": row.fate}
            for row in view.rows
        ],
        "candidates": [
            {"candidate": candidate, **nominations[pk]} for candidate, pk in named.items()
        ],
        "stages": stages,
        "tie_breaks": [_tie_break(tie, named) for tie in record.get("tie_breaks", [])],
        "turnout": {
            "ballot_count": view.ballot_count,
            "eligible_count": view.eligible_count,
            "turnout_share": _share(view.turnout_share),
            "leading_share": _share(view.leading_share),
            "leading_margin": _share(view.leading_margin),
            "by_age_band": _groups(view.by_age_band),
            "by_region": _groups(view.by_region),
            "disclosure_threshold": view.disclosure_threshold,
            "disclosure_round_to": view.disclosure_round_to,
        },
        "record": record,
        "links": round_links(request, vote, number, round_),
    }
