"""Wagtail admin viewsets: the queue, the read-only audit log, and the house-rule reasons."""

from django.urls import path
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from moderation.models import AuditEntry, HouseRuleReason, SafeguardingActionType, Team
from moderation.views import cases, items, queue, teams


class ModerationViewSet(ViewSet):
    """The volunteer's screens: queue, escalations, one item, decisions, figures."""

    name = "moderation_admin"
    url_prefix = "moderation"
    icon = "tasks"

    def get_urlpatterns(self):
        return [
            path("", queue.QueueView.as_view(), name="item-list"),
            path("escalations/", queue.QueueView.as_view(escalations=True), name="escalation-list"),
            path("next/", queue.item_claim_next, name="item-claim-next"),
            path("metrics/", queue.MetricsView.as_view(), name="metrics"),
            path("items/<id:pk>/", items.ItemDetailView.as_view(), name="item-detail"),
            path("items/<id:pk>/claim/", items.item_claim, name="item-claim"),
            path("items/<id:pk>/release/", items.item_release, name="item-release"),
            path("items/<id:pk>/approve/", items.item_approve, name="item-approve"),
            path("items/<id:pk>/reject/", items.item_reject, name="item-reject"),
            path("items/<id:pk>/escalate/", items.item_escalate, name="item-escalate"),
            path("items/<id:pk>/redact/", items.item_redact, name="item-redact"),
            path("items/<id:pk>/clear-risk/", items.item_clear_risk, name="item-clear-risk"),
            path("items/<id:pk>/open-case/", items.item_open_case, name="item-open-case"),
            path("bulk/", teams.items_bulk, name="item-bulk"),
            path("cases/", cases.CaseListView.as_view(), name="case-list"),
            path("cases/<id:pk>/", cases.CaseDetailView.as_view(), name="case-detail"),
            path("cases/<id:pk>/record/", cases.case_record, name="case-record"),
            path("cases/<id:pk>/message/", cases.case_message, name="case-message"),
            path("shift/start/", teams.shift_start, name="shift-start"),
            path("shift/end/", teams.shift_end, name="shift-end"),
            path("shift/break/", teams.shift_break, name="shift-break"),
            path("on-shift/", teams.OnShiftView.as_view(), name="on-shift"),
            path("talk/", teams.SupportRequestView.as_view(), name="support-request"),
        ]

    def on_register(self):
        # The menu entries (with live counts) are registered in wagtail_hooks.py.
        pass


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing needs the view permission; adding, changing and deleting nobody may do,
    administrators included."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class AuditLogIndexView(IndexView):
    any_permission_required = ["view"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor")


class AuditLogInspectView(InspectView):
    any_permission_required = ["view"]


register_permission_policy(AuditEntry, ReadOnlyPermissionPolicy(AuditEntry))


def _actor_name(entry: AuditEntry) -> str:
    return str(entry.actor) if entry.actor_id else "The system"


class AuditLogViewSet(ModelViewSet):
    """The audit log: a list and a detail page, nothing that could change an entry."""

    model = AuditEntry
    name = "moderation_audit"
    url_prefix = "moderation/audit-log"
    icon = "history"
    menu_label = "Audit log"
    add_to_admin_menu = False
    add_to_reference_index = False  # entries point at nothing editable
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AuditLogIndexView
    inspect_view_class = AuditLogInspectView
    list_per_page = 50
    list_filter = ["action", "status_after"]
    list_export = [
        "created_at",
        "action",
        "actor_id",
        "item_id",
        "status_before",
        "status_after",
        "reason_code",
        "wait_seconds",
    ]
    list_display = [
        DateColumn("created_at", label="When"),
        Column("get_action_display", label="What"),
        Column("actor", label="Who", accessor=_actor_name),
        Column("item_id", label="Item"),
        Column("status_before", label="Before"),
        Column("status_after", label="After"),
        Column("reason", label="Reason"),
    ]
    inspect_view_fields = [
        "created_at",
        "action",
        "actor",
        "item",
        "content_type",
        "object_id",
        "status_before",
        "status_after",
        "reason_code",
        "reason",
        "note_to_author",
        "detail",
        "wait_seconds",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, copy, history or usage views exist for the audit log.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "copy_url_name",
            "history_url_name",
            "usage_url_name",
        ):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
        ]


class HouseRuleReasonViewSet(SnippetViewSet):
    model = HouseRuleReason
    icon = "list-ul"
    menu_label = "House rules"
    add_to_admin_menu = False
    list_display = ["label", "code", "message_to_author", "is_active"]
    copy_view_enabled = False


class SafeguardingActionTypeViewSet(SnippetViewSet):
    model = SafeguardingActionType
    icon = "list-ul"
    menu_label = "Safeguarding actions"
    add_to_admin_menu = False
    list_display = ["label", "code", "needs_note", "is_active"]
    copy_view_enabled = False


class TeamViewSet(ModelViewSet):
    """Teams, their leads and volunteers: administrators set them up."""

    model = Team
    icon = "group"
    menu_label = "Teams"
    add_to_admin_menu = False
    url_prefix = "moderation/teams"
    name = "moderation_teams"
    list_display = ["name", "lead", "risk_items_per_shift", "break_after_minutes", "is_active"]
    copy_view_enabled = False
    inspect_view_enabled = False


moderation_viewset = ModerationViewSet()
team_viewset = TeamViewSet()
audit_log_viewset = AuditLogViewSet()
