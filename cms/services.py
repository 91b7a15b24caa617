"""State changes for campaigns: starting one from a vote's winner, following one, and
telling the young people behind it when it goes live. Views, admin, commands and
tests call these; nothing else changes campaign state.

A campaign page's own life (draft → sign-off → live) is Wagtail's, under the rule in
participation/signoff.py. Its status (planning, campaigning now, won, closed) is the
policy team's word on the page and may move any way: a closed campaign can restart.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from cms.models import (
    CampaignAnnouncement,
    CampaignFollow,
    CampaignIndexPage,
    CampaignPage,
    CampaignStatus,
    CampaignUpdate,
    CampaignUpdateAnnouncement,
    PageFeedback,
)
from moderation.models import ModerationItem, Notice, NoticeKind
from moderation.services.items import item_submit
from moderation.services.notices import notice_send
from participation.models import Nomination, NominationState, Support, User
from participation.selectors.nominations import nomination_is_public
from participation.selectors.participants import ParticipantStatus, participant_status
from participation.services.notifications import notify
from participation.text import without_invisible

NO_INDEX = (
    "There's no campaigns page to put it under yet. Add a “campaign index” page under "
    "the home page (for example “Our campaigns”), then try again."
)


class CampaignAlreadyStarted(ValidationError):
    """The nomination already has a campaign: `campaign` is it (draft or live)."""

    def __init__(self, campaign: CampaignPage):
        super().__init__(f"“{campaign.title}” is already a campaign, so nothing new was made.")
        self.campaign = campaign


def _require_campaign_starter(user: User) -> None:
    if not (user.is_active and user.has_perm("cms.start_campaign")):
        raise PermissionDenied("Only the policy team can start a campaign.")


def _check_winner(nomination: Nomination) -> None:
    """A campaign starts only from a winner of a vote's final round, once it has closed.

    Going through from an earlier round is not winning; a withdrawn, merged, ineligible
    or unapproved nomination is never a winner, whatever an old result says.
    """
    title = nomination.title
    if nomination.state != NominationState.ACTIVE:
        state = nomination.get_state_display().lower()
        raise ValidationError(f"“{title}” is {state}, so it can't become a campaign.")
    if not nomination_is_public(nomination):
        raise ValidationError(
            f"“{title}” isn't approved by a moderator, so it can't become a campaign."
        )
    vote = nomination.campaign_vote
    rounds = vote.ordered_rounds()
    result = rounds[-1].result_or_none() if rounds else None
    if result is None:
        raise ValidationError(
            f"“{vote.title}” hasn't finished yet. A campaign starts from a winner of the "
            "final round, once that round has closed."
        )
    if nomination.pk not in result.winners:
        raise ValidationError(
            f"“{title}” didn't win the final round of “{vote.title}”, so it can't become a "
            "campaign. Only the final round's winners can."
        )


def _free_slug(index: CampaignIndexPage, title: str) -> str:
    base = slugify(title)[:80].strip("-") or "campaign"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def campaign_promote(*, nomination: Nomination, user: User) -> CampaignPage:
    """Start a draft campaign from a winning nomination, under the first campaign index.

    Prefilled from the nomination (title, summary from its text, its topic, the link
    back to it) for the policy team to rewrite, then submit for sign-off. Refuses a
    user who may not start campaigns, a nomination that did not win a closed final
    round, a site with no campaign index, and a nomination that already has a
    campaign (`CampaignAlreadyStarted`, which carries that campaign). Nothing changes
    when it refuses.
    """
    _require_campaign_starter(user)
    with transaction.atomic():
        # Lock the nomination: two clicks at once would otherwise start two campaigns
        # (the unique constraint on CampaignPage.nomination would turn the second into
        # an error instead of the existing campaign).
        nomination = (
            Nomination.objects.select_for_update()
            .select_related("campaign_vote", "topic")
            .get(pk=nomination.pk)
        )
        existing = CampaignPage.objects.filter(nomination=nomination).first()
        if existing is not None:
            raise CampaignAlreadyStarted(existing)
        _check_winner(nomination)
        index = CampaignIndexPage.objects.order_by("path").first()
        if index is None:
            raise ValidationError(NO_INDEX)
        if not index.permissions_for_user(user).can_add_subpage():
            raise PermissionDenied(f"You can't add pages under “{index.title}”.")
        page = CampaignPage(
            title=nomination.title,
            slug=_free_slug(index, nomination.title),
            summary=nomination.description,
            nomination=nomination,
            status=CampaignStatus.PLANNING,
            live=False,
            owner=user,
        )
        page.topics = [nomination.topic]
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page


def _require_participant(user: User) -> None:
    if participant_status(user) is not ParticipantStatus.PARTICIPANT:
        raise PermissionDenied("Only participants can follow campaigns.")


def campaign_follow(*, participant: User, campaign: CampaignPage) -> CampaignFollow:
    """Follow a live campaign to hear its news. Following twice changes nothing."""
    _require_participant(participant)
    if not campaign.live:
        raise ValidationError("You can follow this campaign once it's on the site.")
    # get_or_create retries the read if a second request inserts first (the unique
    # constraint on participant and campaign keeps it to one row).
    follow, _ = CampaignFollow.objects.get_or_create(participant=participant, campaign=campaign)
    return follow


def campaign_unfollow(*, participant: User, campaign: CampaignPage) -> bool:
    """Stop following; True if they were following. Anyone signed in may stop, even if
    they are no longer a participant: stopping news must never need more than that."""
    if not participant.is_authenticated:
        raise PermissionDenied("Log in to change what you follow.")
    deleted, _ = CampaignFollow.objects.filter(participant=participant, campaign=campaign).delete()
    return bool(deleted)


def _people_behind(nomination: Nomination) -> list[tuple[User, bool]]:
    """The nomination's author, then its supporters: (person, is the author)."""
    people: dict[int, tuple[User, bool]] = {}
    if nomination.author is not None:
        people[nomination.author.pk] = (nomination.author, True)
    supports = Support.objects.filter(nomination=nomination).select_related("participant")
    for support in supports.order_by("pk"):
        people.setdefault(support.participant_id, (support.participant, False))
    return [(person, is_author) for person, is_author in people.values() if person.is_active]


