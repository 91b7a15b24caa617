"""Topics (an editable taxonomy) and channels (how young people reach the charity)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Topic(index.Indexed, models.Model):
    """A subject young people contact the charity about (mental health, money, housing…).

    Nominations, evidence snippets and channel statistics share these topics, so a
    nomination can be shown beside the evidence on the same subject. A topic may sit
    under a broader one ("Mental health" > "Anxiety"); one level is enough to browse.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in statistics files and addresses."
    )
    description = models.CharField(max_length=240, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="A broader topic this belongs to, if any.",
    )
    help_url = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where a young person finds help on this topic (a page on the site or an address).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("help_url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id and (self.parent_id == self.pk or self.parent.parent_id):
            raise ValidationError(
                {"parent": "Choose a broad topic that isn't itself under another one."}
            )


@register_snippet
class Channel(models.Model):
    """A way young people contact the charity: website, helpline, webchat, email…"""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=40, unique=True, help_text="Used in statistics files.")
    is_active = models.BooleanField(
        default=True, help_text="Switch off instead of deleting a channel already imported."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
