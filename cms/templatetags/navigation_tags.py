from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.url_path if current else ""
    children = site.root_page.get_children().live().public().in_menu().specific()
    return {
        "items": [
            {
                "page": child,
                "current": bool(current_path) and current_path.startswith(child.url_path),
            }
            for child in children
        ]
    }
