"""Everything a young person does on the Listening Hub, with JavaScript switched off.

Scripts fail to load on slow phone networks, are blocked by some school and library
filters, and some people turn them off. Each journey here runs in a browser context
with JavaScript disabled, finishes, and the database then holds exactly what the
person did: their account, their nomination, their ballot with its choices.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from playwright.sync_api import Page, expect

from participation.models import Ballot, CampaignVotePage, Nomination, RoundResult, User
from tests.e2e import a11y, world
from tests.e2e.browser import PASSWORD as DEMO_PASSWORD
from tests.e2e.browser import Hub

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("people_watched")]

PASSWORD = "a-long-and-secret-phrase"


@pytest.fixture
def without_js(people, db_access):
    """A new page in a fresh context with JavaScript off (no cookies, no cache)."""

    def open_page(*, width: int = 1280) -> Page:
        context = people.new_context(
            java_script_enabled=False, viewport={"width": width, "height": a11y.HEIGHT}
        )
        page = context.new_page()
        # Prove the switch works: a script in the page would otherwise change this.
        page.set_content(
            "<p id='x'>off</p><script>document.getElementById('x').textContent='on'</script>"
        )
        expect(page.locator("#x")).to_have_text("off")
        people.last = page
        return page

    return open_page


def test_joining_and_verifying_the_email_address(without_js, base_url):
    page = without_js()
    tag = world.suffix()
    address, name = f"no.script.{tag}@example.com", f"Quiet{tag}"
    birthday = dt.date.today().replace(year=dt.date.today().year - 17) - dt.timedelta(days=20)
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the same password again").fill(PASSWORD)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Date of birth").fill(birthday.isoformat())
    page.get_by_label("Where do you live?").select_option(label="London")
    page.get_by_label("I have read and agree to the house rules").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("email")

    hub = Hub(page=page, base_url=base_url, outbox=Path(settings.EMAIL_FILE_PATH))
    page.goto(hub.link_in_last_email(address, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Verify my email address").click()
    expect(page.get_by_role("button", name="Log out").first).to_be_attached()

    user = User.objects.get(email=address)
    assert (user.display_name, user.date_of_birth, user.region) == (name, birthday, "E12000007")
    assert user.house_rules_accepted_at is not None
    assert EmailAddress.objects.get(user=user, email=address).verified


def test_nominating_an_issue(without_js):
    page = without_js()
    author = world.participant(f"Nominator{world.suffix()}")
    a11y.log_in(page, author.email)
    page.goto("/transport-2027/nominate/")
    title = "Covered bike racks at sixth-form colleges"
    page.get_by_label("Title").fill(title)
    page.get_by_label("What's the issue").fill(
        "Bikes left outside in the rain rust quickly, so fewer of us cycle in winter."
    )
    page.get_by_label("Topic").select_option(label="Getting around")
    evidence = page.get_by_label("Evidence 1 (optional)")
    headline = (evidence.locator("option").nth(1).text_content() or "").strip()
    evidence.select_option(index=1)
    page.get_by_label("Why evidence 1 backs your idea").fill("It shows getting around is hard.")
    page.get_by_role("button", name="Send my nomination", exact=True).click()
    # If a similar nomination is already public, the form offers it first; sending again
    # confirms, as a young person who still wants their own would.
    thanks = page.get_by_role("heading", level=1, name="Thank you, we've got it")
    anyway = page.get_by_role("button", name="Send my nomination anyway")
    expect(thanks.or_(anyway)).to_be_visible()
    if anyway.is_visible():
        anyway.click()
    expect(thanks).to_be_visible()

    nomination = Nomination.objects.get(author=author)
    assert nomination.title == title
    assert nomination.campaign_vote.slug == "transport-2027"
    assert nomination.topic.slug == "getting-around"
    assert nomination.description.startswith("Bikes left outside in the rain")
    link = nomination.evidence_links.get()
    assert (link.snippet.headline, link.note) == (headline, "It shows getting around is hard.")


def test_voting_on_an_approval_ballot(without_js):
    page = without_js()
    voter = world.participant(f"Approver{world.suffix()}")
    vote = CampaignVotePage.objects.get(slug="campaigns-2027")
    (round_, *_) = vote.ordered_rounds()
    a11y.log_in(page, voter.email)
    page.goto(vote.url + "rounds/1/vote/")
    boxes = page.get_by_role("main").get_by_role("checkbox")
    assert boxes.count() > 2, "The approval ballot shows no nominations to tick"
    chosen = []
    for box in (boxes.nth(0), boxes.nth(2)):
        box.check()
        chosen.append(int(box.get_attribute("value")))
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")

    ballot = Ballot.objects.get(round=round_, voter=voter)
    assert sorted(ballot.choices) == sorted(chosen)
    expect(page.get_by_role("main")).to_contain_text(ballot.receipt)


def test_voting_on_a_ranked_ballot(without_js):
    volunteer = User.objects.get(email="volunteer@example.com")
    vote = world.vote_page(title=f"What first? {world.suffix()}", rounds=[("irv", 1, 3)])
    nominations = {
        title: world.approved_nomination(
            vote, world.participant(f"Ranker{world.suffix()}"), title, volunteer
        )
        for title in ("Later school start times", "Quiet rooms in every college", "Free swimming")
    }
    world.close_nominations(vote)
    (round_,) = vote.ordered_rounds()
    world.open_round(round_)
    voter = world.participant(f"Voter{world.suffix()}")

    page = without_js()
    a11y.log_in(page, voter.email)
    page.goto(vote.url + "rounds/1/vote/")
    page.get_by_role("combobox", name="Free swimming").select_option("1")
    page.get_by_role("combobox", name="Later school start times").select_option("2")
    page.get_by_role("button", name="Send my vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for voting")

    ballot = Ballot.objects.get(round=round_, voter=voter)
    assert ballot.choices == [
        nominations["Free swimming"].pk,
        nominations["Later school start times"].pk,
    ]


@pytest.mark.parametrize("number", [1, 2])
def test_reading_the_results(without_js, number):
    vote = CampaignVotePage.objects.get(slug="campaigns-2026")
    round_ = vote.ordered_rounds()[number - 1]
    result = RoundResult.objects.get(round=round_)
    winners = [Nomination.objects.get(pk=pk).title for pk in result.winners]
    page = without_js(width=375)
    page.goto(vote.url + f"rounds/{number}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results: Round {number}")
    went_through = page.get_by_role(
        "region", name=re.compile("What we'll campaign on|Going through")
    )
    for title in winners:
        expect(went_through.get_by_text(title, exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"{result.ballot_count} ballots counted")
    # The count itself is a table anyone can read, each winner in it.
    table = page.get_by_role("main").get_by_role("table").first
    expect(table).to_be_visible()
    for title in winners:
        expect(table.get_by_role("rowheader", name=re.compile(re.escape(title)))).to_be_visible()


def test_exploring_the_data_and_downloading_it(without_js):
    page = without_js()
    page.goto("/explore/")
    page.get_by_label("Housing", exact=True).check()
    page.get_by_label("Number of contacts", exact=True).check()
    page.get_by_label("Month by month", exact=True).check()
    page.get_by_role("button", name="Show", exact=True).click()
    assert "topic=housing" in page.url
    results = page.get_by_role("region", name=re.compile(r"^Contacts about"))
    expect(results.get_by_role("heading", level=2)).to_contain_text("housing")
    table = results.get_by_role("table")
    expect(table).to_be_visible()
    shown = [
        row.get_by_role("rowheader").inner_text().strip() for row in table.locator("tbody tr").all()
    ]
    assert shown, "The explorer showed an empty table"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    rows = list(
        csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")))
    )
    header, *body = rows
    assert any("Housing" in cell for cell in header), f"The CSV is not about housing: {header}"
    firsts = [row[0] for row in body if row]
    assert [label for label in shown if label in firsts] == shown, (
        f"The CSV's rows {firsts} are not the table's {shown}"
    )


def test_the_header_menu_on_a_phone(without_js):
    page = without_js(width=375)
    person = world.participant(f"Phone{world.suffix()}")
    page.goto("/")
    banner = page.get_by_role("banner")
    menu = banner.get_by_text("Menu", exact=True)
    log_in_link = banner.get_by_role("link", name="Log in")
    join = banner.get_by_role("link", name="Join")
    expect(menu).to_be_visible()
    expect(log_in_link).to_be_hidden()

    menu.click()
    expect(log_in_link).to_be_visible()
    expect(join).to_be_visible()
    expect(banner.get_by_role("navigation", name="Main").get_by_role("link").first).to_be_visible()
    join.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the Listening Hub")

    page.goto("/")
    banner.get_by_text("Menu", exact=True).click()
    banner.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/")
    my_participation = banner.get_by_role("link", name="My participation")
    log_out = banner.get_by_role("button", name="Log out")
    expect(my_participation).to_be_hidden()
    banner.get_by_text("Menu", exact=True).click()
    expect(my_participation).to_be_visible()
    expect(log_out).to_be_visible()
    my_participation.click()
    expect(page).to_have_url(re.compile(r"/me/participation/$"))

    banner.get_by_text("Menu", exact=True).click()
    banner.get_by_role("button", name="Log out").click()
    page.goto("/")
    banner.get_by_text("Menu", exact=True).click()
    expect(banner.get_by_role("link", name="Log in")).to_be_visible()
    expect(banner.get_by_role("button", name="Log out")).to_have_count(0)
