"""More journeys, in a real browser: the paths around the main loop.

A nomination that wasn't approved, changed and sent again; reporting something by
keyboard alone; the data explorer, its permalink and its CSV; a share card; and the
"Was this page useful?" form. Each checks what the person sees and what the server
stored, and every public page on the way passes axe.
"""

from __future__ import annotations

import csv
import re
import struct

import pytest
from playwright.sync_api import expect

from cms.models import PageFeedback, StandardPage
from moderation.models import ModerationItem, Notice, Report
from participation.models import Nomination, User
from tests.e2e import world
from tests.e2e.browser import has_focus

pytestmark = [pytest.mark.e2e, pytest.mark.screenshots]


# -- helpers ------------------------------------------------------------------------


def settle(page) -> None:
    """Wait as a reader would: fonts in, and the page no longer scrolling (a jump to an
    #anchor can come a moment after the load)."""
    page.wait_for_load_state("load")
    page.evaluate(
        """async () => {
            await document.fonts.ready;
            const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
            let last = -1, still = 0;
            for (let i = 0; i < 100 && still < 5; i++) {
                await frame();
                await new Promise((done) => setTimeout(done, 50));
                still = window.scrollY === last ? still + 1 : 0;
                last = window.scrollY;
            }
        }"""
    )


def in_view(locator) -> bool:
    """Whether any of the element is on screen right now (no waiting)."""
    return locator.evaluate(
        """(element) => {
            const box = element.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
        }"""
    )


def item_of(obj) -> ModerationItem:
    return ModerationItem.objects.get(object_id=obj.pk, content_type__model=obj._meta.model_name)


def table_cells(table) -> list[list[str]]:
    """Every row of a table as the reader sees it: header, body and total line."""
    return table.evaluate(
        """(table) => Array.from(table.querySelectorAll('tr')).map(
            (row) => Array.from(row.querySelectorAll('th, td')).map(
                (cell) => cell.innerText.replace(/\\s+/g, ' ').trim()))"""
    )


def volunteer_claims(hub, item: ModerationItem) -> None:
    """A volunteer opens the item in the admin and claims it."""
    hub.log_out()
    hub.log_in("volunteer@example.com")
    hub.go(f"/admin/moderation/items/{item.pk}/")
    hub.page.get_by_role("button", name="Claim this item").click()
    expect(hub.page.get_by_text("Yours until")).to_be_visible()


# -- 1. Not approved, changed, sent again, approved ----------------------------------


