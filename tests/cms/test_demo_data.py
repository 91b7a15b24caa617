import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page

from cms.management.commands.demo_data import DEMO_PASSWORD, DEMO_USERS
from participation.models import User
from participation.selectors.participants import ParticipantStatus, participant_status

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_with_debug_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data", stdout=io.StringIO())


def test_running_it_again_changes_nothing(site):
    before = (User.objects.count(), Page.objects.count(), EmailAddress.objects.count())
    with override_settings(DEBUG=True):
        call_command("demo_data", "--site-only", stdout=io.StringIO())
    assert (User.objects.count(), Page.objects.count(), EmailAddress.objects.count()) == before


@pytest.mark.parametrize(("email", "display_name", "role", "profile"), DEMO_USERS)
def test_every_demo_user_can_log_in_with_the_documented_password(
    client, site, email, display_name, role, profile
):
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email=email)
    assert user.display_name == display_name
    expected = ParticipantStatus.PARTICIPANT if profile else ParticipantStatus.INCOMPLETE
    assert participant_status(user) is expected
    if role == "superuser":
        assert user.is_superuser
    elif role:
        assert list(user.groups.values_list("name", flat=True)) == [role]


def test_the_full_demo_has_a_vote_in_round_one_and_one_with_results(client):
    from cms.models import CampaignPage, CampaignUpdate
    from participation.models import CampaignVotePage, RoundResult, Support
    from participation.selectors.rounds import round_ballot_paper

    with override_settings(DEBUG=True):
        call_command("demo_data", stdout=io.StringIO())
    current = CampaignVotePage.objects.get(slug="campaigns-2027")
    assert current.standing().phase == "voting"
    assert 35 <= len(round_ballot_paper(current.ordered_rounds()[0])) <= 45
    finished = CampaignVotePage.objects.get(slug="campaigns-2026")
    assert RoundResult.objects.filter(round__page=finished).count() == 2
    # Its words agree with its count (one winner), and its nominations had supporters.
    assert "the one we campaign on" in finished.introduction
    assert len(RoundResult.objects.get(round__page=finished, round__sort_order=1).winners) == 1
    assert Support.objects.filter(nomination__campaign_vote=finished).count() > 50
    assert (
        client.get(finished.url + finished.reverse_subpage("results", args=[2])).status_code == 200
    )
    assert client.get(current.url).status_code == 200
    # One vote is still taking nominations, so every journey can be tried at once.
    nominating = CampaignVotePage.objects.get(slug="transport-2027")
    assert nominating.standing().phase == "nominations_open"
    assert "Questions people ask" in client.get("/about/").content.decode()
    explorer = client.get("/explore/")
    assert explorer.status_code == 200
    assert "Contacts about mental health" in explorer.content.decode()
    assert "<svg" in explorer.content.decode() and "<table" in explorer.content.decode()
    campaign = CampaignPage.objects.get()
    final = finished.ordered_rounds()[-1]
    assert campaign.live and campaign.nomination_id == final.result.winners[0]
    assert len(campaign.updates_newest_first()) == 3
    assert campaign.title in client.get("/campaigns/").content.decode()
    assert "You said, we did" in client.get(campaign.url).content.decode()
    before = RoundResult.objects.count()
    with override_settings(DEBUG=True):
        call_command("demo_data", stdout=io.StringIO())
    assert RoundResult.objects.count() == before
    assert CampaignPage.objects.count() == 1
    assert CampaignUpdate.objects.count() == 3
