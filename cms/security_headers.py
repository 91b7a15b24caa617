"""Security headers the whole site sends: the Content-Security-Policy and Permissions-Policy.

The policy itself is `CONTENT_SECURITY_POLICY` in config/settings/base.py: everything
comes from the site's own address, no inline script or style. Three kinds of answer get
a different policy, chosen here from the path and the answer, in one place:

- The Wagtail admin (`/admin/`). Wagtail's own templates write `style="..."`
  attributes, and its editor's scripts (rich text, tooltips) add <style> elements and
  style attributes as they draw; with a strict `style-src` the page editor alone
  reports dozens of blocked styles and loses its layout. So the admin alone allows
  inline *styles*. Inline *scripts* stay forbidden there too: the few Wagtail
  templates that wrote one (date pickers, inline panels) are replaced in
  cms/templates/wagtailadmin/ by markers that static/cms/admin-without-inline-scripts.js
  starts. The admin also shows images an editor has chosen before they are uploaded
  (`blob:` addresses), so `img-src` allows `blob:` there.
- Answers a view allowed to be framed by the site itself (Wagtail's preview of a page
  in the editor sets `X-Frame-Options: SAMEORIGIN`): `frame-ancestors 'self'` for that
  answer only, so the live preview beside the editor works; everything else is
  `frame-ancestors 'none'`.
- The open-data API's JSON (`/api/`, anything but its HTML docs page): a document that
  may load nothing at all, `default-src 'none'`.
"""

from __future__ import annotations

import re

from csp.constants import HEADER, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
NONCE_IN_POLICY = re.compile(r"'nonce-([^']+)'")
API_PREFIX = "/api/"

# Wagtail sets style attributes in its own markup; scripts are never relaxed. No nonce
# in this list: a nonce would make browsers ignore 'unsafe-inline' for styles.
ADMIN_REPLACE = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
API_POLICY = {
    "default-src": [NONE],
    "frame-ancestors": [NONE],
    "base-uri": [NONE],
    "form-action": [NONE],
}

# Features no page of the hub uses, turned off for every page and anything it frames.
# The share pages' "Copy" buttons write to the clipboard, from the site itself only.
# `browsing-topics` replaced `interest-cohort`, which browsers now reject as unknown.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "browsing-topics": "()",
    "camera": "()",
    "clipboard-read": "()",
    "clipboard-write": "(self)",
    "display-capture": "()",
    "encrypted-media": "()",
    "fullscreen": "(self)",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "publickey-credentials-get": "()",
    "screen-wake-lock": "()",
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}
PERMISSIONS_POLICY_HEADER = ", ".join(
    f"{name}={value}" for name, value in PERMISSIONS_POLICY.items()
)


def _is_html(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() == "text/html"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin, framed previews and the API's JSON
    given the policies the module docstring explains."""

    def process_response(self, request, response):
        if response.status_code == 304:
            # "Not modified": browsers keep the headers stored with the full answer and
            # replace any this one sends. A 304 has no body and no Content-Type, so its
            # policy would be the API's JSON one; on the API's HTML docs page that
            # blanked the styles on a second visit. The stored policy stands.
            return response
        if request.path_info.startswith(ADMIN_PREFIX) and HEADER in response:
            # Wagtail previews a page by running a request of its own for the page's
            # public address through the whole middleware stack, so the answer comes
            # back with the public policy already set (frame-ancestors 'none', which
            # would blank the preview beside the editor). The admin's answer gets the
            # admin's policy, keeping any nonce the page's scripts were given.
            inner_nonce = NONCE_IN_POLICY.search(response[HEADER])
            del response[HEADER]
            if inner_nonce and not getattr(request, "_csp_nonce", None):
                request._csp_nonce = inner_nonce.group(1)
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        path = request.path_info
        if path.startswith(API_PREFIX) and not _is_html(response):
            parts.config = dict(API_POLICY)
            parts.update = parts.replace = None
            return parts
        replace = dict(parts.replace or {})
        if path.startswith(ADMIN_PREFIX):
            replace.update(ADMIN_REPLACE)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = [SELF]
        parts.replace = replace or None
        return parts


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every answer (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY_HEADER)
        return response
