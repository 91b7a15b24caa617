"""The results page in words a young person can retell: counts named "Count 1, 2 ...",
the method in one sentence, the story of the count, and only the terms it uses.

Read as a visitor reads the page (the tables' cells as text), and the words worked out
from real counts by the counting engine.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from participation import results_story as words
from participation.counting import count
from participation.results import results_view_model
from participation.services.ballots import ballot_cast
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations
from tests.participation.test_results_disclosure import table

OUT = "–not in this count"  # the dash is for the eye; a screen reader hears the words
TITLES = ["Free bus travel", "Counsellors in schools", "Cheaper phone data", "Safer parks"]


def results_html(client, page, number=1):
    url = page.url + page.reverse_subpage("results", args=[number])
    return client.get(url).content.decode().replace("&#x27;", "'")


def close_with(page, issues, picks, *, number=1):
    """Each pick (indices into `issues`, in order of preference) is one voter's ballot."""
    round_ = page.ordered_rounds()[number - 1]
    round_shortlist_freeze(round=round_, default=issues)
    for pick in picks:
        ballot_cast(
            participant=ParticipantFactory(),
            round=round_,
            choices=[issues[i].pk for i in pick],
        )
    round_close(round=round_, actor=None, now=round_.closes_at)
    return round_


def vote_with(rounds, volunteer, count_=4):
    page = campaign_vote(rounds=rounds)
    issues = submitted_nominations(
        page, count_, author=ParticipantFactory(), moderator=volunteer, titles=TITLES
    )
    return page, issues


# Twelve ranked ballots: no majority at count 1, “Safer parks” out, then “Cheaper phone
# data” out, and at count 3 “Counsellors in schools” has 6 of the 11 votes left.
IRV_PICKS = [[0, 1]] * 5 + [[1, 0]] * 4 + [[2, 1]] * 2 + [[3]]


@pytest.mark.django_db
class TestInstantRunoff:
    @pytest.fixture
    def html(self, visitor, volunteer):
        page, issues = vote_with((("irv", 1, 3),), volunteer)
        close_with(page, issues, IRV_PICKS)
        return results_html(visitor, page)

    def test_the_counts_are_counts_and_round_means_the_voting_round(self, html):
        rows = table(html, "Votes for each nomination at each count")
        assert "Count 1" in html and "Count 3" in html
        assert "Round 1" not in html.split("<h1>")[1].split("</h1>")[1]  # only the page title
        assert "in round" not in html and "Out in" not in html
        assert rows["Safer parks"][-1] == "Out at count 2: the fewest votes at count 1 (1)"

    def test_an_eliminated_nomination_is_not_in_later_counts_rather_than_0(self, html):
        rows = table(html, "Votes for each nomination at each count")
        assert rows["Safer parks"][:3] == ["1", OUT, OUT]
        assert rows["Cheaper phone data"][:3] == ["2", "2", OUT]
        assert rows["Counsellors in schools Won"][:3] == ["4", "4", "6"]

    def test_it_says_how_the_method_works_and_hides_the_engine_name(self, html):
        assert "(engine irv 1)" not in html and "engine irv" not in html
        assert "Instant runoff: voters put the nominations in order" in html
        assert "Counted with the hub's own counting engine" in html
        assert "version 1" in html

    def test_it_tells_how_the_winner_was_found(self, html):
        assert "How the winner was found" in html
        assert "12 people voted" in html
        assert (
            "At count 3, “Counsellors in schools” had 6 of the 11 votes still in the count"
            " (1 ballot had no choices left), more than half, and won." in html
        )

    def test_it_explains_transfers_and_exhausted_ballots_but_no_quota(self, html):
        assert "<dt>Transfer</dt>" in html
        assert "<dt>Exhausted ballot</dt>" in html
        assert "Quota" not in html

    def test_the_chart_names_each_count_in_a_legend_and_has_no_lightest_bar_note(self, html):
        chart = html.split('class="results-bars"')[1].split('class="table-scroll"')[0]
        legend = chart.split("results-bars-legend")[1].split("</ul>")[0]
        assert [f"Count {n}" in legend for n in (1, 2, 3)] == [True] * 3
        assert "lightest" not in html
        # “Safer parks” has one bar: it was out after count 1.
        parks = chart.split("Safer parks")[1]
        assert parks.count("results-bars-bar") == 1

    def test_the_count_table_is_a_focusable_labelled_region(self, html):
        region = html.split('<div class="table-scroll"')[1].split(">")[0]
        assert 'role="region"' in region and 'tabindex="0"' in region
        assert 'aria-labelledby="count-table-caption"' in region
        assert '<caption id="count-table-caption">' in html
        assert "table-responsive" not in html


