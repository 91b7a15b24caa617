from wagtail import hooks

from participation.viewsets import participation_viewset


@hooks.register("register_admin_viewset")
def register_viewsets():
    return participation_viewset
