"""Admin wiring for suspensions (imported by wagtail_hooks.py): the senior moderators'
screens, a button beside each account in the users list, and the log's wording."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

import config.ids  # noqa: F401  (registers the "id" path converter used below)
from participation.services.audit import register_log_actions
from participation.services.suspension import SUSPEND_ACTION, UNSUSPEND_ACTION
from participation.staff_screens import StaffScreenViewSet, register_staff_screen
from participation.views import suspension


class SuspensionViewSet(StaffScreenViewSet):
    name = "participation_suspensions"
    url_prefix = "participants/suspensions"
    icon = "warning"
    menu_label = "Suspensions"
    menu_order = 310
    routes = (
        ("", suspension.suspension_list, "list"),
        ("<id:user_id>/", suspension.participant_suspension, "participant"),
    )
    may_see = staticmethod(suspension.can_suspend)


register_staff_screen(SuspensionViewSet)


@hooks.register("register_user_listing_buttons")
def suspension_button(user, request_user):
    if not suspension.can_suspend(request_user) or user.is_staff or user.is_superuser:
        return []
    label = "Lift suspension" if user.suspended_at else "Suspend"
    url = reverse("participation_suspensions:participant", args=[user.pk])
    return [ListingButton(label, url, priority=50)]


register_log_actions(
    {
        SUSPEND_ACTION: ("Suspend participant", "Participant suspended"),
        UNSUSPEND_ACTION: ("Lift suspension", "Suspension lifted"),
    }
)
