"""Starting a campaign from a vote's winner: the service, the admin button and its view."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Page

from cms import services
from cms.models import CampaignIndexPage, CampaignPage, CampaignStatus
from participation.models import NominationState
from tests.cms.campaigns import campaign_index, finished_vote

pytestmark = pytest.mark.django_db

VOTE_LIST = "/admin/campaign-votes/"


def promote_url(nomination_id) -> str:
    return f"/admin/campaigns/promote/{nomination_id}/"


@pytest.fixture
def index(site):
    return campaign_index(site)


@pytest.fixture
def vote(volunteer):
    return finished_vote(volunteer)


def test_the_policy_team_starts_a_draft_campaign_from_the_winner(
    client_for, policy_editor, index, vote
):
    client = client_for(policy_editor)
    listing = client.get(VOTE_LIST).content.decode()
    assert "Won: <strong>Clean air</strong>" in listing
    assert promote_url(vote.winner.pk) in listing
    assert promote_url(vote.runner_up.pk) not in listing  # went through round 1 only

    response = client.post(promote_url(vote.winner.pk))
    page = CampaignPage.objects.get(nomination=vote.winner)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert page.get_parent().pk == index.pk
    assert not page.live and page.owner == policy_editor
    assert page.title == "Clean air" and page.slug == "clean-air"
    assert page.summary == vote.winner.description
    assert page.status == CampaignStatus.PLANNING
    assert list(page.topics.all()) == [vote.winner.topic]
    assert page.get_latest_revision().as_object().nomination_id == vote.winner.pk
    edit = client.get(response["Location"])
    assert edit.status_code == 200
    assert "A draft campaign “Clean air” has started" in edit.content.decode()
    assert "Open its campaign (draft)" in client.get(VOTE_LIST).content.decode()


def test_promoting_twice_opens_the_campaign_already_started(policy_editor, client_for, index, vote):
    first = services.campaign_promote(nomination=vote.winner, user=policy_editor)
    with pytest.raises(services.CampaignAlreadyStarted) as refused:
        services.campaign_promote(nomination=vote.winner, user=policy_editor)
    assert refused.value.campaign.pk == first.pk
    response = client_for(policy_editor).post(promote_url(vote.winner.pk))
    assert response["Location"] == f"/admin/pages/{first.pk}/edit/"
    assert CampaignPage.objects.count() == 1


def test_a_second_campaign_with_the_same_title_gets_its_own_address(policy_editor, index, vote):
    from tests.cms.campaigns import campaign_page

    campaign_page(index, title="Clean air", slug="clean-air")
    page = services.campaign_promote(nomination=vote.winner, user=policy_editor)
    assert page.slug == "clean-air-2"


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("runner_up", "didn't win the final round"),
        ("loser", "didn't win the final round"),
    ],
)
def test_a_nomination_that_did_not_win_the_final_round_is_refused(
    policy_editor, index, vote, which, message
):
    with pytest.raises(ValidationError, match=message):
        services.campaign_promote(nomination=getattr(vote, which), user=policy_editor)
    assert not CampaignPage.objects.exists()


def test_going_through_from_an_earlier_round_is_not_winning(policy_editor, volunteer, index):
    vote = finished_vote(volunteer, final_closed=False)
    with pytest.raises(ValidationError, match="hasn't finished yet"):
        services.campaign_promote(nomination=vote.winner, user=policy_editor)
    assert not CampaignPage.objects.exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (NominationState.WITHDRAWN, "withdrawn by its author"),
        (NominationState.INELIGIBLE, "not eligible"),
    ],
)
def test_a_winner_no_longer_active_is_refused(policy_editor, index, vote, state, message):
    vote.winner.state = state
    vote.winner.save(update_fields=["state"])
    with pytest.raises(ValidationError, match=message):
        services.campaign_promote(nomination=vote.winner, user=policy_editor)
    assert not CampaignPage.objects.exists()


def test_a_winner_taken_off_the_site_by_moderation_is_refused(
    policy_editor, senior_moderator, index, vote
):
    from moderation.models import ModerationItem, Status

    ModerationItem.objects.filter(object_id=vote.winner.pk).update(status=Status.REJECTED)
    with pytest.raises(ValidationError, match="isn't approved by a moderator"):
        services.campaign_promote(nomination=vote.winner, user=policy_editor)
    assert not CampaignPage.objects.exists()


def test_without_a_campaigns_page_it_says_what_to_do(client_for, policy_editor, site, vote):
    assert not CampaignIndexPage.objects.exists()
    pages_before = Page.objects.count()
    with pytest.raises(ValidationError, match="Add a “campaign index” page"):
        services.campaign_promote(nomination=vote.winner, user=policy_editor)
    response = client_for(policy_editor).post(promote_url(vote.winner.pk), follow=True)
    assert "Add a “campaign index” page" in response.content.decode()
    assert Page.objects.count() == pages_before


@pytest.mark.parametrize("who", ["volunteer", "senior_moderator", "participant"])
def test_other_roles_cannot_start_a_campaign(client_for, request, index, vote, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.campaign_promote(nomination=vote.winner, user=user)
    response = client_for(user).post(promote_url(vote.winner.pk))
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/admin/pages/")
    assert not CampaignPage.objects.exists()


def test_an_administrator_can_start_one(admin, index, vote):
    assert services.campaign_promote(nomination=vote.winner, user=admin).nomination == vote.winner


@pytest.mark.parametrize("nomination_id", [0, 2**63, 10**30, 999_999])
def test_an_unknown_nomination_is_not_found(client_for, policy_editor, nomination_id):
    assert client_for(policy_editor).post(promote_url(nomination_id)).status_code == 404


def test_the_promote_address_only_takes_a_post(client_for, policy_editor, index, vote):
    assert client_for(policy_editor).get(promote_url(vote.winner.pk)).status_code == 405
    assert not CampaignPage.objects.exists()
