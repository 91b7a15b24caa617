"""The site's own address, as its Wagtail Site record names it.

Canonical links, the sitemap and robots.txt all start from the Site's root URL (set
in Settings > Sites), not from whatever host a request came in on: the same page
reached at two addresses is still one page, and the sitemap already lists pages at
the Site's address.
"""

from django.utils.encoding import escape_uri_path
from wagtail.models import Site


def site_root_url(request) -> str:
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def canonical_url(request) -> str:
    """This address at the site's root, without its query string."""
    return site_root_url(request) + escape_uri_path(request.path)
