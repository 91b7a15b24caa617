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


@register.inclusion_tag("participation/includes/related.html", takes_context=True)
def related(context, topics, exclude=None):
    """Up to five things on the same topics the viewer may see, newest first."""
    from participation.selectors.related import related_items

    if hasattr(topics, "all"):
        topics = topics.all()
    elif not isinstance(topics, list | tuple):
        topics = [topics]
    ids = [topic.pk for topic in topics if topic is not None]
    request = context.get("request")
    user = request.user if request else None
    return {"related": related_items(ids, user=user, exclude=exclude, request=request)}
