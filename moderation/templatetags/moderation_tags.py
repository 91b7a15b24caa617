"""Template helpers for pages that show user-written things.

{% load moderation_tags %}
<a href="{% report_url nomination %}">Report this</a>
{% unread_notice_count request.user as unread %}
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from moderation import selectors
from moderation.author_view import author_state as state_of

register = template.Library()


@register.simple_tag
def report_url(obj) -> str:
    """Where a signed-in person reports `obj` (no query: content types are cached)."""
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("moderation:report-create", args=[content_type.pk, obj.pk])


@register.simple_tag
def unread_notice_count(user) -> int:
    return selectors.unread_notice_count(user)


@register.simple_tag
def author_state(item):
    """{% author_state item as state %}: where it stands, in words for its author."""
    return state_of(item)


@register.simple_tag
def author_state_of(obj):
    """{% author_state_of nomination as state %}: the same, looked up from the object."""
    return state_of(selectors.item_for(obj))
