"""Who voted, on a results page: no small group of young people can be told apart.

Read as a visitor reads the page: the tables' cells as text, and the note beside them.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from evidence.regions import Region
from participation import representativeness
from participation.services.ballots import ballot_cast
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

AGE_CAPTION = "Voters by age"
REGION_CAPTION = "Voters by where they live"


class Tables(HTMLParser):
    """Each table's caption and its body rows, as the text of their cells."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = self._rows = self._cell = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._cell = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._rows.append([])
        elif tag in ("th", "td") and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption, self._cell = "".join(self._cell).strip(), None
        elif tag in ("th", "td") and self._in_body and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self.tables[self._caption] = self._rows

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_on(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def table(html: str, caption: str) -> dict[str, list[str]]:
    """The table whose caption starts with `caption`: each row's heading -> its cells."""
    for text, rows in tables_on(html).items():
        if text.startswith(caption):
            return {row[0]: row[1:] for row in rows}
    raise AssertionError(f"No table captioned {caption!r}")


def born_for(age: int, on: dt.date) -> dt.date:
    """A date of birth giving `age` on `on`, half a year from any birthday."""
    return on - dt.timedelta(days=round((age + 0.5) * 365.25))


@pytest.fixture
def vote(volunteer):
    page = campaign_vote(rounds=(("irv", 1, 3),))
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    return page, issues


def close_with_voters(page, issues, voters):
    """Each voter, given as (age, region), votes for the first nomination; then the round closes."""
    round_ = page.ordered_rounds()[0]
    closing_day = timezone.localtime(round_.closes_at).date()
    round_shortlist_freeze(round=round_, default=issues)
    for age, region in voters:
        ballot_cast(
            participant=ParticipantFactory(date_of_birth=born_for(age, closing_day), region=region),
            round=round_,
            choices=[issues[0].pk],
        )
    return round_close(round=round_, actor=None, now=round_.closes_at)


def results_html(client, page):
    url = page.url + page.reverse_subpage("results", args=[1])
    return client.get(url).content.decode().replace("&#x27;", "'")


def test_eight_voters_show_no_breakdown_and_say_why(visitor, vote):
    page, issues = vote
    close_with_voters(page, issues, [(17, Region.LONDON)] * 7 + [(17, Region.NORTH_EAST)])
    html = results_html(visitor, page)
    captions = tables_on(html)
    assert not [caption for caption in captions if caption.startswith(AGE_CAPTION)]
    assert not [caption for caption in captions if caption.startswith(REGION_CAPTION)]
    assert "North East" not in html
    assert "Fewer than 10 people voted, so we don't show who voted by age or by area" in html
    # The count itself stays exact: it is there to be checked against the ballots.
    assert "8 ballots" in html


def test_one_voter_in_a_region_shows_as_fewer_than_10(visitor, vote):
    page, issues = vote
    close_with_voters(page, issues, [(17, Region.LONDON)] * 11 + [(17, Region.NORTH_EAST)])
    html = results_html(visitor, page)
    regions = table(html, REGION_CAPTION)
    assert regions["North East"][0] == "fewer than 10"
    assert not any(c.isdigit() for c in regions["North East"][1])  # no share to multiply back
    assert regions["London"][:2] == ["10", "83.3%"]  # 10 (rounded) of the 12 ballots
    for name, cells in regions.items():
        assert cells[0] in ("10", "fewer than 10"), name
    ages = table(html, AGE_CAPTION)
    assert ages["16–17"][0] == "10"
    assert {cells[0] for band, cells in ages.items() if band != "16–17"} == {"fewer than 10"}
    assert "Some groups are too small to show" in html
    assert "rounded to the nearest 5" in html
    # The count of votes is still exact.
    assert "12 ballots" in html
    count = table(html, "Votes for each nomination")
    assert count[f"{issues[0].title} Won"][0] == "12"


def test_exactly_one_small_age_band_hides_a_second_one(visitor, vote):
    page, issues = vote
    voters = (
        [(14, Region.LONDON)] * 3
        + [(16, Region.LONDON)] * 11
        + [(19, Region.LONDON)] * 12
        + [(23, Region.LONDON)] * 10
    )
    close_with_voters(page, issues, voters)
    ages = table(results_html(visitor, page), AGE_CAPTION)
    assert {band: cells[0] for band, cells in ages.items()} == {
        "13–15": "fewer than 10",
        "16–17": "10",
        "18–21": "10",
        # 36 ballots less 10 and 10 would give 13–15 away: the smallest other goes too.
        "22–25": "not shown",
    }


def test_exactly_one_small_region_hides_a_second_one(visitor, vote):
    page, issues = vote
    regions = list(Region)
    voters = [(17, region) for region in regions[:-1] for _ in range(10)]
    voters[-1:] = [(17, regions[-2])] * 2  # one region with 11, the rest 10
    voters += [(17, regions[-1])] * 3
    close_with_voters(page, issues, voters)
    html = results_html(visitor, page)
    shown = {name: cells[0] for name, cells in table(html, REGION_CAPTION).items()}
    assert shown[regions[-1].label] == "fewer than 10"
    hidden = [name for name, value in shown.items() if value == "not shown"]
    assert hidden == [regions[0].label]  # the smallest (10), first in order
    assert "Some groups are too small to show" in html


def test_a_breakdown_counts_voters_it_doesnt_cover_as_a_group():
    breakdown = representativeness.by_region(
        {"voters": 23, "by_region": {Region.LONDON: 20}}  # three gave no region
    )
    shown = {row.group: str(row.voters) for row in breakdown.rows}
    assert shown["London"] == "20"
    assert shown["Not given"] == "fewer than 10"
    assert breakdown.suppressed
    not_given = next(row for row in breakdown.rows if row.group == "Not given")
    assert not_given.population_share is None
    assert not_given.voter_share is None


def test_all_voters_in_one_region_withholds_the_breakdown():
    # London "10" of 10 public ballots would say no one else voted.
    breakdown = representativeness.by_region({"voters": 10, "by_region": {Region.LONDON: 10}})
    assert breakdown.withheld
    assert {str(row.voters) for row in breakdown.rows} == {"not shown"}
    assert all(row.voter_share is None for row in breakdown.rows)


def test_a_share_of_voters_comes_from_the_published_figure():
    breakdown = representativeness.by_age_band(
        {"voters": 37, "by_age_band": {"13–15": 12, "16–17": 13, "18–21": 12}}
    )
    shares = {row.group: row.voter_share for row in breakdown.rows}
    assert shares["16–17"] == 15 / 37  # 13 rounds to 15
