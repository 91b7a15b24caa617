"""The house-rule reasons and screening lists the site starts with.

Copied from moderation/screening_defaults.py as they are today; senior moderators
change them in the admin afterwards, and a later change to that file does not
overwrite their edits.
"""

from django.db import migrations

REASONS = (
    (
        "personal-details",
        "Personal details",
        "it included personal details, like a phone number, address or school, "
        "that could let someone find you",
    ),
    ("unkind", "Unkind or hurtful", "some of it could hurt or upset other people"),
    (
        "language",
        "Swearing or offensive language",
        "it used language that isn't allowed on the Listening Hub",
    ),
    ("off-topic", "Not about this topic", "it doesn't seem to be about this topic"),
    (
        "advertising",
        "Advertising or spam",
        "it looks like advertising or a link to somewhere else",
    ),
    ("not-understood", "Hard to understand", "we couldn't quite understand it"),
    (
        "duplicate",
        "Already said",
        "someone has already made the same point, so you could add your voice to theirs",
    ),
    ("illegal", "Breaks the law", "it may break the law"),
)


def create_defaults(apps, schema_editor):
    HouseRuleReason = apps.get_model("moderation", "HouseRuleReason")
    for order, (code, label, message) in enumerate(REASONS):
        HouseRuleReason.objects.get_or_create(
            code=code,
            defaults={"label": label, "message_to_author": message, "sort_order": order},
        )
    ScreeningSettings = apps.get_model("moderation", "ScreeningSettings")
    if not ScreeningSettings.objects.exists():
        ScreeningSettings.objects.create()  # every list takes its default


def remove_defaults(apps, schema_editor):
    apps.get_model("moderation", "ScreeningSettings").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
