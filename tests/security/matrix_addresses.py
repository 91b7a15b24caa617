"""Every address the project answers, filled from the world of `matrix_world.py`.

Walked from the URL resolver and, for the part Wagtail serves, from one live page of
each type and each of its routes: an address nobody wrote an expectation for is then
a failure in the matrix, not a silent gap. `addresses()` also names each route it
could not make an address for, so a new route with a parameter nobody fills fails too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from moderation.selectors import item_for
from participation.models import Nomination
from participation.services.notifications import unsubscribe_token
from tests.security.matrix_world import MARKERS, NOTE, PENDING, STATEMENT, SUSPENDED_MARKERS, World


@dataclass(frozen=True)
class Address:
    key: str  # the URL name ("namespace:name"), else the route; expectations match it
    route: str  # the resolver's route, for messages
    url: str  # a real address, filled from the world


def patterns() -> list[tuple[str, str, URLPattern]]:
    """(key, route, pattern) for every pattern the resolver knows, walked recursively."""
    found = []

    def walk(resolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), inner)
            else:
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                found.append((name or route, route, entry))

    walk(get_resolver(), "", "")
    return found


PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def page_routes() -> list[tuple[str, Page, str, dict]]:
    """(key, page, route name, kwargs) for every live page's routes, one page per type.

    Keys are "page:<app>.<model>" for a plain page and "page:<app>.<model>:<route>" for
    each route of a routable page.
    """
    found = []
    seen = set()
    for page in Page.objects.live().specific().order_by("depth", "pk"):
        model = type(page)
        label = f"page:{model._meta.label_lower}"
        if model is Page or label in seen:
            continue
        seen.add(label)
        if not isinstance(page, RoutablePageMixin):
            found.append((label, page, "", {}))
            continue
        for pattern in page.get_subpage_urls():
            found.append((f"{label}:{pattern.name}", page, pattern.name, {}))
    return found


def _pk(model_label: str) -> int:
    from django.apps import apps

    model = apps.get_model(model_label)
    first = model._default_manager.order_by("pk").first()
    return first.pk if first is not None else 999_999


def _pks(world: World) -> dict[str, int]:
    """The object behind `<pk>` (and its kin) in each admin namespace."""
    return {
        "wagtailsnippets_evidence_topic": world.public.topic_id,
        "wagtailsnippets_evidence_channel": _pk("evidence.Channel"),
        "wagtailsnippets_evidence_evidencesnippet": world.snippet.pk,
        "wagtailsnippets_moderation_houserulereason": world.house_rule_reason.pk,
        "wagtailsnippets_moderation_safeguardingactiontype": _pk(
            "moderation.SafeguardingActionType"
        ),
        "wagtailadmin_collections": _pk("wagtailcore.Collection"),
        "wagtailadmin_workflows": _pk("wagtailcore.Workflow"),
        "moderation_audit": _pk("moderation.AuditEntry"),
        "moderation_teams": world.team.pk,
        "wagtailsites": Site.objects.get(is_default_site=True).pk,
        "wagtailusers_users": world.author.pk,
        "wagtailusers_groups": _pk("auth.Group"),
        "wagtailadmin_api:pages": world.standard.pk,
        "wagtailadmin_api:documents": world.document.pk,
        "wagtailadmin_api:images": world.image.pk,
        "participation_admin": world.voting.ordered_rounds()[1].pk,
        "moderation_admin": world.items[PENDING].pk,
        "wagtailsnippetchoosers_evidence_topic": world.public.topic_id,
        "wagtailsnippetchoosers_evidence_channel": _pk("evidence.Channel"),
        "wagtailsnippetchoosers_evidence_evidencesnippet": world.snippet.pk,
        "wagtailsnippetchoosers_moderation_houserulereason": world.house_rule_reason.pk,
        "wagtailsnippetchoosers_moderation_safeguardingactiontype": _pk(
            "moderation.SafeguardingActionType"
        ),
        "wagtaildocs_chooser": world.document.pk,
        "wagtailimages_chooser": world.image.pk,
        "evidence": world.snippet.pk,
    }


def _values(world: World, key: str) -> dict[str, object]:
    namespace = key.rsplit(":", 1)[0] if ":" in key else ""
    values = {
        "page_id": world.standard.pk,
        "parent_page_id": world.standard.get_parent().pk,
        "page_to_move_id": world.standard.pk,
        "destination_id": world.standard.get_parent().pk,
        "page_pk": world.standard.pk,
        "workflow_pk": _pk("wagtailcore.Workflow"),
        "task_id": _pk("wagtailcore.Task"),
        "task_state_id": 999_999,
        "workflow_state_id": 999_999,
        "revision_id": world.standard.latest_revision_id or 999_999,
        "content_type_app_name": "cms",
        "content_type_model_name": "standardpage",
        "app_label": "cms",
        "model_name": "standardpage",
        "app_name": "cms",
        "action": "delete",
        "action_name": "approve",
        "session_id": 999_999,
        "object_id": world.standard.pk,
        "document_id": world.document.pk,
        "doc_id": world.document.pk,
        "image_id": world.image.pk,
        "uploaded_file_id": 999_999,
        "filter_spec": "original",
        "redirect_id": _pk("wagtailredirects.Redirect"),
        "collection_id": _pk("wagtailcore.Collection"),
        "restriction_id": 999_999,
        "page_view_restriction_id": 999_999,
        "uidb64": "MQ",
        "token": "set-password",
        "round_id": world.voting.ordered_rounds()[1].pk,
        "digest": world.card_digest,
        "content_type_id": _content_type_id(Nomination),
        "user_id": world.suspended.pk,
    }
    pks = _pks(world)
    if namespace in pks:
        values["pk"] = pks[namespace]
    return values


def _content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def fill(route: str, values: dict[str, object]) -> str | None:
    """`route` with each `<converter:name>` replaced, or None when one has no value or
    the route is a regular expression."""
    if route.startswith("^") or "(?P" in route or "\\" in route:
        return None
    missing = [m.group("name") for m in PARAMETER.finditer(route) if m.group("name") not in values]
    if missing:
        return None
    return "/" + PARAMETER.sub(lambda m: str(values[m.group("name")]), route)


def _special(world: World) -> dict[str, list[tuple[str, str]]]:
    """Addresses the resolver can't fill by parameter name alone: (variant, address)."""
    voting, nominating = world.voting, world.nominating
    closed, open_ = 1, 2
    document = world.document
    api_vote = f"/api/v1/votes/{voting.pk}/rounds"
    items = {marker: item.pk for marker, item in world.items.items()}
    public_item = item_for(world.public).pk
    site_pk = Site.objects.get(is_default_site=True).pk
    return {
        "api-v1:topic_detail": [("", f"/api/v1/topics/{world.public.topic.slug}")],
        "api-v1:snippet_detail": [("", f"/api/v1/snippets/{world.snippet.pk}")],
        "api-v1:vote_detail": [
            ("voting", f"/api/v1/votes/{voting.pk}"),
            ("nominating", f"/api/v1/votes/{nominating.pk}"),
        ],
        "api-v1:round_result": [
            ("closed", f"{api_vote}/{closed}/result"),
            ("open", f"{api_vote}/{open_}/result"),
        ],
        "api-v1:round_ballots": [
            ("closed", f"{api_vote}/{closed}/ballots"),
            ("open", f"{api_vote}/{open_}/ballots"),
        ],
        "api-v1:round_ballots_csv": [("closed", f"{api_vote}/{closed}/ballots.csv")],
        "api-v1:round_ballots_blt": [("closed", f"{api_vote}/{closed}/ballots.blt")],
        "api-v1:unknown": [("", "/api/v1/no-such-list")],
        "wagtaildocs_serve": [("", f"/documents/{document.pk}/{document.filename}")],
        "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": [],
        "account_confirm_email": [("", "/accounts/confirm-email/not-a-real-key/")],
        "account_reset_password_from_key": [("", "/accounts/password/reset/key/1-not-a-key/")],
        "wagtailadmin_pages:revisions_compare": [
            ("", f"/admin/pages/{world.standard.pk}/revisions/compare/earliest...latest/")
        ],
        "wagtailsnippets_evidence_evidencesnippet:revisions_compare": [
            (
                "",
                f"/admin/snippets/evidence/evidencesnippet/history/{world.snippet.pk}"
                "/revisions/compare/earliest...latest/",
            )
        ],
        "admin/^.*/$": [("", "/admin/no-such-screen/")],
        "wagtailsettings:edit": [
            ("cms", "/admin/settings/cms/safetysettings/"),
            ("moderation", "/admin/settings/moderation/screeningsettings/"),
        ],
        "wagtailsettings:edit#2": [("cms", f"/admin/settings/cms/safetysettings/{site_pk}/")],
        "wagtailsettings:preview_on_edit": [
            ("cms", f"/admin/settings/cms/safetysettings/{site_pk}/preview/")
        ],
        "moderation_admin:item-detail": [
            ("public", f"/admin/moderation/items/{public_item}/"),
            *[(marker, f"/admin/moderation/items/{pk}/") for marker, pk in items.items()],
        ],
        "moderation_admin:case-detail": [("", f"/admin/moderation/cases/{world.case_id}/")],
        "participation_admin:nomination-list": [
            ("voting", f"/admin/campaign-votes/{voting.pk}/nominations/"),
            ("nominating", f"/admin/campaign-votes/{nominating.pk}/nominations/"),
        ],
        "participation_admin:nomination-merge": [
            ("", f"/admin/campaign-votes/nominations/{world.public.pk}/merge/")
        ],
        "participation_admin:nomination-ineligible": [
            ("", f"/admin/campaign-votes/nominations/{world.public.pk}/ineligible/")
        ],
        "cms_admin:campaign-promote": [("", f"/admin/campaigns/promote/{world.on_ballot.pk}/")],
        "moderation:report-create": [
            ("", f"/moderation/report/{_content_type_id(Nomination)}/{world.public.pk}/")
        ],
        "moderation:notice-read": [
            ("", f"/moderation/notices/{world.notice.pk if world.notice else 999_999}/read/")
        ],
        "participation:notification-unsubscribe": [
            ("", f"/me/unsubscribe/{unsubscribe_token(user=world.author, kind='decision')}/")
        ],
        "search": [
            ("", "/search/"),
            *[(m, f"/search/?q={m}") for m in MARKERS + SUSPENDED_MARKERS],
        ],
        "page:evidence.dataexplorerpage": [
            ("", world.explorer.url),
            ("csv", world.explorer.url + "?format=csv"),
            ("json", world.explorer.url + "?format=json"),
        ],
    }


