"""What the senior moderators' admin screens share (linked accounts, suspensions): a
viewset whose URLs are listed as routes and whose menu item shows only to those who
may use the screen."""

from collections.abc import Callable

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet


class StaffScreenViewSet(ViewSet):
    add_to_admin_menu = True
    # (route, view, name) for each of the screen's URLs.
    routes: tuple[tuple[str, Callable, str], ...] = ()

    @staticmethod
    def may_see(user) -> bool:
        """Whether `user` sees the screen in the menu (the views check it again)."""
        return False

    def get_urlpatterns(self):
        return [path(route, view, name=name) for route, view, name in self.routes]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: self.may_see(request.user)
        return item


def register_staff_screen(viewset_class: type[StaffScreenViewSet]) -> None:
    hooks.register("register_admin_viewset", viewset_class)