# Twelve ranked ballots for two places: the quota is 12 ÷ 3 + 1 = 5. “Free bus travel”
# has 6 at count 1, and its 1 extra vote goes on to “Counsellors in schools” at 1/6
# a vote a paper (0.16666 each), so that one's total becomes 2.99996.
STV_PICKS = [[0, 1]] * 6 + [[1]] * 2 + [[2]] * 3 + [[3, 2]]


@pytest.mark.django_db
class TestSingleTransferableVote:
    @pytest.fixture
    def html(self, visitor, volunteer):
        page, issues = vote_with((("stv", 2, 3),), volunteer)
        close_with(page, issues, STV_PICKS)
        return results_html(visitor, page)

    def test_vote_values_are_shown_humanely(self, html):
        rows = table(html, "Votes for each nomination at each count")
        assert "0000" not in html.split('id="check-heading"')[0]
        assert rows["Free bus travel Won"][:2] == ["6", "5"]
        assert rows["Counsellors in schools"][1] == "2.99"  # rounded down, never up
        assert "rounded down" in html

    def test_it_explains_the_quota_with_its_working(self, html):
        assert "<dt>Quota</dt>" in html
        assert "12 votes ÷ (2 places + 1) = 4, plus 1 = 5" in html
        assert "reached the quota of 3" not in html

    def test_it_explains_a_surplus_transfer_and_exhausted_ballots(self, html):
        assert "<dt>Transfer</dt>" in html
        assert "its surplus" in html
        assert "at a reduced value" in html
        assert "moved on worth 0.16 of a vote each" in html
        assert "<dt>Exhausted ballot</dt>" in html
        assert "after stage" not in html

    def test_it_tells_the_count_in_order(self, html):
        story = html.split('id="story-heading"')[1].split("</section>")[0]
        assert "12 people voted for 2 places" in story
        assert "a nomination needed 5 votes: the quota" in story
        assert "“Free bus travel” had 6 votes, enough to reach the quota" in story
        assert "(its surplus) went on to its voters' next choices" in story
        assert story.index("“Safer parks”") < story.index("“Counsellors in schools”")
        assert "So “Free bus travel” and “Cheaper phone data” won" in story

    def test_the_last_place_filled_without_the_quota_is_explained(self, html):
        rows = table(html, "Votes for each nomination at each count")
        assert rows["Cheaper phone data Won"][-1].startswith("Won at count ")
        assert "one of the last left in the count" in rows["Cheaper phone data Won"][-1]


@pytest.mark.django_db
class TestApprovalShortlist:
    @pytest.fixture
    def page(self, volunteer):
        page, issues = vote_with((("approval", 2, 2), ("irv", 1, 3)), volunteer)
        close_with(page, issues, [[0, 1], [0, 2], [1], [0, 1], [3]])
        return page

    def test_nominations_going_through_are_not_called_winners(self, visitor, page):
        html = results_html(visitor, page)
        rows = table(html, "Approvals for each nomination")
        assert rows["Free bus travel Went through"][-1] == (
            "Went through to the ranked vote (Round 2): one of the 2 with the most approvals (3)"
        )
        assert rows["Safer parks"][-1] == "Didn't go through"
        assert ">Won<" not in html and "Won:" not in html
        assert "How the nominations going through were chosen" in html

    def test_one_count_has_no_count_numbers_and_no_legend(self, visitor, page):
        html = results_html(visitor, page)
        assert "Count 1" not in html
        assert "results-bars-legend" not in html
        assert "5 people voted, ticking up to 2 nominations each." in html
        # Equal approvals: the engine lists them in the order of their names in the count.
        assert (
            "The 2 with the most approvals went through to the ranked vote (Round 2):"
            " “Counsellors in schools” (3) and “Free bus travel” (3)." in html
        )
        assert "Approval voting: each voter ticks (approves) up to 2 nominations" in html
        assert "<dt>" not in html.split('id="check-heading"')[0]  # no terms to explain


@pytest.mark.django_db
def test_an_uncontested_round_says_no_count_was_needed(visitor, volunteer):
    page, issues = vote_with((("approval", 5, 3),), volunteer, count_=3)
    close_with(page, issues, [[0]])
    html = results_html(visitor, page)
    assert "No count was needed: there were 3 nominations for 3 places, so every one won." in html
    assert '<table class="table table-sm results-table"' not in html


@pytest.mark.django_db
def test_a_round_nobody_voted_in_says_so(visitor, volunteer):
    page, issues = vote_with((("irv", 1, 3),), volunteer)
    close_with(page, issues, [])
    html = results_html(visitor, page)
    assert "No one voted in this round, so there was nothing to count" in html


