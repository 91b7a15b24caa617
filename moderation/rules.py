"""Who may do what in moderation (django-rules predicates over Django permissions).

Roles hold these permissions by codename (see `cms/roles.py`); nothing here names a
group. Administrators (superusers) hold every permission.
"""

import rules

VIEW_QUEUE = "moderation.view_queue"
WORK_QUEUE = "moderation.work_queue"
VIEW_ESCALATIONS = "moderation.view_escalations"
DECIDE_ESCALATION = "moderation.decide_escalation"
VIEW_ORIGINAL = "moderation.view_original"
VIEW_AUDIT_LOG = "moderation.view_auditentry"
VIEW_VOLUNTEER_FIGURES = "moderation.view_volunteer_figures"
MANAGE_CASES = "moderation.manage_cases"
BULK_DECIDE = "moderation.bulk_decide"


def _has(permission: str):
    @rules.predicate(name=f"has {permission}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))

    return predicate


can_view_queue = _has(VIEW_QUEUE)
can_work_queue = _has(WORK_QUEUE)
can_view_escalations = _has(VIEW_ESCALATIONS)
can_decide_escalations = _has(DECIDE_ESCALATION)
can_view_original = _has(VIEW_ORIGINAL)
can_view_audit_log = _has(VIEW_AUDIT_LOG)
can_view_volunteer_figures = _has(VIEW_VOLUNTEER_FIGURES)
can_manage_cases = _has(MANAGE_CASES)
can_bulk_decide = _has(BULK_DECIDE)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_author(user, item) -> bool:
    return item is not None and user.is_authenticated and item.author_id == user.pk


@rules.predicate
def is_escalated(user, item) -> bool:
    from moderation.models import Status

    return item is not None and item.status == Status.ESCALATED


@rules.predicate
def is_public_item(user, item) -> bool:
    return item is not None and item.is_public


# Deciding (approve, reject, escalate, redact, claim): volunteers work everything but
# escalations, which need a senior moderator.
can_decide = can_work_queue & (~is_escalated | can_decide_escalations)
can_report = is_signed_in & ~is_author

# Seeing an item, on every surface (the public site, lists, counts, the admin): what is
# public is for everyone; anything else (waiting, not approved, hidden after reports)
# for its author and those who see the queue; an escalation for its author and senior
# moderators (and the policy team, who see escalations but decide nothing).
# `moderation.selectors.visible_to` is the same rule as a queryset filter.
can_view = (
    is_public_item
    | (is_signed_in & is_author)
    | (can_view_queue & ~is_escalated)
    | (can_view_escalations & is_escalated)
)

rules.add_perm("moderation.decide_item", can_decide)
rules.add_perm("moderation.report_item", can_report)
rules.add_perm("moderation.view_item", can_view)
