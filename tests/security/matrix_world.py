"""One Listening Hub with something behind every address, for the permission matrix
and the leak checks (tests/security/test_permission_matrix.py, test_no_leaks.py).

Everything young people and moderators write goes through the services they use, on
top of the demo site every test database starts with: a vote whose first round is
closed and counted and whose second is open, a vote taking nominations, nominations
in every moderation state, a snippet, a statistic, an image, a document, a campaign,
a team and a safeguarding case. Each thing that must not be public carries a marker
word of its own, so a page that shows it can be caught by a plain search of its text.

`matrix_addresses.py` turns this world into every address the project answers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, TestCase
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

from cms import roles
from cms.models import StandardPage
from evidence import demo as evidence_demo
from evidence.models import DataExplorerPage, EvidenceSnippet
from moderation import services as moderation_services
from moderation.models import HouseRuleReason, ModerationItem, Notice, Team
from moderation.selectors import item_for
from participation.models import CampaignVotePage, Nomination, NominationEvidence
from participation.services.ballots import ballot_cast
from participation.services.nominations import (
    nomination_withdraw,
    statement_submit,
    support_add,
)
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.cms.campaigns import campaign_index, campaign_page
from tests.factories import ParticipantFactory, UserFactory
from tests.participation.factories import approve, campaign_vote, submitted_nominations

# The marker word each kind of unpublished writing carries, in its title or text.
PENDING = "zzpendingmarker"
REJECTED = "zzrejectedmarker"
ESCALATED = "zzescalatedmarker"
SAFEGUARDING = "zzsafeguardingmarker"
HIDDEN = "zzhiddenmarker"
WITHDRAWN = "zzwithdrawnmarker"
STATEMENT = "zzstatementmarker"
NOTE = "zznotemarker"
SUSPENDED = "zzsuspendedmarker"
MARKERS = (PENDING, REJECTED, ESCALATED, SAFEGUARDING, HIDDEN, WITHDRAWN, STATEMENT, NOTE)
# Written by the suspended participant while still in good standing, still pending.
SUSPENDED_MARKERS = (SUSPENDED,)

# Roles, as the matrix names them; each maps to a tests/conftest.py fixture or to a
# person the world makes (the author of everything marked, a suspended participant).
ANONYMOUS = "anonymous"
UNVERIFIED = "unverified"
PARTICIPANT = "participant"
AUTHOR = "author"
SUSPENDED_ROLE = "suspended"
VOLUNTEER = "volunteer"
SENIOR = "senior"
POLICY = "policy"
ADMIN = "admin"
ROLES = (
    ANONYMOUS,
    UNVERIFIED,
    PARTICIPANT,
    AUTHOR,
    SUSPENDED_ROLE,
    VOLUNTEER,
    SENIOR,
    POLICY,
    ADMIN,
)
ROLE_FIXTURES = {
    UNVERIFIED: "unverified",
    PARTICIPANT: "participant",
    VOLUNTEER: "volunteer",
    SENIOR: "senior_moderator",
    POLICY: "policy_editor",
    ADMIN: "admin",
}
STAFF = (VOLUNTEER, SENIOR, POLICY, ADMIN)


@dataclass
class World:
    author: object
    suspended: object  # suspended by a senior moderator, unless the service is missing
    suspension_missing: str  # why `suspended` is not suspended (empty when it is)
    moderator: object
    senior: object
    voting: CampaignVotePage  # first round closed and counted, second open now
    nominating: CampaignVotePage  # taking nominations now
    public: Nomination  # approved, on `nominating`, by the author
    on_ballot: Nomination  # approved, on `voting`'s open round
    marked: dict[str, Nomination]  # marker -> the nomination carrying it
    statement_item: ModerationItem
    items: dict[str, ModerationItem]  # marker -> its moderation item
    case_id: int
    snippet: EvidenceSnippet
    explorer: DataExplorerPage
    standard: StandardPage
    campaign: Page
    campaigns: Page
    image: Image
    document: Document
    team: Team
    notice: Notice
    house_rule_reason: HouseRuleReason
    card_digest: str
    outbox: list = field(default_factory=list)  # every email sent while building

    def route(self, page, name: str, *args) -> str:
        return page.url + page.reverse_subpage(name, args=list(args))


def _suspend(participant, senior) -> str:
    """Suspend `participant` as a senior moderator does; say why not if we can't yet."""
    try:
        from participation.services.suspension import participant_suspend
    except ImportError:
        return "participation has no participant_suspend service yet"
    participant_suspend(actor=senior, user=participant, reason="Several accounts, one device.")
    return ""


