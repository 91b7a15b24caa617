"""The whole loop, in a real browser: from joining to seeing the campaign it led to.

A new young person joins and nominates an issue with evidence; a volunteer approves it
in the admin; another participant supports it; the policy team shortlists, the vote
runs in two rounds (approval, then ranked, ranked by keyboard alone); the count is
published; the policy team promotes the winner to a campaign and publishes it; the
young person who voted sees the news. Every page on the way passes axe.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cms.models import CampaignPage
from moderation.models import ModerationItem
from participation.models import Ballot, Nomination
from tests.e2e import world

pytestmark = [pytest.mark.e2e, pytest.mark.screenshots]


def sign_up(hub, *, email: str, name: str) -> None:
    page = hub.page
    hub.go("/accounts/signup/")
    hub.screenshot("01-join")
    # By keyboard alone: Tab to each field, type; Space ticks; Enter sends.
    hub.key_type(page.get_by_label("Email address"), email)
    hub.key_type(page.get_by_label("Choose a password"), "a-long-and-secret-phrase")
    hub.key_type(page.get_by_label("Type the same password again"), "a-long-and-secret-phrase")
    hub.key_type(page.get_by_label("Display name"), name)
    birthday = dt.date.today().replace(year=dt.date.today().year - 16) - dt.timedelta(days=40)
    hub.key_date(page.get_by_label("Date of birth"), birthday)
    expect(page.get_by_label("Date of birth")).to_have_value(birthday.isoformat())
    hub.key_type(page.get_by_label("Where do you live?"), "London")
    expect(page.get_by_label("Where do you live?")).to_have_value("E12000007")
    hub.key_press(page.get_by_label("I have read and agree to the house rules"), "Space")
    expect(page.get_by_label("I have read and agree to the house rules")).to_be_checked()
    hub.assert_accessible()
    hub.key_follow(page.get_by_role("button", name="Create my account"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("email")
    hub.assert_accessible()
    hub.screenshot("02-check-your-email")

    hub.go(hub.link_in_last_email(email, "/accounts/confirm-email/"))
    hub.screenshot("03-confirm-email")
    hub.key_follow(page.get_by_role("button", name="Verify my email address"))
    expect(page.get_by_role("button", name="Log out").first).to_be_attached()


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def rank_by_keyboard(hub, titles: list[str]) -> None:
    """Give each title its rank with Tab and the arrow keys only, checking after every
    key press that focus stayed on the control in use (WCAG 2.4.3)."""
    page = hub.page
    for rank, title in enumerate(titles, start=1):
        select = page.get_by_role("combobox", name=title)
        select_id = select.get_attribute("id")
        hub.tab_to(select)
        for _ in range(rank):
            page.keyboard.press("ArrowDown")
            assert focused_id(page) == select_id, f"focus left the rank of {title!r}"
        expect(select).to_have_value(str(rank))
    # Every rank is where the keyboard put it, after the list reordered itself.
    for rank, title in enumerate(titles, start=1):
        expect(page.get_by_role("combobox", name=title)).to_have_value(str(rank))


def count_and_close(hub, vote, *, ballots: int) -> None:
    """The policy team counts a round whose voting has ended, from the admin."""
    hub.log_out()
    hub.log_in("policy@example.com")
    hub.go("/admin/campaign-votes/")
    row = hub.page.get_by_role("row").filter(has_text=vote.title)
    row.get_by_role("button", name="Count and close now").click()
    expect(hub.page.locator(".messages")).to_contain_text(f"{ballots} ballots counted")


def test_from_joining_to_a_published_campaign(hub):
    page = hub.page
    tag = world.suffix()
    volunteer = world.User.objects.get(email="volunteer@example.com")
    vote = world.vote_page(
        title=f"What should change where you live? {tag}",
        rounds=[("approval", 2, 2), ("irv", 1, 3)],
    )
    others = [world.participant(f"Voter{tag}{n}") for n in range(4)]
    world.approved_nomination(vote, others[0], "Youth clubs open at weekends", volunteer)
    world.approved_nomination(vote, others[1], "Free period products in schools", volunteer)

    # 1. A young person joins and checks their email.
    email = f"joining.{tag}@example.com"
    sign_up(hub, email=email, name=f"Newcomer{tag}")

    # 2. They nominate an issue, backed by the charity's evidence.
    hub.go(vote.url)
    hub.assert_accessible()
    hub.screenshot("04-vote-page")
    hub.key_follow(page.get_by_role("link", name="Suggest an issue"))
    hub.key_type(page.get_by_label("Title"), "Cheaper buses for under-18s")
    hub.key_type(
        page.get_by_label("What's the issue"),
        "Buses cost too much to get to college, so some of my friends miss lessons.",
    )
    hub.key_type(page.get_by_label("Topic"), "Getting around")
    evidence = page.get_by_label("Evidence 1 (optional)")
    first_snippet = evidence.locator("option").nth(1).text_content().strip()
    hub.key_type(evidence, first_snippet)
    expect(evidence.locator("option:checked")).to_have_text(first_snippet)
    hub.key_type(page.get_by_label("Why evidence 1 backs your idea"), "It shows this is common.")
    hub.assert_accessible()
    hub.screenshot("05-nominate")
    hub.key_follow(page.get_by_role("button", name="Send my nomination"))
    hub.assert_accessible()
    hub.screenshot("06-nomination-sent")
    nomination = Nomination.objects.get(author__email=email, campaign_vote=vote)
    assert nomination.title == "Cheaper buses for under-18s"
    assert nomination.evidence_links.get().snippet.headline == first_snippet
    assert nomination.topic.slug == "getting-around"

    # 3. A volunteer claims it in the admin and approves it.
    item = ModerationItem.objects.get(object_id=nomination.pk, content_type__model="nomination")
    hub.log_out()
    hub.log_in("volunteer@example.com")
    hub.go("/admin/moderation/")
    hub.screenshot("07-moderation-queue")
    page.get_by_role("link", name=f"Nomination {item.pk}", exact=True).click()
    page.get_by_role("button", name="Claim this item").click()
    hub.screenshot("08-moderation-item")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("approved", ignore_case=True)
    item.refresh_from_db()
    assert item.status == "approved"

    # 4. Another participant backs it: "Me too".
    hub.log_out()
    hub.log_in("other.participant@example.com")
    hub.go(vote.url + f"nominations/{nomination.pk}/")
    hub.assert_accessible()
    hub.screenshot("09-nomination")
    hub.key_follow(page.get_by_role("button", name="Me too: I support this"))
    hub.assert_accessible()
    assert nomination.supports.filter(participant__email="other.participant@example.com").exists()

    # 5. Nominations close; the policy team puts all three on the first ballot.
    world.close_nominations(vote)
    first, second = vote.ordered_rounds()
    hub.log_out()
    hub.log_in("policy@example.com")
    hub.go(f"/admin/campaign-votes/rounds/{first.pk}/shortlist/")
    for title in ("Cheaper buses for under-18s", "Youth clubs open at weekends"):
        page.get_by_label(title).check()
    page.get_by_label("Free period products in schools").check()
    page.get_by_role("button", name="Save the shortlist").click()
    expect(page.locator(".messages")).to_be_visible()
    world.open_round(first)

    # 6. The approval vote: the newcomer ticks up to two.
    hub.log_out()
    hub.log_in(email, "a-long-and-secret-phrase")
    hub.go(vote.url)
    hub.key_follow(page.get_by_role("link", name="Vote now").first)
    hub.assert_accessible()
    hub.screenshot("10-approval-ballot")
    hub.key_press(page.get_by_role("checkbox", name="Cheaper buses for under-18s"), "Space")
    hub.key_press(page.get_by_role("checkbox", name="Youth clubs open at weekends"), "Space")
    hub.key_follow(page.get_by_role("button", name="Send my vote"))
    hub.assert_accessible()
    hub.screenshot("11-vote-received")
    assert Ballot.objects.filter(round=first).count() == 1
    shortlisted = {n.title: n for n in Nomination.objects.filter(campaign_vote=vote)}
    world.ballots(
        first,
        [
            (others[0], [shortlisted["Cheaper buses for under-18s"]]),
            (others[1], [shortlisted["Free period products in schools"]]),
            (others[2], [shortlisted["Youth clubs open at weekends"]]),
            (others[3], [shortlisted["Cheaper buses for under-18s"]]),
        ],
    )

    # 7. The first round ends; the policy team counts it.
    world.end_round(first)
    count_and_close(hub, vote, ballots=5)
    world.open_round(second)

    # 8. The ranked vote, by keyboard alone.
    hub.log_out()
    hub.log_in(email, "a-long-and-secret-phrase")
    hub.go(vote.url + "rounds/2/vote/")
    hub.assert_accessible()
    hub.screenshot("12-ranked-ballot")
    rank_by_keyboard(hub, ["Cheaper buses for under-18s", "Youth clubs open at weekends"])
    hub.screenshot("13-ranked-ballot-filled")
    hub.key_follow(page.get_by_role("button", name="Send my vote"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")
    ballot = Ballot.objects.get(round=second, voter__email=email)
    assert ballot.choices == [
        shortlisted["Cheaper buses for under-18s"].pk,
        shortlisted["Youth clubs open at weekends"].pk,
    ]
    world.ballots(
        second,
        [
            (others[0], [shortlisted["Cheaper buses for under-18s"]]),
            (others[1], [shortlisted["Youth clubs open at weekends"]]),
            (others[2], [shortlisted["Cheaper buses for under-18s"]]),
        ],
    )

    # 9. The vote ends; the policy team counts it; everyone can read how it was won.
    world.end_round(second)
    count_and_close(hub, vote, ballots=4)
    hub.log_out()
    hub.go(vote.url + "rounds/2/results/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Cheaper buses for under-18s")
    hub.assert_accessible()
    hub.screenshot("14-results")
    page.set_viewport_size({"width": 375, "height": 800})
    hub.assert_accessible()
    page.set_viewport_size({"width": 1280, "height": 900})

    # 10. The policy team starts a campaign from the winner and sends it for sign-off.
    hub.log_in("policy@example.com")
    hub.go("/admin/campaign-votes/")
    row = page.get_by_role("row").filter(has_text=vote.title)
    row.get_by_role("button", name="Start a campaign from this nomination").click()
    expect(page.locator("#id_title")).to_have_value("Cheaper buses for under-18s")
    hub.screenshot("15-campaign-draft")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Campaign sign-off").click()
    expect(page.locator(".messages")).to_contain_text("submitted", ignore_case=True)

    # 11. Sign-off: the policy team's review, then a senior moderator's, publishes it.
    campaign = CampaignPage.objects.get(nomination=nomination)
    for reviewer in ("policy@example.com", "senior.moderator@example.com"):
        hub.log_out()
        hub.log_in(reviewer)
        hub.go(f"/admin/pages/{campaign.pk}/edit/")
        page.get_by_role("button", name="More actions").click()
        # The last step's button says what it does: "Approve and Publish".
        page.get_by_role("button", name=re.compile(r"^Approve( and Publish)?$")).click()
        expect(page.locator(".messages")).to_contain_text("has been")
    campaign.refresh_from_db()
    assert campaign.live

    # 12. The young person who started it hears, and reads the campaign.
    hub.log_out()
    hub.log_in(email, "a-long-and-secret-phrase")
    page.get_by_role("link", name="Messages").click()
    hub.assert_accessible()
    hub.screenshot("16-messages")
    news = page.get_by_role("listitem").filter(has_text="Your issue is now a campaign")
    news.get_by_role("link", name="Have a look").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(campaign.title)
    hub.assert_accessible()
    hub.screenshot("17-campaign")
