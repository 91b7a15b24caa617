"""Reusable StreamField blocks: few page types, many blocks."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from participation.text import safe_address

# What editors may use in a callout's or an answer's text (paragraphs add headings).
SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class WebURLBlock(blocks.URLBlock):
    """An address editors type. The admin's form accepts only web addresses; one that
    reached the database another way (an import, an old revision) is read back empty
    unless following it is safe, so a `javascript:` address never becomes a link."""

    def to_python(self, value):
        return safe_address(super().to_python(value))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=SHORT_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        template = "blocks/callout_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)


class StepsBlock(blocks.StructBlock):
    """A short numbered 'how it works' list."""

    title = blocks.CharBlock(max_length=120)
    steps = blocks.ListBlock(StepBlock())

    class Meta:
        icon = "list-ol"
        template = "blocks/steps_block.html"


class HelplineBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    description = blocks.CharBlock(max_length=200, required=False)
    phone = blocks.CharBlock(
        max_length=30, required=False, help_text="Shown as a link that phones can dial."
    )
    text_message = blocks.CharBlock(
        max_length=80, required=False, help_text="For example: Text SHOUT to 85258"
    )
    url = WebURLBlock(required=False)
    opening_hours = blocks.CharBlock(max_length=80, required=False)

    class Meta:
        icon = "help"
        template = "blocks/helpline_block.html"


class EvidenceSnippetBlock(blocks.StructBlock):
    """A published evidence snippet with its figure, chart and table. A snippet that is
    unpublished later simply stops showing: the figure is never copied into the page."""

    snippet = SnippetChooserBlock("evidence.EvidenceSnippet")

    class Meta:
        icon = "table"
        template = "blocks/evidence_snippet_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=300, required=False)
    button = blocks.CharBlock(max_length=40, help_text="What the button says, e.g. “Vote now”.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = WebURLBlock(required=False, help_text="…or an address elsewhere (not both).")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError("Choose a page or give an address, not both.")
                }
            )
        return value


class SignpostingBlock(blocks.StructBlock):
    """The site's helplines (from Safety and signposting), where a page needs them."""

    heading = blocks.CharBlock(max_length=120, default="Need to talk to someone?")

    class Meta:
        icon = "help"
        template = "blocks/signposting_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="What the picture shows, for people who can't see it. Required: if the "
        "picture is only decoration, say what it adds in a few words.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=SHORT_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    """Questions and answers that open one at a time, with no JavaScript (<details>)."""

    title = blocks.CharBlock(max_length=120, default="Questions people ask")
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=["h2", "h3", *SHORT_TEXT_FEATURES])
    callout = CalloutBlock()
    steps = StepsBlock()
    evidence = EvidenceSnippetBlock()
    call_to_action = CallToActionBlock()
    signposting = SignpostingBlock()
    image = ImageBlock()
    faq = FaqBlock()
