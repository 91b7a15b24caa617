"""What the results page shows: the frozen result arranged for people, and its chart.

The count (votes for each nomination at each count, and the number of ballots) is
shown in full: it is published so that anyone can count the ballots again, and it is
about nominations, not people. Parts of a vote (STV's transfers) are shown to two
decimal places, rounded down; the published count record keeps every figure exact. Who voted, by age and by area, is about young people
and passes disclosure control (see `representativeness`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

from evidence.disclosure import ROUND_TO, THRESHOLD
from participation import representativeness
from participation import results_story as words
from participation.counting.result import Result
from participation.labels import record_labels
from participation.models import Nomination, Round, RoundState

# The count's stages take turns through these colours (see static/participation/results.css);
# each bar is also labelled with its count, so colour is never the only clue.
SHADES = 4

# Methods whose first count is a number of voters, so it can be a share of voters (not
# points, tokens or nominations beaten).
SHARE_OF_VOTERS = {"irv", "stv", "plurality", "approval"}


@dataclass
class Cell:
    """One nomination at one count: its votes as shown, or out of the count by then."""

    text: str
    out: bool = False


@dataclass
class Row:
    nomination_id: int
    title: str
    counts: list[Cell]
    values: list[float]
    won: bool
    fate: str = ""
    outcome: str = ""  # "Won" or "Went through" beside a winner, else ""


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
    tie_breaks: list[str] = field(default_factory=list)
    chart: dict = field(default_factory=dict)
    disclosure_threshold: int = THRESHOLD
    disclosure_round_to: int = ROUND_TO
    # The words: how the method works, how this count went, and what its terms mean.
    method_sentence: str = ""
    story_heading: str = "How the winner was found"
    story: list[str] = field(default_factory=list)
    explanations: list[words.Explanation] = field(default_factory=list)
    quota: str = ""
    values_shortened: bool = False  # some values on the page lost decimal places
    engine_method: str = ""
    engine_version: str = ""

    @property
    def breakdowns_suppressed(self) -> bool:
        return self.by_age_band.suppressed or self.by_region.suppressed

    @property
    def several_counts(self) -> bool:
        return len(self.headings) > 1


def _chart(rows: list[Row], headings: list[str]) -> dict:
    """Bars for each nomination at each count, as shares of the widest bar.

    Drawn in HTML with one small SVG per bar, so the words stay at the page's own
    size on any screen; a count a nomination was out of has no bar.
    """
    top = max((v for row in rows for v in row.values), default=0) or 1
    several = len(headings) > 1
    groups = []
    for row in rows:
        bars = [
            {
                "label": heading,
                "value": cell.text,
                "width": f"{100 * value / top:.1f}%",
                "shade": index % SHADES,
            }
            for index, (heading, cell, value) in enumerate(
                zip(headings, row.counts, row.values, strict=True)
            )
            if not cell.out
        ]
        groups.append({"title": row.title, "outcome": row.outcome, "bars": bars})
    legend = [{"label": h, "shade": i % SHADES} for i, h in enumerate(headings)] if several else []
    return {"groups": groups, "legend": legend, "several": several}


def _story_heading(round: Round, seats: int) -> str:
    if not round.is_last:
        if seats == 1:
            return "How the nomination going through was chosen"
        return "How the nominations going through were chosen"
    return "How the winner was found" if seats == 1 else "How the winners were found"


def _next_round_words(round: Round) -> str:
    following = round.next_round()
    if following is None:
        return ""
    return f"the ranked vote ({following.label})" if following.is_ranked else following.label


def _out_of_count(result: Result) -> dict[str, int]:
    """Each nomination that left the count, and the index of the first count it was out of.

    One eliminated at count 3 is out from count 3 on (its votes moved on there). One
    elected is out from the next count only if it then holds nothing (equal shares);
    under STV an elected nomination keeps its quota, shown at every later count.
    """
    out: dict[str, int] = {}
    stages = result.rounds
    for index, stage in enumerate(stages):
        for decision in stage.eliminated:
            out.setdefault(decision.candidate, index)
        following = stages[index + 1] if index + 1 < len(stages) else None
        for decision in stage.elected:
            if following is not None and not following.counts.get(decision.candidate):
                out.setdefault(decision.candidate, index + 1)
    return out


def results_view_model(round: Round) -> ResultsView:
    result = round.result
    record = result.count
    shortlist = {n.pk: n for n in Nomination.objects.filter(shortlist_entries__round=round)}
    winners = [shortlist[pk] for pk in result.winners if pk in shortlist]
    # The record names each nomination by its label (or, counted before labels, by its
    # id as a string); the page shows each nomination's title as it is now.
    labels = record_labels(record)

    def candidate(pk: int) -> str:
        return labels.get(pk, str(pk))

    turnout = result.turnout
    voters = turnout.get("voters", 0)
    setting = words.Setting(
        names={candidate(pk): n.title for pk, n in shortlist.items()},
        ballots=result.ballot_count,
        is_last=round.is_last,
        next_round=_next_round_words(round) or "the next round",
        max_choices=round.max_choices,
    )
    extra: dict = {}
    if record.get("uncontested"):
        outcome = setting.outcome
        rows = [
            Row(
                pk,
                n.title,
                [],
                [],
                pk in result.winners,
                outcome=outcome if pk in result.winners else "",
            )
            for pk, n in sorted(shortlist.items())
        ]
        headings, measure, exhausted, tie_breaks = [], "votes", [], []
        leading_share = None
        seats = round.advance_count
        extra["story"] = words.uncontested_story(
            record.get("reason", ""),
            nominations=len(shortlist),
            places=min(round.advance_count, len(shortlist)) or round.advance_count,
            setting=setting,
        )
    else:
        count = Result.from_dict(record)
        seats = count.seats
        stages = count.rounds
        measure = words.measure_name(stages[0].measure) if stages else "votes"
        # One count needs no number: its column is what it counted.
        headings = [f"Count {stage.number}" for stage in stages]
        if len(stages) == 1:
            headings = [measure.capitalize()]
        fates = words.fates(count, setting)
        out_from = _out_of_count(count)
        shown = [v for stage in stages for v in stage.counts.values()]
        rows = []
        for pk, nomination in shortlist.items():
            key = candidate(pk)
            first_out = out_from.get(key, len(stages))
            cells, values = [], []
            for index, stage in enumerate(stages):
                if index >= first_out:
                    cells.append(Cell("–", out=True))
                    values.append(0.0)
                    continue
                value = stage.counts.get(key, 0)
                cells.append(Cell(words.human_value(value)))
                values.append(float(value))
            won = pk in result.winners
            rows.append(
                Row(
                    nomination_id=pk,
                    title=nomination.title,
                    counts=cells,
                    values=values,
                    won=won,
                    fate=fates.get(key, ""),
                    outcome=setting.outcome if won else "",
                )
            )
        order = {candidate: n for n, candidate in enumerate(count.winners)}
        rows.sort(
            key=lambda row: (
                order.get(candidate(row.nomination_id), len(order)),
                -(row.values[0] if row.values else 0),
                row.title,
            )
        )
        exhausted = [words.human_value(stage.exhausted) for stage in stages]
        if not any(stage.exhausted for stage in stages):
            exhausted = []  # nothing was exhausted (always so for approval): no empty row
        tie_breaks = words.tie_sentences(count, setting)
        first_counts = [row.values[0] for row in rows if row.values]
        leading_share = (
            (max(first_counts) / result.ballot_count)
            if first_counts and result.ballot_count and count.method in SHARE_OF_VOTERS
            else None
        )
        extra.update(
            story=words.story(count, setting),
            explanations=words.explanations(count, setting),
            quota=words.human_value(count.quota) if count.quota is not None else "",
            values_shortened=any(words.is_shortened(v) for v in shown),
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
        method_sentence=round.method_explanation,
        story_heading=_story_heading(round, seats),
        engine_method=result.method,
        engine_version=result.method_version,
        **extra,
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
