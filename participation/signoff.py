"""Sign-off: page types that go live only after two people have approved them.

A campaign vote (`CampaignVotePage`) and a campaign (`cms.CampaignPage`) speak for
the charity to young people, so publishing one takes the "Campaign sign-off"
workflow: the policy team reviews it, then a senior moderator approves it, and that
last approval publishes it. Only administrators (superusers) publish them directly.

The rule is on the models (`SignOffRequiredMixin`), so every way of publishing meets
it: the editor's Publish button, bulk actions, copying, and code that calls
`revision.publish(user=...)`. Code that publishes with no user at all (the demo
data command, a data migration) runs with shell access and is trusted like an
administrator. It lives here, below cms, because both apps' page types use it and
dependencies point cms → participation.

The workflow is found by its name, which the data migration cms 0006 gives it: rename
it and these pages have no workflow, so only administrators can publish them (it
fails closed). Change its steps by editing its tasks, not its name.
"""

from __future__ import annotations

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import PagePermissionTester, TaskState, Workflow, WorkflowState

SIGN_OFF_WORKFLOW = "Campaign sign-off"

REFUSAL = (
    "This page goes live after sign-off: submit it to “Campaign sign-off” so the policy "
    "team and a senior moderator can approve it. Only administrators publish it directly."
)


def may_publish_directly(user) -> bool:
    """Administrators only: everyone else's publishing goes through sign-off."""
    return bool(user and user.is_active and user.is_superuser)


def sign_off_workflow() -> Workflow | None:
    return Workflow.objects.filter(name=SIGN_OFF_WORKFLOW, active=True).first()


def signed_off(page, revision, user) -> bool:
    """Whether `user` has just given the last approval of the sign-off workflow, after
    `revision` was made: that approval publishes it. A revision made later (an edit
    after sign-off) is not covered and needs signing off again."""
    workflow = sign_off_workflow()
    if workflow is None or user is None:
        return False
    state = (
        WorkflowState.objects.for_instance(page)
        .filter(workflow=workflow, status=WorkflowState.STATUS_APPROVED)
        .order_by("-pk")
        .first()
    )
    if state is None:
        return False
    last = (
        state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    return bool(
        last is not None
        and last.finished_by_id == user.pk
        and last.finished_at is not None
        and last.finished_at >= revision.created_at
    )


class SignOffPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, less the right to publish for everyone but
    administrators. Taking a page down stays with whoever could publish before, so a
    page with a problem can come off the site at once."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if hasattr(self, "permissions"):  # set for active users who aren't superusers
            self.could_publish = "publish" in self.permissions
            self.permissions = self.permissions - {"publish"}

    def can_unpublish(self):
        if not self.user.is_active or not self.page.live or self.page_locked():
            return False
        return self.user.is_superuser or self.could_publish


class SignOffRequiredMixin:
    """For page models that must pass the sign-off workflow, wherever they are in the
    page tree (a workflow assigned to a part of the tree cannot replace it)."""

    def permissions_for_user(self, user):
        return SignOffPermissionTester(user, self)

    def get_workflow(self):
        return sign_off_workflow()

    @property
    def has_workflow(self) -> bool:
        return self.get_workflow() is not None

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        if user is not None and not skip_permission_checks and not may_publish_directly(user):
            if not signed_off(self, revision, user):
                raise PublishPagePermissionError(REFUSAL)
            # The approvals were the permission: the last approver needs no publish right.
            skip_permission_checks = True
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )
