"""A ballot paper as a voter meets it: every choice has its title as its name, a line
of its text to tell it apart, and a link to read more that keeps the ballot open."""

import re
from html.parser import HTMLParser

import pytest

from participation.forms import nomination_summary
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

LONG = (
    "Young people leaving care at 18 lose their support overnight, and many end up "
    "sofa-surfing or in hostels because nobody checks where they go next, which is why "
    "we want a named worker for everyone until they are 25."
)


class Paper(HTMLParser):
    """Labels, form controls, links and the text of every element with an id."""

    def __init__(self):
        super().__init__()
        self.labels: dict[str, dict] = {}
        self.controls: list[dict] = []
        self.links: list[dict] = []
        self.text_by_id: dict[str, str] = {}
        self.scripts: list[dict] = []
        self._open: list[tuple[str, dict, list]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "a" and any(t == "label" for t, _, _ in self._open):
            self.links.append({**attrs, "inside_label": True})
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append((tag, attrs, []))

    def handle_endtag(self, tag):
        while self._open:
            name, attrs, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            for _, _, outer in self._open:
                outer.append("".join(parts))
            if name == "label" and "for" in attrs:
                self.labels[attrs["for"]] = {"text": text}
            if name == "a":
                self.links.append({**attrs, "text": text})
            if "id" in attrs:
                self.text_by_id[attrs["id"]] = text
            if name == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def paper(client, page, number=1):
    response = client.get(page.url + page.reverse_subpage("ballot", args=[number]))
    assert response.status_code == 200
    parsed = Paper()
    parsed.feed(response.content.decode())
    return parsed


@pytest.fixture
def approval_vote(volunteer):
    page = campaign_vote(rounds=(("approval", 2, 2),))
    issues = submitted_nominations(
        page, 3, author=ParticipantFactory(), moderator=volunteer, titles=["Care leavers"] * 3
    )
    texts = [LONG, "Help finding a flat.", "A worker until 25."]
    for nomination, text in zip(issues, texts, strict=True):
        nomination.description = text
        nomination.save()
    return page, issues


@pytest.fixture
def ranked_vote(volunteer):
    page = campaign_vote(rounds=(("irv", 1, 3),))
    issues = submitted_nominations(
        page, 3, author=ParticipantFactory(), moderator=volunteer, titles=["A", "B", "C"]
    )
    return page, issues


def detail_url(page, nomination):
    return page.url + page.reverse_subpage("nomination-detail", args=[nomination.pk])


def test_each_approval_choice_has_its_title_a_summary_and_a_link(
    client_for, participant, approval_vote
):
    page, issues = approval_vote
    ballot = paper(client_for(participant), page)
    boxes = [c for c in ballot.controls if c.get("type") == "checkbox"]
    assert len(boxes) == 3
    for box in boxes:
        nomination = next(n for n in issues if str(n.pk) == box["value"])
        # Its name is the title alone; the summary describes it.
        assert ballot.labels[box["id"]]["text"] == "Care leavers"
        summary = ballot.text_by_id[box["aria-describedby"]]
        assert summary == nomination_summary(nomination.description)
        (link,) = [a for a in ballot.links if a.get("href") == detail_url(page, nomination)]
        assert link["target"] == "_blank" and "noopener" in link["rel"]
        assert link["text"] == "Read more about “Care leavers” (opens in a new tab)"
    # Three choices with one title can still be told apart.
    summaries = {ballot.text_by_id[box["aria-describedby"]] for box in boxes}
    assert len(summaries) == 3
    assert not [a for a in ballot.links if a.get("inside_label")]


def test_a_long_text_is_cut_at_a_word(client_for, participant, approval_vote):
    page, issues = approval_vote
    ballot = paper(client_for(participant), page)
    summary = ballot.text_by_id[f"summary-{issues[0].pk}"]
    assert summary.endswith("…") and len(summary) <= 141
    assert LONG.startswith(summary[:-1])
    assert LONG[len(summary) - 1] == " "  # the cut falls between words


def test_ticks_stay_ticked_when_the_ballot_comes_back_with_a_problem(
    client_for, participant, approval_vote
):
    page, issues = approval_vote
    response = client_for(participant).post(
        page.url + page.reverse_subpage("ballot", args=[1]),
        {"choices": [n.pk for n in issues]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "You can choose up to 2" in html
    assert len(re.findall(r'type="checkbox"[^>]* checked', html)) == 3
    assert 'aria-describedby="choices-error"' in html


def test_each_ranked_choice_has_its_title_a_summary_and_a_link(
    client_for, participant, ranked_vote
):
    page, issues = ranked_vote
    ballot = paper(client_for(participant), page)
    selects = [c for c in ballot.controls if c.get("name", "").startswith("rank_")]
    assert len(selects) == 3
    for select in selects:
        nomination = next(n for n in issues if select["name"] == f"rank_{n.pk}")
        assert ballot.labels[select["id"]]["text"] == nomination.title
        assert ballot.text_by_id[select["aria-describedby"]] == f"Why {nomination.title} matters."
        (link,) = [a for a in ballot.links if a.get("href") == detail_url(page, nomination)]
        assert link["target"] == "_blank" and "(opens in a new tab)" in link["text"]
    assert not [a for a in ballot.links if a.get("inside_label")]


def test_the_ranked_ballot_has_a_status_region_and_no_inline_script(
    client_for, participant, ranked_vote
):
    page, _ = ranked_vote
    ballot = paper(client_for(participant), page)
    assert "ranked-ballot-status" in ballot.text_by_id
    assert all(script.get("src") for script in ballot.scripts)
    assert any(s["src"].endswith("participation/ranked-ballot.js") for s in ballot.scripts)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("Short and sweet.", "Short and sweet."),
        ("Lines\n\nand   spaces\tbecome one line.", "Lines and spaces become one line."),
        ("<b>No</b> tags &amp; no entities", "No tags & no entities"),
        ("word " * 40, ("word " * 28).strip() + "…"),
        ("x" * 200, "x" * 140 + "…"),
        ("Ends with a comma, " + "y" * 130 + " and more", "Ends with a comma…"),
    ],
)
def test_a_nomination_summary_is_one_line_cut_at_a_word(text, summary):
    assert nomination_summary(text) == summary
