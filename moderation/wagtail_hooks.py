"""The moderation admin: viewsets, and a "Moderation" menu with live queue counts."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.snippets.models import register_snippet

from moderation import rules as moderation_rules
from moderation.selectors import queue_counts
from moderation.viewsets import (
    HouseRuleReasonViewSet,
    SafeguardingActionTypeViewSet,
    audit_log_viewset,
    moderation_viewset,
    team_viewset,
)

register_snippet(HouseRuleReasonViewSet)
register_snippet(SafeguardingActionTypeViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [moderation_viewset, audit_log_viewset, team_viewset]


@hooks.register("register_permissions")
def moderation_permissions():
    """Let administrators grant the moderation permissions in the admin's group editor."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="moderation", content_type__model="moderationitem"
    )


def _counts(request):
    """Both menu counts come from one pair of capped queries per request."""
    if not hasattr(request, "_moderation_queue_counts"):
        request._moderation_queue_counts = queue_counts(request.user)
    return request._moderation_queue_counts


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url_name, *, predicate, url_args=(), **kwargs):
        self.url_name = url_name
        self.url_args = url_args
        self.predicate = predicate
        super().__init__(label, "", **kwargs)

    def is_shown(self, request):
        return self.predicate(request.user)

    def render_component(self, request):
        self.url = reverse(self.url_name, args=self.url_args)
        return super().render_component(request)


class CountedMenuItem(PermissionMenuItem):
    """A menu entry whose label carries a live count, e.g. "Queue (12)"."""

    def __init__(self, label, url_name, *, count, count_label="waiting", **kwargs):
        self.count = count
        self.count_label = count_label
        super().__init__(label, url_name, **kwargs)

    def render_component(self, request):
        counts = _counts(request)
        number = self.count(counts)
        return LinkMenuItemComponent(
            self.name,
            f"{self.label} ({counts.label(number)})",
            reverse(self.url_name),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs={
                **self.attrs,
                "aria-label": f"{self.label}: {counts.label(number)} {self.count_label}",
            },
        )


def _can_edit_screening(user) -> bool:
    return user.is_active and user.has_perm("moderation.change_screeningsettings")


def _can_edit_house_rules(user) -> bool:
    return user.is_active and (
        user.has_perm("moderation.change_houserulereason")
        or user.has_perm("moderation.add_houserulereason")
    )


def _can_edit_safeguarding_actions(user) -> bool:
    return user.is_active and user.has_perm("moderation.change_safeguardingactiontype")


def _can_edit_teams(user) -> bool:
    return user.is_active and user.has_perm("moderation.change_team")


@hooks.register("register_admin_menu_item")
def register_moderation_menu():
    items = [
        CountedMenuItem(
            "Queue",
            "moderation_admin:item-list",
            predicate=moderation_rules.can_view_queue,
            count=lambda counts: counts.queue,
            icon_name="tasks",
            order=100,
        ),
        CountedMenuItem(
            "Escalations",
            "moderation_admin:escalation-list",
            predicate=moderation_rules.can_view_escalations,
            count=lambda counts: counts.escalations,
            icon_name="warning",
            order=200,
        ),
        CountedMenuItem(
            "Safeguarding cases",
            "moderation_admin:case-list",
            predicate=moderation_rules.can_manage_cases,
            count=lambda counts: counts.cases_due,
            count_label="due",
            icon_name="warning",
            order=250,
        ),
        PermissionMenuItem(
            "Who is on now",
            "moderation_admin:on-shift",
            predicate=moderation_rules.can_view_queue,
            icon_name="group",
            order=280,
        ),
        PermissionMenuItem(
            "Figures",
            "moderation_admin:metrics",
            predicate=moderation_rules.can_view_queue,
            icon_name="table",
            order=300,
        ),
        PermissionMenuItem(
            "Audit log",
            "moderation_audit:index",
            predicate=moderation_rules.can_view_audit_log,
            icon_name="history",
            order=400,
        ),
        PermissionMenuItem(
            "House rules",
            "wagtailsnippets_moderation_houserulereason:list",
            predicate=_can_edit_house_rules,
            icon_name="list-ul",
            order=500,
        ),
        PermissionMenuItem(
            "Safeguarding actions",
            "wagtailsnippets_moderation_safeguardingactiontype:list",
            predicate=_can_edit_safeguarding_actions,
            icon_name="list-ul",
            order=550,
        ),
        PermissionMenuItem(
            "Teams",
            "moderation_teams:index",
            predicate=_can_edit_teams,
            icon_name="group",
            order=560,
        ),
        PermissionMenuItem(
            "Screening lists",
            "wagtailsettings:edit",
            url_args=("moderation", "screeningsettings"),
            predicate=_can_edit_screening,
            icon_name="cog",
            order=600,
        ),
    ]
    return SubmenuMenuItem(
        "Moderation", Menu(items=items), name="moderation", icon_name="tasks", order=150
    )
