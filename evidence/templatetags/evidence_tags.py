"""{% load evidence_tags %}: the charity's data on any page with a topic.

{% not_alone topic %}   "In the last 12 months, about 4,250 young people contacted us
                        about anxiety", with a link to help; nothing when the figure
                        would be too small to show.
{% evidence_snippet snippet %}  a published snippet with its chart and table.
"""

from django import template

from evidence import selectors

register = template.Library()


@register.inclusion_tag("evidence/includes/not_alone.html")
def not_alone(topic, months: int = 12):
    return {"not_alone": selectors.not_alone(topic, months=months)}


@register.inclusion_tag("evidence/includes/snippet.html")
def evidence_snippet(snippet, heading_level: int = 2):
    from evidence.views import snippet_context

    return {**snippet_context(snippet), "heading_level": heading_level}


@register.filter
def explorer_share(cell) -> str:
    """An explorer cell as a share of all contacts, or why it isn't shown."""
    return cell.text("share")