def _closed_then_open_vote(moderator, voters) -> tuple[CampaignVotePage, list[Nomination]]:
    page = campaign_vote(
        title="Which issue should go through to the final?",
        rounds=(("approval", 2, 3), ("irv", 1, 3)),
        open_round=1,
    )
    issues = submitted_nominations(
        page,
        3,
        author=voters[0],
        moderator=moderator,
        titles=["Cheaper buses", "Less exam stress", "Safer streets"],
    )
    first, second = page.ordered_rounds()
    round_shortlist_freeze(round=first, default=issues)
    for n, voter in enumerate(voters):
        ballot_cast(
            participant=voter,
            round=first,
            choices=[issues[n % 3].pk, issues[(n + 1) % 3].pk],
            now=first.opens_at + dt.timedelta(minutes=30),
        )
    round_close(round=first, now=first.closes_at, actor=None)  # closed by the clock
    following = sorted(second.shortlist.values_list("nomination_id", flat=True))
    ballot_cast(
        participant=voters[0],
        round=second,
        choices=following[:1],
        now=timezone.now(),
    )
    return CampaignVotePage.objects.get(pk=page.pk), issues


def _marked(page, author, marker: str, moderator=None) -> Nomination:
    return submitted_nominations(
        page, 1, author=author, moderator=moderator, titles=[f"Issue {marker} about buses"]
    )[0]


def _share_card_digest(snippet) -> str:
    """A share card really drawn, as a visitor's first look at the share page draws it."""
    response = Client().get(f"/evidence/{snippet.pk}/share/")
    found = re.search(r"/evidence/share-cards/([0-9a-f]+)\.png", response.content.decode())
    return found.group(1) if found else "0" * 32


def build() -> World:
    """The whole world, inside the caller's transaction (which should roll it back)."""
    mail.outbox = []
    roles.sync_role_permissions()
    with TestCase.captureOnCommitCallbacks(execute=True):
        world = _build()
    world.outbox = list(mail.outbox)
    mail.outbox = []
    return world


def _build() -> World:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    moderator = UserFactory(
        email="world.volunteer@example.org",
        display_name="WorldReader",
        groups=[roles.VOLUNTEER_MODERATOR],
    )
    senior = UserFactory(
        email="world.senior@example.org", display_name="WorldLead", groups=[roles.SENIOR_MODERATOR]
    )
    author = ParticipantFactory(email="author@example.org", display_name="MarkerAuthor")
    suspended = ParticipantFactory(email="suspended@example.org", display_name="OnHoldPerson")
    reporters = ParticipantFactory.create_batch(3)

    evidence_demo.seed_statistics(months=13)
    topics = evidence_demo.seed_topics()
    for headline, sentence, slugs, _channels, months, breakdown in evidence_demo.SNIPPETS[:2]:
        snippet = EvidenceSnippet(
            headline=headline, sentence=sentence, months=months, breakdown=breakdown
        )
        snippet.save()
        snippet.topics.set([topics[slug] for slug in slugs])
        snippet.save_revision().publish()
    snippet = EvidenceSnippet.objects.filter(live=True).order_by("pk").first()
    explorer = DataExplorerPage(title="Explore the data", slug="explore")
    home.add_child(instance=explorer)
    explorer.save_revision().publish()
    standard = StandardPage(title="About the hub", slug="about-the-hub")
    home.add_child(instance=standard)
    campaigns = campaign_index(site)
    campaign = campaign_page(
        campaigns, updates=[(timezone.localdate(), "We met the minister")], slug="buses"
    )

    voting, _issues = _closed_then_open_vote(moderator, [author, *reporters])
    on_ballot = Nomination.objects.get(
        pk=voting.ordered_rounds()[1].shortlist.first().nomination_id
    )

    nominating = campaign_vote(title="What should we campaign on next year?", open_round=None)
    public = submitted_nominations(
        nominating, 1, author=author, moderator=moderator, titles=["Free period products"]
    )[0]
    support_add(participant=reporters[0], nomination=public)
    NominationEvidence.objects.create(nomination=public, snippet=snippet, note="It shows this.")

    marked = {marker: _marked(nominating, author, marker) for marker in MARKERS[:6]}
    NominationEvidence.objects.create(
        nomination=marked[PENDING], snippet=snippet, note=f"My {NOTE} about it."
    )
    marked[NOTE] = marked[PENDING]
    reason = HouseRuleReason.objects.order_by("pk").first()
    moderation_services.item_reject(
        item=item_for(marked[REJECTED]), moderator=moderator, reason=reason
    )
    moderation_services.item_escalate(
        item=item_for(marked[ESCALATED]),
        moderator=moderator,
        kind="house_rule",
        reason="Is this about one school?",
    )
    moderation_services.item_escalate(
        item=item_for(marked[SAFEGUARDING]),
        moderator=moderator,
        kind="safeguarding",
        reason="They may be at risk.",
    )
    approve(marked[HIDDEN], moderator)
    for reporter in reporters:
        moderation_services.item_report(
            item=item_for(marked[HIDDEN]), reporter=reporter, reason="It names someone."
        )
    hidden_item = item_for(marked[HIDDEN])
    if not hidden_item.is_hidden:
        # Reports alone may no longer hide an approved item; a hidden item is still a
        # state the site must keep to itself, so it is set as a moderator leaves it.
        ModerationItem.objects.filter(pk=hidden_item.pk).update(is_hidden=True)
    nomination_withdraw(nomination=marked[WITHDRAWN], author=author)
    _statement, statement_item = statement_submit(
        participant=author, nomination=public, text=f"My {STATEMENT} about this."
    )
    marked[STATEMENT] = public

    suspended_pending = _marked(nominating, suspended, SUSPENDED)
    assert suspended_pending  # pending, written before the suspension
    suspension_missing = _suspend(suspended, senior)

    # A withdrawn nomination leaves the queue: it has no item any more.
    items = {
        marker: item
        for marker, nomination in marked.items()
        if (item := item_for(nomination)) is not None
    }
    items[STATEMENT] = statement_item
    case = items[SAFEGUARDING].cases.order_by("pk").first()
    team = Team.objects.create(name="Matrix team", lead=senior)
    image = Image.objects.create(title="Volunteers at work", file=get_test_image_file())
    document = Document.objects.create(
        title="Annual report", file=ContentFile(b"The year in brief.", name="annual-report.txt")
    )
    notice = Notice.objects.filter(recipient=author).order_by("pk").first()
    return World(
        author=author,
        suspended=suspended,
        suspension_missing=suspension_missing,
        moderator=moderator,
        senior=senior,
        voting=voting,
        nominating=CampaignVotePage.objects.get(pk=nominating.pk),
        public=public,
        on_ballot=on_ballot,
        marked=marked,
        statement_item=statement_item,
        items=items,
        case_id=case.pk if case else 0,
        snippet=snippet,
        explorer=explorer,
        standard=standard,
        campaign=campaign,
        campaigns=campaigns,
        image=image,
        document=document,
        team=team,
        notice=notice,
        house_rule_reason=reason,
        card_digest=_share_card_digest(snippet),
    )