@pytest.mark.django_db
def test_the_view_model_keeps_round_for_the_vote_and_count_for_its_stages(volunteer):
    page, issues = vote_with((("irv", 1, 3),), volunteer)
    round_ = close_with(page, issues, IRV_PICKS)
    view = results_view_model(round_)
    assert view.headings == ["Count 1", "Count 2", "Count 3"]
    assert view.chart["legend"] == [
        {"label": "Count 1", "shade": 0},
        {"label": "Count 2", "shade": 1},
        {"label": "Count 3", "shade": 2},
    ]
    parks = next(row for row in view.rows if row.title == "Safer parks")
    assert [cell.out for cell in parks.counts] == [False, True, True]


# --- The words, from counts the engine makes -----------------------------------------------

NAMES = {"a": "Free bus travel", "b": "Counsellors in schools", "c": "Phone data", "d": "Parks"}


def setting(result, **kwargs):
    return words.Setting(names=NAMES, ballots=result.ballots, **kwargs)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (4, "4"),
        (1234, "1,234"),
        (Decimal("4.00000"), "4"),
        (Decimal("3.50000"), "3.5"),
        (Decimal("2.99999"), "2.99"),
        (Decimal("0.00400"), "under 0.01"),
        (Decimal("0.00000"), "0"),
        (Fraction(7, 40), "0.17"),
        (Fraction(5, 2), "2.5"),
    ],
)
def test_vote_values_have_at_most_two_decimal_places_rounded_down(value, shown):
    assert words.human_value(value) == shown


def test_the_irv_story_when_someone_wins_straight_away():
    result = count("irv", list("abc"), [["a"]] * 7 + [["b"]] * 3 + [["c"]] * 2)
    assert words.story(result, setting(result)) == [
        "12 people voted, putting the nominations in order.",
        "At count 1, “Free bus travel” had 7 of the 12 votes, more than half, so it won"
        " straight away.",
    ]


def test_the_irv_story_tells_a_long_run_of_eliminations_in_one_sentence():
    names = {str(n): f"Issue {n}" for n in range(1, 8)}
    ballots = [["1"]] * 9 + [["2"]] * 8 + [["3", "1"]] * 7 + [["4", "1"]] * 6
    ballots += [["5", "1"]] * 5 + [["6", "2"]] * 4 + [["7", "3"]] * 3
    result = count("irv", list(names), ballots)
    told = words.story(result, words.Setting(names=names, ballots=result.ballots))
    assert told[1].startswith("No nomination had more than half of the votes at count 1")
    assert told[2].startswith("The same happened at counts 2 to ")
    assert "were out, one at a time" in told[2]
    assert told[-1].endswith("more than half, and won.")
    assert len(told) == 5


def test_the_stv_story_when_places_are_filled_at_the_first_count():
    result = count("stv", list("abcd"), [["a"]] * 5 + [["b"]] * 5 + [["c"]] * 2, seats=2)
    told = " ".join(words.story(result, setting(result)))
    assert "a nomination needed 5 votes: the quota" in told
    assert "At count 1, “Free bus travel” (5) and “Counsellors in schools” (5) had enough" in told
    assert told.endswith("won, filling the 2 places.")


def test_the_approval_story_names_the_winner_and_who_came_next():
    result = count("approval", list("abc"), [["a", "b"], ["a"], ["a", "c"], ["b"]])
    told = words.story(result, setting(result, max_choices=2))
    assert told == [
        "4 people voted, ticking up to 2 nominations each.",
        "“Free bus travel” had the most approvals (3), so it won.",
        "Next came “Counsellors in schools” (2).",
    ]


def test_an_uncontested_story_for_a_shortlist():
    told = words.uncontested_story(
        "no more nominations than places",
        nominations=2,
        places=3,
        setting=words.Setting(names={}, ballots=4, is_last=False, next_round="Round 2"),
    )
    assert told == [
        "No count was needed: there were 2 nominations for 3 places, so every one went"
        " through to Round 2."
    ]


def test_only_the_words_a_method_uses_are_explained():
    approval = count("approval", list("abc"), [["a", "b"], ["a"]])
    assert words.explanations(approval, setting(approval)) == []
    irv = count("irv", list("abc"), [["a"]] * 3 + [["b"]] * 2)
    assert [e.term for e in words.explanations(irv, setting(irv))] == ["Transfer"]
    stv = count("stv", list("abcd"), [["a", "b"]] * 6 + [["c"]] * 3 + [["d"]] * 2, seats=2)
    assert [e.term for e in words.explanations(stv, setting(stv))][:2] == ["Quota", "Transfer"]


def test_ties_are_told_at_the_count_whose_totals_were_tied():
    result = count("irv", list("abc"), [["a"]] * 3 + [["b"]] * 2 + [["c", "b"]] * 2, seed="s")
    (tie,) = words.tie_sentences(result, setting(result))
    assert tie.startswith("At count 1, “Counsellors in schools” and “Phone data” were tied for")
    assert "Out: " in tie
