from django import template
from django.utils.safestring import mark_safe

from participation import text

register = template.Library()


@register.filter
def user_text(value: str) -> str:
    """A participant's words: escaped, in paragraphs, with safe nofollow links."""
    return mark_safe(text.render(value or ""))  # noqa: S308 - text.render escapes first


@register.filter
def percent(value, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{places}f}%"
