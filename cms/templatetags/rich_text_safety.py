"""`allowed_richtext`: staff rich text cut to the editor's features before it is shown.

Wagtail checks rich text against the editor's features when it is saved in the
admin, not when it is shown; templates/wagtailcore/shared/richtext.html (Wagtail's
own template for every rich text, overridden) runs this filter so that HTML stored
some other way is held to the same allow-list (participation/text.py).
"""

from django import template
from django.utils.safestring import mark_safe

from participation.text import rich_text_html

register = template.Library()


@register.filter
def allowed_richtext(html: str) -> str:
    return mark_safe(rich_text_html(str(html or "")))  # noqa: S308 - cut to the allow-list
