"""The data explorer as a page the policy team places and introduces in the CMS."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class DataExplorerPage(Page):
    """Anyone can ask the charity's data a question here: filter, compare, download.

    What the page shows is its query string (see `evidence.explorer.query`); these
    fields only set the words around it and what a first visit shows. The page is
    served by `evidence.explorer.page.serve`, which `EvidenceConfig.ready()` puts on
    this class (`evidence.explorer.page.attach`), so the model imports no view.
    """

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text="A few plain sentences on what the data is and how to use it.",
    )
    default_topics = ParentalManyToManyField(
        "evidence.Topic",
        blank=True,
        related_name="+",
        help_text="Up to four topics a first visit compares. Leave empty for all contacts.",
    )
    default_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How many months up to the newest data a first visit shows.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("default_topics"), FieldPanel("default_months")],
            heading="What a first visit shows",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    template = "evidence/data_explorer_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "data explorer"

    def clean(self):
        super().clean()
        chosen = list(self.default_topics.all())
        if len(chosen) > 4:
            raise ValidationError({"default_topics": "Choose up to four topics."})
