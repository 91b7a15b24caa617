"""The screening lists and safeguarding guidance, editable in the admin."""

from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from moderation import screening_defaults
from moderation.screening import ScreeningConfig


@register_setting(icon="warning")
class ScreeningSettings(BaseGenericSetting):
    """The word lists pre-screening uses, and the guidance shown with a risk flag.

    Editable by senior moderators and administrators. One term per line; each is
    matched as whole words and through common disguises ("k1ll", "s.u.i.c.i.d.e").
    """

    suicide_terms = models.TextField(default=screening_defaults.suicide_terms)
    self_harm_terms = models.TextField(default=screening_defaults.self_harm_terms)
    abuse_terms = models.TextField(default=screening_defaults.abuse_terms)
    profanity_terms = models.TextField(default=screening_defaults.profanity_terms)
    profanity_allowed_words = models.TextField(
        blank=True,
        default=screening_defaults.profanity_allowed_words,
        help_text="Whole words never flagged as swearing, such as place names (Twatt).",
    )
    school_names = models.TextField(
        blank=True,
        default=screening_defaults.school_names,
        help_text="One school per line. Matched without regard to capitals.",
    )
    safeguarding_guidance = models.TextField(
        default=screening_defaults.safeguarding_guidance,
        help_text="Shown to the moderator beside any item with a risk flag.",
    )

    panels = [
        HelpPanel(
            content=(
                "<p>One term per line. Terms match whole words, and see through "
                "disguises like “k1ll”, “suiiicide” and “s.u.i.c.i.d.e”.</p>"
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("suicide_terms"),
                FieldPanel("self_harm_terms"),
                FieldPanel("abuse_terms"),
            ],
            heading="Risk language",
        ),
        MultiFieldPanel(
            [FieldPanel("profanity_terms"), FieldPanel("profanity_allowed_words")],
            heading="Swearing",
        ),
        FieldPanel("school_names"),
        FieldPanel("safeguarding_guidance"),
    ]

    class Meta:
        verbose_name = "screening"

    def as_config(self) -> ScreeningConfig:
        return ScreeningConfig.from_lists(self)