def campaign_published_notify(*, page: CampaignPage) -> list[Notice]:
    """Tell the young people behind a campaign that it is live: the author of the
    nomination it started from and everyone who supported it, each once per campaign
    however often the page is published again. The one place that decides who hears.

    Called when a campaign page is published (cms/apps.py connects it to Wagtail's
    `page_published`, which fires for the editor, workflow approvals and code alike).
    """
    if not page.live or page.nomination_id is None:
        return []
    nomination = Nomination.objects.select_related("author").filter(pk=page.nomination_id).first()
    if nomination is None:
        return []
    link = page.get_url() or ""
    sent: list[Notice] = []
    with transaction.atomic():
        told = set(
            CampaignAnnouncement.objects.filter(campaign=page).values_list(
                "recipient_id", flat=True
            )
        )
        for person, is_author in _people_behind(nomination):
            if person.pk in told:
                continue
            # get_or_create, not create: if two publishes race, the unique constraint
            # lets one of them record the person, and only that one tells them.
            _, created = CampaignAnnouncement.objects.get_or_create(campaign=page, recipient=person)
            if not created:
                continue
            if is_author:
                subject = "Your issue is now a campaign"
                message = (
                    f"Young people voted for your nomination “{nomination.title}”, and it "
                    f"is now one of our campaigns: “{page.title}”. See what we'll do, and "
                    "follow it to hear what happens."
                )
            else:
                subject = "An issue you backed is now a campaign"
                message = (
                    f"“{nomination.title}”, which you supported, is now one of our "
                    f"campaigns: “{page.title}”. See what we'll do, and follow it to hear "
                    "what happens."
                )
            notice = notice_send(
                recipient=person,
                kind=NoticeKind.CAMPAIGN_UPDATE,
                message=message,
                link=link,
                subject=subject,
            )
            if notice is not None:
                sent.append(notice)
    return sent


