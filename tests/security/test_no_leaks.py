"""Nothing unapproved, escalated or hidden reaches anyone it should not.

The world (`matrix_world.py`) holds a nomination in every state that is not public
(waiting, not approved, escalated, escalated for safeguarding, hidden, withdrawn), a
waiting supporting statement on a public nomination, an evidence note on a waiting
one, and a waiting nomination by a participant since suspended: each carries its own
marker word. Every address the project answers is asked for by every role, and a
marker may show only where the moderation rules allow:

- to its author, on the pages they see (never in an export, which is public);
- to those who see the queue, on any page but an export: volunteers everything but
  escalated items, senior moderators, the policy team and administrators everything;
- to nobody at all in an export: the API, downloads, the sitemap, feeds, share cards.

Emails sent while the world was built are checked the same way, and the public
counts (the vote page's list, "said why") count public things only.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from moderation import rules as moderation_rules
from tests.security import matrix_addresses as addresses
from tests.security import matrix_world as mw
from tests.security.matrix_world import Clients, crawl, matches

pytestmark = pytest.mark.django_db

world = pytest.fixture(scope="module", name="world")(mw.module_world)

# Exports: public by nature, so nothing unpublished belongs in them for anyone.
EXPORTS = (
    "api-v1:*",
    "sitemap",
    "robots-txt",
    "*:ballots-csv*",
    "*:ballots-blt*",
    "*:receipts-csv*",
    "page:evidence.dataexplorerpage[*]",
    "evidence:share-card-image",
    "wagtaildocs_serve",
)
ESCALATED = {mw.ESCALATED, mw.SAFEGUARDING}
BINARY = ("image/", "application/octet-stream")


def shown(marker: str) -> str:
    """How a marker shows when its words are shown: "<marker> about ..." (a search box
    repeating what was typed holds the bare marker, which proves nothing)."""
    return f"{marker} about"


def allowed(marker: str, role: str, key: str) -> bool:
    if any(matches(key, pattern) for pattern in EXPORTS):
        return False
    if marker in mw.SUSPENDED_MARKERS:
        return role in (mw.SUSPENDED_ROLE, *mw.STAFF)
    if role == mw.AUTHOR:
        return True
    if marker == mw.WITHDRAWN:
        # Taken back by its author: out of the queue and off every public page; the
        # policy team's lists of a vote's nominations still name it.
        return role in (mw.POLICY, mw.ADMIN) and key.startswith("participation_admin:")
    if role == mw.VOLUNTEER:
        return marker not in ESCALATED
    return role in (mw.SENIOR, mw.POLICY, mw.ADMIN)


def text(response) -> str:
    if response.get("Content-Type", "").startswith(BINARY):
        return ""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", mw.ROLES)
def test_no_marker_shows_where_the_rules_do_not_allow_it(world, role, request):
    made, _unfilled = addresses.addresses(world)
    responses = crawl(Clients(role, world, request), made)
    leaks = []
    for address in made:
        body = text(responses[address.key])
        for marker in mw.MARKERS + mw.SUSPENDED_MARKERS:
            if shown(marker) in body and not allowed(marker, role, address.key):
                leaks.append(f"{address.key} {address.url}: shows {marker}")
    assert not leaks, f"as {role}:\n" + "\n".join(leaks)


def test_the_author_sees_their_own_waiting_nomination(world, request):
    """The check above can fail: the author's page does show the marker."""
    client = Clients(mw.AUTHOR, world, request).shared
    url = world.route(world.nominating, "nomination-detail", world.marked[mw.PENDING].pk)
    assert shown(mw.PENDING) in client.get(url).content.decode()


def test_the_queue_shows_volunteers_waiting_words_but_not_escalated_ones(world, request):
    volunteer = Clients(mw.VOLUNTEER, world, request).shared.get("/admin/moderation/")
    senior = Clients(mw.SENIOR, world, request).shared.get("/admin/moderation/escalations/")
    assert shown(mw.PENDING) in volunteer.content.decode()
    assert shown(mw.ESCALATED) not in volunteer.content.decode()
    assert shown(mw.ESCALATED) in senior.content.decode()


def test_the_vote_page_counts_public_nominations_only(world, request):
    for role in (mw.ANONYMOUS, mw.PARTICIPANT, mw.VOLUNTEER, mw.ADMIN):
        response = Clients(role, world, request).shared.get(world.nominating.url)
        assert response.status_code == 200
        listed = list(response.context["nominations"])
        assert [n.pk for n in listed] == [world.public.pk], role
        # Its waiting statement is not counted among those who "said why".
        assert "said why" not in response.content.decode(), role


def test_a_waiting_statement_is_not_counted_on_its_nomination(world, request):
    url = world.route(world.nominating, "nomination-detail", world.public.pk)
    for role in (mw.ANONYMOUS, mw.PARTICIPANT):
        response = Clients(role, world, request).shared.get(url)
        assert response.status_code == 200
        assert list(response.context["statements"]) == [], role


def test_emails_name_unpublished_writing_only_to_its_author_and_moderators(world):
    assert world.outbox, "building the world sends emails (decisions, escalations)"
    people = {user.email: user for user in get_user_model().objects.all()}
    leaks = []
    for email in world.outbox:
        body = " ".join(
            [
                email.subject,
                email.body,
                *(content for content, _type in getattr(email, "alternatives", [])),
            ]
        )
        for marker in mw.MARKERS + mw.SUSPENDED_MARKERS:
            if shown(marker) not in body:
                continue
            for recipient in email.to + email.cc + email.bcc:
                if not _may_read(marker, people.get(recipient), world):
                    leaks.append(f"{email.subject!r} to {recipient}: shows {marker}")
    assert not leaks, "\n".join(leaks)


def _may_read(marker: str, person, world) -> bool:
    if person is None:
        return False
    author = world.suspended if marker in mw.SUSPENDED_MARKERS else world.author
    if person.pk == author.pk:
        return True
    if marker in ESCALATED:
        return moderation_rules.can_view_escalations(person)
    return moderation_rules.can_view_queue(person)
