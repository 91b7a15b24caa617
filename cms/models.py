from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import routing
from cms.blocks import BodyBlock, HelplineBlock
from participation.signoff import SignOffRequiredMixin


class HomePage(Page):
    """The front door: what the Listening Hub is and how to take part."""

    introduction = models.TextField(
        max_length=400, help_text="One or two plain sentences under the title."
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "cms/home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(routing.context("home", self, request))
        return context


class StandardPage(Page):
    """An information page: about, house rules, privacy, getting help."""

    introduction = models.TextField(max_length=400, blank=True)
    body = StreamField(BodyBlock(), blank=True)
    topics = ParentalManyToManyField(
        "evidence.Topic",
        blank=True,
        related_name="standard_pages",
        help_text="What the page is about: it shows “you are not alone” and related items.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("topics"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    template = "cms/standard_page.html"


class CampaignIndexPage(Page):
    """Our campaigns: the issues young people chose, newest first, with what has happened."""

    introduction = models.TextField(max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CampaignPage"]
    template = "cms/campaign_index_page.html"

    class Meta:
        verbose_name = "campaign index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaigns = (
            CampaignPage.objects.live()
            .public()
            .child_of(self)
            .order_by("-first_published_at", "-pk")
            .prefetch_related("updates")
        )
        context["campaigns"] = [(campaign, campaign.latest_update()) for campaign in campaigns]
        return context


class CampaignStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Campaigning now"
    WON = "won", "Won"
    CLOSED = "closed", "Closed"


STATUS_BADGES = {
    CampaignStatus.PLANNING: "text-bg-secondary",
    CampaignStatus.ACTIVE: "text-bg-primary",
    CampaignStatus.WON: "text-bg-success",
    CampaignStatus.CLOSED: "text-bg-light border",
}


class CampaignPage(SignOffRequiredMixin, RoutablePageMixin, Page):
    """A campaign young people chose: why (the winning nomination), what we will do, and
    dated updates ("you said, we did"). Goes live after sign-off (participation/signoff.py).

    Started from a winning nomination by `cms.services.campaign_promote`. If that
    nomination is erased, the campaign stays and only loses its "why" section.
    """

    summary = models.TextField(
        max_length=2000, help_text="In plain words: what this campaign is about."
    )
    nomination = models.ForeignKey(
        "participation.Nomination",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
        help_text="The winning nomination it started from.",
    )
    what_we_will_do = RichTextField(
        "what we will do", features=["h3", "bold", "italic", "link", "ul", "ol"], blank=True
    )
    status = models.CharField(
        max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNING
    )
    topics = ParentalManyToManyField("evidence.Topic", blank=True, related_name="campaigns")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldPanel("nomination", read_only=True),
        FieldPanel("what_we_will_do"),
        FieldPanel("topics"),
        InlinePanel("updates", heading="You said, we did", label="Update"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("what_we_will_do"),
    ]

    parent_page_types = ["cms.CampaignIndexPage"]
    subpage_types: list[str] = []
    # One campaign per nomination: a copy starts without one.
    exclude_fields_in_copy = ["nomination"]
    template = "cms/campaign_page.html"

    class Meta:
        verbose_name = "campaign"
        permissions = [("start_campaign", "Can start a campaign from a winning nomination")]
        constraints = [
            models.UniqueConstraint(fields=["nomination"], name="cms_one_campaign_per_nomination")
        ]

    @route("follow/", name="follow")
    def follow_route(self, request):
        return routing.serve("campaign-follow", request, self)

    @route("unfollow/", name="unfollow")
    def unfollow_route(self, request):
        return routing.serve("campaign-unfollow", request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(routing.context("campaign", self, request))
        return context

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES.get(self.status, "text-bg-secondary")

    def updates_newest_first(self) -> list:
        return sorted(
            self.updates.all(), key=lambda u: (u.date, u.sort_order or 0, u.pk or 0), reverse=True
        )

    def latest_update(self):
        updates = self.updates_newest_first()
        return updates[0] if updates else None


class CampaignUpdate(Orderable):
    """One dated step of a campaign: what we did about what young people said."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=timezone.localdate)
    title = models.CharField(max_length=120)
    text = RichTextField(features=["bold", "italic", "link", "ul", "ol"])

    panels = [FieldPanel("date"), FieldPanel("title"), FieldPanel("text")]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.title}"


class CampaignFollow(models.Model):
    """A participant follows a campaign to hear its news: at most once each."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_follows"
    )
    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "campaign"], name="cms_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant} follows {self.campaign}"


class CampaignAnnouncement(models.Model):
    """That someone was told a campaign started from the issue they raised or backed,
    so publishing the page again never tells them twice."""

    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "recipient"], name="cms_announce_campaign_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} told of {self.campaign}"


class CampaignUpdateAnnouncement(models.Model):
    """That a campaign's followers were told of one of its updates: publishing the page
    again, or adding the next update, never tells them of this one twice.

    Kept by the update's date and title, not its row: publishing from a revision may
    save the page's updates as new rows.
    """

    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    title = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "date", "title"], name="cms_announce_update_once"
            )
        ]

    def __str__(self) -> str:
        return f"Followers told of {self.title} ({self.date:%d %b %Y})"


@register_setting(icon="help")
class SafetySettings(BaseSiteSetting):
    """Helpline signposting shown in every footer and whenever someone may need support.

    Editable only by administrators: a wrong phone number here could leave a young
    person in crisis without help.
    """

    signposting_introduction = RichTextField(
        features=["bold", "link"],
        default="<p>If you need to talk to someone, these services are free and confidential.</p>",
    )
    helplines = StreamField([("helpline", HelplineBlock())], blank=True)
    emergency_message = models.CharField(
        max_length=200,
        default="If you are in danger now, call 999.",
    )
    house_rules_page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("emergency_message"),
        FieldPanel("signposting_introduction"),
        FieldPanel("helplines"),
        FieldPanel("house_rules_page"),
    ]
    # Every page's footer links to the house rules: read the page with the settings.
    select_related = ["house_rules_page"]

    class Meta:
        verbose_name = "Safety and signposting"


class PageFeedback(models.Model):
    """One answer to "Was this page useful?", with an optional comment.

    Anonymous by design: no account and no address are kept, so nobody can tell who
    said what. A comment is screened and waits in the moderation queue; it is never
    shown on the site, only to staff in the feedback report once a moderator approves it.
    """

    COMMENT_MAX_LENGTH = 500

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField()
    comment = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        permissions = [("view_page_feedback", "Can see the page feedback report")]
        indexes = [models.Index(fields=["page", "created_at"], name="cms_feedback_page_time")]
        verbose_name = "page feedback"
        verbose_name_plural = "page feedback"

    def __str__(self) -> str:
        answer = "useful" if self.useful else "not useful"
        return f"Feedback on page {self.page_id}: {answer}"
