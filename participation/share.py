"""A closed round's share card: what young people chose, and how many ballots were counted.

The ballot count is published exactly on the results page (anyone can count the
ballots again), so the card shows it exactly too. Who voted, by age or area, is never
on a card. Drawing and storing the card is evidence.share's job.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from evidence.share import Card
from participation.models import Round
from participation.results import results_view_model


def _and_list(titles: list[str]) -> str:
    quoted = [f"“{title}”" for title in titles]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def result_sentence(round: Round, winners: list[str], *, reason: str = "") -> str:
    if not winners:
        return (
            f"No nominations went through: {reason}." if reason else "No nominations went through."
        )
    if round.is_last:
        issues = "issue" if len(winners) == 1 else "issues"
        return f"Young people chose {_and_list(winners)} as the {issues} to campaign on."
    return f"Young people sent {_and_list(winners)} through to the next round."


def result_card(round: Round, *, site_name: str) -> Card:
    """The card for a closed round's result (the round must have one)."""
    view = results_view_model(round)
    closed = date_format(timezone.localtime(round.closes_at), "j F Y")
    ballots = "ballot" if view.ballot_count == 1 else "ballots"
    return Card(
        title=f"{round.label} results: {round.page.title}",
        sentence=result_sentence(
            round, [nomination.title for nomination in view.winners], reason=view.uncontested_reason
        ),
        source=f"Ballots cast in “{round.page.title}”, {round.label}, which closed on {closed}",
        site_name=site_name,
        figure=f"{view.ballot_count:,}",
        unit=f"{ballots} counted",
        note=f"Counting method: {round.spec.display_name}",
    )
