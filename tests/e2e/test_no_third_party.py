"""No page, admin included, asks any host but the site itself, and none breaks its own
Content-Security-Policy.

Every browser test already fails if the browser asks another host (conftest's
`only_our_host`); this one walks a list of pages chosen to cover every kind of page a
visitor, a participant and an administrator opens, and records two things on each:

- every request the browser makes, which must all go to the site's own address (data:
  and blob: addresses stay in the browser);
- every Content-Security-Policy violation, reported by the browser itself
  (`securitypolicyviolation` events, watched from before any page script runs): a
  blocked inline script would mean a broken control, a blocked style a broken layout.

In the admin it also checks what the policy could break: the two Wagtail controls whose
inline scripts the site replaced (cms/templates/wagtailadmin/), so a new round can be
added to a vote and its date fields get their pickers; the live preview beside the
editor, which the admin frames; and the image chooser's dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from cms.models import StandardPage
from evidence.models import EvidenceSnippet
from moderation.models import ModerationItem
from participation.models import CampaignVotePage, Nomination
from tests.e2e import browser as hub_browser

pytestmark = pytest.mark.e2e

WATCH_VIOLATIONS = """
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
        window.__cspViolations.push(
            `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
            + ` (${event.sourceFile || location.pathname}:${event.lineNumber})`
        );
    });
"""


@dataclass
class Walk:
    """What the browser did on each page of a walk."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    violations: dict[str, list[str]] = field(default_factory=dict)
    current: str = ""

    def __post_init__(self):
        self.page.context.add_init_script(WATCH_VIOLATIONS)
        self.page.context.on("request", self._record)

    def _record(self, request) -> None:
        if not hub_browser.is_own(request.url, self.base_url):
            self.requests.append(f"{self.current}: {request.url}")

    def visit(self, path: str) -> None:
        self.current = path
        response = self.page.goto(path)
        assert response is not None and response.status < 400, (
            f"{path} answered {response and response.status}"
        )
        self.page.wait_for_load_state("networkidle")
        self.collect()

    def collect(self) -> None:
        found = self.page.evaluate("() => window.__cspViolations || []")
        if found:
            self.violations.setdefault(self.current, []).extend(found)

    def assert_clean(self) -> None:
        assert self.requests == [], "The browser asked other hosts:\n" + "\n".join(self.requests)
        assert self.violations == {}, (
            "The Content-Security-Policy blocked something:\n"
            + "\n".join(f"{path}: {found}" for path, found in self.violations.items())
        )


@pytest.fixture
def places(db_access) -> dict[str, str]:
    vote = CampaignVotePage.objects.get(slug="campaigns-2026")
    nomination = Nomination.objects.public().active().filter(campaign_vote=vote).order_by("pk")
    snippet = EvidenceSnippet.objects.filter(live=True).order_by("pk").first()
    about = StandardPage.objects.get(slug="about")
    return {
        "vote": vote.url,
        "vote_id": str(vote.pk),
        "nomination": vote.url + f"nominations/{nomination.first().pk}/",
        "snippet": f"/evidence/{snippet.pk}/",
        "snippet_id": str(snippet.pk),
        "privacy": StandardPage.objects.get(slug="privacy").url,
        "standard_id": str(about.pk),
        "standard_title": about.title,
        "home_id": str(vote.get_parent().pk),
        "item_id": str(ModerationItem.objects.order_by("pk").first().pk),
    }


PUBLIC = [
    "/",
    "{vote}",
    "{nomination}",
    "/campaigns-2026/rounds/1/results/",
    "/campaigns-2026/rounds/2/results/",
    "/campaigns-2026/rounds/2/share/",
    "/explore/",
    "/evidence/",
    "{snippet}",
    "{snippet}share/",
    "/campaigns/",
    "/search/?q=school",
    "{privacy}",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/v1/docs/",
    "/status/",
]
PARTICIPANT = ["/me/", "/me/participation/", "/accounts/email/", "{vote}nominate/"]
ADMIN = [
    "/admin/",
    "/admin/pages/{home_id}/",
    "/admin/pages/{standard_id}/edit/",
    "/admin/pages/{vote_id}/edit/",
    "/admin/snippets/evidence/evidencesnippet/edit/{snippet_id}/",
    "/admin/moderation/",
    "/admin/moderation/items/{item_id}/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/reports/site-history/",
    "/admin/reports/locked/",
]


def test_public_pages_ask_only_the_site_and_break_none_of_its_policy(hub, places):
    walk = Walk(hub.page, hub.base_url)
    for path in PUBLIC:
        walk.visit(path.format(**places))
    walk.assert_clean()


def test_a_participants_pages_ask_only_the_site_and_break_none_of_its_policy(hub, places):
    hub.log_in("participant@example.com")
    walk = Walk(hub.page, hub.base_url)
    for path in PARTICIPANT:
        walk.visit(path.format(**places))
    walk.assert_clean()


def test_the_admin_asks_only_the_site_and_its_controls_work_under_the_policy(hub, places):
    hub.log_in("admin@example.com")
    walk = Walk(hub.page, hub.base_url)
    page = hub.page
    for path in ADMIN:
        walk.visit(path.format(**places))

    # The vote editor: inline panels and date pickers start without inline scripts.
    walk.visit(f"/admin/pages/{places['vote_id']}/edit/")
    rounds = page.locator("#id_rounds-FORMS > [data-inline-panel-child]:visible")
    before = rounds.count()
    page.locator("#id_rounds-ADD").click()
    expect(rounds).to_have_count(before + 1)
    new_round = f"id_rounds-{before}-opens_at"
    picker_started = page.evaluate(
        "(id) => Boolean(window.jQuery('#' + id).data('xdsoft_datetimepicker'))", new_round
    )
    assert picker_started, f"The date picker on {new_round} did not start"
    walk.collect()

    # The live preview beside the editor: the page is framed by the admin itself.
    walk.visit(f"/admin/pages/{places['standard_id']}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[data-w-preview-target='iframe']").first
    expect(preview.get_by_role("heading", level=1)).to_have_text(places["standard_title"])
    walk.collect()

    # The image chooser, opened from a page body as an editor would.
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Image").first.click()
    page.get_by_role("button", name="Choose an image").first.click()
    expect(page.get_by_role("dialog").filter(has_text="Choose an image")).to_be_visible()
    page.wait_for_load_state("networkidle")
    walk.collect()

    walk.assert_clean()
