"""Create the roles as groups. Their permissions are added by cms.roles after migrate.

Wagtail's starter groups ("Moderators", "Editors") are removed while nobody belongs to
them: here "moderator" means a volunteer working the moderation queue, and two
groups with near-identical names would invite the wrong grant.
"""

from django.db import migrations

ROLE_NAMES = ("Volunteer moderator", "Senior moderator", "Policy team")
WAGTAIL_STARTER_GROUPS = ("Moderators", "Editors")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)
    Group.objects.filter(name__in=WAGTAIL_STARTER_GROUPS, user__isnull=True).delete()


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