def module_world(django_db_setup, django_db_blocker):
    """The world for one test module, built once and rolled back after its last test.

    Each test runs inside it in a savepoint of its own (pytest-django's `db`), so what
    one test's requests change is undone before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


# --- Asking as each role ------------------------------------------------------------

# Asked for last, each by a client of its own: they end the session they are asked in.
ENDS_SESSION = ("wagtailadmin_logout", "account_logout")


def answer(response) -> str:
    """The response as a token of the matrix's tables (see test_permission_matrix.py)."""
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        if "/login" in location:
            return "L"
        if location.startswith("/accounts/email/"):
            return "E"
        if location.startswith("/me/complete/"):
            return "C"
        if location.rstrip("/") == "/admin":
            return "H"
        return "R"
    return str(response.status_code)


class Clients:
    """Clients logged in as `role` (with two-step verification recorded for staff, by
    tests/conftest.py's `client_for`): `shared` for a crawl, a fresh one when called."""

    def __init__(self, role: str, world: World, request):
        self.role, self.world, self.request = role, world, request
        self.shared = self()

    def __call__(self) -> Client:
        if self.role == ANONYMOUS:
            client = Client()
        else:
            if self.role == AUTHOR:
                user = self.world.author
            elif self.role == SUSPENDED_ROLE:
                if self.world.suspension_missing:
                    pytest.skip(f"suspended column pending: {self.world.suspension_missing}")
                user = self.world.suspended
            else:
                user = self.request.getfixturevalue(ROLE_FIXTURES[self.role])
            client = self.request.getfixturevalue("client_for")(user)
        client.raise_request_exception = False  # a 500 is an answer to report, not a crash
        return client


def crawl(clients: Clients, made) -> dict[str, object]:
    """Each address's response, the session-ending ones last and on fresh clients."""
    responses = {}
    for address in sorted(made, key=lambda a: a.key in ENDS_SESSION):
        client = clients() if address.key in ENDS_SESSION else clients.shared
        responses[address.key] = client.get(address.url)
    return responses


def matches(key: str, pattern: str) -> bool:
    """`*` is the only wildcard: the brackets of a "[variant]" are meant literally."""
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), key) is not None