def test_a_nomination_not_approved_is_changed_and_sent_again(hub):
    page = hub.page
    tag = world.suffix()
    vote = world.vote_page(
        title=f"What would make school better? {tag}", rounds=[("approval", 1, 1)]
    )
    author = world.participant(f"Writer{tag}")
    first_words = "Revision rooms."
    better_words = (
        "Schools should keep a quiet room open after lessons, so anyone without a calm "
        "place at home can revise for exams."
    )

    # The young person suggests an issue, in too few words to follow.
    hub.log_in(author.email)
    hub.go(vote.url)
    hub.assert_accessible()
    page.get_by_role("link", name="Suggest an issue").click()
    page.get_by_label("Title").fill("Quiet rooms to revise in")
    page.get_by_label("What's the issue").fill(first_words)
    page.get_by_label("Topic").select_option(label="Education")
    hub.assert_accessible()
    page.get_by_role("button", name="Send my nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, we've got it")
    hub.assert_accessible()
    nomination = Nomination.objects.get(campaign_vote=vote, author=author)
    item = item_of(nomination)
    assert (item.status, item.version) == ("pending", 1)

    # A volunteer doesn't approve it, with a house rule and a kind note.
    note = "Could you say a bit more about what should change, and for whom?"
    volunteer_claims(hub, item)
    reject = page.locator("form").filter(has=page.get_by_role("button", name="Don't approve"))
    reject.get_by_label("Reason (from the house rules)").select_option(label="Hard to understand")
    reject.get_by_label("Note to the author (optional)").fill(note)
    hub.screenshot("more-01-moderator-does-not-approve")
    reject.get_by_role("button", name="Don't approve").click()
    expect(page.locator(".messages")).to_be_visible()
    item.refresh_from_db()
    assert item.status == "rejected"
    assert item.rejection_reason.code == "not-understood"
    assert item.note_to_author == note
    assert item.claimed_by is None

    # The young person hears why: in their messages, by email, and on their own page.
    hub.log_out()
    hub.log_in(author.email)
    page.get_by_role("link", name="Messages").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your messages")
    hub.assert_accessible()
    hub.screenshot("more-02-messages-not-approved")
    message = page.get_by_role("listitem").filter(has_text="Quiet rooms to revise in")
    expect(message).to_contain_text("We couldn't put it on the Listening Hub this time")
    expect(message).to_contain_text("we couldn't quite understand it")
    expect(message).to_contain_text(note)
    expect(message).to_contain_text("change it and send it again")
    assert Notice.objects.filter(recipient=author, read_at__isnull=True).count() == 1

    letters = hub.emails_to(author.email)
    assert len(letters) == 1
    assert "About your nomination" in letters[0]["Subject"]
    body = letters[0].get_body(preferencelist=("plain",)).get_content()
    assert "we couldn't quite understand it" in body
    assert note in body
    detail_url = vote.url + f"nominations/{nomination.pk}/"
    assert hub.link_in_last_email(author.email, re.escape(detail_url)).endswith(detail_url)

    page.get_by_role("link", name="My participation").first.click()
    hub.assert_accessible()
    card = page.get_by_role("listitem").filter(has_text="Quiet rooms to revise in")
    expect(card).to_contain_text("Not published.")
    expect(card).to_contain_text(note)

    # They open it from their page and change it; what they wrote before is all there.
    card.get_by_role("link", name="Quiet rooms to revise in").click()
    expect(page.locator("article")).to_contain_text(
        "Not published. We couldn't put it on the Listening Hub this time"
    )
    hub.assert_accessible()
    page.get_by_role("link", name="Change my nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your nomination")
    expect(page.get_by_label("Title")).to_have_value("Quiet rooms to revise in")
    expect(page.get_by_label("What's the issue")).to_have_value(first_words)
    expect(page.get_by_label("Topic")).to_have_value(str(nomination.topic_id))
    hub.assert_accessible()
    hub.screenshot("more-03-change-nomination")
    page.get_by_label("What's the issue").fill(better_words)
    page.get_by_role("button", name="Send my changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, we've got it")
    hub.assert_accessible()

    # It is back in the queue, as a new version, with the old decision cleared.
    item.refresh_from_db()
    nomination.refresh_from_db()
    assert (item.status, item.version) == ("pending", 2)
    assert item.rejection_reason is None and item.note_to_author == ""
    assert nomination.description == better_words
    hub.go("/me/participation/")
    card = page.get_by_role("listitem").filter(has_text="Quiet rooms to revise in")
    expect(card).to_contain_text("Waiting for a volunteer to read it.")

    # The volunteer sees it was changed, and approves the new words.
    volunteer_claims(hub, item)
    expect(page.locator(".moderation-meta")).to_contain_text("(changed 1 time since)")
    expect(page.locator("main")).to_contain_text(better_words)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("approved", ignore_case=True)
    item.refresh_from_db()
    assert item.status == "approved"

    # Now anyone can read it, in its new words.
    hub.log_out()
    hub.go(detail_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiet rooms to revise in")
    expect(page.locator("article")).to_contain_text(better_words)
    expect(page.locator("article")).not_to_contain_text("isn't on the Listening Hub")
    hub.assert_accessible()
    hub.go(vote.url)
    listed = page.locator("section").filter(has=page.locator("#nominations-heading"))
    expect(listed.get_by_role("link", name="Quiet rooms to revise in")).to_be_visible()


# -- 2. Reporting, by keyboard alone --------------------------------------------------


def test_reporting_a_nomination_by_keyboard(hub):
    page = hub.page
    tag = world.suffix()
    volunteer = User.objects.get(email="volunteer@example.com")
    vote = world.vote_page(title=f"What should change in your area? {tag}", rounds=[])
    writer = world.participant(f"Writer{tag}")
    title = f"Later buses on Sundays {tag}"
    nomination = world.approved_nomination(vote, writer, title, volunteer)
    item = item_of(nomination)
    reporter = world.participant(f"Reader{tag}")
    why = "It names a bus driver and says where he lives."

    hub.log_in(reporter.email)
    hub.go(vote.url + f"nominations/{nomination.pk}/")
    hub.assert_accessible()
    hub.tab_to(page.get_by_role("link", name="Report this nomination"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this nomination")
    expect(page.locator("main")).to_contain_text(title)
    hub.assert_accessible()
    hub.screenshot("more-04-report")

    # Sending it empty says what's missing, next to the box, and keeps nothing.
    reason = page.get_by_label("What's wrong with it?")
    hub.tab_to(page.get_by_role("button", name="Send report"))
    page.keyboard.press("Enter")
    expect(page.locator("#reason-errors")).to_be_visible()
    expect(page.get_by_label("What's wrong with it?")).to_have_attribute(
        "aria-describedby", re.compile(r"\breason-errors\b")
    )
    hub.assert_accessible()
    assert not Report.objects.filter(item=item).exists()

    hub.tab_to(reason)
    page.keyboard.type(why)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send report")).to_be_focused()
    page.keyboard.press("Enter")

    # Back on the nomination, with thanks.
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".messages")).to_contain_text(
        "Thank you for telling us. A moderator will look at it soon."
    )
    hub.assert_accessible()
    report = Report.objects.get(item=item)
    assert (report.reporter_id, report.reason, report.resolved_at) == (reporter.pk, why, None)
    item.refresh_from_db()
    assert (item.status, item.open_report_count) == ("reported", 1)

    # A volunteer finds it with the "Reported" filter, and reads why.
    hub.log_out()
    hub.log_in("volunteer@example.com")
    hub.go("/admin/moderation/")
    page.get_by_label("Flag").select_option(label="Reported")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]flag=reported\b"))
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=f"Nomination {item.pk}", exact=True)
    )
    expect(row).to_contain_text("Reported by 1 person")
    hub.screenshot("more-05-reported-queue")
    row.get_by_role("link", name=f"Nomination {item.pk}", exact=True).click()
    expect(page.locator("#reports-heading")).to_have_text("Why people reported it (1)")
    expect(page.locator("main")).to_contain_text(why)


