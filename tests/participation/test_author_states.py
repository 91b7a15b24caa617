"""What a young person is told about their own nomination: plain states that never
reveal what others did (reports) or how the team routes work (escalations)."""

import html

import pytest

from moderation import services as moderation
from moderation.author_view import author_state
from moderation.redaction import Span
from moderation.screening import FlagKind
from participation.services import nominations as services
from tests.factories import ParticipantFactory
from tests.participation.factories import approve, campaign_vote, topic

pytestmark = pytest.mark.django_db

NEVER = ("report", "escalat", "senior", "flag", "safeguarding", "risk")


@pytest.fixture
def open_vote():
    return campaign_vote(open_round=None)


def nominate(page, participant, description="Getting to college costs too much."):
    return services.nomination_submit(
        participant=participant,
        campaign_vote=page,
        title="Free bus travel for under-18s",
        description=description,
        topic=topic(),
    )


def pages_for(client, open_vote, nomination) -> list[str]:
    detail = open_vote.url + open_vote.reverse_subpage("nomination-detail", args=[nomination.pk])
    return [
        html.unescape(client.get("/me/participation/").content.decode()),
        html.unescape(client.get(detail).content.decode()),
    ]


def assert_shows(pages, label):
    for page in pages:
        text = page.lower()
        assert label.lower() in text, label
        # The author's own pages: nothing about reports, escalation or flags.
        status = text[text.find(label.lower()) - 200 : text.find(label.lower()) + 600]
        for word in NEVER:
            assert word not in status, word


def reporters(count):
    return [ParticipantFactory() for _ in range(count)]


def test_waiting(open_vote, participant, client_for):
    nomination, _ = nominate(open_vote, participant)
    assert_shows(
        pages_for(client_for(participant), open_vote, nomination), "Waiting for a volunteer"
    )


def test_published(open_vote, participant, volunteer, client_for):
    nomination, _ = nominate(open_vote, participant)
    approve(nomination, volunteer)
    page = client_for(participant).get("/me/participation/").content.decode()
    assert "Published." in page


def test_not_published_says_why(open_vote, participant, volunteer, client_for):
    nomination, item = nominate(open_vote, participant)
    moderation.item_reject(
        item=item, moderator=volunteer, reason="off-topic", note_to_author="Try the local page."
    )
    pages = pages_for(client_for(participant), open_vote, nomination)
    assert_shows(pages, "Not published")
    assert "Try the local page." in pages[0] and "send it again" in pages[0]


@pytest.mark.parametrize("kind", ["safeguarding", "personal_details", "house_rule", "policy"])
def test_escalated_is_only_we_are_looking(open_vote, participant, volunteer, client_for, kind):
    nomination, item = nominate(open_vote, participant)
    moderation.item_escalate(item=item, moderator=volunteer, kind=kind, reason="A question")
    pages = pages_for(client_for(participant), open_vote, nomination)
    assert_shows(pages, "We're looking at this")
    for page in pages:
        assert "Escalated to a senior moderator" not in page


def test_after_reports_the_author_never_reads_reported(
    open_vote, participant, volunteer, client_for
):
    nomination, item = nominate(open_vote, participant)
    approve(nomination, volunteer)
    first, second = reporters(2)
    moderation.item_report(item=item, reporter=first, reason="Unkind", kind="danger")
    page = client_for(participant).get("/me/participation/").content.decode()
    assert "Published." in page and "Reported after approval" not in page
    moderation.item_report(item=item, reporter=second, reason="Unkind", kind="danger")
    pages = pages_for(client_for(participant), open_vote, nomination)
    assert_shows(pages, "We're looking at this")
    for page in pages:
        assert "Reported after approval" not in page


def test_a_case_closing_shows_the_real_outcome(
    open_vote, participant, volunteer, senior_moderator, client_for
):
    nomination, item = nominate(open_vote, participant, "I'm scared to go home, he hits me.")
    moderation.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Unsafe")
    assert_shows(pages_for(client_for(participant), open_vote, nomination), "We're looking at this")
    moderation.item_reject(item=item, moderator=senior_moderator, reason="personal-details")
    case = item.cases.get()
    moderation.case_record(
        case=case, moderator=senior_moderator, status="closed", note="Signposted; safe."
    )
    assert_shows(pages_for(client_for(participant), open_vote, nomination), "Not published")


def test_published_with_details_removed(open_vote, participant, volunteer, client_for):
    nomination, item = nominate(open_vote, participant, "Ring me on 07700 900123 about it.")
    spans = [Span(f.field, f.start, f.end) for f in item.flag_list if f.kind == FlagKind.PERSONAL]
    moderation.item_redact(item=item, moderator=volunteer, spans=spans)
    approve(nomination, volunteer)
    page = client_for(participant).get("/me/participation/").content.decode()
    assert "Published." in page and "[removed]" in page


def test_something_never_sent_for_checking_is_just_sent():
    assert author_state(None).label == "Sent"
