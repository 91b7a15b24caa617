"""Admin wiring for resetting a staff member's two-step log-in (imported by
wagtail_hooks.py): the screen, and a button beside each staff account in the users list
for administrators."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

import config.ids  # noqa: F401  (registers the "id" path converter used below)
from participation import staff_mfa
from participation.views import two_step_admin


@hooks.register("register_admin_urls")
def two_step_reset_urls():
    return [
        path(
            "users/<id:user_id>/two-step-reset/",
            two_step_admin.two_step_reset,
            name="participation_two_step_reset",
        )
    ]


@hooks.register("register_user_listing_buttons")
def two_step_reset_button(user, request_user):
    if not request_user.is_superuser or user.pk == request_user.pk:
        return []
    if not staff_mfa.is_staff_member(user):
        return []
    url = reverse("participation_two_step_reset", args=[user.pk])
    return [ListingButton("Reset two-step log-in", url, priority=60)]