# -- 3. The data explorer: choices, permalink and CSV --------------------------------


def test_exploring_the_data_by_keyboard(hub):
    page = hub.page
    hub.go("/explore/")
    hub.assert_accessible()
    sentences = page.locator(".explorer-summary p")
    before = sentences.all_inner_texts()
    assert before, "the explorer opens with sentences about its first view"

    # Topics: housing and mental health, nothing else; two ways of getting in touch.
    wanted = {"Housing", "Mental health"}
    for checkbox in page.locator("#field-topic input[type=checkbox]").all():
        name = page.locator(f"label[for={checkbox.get_attribute('id')}]").inner_text()
        if checkbox.is_checked() != (name in wanted):
            hub.tab_to(checkbox)
            page.keyboard.press("Space")
    for name in ("Helpline", "Webchat"):
        checkbox = page.get_by_role("checkbox", name=name, exact=True)
        hub.tab_to(checkbox)
        page.keyboard.press("Space")
        expect(checkbox).to_be_checked()
    for name in wanted:
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Money and work")).not_to_be_checked()

    # Months, with the arrow keys: January to June 2026 (the lists run newest first).
    for label, month in (("From", "2026-01"), ("To", "2026-06")):
        select = page.get_by_label(label, exact=True)
        hub.tab_to(select)
        values = select.locator("option").evaluate_all("(options) => options.map(o => o.value)")
        steps = values.index(month) - values.index(select.input_value())
        for _ in range(abs(steps)):
            page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
            assert has_focus(select), f"focus left the {label} list"
        expect(select).to_have_value(month)
    hub.screenshot("more-06-explorer-choices")
    hub.tab_to(page.get_by_role("button", name="Show", exact=True))
    page.keyboard.press("Enter")

    # The answer: heading, sentences and table all about the new choices.
    results = page.locator("#explorer-results")
    expect(results.get_by_role("heading", level=2)).to_contain_text(
        "about housing and mental health"
    )
    expect(results.get_by_role("heading", level=2)).to_contain_text("January 2026 to June 2026")
    assert "topic=housing" in page.url and "channel=helpline" in page.url
    settle(page)
    assert in_view(results.get_by_role("heading", level=2)), "the answer is out of sight"
    after = sentences.all_inner_texts()
    assert after and after != before
    assert any("housing" in s.lower() for s in after), after
    assert all("January 2026" in s and "June 2026" in s for s in after), after
    table = results.locator("table")
    cells = table_cells(table)
    assert cells[0] == ["Month", "Housing", "Mental health"]
    assert [row[0] for row in cells[1:]] == [
        "Jan 2026",
        "Feb 2026",
        "Mar 2026",
        "Apr 2026",
        "May 2026",
        "Jun 2026",
        "Total",
    ]
    assert all(len(row) == 3 for row in cells)
    # The chart says the same as the table: its points carry the figures shown.
    shown = [(row[0], row[1].replace(",", "")) for row in cells[1:-1] if row[1][0].isdigit()]
    assert shown, "some housing figures are big enough to show"
    for month, figure in shown:
        point = f"row: {month}; Contacts (rounded): {figure}; series: Housing"
        expect(page.locator(f'.evidence-chart [aria-label="{point}"]').first).to_be_attached()
    hub.assert_accessible()
    hub.screenshot("more-07-explorer-answer")

    # The keyboard goes on from the answer, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.getElementById('explorer-results').contains(document.activeElement)"
    ), "after Show, Tab should move into the answer"

    # "Link to exactly this view": someone opening it sees the same table.
    permalink = page.get_by_label("Link to exactly this view").input_value()
    assert permalink.startswith(hub.base_url)
    other = page.context.new_page()
    try:
        response = other.goto(permalink)
        assert response is not None and response.status == 200
        assert table_cells(other.locator("#explorer-results table")) == cells
        assert other.locator(".explorer-summary p").all_inner_texts() == after
    finally:
        other.close()

    # The CSV download holds the table, cell for cell.
    link = page.get_by_role("link", name="Download this table (CSV)")
    hub.tab_to(link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    header, body = rows[0], rows[1:]
    assert header == [cells[0][0]] + [f"{name}: contacts" for name in cells[0][1:]]
    assert len(body) == len(cells) - 1
    for shown, written in zip(cells[1:], body, strict=True):
        assert written[0] == shown[0]
        for on_page, in_file in zip(shown[1:], written[1:], strict=True):
            figure = on_page.replace(",", "")
            assert in_file == figure, f"{shown[0]}: page {on_page!r}, CSV {in_file!r}"


# -- 4. A share card -----------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def check_share_page(hub) -> None:
    """The card's picture loads, its link can be copied, and nothing comes from elsewhere."""
    page = hub.page
    picture = page.locator("figure img")
    expect(picture).to_be_visible()
    assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0"), "card not shown"
    alt = picture.get_attribute("alt") or ""
    assert len(alt) > 20, "the card's words are in its alt text"
    image = page.request.get(picture.get_attribute("src"))
    assert image.status == 200
    assert image.headers["content-type"] == "image/png"
    assert png_size(image.body()) == (1200, 630)
    # What a messaging app fetches is the same picture, by its full address.
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert og_image == hub.base_url + picture.get_attribute("src")

    link = page.get_by_label("Link to this page")
    expect(link).to_have_value(page.url)
    expect(link).to_have_attribute("readonly", "")
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    # The button says it worked (to screen readers too), and the link is what was copied.
    expect(page.locator("[data-copy-status]")).to_have_text("Copied.")
    expect(copy).to_be_focused()  # focus stays where the person is
    # Paste it, as a person would, to see what was copied. (Pages may not read the
    # clipboard themselves: the Permissions-Policy says clipboard-read=().)
    page.evaluate(
        "() => { const t = document.createElement('textarea');"
        " t.id = 'paste-here'; t.setAttribute('aria-label', 'Paste here');"
        " document.body.append(t); }"
    )
    page.locator("#paste-here").focus()
    page.keyboard.press("ControlOrMeta+V")
    assert page.locator("#paste-here").input_value() == page.url
    page.evaluate("() => document.getElementById('paste-here').remove()")
    # Plain links only: no third-party widget, frame or script on the page.
    assert page.locator("iframe, embed, object").count() == 0
    for src in page.locator("script[src]").evaluate_all("(s) => s.map((e) => e.src)"):
        assert src.startswith(hub.base_url), src
    expect(page.get_by_role("link", name="Send by email")).to_have_attribute(
        "href", re.compile(r"^mailto:")
    )
    hub.assert_accessible()


def test_sharing_results_and_a_fact(hub):
    page = hub.page
    page.context.grant_permissions(["clipboard-write"], origin=hub.base_url)

    hub.go("/campaigns-2026/rounds/2/results/")
    hub.assert_accessible()
    page.get_by_role("link", name="Share these results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share the results")
    assert page.url == hub.base_url + "/campaigns-2026/rounds/2/share/"
    check_share_page(hub)
    hub.screenshot("more-08-share-results")

    hub.go("/evidence/")
    hub.assert_accessible()
    page.locator("main").get_by_role("link").filter(
        has_text="Anxiety rises in exam season"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anxiety rises in exam season")
    hub.assert_accessible()
    page.get_by_role("link", name="Share this fact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share this fact")
    check_share_page(hub)


# -- 5. "Was this page useful?" ------------------------------------------------------


def test_feedback_on_a_page_is_sent_once(hub):
    page = hub.page
    about = StandardPage.objects.get(slug="about")
    before = PageFeedback.objects.filter(page_id=about.pk).order_by("-pk").first()
    since = before.pk if before else 0
    comment = "It would help to know how long a vote lasts."

    hub.go(about.url)
    hub.assert_accessible()
    form = page.get_by_role("group", name="Was this page useful?")
    form.get_by_role("radio", name="No").check()
    page.get_by_label("Tell us more (optional)").fill(comment)
    hub.screenshot("more-09-page-feedback")
    page.get_by_role("button", name="Send feedback").click()

    thanks = page.get_by_text(re.compile(r"^Thank you for your feedback\."))
    expect(thanks.first).to_contain_text("A moderator will read your comment")
    settle(page)
    # The reader is back at the form they used: is the thanks there too? Checked last.
    thanks_in_view = any(in_view(each) for each in thanks.all())
    hub.assert_accessible()
    stored = list(PageFeedback.objects.filter(page_id=about.pk, pk__gt=since))
    assert len(stored) == 1
    assert (stored[0].useful, stored[0].comment) == (False, comment)
    assert item_of(stored[0]).status == "pending"

    # Reloading the page sends nothing again, and the thanks doesn't come back.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Thank you for your feedback")).to_have_count(0)
    assert PageFeedback.objects.filter(page_id=about.pk, pk__gt=since).count() == 1

    assert thanks_in_view, (
        "after sending, the page opens at the feedback form but the thanks is printed "
        f"at the top of the page, out of sight ({about.url}#page-feedback)"
    )
