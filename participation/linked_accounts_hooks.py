"""Admin wiring for duplicate-account signals (imported by wagtail_hooks.py): the senior
moderators' "Linked accounts" screen, its menu item, and the log's wording."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet

from participation.services.signals import DISMISS_ACTION
from participation.views import linked_accounts


class LinkedAccountsViewSet(ViewSet):
    name = "participation_linked_accounts"
    url_prefix = "participants/linked-accounts"
    icon = "group"
    menu_label = "Linked accounts"
    add_to_admin_menu = True
    menu_order = 320

    def get_urlpatterns(self):
        return [
            path("", linked_accounts.linked_account_list, name="list"),
            path("dismiss/", linked_accounts.linked_accounts_dismiss, name="dismiss"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: linked_accounts.can_see(request.user)
        return item


@hooks.register("register_admin_viewset")
def register_linked_accounts_viewset():
    return LinkedAccountsViewSet()


@hooks.register("register_log_actions")
def register_linked_accounts_log_actions(actions):
    actions.register_action(
        DISMISS_ACTION, "Dismiss linked accounts", "Linked-accounts flag dismissed"
    )
