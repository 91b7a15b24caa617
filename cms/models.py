from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock, HelplineBlock


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
        from participation.models import CampaignVotePage

        context = super().get_context(request, *args, **kwargs)
        votes = (
            CampaignVotePage.objects.live().public().child_of(self).order_by("-nominations_open_at")
        )
        context["votes"] = [
            (vote, vote.standing()) for vote in votes.prefetch_related("rounds__result")[:3]
        ]
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

    class Meta:
        verbose_name = "Safety and signposting"
