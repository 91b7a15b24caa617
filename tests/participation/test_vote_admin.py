"""The policy team sets up a campaign vote and runs it from the admin."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from participation.models import (
    CampaignVotePage,
    Nomination,
    NominationState,
    Round,
    RoundResult,
    ShortlistEntry,
)
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def when(days: float) -> str:
    return timezone.localtime(timezone.now() + days * DAY).strftime("%Y-%m-%d %H:%M")


def round_data(method="approval", opens=12, closes=14, advance=3, max_choices=3, **extra):
    return {
        "title": "",
        "method": method,
        "opens_at": when(opens),
        "closes_at": when(closes),
        "advance_count": advance,
        "max_choices": max_choices,
        **extra,
    }


def page_data(rounds, **overrides):
    data = {
        "title": "Our 2027 campaigns",
        "slug": "our-2027-campaigns",
        "introduction": rich_text("<p>Have your say.</p>"),
        "nominations_open_at": when(1),
        "nominations_close_at": when(10),
        "rounds": inline_formset(rounds),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_page(client, site, data):
    return client.post(
        f"/admin/pages/add/participation/campaignvotepage/{site.root_page.pk}/", data
    )


def test_the_policy_team_creates_a_vote_with_rounds(client_for, policy_editor, site):
    response = add_page(
        client_for(policy_editor),
        site,
        page_data([round_data(), round_data("irv", 15, 17, advance=1)]),
    )
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    page = CampaignVotePage.objects.get(slug="our-2027-campaigns")
    assert [r.method for r in page.ordered_rounds()] == ["approval", "irv"]


@pytest.mark.parametrize(
    ("rounds", "overrides", "message"),
    [
        ([round_data(opens=5, closes=14)], {}, "Round 1 opens before nominations close"),
        (
            [round_data(), round_data(opens=13, closes=16)],
            {},
            "Round 2 opens before round 1 closes",
        ),
        ([round_data(opens=14, closes=13)], {}, "A round must close after it opens"),
        ([round_data("irv", advance=3)], {}, "picks one winner"),
        (
            [round_data()],
            {"nominations_close_at": when(0.5)},
            "Nominations must close after they open",
        ),
    ],
)
def test_a_calendar_that_does_not_make_sense_is_refused(
    client_for, policy_editor, site, rounds, overrides, message
):
    response = add_page(client_for(policy_editor), site, page_data(rounds, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CampaignVotePage.objects.filter(slug="our-2027-campaigns").exists()


def test_a_round_cannot_change_once_it_has_opened(client_for, policy_editor):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    client = client_for(policy_editor)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    rounds = [
        {
            "id": round_.pk,
            "title": "",
            "method": "approval",
            "opens_at": timezone.localtime(round_.opens_at).strftime("%Y-%m-%d %H:%M"),
            "closes_at": timezone.localtime(round_.closes_at + DAY).strftime("%Y-%m-%d %H:%M"),
            "advance_count": 2,
            "max_choices": 3,
        }
    ]
    data = page_data(
        rounds,
        title=page.title,
        slug=page.slug,
        nominations_open_at=timezone.localtime(page.nominations_open_at).strftime("%Y-%m-%d %H:%M"),
        nominations_close_at=timezone.localtime(page.nominations_close_at).strftime(
            "%Y-%m-%d %H:%M"
        ),
    )
    data["rounds-INITIAL_FORMS"] = "1"
    response = client.post(edit_url, data)
    assert "has opened, so its settings can&#x27;t change" in response.content.decode()
    assert Round.objects.get(pk=round_.pk).closes_at == round_.closes_at


def test_merging_and_marking_ineligible_from_the_admin(client_for, policy_editor, volunteer):
    page = campaign_vote(open_round=None)
    source, target, other = submitted_nominations(
        page, 3, author=ParticipantFactory(), moderator=volunteer
    )
    client = client_for(policy_editor)
    listing = client.get(f"/admin/campaign-votes/{page.pk}/nominations/")
    assert listing.status_code == 200 and source.title in listing.content.decode()
    response = client.post(
        f"/admin/campaign-votes/nominations/{source.pk}/merge/", {"target": target.pk}
    )
    assert response.status_code == 302
    assert Nomination.objects.get(pk=source.pk).merged_into_id == target.pk
    empty = client.post(f"/admin/campaign-votes/nominations/{other.pk}/ineligible/", {"reason": ""})
    assert empty.status_code == 400
    assert Nomination.objects.get(pk=other.pk).state == NominationState.ACTIVE
    client.post(
        f"/admin/campaign-votes/nominations/{other.pk}/ineligible/", {"reason": "A council matter."}
    )
    assert Nomination.objects.get(pk=other.pk).state == NominationState.INELIGIBLE


def test_the_policy_team_picks_a_shortlist_before_the_round_opens(
    client_for, policy_editor, volunteer
):
    page = campaign_vote(open_round=None, rounds=(("approval", 2, 3),))
    issues = submitted_nominations(page, 4, author=ParticipantFactory(), moderator=volunteer)
    round_ = page.ordered_rounds()[0]
    client = client_for(policy_editor)
    url = f"/admin/campaign-votes/rounds/{round_.pk}/shortlist/"
    assert client.post(url, {"nominations": [issues[0].pk]}).status_code == 400
    client.post(url, {"nominations": [issues[0].pk, issues[2].pk]})
    assert sorted(
        ShortlistEntry.objects.filter(round=round_).values_list("nomination_id", flat=True)
    ) == [issues[0].pk, issues[2].pk]


def test_an_open_rounds_shortlist_is_fixed(client_for, policy_editor, volunteer):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    round_ = page.ordered_rounds()[0]
    response = client_for(policy_editor).post(
        f"/admin/campaign-votes/rounds/{round_.pk}/shortlist/",
        {"nominations": [i.pk for i in issues[:2]]},
    )
    assert response.status_code == 400
    assert "has opened" in response.content.decode()
    assert not ShortlistEntry.objects.filter(round=round_).exists()


def test_closing_from_the_admin_only_after_voting_ends(client_for, policy_editor):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    client = client_for(policy_editor)
    client.post(f"/admin/campaign-votes/rounds/{round_.pk}/close/")
    assert not RoundResult.objects.exists()
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    client.post(f"/admin/campaign-votes/rounds/{round_.pk}/close/")
    assert RoundResult.objects.filter(round=round_).exists()


@pytest.mark.parametrize("who", ["volunteer", "participant", "senior_moderator"])
def test_other_roles_cannot_use_the_policy_tools(client_for, request, who):
    page = campaign_vote(open_round=None)
    response = client_for(request.getfixturevalue(who)).get(
        f"/admin/campaign-votes/{page.pk}/nominations/"
    )
    assert response.status_code in (302, 403)
