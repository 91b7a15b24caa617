"""What the results page shows: the frozen result arranged for people, and its chart.

The count (votes for each nomination, round by round, and the number of ballots) is
shown exactly: it is published so that anyone can count the ballots again, and it is
about nominations, not people. Who voted, by age and by area, is about young people
and passes disclosure control (see `representativeness`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

from evidence.disclosure import ROUND_TO, THRESHOLD
from participation import representativeness
from participation.counting.result import decode_value, format_value
from participation.models import Nomination, Round, RoundState

BAR_HEIGHT = 14
ROW_GAP = 10
CHART_WIDTH = 600


@dataclass
class Row:
    nomination_id: int
    title: str
    counts: list[str]
    values: list[float]
    won: bool
    fate: str = ""


@dataclass
class ResultsView:
    winners: list[Nomination]
    headings: list[str]
    measure: str
    rows: list[Row]
    exhausted: list[str]
    ballot_count: int
    eligible_count: int
    turnout_share: float | None
    leading_share: float | None
    leading_margin: float | None
    by_age_band: representativeness.Breakdown
    by_region: representativeness.Breakdown
    uncontested_reason: str = ""
    tie_breaks: list = field(default_factory=list)
    chart: dict = field(default_factory=dict)
    disclosure_threshold: int = THRESHOLD
    disclosure_round_to: int = ROUND_TO

    @property
    def breakdowns_suppressed(self) -> bool:
        return self.by_age_band.suppressed or self.by_region.suppressed


def _as_float(value) -> float:
    value = decode_value(value) if isinstance(value, int | str) else value
    if isinstance(value, Fraction | Decimal):
        return float(value)
    return float(value)


def _chart(rows: list[Row], headings: list[str]) -> dict:
    """Geometry for a grouped horizontal bar chart, one bar per round per nomination."""
    top = max((v for row in rows for v in row.values), default=0) or 1
    bars = []
    y = 0
    rounds = len(headings)
    for row in rows:
        group = {"title": row.title, "y": y, "bars": []}
        y += 18  # the label line
        for index, (value, label) in enumerate(zip(row.values, row.counts, strict=True)):
            group["bars"].append(
                {
                    "y": y,
                    "width": round(CHART_WIDTH * value / top, 1),
                    "label": label,
                    "round": headings[index],
                    "shade": index % 4,
                    "final": index == rounds - 1,
                }
            )
            y += BAR_HEIGHT + 2
        bars.append(group)
        y += ROW_GAP
    return {"groups": bars, "height": y, "width": CHART_WIDTH + 80}


def results_view_model(round: Round) -> ResultsView:
    result = round.result
    record = result.count
    shortlist = {n.pk: n for n in Nomination.objects.filter(shortlist_entries__round=round)}
    winners = [shortlist[pk] for pk in result.winners if pk in shortlist]
    turnout = result.turnout
    voters = turnout.get("voters", 0)
    if record.get("uncontested"):
        rows = [
            Row(pk, n.title, [], [], pk in result.winners) for pk, n in sorted(shortlist.items())
        ]
        headings, measure, exhausted, tie_breaks = [], "votes", [], []
        leading_share = None
    else:
        stages = record.get("rounds", [])
        headings = [f"Round {stage['number']}" for stage in stages]
        measure = stages[0].get("measure", "votes") if stages else "votes"
        fates: dict[str, str] = {}
        out_after: dict[str, int] = {}  # candidate -> the last round they were counted in
        for index_, stage in enumerate(stages):
            for decision in stage.get("eliminated", []):
                out_after.setdefault(decision["candidate"], index_)
        for stage in stages:
            for decision in stage.get("elected", []):
                fates.setdefault(
                    decision["candidate"], f"Won in round {stage['number']}: {decision['reason']}"
                )
            for decision in stage.get("eliminated", []):
                fates.setdefault(
                    decision["candidate"], f"Out in round {stage['number']}: {decision['reason']}"
                )
        rows = []
        for pk, nomination in shortlist.items():
            key = str(pk)
            last = out_after.get(key, len(stages))
            raw = [
                stage["counts"].get(key) if index_ <= last else None
                for index_, stage in enumerate(stages)
            ]
            rows.append(
                Row(
                    nomination_id=pk,
                    title=nomination.title,
                    counts=["–" if v is None else format_value(decode_value(v)) for v in raw],
                    values=[0.0 if v is None else _as_float(v) for v in raw],
                    won=pk in result.winners,
                    fate=fates.get(key, ""),
                )
            )
        rows.sort(key=lambda row: (not row.won, -(row.values[0] if row.values else 0), row.title))
        exhausted = [format_value(decode_value(stage.get("exhausted", 0))) for stage in stages]
        if all(value == "0" for value in exhausted):
            exhausted = []  # nothing was exhausted (always so for approval): no empty row
        tie_breaks = record.get("tie_breaks", [])
        first_counts = [row.values[0] for row in rows if row.values]
        leading_share = (
            (max(first_counts) / result.ballot_count)
            if first_counts and result.ballot_count
            else None
        )
    return ResultsView(
        winners=winners,
        headings=headings,
        measure=measure,
        rows=rows,
        exhausted=exhausted,
        ballot_count=result.ballot_count,
        eligible_count=result.eligible_count,
        turnout_share=(voters / result.eligible_count) if result.eligible_count else None,
        leading_share=leading_share,
        leading_margin=representativeness.margin_of_error(leading_share, result.ballot_count)
        if leading_share is not None
        else None,
        by_age_band=representativeness.by_age_band(turnout),
        by_region=representativeness.by_region(turnout),
        uncontested_reason=record.get("reason", ""),
        tie_breaks=tie_breaks,
        chart=_chart(rows, headings),
    )


# --- Before the result ---------------------------------------------------------------

UK_TIME = ZoneInfo("Europe/London")


def uk_time(moment: dt.datetime) -> str:
    """A moment in UK time as people say it: "Tuesday 3 November 2026 at 5:30pm".

    Midnight is the end of the day before, so no one wonders which night is meant.
    """
    local = moment.astimezone(UK_TIME)
    if (local.hour, local.minute) == (0, 0):
        day_before = local - dt.timedelta(days=1)
        return f"midnight at the end of {dateformat.format(day_before, 'l j F Y')}"
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{dateformat.format(local, 'l j F Y')} at {clock}"


def results_not_yet_context(round: Round, *, now: dt.datetime | None = None) -> dict:
    """Context for participation/results_not_yet.html: the results address of a round
    with no result yet says when there will be one.

    Answered with status 200, not 404: the address is right and the page will exist,
    so "not found" would be wrong. The template asks search engines not to index it.
    """
    now = now or timezone.now()
    state = round.state(now)
    closes = uk_time(round.closes_at)
    if state == RoundState.COUNTING:
        heading = "We're counting the votes"
        message = (
            f"Voting closed on {closes} (UK time). The results will be here as soon as "
            "the votes are counted."
        )
    else:
        heading = "The results aren't out yet"
        message = f"Results are published when voting closes on {closes} (UK time)."
    return {
        "page": round.page,
        "round": round,
        "number": round.number,
        "state": state,
        "voting_open": state == RoundState.OPEN,
        "opens_at_text": uk_time(round.opens_at),
        "closes_at_text": closes,
        # Not "heading": the footer's signposting include reads that name.
        "status_heading": heading,
        "status_message": message,
    }
