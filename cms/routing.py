"""What a page model hands on to the layers above it: extra context and sub-page views.

Models sit at the bottom: selectors, services and views import them, never the
reverse. Yet the home page's `get_context` needs selectors, and a campaign page's
routes need views. So a page asks here by name, and the module with the answer
registers it when it is imported: `cms.selectors` the contexts, `cms.campaign_views`
the views. `CmsConfig.ready` imports both, before any page is served.
"""

from __future__ import annotations

from collections.abc import Callable

_contexts: dict[str, Callable] = {}
_views: dict[str, Callable] = {}


def context_provider(name: str):
    """Register `function(page, request) -> dict` as the extra context called `name`."""

    def register(function: Callable) -> Callable:
        _contexts[name] = function
        return function

    return register


def page_view(name: str):
    """Register `view(request, page)` as the sub-page view called `name`."""

    def register(view: Callable) -> Callable:
        _views[name] = view
        return view

    return register


def context(name: str, page, request) -> dict:
    return _contexts[name](page, request)


def serve(name: str, request, page):
    return _views[name](request, page)
