"""Admin wiring for duplicate-account signals (imported by wagtail_hooks.py): the senior
moderators' "Linked accounts" screen, its menu item, and the log's wording."""

from participation.services.audit import register_log_actions
from participation.services.signals import DISMISS_ACTION
from participation.staff_screens import StaffScreenViewSet, register_staff_screen
from participation.views import linked_accounts


class LinkedAccountsViewSet(StaffScreenViewSet):
    name = "participation_linked_accounts"
    url_prefix = "participants/linked-accounts"
    icon = "group"
    menu_label = "Linked accounts"
    menu_order = 320
    routes = (
        ("", linked_accounts.linked_account_list, "list"),
        ("dismiss/", linked_accounts.linked_accounts_dismiss, "dismiss"),
    )
    may_see = staticmethod(linked_accounts.can_see)


register_staff_screen(LinkedAccountsViewSet)
register_log_actions(
    {DISMISS_ACTION: ("Dismiss linked accounts", "Linked-accounts flag dismissed")}
)