def campaign_updates_notify(*, page: CampaignPage) -> list[Notice]:
    """Tell a live campaign's followers of each update they haven't been told of.

    Each update is announced once, when the page is first published with it (updates
    already there when the campaign first goes live are recorded, not sent: nobody
    could follow it before). Preferences apply: `notify` skips the email for anyone
    who switched campaign news off.
    """
    if not page.live:
        return []
    sent: list[Notice] = []
    with transaction.atomic():
        told = set(
            CampaignUpdateAnnouncement.objects.filter(campaign=page).values_list("date", "title")
        )
        fresh = [
            update
            for update in CampaignUpdate.objects.filter(page=page)
            if (update.date, update.title) not in told
        ]
        if not fresh:
            return []
        followers = [
            follow.participant
            for follow in CampaignFollow.objects.filter(campaign=page).select_related("participant")
        ]
        link = page.get_url() or ""
        for update in sorted(fresh, key=lambda u: (u.date, u.pk)):
            # get_or_create: of two publishes at once, only the one that records it tells.
            _, created = CampaignUpdateAnnouncement.objects.get_or_create(
                campaign=page, date=update.date, title=update.title
            )
            if not created:
                continue
            for person in followers:
                notice = notify(
                    recipient=person,
                    kind=NoticeKind.CAMPAIGN_UPDATE,
                    subject=f"News on “{page.title}”",
                    message=f"{update.title}. See what's happened on the campaign's page.",
                    link=link,
                )
                if notice is not None:
                    sent.append(notice)
    return sent


# --- Page feedback -------------------------------------------------------------------

FEEDBACK_NO_ANSWER = "Please choose Yes or No, then send your feedback again."
FEEDBACK_TOO_LONG = (
    f"Your comment is longer than {PageFeedback.COMMENT_MAX_LENGTH} characters. "
    "Please make it shorter and send it again."
)
# Moderation items need an author, and page feedback has none on purpose (nothing is
# kept about who sent it), so every comment is sent in the name of this one account.
# It has no password and can never sign in; its decision emails are switched off.
FEEDBACK_ACCOUNT_EMAIL = "page-feedback@listening-hub.invalid"
FEEDBACK_ACCOUNT_NAME = "Anonymous page feedback"


def feedback_account() -> User:
    """The account anonymous feedback comments are sent to moderation under."""
    from participation.services.notifications import notification_preferences_update

    account, created = User.objects.get_or_create(
        email=FEEDBACK_ACCOUNT_EMAIL, defaults={"display_name": FEEDBACK_ACCOUNT_NAME}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
        notification_preferences_update(
            user=account,
            email_decisions=False,
            email_round_openings=False,
            email_campaign_updates=False,
        )
    return account


def feedback_submit(
    *, page: Page, useful: bool | None, comment: str = "", now: dt.datetime | None = None
) -> tuple[PageFeedback, ModerationItem | None]:
    """Record one answer to "Was this page useful?" and send any comment for checking.

    Nothing about the sender is kept. A comment is screened and joins the moderation
    queue; it is never shown on the site, only in the staff report once approved.
    Returns the feedback and its moderation item (None without a comment). Bad input
    raises ValidationError and saves nothing.
    """
    if useful is None:
        raise ValidationError(FEEDBACK_NO_ANSWER)
    comment = without_invisible(comment).strip()
    if len(comment) > PageFeedback.COMMENT_MAX_LENGTH:
        raise ValidationError(FEEDBACK_TOO_LONG)
    now = now or timezone.now()
    with transaction.atomic():
        feedback = PageFeedback.objects.create(
            page=page, useful=bool(useful), comment=comment, created_at=now
        )
        item = None
        if comment:
            item = item_submit(
                obj=feedback, author=feedback_account(), text_fields={"comment": comment}, now=now
            )
    return feedback, item
