"""The roles people hold, as Django groups, and what each may do in the admin.

Groups are created by a data migration (cms/migrations/0002_roles.py). After every
migrate, `sync_role_permissions` adds the permissions written down here; it never
removes one, so an administrator's deliberate extra grant survives. Superusers are
the administrators: they alone manage users, groups and site settings, because those
control who can see young people's words and which helplines are shown.
"""

VOLUNTEER_MODERATOR = "Volunteer moderator"
SENIOR_MODERATOR = "Senior moderator"
POLICY_TEAM = "Policy team"
ROLE_NAMES = (VOLUNTEER_MODERATOR, SENIOR_MODERATOR, POLICY_TEAM)

# Model permissions, "app_label.codename". Later features add their own rows here.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VOLUNTEER_MODERATOR: (
        "wagtailadmin.access_admin",
        # Moderation: work the queue.
        "moderation.view_queue",
        "moderation.work_queue",
    ),
    SENIOR_MODERATOR: (
        "wagtailadmin.access_admin",
        # Moderation: the queue, escalations, safeguarding cases, bulk decisions,
        # redacted originals, the audit log, and the screening lists and house-rule
        # reasons. Per-volunteer figures are for team leads (of their own team) and
        # administrators, not for every senior moderator.
        "moderation.view_queue",
        "moderation.work_queue",
        "moderation.view_escalations",
        "moderation.decide_escalation",
        "moderation.manage_cases",
        "moderation.bulk_decide",
        "moderation.view_original",
        "moderation.view_auditentry",
        "moderation.change_screeningsettings",
        "moderation.view_safeguardingactiontype",
        "moderation.add_safeguardingactiontype",
        "moderation.change_safeguardingactiontype",
        "moderation.view_houserulereason",
        "moderation.add_houserulereason",
        "moderation.change_houserulereason",
    ),
    POLICY_TEAM: (
        "wagtailadmin.access_admin",
        # Campaigns: start one from a vote's winner. Publishing one needs sign-off.
        "cms.start_campaign",
        "participation.change_round",
        "participation.change_nomination",
        "evidence.add_topic",
        "evidence.change_topic",
        # Evidence: channels, statistics imports, and snippets with drafts and locking.
        "evidence.add_channel",
        "evidence.change_channel",
        "evidence.view_channelstatistic",
        "evidence.add_statisticsimport",
        "evidence.view_statisticsimport",
        "evidence.add_evidencesnippet",
        "evidence.change_evidencesnippet",
        "evidence.delete_evidencesnippet",
        "evidence.publish_evidencesnippet",
        "evidence.lock_evidencesnippet",
        "evidence.unlock_evidencesnippet",
        # Moderation: sees the queue and escalations, decides nothing, hears policy
        # questions. Not safeguarding cases, nor volunteers' own figures.
        "moderation.view_queue",
        "moderation.view_escalations",
        "moderation.view_original",
        "moderation.view_auditentry",
        "moderation.hear_policy_questions",
        # Page feedback: usefulness by page, and the comments moderators approved.
        "cms.view_page_feedback",
    ),
}

# Wagtail page permissions the policy team holds on the whole page tree.
POLICY_TEAM_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)
# Wagtail collection permissions (images and documents) on the root collection.
POLICY_TEAM_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)


def _permission(label: str):
    from django.contrib.auth.models import Permission

    app_label, codename = label.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def sync_role_permissions(**kwargs) -> None:
    """Give each role the permissions listed above (add-only, idempotent)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches this app before the apps listed after it have their
    # permissions; make them all now so every row above can be granted.
    using = kwargs.get("using", "default")
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    # Snippets' publish, lock and unlock permissions come from Wagtail's own
    # post_migrate handler, which may not have run yet either.
    from wagtail.snippets.models import create_extra_permissions

    create_extra_permissions(apps.get_app_config("wagtailsnippets"), using=using)
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_NAMES)}
    for name, labels in ROLE_PERMISSIONS.items():
        if name not in groups:
            continue
        permissions = [p for p in (_permission(label) for label in labels) if p is not None]
        groups[name].permissions.add(*permissions)

    policy_team = groups.get(POLICY_TEAM)
    root_page = Page.get_first_root_node()
    if policy_team and root_page:
        page_type = ContentType.objects.get_for_model(Page)
        for codename in POLICY_TEAM_PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type=page_type, codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=policy_team, page=root_page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    if policy_team and root_collection:
        for label in POLICY_TEAM_COLLECTION_PERMISSIONS:
            if permission := _permission(label):
                GroupCollectionPermission.objects.get_or_create(
                    group=policy_team, collection=root_collection, permission=permission
                )
