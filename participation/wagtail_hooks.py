from wagtail import hooks

from participation.viewsets import participation_viewset


@hooks.register("register_admin_viewset")
def register_viewsets():
    return participation_viewset


# Senior moderators' screens, with their menu items and log wording: suspensions (and
# the users-list button), and duplicate-account signals ("Linked accounts"); and the
# administrators' reset of a staff member's two-step log-in.
from participation import (  # noqa: E402
    linked_accounts_hooks,  # noqa: F401
    suspension_hooks,  # noqa: F401
    two_step_hooks,  # noqa: F401
)
