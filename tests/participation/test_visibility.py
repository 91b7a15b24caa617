"""One visibility rule on every surface: a nomination's public page, its statements and
related lists show what is not public only to its author and to those the moderation
rules allow for its state (escalations: senior moderators, never volunteers)."""

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions

from cms import roles
from moderation import selectors as moderation_selectors
from moderation import services as moderation
from participation.models import Nomination, SupportingStatement
from participation.selectors.nominations import nomination_visible_statements
from participation.selectors.related import related_items
from tests.factories import ParticipantFactory
from tests.participation.factories import approve, campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def role_permissions(db):
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    roles.sync_role_permissions()


@pytest.fixture
def open_vote():
    return campaign_vote(open_round=None)


def detail_url(page, nomination) -> str:
    return page.url + page.reverse_subpage("nomination-detail", args=[nomination.pk])


def put_in(state, nomination, *, senior):
    item = moderation_selectors.item_for(nomination)
    if state == "escalated":
        moderation.item_escalate(item=item, moderator=senior, kind="policy", reason="A question")
    elif state == "rejected":
        moderation.item_reject(item=item, moderator=senior, reason="off-topic")
    elif state == "hidden":
        approve(nomination, senior)
        for _ in range(2):  # two new accounts: weight 0.5 each
            moderation.item_report(
                item=item, reporter=ParticipantFactory(), reason="Unsafe", kind="danger"
            )
        assert moderation_selectors.item_for(nomination).is_hidden


# who → the status of the public page of someone else's nomination in that state.
EXPECTED = {
    "escalated": {"volunteer": 404, "senior_moderator": 200, "policy_editor": 200},
    "pending": {"volunteer": 200, "senior_moderator": 200, "policy_editor": 200},
    "rejected": {"volunteer": 200, "senior_moderator": 200, "policy_editor": 200},
    "hidden": {"volunteer": 200, "senior_moderator": 200, "policy_editor": 200},
}
EVERYONE = {"participant": 200, "other_participant": 404, "visitor": 404}


@pytest.mark.parametrize("state", sorted(EXPECTED))
@pytest.mark.parametrize(
    "who", ["participant", "other_participant", "visitor", *sorted(EXPECTED["escalated"])]
)
def test_the_public_page_of_a_nomination_that_is_not_public(
    request, client_for, open_vote, participant, senior_moderator, state, who
):
    (nomination,) = submitted_nominations(
        open_vote, 1, author=participant, titles=["Safer walks home at night"]
    )
    put_in(state, nomination, senior=senior_moderator)
    expected = EVERYONE.get(who) or EXPECTED[state][who]
    client = request.getfixturevalue(who) if who == "visitor" else None
    client = client or client_for(request.getfixturevalue(who))
    response = client.get(detail_url(open_vote, nomination))
    assert response.status_code == expected
    page = response.content.decode()
    assert ("Safer walks home at night" in page) is (expected == 200)


def test_a_volunteer_cannot_read_an_escalated_nomination_anywhere_on_the_site(
    client_for, open_vote, participant, volunteer, senior_moderator
):
    (nomination,) = submitted_nominations(
        open_vote, 1, author=participant, titles=["Safer walks home at night"]
    )
    put_in("escalated", nomination, senior=senior_moderator)
    client = client_for(volunteer)
    for url in (open_vote.url, detail_url(open_vote, nomination)):
        assert "Safer walks home at night" not in client.get(url).content.decode()
    assert not Nomination.objects.visible_to(volunteer).filter(pk=nomination.pk).exists()
    assert Nomination.objects.visible_to(senior_moderator).filter(pk=nomination.pk).exists()
    assert Nomination.objects.visible_to(participant).filter(pk=nomination.pk).exists()


def test_an_escalated_statement_is_not_shown_to_a_volunteer_nor_counted(
    client_for, open_vote, participant, other_participant, volunteer, senior_moderator
):
    (nomination,) = submitted_nominations(
        open_vote, 1, author=participant, moderator=senior_moderator
    )
    statement = SupportingStatement.objects.create(
        nomination=nomination, author=other_participant, text="It happened to my friend too."
    )
    moderation.item_submit(
        obj=statement, author=other_participant, text_fields={"text": statement.text}
    )
    moderation.item_escalate(
        item=moderation_selectors.item_for(statement),
        moderator=senior_moderator,
        kind="personal_details",
        reason="Names a friend",
    )
    url = detail_url(open_vote, nomination)
    assert "It happened to my friend" not in client_for(volunteer).get(url).content.decode()
    assert "It happened to my friend" in client_for(other_participant).get(url).content.decode()
    assert "It happened to my friend" in client_for(senior_moderator).get(url).content.decode()
    assert nomination_visible_statements(nomination, volunteer) == []
    counted = Nomination.objects.with_counts().get(pk=nomination.pk)
    assert not counted.statement_count  # public counts never include it


def test_related_lists_show_only_public_nominations(
    open_vote, participant, senior_moderator, volunteer
):
    public, escalated = submitted_nominations(
        open_vote, 2, author=participant, titles=["Cheaper buses", "Cheaper trains"]
    )
    approve(public, senior_moderator)
    put_in("escalated", escalated, senior=senior_moderator)
    titles = [r.title for r in related_items([public.topic_id], user=volunteer)]
    assert "Cheaper buses" in titles and "Cheaper trains" not in titles
