from django import template
from wagtail.models import Site

from cms import selectors

register = template.Library()


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The main menu (kept in the cache, see `cms.selectors.main_menu`), the link to the
    section the current page is in marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.url_path if current else ""
    return {
        "items": [
            {
                "link": item,
                "current": bool(current_path) and current_path.startswith(item.url_path),
            }
            for item in selectors.main_menu(site, request)
        ]
    }
