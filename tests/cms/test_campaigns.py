"""Campaign pages as a visitor sees them, and following a campaign."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms import services
from cms.models import CampaignFollow, CampaignPage, CampaignStatus
from tests.cms.campaigns import campaign_index, campaign_page, finished_vote

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def index(site):
    return campaign_index(site)


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_the_campaigns_page_says_so_when_there_are_none(visitor, index):
    html = html_of(visitor, index.url)
    assert "There are no campaigns yet" in html
    assert html.count("<h1") == 1


def test_the_campaigns_page_lists_live_campaigns_newest_first_with_their_latest_update(
    visitor, index
):
    older = campaign_page(index, title="Older campaign", slug="older")
    newer = campaign_page(
        index,
        title="Newer campaign",
        slug="newer",
        status=CampaignStatus.WON,
        updates=[(dt.date(2026, 3, 1), "First step"), (dt.date(2026, 5, 2), "Latest step")],
    )
    CampaignPage.objects.filter(pk=older.pk).update(
        first_published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    CampaignPage.objects.filter(pk=newer.pk).update(
        first_published_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    )
    draft = campaign_page(index, title="Not yet signed off", slug="draft", live=False)
    html = html_of(visitor, index.url)
    assert html.index("Newer campaign") < html.index("Older campaign")
    assert draft.title not in html
    assert "Latest update" in html and "Latest step" in html and "First step" not in html
    assert "Won" in html
    assert "No updates yet." in html  # the older one


def test_a_campaign_without_a_nomination_or_updates_still_reads_well(visitor, index):
    page = campaign_page(index, what_we_will_do="")
    html = html_of(visitor, page.url)
    assert html.count("<h1") == 1
    assert "Why: young people chose it" not in html
    assert "What we will do" not in html
    assert "No updates yet." in html
    assert "Follow this campaign" in html


def test_a_campaign_shows_why_what_and_its_updates_newest_first(visitor, volunteer, index):
    vote = finished_vote(volunteer)
    page = campaign_page(
        index,
        nomination=vote.winner,
        status=CampaignStatus.ACTIVE,
        what_we_will_do="<p>Talk to every council.</p>",
        updates=[
            (dt.date(2026, 1, 5), "We wrote to MPs"),
            (dt.date(2026, 4, 9), "A council agreed"),
        ],
    )
    html = html_of(visitor, page.url)
    assert "Campaigning now" in html
    assert "Clean air" in html  # the nomination's title, linked
    nomination_url = vote.page.url + vote.page.reverse_subpage(
        "nomination-detail", args=[vote.winner.pk]
    )
    assert f'href="{nomination_url}"' in html
    assert "<strong>2</strong> people said “me too”" in html
    results_url = vote.page.url + vote.page.reverse_subpage("results", args=[2])
    assert f'href="{results_url}"' in html
    assert "Talk to every council." in html
    assert html.index("A council agreed") < html.index("We wrote to MPs")
    assert '<time datetime="2026-04-09">9 April 2026</time>' in html


def test_the_why_disappears_when_the_nomination_is_no_longer_public(visitor, volunteer, index):
    vote = finished_vote(volunteer)
    page = campaign_page(index, nomination=vote.winner)
    vote.winner.state = "merged"
    vote.winner.save(update_fields=["state"])
    assert "Why: young people chose it" not in html_of(visitor, page.url)


def test_erasing_the_nomination_keeps_the_campaign(visitor, volunteer, index):
    vote = finished_vote(volunteer)
    page = campaign_page(index, nomination=vote.winner)
    revision = page.save_revision()
    vote.winner.delete()
    page.refresh_from_db()
    assert page.nomination is None
    assert revision.as_object().nomination is None  # an old draft opens, without it
    assert "Why: young people chose it" not in html_of(visitor, page.url)


# --- Following -----------------------------------------------------------------------


@pytest.fixture
def campaign(index):
    return campaign_page(index)


def follow_url(page):
    return page.url + page.reverse_subpage("follow")


def unfollow_url(page):
    return page.url + page.reverse_subpage("unfollow")


def test_a_participant_follows_and_unfollows(client_for, participant, campaign):
    client = client_for(participant)
    response = client.post(follow_url(campaign))
    assert response.status_code == 302 and response["Location"] == campaign.url
    assert CampaignFollow.objects.filter(participant=participant, campaign=campaign).count() == 1
    html = html_of(client, campaign.url)
    assert "You're following this campaign." in html and "Stop following" in html
    response = client.post(unfollow_url(campaign))
    assert response.status_code == 302
    assert not CampaignFollow.objects.filter(participant=participant).exists()
    assert "Follow this campaign" in html_of(client, campaign.url)


def test_following_again_or_refreshing_changes_nothing(client_for, participant, campaign):
    client = client_for(participant)
    client.post(follow_url(campaign))
    client.post(follow_url(campaign))
    client.get(campaign.url)
    client.get(follow_url(campaign))  # an address to come back to, never a change
    assert CampaignFollow.objects.filter(participant=participant).count() == 1
    services.campaign_follow(participant=participant, campaign=campaign)
    assert CampaignFollow.objects.filter(participant=participant).count() == 1


def test_a_visitor_is_sent_to_log_in_and_nothing_is_saved(visitor, campaign):
    response = visitor.post(follow_url(campaign))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert visitor.post(unfollow_url(campaign))["Location"].startswith("/accounts/login/")
    assert not CampaignFollow.objects.exists()


@pytest.mark.parametrize("who", ["volunteer", "policy_editor", "unverified"])
def test_someone_who_is_not_a_participant_cannot_follow(client_for, request, campaign, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.campaign_follow(participant=user, campaign=campaign)
    client_for(user).post(follow_url(campaign))
    assert not CampaignFollow.objects.exists()


def test_a_draft_campaign_cannot_be_followed(participant, index):
    draft = campaign_page(index, slug="draft", live=False)
    with pytest.raises(ValidationError):
        services.campaign_follow(participant=participant, campaign=draft)
    assert not CampaignFollow.objects.exists()


def test_anyone_signed_in_may_stop_following(volunteer, campaign, visitor):
    assert services.campaign_unfollow(participant=volunteer, campaign=campaign) is False
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.campaign_unfollow(participant=AnonymousUser(), campaign=campaign)


def test_campaigns_live_only_under_a_campaign_index_under_home(site, index):
    from cms.models import CampaignIndexPage, StandardPage

    home = site.root_page.specific
    assert CampaignIndexPage.can_create_at(home) and not CampaignIndexPage.can_create_at(index)
    assert CampaignPage.can_create_at(index) and not CampaignPage.can_create_at(home)
    about = StandardPage.objects.get(slug="about")
    assert not CampaignPage.can_create_at(about)


def test_a_draft_campaign_previews_for_its_editors(policy_editor, index):
    draft = campaign_page(index, slug="draft", live=False)
    draft.save_revision(user=policy_editor)
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert draft.title in html and "/follow/" not in html
