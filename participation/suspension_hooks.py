"""Admin wiring for suspensions (imported by wagtail_hooks.py): the senior moderators'
screens, a button beside each account in the users list, and the log's wording."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import ListingButton

import config.ids  # noqa: F401  (registers the "id" path converter used below)
from participation.services.suspension import SUSPEND_ACTION, UNSUSPEND_ACTION
from participation.views import suspension


class SuspensionViewSet(ViewSet):
    name = "participation_suspensions"
    url_prefix = "participants/suspensions"
    icon = "warning"
    menu_label = "Suspensions"
    add_to_admin_menu = True
    menu_order = 310

    def get_urlpatterns(self):
        return [
            path("", suspension.suspension_list, name="list"),
            path("<id:user_id>/", suspension.participant_suspension, name="participant"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: suspension.can_suspend(request.user)
        return item


@hooks.register("register_admin_viewset")
def register_suspension_viewset():
    return SuspensionViewSet()


@hooks.register("register_user_listing_buttons")
def suspension_button(user, request_user):
    if not suspension.can_suspend(request_user) or user.is_staff or user.is_superuser:
        return []
    label = "Lift suspension" if user.suspended_at else "Suspend"
    url = reverse("participation_suspensions:participant", args=[user.pk])
    return [ListingButton(label, url, priority=50)]


@hooks.register("register_log_actions")
def register_suspension_log_actions(actions):
    actions.register_action(SUSPEND_ACTION, "Suspend participant", "Participant suspended")
    actions.register_action(UNSUSPEND_ACTION, "Lift suspension", "Suspension lifted")
