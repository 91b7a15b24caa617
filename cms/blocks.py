"""Reusable StreamField blocks: few page types, many blocks."""

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

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
    url = blocks.URLBlock(required=False)
    opening_hours = blocks.CharBlock(max_length=80, required=False)

    class Meta:
        icon = "help"
        template = "blocks/helpline_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ul", "ol"])
    callout = CalloutBlock()
    steps = StepsBlock()