def _vote_routes(world: World) -> dict[str, list[tuple[str, str]]]:
    voting, nominating = world.voting, world.nominating
    route = world.route
    label = "page:participation.campaignvotepage"
    public, marked = world.public, world.marked
    detail = [("public", route(nominating, "nomination-detail", public.pk))] + [
        (marker, route(nominating, "nomination-detail", n.pk))
        for marker, n in marked.items()
        if marker not in (NOTE, STATEMENT)
    ]
    by_round = {
        name: [(f"round {n}", route(voting, name, n)) for n in (1, 2)]
        for name in (
            "ballot",
            "results",
            "results-share",
            "ballots-csv",
            "ballots-blt",
            "receipts-csv",
            "receipt-check",
            "ballot-received",
        )
    }
    return {
        f"{label}:index": [("voting", voting.url), ("nominating", nominating.url)],
        f"{label}:index_route": [("voting", voting.url)],
        f"{label}:nominate": [
            ("open", route(nominating, "nominate")),
            ("closed", route(voting, "nominate")),
        ],
        f"{label}:nomination-submitted": [
            ("pending", route(nominating, "nomination-submitted", marked[PENDING].pk))
        ],
        f"{label}:statement-submitted": [
            ("pending", route(nominating, "statement-submitted", world.statement_item.object_id))
        ],
        f"{label}:nomination-detail": detail,
        f"{label}:nomination-edit": [
            ("pending", route(nominating, "nomination-edit", marked[PENDING].pk)),
            ("public", route(nominating, "nomination-edit", public.pk)),
        ],
        f"{label}:nomination-withdraw": [
            ("pending", route(nominating, "nomination-withdraw", marked[PENDING].pk))
        ],
        f"{label}:nomination-support": [
            ("public", route(nominating, "nomination-support", public.pk))
        ],
        f"{label}:nomination-statement": [
            ("public", route(nominating, "nomination-statement", public.pk))
        ],
        **{f"{label}:{name}": variants for name, variants in by_round.items()},
        "page:cms.campaignpage:index_route": [("", world.campaign.url)],
        "page:cms.campaignpage:follow": [("", world.campaign.url + "follow/")],
        "page:cms.campaignpage:unfollow": [("", world.campaign.url + "unfollow/")],
    }


def addresses(world: World) -> tuple[list[Address], list[str]]:
    """Every address to ask for, and the routes no address could be made for."""
    special = {**_special(world), **_vote_routes(world)}
    made, unfilled = [], []
    seen: dict[str, int] = {}
    for key, route, _pattern in patterns():
        if key == "wagtail_serve":
            continue
        # One name on two routes (Wagtail's settings, workflows): the second is "#2".
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        if key in special:
            made += [Address(_named(key, v), route, url) for v, url in special[key]]
            continue
        url = fill(route, _values(world, key))
        if url is None:
            unfilled.append(f"{key} ({route})")
        else:
            made.append(Address(key, route, url))
    for key, page, name, _kwargs in page_routes():
        if key in special:
            made += [Address(_named(key, v), key, url) for v, url in special[key]]
        elif not name:
            made.append(Address(key, key, page.url))
        else:
            unfilled.append(key)
    return made, unfilled


def _named(key: str, variant: str) -> str:
    return f"{key}[{variant}]" if variant else key
